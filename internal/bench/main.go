// Command bench measures crmscan side by side with the tools that set the
// floor, in one run, and prints a Markdown table (`make bench`):
//
//   - the whole scan of a generated Dutch CRM export shaped like a real one
//     (internal/gen's TypedRow: 23 columns, nearly every one typed, a notes
//     column with free text on most rows), with every rule and with the
//     four detectors of the first version, beside ripgrep counting three
//     simple patterns: wall time (median of interleaved runs), CPU, MB/s,
//     peak RSS and the ratio to ripgrep;
//   - with -xlsx N, a generated shared-strings workbook of N rows;
//   - with -db, a 1,000,000-row contacts table in each database whose URL
//     the environment gives, beside the database's own client exporting
//     it (db.go);
//   - with -ir N alone, the instructions of scanning N MB of the export,
//     counted by valgrind, which repeat where times do not (ir.go);
//   - with -profiles DIR, a CPU profile of the first run of each crmscan
//     command in DIR, which `make pgo` merges into cmd/crmscan/default.pgo,
//     the profile the Go compiler builds crmscan with (profile-guided
//     optimisation). Profiling costs a little: publish the tables of a
//     run without it.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/crmscan/crmscan/internal/gen"
)

// result is one tool's runs on one input.
type result struct {
	name       string
	wall, cpu  []time.Duration
	rss        int64 // KiB, the largest of the runs
	bytes      int64 // input size, for MB/s
	rows       int64 // input rows, for rows/s (0: not shown)
	note       string
	ratioLabel string
}

