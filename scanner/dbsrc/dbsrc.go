// Package dbsrc reads live databases (PostgreSQL, SQL Server, MySQL and
// MariaDB, SQLite) through database/sql as tables of text cells: it lists
// the schemas, tables and columns, samples each table (or walks all of it)
// in read-only sessions with a statement timeout, and streams the rows in
// batches. Tables are read in parallel over a bounded number of
// connections; a table that fails is an error for that table alone.
//
// Every identifier is quoted by the dialect, no object is created, and a
// driver's error text is scrubbed before it leaves the package, since an SQL
// error can echo a value.
package dbsrc

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

// Options configure the reading of one database target.
type Options struct {
	// Limit is the number of rows sampled per table; 0 reads every row.
	Limit int64
	// Workers bounds the connections open at once (and so the tables read
	// at once); 0 means 2.
	Workers int
	// PasswordEnv names an environment variable holding the password; when
	// empty the dialect's usual variable is used (PGPASSWORD, MYSQL_PWD).
	PasswordEnv string
	// Views includes views (and materialized views) besides tables.
	Views bool
	// Schemas and Tables are globs (* ? [...], case-insensitive); a
	// pattern starting with '!' excludes. A table pattern with a '.' is
	// matched against schema.table, any other against the table name.
	// With include patterns, only what matches one is read.
	Schemas, Tables []string
	// QueryTimeout bounds every statement; 0 means 5 minutes. The one
	// statement that reads a whole table (PostgreSQL's COPY, MySQL's
	// query; Limit 0) runs as long as it takes, and is cancelled when no
	// batch of rows fills for that long.
	QueryTimeout time.Duration
	// AlsoRead names columns to read although their type is not text-like
	// (a boolean deleted flag, an integer statecode, a consent column):
	// the caller's row and schema rules need them. Binary columns are
	// never read.
	AlsoRead func(column string) bool
	// Keep, when set, chooses the tables read by their schema.table name
	// after --schema, --table and --views have chosen and sorted them: a
	// shard of a sharded scan reads its own tables only. Each table kept
	// keeps its place among all of them (Table.Ordinal).
	Keep func(table string) bool
}

// DefaultQueryTimeout is the statement timeout when none is given.
const DefaultQueryTimeout = 5 * time.Minute

// Kinds are the source kinds this package reads, as reports name them.
func Kinds() []string { return []string{"postgres", "mysql", "sqlserver", "sqlite"} }

// KindOf returns the kind of a database target, or "" when the target is
// not a database: a URL by its scheme, or an existing file whose name ends
// in .db, .sqlite or .sqlite3.
func KindOf(target string) string {
	d := dialectOf(target)
	if d == nil {
		return ""
	}
	return d.kind()
}

// Redact returns the target with any password replaced by "xxxxx", as a
// report may show it.
func Redact(target string) string {
	if d := dialectOf(target); d != nil {
		return d.redact(target)
	}
	return target
}

// ValidGlob reports whether a --schema or --table pattern is well formed.
func ValidGlob(g string) error {
	g = strings.TrimPrefix(g, "!")
	if g == "" {
		return errors.New("empty pattern")
	}
	_, err := path.Match(strings.ToLower(g), "")
	return err
}

func dialectOf(target string) dialect {
	lower := strings.ToLower(target)
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return postgres{}
	case strings.HasPrefix(lower, "mysql://"), strings.HasPrefix(lower, "mariadb://"):
		return newMySQL()
	case strings.HasPrefix(lower, "sqlserver://"), strings.HasPrefix(lower, "mssql://"):
		return sqlserver{}
	case strings.HasPrefix(lower, "sqlite:"), strings.HasPrefix(lower, "sqlite3:"):
		return sqlite{}
	}
	if strings.Contains(lower, "://") {
		return nil
	}
	if strings.HasSuffix(lower, ".db") || strings.HasSuffix(lower, ".sqlite") || strings.HasSuffix(lower, ".sqlite3") {
		if st, err := os.Stat(target); err == nil && st.Mode().IsRegular() {
			return sqlite{}
		}
	}
	return nil
}

