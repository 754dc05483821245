package dbsrc

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/stdlib"
)

// postgres is PostgreSQL through pgx (its database/sql driver for the
// catalog and samples, its COPY for full reads):
// postgres://user@host/db?sslmode=disable.
type postgres struct{}

var _ dialect = postgres{}

func (postgres) kind() string                   { return "postgres" }
func (postgres) redact(target string) string    { return redactURL(target) }
func (postgres) secrets(target string) []string { return urlSecrets(target) }
func (postgres) passwordEnv() string            { return "PGPASSWORD" }
func (postgres) quote(s string) string          { return quoteWith(s, '"', '"') }
func (d postgres) table(t *tableInfo) string    { return d.quote(t.schema) + "." + d.quote(t.name) }
func (postgres) ph(i int) string                { return "$" + strconv.Itoa(i) }

func (postgres) selectSQL(list, from, where, order string, limit, offset int64) string {
	return selectLimit(list, from, where, order, limit, offset)
}

func (postgres) connector(target, pw string, hasPW bool, timeout time.Duration) (driver.Connector, error) {
	cfg, err := pgConfig(target, pw, hasPW, timeout)
	if err != nil {
		return nil, err
	}
	return stdlib.GetConnector(*cfg), nil
}

// pgConfig is the connection configuration of a postgres:// target.
func pgConfig(target, pw string, hasPW bool, timeout time.Duration) (*pgx.ConnConfig, error) {
	// Without an sslmode (in the URL or PGSSLMODE) TLS is required, as
	// lib/pq did before pgx replaced it; pgx's own default, prefer, would
	// fall back to plain text without a word.
	if u, err := url.Parse(target); err == nil && os.Getenv("PGSSLMODE") == "" && !u.Query().Has("sslmode") {
		q := u.Query()
		q.Set("sslmode", "require")
		u.RawQuery = q.Encode()
		target = u.String()
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return nil, err
	}
	if hasPW {
		cfg.Password = pw
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	// Read-only and bounded from the first statement on, introspection
	// included; setup repeats both for poolers that drop start-up options.
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(timeout.Milliseconds(), 10)
	cfg.RuntimeParams["lock_timeout"] = strconv.FormatInt(min(timeout, 30*time.Second).Milliseconds(), 10)
	cfg.RuntimeParams["idle_in_transaction_session_timeout"] = strconv.FormatInt((2 * timeout).Milliseconds(), 10)
	// Text in UTF-8 and dates as ISO, whatever the database or role sets
	// (lib/pq, which this driver replaced, sent the same): a date cast to
	// text must read 1980-12-25 on every server.
	// A sequential scan starts at the table's first page, not where
	// another session's scan of the same table is: a sample read in
	// physical order is the same in every run and every shard.
	cfg.RuntimeParams["synchronize_seqscans"] = "off"
	cfg.RuntimeParams["client_encoding"] = "UTF8"
	cfg.RuntimeParams["datestyle"] = "ISO, MDY"
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "crmscan"
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	// Unnamed statements, described each time, as lib/pq ran them: no
	// prepared statements left on the server, and none for a pooler in
	// transaction mode to lose between connections.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	// The protocol reader asks the socket for 8 KiB at a time: a full
	// read (COPY) of a million rows took some 26,000 read calls. Behind a
	// buffer of dbReadBuffer it takes an eighth of them.
	cfg.BuildFrontend = func(r io.Reader, w io.Writer) *pgproto3.Frontend {
		return pgproto3.NewFrontend(bufio.NewReaderSize(r, dbReadBuffer), w)
	}
	return cfg, nil
}

// dbReadBuffer is the bytes read from a PostgreSQL or MySQL connection at
// a time.
const dbReadBuffer = 64 << 10

// copyTo runs a COPY ... TO STDOUT on the connection c, inside whatever
// transaction c is in (the table's read-only one), writing the data to w.
func (postgres) copyTo(ctx context.Context, c *sql.Conn, w io.Writer, query string) error {
	return c.Raw(func(dc any) error {
		pc, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
		}
		_, err := pc.Conn().PgConn().CopyTo(ctx, w, query)
		return err
	})
}

// unbounded sets no statement timeout for the rest of tx (SET LOCAL ends
// with the transaction), as pg_dump sets none for its COPY statements.
// The server waits as long as it must to write to a reader whose consumer
// is busy with the tables before it.
func (postgres) unbounded(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = 0")
	return err
}

func (postgres) setup(timeout time.Duration) []string {
	return []string{
		"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
		"SET statement_timeout = " + strconv.FormatInt(timeout.Milliseconds(), 10),
	}
}

func (postgres) txOptions() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

