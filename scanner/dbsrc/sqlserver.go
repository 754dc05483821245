package dbsrc

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
)

// sqlserver is Microsoft SQL Server through go-mssqldb:
// sqlserver://user:pass@host?database=crm. SQL Server has no read-only
// session: crmscan asks for ApplicationIntent=ReadOnly (a readable
// secondary where there is one), reads each table in a transaction it
// always rolls back, and only ever sends SELECT.
type sqlserver struct{}

var _ dialect = sqlserver{}

func (sqlserver) kind() string                   { return "sqlserver" }
func (sqlserver) redact(target string) string    { return redactURL(target) }
func (sqlserver) secrets(target string) []string { return urlSecrets(target) }
func (sqlserver) passwordEnv() string            { return "" }
func (sqlserver) quote(s string) string          { return quoteWith(s, '[', ']') }
func (d sqlserver) table(t *tableInfo) string    { return d.quote(t.schema) + "." + d.quote(t.name) }
func (sqlserver) ph(i int) string                { return "@p" + strconv.Itoa(i) }

func (sqlserver) selectSQL(list, from, where, order string, limit, offset int64) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	if limit > 0 && offset <= 0 {
		b.WriteString("TOP (" + strconv.FormatInt(limit, 10) + ") ")
	}
	b.WriteString(list)
	b.WriteString(" FROM ")
	b.WriteString(from)
	if where != "" {
		b.WriteString(" WHERE " + where)
	}
	if offset > 0 && order == "" {
		order = "(SELECT NULL)" // OFFSET needs an ORDER BY
	}
	if order != "" {
		b.WriteString(" ORDER BY " + order)
	}
	if offset > 0 {
		b.WriteString(" OFFSET " + strconv.FormatInt(offset, 10) + " ROWS")
		if limit > 0 {
			b.WriteString(" FETCH NEXT " + strconv.FormatInt(limit, 10) + " ROWS ONLY")
		}
	}
	return b.String()
}

func (sqlserver) tablesample(t *tableInfo, from string, limit, est int64) (string, string, bool) {
	if est <= 0 || t.kind != "table" {
		return "", "", false
	}
	// SYSTEM picks pages, and small tables have few: ask for twice as many.
	p := strconv.FormatFloat(samplePercent(limit, est, 2), 'f', 4, 64)
	return fmt.Sprintf("%s TABLESAMPLE SYSTEM (%s PERCENT) REPEATABLE (1)", from, p), "tablesample system " + p + "%", true
}

