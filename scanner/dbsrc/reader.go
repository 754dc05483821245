package dbsrc

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

const (
	batchRows  = 1000    // rows per batch at most
	batchBytes = 1 << 20 // cell bytes per batch at most (one long cell may pass it)
	maxCell    = 64 << 10
	walkChunk  = 5000 // rows per query of a keyset walk
)

// tableInfo is what introspection found about one table or view.
type tableInfo struct {
	schema, name string
	view         bool
	kind         string // "table", "view", "materialized view", "foreign table"
	estimate     int64  // rows by the catalog's statistics; -1 when unknown
	// countLater: the catalog keeps no estimate (SQLite), so a sampled
	// read counts the rows itself. A full read needs no count: it reads
	// them all, and a COUNT(*) there walks every page of the table once
	// more, before the read, on one core.
	countLater bool
	cols       []colInfo
	pk         []string // primary key columns, in key order
	pkInt      bool     // the primary key is one integer column
	rowKey     string   // SQLite: "rowid" when the table has one
	ordinal    int      // place among the tables chosen, before Options.Keep
}

// colInfo is one column; read tells whether its values are fetched.
type colInfo struct {
	source.Column
	read bool
	expr string // select expression when not the quoted name (a cast)
}

func (t *tableInfo) qualified() string { return t.schema + "." + t.name }

// Table reads one table. It implements source.TableReader; the rows are
// read on their own connection, ahead of the caller, and handed over in
// batches.
type Table struct {
	s     *session
	t     *tableInfo
	cols  []source.Column
	ch    chan *batch
	start sync.Once

	// conn is the connection the table is read on, while readAll runs.
	conn *sql.Conn

	mu      sync.Mutex
	stats   source.Stats
	err     *TableError
	details map[string]string
}

var _ source.TableReader = (*Table)(nil)

func newTable(s *session, t *tableInfo) *Table {
	r := &Table{s: s, t: t, ch: make(chan *batch, prefetchDepth)}
	for _, c := range t.cols {
		if c.read {
			r.cols = append(r.cols, c.Column)
		}
	}
	r.details = map[string]string{"object": t.kind}
	if len(t.pk) > 0 {
		r.details["primary_key"] = strings.Join(t.pk, ",")
	}
	if n := len(t.cols) - len(r.cols); n > 0 {
		r.details["columns_not_read"] = strconv.Itoa(n) + " (numbers, booleans, binary and other non-text types)"
	}
	return r
}

// Name returns schema.table.
func (r *Table) Name() string { return r.t.qualified() }

// Ordinal is the table's place among the database's tables chosen by
// --schema, --table and --views (in order of schema and name), the same
// whether or not Options.Keep left some of them out.
func (r *Table) Ordinal() int { return r.t.ordinal }

// Columns returns the columns read: the text-like and date columns, with
// their declared type, default and nullability.
func (r *Table) Columns() []source.Column { return r.cols }

// Schema returns every column of the table, read or not (a boolean consent
// column with its default, for schema rules).
func (r *Table) Schema() []source.Column {
	out := make([]source.Column, len(r.t.cols))
	for i, c := range r.t.cols {
		out[i] = c.Column
	}
	return out
}

// PrimaryKey returns the primary key's columns, if any.
func (r *Table) PrimaryKey() []string { return r.t.pk }

// Next returns the next batch, io.EOF at the end, or the table's error.
func (r *Table) Next(ctx context.Context) (source.Batch, error) {
	select {
	case b, ok := <-r.ch:
		if ok {
			return b, nil
		}
		if te := r.failure(); te != nil {
			return nil, te
		}
		return nil, source.EOF
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Stats returns the counts so far.
func (r *Table) Stats() source.Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Details says how the table was read, for the report.
func (r *Table) Details() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := make(map[string]string, len(r.details))
	for k, v := range r.details {
		d[k] = v
	}
	return d
}

func (r *Table) failure() *TableError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *Table) fail(err error) {
	te := &TableError{Table: r.t.qualified(), Msg: r.s.sc.text(r.s.d, err, r.allowed()), lost: isConnLost(err)}
	r.mu.Lock()
	if r.err == nil {
		r.err = te
	}
	r.mu.Unlock()
}

