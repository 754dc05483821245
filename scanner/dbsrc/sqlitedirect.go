package dbsrc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The full read of a SQLite table goes past database/sql, as PostgreSQL's
// goes through COPY: through database/sql and the driver every cell costs a
// Go string, an interface and a conversion, and every sqlite3_column_* call
// takes the connection's mutex (the driver opens every connection
// SQLITE_OPEN_FULLMUTEX); those were four fifths of the read. Here the
// same SQLite (modernc.org/sqlite/lib, the library the driver wraps) is
// opened on a handle of its own, read-only, with no mutex, since one
// goroutine uses it, and each cell's bytes are copied straight from
// SQLite's memory into the batch. The values are the ones the driver gives
// database/sql as they reach a sql.RawBytes: text and blobs as stored,
// integers and reals formatted as database/sql formats them, NULL empty.
// The driver would turn DATE, DATETIME and TIMESTAMP text into times, but
// those columns are read cast to text (see sqlite.tables), so it never
// does here either.

// sqliteDirect is one read-only SQLite handle outside database/sql.
type sqliteDirect struct {
	tls *libc.TLS
	db  uintptr
	out uintptr // C memory for the out parameters of open and prepare

	mu     sync.Mutex // guards db and active against interrupt
	active bool       // a statement is running
}

// openSQLiteDirect opens the file read-only, query_only, with the busy
// timeout the driver's connections have.
func openSQLiteDirect(path string, timeout time.Duration) (_ *sqliteDirect, err error) {
	d := &sqliteDirect{tls: libc.NewTLS()}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	if d.out = libc.Xmalloc(d.tls, 2*8); d.out == 0 {
		return nil, errors.New("sqlite: out of memory")
	}
	name, err := libc.CString(sqliteURI(path))
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(d.tls, name)
	rc := sqlite3.Xsqlite3_open_v2(d.tls, name, d.out,
		sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_URI|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	d.db = *(*uintptr)(cptr(d.out))
	if rc != sqlite3.SQLITE_OK {
		return nil, d.err(rc)
	}
	sqlite3.Xsqlite3_busy_timeout(d.tls, d.db, int32(min(timeout, 30*time.Second).Milliseconds()))
	if err := d.exec("PRAGMA query_only = 1"); err != nil {
		return nil, err
	}
	return d, nil
}

// cptr is the address of C memory as a pointer. The memory is SQLite's
// (modernc's libc allocator, outside the Go heap), so the garbage
// collector neither moves nor frees it; the conversion goes through a
// pointer to the uintptr so that it reads as what it is.
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// cbytes is n bytes of C memory at p, valid until SQLite reuses them.
func cbytes(p uintptr, n int32) []byte {
	if p == 0 || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(cptr(p)), int(n))
}

func (d *sqliteDirect) close() {
	d.mu.Lock()
	if d.db != 0 {
		sqlite3.Xsqlite3_close_v2(d.tls, d.db)
		d.db = 0
	}
	d.mu.Unlock()
	if d.out != 0 {
		libc.Xfree(d.tls, d.out)
		d.out = 0
	}
	d.tls.Close()
}

// interrupt stops the running statement, from another goroutine: with a
// TLS of its own, as the driver does, since a libc.TLS is for one
// goroutine at a time.
func (d *sqliteDirect) interrupt() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.db != 0 && d.active {
		tls := libc.NewTLS()
		sqlite3.Xsqlite3_interrupt(tls, d.db)
		tls.Close()
	}
}

func (d *sqliteDirect) setActive(a bool) {
	d.mu.Lock()
	d.active = a
	d.mu.Unlock()
}

// err is the error of a result code, worded as the driver words it.
func (d *sqliteDirect) err(rc int32) error {
	str := libc.GoString(sqlite3.Xsqlite3_errstr(d.tls, rc))
	busy := ""
	if rc == sqlite3.SQLITE_BUSY {
		busy = " (SQLITE_BUSY)"
	}
	if d.db != 0 {
		if msg := libc.GoString(sqlite3.Xsqlite3_errmsg(d.tls, d.db)); msg != str {
			return &sqliteError{code: int(rc), msg: fmt.Sprintf("%s: %s (%v)%s", str, msg, rc, busy)}
		}
	}
	return &sqliteError{code: int(rc), msg: fmt.Sprintf("%s (%v)%s", str, rc, busy)}
}

// sqliteError is an error of the direct handle; sqlite.describe reads it
// as it reads the driver's.
type sqliteError struct {
	code int
	msg  string
}

func (e *sqliteError) Error() string { return e.msg }

// prepare compiles one statement.
func (d *sqliteDirect) prepare(query string) (uintptr, error) {
	q, err := libc.CString(query)
	if err != nil {
		return 0, err
	}
	defer libc.Xfree(d.tls, q)
	*(*uintptr)(cptr(d.out)) = 0
	if rc := sqlite3.Xsqlite3_prepare_v2(d.tls, d.db, q, -1, d.out, d.out+8); rc != sqlite3.SQLITE_OK {
		return 0, d.err(rc)
	}
	st := *(*uintptr)(cptr(d.out))
	if st == 0 {
		return 0, errors.New("sqlite: empty statement")
	}
	return st, nil
}

