package reporters

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// bigReport is a scan of 10,000 columns per 50,000 findings: n findings
// over n/5 columns in n/500 files, plus a database.
func bigReport(n int) *Report {
	r := &Report{
		Schema: Schema, Tool: Tool{Name: "crmscan", Version: "x"},
		Scan: ScanInfo{Lang: "nl", Targets: []string{"exports", "postgres://u@h/crm"}, Sample: 10000,
			Started: "2026-03-02T09:00:00Z", Finished: "2026-03-02T09:10:00Z"},
		Summary: Summary{Findings: n, BySeverity: map[string]int{}},
	}
	rules := []struct {
		id, sev string
		steps   []int
	}{
		{"pii.email", "medium", []int{3}}, {"pii.bsn", "critical", []int{3, 4}}, {"pii.iban", "high", []int{3, 7}},
		{"pii.name", "low", []int{3}}, {"retention.expired", "medium", []int{5}},
	}
	files := max(1, n/500)
	for i := 0; i < files; i++ {
		r.Sources = append(r.Sources, Source{ID: fmt.Sprintf("s%d", i+1), Kind: "csv",
			Name: fmt.Sprintf("exports/region-%03d/contacts-%05d.csv", i%40, i), Tables: 1, RowsScanned: 5000, RowsTotal: 5000})
	}
	for c := 0; c < n/5; c++ {
		src := r.Sources[c%files]
		col := fmt.Sprintf("kolom_%05d", c)
		table := src.Name[strings.LastIndex(src.Name, "/")+1:]
		r.Columns = append(r.Columns, Column{Source: src.ID, Table: table, Column: col, RowsScanned: 5000, NonEmpty: 4990,
			Detections: map[string]Detection{"email": {Count: 4985, Ratio: 0.999}}, Classification: "email", Confidence: "high"})
		for k, ru := range rules {
			id := c*5 + k + 1
			r.Findings = append(r.Findings, Finding{
				ID: fmt.Sprintf("F%05d", id), Rule: ru.id, Title: "Titel van " + ru.id, Severity: ru.sev, Confidence: "high",
				Category: "contact", Location: Location{Source: src.ID, Path: src.Name, Table: table, Column: col, Rows: []int64{2, 3, 4, 5, 9}},
				Count: int64(4985 - k), Samples: []string{"j***@e***.nl", "m***@z***.nl", "p***@x***.com"},
				APSteps: ru.steps, GDPR: []string{"Art. 30", "Art. 5(1)(c)"}, Remediation: "Neem deze kolom op in het verwerkingsregister.",
				Fingerprint: fmt.Sprintf("%064x", id),
			})
			r.Summary.BySeverity[ru.sev]++
		}
	}
	for step := 1; step <= 10; step++ {
		c := Checklist{Step: step, Title: fmt.Sprintf("Stap %d", step), Status: "manual"}
		for i := range r.Findings {
			for _, s := range r.Findings[i].APSteps {
				if s == step {
					c.Findings = append(c.Findings, r.Findings[i].ID)
					c.Status = "fail"
				}
			}
		}
		r.Checklist = append(r.Checklist, c)
	}
	return r
}

// TestBigReport encodes 50,000 findings over 10,000 columns in every
// format: each must finish and stay within its size. Speed is measured by
// BenchmarkEncodeBig (`make bench`), not asserted here: a timed test fails
// on a loaded CI machine and under the race detector without telling
// anything about the code.
func TestBigReport(t *testing.T) {
	if testing.Short() {
		t.Skip("big report")
	}
	big := bigReport(50000)
	if len(big.Findings) != 50000 || len(big.Columns) != 10000 {
		t.Fatalf("big report has %d findings, %d columns", len(big.Findings), len(big.Columns))
	}
	for _, format := range []string{"html", "sarif", "md", "csv", "json", "text"} {
		t.Run(format, func(t *testing.T) {
			enc, _ := Get(format)
			w := &countWriter{}
			start := time.Now()
			if err := enc.Encode(w, big); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: 50,000 findings in %v, %.1f MB", format, time.Since(start), float64(w.n)/1e6)
			if format != "md" && w.n < 50000*50 { // Markdown lists the top findings only
				t.Errorf("%s: %d bytes for 50,000 findings: findings are missing", format, w.n)
			}
			if format == "html" && w.n > 60<<20 {
				t.Errorf("HTML is %d MB for 50,000 findings", w.n>>20)
			}
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkEncodeBig encodes 50,000 findings over 10,000 columns in each
// format (make bench).
func BenchmarkEncodeBig(b *testing.B) {
	big := bigReport(50000)
	for _, format := range []string{"html", "sarif", "md", "csv", "json", "text"} {
		b.Run(format, func(b *testing.B) {
			enc, _ := Get(format)
			b.ReportAllocs()
			for b.Loop() {
				if err := enc.Encode(&countWriter{}, big); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