// sqlserverURL is the driver's URL for a target: the mssql:// alias
// renamed, the password put in, read-only intent and timeouts added.
func sqlserverURL(target, pw string, hasPW bool) (string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", errors.New("not a valid sqlserver:// URL")
	}
	u.Scheme = "sqlserver"
	if hasPW {
		name := ""
		if u.User != nil {
			name = u.User.Username()
		}
		u.User = url.UserPassword(name, pw)
	}
	q := u.Query()
	q.Set("ApplicationIntent", "ReadOnly")
	if q.Get("app name") == "" {
		q.Set("app name", "crmscan")
	}
	if q.Get("dial timeout") == "" {
		q.Set("dial timeout", "15")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func (sqlserver) connector(target, pw string, hasPW bool, _ time.Duration) (driver.Connector, error) {
	s, err := sqlserverURL(target, pw, hasPW)
	if err != nil {
		return nil, err
	}
	return mssql.NewConnector(s)
}

func (sqlserver) setup(time.Duration) []string {
	return []string{"SET LOCK_TIMEOUT 30000; SET DEADLOCK_PRIORITY LOW; SET IMPLICIT_TRANSACTIONS OFF"}
}

func (sqlserver) txOptions() *sql.TxOptions { return &sql.TxOptions{Isolation: sql.LevelReadCommitted} }

func (sqlserver) describe(err error) (string, string, bool) {
	var me mssql.Error
	if errors.As(err, &me) {
		return strconv.Itoa(int(me.Number)), me.Message, true
	}
	return "", "", false
}

const mssqlTablesSQL = `SELECT s.name, o.name, RTRIM(o.type),
  COALESCE((SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = o.object_id AND p.index_id IN (0, 1)), -1)
FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0
ORDER BY s.name, o.name`

const mssqlColumnsSQL = `SELECT s.name, o.name, c.name, TYPE_NAME(c.system_type_id), TYPE_NAME(c.user_type_id),
  c.max_length, c.is_nullable, COALESCE(OBJECT_DEFINITION(c.default_object_id), '')
FROM sys.columns c
JOIN sys.objects o ON o.object_id = c.object_id
JOIN sys.schemas s ON s.schema_id = o.schema_id
WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0
ORDER BY s.name, o.name, c.column_id`

const mssqlKeysSQL = `SELECT s.name, o.name, c.name, TYPE_NAME(c.system_type_id)
FROM sys.indexes i
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
JOIN sys.objects o ON o.object_id = i.object_id
JOIN sys.schemas s ON s.schema_id = o.schema_id
WHERE i.is_primary_key = 1 AND o.is_ms_shipped = 0
ORDER BY s.name, o.name, ic.key_ordinal`

func (d sqlserver) tables(ctx context.Context, c *sql.Conn) ([]*tableInfo, error) {
	byName := map[[2]string]*tableInfo{}
	var out []*tableInfo
	err := eachRow(ctx, c, mssqlTablesSQL, func(rows *sql.Rows) error {
		var t tableInfo
		var typ string
		if err := rows.Scan(&t.schema, &t.name, &typ, &t.estimate); err != nil {
			return err
		}
		t.kind = "table"
		if typ == "V" {
			t.kind, t.view, t.estimate = "view", true, -1
		}
		out = append(out, &t)
		byName[[2]string{t.schema, t.name}] = &t
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, c, mssqlColumnsSQL, func(rows *sql.Rows) error {
		var schema, table, sysType, userType string
		var maxLen int
		var col colInfo
		if err := rows.Scan(&schema, &table, &col.Name, &sysType, &userType, &maxLen, &col.Nullable, &col.Default); err != nil {
			return err
		}
		t := byName[[2]string{schema, table}]
		if t == nil {
			return nil
		}
		col.Type = mssqlTypeName(userType, sysType, maxLen)
		switch mssqlFamily(sysType) {
		case famText:
			col.read = true
		case famCast:
			col.read = true
			if strings.EqualFold(sysType, "xml") {
				col.expr = "CAST(" + d.quote(col.Name) + " AS nvarchar(max))"
			} else {
				col.expr = "CONVERT(nvarchar(34), " + d.quote(col.Name) + ", 126)"
			}
		default:
			if numericIdentifier(col.Name, sysType) {
				col.read, col.expr = true, "CAST("+d.quote(col.Name)+" AS nvarchar(40))"
			}
		}
		t.cols = append(t.cols, col)
		return nil
	})
	if err != nil {
		return nil, err
	}
	keyType := map[*tableInfo]string{}
	err = eachRow(ctx, c, mssqlKeysSQL, func(rows *sql.Rows) error {
		var schema, table, col, typ string
		if err := rows.Scan(&schema, &table, &col, &typ); err != nil {
			return err
		}
		if t := byName[[2]string{schema, table}]; t != nil {
			t.pk = append(t.pk, col)
			keyType[t] = strings.ToLower(typ)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for t, typ := range keyType {
		t.pkInt = len(t.pk) == 1 && (typ == "int" || typ == "bigint" || typ == "smallint" || typ == "tinyint")
	}
	return out, nil
}

// mssqlTypeName formats a column type as SQL Server declares it.
func mssqlTypeName(userType, sysType string, maxLen int) string {
	switch strings.ToLower(sysType) {
	case "char", "varchar", "binary", "varbinary":
		if maxLen < 0 {
			return userType + "(max)"
		}
		return userType + "(" + strconv.Itoa(maxLen) + ")"
	case "nchar", "nvarchar":
		if maxLen < 0 {
			return userType + "(max)"
		}
		return userType + "(" + strconv.Itoa(maxLen/2) + ")"
	}
	return userType
}

// mssqlFamily classifies a column by its system type.
func mssqlFamily(sysType string) family {
	switch strings.ToLower(sysType) {
	case "char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname":
		return famText
	case "xml", "date", "datetime", "datetime2", "smalldatetime", "datetimeoffset":
		return famCast
	}
	return famSkip
}
