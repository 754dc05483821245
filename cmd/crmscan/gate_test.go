package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/gate"
	"github.com/crmscan/crmscan/reporters"
)

// fixClock sets the gate's clock for one test.
func fixClock(t *testing.T, day string) {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	old := gateNow
	gateNow = func() time.Time { return d.Add(12 * time.Hour) }
	t.Cleanup(func() { gateNow = old })
}

// mailingExport writes a mailing-house export: names, e-mail addresses,
// postcodes and an opt-in that is true on every row, plus what extra adds
// to each row (a header cell, then one cell per row).
func mailingExport(t *testing.T, dir string, edit func(header []string, rows [][]string) ([]string, [][]string)) string {
	t.Helper()
	header := []string{"naam", "email", "postcode", "opt_in"}
	rows := [][]string{
		{"Jan Jansen", "jan.jansen@ziggo.nl", "1012 AB", "true"},
		{"Piet de Vries", "piet.devries@kpnmail.nl", "3511 CE", "true"},
		{"Anna Bakker", "anna.bakker@gmail.com", "2513 AA", "true"},
		{"Kees Visser", "kees.visser@xs4all.nl", "9711 LM", "true"},
		{"Sanne de Boer", "sanne.deboer@hotmail.com", "5611 AZ", "true"},
	}
	if edit != nil {
		header, rows = edit(header, rows)
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	folder := filepath.Join(dir, "mailinghouse")
	os.MkdirAll(folder, 0o755)
	path := filepath.Join(folder, "newsletter.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return folder
}

func addColumn(name string, values ...string) func([]string, [][]string) ([]string, [][]string) {
	return func(h []string, rows [][]string) ([]string, [][]string) {
		h = append(h, name)
		for i := range rows {
			v := ""
			if i < len(values) {
				v = values[i]
			}
			rows[i] = append(rows[i], v)
		}
		return h, rows
	}
}

// gateReport decodes a gate run's JSON report.
func gateReport(t *testing.T, out string) *reporters.Report {
	t.Helper()
	var rep reporters.Report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	return &rep
}

func gateFindings(rep *reporters.Report) []reporters.Finding {
	var out []reporters.Finding
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "gate.") {
			out = append(out, f)
		}
	}
	return out
}

