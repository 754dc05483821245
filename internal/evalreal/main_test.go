package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

func TestTypeMapsKinds(t *testing.T) {
	for _, tc := range []struct {
		col  reporters.Column
		want string
	}{
		{reporters.Column{Classification: "name"}, "person_name"},
		{reporters.Column{Classification: "ip_address"}, "ip"},
		{reporters.Column{Classification: "special_health"}, "note"},
		{reporters.Column{Classification: "free_text"}, "note"},
		{reporters.Column{Classification: "mixed"}, "none"},
		{reporters.Column{Classification: "phone", Holder: "organisation"}, "company:phone"},
		{reporters.Column{Classification: "address", Column: "town"}, "city"},
		{reporters.Column{Classification: "username"}, "other_personal"},
	} {
		if got := Type(tc.col); got != tc.want {
			t.Errorf("Type(%+v) = %q, want %q", tc.col, got, tc.want)
		}
	}
}

func TestCounts(t *testing.T) {
	var c counts
	c.add("email", "email") // TP
	c.add("none", "phone")  // FP
	c.add("phone", "none")  // FN
	c.add("email", "phone") // FN and FP
	c.add("none", "none")   // nothing
	if c.tp != 1 || c.fp != 2 || c.fn != 2 || c.support != 3 {
		t.Fatalf("counts = %+v", c)
	}
}

// A dataset folder scanned against its labels: company: labels apart,
// empty ones unscored, an organisation's phone not counted as a person's.
func TestEvaluateFolder(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "crm"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "labels"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "crm", "contacts.csv"), []byte("id,first_name,email,fax\n1,Jan,jan@example.nl,\n2,Emma,emma@example.com,\n3,Pierre,pierre@example.fr,\n"), 0o600))
	must(os.WriteFile(filepath.Join(dir, "labels", "crm.tsv"), []byte("table\tcolumn\ttype\twhy\tnon_empty\n"+
		"contacts.csv\tid\tnone\tid\t3\ncontacts.csv\tfirst_name\tperson_name\tnames\t3\n"+
		"contacts.csv\temail\temail\tmails\t3\ncontacts.csv\tfax\tempty\tnone\t0\n"), 0o600))
	res, err := evaluate(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.total.tp != 2 || res.total.fp != 0 || res.total.fn != 0 {
		t.Errorf("total = %+v, want 2 TP", res.total)
	}
	var b strings.Builder
	if !res.print(&b) || !strings.Contains(b.String(), "| crm ") {
		t.Errorf("print:\n%s", b.String())
	}
	if len(res.tables) != 1 || !strings.Contains(res.tables[0], "people") {
		t.Errorf("tables = %v", res.tables)
	}
}

// The done-when bullets of issue 14 on every real dataset (the development
// set in ../shared and the repository's own testdata/realworld): no
// special-category or judgmental finding in a reference table, and no CRM
// rule (soft-deleted rows, consent, retention, minors, minimisation) on a
// table that holds no people.
func TestRealDataFindingsFollowTableRoles(t *testing.T) {
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, root := range []string{testutil.RealworldDir(t), filepath.Join("..", "..", "testdata", "realworld")} {
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "labels" {
				dirs = append(dirs, filepath.Join(root, e.Name()))
			}
		}
	}
	if len(dirs) < 4 {
		t.Fatalf("datasets = %v, want the development set and testdata/realworld", dirs)
	}
	for _, dir := range dirs {
		rep, err := scanDataset(dir, rs)
		if err != nil {
			t.Fatal(err)
		}
		role := map[[2]string]string{}
		for _, tb := range rep.Tables {
			role[[2]string{tb.Source, tb.Table}] = tb.Role
		}
		for _, f := range rep.Findings {
			if f.Location.Table == "" {
				continue // a source's finding (an unencrypted export)
			}
			r, ok := role[[2]string{f.Location.Source, f.Location.Table}]
			if !ok {
				t.Errorf("%s: finding %s on table %s without a role", filepath.Base(dir), f.Rule, f.Location.Table)
				continue
			}
			cat, _, _ := strings.Cut(f.Rule, ".")
			switch cat {
			case "special", "note":
				if r == "reference" {
					t.Errorf("%s: %s in reference table %s (column %s)", filepath.Base(dir), f.Rule, f.Location.Table, f.Location.Column)
				}
			case "erasure", "consent", "retention", "children", "minimisation":
				if r != "people" && r != "activity" {
					t.Errorf("%s: %s on table %s, whose role is %s", filepath.Base(dir), f.Rule, f.Location.Table, r)
				}
			}
		}
	}
}

// Every detector's kind maps onto a type of the labels' vocabulary through
// its description, and every detector labelNames renames exists: a new
// detector needs no entry in kindType, and a renamed one fails here rather
// than scoring as other_personal.
func TestKindTypeCoversDetectors(t *testing.T) {
	specs, err := rules.Detectors()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if typ := kindType(s.ID); !labelTypes[typ] {
			t.Errorf("kindType(%q) = %q, not a label type", s.ID, typ)
		}
	}
	for id, typ := range labelNames {
		if _, ok := rules.Detector(id); !ok {
			t.Errorf("labelNames renames %q, which no detector describes", id)
		}
		if !labelTypes[typ] {
			t.Errorf("labelNames maps %q to %q, not a label type", id, typ)
		}
	}
	for kind, want := range map[string]string{"kvk_number": "none", "special_health": "note", "note_judgmental": "note",
		"credit_card": "card", "geo_location": "other_personal", "bsn": "bsn", "health": "note"} {
		if got := kindType(kind); got != want {
			t.Errorf("kindType(%q) = %q, want %q", kind, got, want)
		}
	}
}
