package dbsrc

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
)

// sqliteFixture creates a SQLite database with the driver itself.
func sqliteFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crm.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := gen.New(7)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, email VARCHAR(100), phone TEXT, iban TEXT, bsn TEXT, opt_in BOOLEAN DEFAULT 1, age INT)`)
	for i := 1; i <= 5000; i++ {
		p := g.Person()
		exec(`INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, 1, 40)`, i, p.First+" "+p.Last, p.Email, g.Mobile(), g.IBAN(false), g.BSN())
	}
	exec(`CREATE TABLE "x""; DROP TABLE y; --" (email TEXT)`)
	exec(`INSERT INTO "x""; DROP TABLE y; --" VALUES ('a.b@example.nl'), ('c.d@ziggo.nl')`)
	exec(`CREATE TABLE y (label TEXT)`)
	exec(`INSERT INTO y VALUES ('still here')`)
	exec(`CREATE TABLE pairs (a TEXT, b TEXT, note TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID`)
	exec(`INSERT INTO pairs VALUES ('1', '2', 'mail jan@ziggo.nl')`)
	exec(`CREATE VIEW v AS SELECT email FROM contacts`)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSQLite(t *testing.T) {
	path := sqliteFixture(t)
	for _, target := range []string{path, "sqlite://" + path} {
		if KindOf(target) != "sqlite" {
			t.Fatalf("KindOf(%q) = %q, want sqlite", target, KindOf(target))
		}
	}
	if KindOf(filepath.Join(t.TempDir(), "missing.db")) != "" {
		t.Errorf("a missing .db file is claimed")
	}

	tabs, order, err := scanAll(t, "sqlite://"+path, Options{Limit: 1000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `main.contacts,main.pairs,main.x"; DROP TABLE y; --,main.y`; strings.Join(order, ",") != want {
		t.Errorf("tables = %q, want %q", strings.Join(order, ","), want)
	}
	c := tabs["main.contacts"]
	if got := colNames(c.cols); got != "name,email,phone,iban,bsn" {
		t.Errorf("contacts columns = %s", got)
	}
	if len(c.rows) != 1000 || !c.stats.Truncated || c.stats.RowsEstimate != 5000 {
		t.Errorf("contacts: %d rows, stats %+v, want a sample of 1000 of 5000", len(c.rows), c.stats)
	}
	if c.rows[0] != 1 || c.rows[len(c.rows)-1] <= 4000 {
		t.Errorf("contacts sample rows %d..%d: not spread over the table (%v)", c.rows[0], c.rows[len(c.rows)-1], c.det)
	}
	if n := countMatching(c.cells["email"], "@"); n != 1000 {
		t.Errorf("contacts emails = %d, want 1000", n)
	}
	if h := tabs[`main.x"; DROP TABLE y; --`]; h == nil || len(h.rows) != 2 {
		t.Errorf("hostile table = %+v", h)
	}
	if p := tabs["main.pairs"]; p == nil || len(p.rows) != 1 || p.rows[0] != 1 || p.cells["note"][0] != "mail jan@ziggo.nl" {
		t.Errorf("pairs = %+v", p)
	}

	full, _, err := scanAll(t, path, Options{Limit: 0, Views: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := full["main.contacts"]; len(c.rows) != 5000 || c.stats.Truncated || c.rows[4999] != 5000 {
		t.Errorf("full contacts: %d rows, stats %+v", len(c.rows), c.stats)
	}
	if v := full["main.v"]; v == nil || len(v.rows) != 5000 {
		t.Errorf("view v not read in full with Views")
	}

	// still there, and the scanner's session cannot write
	db, _ := sql.Open("sqlite", path)
	defer db.Close()
	var label string
	if err := db.QueryRow("SELECT label FROM y").Scan(&label); err != nil || label != "still here" {
		t.Errorf("y after the scan: %q, %v", label, err)
	}
	d := sqlite{}
	conn, err := d.connector(path, "", false, DefaultQueryTimeout)
	if err != nil {
		t.Fatal(err)
	}
	ro := sql.OpenDB(conn)
	defer ro.Close()
	s := &session{d: d, db: ro, opt: Options{QueryTimeout: DefaultQueryTimeout}, sc: &scrubber{}}
	rc, err := s.conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	for _, q := range []string{"INSERT INTO y VALUES ('written')", "CREATE TABLE z (a)", "DROP TABLE y"} {
		if _, err := rc.ExecContext(t.Context(), q); err == nil {
			t.Errorf("%s succeeded in a read-only session", q)
		}
	}
}

func TestSQLiteNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	if err := writeFile(path, "just text, no SQLite here\n"); err != nil {
		t.Fatal(err)
	}
	_, _, err := scanAll(t, path, Options{Limit: 10}, nil)
	if err == nil {
		t.Fatal("a text file scanned as SQLite")
	}
	t.Logf("error: %v", err)
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

// Dates come as the file holds them, not as the driver's time.Time would
// print them ("1980-05-12T00:00:00Z"): the same data reads alike in every
// kind of source.
func TestSQLiteDatesAsStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dates.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE c (id INTEGER PRIMARY KEY, geboortedatum DATE, date_modified DATETIME, ts TIMESTAMP, unix DATETIME)`,
		`INSERT INTO c VALUES (1, '1980-05-12', '2024-01-02 09:00:00', '12-05-1980', 1700000000), (2, NULL, '', NULL, NULL)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	tabs, _, err := scanAll(t, path, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := tabs["main.c"]
	if c == nil {
		t.Fatalf("table main.c not read: %v", tabs)
	}
	want := map[string][]string{
		"geboortedatum": {"1980-05-12", ""}, "date_modified": {"2024-01-02 09:00:00", ""},
		"ts": {"12-05-1980", ""}, "unix": {"1700000000", ""},
	}
	for col, w := range want {
		if got := strings.Join(c.cells[col], "|"); got != strings.Join(w, "|") {
			t.Errorf("%s = %q, want %q", col, got, strings.Join(w, "|"))
		}
	}
}
