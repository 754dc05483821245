package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// inRepo runs the test from the repository root, so that report paths read
// testdata/... as a user would type them, and fixes the fingerprint key.
func inRepo(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
	t.Setenv("CRMSCAN_KEY", "golden-test-key")
	version = "test"
}

func crmscan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

var timestamps = regexp.MustCompile(`"(started|finished)": "[^"]*"`)

func scrub(b string) string { return timestamps.ReplaceAllString(b, `"$1": "(scrubbed)"`) }

// TestGolden compares the JSON report of each sample export with its golden
// file; refresh with `go test ./cmd/crmscan -run Golden -update`.
func TestGolden(t *testing.T) {
	inRepo(t)
	cases := []struct{ name, target string }{
		{"contacten_export_nl", "testdata/crm/nl/contacten_export.csv"},
		{"salesforce_contacts_en", "testdata/crm/en/salesforce_contacts.csv"},
		{"products_no_pii", "testdata/crm/products.csv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := crmscan(t, "scan", "-q", "-f", "json", tc.target)
			if code != exitOK {
				t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
			}
			got := scrub(out)
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
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
				t.Errorf("report differs from %s (run `make golden` if the change is intended)\n--- got ---\n%s", path, got)
			}
		})
	}
}

func TestReportModel(t *testing.T) {
	inRepo(t)
	_, out, _ := crmscan(t, "scan", "-q", "-f", "json", "testdata/crm")
	var rep reporters.Report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("report does not decode into the model: %v", err)
	}
	if rep.Schema != "crmscan.report/v1" || rep.Tool.Name != "crmscan" {
		t.Errorf("schema/tool = %q/%q", rep.Schema, rep.Tool.Name)
	}
	if len(rep.Checklist) != 10 {
		t.Fatalf("checklist has %d steps, want 10", len(rep.Checklist))
	}
	status := map[int]string{}
	for _, c := range rep.Checklist {
		status[c.Step] = c.Status
	}
	// BSNs fail steps 3 and 4; steps 6 and 9 are questions for a person.
	if status[3] != "fail" || status[4] != "fail" || status[6] != "manual" || status[9] != "manual" {
		t.Errorf("checklist statuses = %v", status)
	}
	// The generic keys must be present even when empty (not null).
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"schema", "tool", "scan", "sources", "columns", "findings", "checklist", "summary", "errors"} {
		if v, ok := raw[k]; !ok || string(v) == "null" {
			t.Errorf("report key %q missing or null", k)
		}
	}
	for _, f := range rep.Findings {
		if len(f.Fingerprint) != 64 || len(f.APSteps) == 0 || len(f.GDPR) == 0 || f.Remediation == "" {
			t.Errorf("finding %s incomplete: %+v", f.ID, f)
		}
	}
}

func TestExitCodes(t *testing.T) {
	inRepo(t)
	nl := "testdata/crm/nl/contacten_export.csv"
	clean := "testdata/crm/products.csv"
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings at fail-on", []string{"scan", "-q", "--fail-on", "low", nl}, exitFindings},
		{"findings below fail-on", []string{"scan", "-q", "--fail-on", "critical", "testdata/crm/en"}, exitOK},
		{"no fail-on", []string{"scan", "-q", nl}, exitOK},
		{"no personal data", []string{"scan", "-q", "--fail-on", "low", clean}, exitOK},
		{"missing path only", []string{"scan", "-q", "--fail-on", "low", "no/such/file.csv"}, exitUsage},
		{"missing path and others", []string{"scan", "-q", "--fail-on", "low", clean, "no/such/file.csv"}, exitPartial},
		{"findings win over errors", []string{"scan", "-q", "--fail-on", "low", nl, "no/such/file.csv"}, exitFindings},
		{"no target", []string{"scan"}, exitUsage},
		{"bad flag", []string{"scan", "--no-such-flag", clean}, exitUsage},
		{"bad severity", []string{"scan", "--fail-on", "severe", clean}, exitUsage},
		{"bad output extension", []string{"scan", "-o", "report.exe", clean}, exitUsage},
		{"flags after targets", []string{"scan", clean, "-q", "--fail-on", "low"}, exitOK},
		{"unknown command", []string{"scna"}, exitUsage},
		{"bad country", []string{"scan", "--country", "xx", clean}, exitUsage},
		{"country", []string{"scan", "-q", "--country", "us", clean}, exitOK},
		{"bad profile", []string{"scan", "--profile", "sap", clean}, exitUsage},
		{"profile and country", []string{"scan", "-q", "--profile", "salesforce", "--country", "be", clean}, exitOK},
		{"version", []string{"version"}, exitOK},
		{"rules", []string{"rules"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, errOut := crmscan(t, tt.args...); code != tt.want {
				t.Errorf("crmscan %v = exit %d, want %d; stderr: %s", tt.args, code, tt.want, errOut)
			}
		})
	}
}

