package scanner

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/internal/gen"
	"github.com/crmscan/crmscan/reporters"
	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// The parity test: the same CRM contacts in PostgreSQL, MariaDB, SQLite and
// a CSV export, scanned in full, must classify every column alike.

// parityCols are the contacts' columns in order; id is an integer key that
// the databases do not read (it holds no text), which the CSV reads as text.
var parityCols = []string{"id", "voornaam", "tussenvoegsel", "achternaam", "email", "telefoon", "mobiel", "iban",
	"kenmerk", "postcode", "plaats", "geboortedatum", "opmerkingen", "deleted", "date_modified"}

// parityWant is the classification every source must give; id only in the
// CSV.
var parityWant = map[string]string{
	"id": "none", "voornaam": "name", "tussenvoegsel": "name", "achternaam": "name", "email": "email",
	"telefoon": "phone", "mobiel": "phone", "iban": "iban", "kenmerk": "bsn", "postcode": "postcode",
	"plaats": "place", "geboortedatum": "date_of_birth", "opmerkingen": "free_text", "deleted": "none",
	"date_modified": "none",
}

const parityRows = 300

// parityContact is one row; a nil cell is NULL (an empty field in CSV).
type parityContact struct {
	id      int
	cells   map[string]*string // the text-like columns
	deleted bool
}

func parityData() []parityContact {
	g := gen.New(20261124)
	base := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	var out []parityContact
	str := func(s string) *string { return &s }
	for i := 1; i <= parityRows; i++ {
		p := g.Person()
		c := parityContact{id: i, deleted: i%10 == 0, cells: map[string]*string{
			"voornaam": str(p.First), "achternaam": str(p.Last), "email": str(p.Email),
			"telefoon": str(g.Landline()), "iban": str(g.IBAN(i%3 == 0)),
			"kenmerk": str(g.BSN()), "postcode": str(p.Postcode), "plaats": str(p.City),
			"date_modified": str(base.Add(time.Duration(i*37) * time.Hour).Format("2006-01-02 15:04:05")),
		}}
		if p.Tussen != "" {
			c.cells["tussenvoegsel"] = str(p.Tussen)
		}
		if i%7 != 0 { // no mobile number for some
			c.cells["mobiel"] = str(g.Mobile())
		} else {
			c.cells["mobiel"] = nil
		}
		if i%5 != 0 { // no birth date for some
			dob := time.Date(1940+i%60, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
			c.cells["geboortedatum"] = str(dob.Format("2006-01-02"))
		}
		switch i % 15 {
		case 3:
			c.cells["opmerkingen"] = str("Heeft diabetes type 2, afspraken liefst 's ochtends inplannen.")
		case 8:
			c.cells["opmerkingen"] = str("Bevestiging gestuurd naar " + p.Email + ", wacht op reactie.")
		default:
			if n := g.Note(p); n != "" {
				c.cells["opmerkingen"] = str(n)
			}
		}
		out = append(out, c)
	}
	return out
}

// parityTarget loads the contacts into one kind of source and returns the
// target to scan; it cleans up after itself.
type parityTarget struct {
	name string
	load func(t *testing.T, data []parityContact) string
}

func TestParity(t *testing.T) {
	data := parityData()
	targets := []parityTarget{
		{"csv", parityCSV},
		{"sqlite", paritySQLite},
		{"postgres", parityPostgres},
		{"mariadb", parityMariaDB},
	}
	got := map[string]map[string]string{}
	sigs := map[string]string{} // source/column: what the column's cells held
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			target := tg.load(t, data)
			opt := testOptions(t)
			opt.TableLimit, opt.FileLimit = 0, 0 // --full
			rep := scan(t, opt, target)
			if len(rep.Errors) != 0 {
				t.Fatalf("errors: %+v", rep.Errors)
			}
			if len(rep.Sources) != 1 || rep.Sources[0].RowsScanned != parityRows || rep.Sources[0].Sampled {
				t.Fatalf("sources = %+v, want one source with all %d rows", rep.Sources, parityRows)
			}
			cls := map[string]string{}
			tables := map[string]bool{}
			for _, c := range rep.Columns {
				cls[c.Column] = c.Classification
				tables[c.Table] = true
				sigs[tg.name+"/"+c.Column] = paritySignature(c)
			}
			if len(tables) != 1 {
				t.Fatalf("columns of %d tables, want 1: %v", len(tables), tables)
			}
			for col, want := range parityWant {
				if col == "id" && tg.name != "csv" {
					if c, ok := cls[col]; ok {
						t.Errorf("integer column id read, classified %q", c)
					}
					continue
				}
				if cls[col] != want {
					t.Errorf("column %s classified %q, want %q", col, cls[col], want)
				}
			}
			for col := range cls {
				if _, ok := parityWant[col]; !ok {
					t.Errorf("unexpected column %q", col)
				}
			}
			got[tg.name] = cls
		})
	}
	// Every pair of sources that ran agrees column by column.
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		a, b := got[names[0]], got[names[i]]
		for _, col := range parityCols {
			ca, oka := a[col]
			cb, okb := b[col]
			if oka && okb && ca != cb {
				t.Errorf("column %s: %s says %q, %s says %q", col, names[0], ca, names[i], cb)
			}
			// Not only the verdict: the same cells were read and matched.
			if sa, sb := sigs[names[0]+"/"+col], sigs[names[i]+"/"+col]; oka && okb && sa != sb {
				t.Errorf("column %s: %s read %s, %s read %s", col, names[0], sa, names[i], sb)
			}
		}
	}
	if testing.Verbose() {
		for _, col := range parityCols {
			var line []string
			for _, n := range names {
				c, ok := got[n][col]
				if !ok {
					c = "(not read)"
				}
				line = append(line, n+"="+c)
			}
			t.Logf("%-14s %s", col, strings.Join(line, " "))
		}
	}
}

