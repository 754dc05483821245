package dbsrc

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// dialect is what differs between database kinds: how to connect, quote,
// list tables, limit and sample, make a session read-only, and read a
// driver's errors.
type dialect interface {
	kind() string
	// redact returns the target with its password replaced by "xxxxx".
	redact(target string) string
	// secrets returns the strings of the target that must never be shown.
	secrets(target string) []string
	// passwordEnv is the variable the dialect's own tools read ("" none).
	passwordEnv() string
	// connector makes a connector for the target; pw replaces the URL's
	// password when hasPW. Connections carry the read-only and timeout
	// settings the dialect can put in its connection parameters.
	connector(target, pw string, hasPW bool, timeout time.Duration) (driver.Connector, error)
	// setup are statements run on each connection before use: read-only,
	// statement timeout.
	setup(timeout time.Duration) []string
	// txOptions are the options of the transaction a table is read in.
	txOptions() *sql.TxOptions
	// tables lists the tables and views with columns, keys and estimates.
	tables(ctx context.Context, c *sql.Conn) ([]*tableInfo, error)
	// quote quotes an identifier.
	quote(ident string) string
	// table is the qualified, quoted name of a table.
	table(t *tableInfo) string
	// ph is the i-th (1-based) query placeholder.
	ph(i int) string
	// selectSQL builds a SELECT; where and order may be empty, limit and
	// offset 0 for none.
	selectSQL(list, from, where, order string, limit, offset int64) string
	// tablesample returns the FROM clause that samples about limit of est
	// rows, and its description, when the dialect and table allow it.
	tablesample(t *tableInfo, from string, limit, est int64) (string, string, bool)
	// describe returns a driver error's code and primary message (without
	// detail fields, which echo values), if err is the driver's.
	describe(err error) (code, msg string, ok bool)
}

// quoteWith wraps s in open and close, doubling every close character
// inside: the rule of the SQL standard (double quotes), MySQL (backticks)
// and SQL Server (brackets, where only the closing one is doubled). A NUL, which no dialect allows in a name and some
// drivers end a string at, becomes U+FFFD so the name cannot be cut short.
func quoteWith(s string, open, close byte) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(open)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case close:
			b.WriteByte(c)
		case 0:
			b.WriteString("\uFFFD")
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte(close)
	return b.String()
}

func selectLimit(list, from, where, order string, limit, offset int64) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(list)
	b.WriteString(" FROM ")
	b.WriteString(from)
	if where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(where)
	}
	if order != "" {
		b.WriteString(" ORDER BY ")
		b.WriteString(order)
	}
	if limit > 0 {
		b.WriteString(" LIMIT ")
		b.WriteString(strconv.FormatInt(limit, 10))
	}
	if offset > 0 {
		b.WriteString(" OFFSET ")
		b.WriteString(strconv.FormatInt(offset, 10))
	}
	return b.String()
}

// isConnLost reports whether err means the connection or server failed,
// rather than the query.
func isConnLost(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	s := strings.ToLower(err.Error())
	for _, w := range []string{"connection refused", "connection reset", "broken pipe", "bad connection",
		"invalid connection", "server closed the connection", "terminating connection", "connection was killed",
		"server has gone away", "lost connection", "57p01"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// textLike classifies a declared type, lower-cased, by its family.
type family int

const (
	famSkip family = iota // numbers, booleans, binary, geometry...
	famText               // read as is
	famCast               // read cast to text (dates, json, arrays, xml)
)
