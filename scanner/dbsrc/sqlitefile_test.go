package dbsrc

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/scanner/dbsrc/sqlitefile"
)

// sqliteFileDB writes a database of the shapes the file read meets or
// hands back to SQLite, with pages of pageSize bytes.
func sqliteFileDB(t testing.TB, path string, pageSize int, pragmas ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(fmt.Sprintf("PRAGMA page_size = %d", pageSize))
	for _, p := range pragmas {
		exec(p)
	}
	exec("BEGIN")
	defer exec("COMMIT")
	r := rand.New(rand.NewPCG(uint64(pageSize), 7))
	text := func(n int) string {
		const alphabet = "abcdefghij klmnopqrstuvwxyz ëéï 0123456789 @.-"
		var b strings.Builder
		for b.Len() < n {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()[:n]
	}
	// Mixed values in columns without a type and in dates read cast to
	// text: a real in a date asks SQLite for its text, and a blob in a
	// date, half-way, hands the rest of the table to SQLite.
	exec(`CREATE TABLE anything (v, note TEXT, born DATE, seen TIMESTAMP)`)
	for i := 0; i < 600; i++ {
		var v, born, seen any
		switch i % 9 {
		case 0:
			v, born, seen = fmt.Sprintf("jan%d@ziggo.nl", i), "1980-05-12", "2024-01-02 03:04:05"
		case 1:
			v, born, seen = int64(i)*1_000_003-40_000_000, int64(19800512), int64(1_700_000_000+i)
		case 2:
			v, born, seen = float64(i)/7, 2451545.25+float64(i), 1.5
		case 3:
			v, born = []byte{0, 0xff, byte(i)}, nil
		case 4:
			v, born, seen = nil, "", "x"
		case 5:
			v, born, seen = int64(1)<<62+int64(i), int64(-1), 1e20
		case 6:
			v, born = -1.25e-7, 2.0
		case 7:
			v = int64(i % 2) // serial types 8 and 9
		case 8:
			v, born = text(r.IntN(60)), "2024-02-30"
		}
		if i == 400 {
			born = []byte("1980-05-12")
		}
		exec(`INSERT INTO anything VALUES (?, ?, ?, ?)`, v, text(r.IntN(30)), born, seen)
	}
	// The rowid as key, records of every size about the page's limits
	// (overflow pages), and deleted rows (free pages).
	exec(`CREATE TABLE keyed (id INTEGER PRIMARY KEY, email TEXT, klantnummer INTEGER, memo TEXT)`)
	sizes := []int{0, 1, 100, pageSize - 40, pageSize - 36, pageSize - 35, pageSize - 34, pageSize - 30, 2 * pageSize, 5*pageSize + 7, 70000}
	for i := 1; i <= 3000; i++ {
		memo := text(r.IntN(80))
		if i%50 == 0 {
			memo = text(sizes[(i/50)%len(sizes)])
		}
		exec(`INSERT INTO keyed VALUES (?, ?, ?, ?)`, int64(i*3), fmt.Sprintf("n%d@x.nl", i), int64(100000+i), memo)
	}
	exec(`DELETE FROM keyed WHERE id % 7 = 0 OR id BETWEEN 3000 AND 4500`)
	// Columns added after rows were written: the old records are short.
	exec(`CREATE TABLE added (a TEXT)`)
	exec(`INSERT INTO added VALUES ('oud'), ('ouder')`)
	exec(`ALTER TABLE added ADD COLUMN b TEXT`)
	exec(`INSERT INTO added VALUES ('nieuw', 'b')`)
	exec(`CREATE TABLE "added default" (a TEXT)`)
	exec(`INSERT INTO "added default" VALUES ('oud')`)
	exec(`ALTER TABLE "added default" ADD COLUMN b TEXT DEFAULT 'standaard'`)
	exec(`INSERT INTO "added default" VALUES ('nieuw', 'b')`)
	// Keys that are not the rowid, a table without one, a generated column.
	exec(`CREATE TABLE descpk (id INTEGER PRIMARY KEY DESC, name TEXT)`)
	exec(`INSERT INTO descpk VALUES (3, 'drie'), (1, 'een'), (2, 'twee')`)
	exec(`CREATE TABLE bigpk (id BIGINT PRIMARY KEY, name TEXT)`)
	exec(`INSERT INTO bigpk VALUES (30, 'dertig'), (10, 'tien')`)
	exec(`CREATE TABLE norowid (id TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID`)
	exec(`INSERT INTO norowid VALUES ('b', 'bee'), ('a', 'aa')`)
	exec(`CREATE TABLE gen (a TEXT, b TEXT GENERATED ALWAYS AS (upper(a)) VIRTUAL, c TEXT)`)
	exec(`INSERT INTO gen (a, c) VALUES ('x', 'y')`)
	// A date of REAL affinity: a whole real is stored as an integer and
	// read back as a real.
	exec(`CREATE TABLE realdate (d DATETIME REAL, e TEXT)`)
	exec(`INSERT INTO realdate VALUES (5, 'a'), (2.5, 'b'), ('2024-01-01', 'c'), (NULL, 'd')`)
	exec(`CREATE TABLE "it's" ("we""ird" TEXT, "x y" TEXT)`)
	exec(`INSERT INTO "it's" VALUES ('q', 'r')`)
}

// TestSQLiteFileMatchesSQL reads the same tables from the file, through
// SQLite past database/sql, and through database/sql, at three page
// sizes, and wants the same rows, cells and counts; and each table read
// the way its shape allows.
func TestSQLiteFileMatchesSQL(t *testing.T) {
	want := map[string]string{
		"main.anything":      "all rows: from the file, then keyset walk",
		"main.keyed":         "all rows: from the file",
		"main.added":         "all rows: from the file",
		`main.added default`: "all rows: keyset walk",
		"main.descpk":        "all rows: keyset walk",
		"main.bigpk":         "all rows: keyset walk",
		"main.gen":           "all rows: keyset walk",
		"main.realdate":      "all rows: from the file",
		"main.it's":          "all rows: from the file",
		"main.norowid":       "all rows: streamed",
	}
	for _, ps := range []int{512, 4096, 65536} {
		t.Run(fmt.Sprint(ps), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shapes.db")
			sqliteFileDB(t, path, ps)
			compareSQLiteReads(t, path, want)
		})
	}
	// Files the read leaves to SQLite: WAL (its newest pages may be in
	// the -wal file) and UTF-16.
	for name, pragma := range map[string]string{"wal": "PRAGMA journal_mode = WAL", "utf16": "PRAGMA encoding = 'UTF-16le'"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name+".db")
			sqliteFileDB(t, path, 4096, pragma)
			got := compareSQLiteReads(t, path, nil)
			for tbl, c := range got {
				if strings.Contains(c.det["read"], "file") {
					t.Errorf("%s of a %s file read as %q", tbl, name, c.det["read"])
				}
			}
		})
	}
}