func (postgres) describe(err error) (string, string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, pe.Message, true
	}
	return "", "", false
}

// pgRelFilter limits the catalog to user relations: no system schemas, no
// partitions (their parent is read instead).
const pgRelFilter = `c.relkind IN ('r','p','v','m','f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT c.relispartition`

const pgTablesSQL = `SELECT n.nspname, c.relname, c.relkind::text, c.reltuples::float8
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ` + pgRelFilter + `
ORDER BY 1, 2`

const pgColumnsSQL = `SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
  t.typcategory::text, NOT a.attnotnull, COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND ` + pgRelFilter + `
ORDER BY n.nspname, c.relname, a.attnum`

const pgKeysSQL = `SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) ON true
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE i.indisprimary AND ` + pgRelFilter + `
ORDER BY 1, 2, k.ord`

func (d postgres) tables(ctx context.Context, c *sql.Conn) ([]*tableInfo, error) {
	byName := map[[2]string]*tableInfo{}
	var out []*tableInfo
	err := eachRow(ctx, c, pgTablesSQL, func(rows *sql.Rows) error {
		var t tableInfo
		var kind string
		var est float64
		if err := rows.Scan(&t.schema, &t.name, &kind, &est); err != nil {
			return err
		}
		t.estimate = -1
		if est > 0 {
			t.estimate = int64(est)
		}
		switch kind {
		case "r", "p":
			t.kind = "table"
		case "m":
			t.kind, t.view = "materialized view", true
		case "v":
			t.kind, t.view = "view", true
		case "f":
			t.kind = "foreign table"
		}
		out = append(out, &t)
		byName[[2]string{t.schema, t.name}] = &t
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, c, pgColumnsSQL, func(rows *sql.Rows) error {
		var schema, table, cat string
		var col colInfo
		if err := rows.Scan(&schema, &table, &col.Name, &col.Type, &cat, &col.Nullable, &col.Default); err != nil {
			return err
		}
		t := byName[[2]string{schema, table}]
		if t == nil {
			return nil
		}
		switch pgFamily(col.Type, cat) {
		case famText:
			col.read = true
		case famCast:
			col.read, col.expr = true, "CAST("+d.quote(col.Name)+" AS text)"
		default:
			if numericIdentifier(col.Name, col.Type) {
				col.read, col.expr = true, "CAST("+d.quote(col.Name)+" AS text)"
			}
		}
		t.cols = append(t.cols, col)
		return nil
	})
	if err != nil {
		return nil, err
	}
	keyType := map[*tableInfo]string{}
	err = eachRow(ctx, c, pgKeysSQL, func(rows *sql.Rows) error {
		var schema, table, col, typ string
		if err := rows.Scan(&schema, &table, &col, &typ); err != nil {
			return err
		}
		if t := byName[[2]string{schema, table}]; t != nil {
			t.pk = append(t.pk, col)
			keyType[t] = typ
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for t, typ := range keyType {
		t.pkInt = len(t.pk) == 1 && (typ == "integer" || typ == "bigint" || typ == "smallint")
	}
	return out, nil
}

// pgFamily classifies a column by its formatted type and type category.
func pgFamily(typ, cat string) family {
	typ = strings.ToLower(typ)
	switch {
	case strings.HasSuffix(typ, "[]"):
		base := strings.TrimSuffix(typ, "[]")
		if pgFamily(base, "S") == famText && (strings.HasPrefix(base, "text") || strings.HasPrefix(base, "character") ||
			strings.HasPrefix(base, "citext") || strings.HasPrefix(base, "varchar")) {
			return famCast
		}
		return famSkip
	case cat == "S":
		return famText
	case typ == "json" || typ == "jsonb" || typ == "xml":
		return famCast
	case cat == "D" && (typ == "date" || strings.HasPrefix(typ, "timestamp")):
		return famCast
	}
	return famSkip
}

func (postgres) tablesample(t *tableInfo, from string, limit, est int64) (string, string, bool) {
	if est <= 0 || (t.kind != "table" && t.kind != "materialized view") {
		return "", "", false
	}
	pct := samplePercent(limit, est, 1.3)
	method := "BERNOULLI"
	if est > 10_000_000 {
		method = "SYSTEM" // pages, not rows: no full scan of a huge table
	}
	p := strconv.FormatFloat(pct, 'f', 4, 64)
	return fmt.Sprintf("%s TABLESAMPLE %s (%s) REPEATABLE (1)", from, method, p),
		fmt.Sprintf("tablesample %s %s%%", strings.ToLower(method), p), true
}

// eachRow runs a query and calls fn for each row.
func eachRow(ctx context.Context, q queryer, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
