package dbsrc

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"
)

// mysqlDialect is MySQL and MariaDB through go-sql-driver/mysql:
// mysql://user:pass@tcp(host:3306)/crm (the part after the scheme is the
// driver's DSN). Without a database in the DSN every user database is read.
type mysqlDialect struct {
	// mariadb is 1 for MariaDB, 2 for MySQL, 0 until introspection knew.
	flavor *atomic.Int32
}

var _ dialect = mysqlDialect{}

func newMySQL() mysqlDialect { return mysqlDialect{flavor: new(atomic.Int32)} }

func (mysqlDialect) kind() string                { return "mysql" }
func (mysqlDialect) passwordEnv() string         { return "MYSQL_PWD" }
func (mysqlDialect) quote(s string) string       { return quoteWith(s, '`', '`') }
func (d mysqlDialect) table(t *tableInfo) string { return d.quote(t.schema) + "." + d.quote(t.name) }
func (mysqlDialect) ph(int) string               { return "?" }

func (mysqlDialect) selectSQL(list, from, where, order string, limit, offset int64) string {
	if offset > 0 && limit <= 0 {
		limit = 1<<63 - 1 // MySQL has no OFFSET without LIMIT
	}
	return selectLimit(list, from, where, order, limit, offset)
}

func (mysqlDialect) tablesample(*tableInfo, string, int64, int64) (string, string, bool) {
	return "", "", false
}

// mysqlDSN splits the target into scheme and driver DSN.
func mysqlDSN(target string) (scheme, dsn string) {
	i := strings.Index(target, "://")
	return target[:i+3], target[i+3:]
}

func (mysqlDialect) redact(target string) string {
	scheme, dsn := mysqlDSN(target)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return redactLoose(target)
	}
	if cfg.Passwd == "" {
		return target
	}
	if i := strings.Index(dsn, ":"+cfg.Passwd+"@"); i >= 0 {
		return scheme + dsn[:i+1] + redacted + dsn[i+1+len(cfg.Passwd):]
	}
	return redactLoose(target)
}

func (mysqlDialect) secrets(target string) []string {
	_, dsn := mysqlDSN(target)
	out := urlSecrets(target)
	if cfg, err := mysql.ParseDSN(dsn); err == nil && cfg.Passwd != "" {
		out = append(out, cfg.Passwd)
	}
	return out
}

func (mysqlDialect) connector(target, pw string, hasPW bool, timeout time.Duration) (driver.Connector, error) {
	_, dsn := mysqlDSN(target)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if hasPW {
		cfg.Passwd = pw
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 15 * time.Second
	}
	// Dates arrive as text, as they would be shown.
	cfg.ParseTime = false
	if cfg.DialFunc == nil {
		cfg.DialFunc = dialBuffered
	}
	return mysql.NewConnector(cfg)
}

// dialBuffered connects as the driver does by itself, keep-alives on, and
// reads the connection through a buffer of dbReadBuffer bytes: the driver
// asks for 4 KiB at a time, and a --full read of a million rows took some
// 52,000 read calls.
func dialBuffered(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(true)
	}
	return buffered(c), nil
}

// buffered returns c read through a buffer of dbReadBuffer bytes.
func buffered(c net.Conn) net.Conn {
	return &bufferedConn{Conn: c, r: bufio.NewReaderSize(c, dbReadBuffer)}
}

// bufferedConn is a connection read through a bufio.Reader.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// SyscallConn lets the driver check an idle connection's socket before it
// reuses it (an idle connection has nothing buffered).
func (c *bufferedConn) SyscallConn() (syscall.RawConn, error) {
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return nil, errors.ErrUnsupported
	}
	return sc.SyscallConn()
}

func (d mysqlDialect) setup(timeout time.Duration) []string {
	q := []string{"SET SESSION TRANSACTION READ ONLY"}
	switch d.flavor.Load() {
	case 1:
		q = append(q, "SET SESSION max_statement_time = "+strconv.FormatFloat(timeout.Seconds(), 'f', 3, 64))
	case 2:
		q = append(q, "SET SESSION max_execution_time = "+strconv.FormatInt(timeout.Milliseconds(), 10))
	}
	return q
}

func (mysqlDialect) txOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