func compareSQLiteReads(t *testing.T, path string, want map[string]string) map[string]*collected {
	t.Helper()
	fromFile, _, err := scanAll(t, path, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sqliteFileRead = false
	viaSQLite, _, err := scanAll(t, path, Options{}, nil)
	sqliteFileRead = true
	if err != nil {
		t.Fatal(err)
	}
	viaSQL, _, err := scanAll(t, path, Options{Limit: 1 << 40}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if c := fromFile[name]; c == nil || c.det["read"] != w {
			got := "(not read)"
			if c != nil {
				got = c.det["read"]
			}
			t.Errorf("%s read as %q, want %q", name, got, w)
		}
	}
	for name, b := range viaSQL {
		for how, a := range map[string]*collected{"from the file": fromFile[name], "through SQLite": viaSQLite[name]} {
			if a == nil {
				t.Errorf("%s not read %s", name, how)
				continue
			}
			if len(b.rows) == 0 || !reflect.DeepEqual(a.rows, b.rows) {
				t.Errorf("%s: rows %v %s, %v through database/sql", name, head(a.rows), how, head(b.rows))
			}
			if !reflect.DeepEqual(a.cells, b.cells) {
				for col := range b.cells {
					for i := range b.cells[col] {
						if i >= len(a.cells[col]) || a.cells[col][i] != b.cells[col][i] {
							t.Errorf("%s.%s row %d: %.40q %s, %.40q through database/sql", name, col, i, at(a.cells[col], i), how, b.cells[col][i])
							break
						}
					}
				}
			}
			if a.stats.Rows != b.stats.Rows || a.stats.Bytes != b.stats.Bytes || a.err != nil {
				t.Errorf("%s: stats %+v (%v) %s, %+v through database/sql", name, a.stats, a.err, how, b.stats)
			}
		}
	}
	return fromFile
}

// sqliteFileSeed is a small database of 512-byte pages: a table of text,
// numbers, blobs and NULLs, some on overflow pages.
func sqliteFileSeed(t testing.TB) []byte {
	seed := filepath.Join(t.TempDir(), "seed.db")
	db, err := sql.Open("sqlite", seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"PRAGMA page_size = 512",
		"CREATE TABLE t (a TEXT, b)",
		"INSERT INTO t VALUES ('jan@ziggo.nl', 1), ('piet', 2.5), (NULL, X'00ff'), ('" + strings.Repeat("lang ", 300) + "', -70000)",
		"INSERT INTO t SELECT a || rowid, b FROM t",
		"INSERT INTO t SELECT a || rowid, b FROM t",
		"INSERT INTO t SELECT a || rowid, b FROM t",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type fileTestRow struct {
	key  int64
	a, b string
}

// readFileTable walks table t of a database file (root page 2 unless
// SQLite says otherwise): the rows, and whether the walk read to the end.
func readFileTable(t testing.TB, data []byte, root int64) ([]fileTestRow, bool) {
	file, err := sqlitefile.New(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	dec := sqlitefile.NewDecoder([]sqlitefile.Col{{Field: 0}, {Field: 1}}, func(float64) ([]byte, error) { return nil, errors.New("no cast") })
	var got []fileTestRow
	err = file.Walk(context.Background(), uint32(root), func(key int64, rec []byte) error {
		cells, err := dec.Decode(key, rec)
		if err != nil {
			return err
		}
		got = append(got, fileTestRow{key, string(cells[0]), string(cells[1])})
		return nil
	})
	if err != nil && !errors.Is(err, sqlitefile.ErrUnread) {
		t.Fatalf("walk: %v", err)
	}
	return got, err == nil
}

// readLibTable is what SQLite reads of table t, and whether it read it
// without an error.
func readLibTable(path string) (rows []fileTestRow, root int64, ok bool) {
	root = 2
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, root, false
	}
	defer db.Close()
	if db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 't'").Scan(&root) != nil {
		return nil, root, false
	}
	q, err := db.Query("SELECT rowid, a, b FROM t")
	if err != nil {
		return nil, root, false
	}
	defer q.Close()
	for q.Next() {
		var r fileTestRow
		var a, b sql.RawBytes
		if q.Scan(&r.key, &a, &b) != nil {
			return nil, root, false
		}
		r.a, r.b = string(a), string(b)
		rows = append(rows, r)
	}
	return rows, root, q.Err() == nil
}

// TestSQLiteFileDamaged reads damaged copies of a database: a few bytes
// changed at random, many times. The walk never panics or runs on, and
// a table it reads to the end holds what SQLite reads, when SQLite reads
// it without an error.
func TestSQLiteFileDamaged(t *testing.T) {
	data := sqliteFileSeed(t)
	r := rand.New(rand.NewPCG(3, 4))
	path := filepath.Join(t.TempDir(), "f.db")
	compared := 0
	for i := 0; i < 3000; i++ {
		d := append([]byte(nil), data...)
		for k := 0; k < 1+r.IntN(4); k++ {
			at := r.IntN(len(d))
			if r.IntN(2) == 0 {
				at = 100 + r.IntN(12) + 512*r.IntN(len(d)/512) // a page header
			}
			d[min(at, len(d)-1)] = byte(r.IntN(256))
		}
		if err := os.WriteFile(path, d, 0o600); err != nil {
			t.Fatal(err)
		}
		lib, root, libOK := readLibTable(path)
		got, done := readFileTable(t, d, root)
		if done && libOK {
			compared++
			if !reflect.DeepEqual(got, lib) {
				t.Fatalf("copy %d: the file read gives %d rows, SQLite %d; first difference at %d", i, len(got), len(lib), firstDiff(got, lib))
			}
		}
	}
	if compared < 300 {
		t.Errorf("only %d damaged copies read by both", compared)
	}
}

func firstDiff[T comparable](a, b []T) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
