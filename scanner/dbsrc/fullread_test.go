package dbsrc

import (
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// pgScratchDB makes a database of the test's own on the PostgreSQL test
// server, which the reader may connect to, runs setup in it as the admin
// and returns the reader's URL of it. Other packages' tests scan the
// shared database at the same time: what is slow on purpose stays apart.
func pgScratchDB(t *testing.T, name string, setup ...string) string {
	t.Helper()
	ro := liveURL(t, "CRMSCAN_TEST_PG_URL")
	admin := liveURL(t, "CRMSCAN_TEST_PG_ADMIN_URL")
	withDB := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal("unparsable test URL")
		}
		u.Path = "/" + name
		return u.String()
	}
	root, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var exists bool
	if err := root.QueryRow("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		if _, err := root.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("pgx", withDB(admin))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range setup {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return withDB(ro)
}

// mysqlScratchDB makes a database of the test's own on the MariaDB test
// server, with a reader of its own that may read it alone (other
// packages' tests read every database the shared reader may), runs setup
// in it as the admin and returns the reader's URL of it.
func mysqlScratchDB(t *testing.T, name string, setup ...string) string {
	t.Helper()
	ro := liveURL(t, "CRMSCAN_TEST_MYSQL_URL")
	admin := liveURL(t, "CRMSCAN_TEST_MYSQL_ADMIN_URL")
	db, err := sql.Open("mysql", servers["mysql"].adminDSN(admin))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, dsn := mysqlDSN(ro)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal("unparsable test URL")
	}
	host, _, _ := strings.Cut(cfg.Addr, ":")
	user := "'" + name + "'@'" + host + "'"
	stmts := append([]string{
		"CREATE DATABASE IF NOT EXISTS " + name,
		"CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY 'slow-Canary-5e1d'",
		"GRANT SELECT, SHOW VIEW ON " + name + ".* TO " + user,
		"USE " + name,
	}, setup...)
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range stmts {
		if _, err := conn.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cfg.User, cfg.Passwd, cfg.DBName = name, "slow-Canary-5e1d", name
	return "mysql://" + cfg.FormatDSN()
}

