package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/reporters"
)

// k8sJob is the part of a Kubernetes Job the recipe test reads.
type k8sJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Suspend        bool   `yaml:"suspend"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name    string   `yaml:"name"`
					Command []string `yaml:"command"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// recipeCommands reads the Kubernetes recipe: the shard Job's command and
// the merge Job's, checking the fields that make it an Indexed Job of 4.
func recipeCommands(t *testing.T) (shard, merge []string) {
	t.Helper()
	b, err := os.ReadFile("deploy/kubernetes/indexed-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(false)
	for {
		var j k8sJob
		if err := dec.Decode(&j); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("indexed-job.yaml: %v", err)
		}
		if j.APIVersion != "batch/v1" || j.Kind != "Job" || len(j.Spec.Template.Spec.Containers) != 1 || j.Spec.Template.Spec.RestartPolicy != "Never" {
			t.Fatalf("indexed-job.yaml: %s is not a batch/v1 Job of one container that never restarts", j.Metadata.Name)
		}
		cmd := j.Spec.Template.Spec.Containers[0].Command
		switch {
		case j.Spec.CompletionMode == "Indexed":
			if j.Spec.Completions != 4 || j.Spec.Parallelism != 4 {
				t.Errorf("shard Job: completions %d, parallelism %d, want 4 and 4", j.Spec.Completions, j.Spec.Parallelism)
			}
			shard = cmd
		case j.Spec.Suspend:
			merge = cmd
		default:
			t.Fatalf("indexed-job.yaml: Job %s is neither the Indexed shard Job nor the suspended merge Job", j.Metadata.Name)
		}
	}
	if shard == nil || merge == nil {
		t.Fatal("indexed-job.yaml: want an Indexed Job and a merge Job")
	}
	if !slices.Contains(shard, "$(JOB_COMPLETION_INDEX)/4") {
		t.Errorf("shard command %q does not pass --shard $(JOB_COMPLETION_INDEX)/4", shard)
	}
	return shard, merge
}

