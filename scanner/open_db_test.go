package scanner

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
	_ "modernc.org/sqlite"
)

// findingsAt maps "table.column" to the rules found there.
func findingsAt(t *testing.T, opt Options, target string) (map[string][]string, string) {
	t.Helper()
	rep := scan(t, opt, target)
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]string{}
	for _, f := range rep.Findings {
		k := f.Location.Table + "." + f.Location.Column
		m[k] = append(m[k], f.Rule)
		if f.Estimated {
			m[k+"~estimated"] = append(m[k+"~estimated"], f.Rule)
		}
	}
	return m, string(b)
}

func hasRule(rules []string, r string) bool {
	for _, x := range rules {
		if x == r {
			return true
		}
	}
	return false
}

// Findings in live databases: Chinook's customer and employee e-mail and
// phone columns and the generated contacts; the password never in the
// report (canary).
func TestScanDatabases(t *testing.T) {
	cases := []struct {
		env                string
		customer, employee string
		email, phone       string
	}{
		{"CRMSCAN_TEST_PG_URL", "public.customer", "public.employee", "email", "phone"},
		{"CRMSCAN_TEST_MYSQL_URL", "Chinook.Customer", "Chinook.Employee", "Email", "Phone"},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			url := os.Getenv(c.env)
			if url == "" {
				t.Skipf("%s not set", c.env)
			}
			opt := testOptions(t)
			opt.TableLimit = 10000
			found, js := findingsAt(t, opt, url)
			want := map[string]string{
				c.customer + "." + c.email: "pii.email", c.customer + "." + c.phone: "pii.phone",
				c.employee + "." + c.email: "pii.email", c.employee + "." + c.phone: "pii.phone",
				"crm.contacts.email": "pii.email", "crm.contacts.phone": "pii.phone", "crm.contacts.mobile": "pii.phone",
				"crm.contacts.iban": "pii.iban", "crm.contacts.bsn": "pii.bsn",
			}
			for at, rule := range want {
				if !hasRule(found[at], rule) {
					t.Errorf("%s: rules %v, want %s", at, found[at], rule)
				}
			}
			if strings.Contains(js, "Canary") || strings.Contains(js, "canary") {
				t.Errorf("the report holds the password")
			}
			if !strings.Contains(js, "xxxxx") {
				t.Errorf("the report does not show the redacted target")
			}
		})
	}
}

// A SQLite file sampled: counts are estimates and say so.
func TestScanSQLiteSampled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crm.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	g := gen.New(3)
	tx, _ := db.Begin()
	tx.Exec(`CREATE TABLE klanten (id INTEGER PRIMARY KEY, email TEXT, iban TEXT)`)
	for i := 1; i <= 3000; i++ {
		if _, err := tx.Exec(`INSERT INTO klanten VALUES (?, ?, ?)`, i, g.Person().Email, g.IBAN(false)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	opt := testOptions(t)
	opt.TableLimit = 500
	rep := scan(t, opt, path)
	if len(rep.Errors) != 0 || len(rep.Sources) != 1 {
		t.Fatalf("errors %+v sources %+v", rep.Errors, rep.Sources)
	}
	s := rep.Sources[0]
	if s.Kind != "sqlite" || s.RowsScanned != 500 || s.RowsTotal != 3000 || !s.Sampled {
		t.Errorf("source = %+v, want sqlite, 500 of 3000 rows, sampled", s)
	}
	var email bool
	for _, f := range rep.Findings {
		if f.Rule == "pii.email" && f.Location.Table == "main.klanten" {
			email = true
			if !f.Estimated || f.Count < 2900 || f.Count > 3100 {
				t.Errorf("e-mail finding count %d estimated %v, want about 3000, estimated", f.Count, f.Estimated)
			}
		}
	}
	if !email {
		t.Errorf("no e-mail finding in main.klanten: %+v", rep.Findings)
	}
}