// paritySignature sums up a column's profile: non-empty cells and the
// cells of each kind found.
func paritySignature(c reporters.Column) string {
	var kinds []string
	for k, d := range c.Detections {
		kinds = append(kinds, k+":"+strconv.FormatInt(d.Count, 10))
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%d non-empty [%s]", c.NonEmpty, strings.Join(kinds, " "))
}

// parityRecord renders a contact as the text cells of a CSV export or a
// SQLite file: NULL as empty, the flag as 0/1.
func parityRecord(c parityContact) []string {
	rec := make([]string, len(parityCols))
	for i, col := range parityCols {
		switch col {
		case "id":
			rec[i] = strconv.Itoa(c.id)
		case "deleted":
			rec[i] = "0"
			if c.deleted {
				rec[i] = "1"
			}
		default:
			if v := c.cells[col]; v != nil {
				rec[i] = *v
			}
		}
	}
	return rec
}

func parityCSV(t *testing.T, data []parityContact) string {
	path := filepath.Join(t.TempDir(), "contacts.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(parityCols)
	for _, c := range data {
		w.Write(parityRecord(c))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// parityArgs are a contact's values for an INSERT; flag renders deleted.
func parityArgs(c parityContact, flag func(bool) any) []any {
	args := make([]any, len(parityCols))
	for i, col := range parityCols {
		switch col {
		case "id":
			args[i] = c.id
		case "deleted":
			args[i] = flag(c.deleted)
		default:
			if v := c.cells[col]; v != nil {
				args[i] = *v
			}
		}
	}
	return args
}

// parityInsert inserts all rows with multi-row INSERTs; ph gives the n-th
// placeholder.
func parityInsert(t *testing.T, db *sql.DB, table string, data []parityContact, ph func(int) string, flag func(bool) any) {
	t.Helper()
	const per = 100
	for start := 0; start < len(data); start += per {
		var b strings.Builder
		var args []any
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(parityCols, ", ") + ") VALUES ")
		for i, c := range data[start:min(start+per, len(data))] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range parityCols {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(ph(len(args) + j + 1))
			}
			b.WriteByte(')')
			args = append(args, parityArgs(c, flag)...)
		}
		if _, err := db.Exec(b.String(), args...); err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
	}
}

func paritySQLite(t *testing.T, data []parityContact) string {
	path := filepath.Join(t.TempDir(), "crm.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, voornaam TEXT NOT NULL, tussenvoegsel TEXT,
  achternaam TEXT NOT NULL, email VARCHAR(254), telefoon VARCHAR(30), mobiel VARCHAR(30), iban VARCHAR(34),
  kenmerk VARCHAR(9), postcode VARCHAR(7), plaats TEXT, geboortedatum DATE, opmerkingen TEXT,
  deleted BOOLEAN NOT NULL DEFAULT 0, date_modified DATETIME NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	parityInsert(t, db, "contacts", data, func(int) string { return "?" }, func(d bool) any {
		if d {
			return 1
		}
		return 0
	})
	return path
}

// parityName is unique to this test process, so that concurrent runs on
// one server do not meet.
func parityName() string { return fmt.Sprintf("crmscan_parity_%d", os.Getpid()) }

func parityPostgres(t *testing.T, data []parityContact) string {
	roURL, adminURL := os.Getenv("CRMSCAN_TEST_PG_URL"), os.Getenv("CRMSCAN_TEST_PG_ADMIN_URL")
	if roURL == "" || adminURL == "" {
		t.Skip("CRMSCAN_TEST_PG_URL or CRMSCAN_TEST_PG_ADMIN_URL not set")
	}
	name := parityName()
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	// A database of its own: the other tests that read the whole test
	// database never see it.
	parityExec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	parityExec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { parityExec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	// A server that writes dates the American way must not change what
	// the scan sees.
	parityExec(t, admin, "ALTER DATABASE "+name+" SET DateStyle = 'SQL, MDY'")
	parityExec(t, admin, "ALTER DATABASE "+name+" SET TimeZone = 'America/New_York'")

	db, err := sql.Open("pgx", withPath(t, adminURL, name))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	parityExec(t, db, `CREATE SCHEMA crm`)
	parityExec(t, db, `CREATE TABLE crm.contacts (id integer PRIMARY KEY, voornaam varchar(50) NOT NULL,
  tussenvoegsel char(10), achternaam varchar(80) NOT NULL, email varchar(254), telefoon varchar(30),
  mobiel varchar(30), iban varchar(34), kenmerk char(9), postcode char(7), plaats text, geboortedatum date,
  opmerkingen text, deleted boolean NOT NULL DEFAULT false, date_modified timestamptz NOT NULL)`)
	parityInsert(t, db, "crm.contacts", data, func(i int) string { return "$" + strconv.Itoa(i) }, func(d bool) any { return d })
	parityExec(t, db, "GRANT CONNECT ON DATABASE "+name+" TO crmscan_ro")
	parityExec(t, db, "GRANT USAGE ON SCHEMA crm TO crmscan_ro")
	parityExec(t, db, "GRANT SELECT ON crm.contacts TO crmscan_ro")
	parityExec(t, db, "ANALYZE crm.contacts")
	return withPath(t, roURL, name)
}

// withPath returns a postgres:// URL naming another database.
func withPath(t *testing.T, raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

func parityMariaDB(t *testing.T, data []parityContact) string {
	roURL, adminURL := os.Getenv("CRMSCAN_TEST_MYSQL_URL"), os.Getenv("CRMSCAN_TEST_MYSQL_ADMIN_URL")
	if roURL == "" || adminURL == "" {
		t.Skip("CRMSCAN_TEST_MYSQL_URL or CRMSCAN_TEST_MYSQL_ADMIN_URL not set")
	}
	name := parityName()
	admin, err := sql.Open("mysql", strings.TrimPrefix(adminURL, "mysql://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ro, err := mysql.ParseDSN(strings.TrimPrefix(roURL, "mysql://"))
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := strings.Cut(ro.Addr, ":")
	// A read-only user of its own that sees only this database: the
	// tests that read every database as crmscan_ro never see it.
	user := "'" + name + "'@'" + host + "'"
	parityExec(t, admin, "DROP DATABASE IF EXISTS "+name)
	parityExec(t, admin, "DROP USER IF EXISTS "+user)
	parityExec(t, admin, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4")
	t.Cleanup(func() {
		parityExec(t, admin, "DROP DATABASE IF EXISTS "+name)
		parityExec(t, admin, "DROP USER IF EXISTS "+user)
	})
	parityExec(t, admin, `CREATE TABLE `+name+`.contacts (id INT NOT NULL PRIMARY KEY, voornaam VARCHAR(50) NOT NULL,
  tussenvoegsel CHAR(10), achternaam VARCHAR(80) NOT NULL, email VARCHAR(254), telefoon VARCHAR(30),
  mobiel VARCHAR(30), iban VARCHAR(34), kenmerk CHAR(9), postcode CHAR(7), plaats TEXT, geboortedatum DATE,
  opmerkingen TEXT, deleted TINYINT(1) NOT NULL DEFAULT 0, date_modified DATETIME NOT NULL)`)
	parityInsert(t, admin, name+".contacts", data, func(int) string { return "?" }, func(d bool) any {
		if d {
			return 1
		}
		return 0
	})
	parityExec(t, admin, "ANALYZE TABLE "+name+".contacts")
	pw := "parity-Canary-" + strconv.Itoa(os.Getpid())
	parityExec(t, admin, "CREATE USER "+user+" IDENTIFIED BY '"+pw+"'")
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = name, pw, "tcp", ro.Addr, name
	if _, err := admin.Exec("GRANT SELECT ON " + name + ".* TO " + user); err != nil {
		// A server set up before the admin had the grant option: read as
		// the admin (the scan's session is read-only all the same).
		t.Logf("reading as the admin user: %v", err)
		acfg, err := mysql.ParseDSN(strings.TrimPrefix(adminURL, "mysql://"))
		if err != nil {
			t.Fatal(err)
		}
		acfg.DBName = name
		return "mysql://" + acfg.FormatDSN()
	}
	return "mysql://" + cfg.FormatDSN()
}

func parityExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
