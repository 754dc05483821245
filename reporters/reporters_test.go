package reporters

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden snapshots in testdata/golden")

// fixture loads testdata/report.json: a Dutch scan of the sample exports
// with a sampled database source, a source that could not be read and a
// baselined finding. lang, when set, replaces the report's language.
func fixture(t testing.TB, lang string) *Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("fixture does not decode into the model: %v", err)
	}
	if lang != "" {
		r.Scan.Lang = lang
	}
	return &r
}

func encode(t testing.TB, format string, r *Report) string {
	t.Helper()
	enc, err := Get(format)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := enc.Encode(&b, r); err != nil {
		t.Fatalf("%s.Encode: %v", format, err)
	}
	return b.String()
}

var (
	scrubTime    = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`)
	scrubDate    = regexp.MustCompile(`\b20\d{2}-\d{2}-\d{2}\b`)
	scrubVersion = regexp.MustCompile(`crmscan( |",\s*"version": ")0\.1\.0-test`)
)

// scrub replaces timestamps, dates and the tool version, so that a golden
// snapshot changes only when the output does.
func scrub(s string) string {
	s = scrubTime.ReplaceAllString(s, "(time)")
	s = scrubDate.ReplaceAllString(s, "(date)")
	s = strings.ReplaceAll(s, "0.1.0-test", "(version)")
	return s
}

// TestGolden compares each format's output for the fixture with its
// snapshot; refresh with `go test ./reporters -run Golden -update`.
func TestGolden(t *testing.T) {
	cases := []struct{ format, lang, ext string }{
		{"html", "nl", "html"}, {"html", "en", "html"},
		{"sarif", "nl", "sarif"}, {"sarif", "en", "sarif"},
		{"md", "nl", "md"}, {"md", "en", "md"},
		{"csv", "nl", "csv"}, {"csv", "en", "csv"},
	}
	for _, tc := range cases {
		t.Run(tc.format+"_"+tc.lang, func(t *testing.T) {
			got := encode(t, tc.format, fixture(t, tc.lang))
			if tc.format == "sarif" {
				// SARIF is compact; indent the snapshot so a change reads well.
				var b bytes.Buffer
				if err := json.Indent(&b, []byte(got), "", "  "); err != nil {
					t.Fatal(err)
				}
				got = b.String()
			}
			got = scrub(got)
			path := filepath.Join("testdata", "golden", "report_"+tc.lang+"."+tc.ext)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s output differs from %s (run `go test ./reporters -run Golden -update` if intended)", tc.format, path)
			}
		})
	}
}

func TestFormatsRegistered(t *testing.T) {
	tests := []struct{ path, want string }{
		{"r.sarif", "sarif"}, {"r.html", "html"}, {"R.HTM", "html"}, {"r.md", "md"},
		{"r.csv", "csv"}, {"r.json", "json"}, {"r.txt", "text"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got, err := ForPath(tt.path); err != nil || got != tt.want {
				t.Errorf("ForPath(%q) = %q, %v, want %q", tt.path, got, err, tt.want)
			}
		})
	}
}

// TestHTMLContent checks what a reader of the HTML report relies on.
func TestHTMLContent(t *testing.T) {
	tests := []struct {
		lang string
		want []string
	}{
		{"nl", []string{`<html lang="nl">`, "Managementsamenvatting", "Scorekaart AP 10-stappenplan",
			"Bewustwording", "Rechten van betrokkenen", "Overzicht verwerkingen", "Functionaris voor gegevensbescherming",
			"Meldplicht datalekken", "Verwerkersovereenkomst", "Leidende toezichthouder", "Toestemming",
			"Overzicht persoonsgegevens", "Bevindingen per AP-stap", "Vragen om te stellen", "Fouten en wat niet is gescand",
			"line 17: unterminated quote", "Bijlage: werkwijze", "Maskering", "onvoldoende", "handmatig",
			"1 bevinding staat in de baseline", "Geaccepteerd door de FG", "<svg", "<details"}},
		{"en", []string{`<html lang="en">`, "Executive summary", "AP 10-step scorecard", "What the status means",
			"Personal-data inventory", "Findings by AP step", "Questions to ask", "Appendix: method"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			out := encode(t, "html", fixture(t, tt.lang))
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("HTML (%s) lacks %q", tt.lang, w)
				}
			}
			assertSelfContained(t, out)
		})
	}
}

var (
	tagRe  = regexp.MustCompile(`<[^>]*>`)
	nameRe = regexp.MustCompile(`^</?([a-zA-Z][a-zA-Z0-9-]*)`)
	// attributes that load or run something
	externalRe = regexp.MustCompile(`(?i)\s(src|srcset|action|formaction|background|poster|data)\s*=|\son[a-z]+\s*=|href\s*=\s*"?(https?:|//|javascript:|data:)|url\(|@import`)
)

