package gate

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

const goodPolicy = `recipient = "Mailhuis Noord BV"
purpose = "spring newsletter"
agreement = "VWO-2025-014"
agreement_end = 2027-01-31
allow = ["name", "email", "postcode"]
max_rows = 100
countries = ["NL", "DE"]

[[require]]
column = "opt_in"
equals = "true"
`

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("policies/mailinghouse.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // all must appear in the error
	}{
		{"unknown kind", strings.Replace(goodPolicy, `"postcode"]`, `"postcode",
  "ibn"]`, 1), []string{"policies/mailinghouse.toml:5:", `unknown kind "ibn"`, "valid:", "iban", "special.health", "national_id", "notes"}},
		{"bad date", strings.Replace(goodPolicy, "2027-01-31", "2027-02-30", 1), []string{"policies/mailinghouse.toml:4:", "agreement_end", "2027-02-30"}},
		{"bad date string", strings.Replace(goodPolicy, "2027-01-31", `"31-01-2027"`, 1), []string{"policies/mailinghouse.toml:4:", "want YYYY-MM-DD"}},
		{"unknown key", strings.Replace(goodPolicy, "max_rows", "max_row", 1), []string{"policies/mailinghouse.toml:6:", `unknown key "max_row"`, "valid keys:", "max_rows", "allow"}},
		{"unknown key in require", goodPolicy + "colum = \"x\"\n", []string{"policies/mailinghouse.toml:12:", `unknown key "require.colum"`, "column, equals"}},
		{"unknown key in transfers", goodPolicy + "[transfers]\nDE = { scc = true }\n", []string{"policies/mailinghouse.toml:13:", `"transfers.DE.scc"`, "sccs, dpf, reference"}},
		{"bad equals", strings.Replace(goodPolicy, `equals = "true"`, `equals = "yes"`, 1), []string{"policies/mailinghouse.toml:11:", `"true" and "false"`}},
		{"unknown country", strings.Replace(goodPolicy, `"DE"]`, `"XX"]`, 1), []string{"policies/mailinghouse.toml:7:", "unknown country XX", "ISO 3166"}},
		{"wrong type", strings.Replace(goodPolicy, "max_rows = 100", `max_rows = "many"`, 1), []string{"policies/mailinghouse.toml:6:", "max_rows"}},
		{"missing recipient", strings.Replace(goodPolicy, `recipient = "Mailhuis Noord BV"`, "", 1), []string{"recipient is required"}},
		{"missing agreement_end", strings.Replace(goodPolicy, "agreement_end = 2027-01-31", "", 1), []string{"agreement_end is required"}},
		{"missing allow", strings.Replace(goodPolicy, `allow = ["name", "email", "postcode"]`, "", 1), []string{"allow is required", "valid:"}},
		{"allow and deny", goodPolicy[:strings.Index(goodPolicy, "[[require]]")] + "deny = [\"email\"]\n", []string{`"email" is in both allow and deny`}},
		{"transfer not in countries", goodPolicy + "[transfers]\nIN = { sccs = true }\n", []string{"transfers.IN: IN is not in countries"}},
		{"dpf outside US", strings.Replace(goodPolicy, `"DE"]`, `"IN"]`, 1) + "[transfers]\nIN = { dpf = true }\n", []string{"dpf applies only to the United States"}},
		{"opt-out equals true", strings.Replace(goodPolicy, `column = "opt_in"`, `column = "do_not_mail"`, 1), []string{":9:", "reads as an opt-out flag"}},
		{"syntax", goodPolicy + "allow = [\n", []string{"policies/mailinghouse.toml:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("policies/mailinghouse.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestParseGood(t *testing.T) {
	p := mustParse(t, goodPolicy+"\n[transfers]\nde = { sccs = false }\n")
	if p.Recipient != "Mailhuis Noord BV" || p.AgreementEnd != (Date{2027, 1, 31}) || p.MaxRows != 100 ||
		len(p.Require) != 1 || p.Require[0].Equals != "true" {
		t.Errorf("policy = %+v", p)
	}
	if _, ok := p.Transfers["DE"]; !ok {
		t.Errorf("transfers not keyed by ISO code: %v", p.Transfers)
	}
	// Aliases and detector IDs are accepted.
	p = mustParse(t, strings.Replace(goodPolicy, `"postcode"]`, `"postcode", "special_health", "national_id", "notes"]`, 1))
	if !p.allows("special.health") || !p.allows("bsn") || !p.allow[AliasNotes] {
		t.Errorf("aliases not expanded: %v", p.allow)
	}
}

// report builds a report of one CSV table with the given columns.
func report(rows int64, cols ...reporters.Column) *reporters.Report {
	rep := &reporters.Report{Scan: reporters.ScanInfo{Lang: "en"},
		Sources: []reporters.Source{{ID: "s1", Kind: "csv", Name: "exports/mailinghouse/contacts.csv", Tables: 1, RowsScanned: rows, RowsTotal: rows}},
		Tables:  []reporters.Table{{Source: "s1", Table: "contacts.csv", Rows: rows, ConsentColumns: []string{"opt_in"}}},
	}
	for _, c := range cols {
		c.Source, c.Table, c.RowsScanned = "s1", "contacts.csv", rows
		if c.NonEmpty == 0 {
			c.NonEmpty = rows
		}
		rep.Columns = append(rep.Columns, c)
	}
	return rep
}

func col(name, class, conf string, dets ...string) reporters.Column {
	c := reporters.Column{Column: name, Classification: class, Confidence: conf, Detections: map[string]reporters.Detection{}}
	for _, d := range dets {
		c.Detections[d] = reporters.Detection{Count: 3, Ratio: 1}
	}
	return c
}

func mailing() []reporters.Column {
	return []reporters.Column{
		col("naam", "name", "high", "name"), col("email", "email", "high", "email"),
		col("postcode", "postcode", "high", "postcode"), col("opt_in", "none", ""),
	}
}

func TestEvaluate(t *testing.T) {
	base := mustParse(t, goodPolicy)
	type want struct{ rule, clause, column string }
	tests := []struct {
		name   string
		policy string
		rep    func() *reporters.Report
		now    time.Time
		want   []want
	}{
		{"keeps to the policy", goodPolicy, func() *reporters.Report { return report(3, mailing()...) }, now, nil},
		{"iban column", goodPolicy, func() *reporters.Report {
			return report(3, append(mailing(), col("rekening", "iban", "high", "iban"))...)
		}, now, []want{{RuleKindNotAllowed, "allow", "rekening"}}},
		{"notes with a diagnosis", goodPolicy, func() *reporters.Report {
			return report(3, append(mailing(), col("opmerkingen", "special_health", "medium", "special_health"))...)
		}, now, []want{{RuleSensitiveKindNotAllowed, "allow", "opmerkingen"}, {RuleKindNotAllowed, "allow", "opmerkingen"}}},
		{"notes allowed, health still not", strings.Replace(goodPolicy, `"postcode"]`, `"postcode", "notes"]`, 1), func() *reporters.Report {
			return report(3, append(mailing(), col("opmerkingen", "special_health", "medium", "special_health", "email"))...)
		}, now, []want{{RuleSensitiveKindNotAllowed, "allow", "opmerkingen"}}},
		{"notes allowed, special denied", strings.Replace(goodPolicy, `"postcode"]`, `"postcode", "notes", "special"]`+"\ndeny = [\"special.health\"]", 1), func() *reporters.Report {
			return report(3, append(mailing(), col("opmerkingen", "special_health", "medium", "special_health"))...)
		}, now, []want{{RuleSensitiveKindNotAllowed, "deny", "opmerkingen"}}},
		{"low confidence ordinary kind ignored", goodPolicy, func() *reporters.Report {
			return report(3, append(mailing(), col("ref", "mixed", "low", "phone"))...)
		}, now, nil},
		{"low confidence BSN counts", goodPolicy, func() *reporters.Report {
			return report(3, append(mailing(), col("ref", "mixed", "low", "bsn"))...)
		}, now, []want{{RuleSensitiveKindNotAllowed, "allow", "ref"}}},
		{"opted out row", goodPolicy, func() *reporters.Report {
			r := report(3, mailing()...)
			r.Tables[0].OptedOutRows, r.Tables[0].OptedOutSample = 1, []int64{3}
			return r
		}, now, []want{{RuleOptedOutRows, "require", "opt_in"}}},
		{"opted out row, no require", goodPolicy[:strings.Index(goodPolicy, "[[require]]")], func() *reporters.Report {
			r := report(3, mailing()...)
			r.Tables[0].OptedOutRows = 1
			return r
		}, now, []want{{RuleOptedOutRows, "allow_opted_out", "opt_in"}}},
		{"opted out allowed", goodPolicy[:strings.Index(goodPolicy, "[[require]]")] + "allow_opted_out = true\n", func() *reporters.Report {
			r := report(3, mailing()...)
			r.Tables[0].OptedOutRows = 1
			return r
		}, now, nil},
		{"deleted rows", goodPolicy, func() *reporters.Report {
			r := report(3, mailing()...)
			r.Tables[0].DeletedRows = 2
			return r
		}, now, []want{{RuleDeletedRows, "allow_deleted", ""}}},
		{"empty opt-in", goodPolicy, func() *reporters.Report {
			cs := mailing()
			cs[3].NonEmpty = 2
			return report(3, cs...)
		}, now, []want{{RuleRequiredValue, "require", "opt_in"}}},
		{"required column missing", goodPolicy, func() *reporters.Report {
			r := report(3, mailing()[:3]...)
			r.Tables[0].ConsentColumns = nil
			return r
		}, now, []want{{RuleRequiredColumnMissing, "require", "opt_in"}}},
		{"required column not a consent flag", strings.Replace(goodPolicy, `column = "opt_in"`, `column = "ok"`, 1), func() *reporters.Report {
			return report(3, append(mailing(), col("OK", "none", ""))...)
		}, now, []want{{RuleRequiredValue, "require", "OK"}}},
		{"max rows", goodPolicy, func() *reporters.Report { return report(101, mailing()...) }, now, []want{{RuleMaxRows, "max_rows", ""}}},
		{"no personal data: nothing to gate", goodPolicy, func() *reporters.Report {
			r := report(1000, col("sku", "none", ""))
			r.Tables[0].ConsentColumns = nil
			return r
		}, now, nil},
		{"agreement ends today: still valid", goodPolicy, func() *reporters.Report { return report(3, mailing()...) },
			time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC), nil},
		{"agreement expired", goodPolicy, func() *reporters.Report { return report(3, mailing()...) },
			time.Date(2027, 2, 1, 0, 1, 0, 0, time.UTC), []want{{RuleAgreementExpired, "agreement_end", ""}}},
		{"country outside the EEA", strings.Replace(goodPolicy, `"DE"]`, `"DE", "IN"]`, 1), func() *reporters.Report { return report(3, mailing()...) },
			now, []want{{RuleTransferOutsideEEA, "countries", ""}}},
		{"country outside the EEA with SCCs", strings.Replace(goodPolicy, `"DE"]`, `"DE", "IN"]`, 1) + "[transfers]\nIN = { sccs = true }\n", func() *reporters.Report { return report(3, mailing()...) },
			now, nil},
		{"adequate countries", strings.Replace(goodPolicy, `"DE"]`, `"CH", "GB", "JP", "KR"]`, 1), func() *reporters.Report { return report(3, mailing()...) },
			now, nil},
		{"US without DPF", strings.Replace(goodPolicy, `"DE"]`, `"US"]`, 1), func() *reporters.Report { return report(3, mailing()...) },
			now, []want{{RuleTransferOutsideEEA, "countries", ""}}},
		{"US with DPF", strings.Replace(goodPolicy, `"DE"]`, `"US"]`+"\ndpf = true", 1), func() *reporters.Report { return report(3, mailing()...) },
			now, nil},
	}
	_ = base
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.policy)
			got := Evaluate(p, tt.rep(), tt.now)
			if len(got) != len(tt.want) {
				t.Fatalf("violations = %+v, want %+v", got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].Rule != w.rule || got[i].Clause != w.clause || got[i].Column != w.column {
					t.Errorf("violation %d = %s/%s/%s, want %s/%s/%s", i, got[i].Rule, got[i].Clause, got[i].Column, w.rule, w.clause, w.column)
				}
			}
		})
	}
}

