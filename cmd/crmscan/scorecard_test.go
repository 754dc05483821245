package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

var (
	scoreRow   = regexp.MustCompile(`<tr><td class="num">(\d+)</td><td>(?:<a[^>]*>)?[^<]*(?:</a>)?</td><td><span class="st st-[a-z_]+">[^<]*</span></td><td class="num">(\d+)`)
	sectionCnt = regexp.MustCompile(`(?s)<details id="step-(\d+)"[^>]*>\s*<summary>.*?<span class="right">([\d.,]+) `)
)

// One count per step on the demo: the scorecard, the step's section and
// the JSON checklist agree, every step with findings has a section, a
// finding's confidence is its column's, and a place column is a place
// (issue 16, item 7).
func TestDemoCountsAgree(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	html, js := filepath.Join(dir, "r.html"), filepath.Join(dir, "r.json")
	if code, _, errOut := crmscan(t, "scan", "-q", "--lang", "nl", "-o", html, "-o", js, "testdata/crm"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep := readReport(t, js)
	h, _ := os.ReadFile(html)
	card := map[string]string{}
	for _, m := range scoreRow.FindAllStringSubmatch(string(h), -1) {
		card[m[1]] = m[2]
	}
	section := map[string]string{}
	for _, m := range sectionCnt.FindAllStringSubmatch(string(h), -1) {
		section[m[1]] = strings.NewReplacer(".", "", ",", "").Replace(m[2])
	}
	if len(card) != 10 {
		t.Fatalf("scorecard rows: %v", card)
	}
	for _, c := range rep.Checklist {
		n := strconv.Itoa(len(c.Findings))
		step := strconv.Itoa(c.Step)
		if card[step] != n {
			t.Errorf("step %d: scorecard %s, checklist %s", c.Step, card[step], n)
		}
		if len(c.Findings) > 0 && section[step] != n {
			t.Errorf("step %d: section %q, checklist %s", c.Step, section[step], n)
		}
	}
	cols := map[string]reporters.Column{}
	for _, c := range rep.Columns {
		cols[c.Source+"\x00"+c.Table+"\x00"+c.Column] = c
	}
	places := 0
	for _, f := range rep.Findings {
		c, ok := cols[f.Location.Source+"\x00"+f.Location.Table+"\x00"+f.Location.Column]
		if !ok || f.TestValue {
			continue
		}
		if "pii."+c.Classification == f.Rule && c.Confidence != f.Confidence {
			t.Errorf("%s %s: column confidence %q, finding %q", f.Location.Path, f.Location.Column, c.Confidence, f.Confidence)
		}
		if c.Classification == "place" {
			places++
			if f.Rule != "pii.place" || strings.Contains(strings.ToLower(f.Remediation), "huisnummer") {
				t.Errorf("%s %s: a place reported as %s: %s", f.Location.Path, f.Location.Column, f.Rule, f.Remediation)
			}
		}
	}
	if places == 0 {
		t.Error("no place column in the demo (woonplaats, city)")
	}
}

// The summary on the demo: one action per problem across its copies,
// covering every finding that is neither accepted nor a test value once;
// per AP step the actions, the summary's by_step and the checklist agree;
// the people are an estimate of distinct people, not a sum of copies; and
// the words are in the report's language (issue 16, item 2).
func TestDemoSummaryAndActionPlan(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	for _, lang := range []string{"en", "nl"} {
		js, html, md, txt := filepath.Join(dir, lang+".json"), filepath.Join(dir, lang+".html"), filepath.Join(dir, lang+".md"), filepath.Join(dir, lang+".txt")
		if code, _, errOut := crmscan(t, "scan", "-q", "--lang", lang, "-o", js, "-o", html, "-o", md, "-o", txt, "testdata/crm"); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		rep := readReport(t, js)
		s := rep.Summary
		if s.Scope == "" || len(s.TopRisks) == 0 || len(s.Actions) == 0 {
			t.Fatalf("%s: summary without words: %+v", lang, s)
		}
		if n := strings.Count(s.Scope, ". "); n != 1 {
			t.Errorf("%s: scope is not two sentences: %q", lang, s.Scope)
		}
		byID := map[string]*reporters.Finding{}
		for i := range rep.Findings {
			byID[rep.Findings[i].ID] = &rep.Findings[i]
		}
		covered := map[string]string{}
		perStep := map[int]int{}
		rulesSeen := map[string]bool{}
		for _, a := range s.Actions {
			if rulesSeen[a.Rule] {
				t.Errorf("%s: rule %s has two actions", lang, a.Rule)
			}
			rulesSeen[a.Rule] = true
			if a.Owner != "" || a.Deadline != "" || a.Priority < 1 || a.Priority > 3 || a.APStep == 0 {
				t.Errorf("%s: action %+v", lang, a)
			}
			for _, id := range a.Findings {
				if prev, dup := covered[id]; dup {
					t.Errorf("%s: %s in %s and %s", lang, id, prev, a.ID)
				}
				covered[id] = a.ID
				f := byID[id]
				if f == nil || f.Rule != a.Rule {
					t.Errorf("%s: action %s covers %s of another rule", lang, a.ID, id)
					continue
				}
				for _, n := range f.APSteps {
					perStep[n]++
				}
			}
		}
		for _, f := range rep.Findings {
			if _, ok := covered[f.ID]; !ok && !f.Baseline && !f.TestValue {
				t.Errorf("%s: finding %s (%s) in no action", lang, f.ID, f.Rule)
			}
		}
		for _, c := range rep.Checklist {
			rest := 0
			for _, id := range c.Findings {
				if f := byID[id]; f.Baseline || f.TestValue {
					rest++
				}
			}
			if perStep[c.Step]+rest != len(c.Findings) || s.ByStep[strconv.Itoa(c.Step)] != len(c.Findings) {
				t.Errorf("%s: step %d: actions %d (+%d apart), summary %d, checklist %d", lang, c.Step,
					perStep[c.Step], rest, s.ByStep[strconv.Itoa(c.Step)], len(c.Findings))
			}
		}
		// The IBANs of the export and its backups: one action, people
		// counted once however many copies hold them.
		for _, a := range s.Actions {
			if a.Rule != "pii.iban" {
				continue
			}
			var sum int64
			for _, id := range a.Findings {
				sum += byID[id].Count
			}
			if a.Sources < 2 || a.People <= 0 || a.People >= sum || a.PeopleBasis != "fingerprints" {
				t.Errorf("%s: IBAN action %+v (sum of counts %d)", lang, a, sum)
			}
		}
		if s.People <= 0 || s.People > 355 {
			t.Errorf("%s: people %d", lang, s.People)
		}
		words := map[string][]string{"en": {"Top risks", "Action plan"}, "nl": {"Grootste risico", "Actieplan"}}[lang]
		for _, f := range []string{html, md} {
			b, _ := os.ReadFile(f)
			for _, w := range words {
				if !strings.Contains(string(b), w) {
					t.Errorf("%s: %s lacks %q", lang, filepath.Base(f), w)
				}
			}
		}
		b, _ := os.ReadFile(txt)
		if !strings.Contains(string(b), strings.ToUpper(words[1])) || !strings.Contains(string(b), s.Actions[0].Title) {
			t.Errorf("%s: text report lacks the action plan", lang)
		}
	}
}

// A scan of which one source failed passes nothing: a clean step is not
// assessed, and the cover says the scan was partial.
func TestPartialScanPassesNothing(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	js, html := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.html")
	code, _, errOut := crmscan(t, "scan", "-q", "-o", js, "-o", html, "testdata/crm/products.csv", filepath.Join(dir, "missing.csv"))
	if code != exitPartial {
		t.Fatalf("exit %d, want %d: %s", code, exitPartial, errOut)
	}
	rep := readReport(t, js)
	for _, c := range rep.Checklist {
		if c.Status == reporters.StatusPass {
			t.Errorf("step %d passes although a source failed", c.Step)
		}
	}
	if rep.Checklist[2].Status != reporters.StatusNotAssessed {
		t.Errorf("step 3: %q, want not_assessed", rep.Checklist[2].Status)
	}
	h, _ := os.ReadFile(html)
	if !strings.Contains(string(h), `id="coverage-banner"`) || !strings.Contains(string(h), "1 of 2") {
		t.Error("the HTML cover does not say that 1 of 2 sources failed")
	}
}