// templateTags is every element the HTML template writes.
var templateTags = map[string]bool{
	"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "main": true,
	"header": true, "h1": true, "h2": true, "h3": true, "p": true, "table": true, "thead": true, "tbody": true,
	"tr": true, "th": true, "td": true, "code": true, "nav": true, "strong": true, "ol": true, "ul": true, "li": true,
	"a": true, "section": true, "div": true, "svg": true, "text": true, "rect": true, "details": true,
	"summary": true, "span": true, "footer": true, "colgroup": true, "col": true,
}

// assertSelfContained fails when the HTML holds an element the template
// does not write (so injected markup), a script, an event handler, or
// anything that loads a resource from elsewhere.
func assertSelfContained(t *testing.T, out string) {
	t.Helper()
	for _, tag := range tagRe.FindAllString(out, -1) {
		if strings.HasPrefix(tag, "<!DOCTYPE") {
			continue
		}
		m := nameRe.FindStringSubmatch(tag)
		if m == nil || !templateTags[strings.ToLower(m[1])] {
			t.Errorf("unexpected markup %q", clip(tag, 80))
			continue
		}
		if externalRe.MatchString(tag) {
			t.Errorf("tag loads or runs something: %q", clip(tag, 120))
		}
	}
	for _, bad := range []string{"<script", "<img", "<link", "<iframe", "<object", "<embed", "url(", "@import", "@font-face"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}

// xssReport puts markup in every place a value from the data or the user
// can reach: targets, paths, table, sheet and column names, raw samples
// (--show-values), titles, details and errors.
func xssReport() *Report {
	const s1, s2 = `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`
	return &Report{
		Schema: Schema, Tool: Tool{Name: "crmscan", Version: "x"},
		Scan: ScanInfo{Lang: "nl", Targets: []string{"exports/" + s2}, ShowValues: true, Baseline: s1},
		Sources: []Source{{ID: "s1", Kind: "csv", Name: "exports/" + s2 + ".csv", Tables: 1, RowsScanned: 3},
			{ID: "s2", Kind: "csv", Name: s1 + ".csv", Error: s1}},
		Columns: []Column{{Source: "s1", Table: s1, Column: s2, NonEmpty: 3,
			Detections: map[string]Detection{s1: {Count: 3, Ratio: 1}}, Confidence: s2}},
		Findings: []Finding{{ID: "F0001", Rule: "pii.email" + s1, Title: s1, Severity: "high", Confidence: s2, Category: s1,
			Location: Location{Source: "s1", Path: "exports/" + s2 + ".csv", Table: s1, Sheet: s2, Column: s2, Rows: []int64{2}},
			Count:    3, Samples: []string{s1, s2, "=HYPERLINK(\"http://x\")"}, APSteps: []int{3}, GDPR: []string{s1},
			Remediation: s2, Fingerprint: "ab", Columns: []string{s1}, Details: map[string]string{s1: s2},
			Baseline: true, Justification: s1}},
		Checklist: []Checklist{{Step: 3, Title: s1, Status: "fail", Findings: []string{"F0001"}, Questions: []string{s2}}},
		Summary:   Summary{Findings: 1, BySeverity: map[string]int{"high": 1}},
		Errors:    []Error{{Source: "s2", Message: s2}},
	}
}

func TestXSS(t *testing.T) {
	r := xssReport()
	t.Run("html", func(t *testing.T) {
		out := encode(t, "html", r)
		assertSelfContained(t, out)
		if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(out, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Error("the markup is not shown as text")
		}
		if !strings.Contains(out, "script-src") && !strings.Contains(out, "default-src 'none'") {
			t.Error("no Content-Security-Policy that forbids scripts")
		}
	})
	t.Run("md", func(t *testing.T) {
		out := encode(t, "md", r)
		for _, bad := range []string{"<script", "<img"} {
			for _, line := range strings.Split(out, "\n") {
				// Inside a code span markup is shown as typed.
				if strings.Contains(stripCode(line), bad) {
					t.Errorf("Markdown holds raw %q outside a code span: %s", bad, line)
				}
			}
		}
		assertMarkdownTables(t, out)
	})
	t.Run("csv", func(t *testing.T) {
		out := encode(t, "csv", r)
		recs := readCSV(t, out, ';')
		for _, rec := range recs[1:] {
			for _, c := range rec {
				if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
					t.Errorf("cell %q would run as a formula", c)
				}
			}
		}
	})
	t.Run("sarif", func(t *testing.T) {
		out := encode(t, "sarif", r)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("SARIF is not JSON: %v", err)
		}
		if errs := validateSARIF(v); len(errs) > 0 {
			t.Errorf("SARIF invalid: %v", errs)
		}
		// --show-values: raw samples stay out of the message a forge shows.
		if strings.Contains(out, "HYPERLINK") {
			t.Error("raw sample in SARIF")
		}
	})
}

