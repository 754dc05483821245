package dbsrc

import (
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
)

// TestSQLiteDirectMatchesDriver reads the same tables whole, past
// database/sql (a full read) and through it (a limit above the row count
// reads every row with one query), and wants the same rows and cells: the
// text, blobs, integers, reals and NULLs a column without a type may hold,
// dates as stored, and rows numbered by the key.
func TestSQLiteDirectMatchesDriver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE anything (v, note TEXT, born DATE, seen TIMESTAMP)`,
		`INSERT INTO anything VALUES ('jan@ziggo.nl', 'a', '1980-05-12', '2024-01-02 03:04:05'),
			(42, NULL, '12-05-1980', 1700000000), (-7, '', NULL, NULL), (2.0, 'Zoë', '', 'x'),
			(0.1, 'é', '2024-02-30', '2024-01-02T03:04:05Z'), (1e20, 'line
break', 1980, 1.5), (-1.25e-7, 'tab	x', NULL, NULL), (X'00ff41', 'nul', NULL, NULL),
			(NULL, 'NULL v', NULL, NULL), ('', 'empty v', NULL, NULL)`,
		`CREATE TABLE keyed (id INTEGER PRIMARY KEY, email TEXT, bsn INTEGER)`,
		`INSERT INTO keyed VALUES (5, 'a@b.nl', 111222333), (9, NULL, NULL), (1000000, 'c@d.nl', 12)`,
		`CREATE TABLE intpk (id INT PRIMARY KEY, name TEXT)`,
		`INSERT INTO intpk VALUES (3, 'drie'), (-1, 'min een'), (7, 'zeven')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Exec(`INSERT INTO keyed (id, email) SELECT 2000000 + value, 'n' || value || '@x.nl' FROM generate_series(1, 12000)`); err != nil {
		// older SQLite without generate_series: a recursive CTE
		if _, err := db.Exec(`WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 12000)
			INSERT INTO keyed (id, email) SELECT 2000000 + v, 'n' || v || '@x.nl' FROM s`); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	defer func(v bool) { sqliteFileRead = v }(sqliteFileRead)
	sqliteFileRead = false // the SQL read; sqlitefile_test.go reads the file
	direct, _, err := scanAll(t, path, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	viaSQL, _, err := scanAll(t, path, Options{Limit: 1 << 40}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"main.anything", "main.keyed", "main.intpk"} {
		a, b := direct[name], viaSQL[name]
		if a == nil || b == nil {
			t.Fatalf("%s not read", name)
		}
		if a.det["read"] != "all rows: keyset walk" || b.det["read"] != "all rows" {
			t.Errorf("%s read as %q and %q, want the direct keyset walk and one query", name, a.det["read"], b.det["read"])
		}
		if len(a.rows) == 0 || !reflect.DeepEqual(a.rows, b.rows) {
			t.Errorf("%s: rows %v direct, %v through database/sql", name, head(a.rows), head(b.rows))
		}
		if !reflect.DeepEqual(a.cells, b.cells) {
			for col := range b.cells {
				for i := range b.cells[col] {
					if i >= len(a.cells[col]) || a.cells[col][i] != b.cells[col][i] {
						t.Errorf("%s.%s row %d: %q direct, %q through database/sql", name, col, i, at(a.cells[col], i), b.cells[col][i])
						break
					}
				}
			}
		}
		if a.stats.Rows != b.stats.Rows || a.stats.Bytes != b.stats.Bytes {
			t.Errorf("%s: stats %+v direct, %+v through database/sql", name, a.stats, b.stats)
		}
	}
}

func head(r []int64) []int64 { return r[:min(len(r), 5)] }

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(missing)"
}
