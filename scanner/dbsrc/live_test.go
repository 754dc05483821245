package dbsrc

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// server describes one live test server as the CI scripts load it.
type server struct {
	env, adminEnv     string
	driver            string
	customer, employe string // Chinook's tables as schema.table
	hostile           string
	adminDSN          func(url string) string
}

var servers = map[string]server{
	"postgres": {
		env: "CRMSCAN_TEST_PG_URL", adminEnv: "CRMSCAN_TEST_PG_ADMIN_URL", driver: "pgx",
		customer: "public.customer", employe: "public.employee", hostile: "crm." + hostilePG,
		adminDSN: func(u string) string { return u },
	},
	"mysql": {
		env: "CRMSCAN_TEST_MYSQL_URL", adminEnv: "CRMSCAN_TEST_MYSQL_ADMIN_URL", driver: "mysql",
		customer: "Chinook.Customer", employe: "Chinook.Employee", hostile: "crm." + hostileMySQL,
		adminDSN: func(u string) string { _, dsn := mysqlDSN(u); return dsn },
	},
}

func TestLivePostgres(t *testing.T) { testLive(t, "postgres") }
func TestLiveMySQL(t *testing.T)    { testLive(t, "mysql") }

func testLive(t *testing.T, kind string) {
	sv := servers[kind]
	url := liveURL(t, sv.env)
	admin := liveURL(t, sv.adminEnv)

	t.Run("chinook and contacts", func(t *testing.T) {
		tabs, order, err := scanAll(t, url, Options{Limit: 10000, Workers: 3}, nil)
		var te *TableError
		if err != nil && !(kind == "postgres" && errors.As(err, &te) && te.Table == "crm.secret") {
			t.Fatalf("Scan error: %v", err)
		}
		if kind == "postgres" && (err == nil || !strings.Contains(err.Error(), "permission denied")) {
			t.Errorf("Scan error = %v, want permission denied for crm.secret", err)
		}
		for i := 1; i < len(order); i++ {
			if order[i-1] >= order[i] {
				t.Errorf("tables out of order: %q before %q", order[i-1], order[i])
			}
		}
		for _, name := range []string{sv.customer, sv.employe} {
			c := tabs[name]
			if c == nil {
				t.Fatalf("table %s not read; got %v", name, order)
			}
			email, phone := "email", "phone"
			if kind == "mysql" {
				email, phone = "Email", "Phone"
			}
			if n := countMatching(c.cells[email], "@"); n != len(c.rows) || n == 0 {
				t.Errorf("%s.%s: %d e-mail addresses in %d rows (columns %s)", name, email, n, len(c.rows), colNames(c.cols))
			}
			if n := countMatching(c.cells[phone], "+"); n == 0 {
				t.Errorf("%s.%s: no phone numbers", name, phone)
			}
			for _, col := range c.cols {
				if strings.Contains(strings.ToLower(col.Name), "id") && !strings.Contains(strings.ToLower(col.Name), "support") {
					t.Errorf("%s: integer column %s was read", name, col.Name)
				}
			}
		}
		if got := len(tabs[sv.customer].rows); got != 59 {
			t.Errorf("customer rows = %d, want 59", got)
		}
		c := tabs["crm.contacts"]
		if c == nil || len(c.rows) != fixtureRows {
			t.Fatalf("crm.contacts = %+v, want %d rows", c, fixtureRows)
		}
		if c.rows[0] != 1 || c.rows[len(c.rows)-1] != fixtureRows {
			t.Errorf("contacts row numbers %d..%d, want the primary key 1..%d", c.rows[0], c.rows[len(c.rows)-1], fixtureRows)
		}
		for _, col := range []string{"email", "phone", "mobile", "iban", "bsn", "notes"} {
			if len(c.cells[col]) != fixtureRows {
				t.Errorf("contacts.%s not read (columns %s)", col, colNames(c.cols))
			}
		}
		if strings.Contains(colNames(c.cols), "newsletter_opt_in") || strings.Contains(colNames(c.cols), "score") {
			t.Errorf("contacts: boolean or integer column read: %s", colNames(c.cols))
		}
		// Identifiers stored as numbers are read; the amount is not.
		if n := tabs["crm.numbered"]; n == nil || n.err != nil {
			t.Errorf("crm.numbered not read: %+v", n)
		} else {
			if got := colNames(n.cols); got != "bsn,phone" {
				t.Errorf("crm.numbered columns read = %s, want bsn,phone", got)
			}
			if len(n.cells["bsn"]) != 30 || len(n.cells["bsn"][0]) != 9 || countMatching(n.cells["phone"], "3120123450") != 9 {
				t.Errorf("crm.numbered cells = %v", n.cells)
			}
		}
		h := tabs[sv.hostile]
		if h == nil || h.err != nil || len(h.rows) != 20 || countMatching(h.cells["email"], "@") != 20 {
			t.Errorf("hostile table %q = %+v, want 20 e-mail rows scanned", sv.hostile, h)
		}
		if _, ok := tabs["crm.contact_emails"]; ok {
			t.Errorf("a view was read without Views")
		}
		// the table the hostile name would drop is still there
		db, err := sql.Open(sv.driver, sv.adminDSN(admin))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var label string
		if err := db.QueryRow("SELECT label FROM crm.y WHERE id = 1").Scan(&label); err != nil || label != "still here" {
			t.Errorf("crm.y after the scan: %q, %v", label, err)
		}
		// A sample is the same rows in every run (a baseline, a diff and
		// the shards of a scan depend on it).
		again, _, err := scanAll(t, url, Options{Limit: 10000, Tables: []string{"crm.big"}}, nil)
		if err != nil || again["crm.big"] == nil || !slices.Equal(again["crm.big"].rows, tabs["crm.big"].rows) {
			t.Errorf("crm.big: a second sample differs (%v)", err)
		}
		if b := tabs["crm.big"]; b == nil || !b.stats.Truncated || len(b.rows) != 10000 || b.stats.RowsEstimate < 50000 {
			t.Errorf("crm.big = rows %d stats %+v details %v, want a sample of 10000 of about 100000+", len(b.rows), b.stats, b.det)
		} else {
			if b.rows[len(b.rows)-1] < 50000 {
				t.Errorf("crm.big sample ends at row %d: not spread over the table (%v)", b.rows[len(b.rows)-1], b.det)
			}
		}
	})

	t.Run("views, schema and table globs", func(t *testing.T) {
		tabs, order, err := scanAll(t, url, Options{Limit: 100, Views: true, Schemas: []string{"crm"}, Tables: []string{"!big", "!secret"}}, nil)
		if err != nil {
			t.Fatalf("Scan error: %v", err)
		}
		if _, ok := tabs["crm.contact_emails"]; !ok {
			t.Errorf("view not read with Views: %v", order)
		}
		for _, n := range order {
			if !strings.HasPrefix(n, "crm.") || n == "crm.big" {
				t.Errorf("table %s read despite --schema crm --table !big", n)
			}
		}
		if c := tabs["crm.contacts"]; c == nil || len(c.rows) != 100 || !c.stats.Truncated {
			t.Errorf("contacts with limit 100: %+v", c)
		}
	})

	t.Run("full walk", func(t *testing.T) {
		tabs, _, err := scanAll(t, url, Options{Limit: 0, Tables: []string{"crm.big"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := tabs["crm.big"]
		want := 200000
		if kind == "mysql" {
			want = 100000
		}
		if b == nil || len(b.rows) != want || b.stats.Truncated || b.rows[len(b.rows)-1] != int64(want) {
			t.Fatalf("crm.big full: %d rows, stats %+v", len(b.rows), b.stats)
		}
	})

	t.Run("session is read-only", func(t *testing.T) {
		// as the admin, who may write: the session must refuse anyway
		d := dialectOf(admin)
		conn, err := d.connector(admin, "", false, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		s := &session{d: d, db: db, opt: Options{QueryTimeout: time.Minute}, sc: &scrubber{}}
		ctx := context.Background()
		if _, err := s.introspect(ctx); err != nil { // MySQL learns its flavour here
			t.Fatal(err)
		}
		c, err := s.conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for _, q := range []string{"INSERT INTO crm.y VALUES (2, 'written')", "CREATE TABLE crm.z (id INTEGER)", "DELETE FROM crm.y"} {
			if _, err := c.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: succeeded in a crmscan session", q)
			}
			tx, err := c.BeginTx(ctx, d.txOptions())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: succeeded in a crmscan transaction", q)
			}
			tx.Rollback()
		}
	})

	// A connection killed mid-table: TestFullReadOutlastsStatementTimeout,
	// on a view that is still sending when the kill comes. crm.big is
	// small enough for the server to send it all into the socket buffers
	// before the first batch reaches the test, now that it is read in one
	// statement: a kill there came too late now and then.

	t.Run("password never shown", func(t *testing.T) {
		bad := strings.Replace(url, "ro-Canary-7f3a9c", "wrong-Canary-93e1", 1)
		_, _, err := scanAll(t, bad, Options{Limit: 10}, nil)
		if err == nil {
			t.Fatal("Scan with a wrong password succeeded")
		}
		if strings.Contains(err.Error(), "Canary") {
			t.Errorf("error holds the password: %v", err)
		}
		if r := Redact(url); strings.Contains(r, "Canary") || !strings.Contains(r, "xxxxx") {
			t.Errorf("Redact(%q) = %q", url, r)
		}
		// the password from the environment instead of the URL
		t.Setenv("CRMSCAN_TEST_PW", "ro-Canary-7f3a9c")
		noPW := strings.Replace(url, ":ro-Canary-7f3a9c@", "@", 1)
		tabs, _, err := scanAll(t, noPW, Options{Limit: 10, PasswordEnv: "CRMSCAN_TEST_PW", Tables: []string{"contacts"}}, nil)
		if err != nil || len(tabs["crm.contacts"].rows) != 10 {
			t.Errorf("--password-env: %v, %v", err, tabs)
		}
	})
}
