package dbsrc

import (
	"context"
	"errors"
	"math"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/crmscan/crmscan/scanner/dbsrc/sqlitefile"
)

// sqliteFileRead turns the file read on; tests turn it off to read the
// same tables through SQLite.
var sqliteFileRead = true

// fileWalk reads the table from the file when it can. done is false when
// the rest of the table is SQLite's to read: from the key after last
// when any row was read (started), else from the start.
func (k *rowSink) fileWalk(ctx context.Context, d *sqliteDirect, path string, keyIsRow bool) (started bool, last int64, done bool, err error) {
	t := k.r.t
	if !sqliteFileRead || t.view || t.schema != "main" {
		return false, 0, false, nil
	}
	root, cols, ok, err := sqliteFilePlan(d, t, keyIsRow)
	if err != nil || !ok {
		return false, 0, false, err
	}
	f, err := sqlitefile.Open(path)
	if err != nil {
		return false, 0, false, nil // SQLite reads it, and says what is wrong
	}
	defer f.Close()
	var caster *sqliteCaster
	defer func() {
		if caster != nil {
			caster.close()
		}
	}()
	dec := sqlitefile.NewDecoder(cols, func(v float64) ([]byte, error) {
		if caster == nil {
			c, err := newSQLiteCaster(d)
			if err != nil {
				return nil, err
			}
			caster = c
		}
		return caster.real(v)
	})
	err = f.Walk(ctx, root, func(rowid int64, rec []byte) error {
		cells, err := dec.Decode(rowid, rec)
		if err != nil {
			return err
		}
		k.ordinal++
		row := k.ordinal
		if keyIsRow {
			row = rowid
		}
		if err := k.addBytes(ctx, row, cells); err != nil {
			return err
		}
		started, last = true, rowid
		return nil
	})
	if errors.Is(err, sqlitefile.ErrUnread) {
		return started, last, false, nil
	}
	if err != nil {
		return started, last, false, err
	}
	return started, last, true, nil
}

// sqliteFilePlan finds the table's root page and where each read column
// sits in its records; ok is false when the table is SQLite's to read.
func sqliteFilePlan(d *sqliteDirect, t *tableInfo, keyIsRow bool) (root uint32, cols []sqlitefile.Col, ok bool, err error) {
	var sqlText string
	var rootPage int64
	found := false
	err = d.query("SELECT rootpage, COALESCE(sql, '') FROM main.sqlite_schema WHERE type = 'table' AND name = "+sqliteLiteral(t.name), func(vals []any) {
		rootPage, _ = vals[0].(int64)
		sqlText, _ = vals[1].(string)
		found = true
	})
	if err != nil || !found || rootPage < 1 || rootPage > math.MaxUint32 {
		return 0, nil, false, err
	}
	ddl := strings.ToUpper(sqlText)
	if strings.Contains(ddl, "WITHOUT ROWID") || strings.HasPrefix(strings.TrimSpace(ddl), "CREATE VIRTUAL") {
		return 0, nil, false, nil
	}
	// Every column of the record, in order: no hidden or generated one.
	var names []string
	hidden := false
	err = d.query("SELECT name, hidden FROM pragma_table_xinfo("+sqliteLiteral(t.name)+", 'main') ORDER BY cid", func(vals []any) {
		name, _ := vals[0].(string)
		h, _ := vals[1].(int64)
		names = append(names, name)
		hidden = hidden || h != 0
	})
	if err != nil || hidden || len(names) != len(t.cols) {
		return 0, nil, false, err
	}
	alias := ""
	if keyIsRow {
		// The key is the INTEGER PRIMARY KEY; read from the file only
		// when it is the rowid (not, say, an INTEGER PRIMARY KEY DESC or a
		// BIGINT key, which are columns of their own): SQLite's own plan
		// of reading it says so.
		if len(t.pk) != 1 {
			return 0, nil, false, nil
		}
		isRowid := false
		err = d.query("EXPLAIN SELECT "+sqliteQuote(t.pk[0])+" FROM main."+sqliteQuote(t.name), func(vals []any) {
			op, _ := vals[1].(string)
			isRowid = isRowid || op == "Rowid"
		})
		if err != nil || !isRowid {
			return 0, nil, false, err
		}
		alias = t.pk[0]
	}
	for i, c := range t.cols {
		if c.Name != names[i] {
			return 0, nil, false, nil
		}
		if !c.read {
			continue
		}
		def := strings.TrimSpace(c.Default)
		cols = append(cols, sqlitefile.Col{
			Field:   i,
			Alias:   alias != "" && c.Name == alias,
			Cast:    c.expr != "",
			Real:    sqlitefile.AffinityReal(c.Type),
			Default: def != "" && !strings.EqualFold(def, "NULL"),
		})
	}
	return uint32(rootPage), cols, true, nil
}

