package scanner

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

func findingsByRule(rep *reporters.Report) map[string]reporters.Finding {
	m := map[string]reporters.Finding{}
	for _, f := range rep.Findings {
		key := f.Rule
		if f.Location.Column != "" {
			key += "/" + f.Location.Column
		}
		m[key] = f
	}
	return m
}

func ruleIDs(rep *reporters.Report, prefix ...string) []string {
	set := map[string]bool{}
	for _, f := range rep.Findings {
		for _, p := range prefix {
			if strings.HasPrefix(f.Rule, p) {
				set[f.Rule] = true
			}
		}
	}
	var ids []string
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// The CRM rules on vendor-style exports (internal/gen/genprofiles): rows
// 21-26 deleted, rows 25-30 last active in 2015, rows 5-7 minors.
func TestCRMRulesOnVendorExports(t *testing.T) {
	for _, tc := range []struct {
		file, profile, activity, birth string
	}{
		{"dynamics365_contacts.csv", "dynamics365", "modifiedon", "birthdate"},
		{"salesforce_Contact.csv", "salesforce", "LastModifiedDate", "Birthdate"},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			rep := scan(t, testOptions(t), filepath.Join("../testdata/crm/profiles", tc.file))
			got := findingsByRule(rep)
			want := []string{"erasure.soft_deleted_pii", "retention.expired", "children.minor"}
			if strings.Join(ruleIDs(rep, "erasure.", "retention.", "children.", "consent."), ",") != strings.Join([]string{"children.minor", "erasure.soft_deleted_pii", "retention.expired"}, ",") {
				t.Errorf("row rules = %v, want %v (and no consent finding: the table has an opt-out column)", ruleIDs(rep, "erasure.", "retention.", "children.", "consent."), want)
			}
			del := got["erasure.soft_deleted_pii"]
			if del.Count != 6 || del.Details["profile"] != tc.profile || del.Location.Rows[0] != 22 {
				t.Errorf("erasure = count %d rows %v details %v; want 6 from row 22, profile %s", del.Count, del.Location.Rows, del.Details, tc.profile)
			}
			if len(del.Columns) < 2 {
				t.Errorf("erasure columns = %v, want the personal-data columns", del.Columns)
			}
			ret := got["retention.expired/"+tc.activity]
			if ret.Count != 6 || !strings.HasPrefix(ret.Details["oldest"], "2015-") || ret.Details["retention_years"] != "7" {
				t.Errorf("retention = %+v, want 6 rows from 2015", ret)
			}
			if m := got["children.minor/"+tc.birth]; m.Count != 3 || m.Location.Rows[0] != 6 {
				t.Errorf("minors = count %d rows %v, want 3 from row 6", m.Count, m.Location.Rows)
			}
			for _, f := range rep.Findings {
				for _, s := range f.Samples {
					if strings.Contains(s, "2014-") || strings.Contains(s, "2015-") {
						t.Errorf("a date leaked into samples: %q", s)
					}
				}
			}
		})
	}
}

func TestConsentRules(t *testing.T) {
	rep := scan(t, testOptions(t), "../testdata/crm/profiles/salesforce_Lead.csv")
	if ids := ruleIDs(rep, "consent."); strings.Join(ids, ",") != "consent.missing" {
		t.Errorf("consent rules on a lead table without consent columns = %v, want consent.missing", ids)
	}
	// A pre-ticked default comes from a schema (a dump or a database); the
	// table rule reads source.Column.Default.
	tests := []struct {
		def  string
		want bool
	}{{"1", true}, {"true", true}, {"'1'::boolean", true}, {"b'1'", true}, {"((1))", true}, {"'Y'", true},
		{"0", false}, {"false", false}, {"NULL", false}, {"", false}, {"'opt-in'", true}}
	for _, tt := range tests {
		if got := truthyDefault(tt.def); got != tt.want {
			t.Errorf("truthyDefault(%q) = %v, want %v", tt.def, got, tt.want)
		}
	}
}

