package merge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/internal/atomicfile"
	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner"
	"github.com/crmscan/crmscan/scanner/fingerprint"
)

func options(t testing.TB) scanner.Options {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return scanner.Options{
		Rules: rs, Key: fingerprint.NewKey([]byte("merge-test-key"), "test"), Version: "test", Workers: 2,
		TableLimit: 10000, Sample: 10000,
		Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) },
	}
}

// defaultRules is the rule set the shards of these tests ran with.
func defaultRules(t testing.TB) *rules.Set {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func scanShards(t *testing.T, opt scanner.Options, n int, targets ...string) []Input {
	t.Helper()
	return scanSome(t, opt, n, seq(n), targets...)
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// scanSome scans the shards given of n.
func scanSome(t *testing.T, opt scanner.Options, n int, shards []int, targets ...string) []Input {
	t.Helper()
	var in []Input
	for _, i := range shards {
		opt.Shard = scanner.Shard{Index: i, Count: n}
		rep, err := scanner.Scan(context.Background(), targets, opt)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: fmt.Sprintf("shard-%d.json", i), Report: roundTrip(t, rep)})
	}
	return in
}

// roundTrip writes and reads a report as JSON, as merge gets it.
func roundTrip(t *testing.T, rep *reporters.Report) *reporters.Report {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.json")
	enc, _ := reporters.Get("json")
	if err := atomicfile.Write(p, 0o644, func(w io.Writer) error { return enc.Encode(w, rep) }); err != nil {
		t.Fatal(err)
	}
	r, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func encode(t *testing.T, r *reporters.Report) string {
	t.Helper()
	c := *r
	c.Scan.Started, c.Scan.Finished = "", ""
	b, err := json.MarshalIndent(&c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// n shards of the demo folder, the Chinook database (whose tables are
// spread over the shards) and a missing file (an error), merged in any
// order, equal the whole scan apart from its timings.
func TestMergeEqualsWholeScan(t *testing.T) {
	db := testutil.ChinookSQLite(t, "../testdata/db/chinook_sqlite.sql")
	targets := []string{"../testdata/crm", db, "../testdata/no-such-export.csv"}
	opt := options(t)
	whole, err := scanner.Scan(context.Background(), targets, opt)
	if err != nil {
		t.Fatal(err)
	}
	whole = roundTrip(t, whole)
	if len(whole.Errors) == 0 {
		t.Fatal("the whole scan has no error to merge")
	}
	want := encode(t, whole)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 3, 5} {
		in := scanShards(t, opt, n, targets...)
		rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		got, err := Merge(in, defaultRules(t))
		if err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		if g := encode(t, got); g != want {
			t.Errorf("%d shards merged differ from the whole scan:\n%s", n, diff(want, g))
		}
	}
}

func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-4)
			return "whole:\n" + strings.Join(al[lo:min(len(al), i+4)], "\n") + "\nmerged:\n" + strings.Join(bl[lo:min(len(bl), i+4)], "\n")
		}
	}
	return "different lengths"
}

// Merge refuses what is not the shards of one scan, and says why.
func TestMergeRefuses(t *testing.T) {
	opt := options(t)
	base := scanShards(t, opt, 3, "../testdata/crm")
	other := func(change func(*scanner.Options), targets ...string) Input {
		o := options(t)
		change(&o)
		if len(targets) == 0 {
			targets = []string{"../testdata/crm"}
		}
		return scanSome(t, o, 3, []int{2}, targets...)[0]
	}
	cases := []struct {
		name string
		in   []Input
		want string
	}{
		{"missing", base[:2], "shard 2/3 is missing"},
		{"two missing", base[:1], "shards 1/3, 2/3 are missing"},
		{"twice", []Input{base[0], base[1], base[1], base[2]}, "shard 1/3 is given twice"},
		{"key", []Input{base[0], base[1], other(func(o *scanner.Options) { o.Key = fingerprint.NewKey([]byte("another"), "test") })}, "fingerprint keys"},
		{"rules", []Input{base[0], base[1], other(func(o *scanner.Options) {
			if err := o.Rules.Apply([]byte("[rules.\"pii.email\"]\nseverity = \"critical\"\n")); err != nil {
				t.Fatal(err)
			}
		})}, "rule sets"},
		{"targets", []Input{base[0], base[1], other(func(*scanner.Options) {}, "../testdata/crm/nl")}, "different targets"},
		{"options", []Input{base[0], base[1], other(func(o *scanner.Options) { o.Exclude = []string{"*.zip"} })}, "different options"},
		{"no shard", []Input{base[0], {Name: "whole.json", Report: &reporters.Report{Schema: reporters.Schema}}}, "whole.json is not a shard report"},
		{"none", nil, "no shard reports"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Merge(c.in, defaultRules(t))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Merge: %v, want an error saying %q", err, c.want)
			}
		})
	}
	// Shards that saw different files: one more file under the target.
	r := *base[1].Report
	sh := *r.Scan.Shard
	sh.Units++
	r.Scan.Shard = &sh
	in := []Input{base[0], {Name: "shard-1.json", Report: &r}, base[2]}
	if _, err := Merge(in, defaultRules(t)); err == nil || !strings.Contains(err.Error(), "different files") {
		t.Errorf("Merge of shards with different unit counts: %v", err)
	}
}

