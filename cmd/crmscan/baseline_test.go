package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/baseline"
	"github.com/crmscan/crmscan/reporters"
)

// exportDir writes a small CRM export to a temporary exports/ folder.
func exportDir(t *testing.T) (root, csvPath string) {
	t.Helper()
	root = t.TempDir()
	dir := filepath.Join(root, "exports")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csvPath = filepath.Join(dir, "klanten.csv")
	csv := "klantnr;voornaam;achternaam;email;telefoon\n" +
		"1;Jan;Jansen;jan.jansen@ziggo.nl;06 12345678\n" +
		"2;Piet;de Vries;p.devries@kpnmail.nl;06 23456789\n" +
		"3;Anna;Bakker;anna.bakker@gmail.com;06 34567890\n" +
		"4;Els;Visser;els.visser@hetnet.nl;06 45678901\n"
	if err := os.WriteFile(csvPath, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, csvPath
}

// addIBANColumn appends an IBAN column to the export.
func addIBANColumn(t *testing.T, csvPath string) {
	t.Helper()
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	ibans := []string{"NL44RABO0123456789", "NL69INGB0123456789", "NL02ABNA0123456789", "NL13TRIO0123456789"}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	lines[0] += ";rekeningnummer"
	for i := 1; i < len(lines); i++ {
		lines[i] += ";" + ibans[(i-1)%len(ibans)]
	}
	if err := os.WriteFile(csvPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBaselineAndDiff is the periodic-audit workflow end to end: a scan
// against its own baseline passes --fail-on low; a new IBAN column fails
// it, and diff names the new finding.
func TestBaselineAndDiff(t *testing.T) {
	inRepo(t)
	root, csvPath := exportDir(t)
	exports := filepath.Join(root, "exports")
	old, base, cur := filepath.Join(root, "old.json"), filepath.Join(root, "baseline.json"), filepath.Join(root, "new.json")

	if code, _, errOut := crmscan(t, "scan", "-q", "--lang", "nl", "-o", old, exports); code != exitOK {
		t.Fatalf("first scan: exit %d: %s", code, errOut)
	}
	if code, _, errOut := crmscan(t, "baseline", old, "-o", base, "--justification", "bekend, zie PRIV-12"); code != exitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	b, err := baseline.Load(base)
	if err != nil || len(b.Findings) == 0 || b.Findings[0].Justification != "bekend, zie PRIV-12" {
		t.Fatalf("baseline file: %+v, %v", b, err)
	}

	tests := []struct {
		name     string
		args     []string
		want     int
		suppress bool
	}{
		{"without baseline", []string{"scan", "-q", "--fail-on", "low", exports}, exitFindings, false},
		{"against the report", []string{"scan", "-q", "--fail-on", "low", "--baseline", old, "-f", "json", exports}, exitOK, true},
		{"against the baseline file", []string{"scan", "-q", "--fail-on", "low", "--baseline", base, "-f", "json", exports}, exitOK, true},
		{"bad baseline", []string{"scan", "-q", "--baseline", csvPath, exports}, exitUsage, false},
		{"missing baseline", []string{"scan", "-q", "--baseline", filepath.Join(root, "nope.json"), exports}, exitUsage, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := crmscan(t, tt.args...)
			if code != tt.want {
				t.Fatalf("crmscan %v = exit %d, want %d; stderr: %s", tt.args, code, tt.want, errOut)
			}
			if !tt.suppress {
				return
			}
			var rep reporters.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Summary.Suppressed != len(rep.Findings) || rep.Summary.Suppressed == 0 {
				t.Errorf("suppressed %d of %d findings", rep.Summary.Suppressed, len(rep.Findings))
			}
			for _, f := range rep.Findings {
				if !f.Baseline {
					t.Errorf("%s %s not marked baseline", f.ID, f.Rule)
				}
			}
		})
	}

	addIBANColumn(t, csvPath)
	code, _, errOut := crmscan(t, "scan", "-q", "--lang", "nl", "--fail-on", "low", "--baseline", base, "-o", cur, exports)
	if code != exitFindings {
		t.Fatalf("scan with a new IBAN column: exit %d, want %d; stderr: %s", code, exitFindings, errOut)
	}
	rep, err := baseline.LoadReport(cur)
	if err != nil {
		t.Fatal(err)
	}
	var iban *reporters.Finding
	for i := range rep.Findings {
		if f := &rep.Findings[i]; f.Rule == "pii.iban" {
			iban = f
		}
	}
	if iban == nil || iban.Baseline || rep.Summary.Suppressed == 0 {
		t.Fatalf("IBAN finding %+v, suppressed %d", iban, rep.Summary.Suppressed)
	}

	for _, format := range []string{"text", "md", "json"} {
		t.Run("diff "+format, func(t *testing.T) {
			code, out, errOut := crmscan(t, "diff", "-f", format, old, cur)
			if code != exitOK {
				t.Fatalf("diff: exit %d: %s", code, errOut)
			}
			for _, want := range []string{"pii.iban", "rekeningnummer", "Meldplicht datalekken"} {
				if format == "md" && want == "pii.iban" {
					want = "Bankrekeningnummers (IBAN)"
				}
				if !strings.Contains(out, want) {
					t.Errorf("diff (%s) does not name %q:\n%s", format, want, out)
				}
			}
			if format == "json" {
				var d baseline.Diff
				if err := json.Unmarshal([]byte(out), &d); err != nil {
					t.Fatal(err)
				}
				if len(d.Added) == 0 || d.Added[0].Rule != "pii.iban" && !hasRule(d.Added, "pii.iban") {
					t.Errorf("new findings = %+v", d.Added)
				}
				if len(d.Resolved) != 0 {
					t.Errorf("resolved = %+v, want none", d.Resolved)
				}
			}
		})
	}
	if code, _, _ := crmscan(t, "diff", "--fail-on", "high", old, cur); code != exitFindings {
		t.Errorf("diff --fail-on high with a new IBAN = exit %d, want %d", code, exitFindings)
	}
	if code, out, _ := crmscan(t, "diff", old, old); code != exitOK || !strings.Contains(out, "Geen wijzigingen") {
		t.Errorf("diff of a report with itself = exit %d: %s", code, out)
	}
}

func hasRule(fs []reporters.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func TestBaselineUsage(t *testing.T) {
	inRepo(t)
	root, _ := exportDir(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no report", []string{"baseline"}, exitUsage},
		{"two reports", []string{"baseline", "a.json", "b.json"}, exitUsage},
		{"missing report", []string{"baseline", filepath.Join(root, "nope.json")}, exitUsage},
		{"not a report", []string{"baseline", filepath.Join(root, "exports", "klanten.csv")}, exitUsage},
		{"diff one report", []string{"diff", "a.json"}, exitUsage},
		{"diff bad format", []string{"diff", "-f", "html", "a.json", "b.json"}, exitUsage},
		{"help", []string{"baseline", "--help"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, errOut := crmscan(t, tt.args...); code != tt.want {
				t.Errorf("crmscan %v = exit %d, want %d; stderr: %s", tt.args, code, tt.want, errOut)
			}
		})
	}
}

// TestAllFormats writes the five report formats in one Dutch scan.
func TestAllFormats(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	out := map[string]string{}
	args := []string{"scan", "-q", "--lang", "nl"}
	for _, ext := range []string{"sarif", "html", "md", "csv", "json"} {
		out[ext] = filepath.Join(dir, "r."+ext)
		args = append(args, "-o", out[ext])
	}
	args = append(args, "testdata/crm/nl")
	if code, stdout, errOut := crmscan(t, args...); code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, errOut)
	}
	read := func(ext string) string {
		b, err := os.ReadFile(out[ext])
		if err != nil || len(b) == 0 {
			t.Fatalf("%s not written: %v", ext, err)
		}
		return string(b)
	}
	var sarif map[string]any
	if err := json.Unmarshal([]byte(read("sarif")), &sarif); err != nil || sarif["version"] != "2.1.0" {
		t.Errorf("SARIF: %v, version %v", err, sarif["version"])
	}
	html := read("html")
	for _, step := range []string{"Bewustwording", "Rechten van betrokkenen", "Overzicht verwerkingen",
		"Functionaris voor gegevensbescherming", "Meldplicht datalekken", "Verwerkersovereenkomst",
		"Leidende toezichthouder", "Toestemming", "Managementsamenvatting"} {
		if !strings.Contains(html, step) {
			t.Errorf("HTML lacks the Dutch step %q", step)
		}
	}
	if m := regexp.MustCompile(`(?i)<(script|link|img|iframe)|\s(src|srcset)\s*=|url\(|@import|https?://[^"<\s]*"`).FindString(html); m != "" {
		t.Errorf("HTML loads something from elsewhere: %q", m)
	}
	md := read("md")
	if !strings.Contains(md, "| Ernst | Bevindingen |\n|---|---:|") || !strings.Contains(md, "| Stap |") {
		t.Errorf("Markdown has no tables:\n%s", md)
	}
	csv := read("csv")
	if !strings.HasPrefix(csv, "\ufeffid;ernst;") {
		t.Errorf("CSV header = %q", csv[:min(40, len(csv))])
	}
	if !json.Valid([]byte(read("json"))) {
		t.Error("JSON report invalid")
	}
}

// TestKeyIDs: every report names its key; diff refuses two reports of
// different keys and names both; --baseline refuses a baseline of another
// key; in CI a missing key is an error, never a silently created key file.
func TestKeyIDs(t *testing.T) {
	inRepo(t)
	root, _ := exportDir(t)
	exports := filepath.Join(root, "exports")
	a, b, base := filepath.Join(root, "a.json"), filepath.Join(root, "b.json"), filepath.Join(root, "base.json")
	t.Setenv("CRMSCAN_KEY", "key-one-for-the-first-quarter")
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", a, exports); code != exitOK {
		t.Fatalf("scan a: exit %d: %s", code, errOut)
	}
	if code, _, errOut := crmscan(t, "baseline", a, "-o", base); code != exitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	t.Setenv("CRMSCAN_KEY", "key-two-for-the-second-quarter")
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", b, exports); code != exitOK {
		t.Fatalf("scan b: exit %d: %s", code, errOut)
	}
	ra, err := baseline.LoadReport(a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := baseline.LoadReport(b)
	if err != nil {
		t.Fatal(err)
	}
	if ra.KeyID == "" || rb.KeyID == "" || ra.KeyID == rb.KeyID {
		t.Fatalf("key IDs %q and %q: want two different, non-empty IDs", ra.KeyID, rb.KeyID)
	}
	for _, p := range []string{a, b, base} {
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "quarter") {
			t.Errorf("%s holds the key", p)
		}
	}
	code, _, errOut := crmscan(t, "diff", a, b)
	if code != exitUsage || !strings.Contains(errOut, ra.KeyID) || !strings.Contains(errOut, rb.KeyID) {
		t.Errorf("diff of two keys: exit %d, stderr %q; want exit %d naming %s and %s", code, errOut, exitUsage, ra.KeyID, rb.KeyID)
	}
	code, _, errOut = crmscan(t, "scan", "-q", "--baseline", base, exports)
	if code != exitUsage || !strings.Contains(errOut, ra.KeyID) || !strings.Contains(errOut, rb.KeyID) {
		t.Errorf("--baseline of another key: exit %d, stderr %q; want exit %d naming both keys", code, errOut, exitUsage)
	}
	t.Setenv("CRMSCAN_KEY", "key-one-for-the-first-quarter")
	if code, _, errOut := crmscan(t, "scan", "-q", "--fail-on", "low", "--baseline", base, exports); code != exitOK {
		t.Errorf("--baseline of the same key: exit %d: %s", code, errOut)
	}

	home := t.TempDir()
	t.Setenv("CRMSCAN_KEY", "")
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	t.Setenv("CI", "true")
	code, _, errOut = crmscan(t, "scan", "-q", exports)
	if code != exitUsage || !strings.Contains(errOut, "CRMSCAN_KEY") {
		t.Errorf("CI without a key: exit %d, stderr %q; want exit %d saying how to set CRMSCAN_KEY", code, errOut, exitUsage)
	}
	t.Setenv("CI", "")
	code, _, errOut = crmscan(t, "scan", exports)
	if code != exitOK || !strings.Contains(errOut, "created a new fingerprint key") {
		t.Errorf("first scan without a key: exit %d, stderr %q; want a notice of the new key", code, errOut)
	}
}