func TestOutputsAndLanguage(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	js, txt := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.txt")
	code, out, _ := crmscan(t, "scan", "-q", "--lang", "nl", "-o", js, "-o", txt, "testdata/crm/nl")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if out != "" {
		t.Errorf("stdout not empty with only -o: %q", out[:min(80, len(out))])
	}
	b, err := os.ReadFile(js)
	if err != nil || !json.Valid(b) {
		t.Fatalf("json output: %v", err)
	}
	tb, _ := os.ReadFile(txt)
	for _, want := range []string{"BEVINDINGEN", "Burgerservicenummers (BSN)", "Overzicht verwerkingen", "Kenmerk"} {
		if !strings.Contains(string(tb), want) {
			t.Errorf("Dutch text report lacks %q", want)
		}
	}
}

// TestCanary plants known values in a CSV, in structured columns, in free
// text and in a broken file, and asserts that none of them reaches any
// report format or stderr, unless --show-values is given.
func TestCanary(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	canaries := []string{
		"canary.person@ziggo.nl", "+31 6 38 41 52 97", "0638415297", "+31638415297",
		"NL44 RABO 0123 4567 89", "NL44RABO0123456789", "174639016", "1746.39.016",
	}
	csv := "naam;email;tel;rekening;kenmerk;notitie\n" +
		"A;canary.person@ziggo.nl;+31 6 38 41 52 97;NL44 RABO 0123 4567 89;174639016;bel 0638415297 of mail canary.person@ziggo.nl, bsn 1746.39.016\n" +
		"B;canary.person@ziggo.nl;0638415297;NL44RABO0123456789;174639016;\"onafgesloten \n"
	os.WriteFile(filepath.Join(dir, "export.csv"), []byte(csv), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.csv"), []byte("\x00\x01canary.person@ziggo.nl 174639016\x00"), 0o644)

	var all strings.Builder
	for _, f := range []string{"json", "text"} {
		out := filepath.Join(dir, "report."+map[string]string{"json": "json", "text": "txt"}[f])
		_, stdout, stderr := crmscan(t, "scan", "-f", f, "-o", out, "-o", "-", dir, filepath.Join(dir, "broken.csv"))
		b, _ := os.ReadFile(out)
		all.WriteString(stdout + stderr + string(b))
	}
	report := all.String()
	if !strings.Contains(report, "pii.bsn") || !strings.Contains(report, "pii.iban") {
		t.Fatalf("canary values were not detected at all:\n%s", report)
	}
	for _, c := range canaries {
		if strings.Contains(report, c) {
			t.Errorf("raw value %q leaked into a report or stderr", c)
		}
	}

	_, stdout, stderr := crmscan(t, "scan", "-f", "json", "--show-values", filepath.Join(dir, "export.csv"))
	if !strings.Contains(stdout, "canary.person@ziggo.nl") {
		t.Error("--show-values did not put the raw value in the report")
	}
	if !strings.Contains(stderr, "WARNING") {
		t.Error("--show-values did not warn on stderr")
	}
}

// Issue 4: the backups folder with a truncated workbook beside it is read
// whole, the workbook is one error, and the exit code is 3.
func TestBackupsWithTruncatedWorkbookExit3(t *testing.T) {
	inRepo(t)
	b, err := os.ReadFile("testdata/crm/backups/contacts.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "truncated.xlsx")
	os.WriteFile(bad, b[:len(b)/2], 0o644)
	code, out, errOut := crmscan(t, "scan", "-q", "-f", "json", "testdata/crm/backups", bad)
	if code != exitPartial {
		t.Fatalf("exit %d, want 3; stderr: %s", code, errOut)
	}
	var rep reporters.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 {
		t.Errorf("errors = %+v, want the truncated workbook only", rep.Errors)
	}
	if code, _, _ := crmscan(t, "scan", "-q", "testdata/crm"); code != exitOK {
		t.Errorf("the demo data (testdata/crm) exits %d, want 0", code)
	}
}

// TestRulesList checks that crmscan rules lists every detector's rule with
// its category, severity, AP steps and GDPR articles, in English and Dutch.
func TestRulesList(t *testing.T) {
	code, out, _ := crmscan(t, "rules")
	if code != exitOK || !strings.HasPrefix(out, "RULE") || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "CATEGORY") {
		t.Fatalf("rules: exit %d, header %q", code, strings.SplitN(out, "\n", 2)[0])
	}
	for _, d := range detectors.All() {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, detectors.RuleOf(d)+" ") {
				line = l
			}
		}
		if line == "" || !strings.Contains(line, "Art. ") {
			t.Errorf("rules: no line with GDPR articles for %s (detector %s)", detectors.RuleOf(d), d.ID())
		}
	}
	code, out, _ = crmscan(t, "rules", "--lang", "nl")
	if code != exitOK || !strings.HasPrefix(out, "REGEL") || !strings.Contains(out, "Records van minderjarigen") ||
		!strings.Contains(out, " hoog ") || strings.Contains(out, " high ") || !strings.Contains(out, "art. 8 AVG; overweging 38 AVG") {
		t.Errorf("rules --lang nl: exit %d, %q", code, out[:min(200, len(out))])
	}
}