func (r *result) median() time.Duration { return median(r.wall) }

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == spawnFlag {
		spawnMain(os.Args[2:])
		return
	}
	bin := flag.String("bin", "bin/crmscan", "crmscan binary")
	sizeMB := flag.Int("size", 266, "size of the generated export in MB")
	keep := flag.String("file", "", "use or keep the export at this path instead of a temporary file")
	runs := flag.Int("runs", 3, "interleaved runs of each command; the table shows the median")
	xlsxRows := flag.Int("xlsx", 0, "also time a generated shared-strings workbook of this many rows (0: skip)")
	db := flag.Bool("db", false, "also time a 1,000,000-row contacts table in each database the environment names (db.go)")
	flag.StringVar(&profileDir, "profiles", "", "write a CPU profile of the first run of each crmscan command into this folder (make pgo)")
	irMB := flag.Int("ir", 0, "only count the instructions of scanning this many MB of the export under valgrind (ir.go), and the top functions")
	flag.Parse()
	if *irMB > 0 {
		abs, err := filepath.Abs(*bin)
		check(err)
		benchIR(abs, *irMB, 25)
		return
	}

	dir, err := os.MkdirTemp("", "crmscan-bench")
	check(err)
	defer os.RemoveAll(dir)
	path := *keep
	if path == "" {
		path = filepath.Join(dir, "export.csv")
	}
	if st, err := os.Stat(path); err != nil || st.Size() < int64(*sizeMB)<<20*9/10 {
		check(generate(path, int64(*sizeMB)<<20))
	}
	st, err := os.Stat(path)
	check(err)
	abs, err := filepath.Abs(*bin)
	check(err)
	crmscanBin = abs
	cfg, err := fourDetectors(abs)
	check(err)
	defer os.Remove(cfg)

	all := &result{name: "crmscan scan --full, every rule", bytes: st.Size()}
	four := &result{name: "crmscan scan --full, e-mail, phone, IBAN, BSN", bytes: st.Size()}
	cmds := []struct {
		r   *result
		cmd func() *exec.Cmd
	}{
		{all, func() *exec.Cmd { return exec.Command(abs, "scan", "--full", "--quiet", "-f", "json", path) }},
		{four, func() *exec.Cmd {
			return exec.Command(abs, "scan", "--full", "--quiet", "-f", "json", "--config", cfg, path)
		}},
	}
	var rg *result
	if p, err := exec.LookPath("rg"); err == nil {
		rg = &result{name: "rg", bytes: st.Size(), note: "`rg --count-matches` e-mail, compact IBAN, 06-number"}
		cmds = append(cmds, struct {
			r   *result
			cmd func() *exec.Cmd
		}{rg, func() *exec.Cmd {
			return exec.Command(p, "--count-matches",
				"-e", `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
				"-e", `[A-Z]{2}[0-9]{2}[A-Z]{4}[0-9]{10}`,
				"-e", `06[- ]?[0-9]{8}`, path)
		}})
	} else {
		fmt.Fprintln(os.Stderr, "bench: rg not installed (apt-get install ripgrep): no comparison")
	}
	for i := 0; i < *runs; i++ {
		for _, c := range cmds {
			measureInto(c.r, c.cmd())
		}
	}
	fmt.Printf("Generated Dutch CRM export: %.0f MB, %d columns; median of %d interleaved runs, %d cores.\n\n",
		float64(st.Size())/1e6, len(gen.TypedHeader), *runs, runtime.NumCPU())
	table := []*result{all, four}
	if rg != nil {
		all.ratioLabel, four.ratioLabel = "rg", "rg"
		table = append(table, rg)
	}
	printTable(table, map[string]*result{"rg": rg})

	if *xlsxRows > 0 {
		fmt.Println()
		benchXLSX(abs, *xlsxRows, *runs)
	}
	if *db {
		fmt.Println()
		benchDatabases(abs, *runs)
	}
}

// printTable prints results as a Markdown table; a result with ratioLabel
// shows its median wall time over that floor's.
func printTable(rs []*result, floors map[string]*result) {
	fmt.Println("| command | wall (median) | CPU (median) | MB/s | rows/s | peak RSS | time / floor |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range rs {
		if r == nil || len(r.wall) == 0 {
			continue
		}
		w := r.median()
		mbs, rps := "", ""
		if r.bytes > 0 {
			mbs = fmt.Sprintf("%.0f", float64(r.bytes)/1e6/w.Seconds())
		}
		if r.rows > 0 {
			rps = fmt.Sprintf("%.0f", float64(r.rows)/w.Seconds())
		}
		ratio := ""
		if f := floors[r.ratioLabel]; f != nil && len(f.wall) > 0 && f != r {
			ratio = fmt.Sprintf("%.2f", w.Seconds()/f.median().Seconds())
		}
		name := r.name
		if r.note != "" {
			name += " (" + r.note + ")"
		}
		fmt.Printf("| %s | %.2f s | %.2f s | %s | %s | %.0f MiB | %s |\n", name, w.Seconds(), median(r.cpu).Seconds(), mbs, rps,
			float64(r.rss)/1024, ratio)
	}
}

// fourDetectors writes a config that disables every detector rule but
// e-mail, phone, IBAN and BSN, and returns its path.
func fourDetectors(bin string) (string, error) {
	out, err := exec.Command(bin, "rules", "--format", "json").Output()
	if err != nil {
		return "", err
	}
	var list struct {
		Rules []struct {
			ID       string `json:"id"`
			Detector string `json:"detector"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		return "", err
	}
	keep := map[string]bool{"pii.email": true, "pii.phone": true, "pii.iban": true, "pii.bsn": true}
	f, err := os.CreateTemp("", "crmscan-bench-*.toml")
	if err != nil {
		return "", err
	}
	for _, r := range list.Rules {
		if r.Detector != "" && !keep[r.ID] {
			fmt.Fprintf(f, "[rules.%q]\ndisabled = true\n", r.ID)
		}
	}
	return f.Name(), f.Close()
}

// generate writes the typed export of about size bytes.
func generate(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := gen.New(1).WriteTypedCSV(w, size); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// profileDir is -profiles; crmscanBin the crmscan binary's path, whose
// first run of each command measureInto profiles there; profiles counts
// the profiles written.
var (
	profileDir, crmscanBin string
	profiles               int
)

// measureInto runs a command with its output discarded, through a fresh
// spawner (spawn.go: so that its peak RSS is its own), and adds its wall
// time, CPU time (user and system) and peak resident set size to r.
func measureInto(r *result, cmd *exec.Cmd) {
	if profileDir != "" && cmd.Path == crmscanBin && len(r.wall) == 0 {
		profiles++
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(slices.Clip(cmd.Env), fmt.Sprintf("CRMSCAN_CPUPROFILE=%s", filepath.Join(profileDir, fmt.Sprintf("%02d.prof", profiles))))
	}
	s, err := spawn(cmd)
	check(err)
	if s.exit > 1 || s.exit < 0 {
		check(fmt.Errorf("%s: exit status %d", cmd.Path, s.exit))
	}
	r.wall = append(r.wall, s.wall)
	r.cpu = append(r.cpu, s.cpu)
	r.rss = max(r.rss, s.maxRSS)
}

// cacheDir is where the inputs that take minutes to make are kept between
// runs: the SQLite database and the workbook.
func cacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "crmscan-bench")
	}
	return filepath.Join(os.TempDir(), "crmscan-bench")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