// The checklist of the merged report lists every finding of each step
// and takes the worst status, whichever shard found it.
func TestMergeChecklist(t *testing.T) {
	in := scanShards(t, options(t), 4, "../testdata/crm")
	got, err := Merge(in, defaultRules(t))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range got.Findings {
		if ids[f.ID] {
			t.Errorf("finding ID %s twice", f.ID)
		}
		ids[f.ID] = true
	}
	listed := 0
	for _, c := range got.Checklist {
		for _, id := range c.Findings {
			if !ids[id] {
				t.Errorf("step %d lists %s, which is no finding", c.Step, id)
			}
			listed++
		}
		if (c.Status == "pass") != (len(c.Questions) == 0) {
			t.Errorf("step %d: status %s with %d questions", c.Step, c.Status, len(c.Questions))
		}
	}
	if listed == 0 || got.Summary.Findings != len(got.Findings) {
		t.Errorf("checklist lists %d findings; summary counts %d of %d", listed, got.Summary.Findings, len(got.Findings))
	}
	var buf bytes.Buffer
	for _, f := range reporters.Names() {
		enc, _ := reporters.Get(f)
		buf.Reset()
		if err := enc.Encode(&buf, got); err != nil || buf.Len() == 0 {
			t.Errorf("format %s: %v", f, err)
		}
	}
}

// A live database's tables spread over 4 shards, two of them failing (a
// table the scan role may not read, an ambiguous key): merged, the same as
// one scan, the table errors in table order.
func TestMergeLiveDatabases(t *testing.T) {
	for _, env := range []string{"CRMSCAN_TEST_PG_URL", "CRMSCAN_TEST_MYSQL_URL"} {
		t.Run(env, func(t *testing.T) {
			url := os.Getenv(env)
			if url == "" {
				t.Skipf("%s not set (the CI setup scripts start the server)", env)
			}
			opt := options(t)
			var want, got string
			// A live server may drop a connection under load ("invalid
			// connection" from the MySQL driver): an error in one run and
			// not the other. Such a run is tried once more.
			for try := 0; try < 2; try++ {
				whole, err := scanner.Scan(context.Background(), []string{url}, opt)
				if err != nil {
					t.Fatal(err)
				}
				want = encode(t, roundTrip(t, whole))
				m, err := Merge(scanShards(t, opt, 4, url), opt.Rules)
				if err != nil {
					t.Fatal(err)
				}
				got = encode(t, m)
				if got == want || !strings.Contains(want+got, "invalid connection") {
					break
				}
				t.Logf("try %d: a connection was lost; once more", try+1)
			}
			if got != want {
				t.Errorf("4 shards merged differ from the whole scan:\n%s", diff(want, got))
			}
		})
	}
}

// Merge never panics on reports a user may hand it, however damaged: it
// merges them or says why not.
func FuzzMerge(f *testing.F) {
	f.Add([]byte(`{"schema":"crmscan.report/v1","scan":{"shard":{"index":0,"count":1,"units":1}},"sources":[{"id":"s1","kind":"csv"}],"findings":[{"rule":"pii.email","severity":"high","location":{"source":"s1","table":"t"},"ap_steps":[1]}],"checklist":[{"step":1}]}`),
		[]byte(`{"schema":"crmscan.report/v1","scan":{"shard":{"index":1,"count":2,"units":2,"tables":[{"source":"s2","table":"main.a","index":3}]}},"sources":[{"id":"s2","kind":"sqlite","notes":["table main.a: x"],"error":"table main.a: y"}]}`))
	f.Add([]byte(`{"scan":{"shard":{"index":0,"count":-1}}}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var in []Input
		for i, raw := range [][]byte{a, b} {
			var r reporters.Report
			if json.Unmarshal(raw, &r) != nil {
				return
			}
			in = append(in, Input{Name: fmt.Sprintf("r%d.json", i), Report: &r})
		}
		Merge(in[:1], defaultRules(t))
		Merge(in, defaultRules(t))
	})
}

// The demo exports in a bucket (the local S3 server, Azurite and
// fake-gcs-server that the CI setup starts): each object a unit, 4 shards
// merged equal one scan.
func TestMergeBuckets(t *testing.T) {
	for _, env := range []string{"CRMSCAN_TEST_S3_URL", "CRMSCAN_TEST_AZBLOB_URL", "CRMSCAN_TEST_GCS_URL"} {
		t.Run(env, func(t *testing.T) {
			url := os.Getenv(env)
			if url == "" {
				t.Skipf("%s not set (the CI setup scripts start the server)", env)
			}
			opt := options(t)
			whole, err := scanner.Scan(context.Background(), []string{url}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(whole.Findings) == 0 || len(whole.Sources) < 4 {
				t.Fatalf("the bucket scan found %d findings in %d sources", len(whole.Findings), len(whole.Sources))
			}
			want := encode(t, roundTrip(t, whole))
			m, err := Merge(scanShards(t, opt, 4, url), opt.Rules)
			if err != nil {
				t.Fatal(err)
			}
			if got := encode(t, m); got != want {
				t.Errorf("4 shards of the bucket merged differ from the whole scan:\n%s", diff(want, got))
			}
		})
	}
}