func TestGate(t *testing.T) {
	inRepo(t)
	policy := "testdata/policies/mailinghouse.toml"
	type want struct{ rule, column, clause, text string }
	tests := []struct {
		name   string
		edit   func([]string, [][]string) ([]string, [][]string)
		policy string // "" = the mailing house's
		day    string
		code   int
		want   []want
	}{
		{name: "keeps to the policy", day: "2026-06-01", code: exitOK},
		{name: "iban column", edit: addColumn("iban", "NL20INGB0001234567", "NL02RABO0123456789", "NL44RABO0123456789", "NL39RABO0300065264", "NL86INGB0002445588"),
			day: "2026-06-01", code: exitFindings,
			want: []want{{"gate.kind_not_allowed", "iban", "allow", "iban in column iban breaks clause allow"}}},
		{name: "notes with a diagnosis", edit: addColumn("opmerkingen", "patient heeft diabetes"),
			day: "2026-06-01", code: exitFindings,
			want: []want{
				{"gate.sensitive_kind_not_allowed", "opmerkingen", "allow", "special.health in column opmerkingen breaks clause allow"},
				{"gate.kind_not_allowed", "opmerkingen", "allow", "notes in column opmerkingen breaks clause allow"},
			}},
		{name: "a row whose opt-in is false", edit: func(h []string, rows [][]string) ([]string, [][]string) {
			rows[2][3] = "0"
			return h, rows
		}, day: "2026-06-01", code: exitFindings,
			want: []want{{"gate.opted_out_rows", "opt_in", "require", `1 rows of table newsletter.csv belong to people who opted out (column opt_in); clause require (require column = "opt_in", equals = "true")`}}},
		{name: "expired agreement", day: "2027-02-01", code: exitFindings,
			want: []want{{"gate.agreement_expired", "", "agreement_end", "the processor agreement VWO-2025-014 with Mailhuis Noord BV ended on 2027-01-31"}}},
		{name: "agreement ends today", day: "2027-01-31", code: exitOK},
		{name: "country outside the EEA without SCCs", policy: "in", day: "2026-06-01", code: exitFindings,
			want: []want{{"gate.transfer_outside_eea", "", "countries", "processes in IN, outside the EEA"}}},
		{name: "country outside the EEA with SCCs", policy: "in-sccs", day: "2026-06-01", code: exitOK},
		{name: "over max_rows", policy: "max3", day: "2026-06-01", code: exitFindings,
			want: []want{{"gate.max_rows", "", "max_rows", "table newsletter.csv has 5 rows, over clause max_rows (max_rows = 3)"}}},
	}
	src, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fixClock(t, tt.day)
			dir := t.TempDir()
			export := mailingExport(t, dir, tt.edit)
			pol := policy
			if tt.policy != "" {
				s := string(src)
				switch tt.policy {
				case "in":
					s = strings.Replace(s, `countries = ["NL", "DE"]`, `countries = ["NL", "IN"]`, 1)
				case "in-sccs":
					s = strings.Replace(s, `countries = ["NL", "DE"]`, "countries = [\"NL\", \"IN\"]\nsccs = true", 1)
				case "max3":
					s = strings.Replace(s, "max_rows = 5000", "max_rows = 3", 1)
				}
				pol = filepath.Join(dir, "policy.toml")
				os.WriteFile(pol, []byte(s), 0o644)
			}
			txt := filepath.Join(dir, "report.txt")
			code, out, errOut := crmscan(t, "gate", "-q", "--policy", pol, "-f", "json", "-o", txt, export)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			rep := gateReport(t, out)
			got := gateFindings(rep)
			if len(got) != len(tt.want) {
				t.Fatalf("gate findings = %+v, want %d", got, len(tt.want))
			}
			text, _ := os.ReadFile(txt)
			for i, w := range tt.want {
				f := got[i]
				if f.Rule != w.rule || f.Location.Column != w.column || f.Details["clause"] != w.clause ||
					f.Details["policy"] != pol || f.Details["recipient"] != "Mailhuis Noord BV" {
					t.Errorf("finding %d = %s column %q clause %q details %v, want %s column %q clause %q",
						i, f.Rule, f.Location.Column, f.Details["clause"], f.Details, w.rule, w.column, w.clause)
				}
				if !strings.Contains(f.Title, w.text) {
					t.Errorf("finding %d title %q lacks %q", i, f.Title, w.text)
				}
				for name, s := range map[string]string{"text report": string(text), "stderr": errOut} {
					if !strings.Contains(s, w.text) {
						t.Errorf("%s lacks %q:\n%s", name, w.text, s)
					}
				}
			}
			if tt.code == exitOK {
				// It passes though it holds personal data: the scan's
				// findings are there, accepted by the policy.
				accepted := 0
				for _, f := range rep.Findings {
					if f.Rule == "pii.email" || f.Rule == "pii.name" {
						if !f.Baseline || !strings.Contains(f.Justification, "allowed by policy") {
							t.Errorf("%s not accepted by the policy: %+v", f.Rule, f)
						}
						accepted++
					}
				}
				if accepted < 2 {
					t.Errorf("the export's names and e-mail addresses were not found: %+v", rep.Findings)
				}
				if rep.Checklist[7].Status == "manual" {
					t.Errorf("AP step 8 not evaluated by the gate: %+v", rep.Checklist[7])
				}
			}
		})
	}
}

func TestGateFailOnStillCounts(t *testing.T) {
	inRepo(t)
	fixClock(t, "2026-06-01")
	export := mailingExport(t, t.TempDir(), nil)
	// The export keeps to the policy; its unencrypted-export finding (low,
	// since it holds contact data only) is not covered by the policy, so
	// --fail-on low fails and --fail-on high passes.
	if code, _, errOut := crmscan(t, "gate", "-q", "--policy", "testdata/policies/mailinghouse.toml", "--fail-on", "low", export); code != exitFindings {
		t.Errorf("exit %d, want 1 with --fail-on low; stderr: %s", code, errOut)
	}
	if code, _, errOut := crmscan(t, "gate", "-q", "--policy", "testdata/policies/mailinghouse.toml", "--fail-on", "high", export); code != exitOK {
		t.Errorf("exit %d, want 0 with --fail-on high; stderr: %s", code, errOut)
	}
}