var codeSpan = regexp.MustCompile("`+[^`]*`+")

func stripCode(s string) string { return codeSpan.ReplaceAllString(s, "") }

// assertMarkdownTables checks that every table has a header, a separator
// row and the same number of cells in each row, counting escaped pipes as
// text (as GitHub does).
func assertMarkdownTables(t *testing.T, md string) {
	t.Helper()
	lines := strings.Split(md, "\n")
	tables := 0
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		tables++
		head := cells(lines[i])
		if i+1 >= len(lines) || !regexp.MustCompile(`^\|(\s*-+:?\s*\||\s*:?-+\s*\|)+$`).MatchString(lines[i+1]) {
			t.Fatalf("table at line %d has no separator row: %q", i+1, lines[min(i+1, len(lines)-1)])
		}
		if n := cells(lines[i+1]); n != head {
			t.Errorf("separator of table at line %d has %d cells, header %d", i+1, n, head)
		}
		j := i + 2
		for ; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if n := cells(lines[j]); n != head {
				t.Errorf("row %d has %d cells, header %d: %s", j+1, n, head, lines[j])
			}
		}
		i = j
	}
	if tables == 0 {
		t.Error("no Markdown table")
	}
}

func cells(line string) int {
	line = strings.ReplaceAll(line, `\|`, "")
	return strings.Count(line, "|") - 1
}

func readCSV(t *testing.T, s string, comma rune) [][]string {
	t.Helper()
	if !strings.HasPrefix(s, "\ufeff") {
		t.Error("CSV has no byte-order mark (Excel reads it as ANSI)")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff")))
	cr.Comma = comma
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse with %q: %v", comma, err)
	}
	return recs
}