// TestFindingIDsStable: two scans of slightly different data keep the IDs
// of the findings they share, though a new, more severe finding comes first.
func TestFindingIDsStable(t *testing.T) {
	inRepo(t)
	root, csvPath := exportDir(t)
	exports := filepath.Join(root, "exports")
	a, b := filepath.Join(root, "a.json"), filepath.Join(root, "b.json")
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", a, exports); code != exitOK {
		t.Fatalf("scan a: exit %d: %s", code, errOut)
	}
	addIBANColumn(t, csvPath)
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", b, exports); code != exitOK {
		t.Fatalf("scan b: exit %d: %s", code, errOut)
	}
	ra, _ := baseline.LoadReport(a)
	rb, _ := baseline.LoadReport(b)
	ids := map[string]string{}
	for _, f := range rb.Findings {
		ids[fmt.Sprint(f.Rule, "|", f.Location.Column, "|", f.TestValue)] = f.ID
	}
	shared := 0
	for _, f := range ra.Findings {
		if !regexp.MustCompile(`^F-[0-9a-f]{6}$`).MatchString(f.ID) {
			t.Errorf("finding ID %q, want F- and six hex digits", f.ID)
		}
		if id, ok := ids[fmt.Sprint(f.Rule, "|", f.Location.Column, "|", f.TestValue)]; ok {
			shared++
			if id != f.ID {
				t.Errorf("%s on %q: ID %s in the first scan, %s in the second", f.Rule, f.Location.Column, f.ID, id)
			}
		}
	}
	if shared < 3 || len(rb.Findings) <= len(ra.Findings) {
		t.Errorf("%d shared findings, %d then %d findings: the test data did not do what it should", shared, len(ra.Findings), len(rb.Findings))
	}
}