// unbounded lifts the session's statement timeout (setup sets it again for
// the next table), and lets the server wait up to a year, the most it
// takes, to write to a reader whose consumer is busy with the tables
// before it: a whole table read in one query would otherwise be cut after
// net_write_timeout (60 s) of waiting. That wait stays on the pooled
// connection; it only lets the server be patient with crmscan.
func (d mysqlDialect) unbounded(ctx context.Context, tx *sql.Tx) error {
	q := []string{"SET SESSION net_write_timeout = 31536000"}
	switch d.flavor.Load() {
	case 1:
		q = append(q, "SET SESSION max_statement_time = 0")
	case 2:
		q = append(q, "SET SESSION max_execution_time = 0")
	}
	for _, s := range q {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func (mysqlDialect) describe(err error) (string, string, bool) {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return strconv.Itoa(int(me.Number)), me.Message, true
	}
	return "", "", false
}

const mysqlSchemaFilter = `TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
  AND (DATABASE() IS NULL OR TABLE_SCHEMA = DATABASE())`

const mysqlTablesSQL = `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_ROWS, -1)
FROM information_schema.TABLES
WHERE TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED') AND ` + mysqlSchemaFilter + `
ORDER BY TABLE_SCHEMA, TABLE_NAME`

const mysqlColumnsSQL = `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT
FROM information_schema.COLUMNS
WHERE ` + mysqlSchemaFilter + `
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`

const mysqlKeysSQL = `SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME, c.COLUMN_TYPE, c.DATA_TYPE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.COLUMNS c
  ON c.TABLE_SCHEMA = k.TABLE_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND c.COLUMN_NAME = k.COLUMN_NAME
WHERE k.CONSTRAINT_NAME = 'PRIMARY' AND k.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
  AND (DATABASE() IS NULL OR k.TABLE_SCHEMA = DATABASE())
ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.ORDINAL_POSITION`

func (d mysqlDialect) tables(ctx context.Context, c *sql.Conn) ([]*tableInfo, error) {
	var version string
	if err := c.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return nil, err
	}
	if strings.Contains(strings.ToLower(version), "mariadb") {
		d.flavor.Store(1)
	} else {
		d.flavor.Store(2)
	}
	byName := map[[2]string]*tableInfo{}
	var out []*tableInfo
	err := eachRow(ctx, c, mysqlTablesSQL, func(rows *sql.Rows) error {
		var t tableInfo
		var typ string
		if err := rows.Scan(&t.schema, &t.name, &typ, &t.estimate); err != nil {
			return err
		}
		if t.estimate <= 0 {
			t.estimate = -1 // InnoDB says 0 before its statistics exist
		}
		t.kind = "table"
		if typ == "VIEW" {
			t.kind, t.view = "view", true
		}
		out = append(out, &t)
		byName[[2]string{t.schema, t.name}] = &t
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, c, mysqlColumnsSQL, func(rows *sql.Rows) error {
		var schema, table, dataType, nullable string
		var def sql.NullString
		var col colInfo
		if err := rows.Scan(&schema, &table, &col.Name, &col.Type, &dataType, &nullable, &def); err != nil {
			return err
		}
		t := byName[[2]string{schema, table}]
		if t == nil {
			return nil
		}
		col.Nullable = nullable == "YES"
		if def.Valid && !(def.String == "NULL" && col.Nullable) {
			col.Default = def.String
		}
		col.read = mysqlFamily(dataType) != famSkip || numericIdentifier(col.Name, dataType)
		t.cols = append(t.cols, col)
		return nil
	})
	if err != nil {
		return nil, err
	}
	keyOK := map[*tableInfo]bool{}
	err = eachRow(ctx, c, mysqlKeysSQL, func(rows *sql.Rows) error {
		var schema, table, col, colType, dataType string
		if err := rows.Scan(&schema, &table, &col, &colType, &dataType); err != nil {
			return err
		}
		if t := byName[[2]string{schema, table}]; t != nil {
			t.pk = append(t.pk, col)
			switch strings.ToLower(dataType) {
			case "tinyint", "smallint", "mediumint", "int", "integer":
				keyOK[t] = true
			case "bigint":
				keyOK[t] = !strings.Contains(strings.ToLower(colType), "unsigned")
			default:
				keyOK[t] = false
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for t, ok := range keyOK {
		t.pkInt = ok && len(t.pk) == 1
	}
	return out, nil
}

// mysqlFamily classifies a column by its DATA_TYPE. Dates come as text
// from the driver, so they need no cast.
func mysqlFamily(dataType string) family {
	switch strings.ToLower(dataType) {
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json", "enum", "set",
		"date", "datetime", "timestamp", "nchar", "nvarchar":
		return famText
	}
	return famSkip
}

// rawRows runs query on the driver connection under c, past database/sql's
// Rows and Scan (a lock and a conversion for every row and value), and
// calls fn with each row's values, valid until fn returns. On the table's
// connection it runs inside the table's read-only transaction, as
// PostgreSQL's COPY does (copyTo).
func (mysqlDialect) rawRows(ctx context.Context, c *sql.Conn, query string, fn func([]driver.Value) error) error {
	return c.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("a query past database/sql needs a driver.QueryerContext, not %T", dc)
		}
		rows, err := qc.QueryContext(ctx, query, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, len(rows.Columns()))
		for {
			if err := rows.Next(dest); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
			if err := fn(dest); err != nil {
				return err
			}
		}
	})
}
