package testutil

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // the SQLite driver crmscan reads databases with
)

// ChinookSQLite builds the Chinook sample database as a SQLite file in a
// temporary folder from its SQL script (testdata/db/chinook_sqlite.sql, the
// script as Chinook publishes it) and returns the file's path.
func ChinookSQLite(tb testing.TB, script string) string {
	tb.Helper()
	b, err := os.ReadFile(script)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "chinook.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(b)); err != nil {
		tb.Fatalf("build Chinook from %s: %v", script, err)
	}
	return path
}