type fakeKey struct{}

func (fakeKey) Sum(parts ...string) string { return strings.Repeat("0", 64) }

func TestApply(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, goodPolicy)
	rep := report(3, append(mailing(), col("rekening", "iban", "high", "iban"))...)
	rep.Findings = []reporters.Finding{
		{ID: "F0001", Rule: "pii.iban", Severity: "high", Location: reporters.Location{Source: "s1", Table: "contacts.csv", Column: "rekening", Rows: []int64{2}}, APSteps: []int{3, 7}},
		{ID: "F0002", Rule: "pii.email", Severity: "medium", Location: reporters.Location{Source: "s1", Table: "contacts.csv", Column: "email"}, APSteps: []int{3}},
	}
	for _, st := range rs.Steps() {
		rep.Checklist = append(rep.Checklist, reporters.Checklist{Step: st.Step, Status: "manual"})
	}
	rep.Checklist[2].Findings, rep.Checklist[2].Status = []string{"F0001", "F0002"}, "fail"
	vs := Evaluate(p, rep, now)
	if n := Apply(rep, p, vs, rs, fakeKey{}); n != 1 {
		t.Fatalf("Apply added %d findings, want 1", n)
	}
	g := rep.Findings[0]
	if !strings.HasPrefix(g.ID, "F-") || g.Rule != RuleKindNotAllowed || g.Location.Column != "rekening" || g.Details["clause"] != "allow" ||
		g.Details["policy"] != "policies/mailinghouse.toml" || g.Details["recipient"] != "Mailhuis Noord BV" ||
		!strings.Contains(g.Title, "iban in column rekening breaks clause allow") || g.Location.Path != "exports/mailinghouse/contacts.csv" ||
		len(g.Location.Rows) != 1 {
		t.Errorf("gate finding = %+v", g)
	}
	if rep.Findings[1].Baseline || !rep.Findings[2].Baseline || rep.Findings[2].Rule != "pii.email" ||
		!strings.Contains(rep.Findings[2].Justification, "allowed by policy") || rep.Summary.Suppressed != 1 || rep.Summary.Findings != 3 {
		t.Errorf("the allowed e-mail finding is not accepted, or the IBAN is: %+v", rep.Findings)
	}
	want3 := []string{rep.Findings[1].ID, rep.Findings[2].ID}
	slices.Sort(want3)
	if c, want := rep.Checklist[2], strings.Join(want3, " "); strings.Join(slices.Sorted(slices.Values(c.Findings)), " ") != want {
		t.Errorf("step 3 findings = %v, want the stable IDs %s", c.Findings, want)
	}
	if c := rep.Checklist[7]; c.Status != "fail" || strings.Join(c.Findings, " ") != g.ID {
		t.Errorf("step 8 = %+v", c)
	}
}

