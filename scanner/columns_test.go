package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestColumnsAsRows scans the test corpus and an export with ragged rows,
// a country column and deleted rows a column at a time (runColumns) and
// row by row (runRows): every count, sample, row number and row rule must
// be the same.
func TestColumnsAsRows(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("naam;telefoon;land;email;status;verwijderd;laatst_gewijzigd\n")
	for i := 0; i < 3000; i++ {
		land := [...]string{"NL", "Deutschland", "BE", ""}[i%4]
		fmt.Fprintf(&b, "Klant %d;030 12345%02d;%s;klant%d@voorbeeld.nl;%s;%d;20%02d-03-01", i, i%100, land, i, [...]string{"actief", "inactief"}[i%2], i%3/2, 10+i%15)
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, ";NL91ABNA0417164300;extra %d@x.nl", i) // cells beyond the header
		case 1:
			fmt.Fprintf(&b, ";ander%d@x.nl;06-1234567%d", i, i%10) // the same kind a cell earlier
		}
		if i%11 == 0 {
			b.WriteString(";\"vraagt om korting; belt vaak\"")
		}
		b.WriteString("\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "klanten.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	opt.Sample = 0
	targets := []string{dir, "../testdata/crm", "../testdata/realworld", "../testdata/db/crm_postgres.sql", makeSuiteCRM(t)}
	cols, x, y := scanBothWays(t, opt, &scanRowMajor, targets...)
	if i := firstDiff(x, y); i >= 0 {
		t.Errorf("the report differs a column at a time from row by row, at byte %d:\n%s\n%s", i, x[max(0, i-300):min(len(x), i+200)], y[max(0, i-300):min(len(y), i+200)])
	}
	if len(cols.Findings) < 20 || len(cols.Sources) < 10 {
		t.Errorf("%d findings in %d sources: the corpus does not exercise the scan", len(cols.Findings), len(cols.Sources))
	}
	var deleted, extra bool
	for _, tb := range cols.Tables {
		deleted = deleted || tb.Table == "klanten.csv" && tb.DeletedRows > 0
	}
	for _, c := range cols.Columns {
		extra = extra || c.Table == "klanten.csv" && len(c.Detections) > 0 && !strings.Contains("naam telefoon land email status verwijderd laatst_gewijzigd", c.Column)
	}
	if !deleted || !extra {
		t.Errorf("the export exercises deleted rows %v, cells beyond the header %v: want both", deleted, extra)
	}
}

// firstDiff returns the first byte at which a and b differ, -1 when they
// are the same.
func firstDiff(a, b []byte) int {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}
