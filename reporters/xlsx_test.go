package reporters

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/rules"
	"github.com/xuri/excelize/v2"
)

// TestXLSX opens the workbook with excelize: the six sheets in the
// report's language, frozen header rows, a filter on each sheet, and
// cells as the report holds them (samples masked).
func TestXLSX(t *testing.T) {
	for _, l := range []string{"nl", "en"} {
		t.Run(l, func(t *testing.T) {
			r := fixture(t, l)
			var b bytes.Buffer
			if err := (XLSX{}).Encode(&b, r); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			N := xlsxSheetNames[l]
			want := []string{N["summary"], N["actions"], N["inventory"], N["findings"], N["steps"], N["register"]}
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			for _, s := range want {
				p, err := f.GetPanes(s)
				if err != nil || !p.Freeze || p.YSplit != 1 {
					t.Errorf("%s: header row not frozen: %+v %v", s, p, err)
				}
				tables, err := f.GetTables(s)
				if err != nil || len(tables) != 1 {
					t.Errorf("%s: want one table (the filter), got %v %v", s, tables, err)
				}
				if w, _ := f.GetColWidth(s, "A"); w < 6 {
					t.Errorf("%s: column A width %v", s, w)
				}
			}
			cellOf := func(sheet, ref string) string {
				v, err := f.GetCellValue(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			rows, err := f.GetRows(N["findings"])
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(r.Findings)+1 {
				t.Errorf("findings sheet has %d rows, want %d", len(rows), len(r.Findings)+1)
			}
			if got := cellOf(N["findings"], "A2"); got != r.Findings[0].ID {
				t.Errorf("findings A2 = %q, want %q", got, r.Findings[0].ID)
			}
			if got := cellOf(N["findings"], "B2"); got != SeverityLabel(l, r.Findings[0].Severity) {
				t.Errorf("findings B2 = %q, want the severity label", got)
			}
			if got := cellOf(N["findings"], "N3"); got != strings.Join(r.Findings[1].Samples, " | ") || !strings.Contains(got, "**") {
				t.Errorf("findings N3 = %q, want the masked samples %q", got, r.Findings[1].Samples)
			}
			if got := cellOf(N["register"], "A1"); got != labelIn(l, "source") {
				t.Errorf("register A1 = %q", got)
			}
			if got := cellOf(N["steps"], "A2"); got != "1" {
				t.Errorf("steps A2 = %q, want step 1", got)
			}
			if got := cellOf(N["summary"], "B1"); got != xlsxLabels[l]["value"] {
				t.Errorf("summary B1 = %q", got)
			}
			// The action plan is the report model's, rolled up across copies.
			rs, err := rules.Default()
			if err != nil {
				t.Fatal(err)
			}
			Finalize(r, rs)
			b.Reset()
			if err := (XLSX{}).Encode(&b, r); err != nil {
				t.Fatal(err)
			}
			g, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			acts, _ := g.GetRows(N["actions"])
			if len(r.Summary.Actions) == 0 || len(acts) != len(r.Summary.Actions)+1 {
				t.Errorf("actions sheet has %d rows for %d actions", len(acts), len(r.Summary.Actions))
			} else if v, _ := g.GetCellValue(N["actions"], "C2"); v != r.Summary.Actions[0].Rule {
				t.Errorf("actions C2 = %q, want the first action's rule %q", v, r.Summary.Actions[0].Rule)
			}
			if l == "nl" {
				all := ""
				for _, s := range want {
					rows, _ := f.GetRows(s)
					all += fmt.Sprint(rows[0])
				}
				for _, english := range []string{"Severity", "Findings", "Source", "Remediation", "to fill in"} {
					if strings.Contains(all, english) {
						t.Errorf("English heading %q in the Dutch workbook", english)
					}
				}
			}
		})
	}
}

// TestXLSXRegisterOnly is the workbook of crmscan register -f xlsx.
func TestXLSXRegisterOnly(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRegister(&b, BuildRegister(fixture(t, "nl"), nil, ""), "xlsx"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Verwerkingsregister"}) {
		t.Errorf("sheets %q", got)
	}
}

// BenchmarkXLSX writes a workbook of 20,000 findings: allocations per
// report show that rows are streamed, not held.
func BenchmarkXLSX(b *testing.B) {
	r := fixture(b, "nl")
	base := r.Findings
	r.Findings = nil
	for i := range 20000 {
		f := base[i%len(base)]
		f.ID = fmt.Sprintf("F%05d", i)
		r.Findings = append(r.Findings, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := (XLSX{}).Encode(&bytes.Buffer{}, r); err != nil {
			b.Fatal(err)
		}
	}
}
