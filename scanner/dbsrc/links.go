package dbsrc

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Parent is a row found in a data-subject search: its table (schema.table,
// as Table.Name gives it) and its key, the integer primary key that the
// scan reported as the row.
type Parent struct {
	Table string
	Key   int64
}

// Link is a row that refers to a parent row by a declared foreign key. Its
// values are raw: personal data, for a disclosure only.
type Link struct {
	Parent  int    // index into the parents given
	Table   string // schema.table of the referring row
	Row     int64  // its integer primary key; 0 when it has none
	Via     string // "main.orders.contact_id → main.contacts.id"
	Columns []string
	Values  []string
}

// foreignKey is one single-column foreign key.
type foreignKey struct {
	schema, table, column          string
	refSchema, refTable, refColumn string // refColumn "" means the referenced table's primary key
}

// Linked reads the rows that refer to the parents by a declared foreign
// key (one level: the orders of a contact, not the lines of those orders),
// at most maxRows per parent and key. It works in read-only sessions with
// the statement timeout, with parameterised queries; errors are scrubbed
// of values. A parent whose table has no single integer primary key is
// skipped, since its row number does not identify it.
func Linked(ctx context.Context, target string, opt Options, parents []Parent, maxRows int) ([]Link, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	s, closeDB, err := openSession(target, opt)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	tables, err := s.introspect(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*tableInfo{}
	for _, t := range tables {
		byName[t.qualified()] = t
	}
	qctx, cancel := context.WithTimeout(ctx, s.opt.QueryTimeout)
	defer cancel()
	c, err := s.conn(qctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %s", s.sc.text(s.d, err, nil))
	}
	defer c.Close()
	fks, err := s.foreignKeys(qctx, c, tables)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %s", s.sc.text(s.d, err, nil))
	}
	tx, err := c.BeginTx(ctx, s.d.txOptions())
	if err != nil {
		return nil, fmt.Errorf("begin: %s", s.sc.text(s.d, err, nil))
	}
	defer tx.Rollback()

	var out []Link
	var errs []error
	for pi, p := range parents {
		pt := byName[p.Table]
		if pt == nil || !pt.pkInt {
			continue
		}
		for _, fk := range fks {
			if fk.refSchema != pt.schema || fk.refTable != pt.name {
				continue
			}
			ct := byName[fk.schema+"."+fk.table]
			if ct == nil {
				continue
			}
			ref := fk.refColumn
			if ref == "" {
				ref = pt.pk[0]
			}
			links, err := s.children(ctx, tx, pt, ref, p.Key, ct, fk.column, maxRows)
			if err != nil {
				errs = append(errs, fmt.Errorf("table %s: %s", ct.qualified(), s.sc.text(s.d, err, s.allowed(ct))))
				continue
			}
			for i := range links {
				links[i].Parent = pi
				links[i].Via = ct.qualified() + "." + fk.column + " → " + pt.qualified() + "." + ref
			}
			out = append(out, links...)
		}
	}
	return out, errors.Join(errs...)
}

// allowed are the names an error about a table may show.
func (s *session) allowed(t *tableInfo) []string {
	names := []string{t.schema, t.name}
	for _, c := range t.cols {
		names = append(names, c.Name)
	}
	return names
}

// children reads the rows of ct whose column fkCol holds the value of
// column ref of pt's row with the given key.
func (s *session) children(ctx context.Context, tx *sql.Tx, pt *tableInfo, ref string, key int64, ct *tableInfo, fkCol string, maxRows int) ([]Link, error) {
	qctx, cancel := context.WithTimeout(ctx, s.opt.QueryTimeout)
	defer cancel()
	d := s.d
	var val any = key
	if ref != pt.pk[0] {
		var v sql.NullString
		q := d.selectSQL(d.quote(ref), d.table(pt), d.quote(pt.pk[0])+" = "+d.ph(1), "", 0, 0)
		if err := tx.QueryRowContext(qctx, q, key).Scan(&v); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, nil
			}
			return nil, err
		}
		if !v.Valid {
			return nil, nil
		}
		val = v.String
	}
	var list, names []string
	keyed := ct.pkInt
	if keyed {
		list = append(list, d.quote(ct.pk[0]))
	}
	for _, c := range ct.cols {
		if binaryType(c.Type) {
			continue
		}
		e := d.quote(c.Name)
		switch {
		case c.expr != "":
			e = c.expr // as the scan reads it (an SQLite date as stored)
		case d.kind() == "postgres":
			e = "CAST(" + e + " AS text)"
		case d.kind() == "sqlserver":
			e = "CAST(" + e + " AS nvarchar(max))"
		}
		list = append(list, e)
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return nil, nil
	}
	order := ""
	if keyed {
		order = "1" // the key, by position: a cast of the same column shares its name
	}
	q := d.selectSQL(strings.Join(list, ", "), d.table(ct), d.quote(fkCol)+" = "+d.ph(1), order, int64(maxRows), 0)
	rows, err := tx.QueryContext(qctx, q, val)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var k sql.NullInt64
		vals := make([]sql.NullString, len(names))
		dest := make([]any, 0, len(names)+1)
		if keyed {
			dest = append(dest, &k)
		}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		l := Link{Table: ct.qualified(), Row: k.Int64, Columns: names, Values: make([]string, len(names))}
		for i, v := range vals {
			l.Values[i] = v.String
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// foreignKeys lists the single-column foreign keys among the tables.
func (s *session) foreignKeys(ctx context.Context, c *sql.Conn, tables []*tableInfo) ([]foreignKey, error) {
	var out []foreignKey
	scan := func(q string, args ...any) error {
		multi := map[string]int{}
		var all []struct {
			fk   foreignKey
			name string
		}
		err := eachRow(ctx, c, q, func(rows *sql.Rows) error {
			var fk foreignKey
			var name string
			var ref sql.NullString
			if err := rows.Scan(&fk.schema, &fk.table, &fk.column, &fk.refSchema, &fk.refTable, &ref, &name); err != nil {
				return err
			}
			fk.refColumn = ref.String
			key := fk.schema + "." + fk.table + "." + name
			multi[key]++
			all = append(all, struct {
				fk   foreignKey
				name string
			}{fk, key})
			return nil
		}, args...)
		for _, x := range all {
			if multi[x.name] == 1 { // a composite key links no single row
				out = append(out, x.fk)
			}
		}
		return err
	}
	switch s.d.kind() {
	case "sqlite":
		for _, t := range tables {
			if t.view {
				continue
			}
			// pragma_foreign_key_list: id groups the columns of one key;
			// "to" is NULL when the key refers to the primary key.
			q := `SELECT 'main', ?, "from", 'main', "table", "to", CAST(id AS TEXT) FROM pragma_foreign_key_list(?, 'main')`
			if err := scan(q, t.name, t.name); err != nil {
				return nil, err
			}
		}
	case "postgres":
		return out, scan(`SELECT cn.nspname, cl.relname, a.attname, rn.nspname, rl.relname, ra.attname, co.conname
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_class cl ON cl.oid = co.conrelid
JOIN pg_catalog.pg_namespace cn ON cn.oid = cl.relnamespace
JOIN pg_catalog.pg_class rl ON rl.oid = co.confrelid
JOIN pg_catalog.pg_namespace rn ON rn.oid = rl.relnamespace
JOIN LATERAL unnest(co.conkey, co.confkey) AS k(col, refcol) ON true
JOIN pg_catalog.pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.col
JOIN pg_catalog.pg_attribute ra ON ra.attrelid = co.confrelid AND ra.attnum = k.refcol
WHERE co.contype = 'f'`)
	case "mysql":
		return out, scan(`SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME, CONSTRAINT_NAME
FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL`)
	case "sqlserver":
		return out, scan(`SELECT OBJECT_SCHEMA_NAME(fk.parent_object_id), OBJECT_NAME(fk.parent_object_id), pc.name,
OBJECT_SCHEMA_NAME(fk.referenced_object_id), OBJECT_NAME(fk.referenced_object_id), rc.name, fk.name
FROM sys.foreign_key_columns fkc
JOIN sys.foreign_keys fk ON fk.object_id = fkc.constraint_object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id`)
	}
	return out, nil
}