func sqliteQuote(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func sqliteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// query runs a statement and hands each row's values (int64, float64,
// string, []byte or nil) to fn.
func (d *sqliteDirect) query(q string, fn func([]any)) error {
	st, err := d.prepare(q)
	if err != nil {
		return err
	}
	defer sqlite3.Xsqlite3_finalize(d.tls, st)
	vals := make([]any, int(sqlite3.Xsqlite3_column_count(d.tls, st)))
	for {
		switch rc := sqlite3.Xsqlite3_step(d.tls, st); rc {
		case sqlite3.SQLITE_ROW:
			for i := range vals {
				vals[i] = d.column(st, i)
			}
			fn(vals)
		case sqlite3.SQLITE_DONE:
			return nil
		default:
			return d.err(rc)
		}
	}
}

func (d *sqliteDirect) column(st uintptr, i int) any {
	switch sqlite3.Xsqlite3_column_type(d.tls, st, int32(i)) {
	case sqlite3.SQLITE_INTEGER:
		return sqlite3.Xsqlite3_column_int64(d.tls, st, int32(i))
	case sqlite3.SQLITE_FLOAT:
		return sqlite3.Xsqlite3_column_double(d.tls, st, int32(i))
	case sqlite3.SQLITE_TEXT:
		p := sqlite3.Xsqlite3_column_text(d.tls, st, int32(i))
		return string(cbytes(p, sqlite3.Xsqlite3_column_bytes(d.tls, st, int32(i))))
	case sqlite3.SQLITE_BLOB:
		p := sqlite3.Xsqlite3_column_blob(d.tls, st, int32(i))
		return append([]byte(nil), cbytes(p, sqlite3.Xsqlite3_column_bytes(d.tls, st, int32(i)))...)
	}
	return nil
}

// sqliteCaster gives a real number as CAST(x AS TEXT) writes it (SQLite's
// "%!.15g"), by asking SQLite.
type sqliteCaster struct {
	d  *sqliteDirect
	st uintptr
}

func newSQLiteCaster(d *sqliteDirect) (*sqliteCaster, error) {
	st, err := d.prepare("SELECT CAST(?1 AS TEXT)")
	if err != nil {
		return nil, err
	}
	return &sqliteCaster{d: d, st: st}, nil
}

func (c *sqliteCaster) real(v float64) ([]byte, error) {
	d := c.d
	sqlite3.Xsqlite3_reset(d.tls, c.st)
	if rc := sqlite3.Xsqlite3_bind_double(d.tls, c.st, 1, v); rc != sqlite3.SQLITE_OK {
		return nil, d.err(rc)
	}
	if rc := sqlite3.Xsqlite3_step(d.tls, c.st); rc != sqlite3.SQLITE_ROW {
		return nil, d.err(rc)
	}
	p := sqlite3.Xsqlite3_column_text(d.tls, c.st, 0)
	return append([]byte(nil), cbytes(p, sqlite3.Xsqlite3_column_bytes(d.tls, c.st, 0))...), nil
}

func (c *sqliteCaster) close() { sqlite3.Xsqlite3_finalize(c.d.tls, c.st) }