// allowed are the names an error may quote: this table's identifiers.
func (r *Table) allowed() []string {
	a := []string{r.t.schema, r.t.name, r.t.qualified()}
	for _, c := range r.t.cols {
		a = append(a, c.Name)
	}
	return a
}

// abort ends a table that was never read.
func (r *Table) abort(err error) {
	r.start.Do(func() {
		r.fail(err)
		close(r.ch)
	})
}

// read reads the table into batches; it runs on its own goroutine and
// closes the channel when done.
func (r *Table) read(ctx context.Context) {
	r.start.Do(func() {
		defer close(r.ch)
		defer func() {
			if p := recover(); p != nil {
				r.fail(fmt.Errorf("internal error while reading (please report): %v", p))
			}
		}()
		if err := r.readAll(ctx); err != nil {
			r.fail(err)
		}
	})
}

// errTimeout is a query that made no progress for the statement timeout.
var errTimeout = errors.New("query timeout")

func (r *Table) readAll(ctx context.Context) error {
	if len(r.cols) == 0 {
		r.setDetail("read", "no text columns")
		r.mu.Lock()
		r.stats.RowsEstimate = max(r.t.estimate, 0)
		r.mu.Unlock()
		return nil
	}
	s := r.s
	cctx, cancel := context.WithTimeout(ctx, s.opt.QueryTimeout)
	c, err := s.conn(cctx)
	cancel()
	if err != nil {
		return err
	}
	defer c.Close()
	r.conn = c
	tx, err := c.BeginTx(ctx, s.d.txOptions())
	if err != nil {
		return err
	}
	defer tx.Rollback() // never commit: nothing is written
	p, err := r.plan(ctx, tx)
	if err != nil {
		return err
	}
	r.setDetail("read", p.describe)
	r.mu.Lock()
	r.stats.Truncated = p.sampled
	if p.estimate >= 0 {
		r.stats.RowsEstimate = p.estimate
	}
	r.mu.Unlock()
	return p.run(ctx, r, tx)
}

func (r *Table) setDetail(k, v string) {
	r.mu.Lock()
	r.details[k] = v
	r.mu.Unlock()
}

// rowSink collects rows into batches and hands them to the consumer.
type rowSink struct {
	r       *Table
	b       *batch
	ordinal int64
	limit   int64 // rows to read at most; 0 = all
	n       int64
	wd      *watchdog
}

// queryer runs a query; *sql.Tx and *sql.Conn are queryers.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanQuery runs one query whose first column is the key when keyed, and
// adds its rows. It returns the rows read and the last key.
func (k *rowSink) scanQuery(ctx context.Context, q queryer, keyed, keyIsRow bool, query string, args ...any) (n int64, last int64, err error) {
	qctx, end := k.watch(ctx)
	defer end()
	rows, err := q.QueryContext(qctx, query, args...)
	if err != nil {
		return 0, 0, k.wd.explain(err)
	}
	defer rows.Close()
	ncols := len(k.r.cols)
	dest := make([]any, 0, ncols+1)
	var key sql.NullInt64
	if keyed {
		dest = append(dest, &key)
	}
	raw := make([]sql.RawBytes, ncols)
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, last, k.wd.explain(err)
		}
		n++
		k.ordinal++
		row := k.ordinal
		if keyed {
			last = key.Int64
			if keyIsRow {
				row = key.Int64
			}
		}
		if err := k.add(ctx, row, raw); err != nil {
			return n, last, err
		}
		if k.limit > 0 && k.n >= k.limit {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return n, last, k.wd.explain(err)
	}
	return n, last, nil
}

