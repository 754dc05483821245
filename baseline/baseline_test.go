package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

func finding(id, rule, col string, count int64, steps ...int) reporters.Finding {
	return reporters.Finding{ID: id, Rule: rule, Severity: "high", Title: rule, Count: count, APSteps: steps,
		Location:    reporters.Location{Path: "exports/a.csv", Table: "a.csv", Column: col, Rows: []int64{2, 3}},
		Fingerprint: fmt.Sprintf("fp-%s-%s", rule, col)}
}

func report(fs ...reporters.Finding) *reporters.Report {
	return &reporters.Report{Schema: reporters.Schema, Findings: fs,
		Checklist: []reporters.Checklist{{Step: 3, Title: "Overzicht verwerkingen"}, {Step: 7, Title: "Meldplicht datalekken"}}}
}

func TestParse(t *testing.T) {
	rep, _ := json.Marshal(report(finding("F1", "pii.email", "email", 4, 3)))
	var base bytes.Buffer
	FromReport(report(finding("F1", "pii.email", "email", 4, 3))).Write(&base)
	tests := []struct {
		name    string
		data    []byte
		n       int
		wantErr bool
	}{
		{"report", rep, 1, false},
		{"baseline", base.Bytes(), 1, false},
		{"other schema", []byte(`{"schema":"x/v1"}`), 0, true},
		{"not json", []byte("id;email\n"), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse(tt.data)
			if tt.wantErr {
				if !errors.Is(err, ErrFormat) {
					t.Errorf("Parse = %v, want ErrFormat", err)
				}
				return
			}
			if err != nil || len(b.Findings) != tt.n {
				t.Fatalf("Parse = %+v, %v", b, err)
			}
		})
	}
}

func TestApply(t *testing.T) {
	old := report(finding("F1", "pii.email", "email", 4, 3), finding("F2", "pii.phone", "tel", 4, 3))
	b := FromReport(old)
	b.Findings[0].Justification = "nodig voor facturen"
	moved := finding("F9", "pii.email", "email", 4, 3)
	moved.Location.Rows = []int64{40, 41} // rows moved: still the same finding
	cur := report(moved, finding("F3", "pii.iban", "iban", 4, 3, 7), finding("F4", "pii.phone", "mobiel", 4, 3))
	if n := b.Apply(cur); n != 1 || cur.Summary.Suppressed != 1 {
		t.Fatalf("Apply = %d, suppressed %d, want 1", n, cur.Summary.Suppressed)
	}
	want := []bool{true, false, false}
	for i, f := range cur.Findings {
		if f.Baseline != want[i] {
			t.Errorf("%s baseline = %v, want %v", f.ID, f.Baseline, want[i])
		}
	}
	if cur.Findings[0].Justification != "nodig voor facturen" {
		t.Errorf("justification = %q", cur.Findings[0].Justification)
	}
	// The same finding grown beyond the baseline is changed, not accepted;
	// within a tolerance it is accepted.
	grown := report(finding("F9", "pii.email", "email", 5, 3))
	if n := b.Apply(grown); n != 0 || !grown.Findings[0].Changed || grown.Findings[0].BaselineCount != 4 || grown.Summary.Changed != 1 {
		t.Errorf("grown finding: Apply = %d, %+v", n, grown.Findings[0])
	}
	b.Tolerance = 0.25
	grown = report(finding("F9", "pii.email", "email", 5, 3))
	if n := b.Apply(grown); n != 1 || grown.Findings[0].Changed {
		t.Errorf("growth within the tolerance: Apply = %d, %+v", n, grown.Findings[0])
	}
	b.Tolerance = 0
	// A different fingerprint (another key, another file) does not match.
	other := finding("F1", "pii.email", "email", 4, 3)
	other.Fingerprint = "other"
	if n := b.Apply(report(other)); n != 0 {
		t.Errorf("Apply with another fingerprint = %d, want 0", n)
	}
}

func TestCompare(t *testing.T) {
	old := report(finding("F1", "pii.email", "email", 4, 3), finding("F2", "pii.phone", "tel", 4, 3),
		finding("F3", "pii.name", "naam", 10, 3))
	cur := report(finding("F1", "pii.email", "email", 6, 3), finding("F2", "pii.iban", "iban", 4, 3, 7),
		finding("F3", "pii.name", "naam", 10, 3))
	d := Compare(old, cur)
	if len(d.Added) != 1 || d.Added[0].Rule != "pii.iban" {
		t.Errorf("added = %+v", d.Added)
	}
	if len(d.Resolved) != 1 || d.Resolved[0].Rule != "pii.phone" {
		t.Errorf("resolved = %+v", d.Resolved)
	}
	if len(d.Changed) != 1 || d.Changed[0].OldCount != 4 || d.Changed[0].NewCount != 6 {
		t.Errorf("changed = %+v", d.Changed)
	}
	steps := map[int]StepDelta{}
	for _, s := range d.Steps {
		steps[s.Step] = s
	}
	if s := steps[3]; s.Added != 1 || s.Resolved != 1 || s.Changed != 1 || s.Title != "Overzicht verwerkingen" {
		t.Errorf("step 3 = %+v", s)
	}
	if s := steps[7]; s.Added != 1 || s.Resolved != 0 {
		t.Errorf("step 7 = %+v", s)
	}
	if !Compare(old, old).Empty() {
		t.Error("a report differs from itself")
	}
}

// TestCompareLinear diffs 50,000 findings; a quadratic match would take
// minutes.
func bigReports(n int) (*reporters.Report, *reporters.Report) {
	var a, b []reporters.Finding
	for i := range n {
		a = append(a, finding(fmt.Sprint(i), "pii.email", fmt.Sprint("c", i), 4, 3))
		b = append(b, finding(fmt.Sprint(i), "pii.email", fmt.Sprint("c", i+100), 5, 3))
	}
	return report(a...), report(b...)
}

func TestCompareLarge(t *testing.T) {
	old, cur := bigReports(50000)
	d := Compare(old, cur)
	if len(d.Added) != 100 || len(d.Resolved) != 100 || len(d.Changed) != 49900 {
		t.Errorf("added %d, resolved %d, changed %d", len(d.Added), len(d.Resolved), len(d.Changed))
	}
}

// BenchmarkCompare compares two reports of 50,000 findings (a yearly
// audit's baseline of a large CRM); it should stay linear.
func BenchmarkCompare(b *testing.B) {
	old, cur := bigReports(50000)
	for b.Loop() {
		Compare(old, cur)
	}
}

func TestWriteSorted(t *testing.T) {
	b := FromReport(report(finding("F2", "pii.phone", "tel", 4, 3), finding("F1", "pii.email", "email", 4, 3)))
	var out bytes.Buffer
	if err := b.Write(&out); err != nil {
		t.Fatal(err)
	}
	var got File
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Schema != Schema {
		t.Fatalf("Write = %s, %v", out.String(), err)
	}
	if got.Findings[0].Column != "email" || got.Findings[1].Column != "tel" {
		t.Errorf("entries not sorted: %+v", got.Findings)
	}
}
