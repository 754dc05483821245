package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner"
	"github.com/crmscan/crmscan/scanner/fingerprint"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// The faithfulness oracle. A dump file is loaded into a real server by the
// server's own client (.ci/setup.d/20-postgres.sh and 35-realworld.sh); then
// crmscan scans the dump FILE, and for every table and column the report
// must agree with the live database:
//
//   - the table's rows_scanned is its COUNT(*);
//   - its columns are named, in order, as information_schema names them;
//   - each column's non_empty is COUNT(col) minus the values that are empty
//     or blank (only spaces, tabs, CR, LF: what crmscan does not count).
//
// Every mismatch is reported, naming the table and column; none is skipped.
// The one table whose rows are not in its dump is named with the reason
// (sakila.film_text: its rows are written by a trigger).

// liveTable is what the database says of one table.
type liveTable struct {
	schema, name string
	rows         int64
	cols         []string
	nonEmpty     []int64
}

// readTable is what crmscan's report says of one table.
type readTable struct {
	name   string
	source string
	rows   int64
	cols   []reporters.Column
}

// mismatches collects every disagreement of one dataset.
type mismatches struct {
	list []string
}

func (m *mismatches) add(format string, args ...any) {
	m.list = append(m.list, fmt.Sprintf(format, args...))
}

// fromDump says where a table's rows come from when not from its dump
// (written by a trigger while the dump loaded): the dump holds none.
var fromDump = map[string]string{
	"sakila.film_text": "filled by the trigger ins_film of sakila-mv-schema.sql on each INSERT INTO film; the data file holds no rows of it",
}

func TestOracleDolibarr(t *testing.T) {
	db := mysqlDB(t, "dolibarr")
	rw := testutil.RealworldDir(t)
	live := mysqlLive(t, db, "dolibarr")
	rep := scan(t, filepath.Join(rw, "dolibarr", "mysqldump_dolibarr_9.0.0.sql"))
	compare(t, "dolibarr", live, rep, func(lt *liveTable) []string { return []string{lt.name, lt.schema + "." + lt.name} })
}

// Sakila is a schema file and a data file: the folder is scanned, so that
// the two are read as one dump.
func TestOracleSakila(t *testing.T) {
	db := mysqlDB(t, "sakila")
	rw := testutil.RealworldDir(t)
	live := mysqlLive(t, db, "sakila")
	rep := scan(t, filepath.Join(rw, "sakila"))
	compare(t, "sakila", live, rep, func(lt *liveTable) []string { return []string{lt.name, lt.schema + "." + lt.name} })
}

// The Chinook script that 20-postgres.sh loads (testdata/db), against the
// tables of the public schema.
func TestOracleChinookScript(t *testing.T) {
	db := pgDB(t, "CRMSCAN_TEST_PG_URL")
	live := pgLive(t, db, []string{"public"}, nil)
	rep := scan(t, filepath.Join("..", "..", "testdata", "db", "chinook_postgres.sql"))
	compare(t, "chinook script", live, rep, pgNames)
}

// A pg_dump of the live Chinook database (with the crm fixtures of
// scanner/dbsrc, whose hostile table name and NULLs are worth reading; not
// the 200,000 rows of crm.big), made by the real pg_dump: in its default
// COPY form, as INSERTs, and as INSERTs with column lists.
func TestOraclePgDump(t *testing.T) {
	db := pgDB(t, "CRMSCAN_TEST_PG_ADMIN_URL")
	bin := pgDump(t)
	exclude := []string{"crm.big"}
	live := pgLive(t, db, []string{"public", "crm"}, exclude)
	for _, form := range []struct{ name, flag string }{{"copy", ""}, {"inserts", "--inserts"}, {"column-inserts", "--column-inserts"}} {
		t.Run(form.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "chinook-"+form.name+".sql")
			args := []string{"--dbname=" + os.Getenv("CRMSCAN_TEST_PG_ADMIN_URL"), "--no-owner", "--no-privileges",
				"--schema=public", "--schema=crm", "--file=" + out}
			for _, x := range exclude {
				args = append(args, "--exclude-table="+x)
			}
			if form.flag != "" {
				args = append(args, form.flag)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, args...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				// the output may hold the URL: never print it
				t.Fatalf("pg_dump (%s) failed: %v (%d bytes of output)", form.name, err, len(msg))
			}
			rep := scan(t, out)
			compare(t, "pg_dump "+form.name, live, rep, pgNames)
		})
	}
}