// password returns the password the options point to, if any.
func (o Options) password(d dialect) (string, bool) {
	if o.PasswordEnv != "" {
		return os.LookupEnv(o.PasswordEnv)
	}
	if env := d.passwordEnv(); env != "" {
		if pw, ok := os.LookupEnv(env); ok && pw != "" {
			return pw, true
		}
	}
	return "", false
}

// Scan opens the database target and calls fn for each table in order of
// schema and name, one table at a time, while the next tables are already
// being read on their own connections. A table whose reading fails is
// reported to fn as an error from Next; Scan goes on with the other tables
// and returns their errors joined at the end. An error that fn returns for
// another reason (the scan was cancelled) ends Scan.
func Scan(ctx context.Context, target string, opt Options, fn func(source.TableReader) error) error {
	for _, g := range append(append([]string(nil), opt.Schemas...), opt.Tables...) {
		if err := ValidGlob(g); err != nil {
			return fmt.Errorf("bad pattern %q: %w", g, err)
		}
	}
	s, closeDB, err := openSession(target, opt)
	if err != nil {
		return err
	}
	defer closeDB()
	tables, err := s.introspect(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	tables = selectTables(tables, opt)
	for i, t := range tables {
		t.ordinal = i
	}
	if opt.Keep != nil {
		kept := tables[:0]
		for _, t := range tables {
			if opt.Keep(t.qualified()) {
				kept = append(kept, t)
			}
		}
		tables = kept
	}
	return s.run(ctx, tables, fn)
}

// openSession opens the database target's connection pool.
func openSession(target string, opt Options) (*session, func(), error) {
	d := dialectOf(target)
	if d == nil {
		return nil, nil, errors.New("not a database target")
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = DefaultQueryTimeout
	}
	pw, hasPW := opt.password(d)
	if opt.PasswordEnv != "" && !hasPW {
		return nil, nil, fmt.Errorf("environment variable %s is not set", opt.PasswordEnv)
	}
	sc := &scrubber{secrets: secretsOf(d, target, pw)}

	conn, err := d.connector(target, pw, hasPW, opt.QueryTimeout)
	if err != nil {
		return nil, nil, errors.New(sc.text(d, err, nil))
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(opt.Workers)
	db.SetMaxIdleConns(opt.Workers)
	db.SetConnMaxIdleTime(time.Minute)
	return &session{d: d, db: db, opt: opt, sc: sc, target: target}, func() { db.Close() }, nil
}

// selectTables applies --views, --schema and --table and sorts by name.
func selectTables(all []*tableInfo, opt Options) []*tableInfo {
	var out []*tableInfo
	for _, t := range all {
		if t.view && !opt.Views {
			continue
		}
		if !globsAdmit(opt.Schemas, func(string) string { return t.schema }) {
			continue
		}
		if !globsAdmit(opt.Tables, func(g string) string {
			if strings.Contains(strings.TrimPrefix(g, "!"), ".") {
				return t.schema + "." + t.name
			}
			return t.name
		}) {
			continue
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].schema != out[j].schema {
			return out[i].schema < out[j].schema
		}
		return out[i].name < out[j].name
	})
	return out
}

// globsAdmit reports whether a name passes include and exclude globs; subject
// gives, for each pattern, the string it is matched against.
func globsAdmit(globs []string, subject func(glob string) string) bool {
	included, hasInclude := false, false
	for _, g := range globs {
		neg := strings.HasPrefix(g, "!")
		pat := strings.ToLower(strings.TrimPrefix(g, "!"))
		ok, _ := path.Match(pat, strings.ToLower(subject(g)))
		if neg {
			if ok {
				return false
			}
			continue
		}
		hasInclude = true
		included = included || ok
	}
	return !hasInclude || included
}

// session is one database target being read.
type session struct {
	d      dialect
	db     *sql.DB
	opt    Options
	sc     *scrubber
	target string // the database target, with its password if it has one
}

// conn takes a connection from the pool and makes its session read-only
// with the statement timeout.
func (s *session) conn(ctx context.Context) (*sql.Conn, error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range s.d.setup(s.opt.QueryTimeout) {
		if _, err := c.ExecContext(ctx, q); err != nil {
			c.Raw(func(any) error { return errBadSession }) // drop the connection
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

var errBadSession = errors.New("session setup failed")

// introspect lists the tables with their columns, primary keys and row
// estimates.
func (s *session) introspect(ctx context.Context) ([]*tableInfo, error) {
	qctx, cancel := context.WithTimeout(ctx, s.opt.QueryTimeout)
	defer cancel()
	c, err := s.conn(qctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %s", s.sc.text(s.d, err, nil))
	}
	defer c.Close()
	tables, err := s.d.tables(qctx, c)
	if err != nil {
		return nil, fmt.Errorf("list tables: %s", s.sc.text(s.d, err, nil))
	}
	if s.opt.AlsoRead != nil {
		for _, t := range tables {
			for i := range t.cols {
				col := &t.cols[i]
				if col.read || binaryType(col.Type) || !s.opt.AlsoRead(col.Name) {
					continue
				}
				col.read = true
				switch s.d.kind() {
				case "postgres":
					col.expr = "CAST(" + s.d.quote(col.Name) + " AS text)"
				case "sqlserver":
					col.expr = "CAST(" + s.d.quote(col.Name) + " AS nvarchar(64))"
				}
			}
		}
	}
	return tables, nil
}

// binaryType reports a declared type that holds bytes, not text or numbers.
func binaryType(t string) bool {
	t = strings.ToLower(t)
	for _, b := range []string{"bytea", "blob", "binary", "image", "geometry", "geography"} {
		if strings.Contains(t, b) {
			return true
		}
	}
	return false
}

// prefetchDepth is the batches a table reader keeps ready ahead of the
// consumer; with Workers readers, at most Workers*(prefetchDepth+1)
// batches are held at once.
const prefetchDepth = 2

// run reads the tables on up to Workers connections at once and hands them
// to fn in order.
func (s *session) run(ctx context.Context, tables []*tableInfo, fn func(source.TableReader) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readers := make([]*Table, len(tables))
	for i, t := range tables {
		readers[i] = newTable(s, t)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	// Readers start in table order, each holding a slot until it has read
	// its table: the consumer drains them in the same order, so the slots
	// always free up.
	wg.Add(1)
	go func() {
		defer wg.Done()
		sem := make(chan struct{}, s.opt.Workers)
		for _, r := range readers {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				r.abort(ctx.Err())
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				r.read(ctx)
			}()
		}
	}()

	var tableErrs []error
	lost := 0 // tables in a row that failed because the server went away
	for i, r := range readers {
		if lost >= 3 {
			// The server is gone: the rest would each wait for the same
			// failure. One error says what was not read.
			cancel()
			tableErrs = append(tableErrs, fmt.Errorf("%d more tables not read: connection to the server lost", len(readers)-i))
			break
		}
		err := fn(r)
		if err == nil {
			lost = 0
			continue
		}
		if te := r.failure(); te != nil && errors.Is(err, te) {
			tableErrs = append(tableErrs, te)
			if te.lost {
				lost++
			} else {
				lost = 0
			}
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return errors.Join(tableErrs...)
}

// TableError is the failure of one table; the scan goes on with the others.
type TableError struct {
	Table string // schema.table
	Msg   string // scrubbed: never a value
	lost  bool   // the connection failed, not the query
}

func (e *TableError) Error() string { return "table " + e.Table + ": " + e.Msg }