// exec runs a statement that returns no rows the caller wants.
func (d *sqliteDirect) exec(query string) error {
	st, err := d.prepare(query)
	if err != nil {
		return err
	}
	for {
		switch rc := sqlite3.Xsqlite3_step(d.tls, st); rc {
		case sqlite3.SQLITE_ROW:
			continue
		case sqlite3.SQLITE_DONE:
			sqlite3.Xsqlite3_finalize(d.tls, st)
			return nil
		default:
			e := d.err(rc)
			sqlite3.Xsqlite3_finalize(d.tls, st)
			return e
		}
	}
}

// directQuery runs one query on the direct handle and adds its rows, as
// scanQuery adds a query's: the key first when keyed.
func (k *rowSink) directQuery(ctx context.Context, d *sqliteDirect, keyed, keyIsRow bool, query string) (n int64, last int64, err error) {
	qctx, end := k.watch(ctx)
	defer end()
	st, err := d.prepare(query)
	if err != nil {
		return 0, 0, err
	}
	d.setActive(true)
	stop := context.AfterFunc(qctx, d.interrupt)
	defer func() {
		stop()
		d.setActive(false)
		sqlite3.Xsqlite3_finalize(d.tls, st)
	}()
	ncols := len(k.r.cols)
	first := keyColumns(keyed)
	if got := int(sqlite3.Xsqlite3_column_count(d.tls, st)); got != ncols+first {
		return 0, 0, fmt.Errorf("sqlite: %d columns, want %d", got, ncols+first)
	}
	cells := make([][]byte, ncols)
	var num []byte // integers and reals as text, back to back
	tls := d.tls
	for {
		rc := sqlite3.Xsqlite3_step(tls, st)
		if rc == sqlite3.SQLITE_DONE {
			return n, last, nil
		}
		if rc != sqlite3.SQLITE_ROW {
			if e := qctx.Err(); e != nil {
				return n, last, k.wd.explain(e)
			}
			return n, last, d.err(rc)
		}
		n++
		k.ordinal++
		row := k.ordinal
		if keyed {
			key, err := sqliteKey(d, st)
			if err != nil {
				return n, last, err
			}
			last = key
			if keyIsRow {
				row = key
			}
		}
		num = num[:0]
		for i := range cells {
			// sqlite3_column_type, _text and _bytes each look the column
			// up again (columnMem, then columnMallocFailure): a tenth of
			// a 17-column table's read. They are sqlite3_value_type, _text
			// and _bytes of that column's value; looked up once here. The
			// SQLite documentation calls a value from sqlite3_column_value
			// unprotected: read this way it is not thread-safe, which a
			// handle opened NOMUTEX for one goroutine never is.
			v := sqlite3.Xsqlite3_column_value(tls, st, int32(first+i))
			switch sqlite3.Xsqlite3_value_type(tls, v) {
			case sqlite3.SQLITE_TEXT:
				p := sqlite3.Xsqlite3_value_text(tls, v)
				cells[i] = cbytes(p, sqlite3.Xsqlite3_value_bytes(tls, v))
			case sqlite3.SQLITE_BLOB:
				p := sqlite3.Xsqlite3_value_blob(tls, v)
				cells[i] = cbytes(p, sqlite3.Xsqlite3_value_bytes(tls, v))
			case sqlite3.SQLITE_INTEGER:
				// When num grows, the cells before keep its old array.
				at := len(num)
				num = strconv.AppendInt(num, sqlite3.Xsqlite3_value_int64(tls, v), 10)
				cells[i] = num[at:len(num):len(num)]
			case sqlite3.SQLITE_FLOAT:
				at := len(num)
				num = strconv.AppendFloat(num, sqlite3.Xsqlite3_value_double(tls, v), 'g', -1, 64)
				cells[i] = num[at:len(num):len(num)]
			default: // NULL
				cells[i] = nil
			}
		}
		err := k.addBytes(ctx, row, cells)
		clear(cells)
		if err != nil {
			return n, last, err
		}
	}
}

// sqliteKey reads the key column as database/sql reads it into a
// sql.NullInt64: an integer as it is, NULL as 0, text and reals by their
// digits.
func sqliteKey(d *sqliteDirect, st uintptr) (int64, error) {
	switch sqlite3.Xsqlite3_column_type(d.tls, st, 0) {
	case sqlite3.SQLITE_INTEGER:
		return sqlite3.Xsqlite3_column_int64(d.tls, st, 0), nil
	case sqlite3.SQLITE_NULL:
		return 0, nil
	case sqlite3.SQLITE_FLOAT:
		s := strconv.FormatFloat(sqlite3.Xsqlite3_column_double(d.tls, st, 0), 'g', -1, 64)
		return parseSQLiteKey(s)
	}
	p := sqlite3.Xsqlite3_column_text(d.tls, st, 0)
	return parseSQLiteKey(string(cbytes(p, sqlite3.Xsqlite3_column_bytes(d.tls, st, 0))))
}

func parseSQLiteKey(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("sql: Scan error on column index 0: a key that is not an integer")
	}
	return v, nil
}
