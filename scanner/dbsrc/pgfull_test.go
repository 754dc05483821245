package dbsrc

import (
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
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

// A --full read of a PostgreSQL table is one COPY, as pg_dump reads one: it
// runs past the statement timeout while rows keep coming, and the watchdog
// cancels it when they stop for that long.
func TestPGFullCopyOutlastsStatementTimeout(t *testing.T) {
	target := pgScratchDB(t, "crmscan_slowread",
		"DROP VIEW IF EXISTS trickle, stall",
		// 5,000 rows over 1.5 seconds: a batch of 1,000 every 0.3 s.
		`CREATE VIEW trickle AS SELECT g AS id, 'klant ' || g || ' ' || repeat('x', 40) AS note
		 FROM generate_series(1, 5000) g WHERE g % 100 <> 0 OR pg_sleep(0.03) IS NOT NULL`,
		// No row for 3 seconds.
		`CREATE VIEW stall AS SELECT 'klant'::text AS note FROM (SELECT pg_sleep(3)) s`,
		"GRANT SELECT ON trickle, stall TO crmscan_ro",
	)
	opt := Options{Views: true, QueryTimeout: time.Second, Tables: []string{"trickle"}}

	start := time.Now()
	tabs, _, err := scanAll(t, target, opt, nil)
	c := tabs["public.trickle"]
	if c == nil {
		t.Fatalf("trickle not read: %v", err)
	}
	if err != nil || len(c.rows) != 5000 {
		t.Fatalf("trickle: %d rows, %v; want 5,000 rows read past the 1 s statement timeout", len(c.rows), err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("trickle read in %v: the view should take 1.5 s, longer than the timeout", d)
	}
	if c.det["read"] != "all rows: one COPY" {
		t.Errorf("trickle read as %q", c.det["read"])
	}

	opt.Tables = []string{"stall"}
	tabs, _, err = scanAll(t, target, opt, nil)
	var te *TableError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "query timeout (no progress for 1s)") {
		t.Fatalf("stall: error %v, want the watchdog's timeout", err)
	}
	if c := tabs["public.stall"]; c == nil || len(c.rows) != 0 {
		t.Errorf("stall: read %v", c != nil)
	}
}
