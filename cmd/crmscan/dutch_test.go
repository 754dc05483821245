package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// englishLeftovers are English labels and terms once seen in the Dutch
// reports (issue 16): none may stay in a Dutch output.
var englishLeftovers = []string{
	"format: ", "profile: ", "deleted rows", "flag columns", "personal data columns", "sensitive categories",
	"(health)", "(religion)", "(judgmental)", "Recital", "CRITICAL", " values", " sources,", "confidence ",
	"Targets", "Doelen", "Art. 5(1)", "UAVG Art.", "estimated", "no header row", "e.g.",
}

// TestDutchOutputsHaveNoEnglish renders the demo with --lang nl in every
// format a person reads (HTML, text, Markdown, CSV, xlsx) and fails on
// the English leftovers.
func TestDutchOutputsHaveNoEnglish(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	args := []string{"scan", "-q", "--lang", "nl"}
	exts := []string{"html", "txt", "md", "csv", "xlsx"}
	for _, e := range exts {
		args = append(args, "-o", filepath.Join(dir, "r."+e))
	}
	if code, _, stderr := crmscan(t, append(args, "testdata/crm")...); code > exitFindings {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	for _, e := range exts {
		p := filepath.Join(dir, "r."+e)
		var text string
		if e == "xlsx" {
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for _, r := range rows {
					b.WriteString(strings.Join(r, "\t"))
					b.WriteString("\n")
				}
			}
			f.Close()
			text = b.String()
		} else {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			text = string(raw)
		}
		for _, w := range englishLeftovers {
			if i := strings.Index(text, w); i >= 0 {
				t.Errorf("%s: English %q in the Dutch report: …%s…", e, w, text[max(0, i-40):min(len(text), i+40)])
			}
		}
	}
}