// TestBaselineNoticesGrowth: a baselined IBAN column that gains a value
// fails --fail-on again, marked changed; a tolerance in the baseline file
// lets it pass.
func TestBaselineNoticesGrowth(t *testing.T) {
	inRepo(t)
	root, csvPath := exportDir(t)
	exports := filepath.Join(root, "exports")
	addIBANColumn(t, csvPath)
	first, base := filepath.Join(root, "first.json"), filepath.Join(root, "baseline.json")
	if code, _, errOut := crmscan(t, "scan", "-q", "-o", first, exports); code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, errOut)
	}
	if code, _, errOut := crmscan(t, "baseline", first, "-o", base); code != exitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	if code, _, errOut := crmscan(t, "scan", "-q", "--fail-on", "low", "--baseline", base, exports); code != exitOK {
		t.Fatalf("unchanged data against its baseline: exit %d: %s", code, errOut)
	}
	f, err := os.OpenFile(csvPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("5;Kees;Smit;kees.smit@ziggo.nl;06 56789012;NL44RABO0123456789\n")
	f.Close()
	code, out, errOut := crmscan(t, "scan", "-q", "--fail-on", "low", "--baseline", base, "-f", "json", exports)
	if code != exitFindings {
		t.Fatalf("a grown IBAN column: exit %d, want %d: %s", code, exitFindings, errOut)
	}
	var rep reporters.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	grown := false
	for _, f := range rep.Findings {
		if f.Rule == "pii.iban" {
			grown = f.Changed && !f.Baseline && f.BaselineCount > 0 && f.Count == f.BaselineCount+1
		}
	}
	if !grown || rep.Summary.Changed == 0 {
		for _, f := range rep.Findings {
			t.Logf("%s %s changed=%v %d→%d", f.Rule, f.Location.Column, f.Changed, f.BaselineCount, f.Count)
		}
		t.Errorf("the IBAN finding is not marked changed, one value more (summary changed %d)", rep.Summary.Changed)
	}
	_, text, _ := crmscan(t, "scan", "-q", "--baseline", base, exports)
	if !strings.Contains(text, "grown beyond the baseline: ") || !strings.Contains(text, "[baseline]") {
		t.Errorf("the text report does not mark baselined and grown findings:\n%s", text)
	}
	// A tolerance of 50% accepts the fifth value.
	b, err := baseline.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	b.Tolerance = 0.5
	w, err := os.Create(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Write(w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if code, _, errOut := crmscan(t, "scan", "-q", "--fail-on", "low", "--baseline", base, exports); code != exitOK {
		t.Errorf("growth within the tolerance: exit %d: %s", code, errOut)
	}
}

// TestHistory: four scans stored with --history; the HTML of the last shows
// the trend chart; history lists them; diff audit.db previous compares the
// last two; a damaged history costs no scan.
func TestHistory(t *testing.T) {
	inRepo(t)
	root, csvPath := exportDir(t)
	exports := filepath.Join(root, "exports")
	db := filepath.Join(root, "audit.db")
	html := filepath.Join(root, "report.html")
	for i := range 4 {
		if i == 3 {
			addIBANColumn(t, csvPath)
		}
		if code, _, errOut := crmscan(t, "scan", "-q", "--history", db, "-o", html, exports); code != exitOK {
			t.Fatalf("scan %d: exit %d: %s", i+1, code, errOut)
		}
	}
	page, _ := os.ReadFile(html)
	if !strings.Contains(string(page), `class="chart trend"`) || strings.Count(string(page), "<polyline") < 2 {
		t.Errorf("the HTML of the fourth scan has no trend chart")
	}
	code, out, errOut := crmscan(t, "history", db)
	if code != exitOK || strings.Count(out, "\n") != 5 || !strings.Contains(out, "k-") {
		t.Errorf("history: exit %d, stdout:\n%s\nstderr: %s", code, out, errOut)
	}
	code, out, errOut = crmscan(t, "diff", "-f", "json", db, "previous")
	if code != exitOK {
		t.Fatalf("diff audit.db previous: exit %d: %s", code, errOut)
	}
	var d baseline.Diff
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Added) == 0 || d.Added[0].Rule != "pii.iban" {
		t.Errorf("diff of the last two scans: added %+v, want the IBAN column", d.Added)
	}
	if code, _, _ := crmscan(t, "diff", db, "1", "2"); code != exitOK {
		t.Errorf("diff audit.db 1 2: exit %d", code)
	}
	if code, _, errOut := crmscan(t, "diff", db, "17"); code != exitUsage || !strings.Contains(errOut, "no such scan") {
		t.Errorf("diff of a missing scan: exit %d, %s", code, errOut)
	}
	// A damaged history: the scan still writes its report, and says why it
	// exits 3.
	bad := filepath.Join(root, "bad.db")
	os.WriteFile(bad, []byte(strings.Repeat("garbage ", 1000)), 0o600)
	rep := filepath.Join(root, "r.json")
	code, _, errOut = crmscan(t, "scan", "-q", "--history", bad, "-o", rep, exports)
	if code != exitPartial || !strings.Contains(errOut, bad) {
		t.Errorf("a damaged history: exit %d, stderr %q; want exit 3 naming it", code, errOut)
	}
	if _, err := baseline.LoadReport(rep); err != nil {
		t.Errorf("the report of a scan with a damaged history: %v", err)
	}
}