// pgNames are the names crmscan may give a PostgreSQL table: schema.table,
// or the bare name for the default schema public.
func pgNames(lt *liveTable) []string {
	if lt.schema == "public" {
		return []string{lt.name, lt.schema + "." + lt.name}
	}
	return []string{lt.schema + "." + lt.name}
}

// compare reports every disagreement between the live tables and the
// report, one t.Error each, naming the table and column.
func compare(t *testing.T, dataset string, live []*liveTable, rep *reporters.Report, names func(*liveTable) []string) {
	t.Helper()
	var m mismatches
	for _, e := range rep.Errors {
		m.add("the scan recorded an error for source %s: %s", e.Source, e.Message)
	}
	for _, s := range rep.Sources {
		if s.Error != "" {
			m.add("source %s (%s): %s", s.ID, s.Name, s.Error)
		}
	}
	read := readTables(rep, &m)
	used := map[string]bool{}
	tables, cols := 0, 0
	for _, lt := range live {
		tables++
		cols += len(lt.cols)
		var rt *readTable
		var as string
		for _, n := range names(lt) {
			if r := read[n]; r != nil {
				if rt != nil {
					m.add("table %s: read twice, as %q and %q", lt.schema+"."+lt.name, as, n)
				}
				rt, as = r, n
				used[n] = true
			}
		}
		full := lt.schema + "." + lt.name
		if why, ok := fromDump[full]; ok {
			// not in the dump: crmscan must read no rows of it
			if rt != nil && rt.rows != 0 {
				m.add("table %s: %d rows read, but the dump holds none (%s)", full, rt.rows, why)
			}
			continue
		}
		if rt == nil {
			if lt.rows > 0 {
				m.add("table %s: not in the report; the database holds %d rows", full, lt.rows)
			}
			continue
		}
		if rt.rows != lt.rows {
			m.add("table %s: rows_scanned %d, COUNT(*) %d", full, rt.rows, lt.rows)
		}
		for i, name := range lt.cols {
			if i >= len(rt.cols) {
				m.add("table %s column %s: not in the report (it has %d columns, the database %d)", full, name, len(rt.cols), len(lt.cols))
				continue
			}
			c := rt.cols[i]
			if c.Column != name {
				m.add("table %s column %s: named %q in the report (column %d)", full, name, c.Column, i+1)
			}
			if c.RowsScanned != lt.rows {
				m.add("table %s column %s: rows_scanned %d, COUNT(*) %d", full, name, c.RowsScanned, lt.rows)
			}
			if c.NonEmpty != lt.nonEmpty[i] {
				m.add("table %s column %s: non_empty %d, the database holds %d values that are not NULL or blank", full, name, c.NonEmpty, lt.nonEmpty[i])
			}
		}
		for i := len(lt.cols); i < len(rt.cols); i++ {
			m.add("table %s column %q: in the report (column %d, non_empty %d) but not in the database", full, rt.cols[i].Column, i+1, rt.cols[i].NonEmpty)
		}
	}
	var extra []string
	for n := range read {
		if !used[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		m.add("table %q: in the report (%d rows) but not in the database", n, read[n].rows)
	}
	for _, s := range m.list {
		t.Errorf("%s: %s", dataset, s)
	}
	if len(m.list) > 0 {
		t.Errorf("%s: %d mismatches (%d tables, %d columns in the database)", dataset, len(m.list), tables, cols)
	} else {
		t.Logf("%s: %d tables and %d columns agree with the database", dataset, tables, cols)
	}
}

// readTables groups the report's columns by table. A table read from two
// sources with rows (a schema file and a data file not joined would give
// one without rows) is a mismatch.
func readTables(rep *reporters.Report, m *mismatches) map[string]*readTable {
	bySource := map[[2]string]*readTable{}
	var order [][2]string
	for _, c := range rep.Columns {
		k := [2]string{c.Table, c.Source}
		rt := bySource[k]
		if rt == nil {
			rt = &readTable{name: c.Table, source: c.Source, rows: c.RowsScanned}
			bySource[k] = rt
			order = append(order, k)
		}
		rt.cols = append(rt.cols, c)
	}
	out := map[string]*readTable{}
	for _, k := range order {
		rt := bySource[k]
		prev := out[rt.name]
		switch {
		case prev == nil:
			out[rt.name] = rt
		case prev.rows > 0 && rt.rows > 0:
			m.add("table %s: read with rows from two sources, %s and %s", rt.name, prev.source, rt.source)
		case rt.rows > 0:
			out[rt.name] = rt
		}
	}
	return out
}

// scan scans the targets as crmscan scan --full would.
func scan(t *testing.T, targets ...string) *reporters.Report {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	opt := scanner.Options{Rules: rs, Key: fingerprint.NewKey([]byte("oracle-key"), "oracle"), Version: "test", Workers: 2,
		Now: func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }}
	rep, err := scanner.Scan(context.Background(), targets, opt)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return rep
}