func TestGateSARIF(t *testing.T) {
	inRepo(t)
	fixClock(t, "2026-06-01")
	export := mailingExport(t, t.TempDir(), addColumn("opmerkingen", "patient heeft diabetes"))
	code, out, errOut := crmscan(t, "gate", "-q", "--policy", "testdata/policies/mailinghouse.toml", "-f", "sarif", export)
	if code != exitFindings {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID       string `json:"ruleId"`
				Message      struct{ Text string }
				Suppressions []struct{ Status string }
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = true
	}
	if !rules["gate.sensitive_kind_not_allowed"] || !rules["gate.kind_not_allowed"] {
		t.Errorf("SARIF rules lack the gate rules: %v", rules)
	}
	found, suppressed := false, false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "gate.sensitive_kind_not_allowed" && strings.Contains(r.Message.Text, "clause allow") && strings.Contains(r.Message.Text, "opmerkingen") {
			found = true
		}
		if r.RuleID == "pii.email" && len(r.Suppressions) == 1 && r.Suppressions[0].Status == "accepted" {
			suppressed = true
		}
	}
	if !found || !suppressed {
		t.Errorf("SARIF results: gate violation found %v, allowed e-mail suppressed %v:\n%s", found, suppressed, out)
	}
}

func TestGateInitPolicy(t *testing.T) {
	inRepo(t)
	fixClock(t, "2026-06-01")
	dir := t.TempDir()
	export := mailingExport(t, dir, nil)
	pol := filepath.Join(dir, "policies", "mailinghouse.toml")
	os.MkdirAll(filepath.Dir(pol), 0o755)
	code, out, errOut := crmscan(t, "gate", "--init-policy", "-q", "-o", pol, export)
	if code != exitOK || out != "" {
		t.Fatalf("exit %d, stdout %q; stderr %s", code, out, errOut)
	}
	b, _ := os.ReadFile(pol)
	p, err := gate.Load(pol)
	if err != nil {
		t.Fatalf("the written policy does not load: %v\n%s", err, b)
	}
	if strings.Join(p.Allow, " ") != "email name postcode" || p.Recipient != "mailinghouse" || p.MaxRows != 10 ||
		len(p.Require) != 1 || p.Require[0].Column != "opt_in" || p.AgreementEnd.String() != "2027-06-01" {
		t.Errorf("policy = %+v\n%s", p, b)
	}
	for _, w := range []string{"# columns: naam.", "TODO", "agreement_end"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("policy lacks %q:\n%s", w, b)
		}
	}
	if code, _, errOut := crmscan(t, "gate", "-q", "--policy", pol, export); code != exitOK {
		t.Errorf("re-gating the same export: exit %d; stderr %s", code, errOut)
	}
	// An existing policy is never overwritten.
	if code, _, errOut := crmscan(t, "gate", "--init-policy", "-q", "-o", pol, export); code != exitUsage || !strings.Contains(errOut, "exists") {
		t.Errorf("overwrite: exit %d, stderr %s", code, errOut)
	}
	// To stdout without -o.
	if code, out, _ := crmscan(t, "gate", "--init-policy", "-q", export); code != exitOK || !strings.Contains(out, "allow = [") {
		t.Errorf("init to stdout: exit %d, %q", code, out)
	}
}