// TestFailOnHighGradesPlainTextExports is the README's CI example: an export
// of names and e-mail addresses passes --fail-on high (its plain-text risk is
// low), the same export with a BSN column fails it.
func TestFailOnHighGradesPlainTextExports(t *testing.T) {
	t.Setenv("CRMSCAN_KEY", "grade-test-key")
	dir := t.TempDir()
	var plain, withBSN strings.Builder
	plain.WriteString("voornaam,achternaam,email\n")
	withBSN.WriteString("voornaam,achternaam,email,bsn\n")
	first := []string{"Anna", "Jan", "Fatima", "Pieter", "Sanne", "Mohammed", "Lotte", "Daan"}
	last := []string{"de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Yilmaz", "Smit", "Mulder"}
	bsns := []string{"111222333", "123456782", "010000013", "100000009", "999999990", "111111110", "123456707", "100000010"}
	for i := range first {
		row := fmt.Sprintf("%s,%s,%s.%d@voorbeeld.nl", first[i], last[i], strings.ToLower(first[i]), i)
		plain.WriteString(row + "\n")
		withBSN.WriteString(row + "," + bsns[i] + "\n")
	}
	a, b := filepath.Join(dir, "mailing.csv"), filepath.Join(dir, "mailing_bsn.csv")
	if err := os.WriteFile(a, []byte(plain.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(withBSN.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := crmscan(t, "scan", "-q", "--fail-on", "high", "-f", "json", a)
	if code != exitOK {
		t.Fatalf("names and e-mail addresses: exit %d, want %d; stderr: %s\n%s", code, exitOK, errOut, out)
	}
	var rep reporters.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "security.unencrypted_export" {
			found = true
			if f.Severity != "low" {
				t.Errorf("unencrypted export of contact data: severity %s, want low", f.Severity)
			}
		}
	}
	if !found {
		t.Error("no security.unencrypted_export finding for a plain-text export of e-mail addresses")
	}
	if code, _, errOut := crmscan(t, "scan", "-q", "--fail-on", "high", b); code != exitFindings {
		t.Errorf("with a BSN column: exit %d, want %d; stderr: %s", code, exitFindings, errOut)
	}
}

// TestCommandLine: GNU-style flags, a suggestion for a typo, help per
// command, -o /dev/null, and single-dash long flags of earlier versions.
func TestCommandLine(t *testing.T) {
	inRepo(t)
	clean := "testdata/crm/products.csv"
	code, _, errOut := crmscan(t, "scan", "--fial-on", "high", clean)
	if code != exitUsage || !strings.Contains(errOut, "Did you mean --fail-on?") || strings.Count(errOut, "\n") > 4 {
		t.Errorf("typo: exit %d, stderr %q; want a short error suggesting --fail-on", code, errOut)
	}
	if code, _, errOut := crmscan(t, "sacn", clean); code != exitUsage || !strings.Contains(errOut, `did you mean "scan"`) {
		t.Errorf("command typo: exit %d, stderr %q", code, errOut)
	}
	code, out, _ := crmscan(t, "help", "scan")
	if code != exitOK || !strings.Contains(out, "Usage: crmscan scan") || !strings.Contains(out, "--fail-on") || !strings.Contains(out, "-o, --output") {
		t.Errorf("help scan: exit %d, stdout %q", code, out)
	}
	for _, c := range []string{"rules", "diff", "baseline", "gate", "subject"} {
		if code, out, _ := crmscan(t, "help", c); code != exitOK || !strings.Contains(out, "crmscan "+c) {
			t.Errorf("help %s: exit %d, stdout %q", c, code, out)
		}
	}
	if code, out, errOut := crmscan(t, "scan", "-q", "-o", "/dev/null", clean); code != exitOK || out != "" {
		t.Errorf("-o /dev/null: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = crmscan(t, "scan", "-q", "-o", "-", "-f", "json", clean)
	if code != exitOK || strings.Count(out, `"schema"`) != 1 {
		t.Errorf("-o - -f json: exit %d, %d reports on stdout; stderr %q", code, strings.Count(out, `"schema"`), errOut)
	}
	if code, _, errOut := crmscan(t, "scan", "-q", "-fail-on", "low", "-format=json", "testdata/crm/nl/contacten_export.csv"); code != exitFindings {
		t.Errorf("single-dash long flags: exit %d, stderr %q", code, errOut)
	}
}

// TestConcurrentReports: scans writing one -o file at once always leave a
// valid report and no temporary file; -o /dev/null still works.
func TestConcurrentReports(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	js := filepath.Join(dir, "r.json")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out, errb bytes.Buffer
			if code := run(context.Background(), []string{"scan", "-q", "-o", js, "-o", os.DevNull, "testdata/crm/nl"}, &out, &errb); code != exitOK {
				t.Errorf("exit %d: %s", code, errb.String())
			}
		}()
	}
	wg.Wait()
	b, err := os.ReadFile(js)
	if err != nil || !json.Valid(b) {
		t.Fatalf("report after concurrent scans: %v, valid %v", err, json.Valid(b))
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("folder holds %d entries, want only r.json", len(es))
	}
}

// TestHostileNames: file and column names with ANSI and OSC escapes,
// newlines, C1 controls and bidi overrides reach no report format raw; a
// newline in a name does not break the text report's lines.
func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	names := []string{
		"osc\x1b]0;pwned\x07title.csv",
		"ansi\x1b[31mred.csv",
		"new\nline.csv",
		"bidi\u202eTXT.csv",
		"c1\u009b2J.csv",
	}
	for _, n := range names {
		body := "email,\x1b[2Jnaam\u202e\n"
		for i := range 5 {
			body += fmt.Sprintf("jan%d@voorbeeld.nl,Jan\n", i)
		}
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Skipf("the file system refuses the name %q: %v", n, err)
		}
	}
	out := t.TempDir()
	var args []string
	exts := []string{".txt", ".md", ".csv", ".html", ".sarif", ".json"}
	for _, e := range exts {
		args = append(args, "-o", filepath.Join(out, "r"+e))
	}
	code, stdout, stderr := crmscan(t, append(append([]string{"scan", "-f", "text"}, args...), dir)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	bad := func(s string) (string, bool) {
		for _, r := range s {
			switch {
			case r == '\n' || r == '\t' || r == '\r':
			case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
				return fmt.Sprintf("%U", r), true
			}
		}
		return "", false
	}
	check := func(name, s string) {
		if r, ok := bad(s); ok {
			t.Errorf("%s holds a raw %s", name, r)
		}
	}
	check("stdout", stdout)
	check("stderr", stderr)
	for _, e := range exts {
		b, err := os.ReadFile(filepath.Join(out, "r"+e))
		if err != nil {
			t.Fatal(err)
		}
		check("r"+e, string(b))
		if e == ".json" {
			var rep struct {
				Sources []struct{ Name string }
			}
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, s := range rep.Sources {
				for _, n := range names {
					if strings.HasSuffix(s.Name, n) {
						found++ // JSON keeps the real name, escaped by the syntax
					}
				}
			}
			if found != len(names) {
				t.Errorf("JSON names %d of %d files by their real names", found, len(names))
			}
		}
	}
	// The text report: every source on a line of its own.
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "line.csv") {
			t.Errorf("a newline in a file name broke a line of the text report: %q", line)
		}
	}
	if !strings.Contains(stdout, `new\nline.csv`) {
		t.Errorf("text report lacks the escaped name new\\nline.csv:\n%s", stdout)
	}
}
