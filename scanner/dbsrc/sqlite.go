package dbsrc

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"
	"time"

	sqlitedrv "modernc.org/sqlite"
)

// sqlite is SQLite through the pure-Go modernc.org/sqlite (the binary stays
// static): sqlite:///path/crm.db, or a path ending in .db, .sqlite or
// .sqlite3. The file is opened read-only (mode=ro, query_only).
type sqlite struct{}

var _ dialect = sqlite{}

func (sqlite) kind() string                { return "sqlite" }
func (sqlite) redact(target string) string { return target }
func (sqlite) secrets(string) []string     { return nil }
func (sqlite) passwordEnv() string         { return "" }
func (sqlite) quote(s string) string       { return quoteWith(s, '"', '"') }
func (d sqlite) table(t *tableInfo) string { return d.quote(t.schema) + "." + d.quote(t.name) }
func (sqlite) ph(int) string               { return "?" }

func (sqlite) selectSQL(list, from, where, order string, limit, offset int64) string {
	if offset > 0 && limit <= 0 {
		// SQLite has no OFFSET without LIMIT; -1 is no limit
		return selectLimit(list, from, where, order, 0, 0) + " LIMIT -1 OFFSET " + strconv.FormatInt(offset, 10)
	}
	return selectLimit(list, from, where, order, limit, offset)
}

func (sqlite) tablesample(*tableInfo, string, int64, int64) (string, string, bool) {
	return "", "", false
}

// sqlitePath returns the file a target names.
func sqlitePath(target string) string {
	lower := strings.ToLower(target)
	for _, p := range []string{"sqlite3://", "sqlite://", "sqlite3:", "sqlite:"} {
		if strings.HasPrefix(lower, p) {
			return target[len(p):]
		}
	}
	return target
}

// sqliteDSN is the read-only URI of a file for the driver.
func sqliteDSN(path string, timeout time.Duration) string {
	var b strings.Builder
	b.WriteString(sqliteURI(path))
	b.WriteString("&_pragma=query_only(1)&_pragma=busy_timeout(")
	b.WriteString(strconv.FormatInt(min(timeout, 30*time.Second).Milliseconds(), 10))
	b.WriteString(")")
	return b.String()
}

// sqliteURI is the read-only URI of a file, as SQLite reads it.
func sqliteURI(path string) string {
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '?', '#', '%':
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c), 16)))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("?mode=ro")
	return b.String()
}

func (sqlite) connector(target, _ string, _ bool, timeout time.Duration) (driver.Connector, error) {
	path := sqlitePath(target)
	if path == "" {
		return nil, errors.New("no SQLite file named")
	}
	return sqlitedrv.NewConnector(sqliteDSN(path, timeout))
}

func (sqlite) setup(time.Duration) []string { return []string{"PRAGMA query_only = 1"} }

func (sqlite) txOptions() *sql.TxOptions { return nil }

func (sqlite) describe(err error) (string, string, bool) {
	var se *sqlitedrv.Error
	if errors.As(err, &se) {
		return "", se.Error(), true
	}
	var de *sqliteError
	if errors.As(err, &de) {
		return "", de.Error(), true
	}
	return "", "", false
}

func (d sqlite) tables(ctx context.Context, c *sql.Conn) ([]*tableInfo, error) {
	var out []*tableInfo
	err := eachRow(ctx, c, `SELECT name, type, COALESCE(sql, '') FROM main.sqlite_master
WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`, func(rows *sql.Rows) error {
		t := &tableInfo{schema: "main", estimate: -1}
		var typ, ddl string
		if err := rows.Scan(&t.name, &typ, &ddl); err != nil {
			return err
		}
		t.kind = typ
		t.view = typ == "view"
		if typ == "table" && !strings.Contains(strings.ToUpper(ddl), "WITHOUT ROWID") &&
			!strings.HasPrefix(strings.ToUpper(strings.TrimSpace(ddl)), "CREATE VIRTUAL") {
			t.rowKey = "rowid"
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		var pk []struct {
			name string
			typ  string
			n    int
		}
		err := eachRow(ctx, c, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid`, func(rows *sql.Rows) error {
			var col colInfo
			var notnull, pkn, hidden int
			var def sql.NullString
			if err := rows.Scan(&col.Name, &col.Type, &notnull, &def, &pkn, &hidden); err != nil {
				return err
			}
			if hidden == 1 {
				return nil
			}
			col.Nullable = notnull == 0
			col.Default = def.String
			col.read = sqliteFamily(col.Type) != famSkip
			if !col.read && numericIdentifier(col.Name, col.Type) {
				// Stored as an integer; read as the digits it holds.
				col.read, col.expr = true, "CAST("+d.quote(col.Name)+" AS TEXT)"
			}
			if col.read && sqliteDateType(col.Type) {
				// The driver turns the text of a DATE, DATETIME or TIMESTAMP
				// column into a time.Time, which comes back as RFC 3339
				// ("1980-05-12T00:00:00Z"): not what the file holds, nor what
				// the same data reads as elsewhere. An expression has no
				// declared type, so the stored value comes as it is.
				col.expr = "CAST(" + d.quote(col.Name) + " AS TEXT)"
			}
			if pkn > 0 {
				pk = append(pk, struct {
					name string
					typ  string
					n    int
				}{col.Name, col.Type, pkn})
			}
			if strings.EqualFold(col.Name, "rowid") || strings.EqualFold(col.Name, "oid") || strings.EqualFold(col.Name, "_rowid_") {
				if !(pkn > 0 && strings.EqualFold(col.Type, "INTEGER")) {
					t.rowKey = "" // the name is taken by a column
				}
			}
			t.cols = append(t.cols, col)
			return nil
		}, t.name)
		if err != nil {
			return nil, err
		}
		for i := 1; i <= len(pk); i++ {
			for _, k := range pk {
				if k.n == i {
					t.pk = append(t.pk, k.name)
				}
			}
		}
		if len(pk) == 1 && strings.Contains(strings.ToUpper(pk[0].typ), "INT") {
			t.pkInt = true
		}
		t.countLater = !t.view
	}
	return out, nil
}

// sqliteDateType reports a declared type whose values the driver would
// convert to time.Time.
func sqliteDateType(typ string) bool {
	t := strings.ToUpper(typ)
	return strings.Contains(t, "DATE") || strings.Contains(t, "TIME")
}

// sqliteFamily classifies a declared type by SQLite's affinity rules; a
// column without a type may hold anything, so it is read.
func sqliteFamily(typ string) family {
	t := strings.ToUpper(typ)
	switch {
	case t == "":
		return famText
	case strings.Contains(t, "INT"):
		return famSkip
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"),
		strings.Contains(t, "DATE"), strings.Contains(t, "TIME"), strings.Contains(t, "JSON"):
		return famText
	}
	return famSkip
}