func TestGatePolicyErrors(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	export := mailingExport(t, dir, nil)
	src, _ := os.ReadFile("testdata/policies/mailinghouse.toml")
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown kind", `"address"]`, `"adress"]`, []string{"policy.toml:16:", `unknown kind "adress"`, "valid:", "address", "special.health", "national_id"}},
		{"bad date", "2027-01-31", "2027-01-32", []string{"policy.toml:9:", "agreement_end"}},
		{"unknown key", "max_rows = 5000", "maxrows = 5000", []string{"policy.toml:19:", `unknown key "maxrows"`, "valid keys:", "max_rows"}},
		{"bad equals", `equals = "true"`, `equals = "ja"`, []string{"policy.toml:24:", `"true" and "false"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := filepath.Join(dir, "policy.toml")
			s := strings.Replace(string(src), tt.old, tt.new, 1)
			if s == string(src) {
				t.Fatalf("%q not in the policy", tt.old)
			}
			os.WriteFile(pol, []byte(s), 0o644)
			code, out, errOut := crmscan(t, "gate", "-q", "--policy", pol, export)
			if code != exitUsage || out != "" {
				t.Fatalf("exit %d, stdout %q; want 2 and no report", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestGateUsage(t *testing.T) {
	inRepo(t)
	pol := "testdata/policies/mailinghouse.toml"
	for _, tt := range []struct {
		name string
		args []string
		want int
	}{
		{"no policy", []string{"gate", "testdata/crm/products.csv"}, exitUsage},
		{"policy and init", []string{"gate", "--policy", pol, "--init-policy", "testdata/crm/products.csv"}, exitUsage},
		{"no target", []string{"gate", "--policy", pol}, exitUsage},
		{"missing policy file", []string{"gate", "--policy", "no/such.toml", "testdata/crm/products.csv"}, exitUsage},
		{"nothing scanned", []string{"gate", "-q", "--policy", pol, "no/such/file.csv"}, exitUsage},
		{"init -o not toml", []string{"gate", "--init-policy", "-o", "x.json", "testdata/crm/products.csv"}, exitUsage},
		{"help", []string{"gate", "--help"}, exitOK},
		{"no personal data passes", []string{"gate", "-q", "--policy", pol, "testdata/crm/products.csv"}, exitOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fixClock(t, "2026-06-01")
			if code, _, errOut := crmscan(t, tt.args...); code != tt.want {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.want, errOut)
			}
		})
	}
}

// TestGateSARIFGenericRules: a passing gate's SARIF holds no unsuppressed error; a
// failing one describes each gate rule once in generic words, and each
// result's message names its own column.
func TestGateSARIFGenericRules(t *testing.T) {
	inRepo(t)
	fixClock(t, "2026-06-01")
	type sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string } `json:"shortDescription"`
					}
				}
			}
			Results []struct {
				RuleID       string `json:"ruleId"`
				Level        string
				Message      struct{ Text string }
				Suppressions []json.RawMessage
			}
		}
	}
	read := func(folder string) sarif {
		t.Helper()
		out := filepath.Join(t.TempDir(), "gate.sarif")
		crmscan(t, "gate", "-q", "--policy", "testdata/policies/mailinghouse.toml", "-o", out, folder)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var s sarif
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	pass := read(mailingExport(t, t.TempDir(), nil))
	for _, r := range pass.Runs[0].Results {
		if r.Level == "error" && len(r.Suppressions) == 0 {
			t.Errorf("passing gate: unsuppressed error result %s: %s", r.RuleID, r.Message.Text)
		}
	}
	fail := read(mailingExport(t, t.TempDir(), func(h []string, rows [][]string) ([]string, [][]string) {
		h, rows = addColumn("iban", "NL91ABNA0417164300", "NL20INGB0001234567", "NL02RABO0123456789", "NL39RABO0300065264", "NL44RABO0123456789")(h, rows)
		return addColumn("telefoon", "0612345678", "0687654321", "0201234567", "0301234567", "0104567890")(h, rows)
	}))
	descr := map[string]string{}
	for _, r := range fail.Runs[0].Tool.Driver.Rules {
		descr[r.ID] = r.ShortDescription.Text
	}
	cols := map[string]bool{}
	for _, r := range fail.Runs[0].Results {
		if r.RuleID != "gate.kind_not_allowed" && r.RuleID != "gate.sensitive_kind_not_allowed" {
			continue
		}
		if d := descr[r.RuleID]; strings.Contains(d, "iban") || strings.Contains(d, "telefoon") {
			t.Errorf("rule %s described with a column: %q", r.RuleID, d)
		}
		for _, c := range []string{"iban", "telefoon"} {
			if strings.Contains(r.Message.Text, c) {
				cols[c] = true
			}
		}
	}
	if !cols["iban"] || !cols["telefoon"] {
		t.Errorf("gate results should name their own columns; named: %v", cols)
	}
}