func TestPerTableRetentionAndDisable(t *testing.T) {
	opt := testOptions(t)
	if err := opt.Rules.Apply([]byte(`
[tables."dynamics365_contacts.csv"]
retention_years = 0.5
[rules."children.minor"]
disabled = true
[rules."erasure.soft_deleted_pii"]
severity = "critical"
`)); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, opt, "../testdata/crm/profiles/dynamics365_contacts.csv")
	got := findingsByRule(rep)
	if _, ok := got["children.minor/birthdate"]; ok {
		t.Error("children.minor reported although disabled")
	}
	if got["erasure.soft_deleted_pii"].Severity != "critical" {
		t.Errorf("erasure severity = %s, want critical from the config", got["erasure.soft_deleted_pii"].Severity)
	}
	// With half a year of retention, records modified in early 2025 are
	// expired too (the test clock says 2026-11-24).
	if n := got["retention.expired/modifiedon"].Count; n <= 6 {
		t.Errorf("retention with 0.5 years = %d rows, want more than the 6 from 2015", n)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want int32
	}{
		{"2016-03-12", 20160312}, {"2016-03-12T10:00:00.000Z", 20160312}, {"2016/3/2 10:00", 20160302},
		{"12-03-2016", 20160312}, {"1-3-2016", 20160301}, {"12.03.2016", 20160312}, {"03/25/2016", 20160325},
		{"2016-13-01", 0}, {"12-03-16", 0}, {"20160312", 0}, {"1.234,56", 0}, {"", 0}, {"2016-03-123", 0},
	}
	for _, tt := range tests {
		got, ok := parseDate([]byte(tt.in))
		if !ok {
			got = 0
		}
		if got != tt.want {
			t.Errorf("parseDate(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// parseDateReference is parseDate without its fast path for ISO dates:
// the two must agree.
func parseDateReference(b []byte) (int32, bool) {
	n1, l1, p := readInt(b, 0)
	if l1 == 0 || p >= len(b) || !isDateSep(b[p]) {
		return 0, false
	}
	sep := b[p]
	n2, l2, p2 := readInt(b, p+1)
	if l2 == 0 || l2 > 2 || p2 >= len(b) || b[p2] != sep {
		return 0, false
	}
	n3, l3, p3 := readInt(b, p2+1)
	if l3 == 0 || (p3 < len(b) && b[p3] >= '0' && b[p3] <= '9') {
		return 0, false
	}
	switch {
	case l1 == 4 && l3 <= 2:
		return dateOf(n1, n2, n3)
	case l1 <= 2 && l3 == 4:
		if n2 > 12 && n1 <= 12 {
			n1, n2 = n2, n1
		}
		return dateOf(n3, n2, n1)
	}
	return 0, false
}

func TestParseDateAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const alphabet = "0123456789012345678901234567890123456789--/. T:Z"
	cells := []string{"2016-03-12", "0000-00-00", "9999-99-99", "2016-02-30", "1850-01-01", "2200-12-31", "2201-01-01", "2016-03-12T", "2016-03-120", "2016-03-1a"}
	for range 200000 {
		b := make([]byte, 8+rng.IntN(6))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if rng.IntN(2) == 0 && len(b) >= 10 {
			b[4], b[7] = '-', '-'
		}
		cells = append(cells, string(b))
	}
	for _, c := range cells {
		g, gok := parseDate([]byte(c))
		w, wok := parseDateReference([]byte(c))
		if g != w || gok != wok {
			t.Fatalf("parseDate(%q) = %d, %v; want %d, %v", c, g, gok, w, wok)
		}
	}
}

func TestProfileRecognition(t *testing.T) {
	opt := testOptions(t)
	dir := t.TempDir()
	csv := "id,name,email,deleted_at,updated_at\n1,A,a@ziggo.nl,2024-01-01,2024-01-01\n2,B,b@ziggo.nl,,2026-01-01\n"
	path := filepath.Join(dir, "people.csv")
	os.WriteFile(path, []byte(csv), 0o644)
	rep := scan(t, opt, path)
	f := findingsByRule(rep)["erasure.soft_deleted_pii"]
	if f.Count != 1 || f.Details["profile"] != "generic" || f.Location.Rows[0] != 2 {
		t.Errorf("generic deleted_at = %+v, want 1 row (row 2), profile generic", f)
	}
}

func TestOptedOutAndDeletedRowsPerTable(t *testing.T) {
	dir := t.TempDir()
	csv := "naam;email;nieuwsbrief_opt_in;do_not_call;deleted\n" +
		"A;a@ziggo.nl;1;0;0\nB;b@ziggo.nl;0;0;0\nC;c@ziggo.nl;1;1;0\nD;d@ziggo.nl;ja;nee;1\n"
	path := filepath.Join(dir, "mailing.csv")
	os.WriteFile(path, []byte(csv), 0o644)
	rep := scan(t, testOptions(t), path)
	if len(rep.Tables) != 1 {
		t.Fatalf("tables = %+v", rep.Tables)
	}
	tb := rep.Tables[0]
	if tb.OptedOutRows != 2 || tb.DeletedRows != 1 || len(tb.ConsentColumns) != 2 {
		t.Errorf("table = %+v, want 2 opted-out rows (3 and 4), 1 deleted, 2 consent columns", tb)
	}
	if len(tb.OptedOutSample) != 2 || tb.OptedOutSample[0] != 3 || tb.OptedOutSample[1] != 4 {
		t.Errorf("opted-out rows = %v, want [3 4]", tb.OptedOutSample)
	}
}
