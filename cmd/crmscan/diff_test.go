package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMarkupIsText scans exports whose cells, column names and file names
// hold markup, with and without --show-values, and checks that no report
// format turns it into markup.
func TestMarkupIsText(t *testing.T) {
	inRepo(t)
	const script, img = `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`
	dir := t.TempDir()
	// Markup in a cell beside personal data, in column names, and in the
	// file name itself (headers and paths are not masked).
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	csv := "klantnr;" + q("email"+script) + ";" + q("telefoon"+img) + ";notitie\n" +
		"1;jan.jansen@ziggo.nl;06 12345678;" + q(img+" mail jan.jansen@ziggo.nl "+script) + "\n" +
		"2;p.devries@kpnmail.nl;06 23456789;" + q(script) + "\n" +
		"3;anna.bakker@gmail.com;06 34567890;" + q(img) + "\n" +
		"4;els.visser@hetnet.nl;06 45678901;x\n"
	names := []string{"klanten.csv", `"><img src=x onerror=alert(1)>.csv`, "<script>alert(1)<script>.csv"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(csv), 0o644); err != nil {
			t.Skipf("file system refuses the name %q: %v", n, err)
		}
	}
	for _, showValues := range []bool{false, true} {
		name := "masked"
		if showValues {
			name = "show-values"
		}
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"scan", "-q", "--lang", "nl"}
			if showValues {
				args = append(args, "--show-values")
			}
			for _, ext := range []string{"html", "md", "sarif", "csv"} {
				args = append(args, "-o", filepath.Join(out, "r."+ext))
			}
			if code, _, errOut := crmscan(t, append(args, dir)...); code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			html, _ := os.ReadFile(filepath.Join(out, "r.html"))
			for _, want := range []string{"email&lt;script&gt;alert(1)&lt;/script&gt;", "telefoon&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
				"&lt;script&gt;alert(1)&lt;script&gt;.csv", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.csv"} {
				if !strings.Contains(string(html), want) {
					t.Errorf("the HTML does not show %q as text", want)
				}
			}
			if m := regexp.MustCompile(`(?i)<script|<img|\son\w+=`).FindString(stripText(string(html))); m != "" {
				t.Errorf("HTML holds markup from the data: %q", m)
			}
			md, _ := os.ReadFile(filepath.Join(out, "r.md"))
			for _, line := range strings.Split(string(md), "\n") {
				if l := regexp.MustCompile("`+[^`]*`+").ReplaceAllString(line, ""); strings.Contains(l, "<script") || strings.Contains(l, "<img") {
					t.Errorf("Markdown holds markup outside a code span: %s", line)
				}
			}
			csvOut, _ := os.ReadFile(filepath.Join(out, "r.csv"))
			for _, line := range strings.Split(string(csvOut), "\n") {
				for _, cell := range strings.Split(line, ";") {
					if strings.HasPrefix(strings.Trim(cell, `"`), "=") {
						t.Errorf("CSV cell %q would run as a formula", cell)
					}
				}
			}
		})
	}
}

// stripText drops the text between tags and the values of attributes,
// leaving the markup itself.
func stripText(html string) string {
	tags := regexp.MustCompile(`<[^>]*>`).FindAllString(html, -1)
	var b strings.Builder
	for _, tag := range tags {
		b.WriteString(regexp.MustCompile(`"[^"]*"`).ReplaceAllString(tag, `""`))
	}
	return b.String()
}