func TestInitLoadsAndPasses(t *testing.T) {
	rep := report(3, append(mailing(), col("opmerkingen", "free_text", "medium", "special_health", "email"))...)
	b, notes := Init(rep, InitOptions{Recipient: "mailinghouse", Targets: []string{"exports/mailinghouse"}, Now: now})
	p, err := Parse("init.toml", b)
	if err != nil {
		t.Fatalf("the starting policy does not load: %v\n%s", err, b)
	}
	if vs := Evaluate(p, rep, now); len(vs) != 0 {
		t.Errorf("the export fails its own starting policy: %+v\n%s", vs, b)
	}
	for _, w := range []string{`"special.health",`, "WARNING: special category", "columns: opmerkingen", "max_rows = 10", `column = "opt_in"`, "TODO"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("starting policy lacks %q:\n%s", w, b)
		}
	}
	if len(notes) != 0 {
		t.Errorf("notes = %v", notes)
	}
}

func TestRoundUp(t *testing.T) {
	for n, want := range map[int64]int64{0: 10, 4: 10, 10: 10, 12: 12, 99: 99, 100: 100, 101: 110, 4321: 4400, 5000: 5000} {
		if got := roundUp(n); got != want {
			t.Errorf("roundUp(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestKinds(t *testing.T) {
	ks := strings.Join(Kinds(), " ")
	for _, k := range []string{"email", "iban", "bsn", "special.health", "note.judgmental", "national_id", "special", "notes"} {
		if !strings.Contains(" "+ks+" ", " "+k+" ") {
			t.Errorf("Kinds() lacks %s: %s", k, ks)
		}
	}
}
