package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

// readReport decodes a JSON report file.
func readReport(t *testing.T, path string) *reporters.Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep reporters.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

// A scan that read nothing assesses nothing: every step not_assessed in
// the JSON checklist, none shown as in order in HTML, text or Markdown,
// and a banner on the cover that says so (issue 16, item 1).
func TestFailedScanIsNeverGreen(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	html, js := filepath.Join(dir, "r.html"), filepath.Join(dir, "r.json")
	md, txt := filepath.Join(dir, "r.md"), filepath.Join(dir, "r.txt")
	for _, lang := range []string{"en", "nl"} {
		code, _, errOut := crmscan(t, "scan", "-q", "--lang", lang, "-o", html, "-o", js, "-o", md, "-o", txt, filepath.Join(dir, "missing.csv"))
		if code != exitUsage {
			t.Fatalf("%s: exit %d, want %d; stderr: %s", lang, code, exitUsage, errOut)
		}
		rep := readReport(t, js)
		if len(rep.Checklist) != 10 {
			t.Fatalf("%s: checklist has %d steps", lang, len(rep.Checklist))
		}
		for _, c := range rep.Checklist {
			if c.Status != reporters.StatusNotAssessed {
				t.Errorf("%s: step %d is %q, want not_assessed", lang, c.Step, c.Status)
			}
		}
		h, _ := os.ReadFile(html)
		if strings.Contains(string(h), `<td><span class="st st-pass"`) {
			t.Errorf("%s: the HTML shows a step as pass", lang)
		}
		if !strings.Contains(string(h), `id="coverage-banner"`) {
			t.Errorf("%s: the HTML cover has no banner saying nothing was assessed", lang)
		}
		pass := map[string]string{"en": "pass", "nl": "in orde"}[lang]
		for _, f := range []string{md, txt} {
			b, _ := os.ReadFile(f)
			if !strings.Contains(string(b), reporters.CoverageBanner(rep)) {
				t.Errorf("%s: %s has no coverage banner", lang, filepath.Base(f))
			}
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasSuffix(strings.TrimRight(line, " |"), pass) || strings.Contains(line, "✅") {
					t.Errorf("%s: %s shows a step as in order: %q", lang, filepath.Base(f), line)
				}
			}
		}
	}
}

// A clean scan passes only steps whose rules ran on data they apply to:
// a product list with no personal data passes none of awareness or consent
// (a clean scan cannot prove them), nor processor agreements (no policy).
func TestCleanScanPassesOnlyWhatItCovered(t *testing.T) {
	inRepo(t)
	js := filepath.Join(t.TempDir(), "r.json")
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", js, "testdata/crm/products.csv"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep := readReport(t, js)
	want := map[int]string{1: "not_shown", 2: "not_shown", 3: "pass", 4: "pass", 5: "not_shown", 6: "manual",
		7: "pass", 8: "not_shown", 9: "manual", 10: "not_shown"}
	for _, c := range rep.Checklist {
		if c.Status != want[c.Step] {
			t.Errorf("step %d: %q, want %q", c.Step, c.Status, want[c.Step])
		}
		if c.Status != "pass" && len(c.Questions) == 0 {
			t.Errorf("step %d (%s) has no questions", c.Step, c.Status)
		}
	}
}