func TestMarkdown(t *testing.T) {
	for _, lang := range []string{"en", "nl"} {
		t.Run(lang, func(t *testing.T) {
			r := fixture(t, lang)
			out := encode(t, "md", r)
			assertMarkdownTables(t, out)
			want := map[string][]string{
				"en": {"| Severity | Findings |", "AP 10-step scorecard", "Top findings"},
				"nl": {"| Ernst | Bevindingen |", "Scorekaart AP 10-stappenplan", "Overzicht verwerkingen", "Belangrijkste bevindingen",
					"1 bevinding staat in de baseline"},
			}[lang]
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("Markdown lacks %q", w)
				}
			}
		})
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ in, text, code string }{
		{"plain", "plain", "`plain`"},
		{"a|b", `a\|b`, "`a\\|b`"},
		{"<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", "`<b>x</b>`"},
		{"j***@e***.nl", `j\*\*\*&#64;e\*\*\*.nl`, "`j***@e***.nl`"},
		{"a`b", "a\\`b", "`` a`b ``"},
		{"line\nbreak", "line break", "`line break`"},
		{"[x](http://e)", `\[x\](http://e)`, "`[x](http://e)`"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := mdEscape(tt.in); got != tt.text {
				t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.text)
			}
			if got := mdCode(tt.in); got != tt.code {
				t.Errorf("mdCode(%q) = %q, want %q", tt.in, got, tt.code)
			}
		})
	}
}

func TestCSV(t *testing.T) {
	tests := []struct {
		lang   string
		comma  rune
		header string
	}{
		{"en", ',', "severity"},
		{"nl", ';', "ernst"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			r := fixture(t, tt.lang)
			recs := readCSV(t, encode(t, "csv", r), tt.comma)
			if len(recs) != len(r.Findings)+1 {
				t.Fatalf("CSV has %d rows, want %d findings + header", len(recs), len(r.Findings))
			}
			if recs[0][1] != tt.header {
				t.Errorf("header[1] = %q, want %q", recs[0][1], tt.header)
			}
			for i, rec := range recs[1:] {
				if rec[0] != r.Findings[i].ID || len(rec) != len(recs[0]) {
					t.Errorf("row %d = %v", i+1, rec)
				}
			}
		})
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"x", "x"}, {"=1+1", "'=1+1"}, {"+31 6 ****** 78", "'+31 6 ****** 78"},
		{"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"}, {"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := cell(tt.in); got != tt.want {
			t.Errorf("cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRowRangesAndPlural(t *testing.T) {
	tests := []struct {
		rows []int64
		want string
	}{
		{nil, "–"}, {[]int64{2}, "2"}, {[]int64{2, 3}, "2, 3"}, {[]int64{2, 3, 4, 5, 6}, "2–6"},
		{[]int64{4, 7, 10, 13}, "4, 7, 10, 13"}, {[]int64{1, 2, 3, 9, 22, 23, 24}, "1–3, 9, 22–24"},
	}
	for _, tt := range tests {
		if got := rowRanges(tt.rows); got != tt.want {
			t.Errorf("rowRanges(%v) = %q, want %q", tt.rows, got, tt.want)
		}
	}
	if got := plural("nl", 1, "finding"); got != "1 bevinding" {
		t.Errorf("plural(nl, 1) = %q", got)
	}
	if got := plural("nl", 1200, "column"); got != "1.200 kolommen" {
		t.Errorf("plural(nl, 1200) = %q", got)
	}
}

// TestJSONStreamed: the JSON reporter writes element by element, in the
// very bytes encoding/json writes for the whole report.
func TestJSONStreamed(t *testing.T) {
	full := fixture(t, "")
	full.KeyID = "k-12345678"
	full.Trend = []TrendPoint{{Scan: 1, Findings: 2, BySeverity: map[string]int{"high": 2}, ByStep: map[string]int{"3": 2}}}
	for _, r := range []*Report{fixture(t, ""), full, bigReport(30), xssReport(), {}, {Sources: []Source{}, Tables: []Table{{Table: "a<b>&\x1b"}}}} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if err := (JSON{}).Encode(&got, r); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("streamed JSON differs:\n%s\nwant:\n%s", got.String(), want.String())
		}
	}
}