// A --full read of a table is one statement where the dialect reads past
// database/sql (PostgreSQL's COPY, as pg_dump reads one; MySQL's query, as
// the mysql client does): it runs past the statement timeout while rows
// keep coming, and the watchdog cancels it when they stop for that long.
func TestFullReadOutlastsStatementTimeout(t *testing.T) {
	for _, tc := range []struct {
		kind, read string
		target     func(t *testing.T) string
		// kill lists the reader's sessions on the scratch database, and
		// killOne ends one: only this test's, never another package's.
		kill, killOne string
	}{
		{"postgres", "all rows: one COPY", func(t *testing.T) string {
			return pgScratchDB(t, "crmscan_slowread",
				"DROP VIEW IF EXISTS trickle, stall",
				// 5,000 rows over 1.5 seconds: a batch of 1,000 every 0.3 s.
				`CREATE VIEW trickle AS SELECT g AS id, 'klant ' || g || ' ' || repeat('x', 40) AS note
				 FROM generate_series(1, 5000) g WHERE g % 100 <> 0 OR pg_sleep(0.03) IS NOT NULL`,
				// No row for 3 seconds.
				`CREATE VIEW stall AS SELECT 'klant'::text AS note FROM (SELECT pg_sleep(3)) s`,
				"DROP VIEW IF EXISTS wrapup",
				`CREATE VIEW wrapup AS SELECT g AS id, 'klant ' || g AS note FROM generate_series(1, 10) g`,
				"GRANT SELECT ON trickle, stall, wrapup TO crmscan_ro")
		}, "SELECT pid FROM pg_stat_activity WHERE usename = 'crmscan_ro' AND datname = 'crmscan_slowread'", "SELECT pg_terminate_backend($1)"},
		{"mysql", "all rows: one query", func(t *testing.T) string {
			return mysqlScratchDB(t, "crmscan_slowread",
				`CREATE OR REPLACE VIEW trickle AS SELECT seq AS id, CONCAT('klant ', seq, ' ', REPEAT('x', 40)) AS note
				 FROM seq_1_to_5000 WHERE seq % 100 <> 0 OR SLEEP(0.03) = 0`,
				`CREATE OR REPLACE VIEW stall AS SELECT 'klant' AS note FROM (SELECT SLEEP(3) AS s) x`,
				`CREATE OR REPLACE VIEW wrapup AS SELECT seq AS id, CONCAT('klant ', seq) AS note FROM seq_1_to_10`)
		}, "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'crmscan_slowread'", "KILL CONNECTION ?"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			target := tc.target(t)
			schema := "public"
			if tc.kind == "mysql" {
				schema = "crmscan_slowread"
			}
			opt := Options{Views: true, QueryTimeout: time.Second, Tables: []string{"trickle"}}
			start := time.Now()
			tabs, _, err := scanAll(t, target, opt, nil)
			c := tabs[schema+".trickle"]
			if c == nil {
				t.Fatalf("trickle not read: %v", err)
			}
			if err != nil || len(c.rows) != 5000 {
				t.Fatalf("trickle: %d rows, %v; want 5,000 rows read past the 1 s statement timeout", len(c.rows), err)
			}
			if d := time.Since(start); d < time.Second {
				t.Errorf("trickle read in %v: the view should take 1.5 s, longer than the timeout", d)
			}
			if c.det["read"] != tc.read {
				t.Errorf("trickle read as %q, want %q", c.det["read"], tc.read)
			}

			opt.Tables = []string{"stall"}
			tabs, _, err = scanAll(t, target, opt, nil)
			var te *TableError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), "query timeout (no progress for 1s)") {
				t.Fatalf("stall: error %v, want the watchdog's timeout", err)
			}
			if c := tabs[schema+".stall"]; c == nil || len(c.rows) != 0 {
				t.Errorf("stall: read %v", c != nil)
			}

			// The connection killed while the server is still sending
			// (the view has a second to go after the first batch): an
			// error for that table, never a table cut short in silence,
			// and the next table is read on a new connection.
			admin := liveURL(t, "CRMSCAN_TEST_PG_ADMIN_URL")
			driver := "pgx"
			if tc.kind == "mysql" {
				admin, driver = servers["mysql"].adminDSN(liveURL(t, "CRMSCAN_TEST_MYSQL_ADMIN_URL")), "mysql"
			}
			adb, err := sql.Open(driver, admin)
			if err != nil {
				t.Fatal(err)
			}
			defer adb.Close()
			killed := 0
			kill := func(name string) {
				if name != schema+".trickle" || killed > 0 {
					return
				}
				rows, err := adb.Query(tc.kill)
				if err != nil {
					t.Error(err)
					return
				}
				var ids []int64
				for rows.Next() {
					var id int64
					rows.Scan(&id)
					ids = append(ids, id)
				}
				rows.Close()
				for _, id := range ids {
					if _, err := adb.Exec(tc.killOne, id); err == nil {
						killed++
					}
				}
			}
			opt = Options{Views: true, QueryTimeout: time.Minute, Workers: 1, Tables: []string{"trickle", "wrapup"}}
			tabs, _, err = scanAll(t, target, opt, kill)
			if killed == 0 {
				t.Fatal("no session to kill")
			}
			if !errors.As(err, &te) || te.Table != schema+".trickle" {
				t.Fatalf("error %v after the kill, want one for %s.trickle", err, schema)
			}
			if strings.Contains(err.Error(), "Canary") {
				t.Errorf("error holds a password: %v", err)
			}
			if c := tabs[schema+".trickle"]; c == nil || len(c.rows) >= 5000 {
				t.Errorf("trickle read whole despite the kill")
			}
			if c := tabs[schema+".wrapup"]; c == nil || c.err != nil || len(c.rows) != 10 {
				t.Errorf("wrapup after the kill: %+v, want its 10 rows", c)
			}
		})
	}
}