// watch starts the watchdog of one query: qctx is cancelled when the query
// makes no progress for the statement timeout; end stops the watchdog and
// cancels qctx.
func (k *rowSink) watch(ctx context.Context) (qctx context.Context, end func()) {
	qctx, cancel := context.WithCancel(ctx)
	k.wd = startWatchdog(k.r.s.opt.QueryTimeout, cancel)
	return qctx, func() {
		k.wd.stop()
		k.wd = nil
		cancel()
	}
}

// keyColumns is the columns a query selects before the table's: the key,
// when keyed.
func keyColumns(keyed bool) int {
	if keyed {
		return 1
	}
	return 0
}

// rawQueryer runs a query on the driver connection under a *sql.Conn and
// hands over each row's driver values (mysqlDialect.rawRows).
type rawQueryer interface {
	rawRows(ctx context.Context, c *sql.Conn, query string, fn func([]driver.Value) error) error
	unbounder
}

// rawQuery is scanQuery on the table's connection through a rawQueryer:
// the values come straight from the driver, with none of database/sql's
// locking and conversion per row and value, and are read as Scan into
// sql.RawBytes (and the key into sql.NullInt64) would read them.
func (k *rowSink) rawQuery(ctx context.Context, rq rawQueryer, keyed, keyIsRow bool, query string) error {
	qctx, end := k.watch(ctx)
	defer end()
	ncols := len(k.r.cols)
	skip := keyColumns(keyed)
	raw := make([]sql.RawBytes, ncols)
	buf := make([]byte, 0, 256)
	var addErr error
	err := rq.rawRows(qctx, k.r.conn, query, func(v []driver.Value) error {
		if len(v) != ncols+skip {
			return fmt.Errorf("a row of %d columns, want %d", len(v), ncols+skip)
		}
		k.ordinal++
		row := k.ordinal
		if keyed {
			key, ok := driverKey(v[0])
			if !ok {
				return fmt.Errorf("a key that is not an integer")
			}
			if keyIsRow {
				row = key
			}
		}
		// A value written out goes to buf, reused from row to row (add
		// copies the cells); a slice of an earlier buf stays whole when
		// it grows.
		buf = buf[:0]
		for i, x := range v[skip:] {
			raw[i], buf = driverBytes(buf, x)
		}
		addErr = k.add(ctx, row, raw)
		return addErr
	})
	if addErr != nil {
		return addErr
	}
	if err != nil {
		return k.wd.explain(err)
	}
	return nil
}

// driverKey reads a key value as Scan into sql.NullInt64 does: NULL is 0.
func driverKey(v driver.Value) (int64, bool) {
	switch t := v.(type) {
	case nil:
		return 0, true
	case int64:
		return t, true
	case []byte:
		return parseKey(t)
	case string:
		return parseKey([]byte(t))
	}
	return 0, false
}

// driverBytes is a driver value as Scan into sql.RawBytes gives it: the
// text protocol's bytes as they are, NULL as nil, anything else written
// out as database/sql writes it, at the end of buf (which it returns
// grown).
func driverBytes(buf []byte, v driver.Value) ([]byte, []byte) {
	n := len(buf)
	switch t := v.(type) {
	case nil:
		return nil, buf
	case []byte:
		return t, buf
	case string:
		buf = append(buf, t...)
	case int64:
		buf = strconv.AppendInt(buf, t, 10)
	case float64:
		buf = strconv.AppendFloat(buf, t, 'g', -1, 64)
	case bool:
		buf = strconv.AppendBool(buf, t)
	case time.Time:
		buf = t.AppendFormat(buf, time.RFC3339Nano)
	default:
		buf = fmt.Appendf(buf, "%v", v)
	}
	return buf[n:len(buf):len(buf)], buf
}

