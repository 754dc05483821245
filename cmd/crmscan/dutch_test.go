package main

import (
	"encoding/json"
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
// format a person reads (HTML, text, Markdown, CSV, xlsx, the texts of
// SARIF, and crmscan subject's text summary and access report) and fails
// on the English leftovers.
func TestDutchOutputsHaveNoEnglish(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	args := []string{"scan", "-q", "--lang", "nl"}
	exts := []string{"html", "txt", "md", "csv", "xlsx", "sarif"}
	for _, e := range exts {
		args = append(args, "-o", filepath.Join(dir, "r."+e))
	}
	if code, _, stderr := crmscan(t, append(args, "testdata/crm")...); code > exitFindings {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	outputs := map[string]string{}
	for _, e := range exts {
		p := filepath.Join(dir, "r."+e)
		var text string
		switch e {
		case "sarif":
			text = sarifTexts(t, p)
		case "xlsx":
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
		default:
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			text = string(raw)
		}
		outputs[e] = text
	}

	// crmscan subject: the masked summary on stdout and the access report
	// (text and HTML) for a person in the demo, found by e-mail and by a
	// look-alike name, with the organisation's file.
	person := []string{"subject", "-q", "--lang", "nl", "--email", "fleur.dekker69@telenet.be", "--name", "Emma Vos",
		"--org", "testdata/org.example.toml"}
	code, stdout, stderr := crmscan(t, append(person, "testdata/crm")...)
	if code != exitOK {
		t.Fatalf("subject exit %d: %s", code, stderr)
	}
	outputs["subject text"] = stdout
	for _, f := range []string{"access-text", "access-html"} {
		p := filepath.Join(dir, f)
		if code, _, stderr := crmscan(t, append(person, "-f", f, "-o", p, "testdata/crm")...); code != exitOK {
			t.Fatalf("subject -f %s exit %d: %s", f, code, stderr)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		outputs["subject "+f] = string(raw)
	}

	for name, text := range outputs {
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s: empty output", name)
		}
		for _, w := range englishLeftovers {
			if i := strings.Index(text, w); i >= 0 {
				t.Errorf("%s: English %q in the Dutch report: …%s…", name, w, text[max(0, i-40):min(len(text), i+40)])
			}
		}
	}
}

// sarifTexts collects what a person reads in a SARIF log: the "text" and
// "markdown" of messages and of the rules' descriptions and help. The
// properties (tags, gdpr) keep the neutral form for machines in every
// language, so they are left out.
func sarifTexts(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log any
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "properties" {
					continue
				}
				if s, ok := x.(string); ok && (k == "text" || k == "markdown") {
					b.WriteString(s)
					b.WriteString("\n")
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(log)
	if b.Len() == 0 {
		t.Fatalf("%s: no texts in the SARIF log", path)
	}
	return b.String()
}