// workflowCommands reads the GitHub Actions recipe: the scan and merge
// steps' command lines, with the matrix of shards.
func workflowCommands(t *testing.T) (shard, merge string, matrix []int) {
	t.Helper()
	b, err := os.ReadFile("deploy/github-actions/shard-matrix.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Needs    any `yaml:"needs"`
			Strategy struct {
				Matrix struct {
					Shard []int `yaml:"shard"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []struct {
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("shard-matrix.yml: %v", err)
	}
	scan, ok1 := wf.Jobs["scan"]
	mj, ok2 := wf.Jobs["merge"]
	if !ok1 || !ok2 || mj.Needs != "scan" {
		t.Fatalf("shard-matrix.yml: want a scan job and a merge job that needs it")
	}
	for _, s := range scan.Steps {
		if strings.HasPrefix(s.Run, "bin/crmscan scan ") {
			shard = strings.TrimSuffix(s.Run, " || test $? -eq 3")
		}
		if strings.HasPrefix(s.Uses, "actions/upload-artifact") && s.With["path"] != "reports/shard-${{ matrix.shard }}.json" {
			t.Errorf("scan job uploads %q, not the shard's report", s.With["path"])
		}
	}
	for _, s := range mj.Steps {
		if strings.HasPrefix(s.Run, "bin/crmscan merge ") {
			merge = s.Run
		}
	}
	if shard == "" || merge == "" {
		t.Fatal("shard-matrix.yml: no 'bin/crmscan scan' or 'bin/crmscan merge' step")
	}
	return shard, merge, scan.Strategy.Matrix.Shard
}

// The shard test (issue 18): the demo folder and the Chinook SQLite
// database scanned as 4 shards, by 4 processes running the Kubernetes
// recipe's command line, and joined by its merge command, give the report
// of one run, apart from the timings. The GitHub Actions recipe runs the
// same command lines.
func TestShardsMergeEqualsOneRun(t *testing.T) {
	inRepo(t)
	db := testutil.ChinookSQLite(t, "testdata/db/chinook_sqlite.sql")
	reports := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The recipes' paths, mapped onto the test's.
	paths := strings.NewReplacer("/data/crm", "testdata/crm", "/data/chinook.db", db, "/reports/", reports+"/")
	k8s := func(cmd []string, index int) []string {
		if cmd[0] != "crmscan" {
			t.Fatalf("recipe command %q does not run crmscan", cmd)
		}
		var out []string
		for _, a := range cmd[1:] {
			a = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(index))
			out = append(out, paths.Replace(a))
		}
		return out
	}
	shardCmd, mergeCmd := recipeCommands(t)

	// The GitHub Actions recipe: the same command lines, with its paths.
	ghShard, ghMerge, matrix := workflowCommands(t)
	if !slices.Equal(matrix, []int{0, 1, 2, 3}) {
		t.Errorf("workflow matrix %v, want shards 0..3", matrix)
	}
	gh := func(line string, index int) []string {
		var out []string
		for _, a := range strings.Fields(strings.ReplaceAll(line, "${{ matrix.shard }}", strconv.Itoa(index)))[1:] {
			a = strings.NewReplacer("data/crm", "testdata/crm", "data/chinook.db", db).Replace(a)
			if strings.HasPrefix(a, "reports/") {
				a = filepath.Join(reports, strings.TrimPrefix(a, "reports/"))
			} else if strings.HasPrefix(a, "report.") {
				a = filepath.Join(reports, a)
			}
			out = append(out, a)
		}
		return out
	}
	for i := range 4 {
		if g, k := gh(ghShard, i), k8s(shardCmd, i); !slices.Equal(g, k) {
			t.Errorf("shard %d: the workflow runs %q, the Kubernetes Job %q", i, g, k)
		}
	}
	if g, k := gh(ghMerge, 0), k8s(mergeCmd, 0); !slices.Equal(g, k) {
		t.Errorf("merge: the workflow runs %q, the Kubernetes Job %q", g, k)
	}

	crmscanProc := func(args ...string) {
		t.Helper()
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), asCrmscan+"=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("crmscan %q: %v\n%s", args, err, stderr.String())
		}
	}
	// The 4 shards at once, as the Indexed Job's pods run.
	procs := make([]*exec.Cmd, 4)
	errs := make([]*bytes.Buffer, 4)
	for i := range procs {
		procs[i] = exec.Command(exe, k8s(shardCmd, i)...)
		procs[i].Env = append(os.Environ(), asCrmscan+"=1")
		errs[i] = &bytes.Buffer{}
		procs[i].Stderr = errs[i]
		if err := procs[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range procs {
		if err := p.Wait(); err != nil {
			t.Fatalf("shard %d: %v\n%s", i, err, errs[i])
		}
	}
	crmscanProc(k8s(mergeCmd, 0)...)
	one := filepath.Join(reports, "one.json")
	crmscanProc("scan", "--quiet", "-o", one, "testdata/crm", db)

	read := func(p string) *reporters.Report {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var r reporters.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	seen := map[string]int{}
	for i := range 4 {
		r := read(filepath.Join(reports, "shard-"+strconv.Itoa(i)+".json"))
		if r.Scan.Shard == nil || r.Scan.Shard.Index != i || r.Scan.Shard.Count != 4 || r.Scan.Shard.RulesID == "" {
			t.Fatalf("shard %d: scan.shard = %+v", i, r.Scan.Shard)
		}
		for _, s := range r.Sources {
			if s.Kind != "sqlite" {
				seen[s.ID]++
			}
		}
		for _, tb := range r.Scan.Shard.Tables {
			seen[tb.Table]++
		}
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s is in %d shards, want 1", k, n)
		}
	}
	want, got := read(one), read(filepath.Join(reports, "report.json"))
	if got.Scan.Shard != nil {
		t.Errorf("the merged report keeps scan.shard: %+v", got.Scan.Shard)
	}
	if len(want.Findings) < 50 || len(want.Sources) < 10 {
		t.Fatalf("the single run found too little to compare: %d findings, %d sources", len(want.Findings), len(want.Sources))
	}
	for _, r := range []*reporters.Report{want, got} {
		r.Scan.Started, r.Scan.Finished = "", ""
	}
	wb, _ := json.MarshalIndent(want, "", "  ")
	gb, _ := json.MarshalIndent(got, "", "  ")
	if !bytes.Equal(wb, gb) {
		t.Errorf("4 shards merged differ from one run:\n%s", firstDiff(string(wb), string(gb)))
	}
	for _, f := range []string{"report.html", "report.sarif"} {
		if st, err := os.Stat(filepath.Join(reports, f)); err != nil || st.Size() == 0 {
			t.Errorf("merge did not write %s: %v", f, err)
		}
	}
}

// firstDiff shows where two texts part, with a few lines of context.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-5)
			return "one run:\n" + strings.Join(al[lo:min(len(al), i+5)], "\n") + "\nmerged:\n" + strings.Join(bl[lo:min(len(bl), i+5)], "\n")
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}

// The command line: --shard is 0-based and checked; a shard never goes into
// a history; merge names the missing shard and exits 2; a shard that gets
// no unit exits 0.
func TestShardCommandLine(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"scan", "-q", "--shard", "4/4", "testdata/crm"}, "0-based"},
		{[]string{"scan", "-q", "--shard", "1", "testdata/crm"}, "is not i/n"},
		{[]string{"scan", "-q", "--shard", "0/2", "--history", filepath.Join(dir, "h.db"), "testdata/crm"}, "--history"},
	} {
		code, _, stderr := crmscan(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, %q; want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
	// One file in 3 shards: two get nothing and exit 0.
	var files []string
	for i := range 3 {
		out := filepath.Join(dir, "shard-"+strconv.Itoa(i)+".json")
		code, _, stderr := crmscan(t, "scan", "-q", "--shard", strconv.Itoa(i)+"/3", "-o", out, "testdata/crm/products.csv")
		if code != exitOK {
			t.Fatalf("shard %d/3 of one file: exit %d: %s", i, code, stderr)
		}
		files = append(files, out)
	}
	if _, text, _ := crmscan(t, "scan", "-q", "--shard", "1/3", "testdata/crm/products.csv"); !strings.Contains(text, "SHARD 1/3") {
		t.Errorf("the text report of a shard does not say it is one:\n%.300s", text)
	}
	code, _, stderr := crmscan(t, "merge", "-q", "-f", "json", files[0], files[2])
	if code != exitUsage || !strings.Contains(stderr, "shard 1/3 is missing") {
		t.Errorf("merge without shard 1: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := crmscan(t, "merge", "-q", "-f", "json", filepath.Join(dir, "shard-*.json"))
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	_, whole, _ := crmscan(t, "scan", "-q", "-f", "json", "testdata/crm/products.csv")
	if scrub(stdout) != scrub(whole) {
		t.Errorf("3 shards of one file merged differ from one scan:\n%s", firstDiff(scrub(whole), scrub(stdout)))
	}
}