// copyQuery runs one COPY (SELECT ...) TO STDOUT on the table's connection,
// inside its read-only transaction, and adds its rows as scanQuery adds a
// query's: the key first when keyed. The text COPY data is parsed straight
// into batches, with none of database/sql's work per row and value.
func (k *rowSink) copyQuery(ctx context.Context, cp copier, keyed, keyIsRow bool, query string) error {
	qctx, end := k.watch(ctx)
	defer end()
	ncols := len(k.r.cols)
	skip := keyColumns(keyed)
	p := newCopyParser(ncols+skip, func(f [][]byte) error {
		k.ordinal++
		row := k.ordinal
		if keyed {
			key, ok := parseKey(f[0])
			if !ok {
				return fmt.Errorf("%w: a key that is not an integer", errCopyFormat)
			}
			if keyIsRow {
				row = key
			}
		}
		return k.addBytes(ctx, row, f[skip:])
	})
	if err := cp.copyTo(qctx, k.r.conn, p, query); err != nil {
		return k.wd.explain(err)
	}
	return p.close()
}

// copier is a dialect that reads a query's rows with COPY TO STDOUT.
type copier interface {
	copyTo(ctx context.Context, c *sql.Conn, w io.Writer, query string) error
	unbounder
}

// unbounder lifts the statement timeout on the connection of tx, for the
// one query that reads a whole table: it takes as long as the table is
// large. The query's watchdog cancels it when no batch of rows fills for
// the timeout, and the next table's session setup sets the timeout again.
type unbounder interface {
	unbounded(ctx context.Context, tx *sql.Tx) error
}

func (k *rowSink) add(ctx context.Context, row int64, cells []sql.RawBytes) error {
	if k.b == nil {
		k.b = getBatch(len(cells))
	}
	k.b.add(row, cells)
	return k.added(ctx)
}

func (k *rowSink) addBytes(ctx context.Context, row int64, cells [][]byte) error {
	if k.b == nil {
		k.b = getBatch(len(cells))
	}
	addRow(k.b, row, cells)
	return k.added(ctx)
}

// added counts the row just added and hands the batch over when full.
func (k *rowSink) added(ctx context.Context) error {
	k.n++
	if len(k.b.rows) >= batchRows || len(k.b.data) >= batchBytes {
		return k.flush(ctx)
	}
	return nil
}

func (k *rowSink) flush(ctx context.Context) error {
	b := k.b
	if b == nil || len(b.rows) == 0 {
		return nil
	}
	k.b = nil
	k.r.mu.Lock()
	k.r.stats.Rows += int64(len(b.rows))
	k.r.stats.Bytes += int64(len(b.data))
	k.r.mu.Unlock()
	if k.wd != nil {
		k.wd.pause()
	}
	select {
	case k.r.ch <- b:
	case <-ctx.Done():
		b.Release()
		return ctx.Err()
	}
	if k.wd != nil {
		k.wd.resume()
	}
	return nil
}

// watchdog cancels a query that makes no progress for the timeout; the
// time a batch waits for the consumer does not count.
type watchdog struct {
	mu      sync.Mutex
	t       *time.Timer
	d       time.Duration
	fired   bool
	stopped bool
}

func startWatchdog(d time.Duration, cancel context.CancelFunc) *watchdog {
	w := &watchdog{d: d}
	w.t = time.AfterFunc(d, func() {
		w.mu.Lock()
		w.fired = !w.stopped
		w.mu.Unlock()
		cancel()
	})
	return w
}

func (w *watchdog) pause()  { w.t.Stop() }
func (w *watchdog) resume() { w.t.Reset(w.d) }

func (w *watchdog) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.t.Stop()
}

// explain turns the cancellation the watchdog caused into errTimeout.
func (w *watchdog) explain(err error) error {
	w.mu.Lock()
	fired := w.fired
	w.mu.Unlock()
	if fired {
		return fmt.Errorf("%w (no progress for %v)", errTimeout, w.d)
	}
	return err
}
