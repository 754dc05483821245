package scanner

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
)

// makeSuiteCRM builds a SuiteCRM-like SQLite database with known facts:
// contacts 1-40; 31-36 soft-deleted (deleted = 1); 35-40 last modified in
// 2015; 5-7 born in 2014 (minors); column opt_in defaults to 1 (a
// pre-ticked box); a leads table without any consent column; a BSN column;
// notes about diabetes (row 3) and "een hork" (row 8).
func makeSuiteCRM(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "suitecrm.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []string{
		`CREATE TABLE contacts (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email1 TEXT,
			phone_mobile TEXT, birthdate TEXT, bsn TEXT, description TEXT, deleted INTEGER DEFAULT 0,
			date_modified TEXT, do_not_call INTEGER DEFAULT 0, opt_in INTEGER DEFAULT 1)`,
		`CREATE TABLE leads (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email1 TEXT,
			account_name TEXT, date_modified TEXT)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	g := gen.New(46)
	for i := 1; i <= 40; i++ {
		p := g.Person()
		del := 0
		if i >= 31 && i <= 36 {
			del = 1
		}
		mod := fmt.Sprintf("2026-%02d-%02d 10:00:00", 1+i%10, 1+i%28)
		if i >= 35 {
			mod = fmt.Sprintf("2015-%02d-%02d 10:00:00", 1+i%12, 1+i%28)
		}
		birth := fmt.Sprintf("19%d-0%d-1%d", 50+i, 1+i%9, i%10)
		if i >= 5 && i <= 7 {
			birth = fmt.Sprintf("2014-0%d-1%d", 1+i%9, i%10)
		}
		note := ""
		switch i {
		case 3:
			note = "Heeft diabetes, levering aan de deur."
		case 8:
			note = "Wat een hork, echt een lastige klant."
		}
		if _, err := db.Exec(`INSERT INTO contacts (id, first_name, last_name, email1, phone_mobile, birthdate, bsn, description, deleted, date_modified)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, i, p.First, p.Last, p.Email, g.Mobile(), birth, g.BSN(), note, del, mod); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 10; i++ {
		p := g.Person()
		if _, err := db.Exec(`INSERT INTO leads (id, first_name, last_name, email1, account_name, date_modified) VALUES (?,?,?,?,?,?)`,
			i, p.First, p.Last, p.Email, "Bakkerij "+p.Last, "2026-05-05 10:00:00"); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestCRMRulesOnSuiteCRMDatabase(t *testing.T) {
	opt := testOptions(t)
	opt.TableLimit = 0 // --full: exact counts
	rep := scan(t, opt, "sqlite://"+makeSuiteCRM(t))
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	got := map[string]int64{}
	for _, f := range rep.Findings {
		key := f.Rule + "@" + f.Location.Table
		if f.Location.Column != "" {
			key += "." + f.Location.Column
		}
		got[key] = f.Count
	}
	want := map[string]int64{
		"erasure.soft_deleted_pii@main.contacts":        6,
		"retention.expired@main.contacts.date_modified": 6,
		"children.minor@main.contacts.birthdate":        3,
		"consent.default_opt_in@main.contacts.opt_in":   0,
		"consent.missing@main.leads":                    0,
		"pii.bsn@main.contacts.bsn":                     40,
		"pii.email@main.contacts.email1":                40,
		"special.health@main.contacts.description":      1,
		"note.judgmental@main.contacts.description":     -1, // count depends on the lexicon ("hork", "lastige klant")
	}
	for k, n := range want {
		c, ok := got[k]
		if !ok {
			t.Errorf("missing finding %s (have %v)", k, keys(got))
			continue
		}
		if n >= 0 && c != n {
			t.Errorf("%s count = %d, want %d", k, c, n)
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "consent.missing@main.contacts") || strings.HasPrefix(k, "security.unencrypted_export") {
			t.Errorf("unexpected finding %s", k)
		}
	}
	status := map[int]string{}
	for _, c := range rep.Checklist {
		status[c.Step] = c.Status
	}
	if len(rep.Checklist) != 10 || status[6] != "manual" || status[9] != "manual" {
		t.Errorf("checklist = %v, want 10 steps with 6 and 9 manual", status)
	}
	for _, s := range []int{2, 3, 5, 10} {
		if status[s] != "warn" && status[s] != "fail" {
			t.Errorf("step %d = %s, want warn or fail", s, status[s])
		}
	}
}

func keys(m map[string]int64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A BSN stored as an integer in a column named for it is read, although
// number columns are otherwise skipped.
func TestIntegerBSNColumnIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "int.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`CREATE TABLE klanten (id INTEGER PRIMARY KEY, bsn INTEGER, aantal INTEGER)`)
	g := gen.New(8)
	for i := 1; i <= 20; i++ {
		if _, err := db.Exec(`INSERT INTO klanten VALUES (?, ?, ?)`, i, g.BSN(), i*7); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	rep := scan(t, testOptions(t), path)
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Rule+"/"+f.Location.Column] = true
	}
	if !got["pii.bsn/bsn"] {
		t.Errorf("integer bsn column not read: %v", got)
	}
}