// requireOrSkip skips a test whose database is not there, or fails it in CI
// (CRMSCAN_REQUIRE_SHARED), where .ci/setup.d loads it.
func requireOrSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CRMSCAN_REQUIRE_SHARED") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// mysqlDB opens the database name of the MariaDB of CRMSCAN_TEST_MYSQL_URL
// as the read-only user.
func mysqlDB(t *testing.T, name string) *sql.DB {
	t.Helper()
	url := os.Getenv("CRMSCAN_TEST_MYSQL_URL")
	if url == "" {
		t.Skip("CRMSCAN_TEST_MYSQL_URL not set")
	}
	dsn := strings.TrimPrefix(url, "mysql://")
	if i := strings.LastIndex(dsn, "/"); i >= 0 {
		dsn = dsn[:i+1] + name
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("open MariaDB: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", name).Scan(&n); err != nil {
		t.Fatalf("MariaDB: %v", err)
	}
	if n == 0 {
		requireOrSkip(t, "database %s is not loaded (or not readable by the read-only user); see .ci/setup.d/35-realworld.sh", name)
	}
	return db
}

// mysqlLive reads every base table of schema: its columns and counts.
func mysqlLive(t *testing.T, db *sql.DB, schema string) []*liveTable {
	t.Helper()
	rows, err := db.Query(`SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE FROM information_schema.COLUMNS c
		JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
		WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, schema)
	if err != nil {
		t.Fatal(err)
	}
	type colType struct{ name, typ string }
	byTable := map[string][]colType{}
	var names []string
	for rows.Next() {
		var tn, cn, typ string
		if err := rows.Scan(&tn, &cn, &typ); err != nil {
			t.Fatal(err)
		}
		if _, ok := byTable[tn]; !ok {
			names = append(names, tn)
		}
		byTable[tn] = append(byTable[tn], colType{cn, strings.ToLower(typ)})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	q := func(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
	var out []*liveTable
	for _, tn := range names {
		cols := byTable[tn]
		sel := []string{"COUNT(*)"}
		for _, c := range cols {
			sel = append(sel, "COUNT("+q(c.name)+")")
			if textual(c.typ) {
				// blank: only spaces, tabs, CR and LF (crmscan trims those)
				sel = append(sel, "COALESCE(SUM(TRIM(REPLACE(REPLACE(REPLACE("+q(c.name)+", '\\t', ' '), '\\r', ' '), '\\n', ' ')) = ''), 0)")
			} else {
				sel = append(sel, "0")
			}
		}
		lt := &liveTable{schema: schema, name: tn}
		vals := make([]int64, len(sel))
		ptrs := make([]any, len(sel))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := db.QueryRow("SELECT " + strings.Join(sel, ", ") + " FROM " + q(schema) + "." + q(tn)).Scan(ptrs...); err != nil {
			t.Fatalf("count %s.%s: %v", schema, tn, err)
		}
		lt.rows = vals[0]
		for i, c := range cols {
			lt.cols = append(lt.cols, c.name)
			lt.nonEmpty = append(lt.nonEmpty, vals[1+2*i]-vals[2+2*i])
		}
		out = append(out, lt)
	}
	if len(out) == 0 {
		t.Fatalf("no tables in %s", schema)
	}
	return out
}

// textual says whether a MySQL column of this type can hold a blank value.
func textual(typ string) bool {
	switch typ {
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json",
		"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return true
	}
	return false
}

// pgDB opens the PostgreSQL database of the URL in env.
func pgDB(t *testing.T, env string) *sql.DB {
	t.Helper()
	url := os.Getenv(env)
	if url == "" {
		t.Skipf("%s not set", env)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	return db
}

// pgLive reads every base table of the schemas but those excluded
// (schema.table): columns and counts.
func pgLive(t *testing.T, db *sql.DB, schemas, exclude []string) []*liveTable {
	t.Helper()
	rows, err := db.Query(`SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = ANY(string_to_array($1, ',')) AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_schema, c.table_name, c.ordinal_position`, strings.Join(schemas, ","))
	if err != nil {
		t.Fatal(err)
	}
	skip := map[string]bool{}
	for _, x := range exclude {
		skip[x] = true
	}
	var out []*liveTable
	for rows.Next() {
		var s, tn, cn string
		if err := rows.Scan(&s, &tn, &cn); err != nil {
			t.Fatal(err)
		}
		if skip[s+"."+tn] {
			continue
		}
		if len(out) == 0 || out[len(out)-1].schema != s || out[len(out)-1].name != tn {
			out = append(out, &liveTable{schema: s, name: tn})
		}
		lt := out[len(out)-1]
		lt.cols = append(lt.cols, cn)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	for _, lt := range out {
		sel := []string{"count(*)"}
		for _, c := range lt.cols {
			// blank: only spaces, tabs, CR and LF (crmscan trims those)
			sel = append(sel, "count(*) FILTER (WHERE "+q(c)+" IS NOT NULL AND btrim("+q(c)+"::text, E' \\t\\r\\n') <> '')")
		}
		vals := make([]int64, len(sel))
		ptrs := make([]any, len(sel))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := db.QueryRow("SELECT " + strings.Join(sel, ", ") + " FROM " + q(lt.schema) + "." + q(lt.name)).Scan(ptrs...); err != nil {
			t.Fatalf("count %s.%s: %v", lt.schema, lt.name, err)
		}
		lt.rows = vals[0]
		lt.nonEmpty = vals[1:]
	}
	if len(out) == 0 {
		t.Fatalf("no tables in %v", schemas)
	}
	return out
}

// pgDump finds the newest pg_dump of the PostgreSQL packages, else the one
// on PATH.
func pgDump(t *testing.T) string {
	t.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	if len(found) > 0 {
		sort.Slice(found, func(i, j int) bool { return pgVersion(found[i]) < pgVersion(found[j]) })
		return found[len(found)-1]
	}
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return p
	}
	requireOrSkip(t, "pg_dump not found under /usr/lib/postgresql/*/bin or on PATH")
	return ""
}

// pgVersion is the major version in a /usr/lib/postgresql/N/bin path.
func pgVersion(p string) int {
	var n int
	fmt.Sscanf(filepath.Base(filepath.Dir(filepath.Dir(p))), "%d", &n)
	return n
}
