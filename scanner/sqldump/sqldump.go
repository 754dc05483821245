// Package sqldump reads SQL dumps as backups: PostgreSQL's plain pg_dump
// (CREATE TABLE, COPY ... FROM stdin blocks, INSERT statements), MySQL and
// MariaDB's mysqldump (extended INSERT ... VALUES (...),(...) with MySQL's
// backslash escapes) and SQL Server or generic scripts (INSERT INTO
// [dbo].[x] (...) VALUES (...), statements ended by newlines or GO).
//
// Each run of rows for one table is a table of the source, its columns
// named by the statements and typed, with their defaults, by CREATE TABLE
// and ALTER TABLE ... DEFAULT. The foreign keys the dump declares (in
// CREATE TABLE, or in ALTER TABLE after the data as pg_dump does) are
// collected as it is read (Table.ForeignKeys). The dump is read once, as a
// stream: rows are parsed in Next into pooled batches, and nothing but the
// declared schemas and keys is kept. A pg_dump custom-format archive (PGDMP) is refused with the
// command that converts it. Error messages never quote a value.
package sqldump

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crmscan/crmscan/scanner/rowbatch"
	"github.com/crmscan/crmscan/scanner/source"
)

// ErrCustomFormat is returned for a pg_dump custom-format archive.
var ErrCustomFormat = errors.New("pg_dump custom-format archive: convert it with `pg_restore -f dump.sql FILE` and scan dump.sql")

// Options tune the reading of a dump.
type Options struct {
	Limit      int64 // rows per table, 0 = all
	BatchBytes int   // default 256 KiB
	// MaxCell is the longest value kept, in bytes (default 256 KiB): a
	// longer literal or COPY field is cut there and read on without
	// being held, so memory stays flat whatever a value's size.
	MaxCell int
	// Catalog, when set, is asked for the schema of a table whose rows
	// come without column names and whose dump declares no CREATE TABLE
	// for it (a data-only dump beside a schema-only one). It is called
	// at most once per dump.
	Catalog func() *Catalog
}

// IsCustomFormat reports whether head starts a pg_dump custom archive.
func IsCustomFormat(head []byte) bool { return bytes.HasPrefix(head, []byte("PGDMP")) }

// LooksLikeDump reports whether head starts like an SQL script: after
// comments, a statement a dump starts with.
func LooksLikeDump(head []byte) bool {
	l := newLexer(bytes.NewReader(head))
	l.mysql = isMySQL(head)
	l.space()
	w := strings.ToUpper(string(l.word(nil)))
	switch w {
	case "SET", "CREATE", "INSERT", "DROP", "COPY", "USE", "BEGIN", "START", "LOCK", "ALTER", "SELECT", "REPLACE", "GO", "DELIMITER",
		"IF", "EXEC", "PRINT", "DECLARE", "GRANT", "COMMENT", "PRAGMA", "TRUNCATE":
		return true
	}
	return bytes.Contains(head, []byte("-- PostgreSQL database dump")) || bytes.Contains(head, []byte("-- MySQL dump")) ||
		bytes.Contains(head, []byte("-- MariaDB dump"))
}

// isMySQL reports whether the head of a dump shows MySQL's or MariaDB's
// dialect.
func isMySQL(first []byte) bool {
	for _, m := range []string{"MySQL dump", "MariaDB dump", "/*!", "/*M!", "`", "@@", "ENGINE=", "LOCK TABLES", "SET NAMES", "DELIMITER "} {
		if bytes.Contains(first, []byte(m)) {
			return true
		}
	}
	return false
}

// head is the start of a data statement.
type head struct {
	copy bool
	name []string
	cols []string
}

func (h *head) key() string { return strings.ToLower(strings.Join(h.name, ".")) }

// dump reads one dump.
type dump struct {
	l       *lexer
	opt     Options
	schemas map[string]*schema // by lower-case qualified and bare name
	fks     []fkey             // declared so far, in order
	pending *head
	buf     []byte
	// defects are problems the reader met and read past (an unterminated
	// string), each with its line; Tables returns them as its error once
	// the whole dump is read.
	defects  []string
	ndefects int
	catalog  *Catalog // from Options.Catalog, once asked
	asked    bool
	// positional are the tables already said to have positional names.
	positional map[string]bool
}

// maxDefects bounds the defects kept for the error message.
const maxDefects = 20

func (d *dump) defect(line int64, format string, a ...any) {
	d.ndefects++
	if len(d.defects) < maxDefects {
		d.defects = append(d.defects, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, a...))
	}
}

// DefectError is the error of a dump that was read to its end past
// defects (an unterminated string): the rows around them were read.
type DefectError struct {
	Defects []string // the first ones, each with its line
	Count   int      // all of them
}

func (e *DefectError) Error() string {
	msg := "sql dump: " + e.Defects[0]
	if e.Count > 1 {
		msg += fmt.Sprintf(" (and %d more defects", e.Count-1)
		if len(e.Defects) > 1 {
			msg += ": " + strings.Join(e.Defects[1:min(len(e.Defects), 4)], "; ")
			if e.Count > 4 {
				msg += "; ..."
			}
		}
		msg += ")"
	}
	return msg
}

// Tables reads the dump from r and calls fn with each table's rows in turn.
// A dump read to its end past defects (an unterminated string literal,
// after which the reader resumed at the next statement) returns a
// *DefectError.
func Tables(ctx context.Context, r io.Reader, opt Options, fn func(*Table) error) error {
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = 256 << 10
	}
	if opt.MaxCell <= 0 {
		opt.MaxCell = 256 << 10
	}
	l := newLexer(r)
	first := l.peekN(4096)
	if IsCustomFormat(first) {
		return ErrCustomFormat
	}
	d := &dump{opt: opt, schemas: map[string]*schema{}, l: l}
	if isMySQL(first) {
		l.setMySQL()
	}
	l.onBroken = func(start, resumed int64) {
		if resumed == 0 {
			d.defect(start, "unterminated string literal: the dump ends inside it")
		} else {
			d.defect(start, "unterminated string literal (read on from line %d)", resumed)
		}
	}
	err := d.tables(ctx, fn)
	if err == nil && d.ndefects > 0 {
		err = &DefectError{Defects: d.defects, Count: d.ndefects}
	}
	return err
}

func (d *dump) tables(ctx context.Context, fn func(*Table) error) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := d.nextHead()
		if err != nil {
			return err
		}
		if h == nil {
			return nil
		}
		t, err := d.newTable(h)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		if t.err != nil && t.err != io.EOF {
			return t.err
		}
		if !t.done { // a row limit: skip the rest of this table's rows
			for !t.done && t.err == nil {
				t.skip = true
				b, err := t.Next(ctx)
				if err != nil {
					break
				}
				b.Release()
			}
		}
	}
}

func (d *dump) lookup(name []string) *schema {
	if len(name) == 0 {
		return nil
	}
	if s, ok := d.schemas[strings.ToLower(strings.Join(name, "."))]; ok {
		return s
	}
	return d.schemas[strings.ToLower(name[len(name)-1])]
}

// nextHead reads statements until the next data statement, keeping the
// schemas it meets; nil at the end.
func (d *dump) nextHead() (*head, error) {
	if h := d.pending; h != nil {
		d.pending = nil
		return h, nil
	}
	l := d.l
	for {
		l.space()
		if l.err != nil {
			return nil, fmt.Errorf("sql dump: line %d: %w", l.line, l.err)
		}
		w := l.word(d.buf[:0])
		d.buf = w
		if len(w) == 0 {
			c, ok := l.next()
			if !ok {
				return nil, nil
			}
			if !l.atDelim(c) && c != ';' {
				l.back(c)
				l.skipStatement()
			}
			continue
		}
		switch strings.ToUpper(string(w)) {
		case "CREATE":
			d.create(l.statement(nil, 1<<20))
		case "ALTER":
			text := l.statement(nil, 1<<20)
			d.fks = append(d.fks, applyAlter(tokens(text, l.backslash, l.mysql), d.lookup)...)
		case "SET":
			d.set(l.statement(nil, 4096))
		case "DELIMITER":
			// a mysql client command: the rest of the line is the delimiter
			var line []byte
			for {
				c, ok := l.next()
				if !ok || c == '\n' {
					break
				}
				if len(line) < 16 {
					line = append(line, c)
				}
			}
			if f := bytes.Fields(line); len(f) > 0 {
				l.delim = append([]byte(nil), f[0]...)
			}
			l.setMySQL()
		case "INSERT", "REPLACE":
			h := d.insertHead()
			if h != nil {
				return h, nil
			}
		case "COPY":
			h := &head{copy: true, name: l.name()}
			l.space()
			if c, _ := l.peek(); c == '(' {
				l.next()
				h.cols = d.nameList()
			}
			rest := l.statement(nil, 4096)
			if !bytes.Contains(bytes.ToLower(rest), []byte("from stdin")) {
				continue // COPY ... FROM a file or TO: no data here
			}
			// the data starts on the next line
			l.skipLine()
			return h, nil
		case "GO":
		default:
			l.skipStatement()
		}
	}
}

// create keeps the schema that a CREATE statement declares.
func (d *dump) create(text []byte) {
	if name, s := parseCreate(tokens(text, d.l.backslash, d.l.mysql)); s != nil {
		d.schemas[strings.ToLower(strings.Join(name, "."))] = s
		d.schemas[strings.ToLower(name[len(name)-1])] = s
		d.fks = append(d.fks, s.fks...)
	}
}

// set follows the settings that change how strings are read: PostgreSQL's
// standard_conforming_strings and MySQL's NO_BACKSLASH_ESCAPES.
func (d *dump) set(text []byte) {
	u := bytes.ToLower(text)
	l := d.l
	if i := bytes.Index(u, []byte("standard_conforming_strings")); i >= 0 && !l.mysql {
		v := u[i+len("standard_conforming_strings"):]
		v = bytes.TrimLeft(v, " \t\r\n=")
		v = bytes.TrimPrefix(v, []byte("to "))
		v = bytes.TrimLeft(v, " '\"")
		l.backslash = bytes.HasPrefix(v, []byte("off")) || bytes.HasPrefix(v, []byte("false"))
	}
	if i := bytes.Index(u, []byte("sql_mode")); i >= 0 {
		no := bytes.Contains(u[i:], []byte("no_backslash_escapes"))
		l.noBackslash = no
		if l.mysql {
			l.backslash = !no
		}
	}
}

// insertHead reads INSERT [IGNORE] INTO name [(cols)] VALUES; nil when the
// statement has no VALUES (INSERT ... SELECT), then skipped.
func (d *dump) insertHead() *head {
	l := d.l
	var name []string
	for {
		l.space()
		if c, _ := l.peek(); c == '[' || c == '"' || c == '`' {
			name = l.name() // SQL Server: INSERT [dbo].[x] without INTO
			break
		}
		word := string(l.word(nil))
		w := strings.ToUpper(word)
		if w == "INTO" {
			name = l.name()
			break
		}
		if w == "" || w == "SELECT" || w == "VALUES" || w == "DEFAULT" {
			l.skipStatement()
			return nil
		}
		if w != "IGNORE" && w != "LOW_PRIORITY" && w != "DELAYED" && w != "HIGH_PRIORITY" {
			name = []string{word} // INSERT x VALUES
			l.space()
			if c, _ := l.peek(); c == '.' {
				l.next()
				name = append(name, l.name()...)
			}
			break
		}
	}
	h := &head{name: name}
	l.space()
	if c, _ := l.peek(); c == '(' {
		l.next()
		h.cols = d.nameList()
		l.space()
	}
	w := strings.ToUpper(string(l.word(nil)))
	if w != "VALUES" && w != "VALUE" || len(h.name) == 0 {
		l.skipStatement()
		return nil
	}
	return h
}

// nameList reads names separated by commas up to ')'.
func (d *dump) nameList() []string {
	var out []string
	for {
		parts := d.l.name()
		if len(parts) > 0 {
			out = append(out, parts[len(parts)-1])
		}
		d.l.space()
		c, ok := d.l.next()
		if !ok || c == ')' {
			return out
		}
		if c != ',' {
			return out
		}
	}
}

// Table streams the rows of one table of the dump.
type Table struct {
	d      *dump
	h      *head
	name   string
	cols   []source.Column
	schema *schema // the declared schema, nil when none
	first  *rowbatch.Batch
	rows   int64
	start  int64 // bytes of input before the table
	done   bool
	skip   bool
	trunc  bool
	err    error
	cut    int64  // values cut at MaxCell
	note   string // said once in the report: how the columns were named
	joined string // the schema came from another dump of the scan
	// inStmt is true while an INSERT's tuples continue.
	inStmt bool
	word   []byte // scratch for words in values
}

var _ source.TableReader = (*Table)(nil)

func (d *dump) newTable(h *head) (*Table, error) {
	t := &Table{d: d, h: h, name: strings.Join(h.name, "."), start: d.l.n, inStmt: !h.copy}
	s := d.lookup(h.name)
	if s == nil && len(h.cols) == 0 && d.opt.Catalog != nil {
		if !d.asked {
			d.asked = true
			d.catalog = d.opt.Catalog()
		}
		if d.catalog != nil {
			if s = d.catalog.lookup(h.name); s != nil {
				t.joined = strings.Join(s.name, ".")
			}
		}
	}
	t.schema = s
	// Parse the first row now: a table without a declared schema takes its
	// width from it.
	b := rowbatch.Get()
	t.fill(b, 1)
	t.first = b
	width := len(h.cols)
	if width == 0 && s != nil {
		width = len(s.cols)
	}
	if width == 0 {
		b.Each(func(_ int64, cells [][]byte) { width = len(cells) })
		if width > 0 {
			key := h.key()
			if d.positional == nil {
				d.positional = map[string]bool{}
			}
			if !d.positional[key] {
				d.positional[key] = true
				t.note = "no CREATE TABLE for this table in the scan: columns named by position (column1.." + strconv.Itoa(width) + ")"
			}
		}
	}
	t.cols = make([]source.Column, width)
	for i := range t.cols {
		switch {
		case i < len(h.cols):
			t.cols[i] = source.Column{Name: h.cols[i], Nullable: true}
			if s != nil {
				if c := s.col(h.cols[i]); c != nil {
					t.cols[i] = *c
					t.cols[i].Name = h.cols[i]
				}
			}
		case s != nil && i < len(s.cols):
			t.cols[i] = s.cols[i]
		default:
			t.cols[i] = source.Column{Name: "column" + strconv.Itoa(i+1), Nullable: true}
		}
	}
	if t.err != nil && t.err != io.EOF {
		return nil, t.err
	}
	return t, nil
}

// defaultOf returns the declared default of the i-th value of a row, for
// the keyword DEFAULT in VALUES.
func (t *Table) defaultOf(i int) string {
	s := t.schema
	if s == nil {
		return ""
	}
	if len(t.h.cols) > 0 {
		if i < len(t.h.cols) {
			if c := s.col(t.h.cols[i]); c != nil {
				return c.Default
			}
		}
		return ""
	}
	if i < len(s.cols) {
		return s.cols[i].Default
	}
	return ""
}

// ForeignKeys returns the foreign keys the dump declared in CREATE TABLE
// and ALTER TABLE up to where it has been read, each once (in the order of
// its first declaration, by the first name given to it): all of them
// once its last table has been read to the end (pg_dump declares them
// after the data, mysqldump in each CREATE TABLE before it). A key that
// names no referenced columns refers to the primary key the dump declares
// for that table.
func (t *Table) ForeignKeys() []ForeignKey { return t.d.foreignKeys() }

func (d *dump) foreignKeys() []ForeignKey {
	var out []ForeignKey
	seen := map[string]int{} // key → index in out
	for _, k := range d.fks {
		fk := k.ForeignKey
		if fk.RefColumns == nil {
			if s := d.lookup(k.ref); s != nil && len(s.pk) == len(fk.Columns) {
				fk.RefColumns = s.pk
			}
		}
		id := strings.ToLower(strings.Join([]string{fk.Table, strings.Join(fk.Columns, ","), fk.RefTable, strings.Join(fk.RefColumns, ",")}, "\x00"))
		if j, ok := seen[id]; ok {
			if out[j].Name == "" {
				out[j].Name = fk.Name // declared inline, then named in ALTER TABLE
			}
			continue
		}
		seen[id] = len(out)
		fk.Columns = append([]string(nil), fk.Columns...)
		fk.RefColumns = append([]string(nil), fk.RefColumns...)
		out = append(out, fk)
	}
	return out
}

func (t *Table) Name() string             { return t.name }
func (t *Table) Columns() []source.Column { return t.cols }

func (t *Table) Stats() source.Stats {
	return source.Stats{Rows: t.rows, Bytes: t.d.l.n - t.start, Truncated: t.trunc}
}

// Details says how the table was stored, and what a reader of the report
// should know: values cut at the cell limit, columns named by the schema
// of another dump of the scan or by position ("note").
func (t *Table) Details() map[string]string {
	d := map[string]string{"statements": "insert"}
	if t.h.copy {
		d["statements"] = "copy"
	}
	if t.cut > 0 {
		d["values_cut"] = strconv.FormatInt(t.cut, 10)
	}
	if t.joined != "" {
		d["schema_from"] = "another dump of the scan"
	}
	if t.note != "" {
		d["note"] = t.note
	}
	return d
}

// Next returns the next batch of rows.
func (t *Table) Next(ctx context.Context) (source.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.first != nil {
		b := t.first
		t.first = nil
		if b.Rows() > 0 {
			if !t.done {
				t.fill(b, t.d.opt.BatchBytes)
			}
			return b, nil
		}
		b.Release()
	}
	if t.done {
		if t.err != nil && t.err != io.EOF {
			return nil, t.err
		}
		return nil, io.EOF
	}
	b := rowbatch.Get()
	t.fill(b, t.d.opt.BatchBytes)
	if b.Rows() == 0 {
		b.Release()
		if t.err != nil && t.err != io.EOF {
			return nil, t.err
		}
		return nil, io.EOF
	}
	return b, nil
}

// fill parses rows into b until it holds size bytes or the table ends.
func (t *Table) fill(b *rowbatch.Batch, size int) {
	for !t.done && (b.Rows() == 0 || b.Size() < size) {
		if lim := t.d.opt.Limit; lim > 0 && t.rows >= lim && !t.skip {
			t.trunc = true
			// read on (skip) so that the next table can be found
			t.skip = true
		}
		var st rowState
		if t.h.copy {
			st = t.copyRow(b)
		} else {
			st = t.insertRow(b)
		}
		if st == rowEnd {
			b.DropRow()
			t.done = true
			break
		}
		if t.skip || st == rowBroken {
			b.DropRow()
			continue
		}
		t.rows++
		b.EndRow(t.rows)
	}
}

// rowState is what reading one row gave.
type rowState int

const (
	rowOK     rowState = iota
	rowEnd             // no more rows in this table
	rowBroken          // a row the server would refuse (an unterminated string): dropped
)

// room is how many more bytes the cell being written may take.
func (t *Table) room(b *rowbatch.Batch) int { return t.d.opt.MaxCell - len(b.Pending()) }

// appendCut appends p to the cell being written within MaxCell.
func (t *Table) appendCut(b *rowbatch.Batch, p []byte, cut *bool) {
	if r := t.room(b); len(p) > r {
		if !*cut {
			*cut = true
			t.cut++
		}
		p = p[:max(r, 0)]
	}
	b.Append(p)
}

func (t *Table) appendByte(b *rowbatch.Batch, c byte, cut *bool) {
	if t.room(b) <= 0 {
		if !*cut {
			*cut = true
			t.cut++
		}
		return
	}
	b.AppendByte(c)
}

// copyRow parses one line of a COPY block as it streams by, cutting
// fields at MaxCell; rowEnd at its end (\.).
func (t *Table) copyRow(b *rowbatch.Batch) rowState {
	l := t.d.l
	p := l.peekN(3)
	if len(p) == 0 {
		if l.err != nil {
			t.err = fmt.Errorf("sql dump: read: %w", l.err)
		} else {
			t.err = fmt.Errorf("sql dump: line %d: COPY data ends without \\. (truncated?)", l.line)
		}
		return rowEnd
	}
	if len(p) >= 2 && p[0] == '\\' && p[1] == '.' && (len(p) == 2 || p[2] == '\n' || p[2] == '\r') {
		l.skipLine()
		if h, err := t.d.nextHead(); err != nil {
			t.err = err
		} else if h != nil {
			t.d.pending = h
		}
		return rowEnd
	}
	skip := t.skip
	cut := false
	for {
		buf := l.buffered()
		if len(buf) == 0 {
			b.EndCell() // the last line lacks its newline
			return rowOK
		}
		k := 0
		for k < len(buf) && buf[k] != '\t' && buf[k] != '\n' && buf[k] != '\\' && buf[k] != '\r' {
			k++
		}
		if !skip {
			t.appendCut(b, buf[:k], &cut)
		}
		l.discard(k)
		c, ok := l.next()
		if !ok {
			continue
		}
		switch c {
		case '\t':
			b.EndCell()
			cut = false
		case '\n':
			b.EndCell()
			return rowOK
		case '\r':
			if q, _ := l.peek(); q == '\n' {
				continue
			}
			if !skip {
				t.appendByte(b, c, &cut)
			}
		case '\\':
			e, ok := l.next()
			if !ok {
				continue
			}
			if skip {
				continue
			}
			if e == 'N' && len(b.Pending()) == 0 {
				if q, ok := l.peek(); !ok || q == '\t' || q == '\n' || q == '\r' {
					continue // \N: NULL
				}
			}
			t.copyEscape(b, e, &cut)
		}
	}
}

// copyEscape undoes one backslash escape of COPY's text format; e follows
// the backslash.
func (t *Table) copyEscape(b *rowbatch.Batch, e byte, cut *bool) {
	l := t.d.l
	switch e {
	case 'n':
		e = '\n'
	case 't':
		e = '\t'
	case 'r':
		e = '\r'
	case 'b':
		e = '\b'
	case 'f':
		e = '\f'
	case 'v':
		e = '\v'
	case 'x':
		v, n := 0, 0
		for n < 2 {
			q, ok := l.peek()
			if !ok || hexVal(q) < 0 {
				break
			}
			l.next()
			v = v<<4 | hexVal(q)
			n++
		}
		if n == 0 {
			e = 'x'
		} else {
			e = byte(v)
		}
	default:
		if e >= '0' && e <= '7' {
			v := int(e - '0')
			for n := 1; n < 3; n++ {
				q, ok := l.peek()
				if !ok || q < '0' || q > '7' {
					break
				}
				l.next()
				v = v<<3 | int(q-'0')
			}
			e = byte(v)
		}
	}
	t.appendByte(b, e, cut)
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}

// insertRow parses one tuple of an INSERT; at the end of the statement it
// reads on to the next data statement and goes on if it is for this table.
func (t *Table) insertRow(b *rowbatch.Batch) rowState {
	l := t.d.l
	for {
		if !t.inStmt {
			h, err := t.d.nextHead()
			if err != nil {
				t.err = err
				return rowEnd
			}
			if h == nil {
				return rowEnd
			}
			if h.copy || h.key() != t.h.key() || !sameCols(h.cols, t.h.cols) {
				t.d.pending = h
				return rowEnd
			}
			t.inStmt = true
		}
		l.space()
		c, ok := l.next()
		if !ok {
			t.inStmt = false
			return rowEnd
		}
		if c != '(' {
			l.back(c)
			l.skipStatement()
			t.inStmt = false
			continue
		}
		if !t.tuple(b) {
			t.inStmt = false // resume at the next statement
			return rowBroken
		}
		l.space()
		c, ok = l.next()
		switch {
		case ok && c == ',':
		case ok && l.atDelim(c):
			t.inStmt = false
		default:
			if ok {
				l.back(c) // SQL Server: the statement ends with the line
			}
			t.inStmt = false
		}
		return rowOK
	}
}

func sameCols(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// tuple parses the values of one tuple after its '(' into cells; false
// when the tuple is broken (an unterminated string) and the reader has
// moved on to the next statement.
func (t *Table) tuple(b *rowbatch.Batch) bool {
	l := t.d.l
	for i := 0; ; i++ {
		l.space()
		c, ok := l.next()
		if !ok {
			b.EndCell()
			return true
		}
		if c == ')' {
			return true // () or a trailing comma
		}
		l.back(c)
		if !t.value(b, i, 0) {
			return false
		}
		b.EndCell()
		l.space()
		c, ok = l.next()
		if !ok || c == ')' {
			return true
		}
		if c != ',' {
			// more of an expression ('a' || 'b', 1 + 2): the cell keeps
			// its first literal; read on to the ',' or ')'
			l.back(c)
			if !t.skipExpr() {
				return false
			}
			if c, ok = l.next(); !ok || c == ')' {
				return true
			}
		}
	}
}

// skipExpr skips the rest of an expression up to the ',' or ')' that ends
// it (not consumed); false at a broken string.
func (t *Table) skipExpr() bool {
	l := t.d.l
	depth := 0
	for {
		c, ok := l.next()
		if !ok {
			return true
		}
		if depth == 0 && (c == ',' || c == ')') {
			l.back(c)
			return true
		}
		if l.comment(c) {
			continue
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ';':
			if depth <= 0 {
				l.back(c)
				return true
			}
		case '\'', '"', '`':
			if c == '"' && !t.d.l.mysql || c == '`' {
				if !l.skipString(c, false) {
					return false
				}
				continue
			}
			var scratch rowbatch.Batch
			if !t.str(&scratch, c, c == '\'' && l.backslash || c == '"', 0) {
				return false
			}
		}
	}
}

// value reads one value (a literal, NULL, DEFAULT, a cast or a function
// call) into the cell being written, as the server would store it; i is
// its place in the row. False when a string is broken and the reader has
// moved on to the next statement.
func (t *Table) value(b *rowbatch.Batch, i, depth int) bool {
	l := t.d.l
	c, ok := l.next()
	if !ok {
		return true
	}
	switch {
	case c == '\'':
		if !t.str(b, '\'', l.backslash, 0) {
			return false
		}
	case c == '"' && l.mysql: // MySQL: a double-quoted string
		if !t.str(b, '"', true, 0) {
			return false
		}
	case c == '$' && !l.mysql:
		body, ok := l.dollar(nil, t.d.opt.MaxCell)
		if ok {
			b.Append(body)
		} else {
			b.AppendByte('$')
			t.rawRest(b)
		}
	case c == '0' && l.mysql && (peekIs(l, 'x') || peekIs(l, 'X')):
		l.next()
		t.hex(b, 0)
	case c == '0' && l.mysql && (peekIs(l, 'b')):
		l.next()
		t.word = l.word(t.word[:0]) // a bit value: kept as its digits
		b.Append(t.word)
	case c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.':
		// a number, maybe signed
		b.AppendByte(c)
		for {
			d, ok := l.next()
			if !ok {
				break
			}
			if d >= '0' && d <= '9' || d == '.' || d|0x20 == 'e' || (d == '-' || d == '+') && b.Pending()[len(b.Pending())-1]|0x20 == 'e' ||
				d == ' ' && (c == '-' || c == '+') && len(b.Pending()) == 1 {
				if d != ' ' {
					t.appendByte(b, d, new(bool))
				}
				continue
			}
			l.back(d)
			break
		}
		if p := b.Pending(); len(p) > 0 && p[0] == '+' {
			copy(p, p[1:])
			b.Truncate(len(p) - 1)
		}
	case isWord(c):
		l.back(c)
		t.word = l.word(t.word[:0])
		w := t.word
		q, _ := l.peek()
		switch {
		case q == '\'' && len(w) == 1 && (w[0]|0x20 == 'n'):
			l.next()
			if !t.str(b, '\'', l.backslash, 0) { // N'...': a national string
				return false
			}
		case q == '\'' && len(w) == 1 && (w[0]|0x20 == 'e') && !l.mysql:
			l.next()
			if !t.str(b, '\'', true, 'e') { // E'...': PostgreSQL's escapes
				return false
			}
		case q == '\'' && len(w) == 1 && (w[0]|0x20 == 'x'):
			l.next()
			t.hex(b, '\'')
		case q == '\'' && len(w) == 1 && (w[0]|0x20 == 'b'):
			l.next()
			if !t.str(b, '\'', false, 0) { // B'0101': the bits as written
				return false
			}
		case q == '&' && len(w) == 1 && (w[0]|0x20 == 'u') && !l.mysql:
			l.next()
			if p, _ := l.peek(); p == '\'' {
				l.next()
				if !t.str(b, '\'', true, 'u') {
					return false
				}
			}
		case len(w) > 1 && w[0] == '_' && l.mysql:
			// a character set introducer: _utf8mb4'...', _binary 0x...
			l.space()
			if depth < 4 {
				return t.value(b, i, depth+1)
			}
		case bytes.EqualFold(w, []byte("NULL")):
		case bytes.EqualFold(w, []byte("TRUE")):
			b.AppendString("true")
		case bytes.EqualFold(w, []byte("FALSE")):
			b.AppendString("false")
		case bytes.EqualFold(w, []byte("DEFAULT")):
			b.AppendString(t.defaultOf(i))
		case (bytes.EqualFold(w, []byte("CAST")) || bytes.EqualFold(w, []byte("CONVERT"))) && depth < 4 && t.peekParen():
			// CAST(N'2020-01-01' AS date): the literal
			l.space()
			l.next()
			l.space()
			if !t.value(b, i, depth+1) || !t.skipExpr() {
				return false
			}
			if c, ok := l.next(); ok && c == ',' { // CONVERT(x, type)
				if !t.skipExpr() {
					return false
				}
				l.next()
			}
		default:
			// a function call or another expression: its text
			b.Append(w)
			t.rawRest(b)
		}
	default:
		l.back(c)
		t.rawRest(b)
	}
	// a cast or collation after the value: '1'::integer, 'x' COLLATE utf8mb4_bin
	for {
		l.space()
		p := l.peekN(2)
		if len(p) == 2 && p[0] == ':' && p[1] == ':' {
			l.discard(2)
			l.space()
			l.name()
			t.skipTypeArgs()
			continue
		}
		if len(p) > 0 && (p[0]|0x20 == 'c') {
			if q := l.peekN(8); len(q) == 8 && bytes.EqualFold(q[:7], []byte("COLLATE")) && !isWord(q[7]) {
				l.discard(7)
				l.name()
				continue
			}
		}
		return true
	}
}

// peekParen reports whether the next thing after blanks is '('.
func (t *Table) peekParen() bool {
	t.d.l.space()
	p, _ := t.d.l.peek()
	return p == '('
}

// skipTypeArgs skips a type's arguments and array brackets after a cast:
// varchar(20), integer[].
func (t *Table) skipTypeArgs() {
	l := t.d.l
	for {
		l.space()
		p, _ := l.peek()
		switch p {
		case '(':
			l.next()
			depth := 1
			for depth > 0 {
				c, ok := l.next()
				if !ok {
					return
				}
				if c == '(' {
					depth++
				} else if c == ')' {
					depth--
				}
			}
		case '[':
			l.next()
			for {
				c, ok := l.next()
				if !ok || c == ']' {
					break
				}
			}
		default:
			if p|0x20 >= 'a' && p|0x20 <= 'z' { // character varying, double precision
				q := l.peekN(9)
				if bytes.EqualFold(q, []byte("varying")) || bytes.EqualFold(q, []byte("precision")) {
					l.word(nil)
					continue
				}
			}
			return
		}
	}
}

// rawRest reads the rest of an unquoted value (a function call, an
// expression) up to the ',' or ')' that ends it, keeping its text.
func (t *Table) rawRest(b *rowbatch.Batch) {
	l := t.d.l
	depth := 0
	cut := false
	for {
		c, ok := l.next()
		if !ok {
			break
		}
		if depth == 0 && (c == ',' || c == ')' || c == ';') {
			l.back(c)
			break
		}
		if l.comment(c) {
			continue
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '\'':
			t.appendByte(b, c, &cut)
			if !t.str(b, '\'', l.backslash, 0) {
				return
			}
			t.appendByte(b, c, &cut)
			continue
		}
		t.appendByte(b, c, &cut)
	}
	p := bytes.TrimRight(b.Pending(), " \t\r\n")
	b.Truncate(len(p))
}

// hex reads the digits of X'..' (closed by q) or 0x.. (q 0) as the bytes
// they stand for.
func (t *Table) hex(b *rowbatch.Batch, q byte) {
	l := t.d.l
	hi := -1
	cut := false
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		if v := hexVal(c); v >= 0 {
			if hi < 0 {
				hi = v
			} else {
				t.appendByte(b, byte(hi<<4|v), &cut)
				hi = -1
			}
			continue
		}
		if q == 0 || c == '\n' {
			l.back(c) // 0x.. ends at the first other byte
			return
		}
		if c == q {
			return
		}
	}
}

func peekIs(l *lexer, c byte) bool { p, ok := l.peek(); return ok && p == c }

// str reads a string literal's content after its opening quote q into the
// cell being written, cut at MaxCell. esc allows backslash escapes: MySQL's
// (mode 0) or PostgreSQL's E” (mode 'e') and U&” (mode 'u'). False when
// the string is unterminated: it ran to the end of the input, or across
// the end of a statement into a line that starts the next one (where the
// reader then resumes); the defect is recorded.
func (t *Table) str(b *rowbatch.Batch, q byte, esc bool, mode byte) bool {
	l := t.d.l
	start := l.line
	cut := false
	last := byte(0) // the last non-blank byte of the content, for the check at a newline
	for {
		// fast path: copy runs of plain bytes from the buffer
		buf := l.buffered()
		k := 0
		for k < len(buf) && buf[k] != q && buf[k] != '\\' && buf[k] != '\n' {
			k++
		}
		if k > 0 {
			t.appendCut(b, buf[:k], &cut)
			last = lastNonBlank(buf[:k], last)
			l.discard(k)
		}
		c, ok := l.next()
		if !ok {
			l.unterminated(start, 0)
			return false
		}
		switch {
		case c == q:
			if peekIs(l, q) {
				l.next()
				t.appendByte(b, q, &cut)
				last = q
				continue
			}
			return true
		case c == '\\' && esc:
			e, ok := l.next()
			if !ok {
				continue
			}
			last = e
			switch mode {
			case 'e':
				t.pgEscape(b, e, &cut)
			case 'u':
				t.unicodeEscape(b, e, &cut)
			default:
				if e == '%' || e == '_' {
					t.appendByte(b, '\\', &cut) // MySQL keeps these for LIKE
				}
				t.appendByte(b, unescapeMySQL(e), &cut)
			}
		case c == '\n':
			// a string that runs across the end of a statement into a
			// line that starts the next one is unterminated: the server
			// would refuse the statement; resume at that line
			if l.brokenString(last) {
				l.unterminated(start, l.line)
				return false
			}
			t.appendByte(b, c, &cut)
		default:
			t.appendByte(b, c, &cut)
			if !isSpace(c) {
				last = c
			}
		}
	}
}

// pgEscape undoes an escape of a PostgreSQL E” string; e follows the
// backslash.
func (t *Table) pgEscape(b *rowbatch.Batch, e byte, cut *bool) {
	l := t.d.l
	switch e {
	case 'b':
		t.appendByte(b, '\b', cut)
	case 'f':
		t.appendByte(b, '\f', cut)
	case 'n':
		t.appendByte(b, '\n', cut)
	case 'r':
		t.appendByte(b, '\r', cut)
	case 't':
		t.appendByte(b, '\t', cut)
	case 'x':
		v, n := 0, 0
		for n < 2 {
			q, ok := l.peek()
			if !ok || hexVal(q) < 0 {
				break
			}
			l.next()
			v, n = v<<4|hexVal(q), n+1
		}
		if n == 0 {
			t.appendByte(b, 'x', cut)
		} else {
			t.appendByte(b, byte(v), cut)
		}
	case 'u', 'U':
		n := 4
		if e == 'U' {
			n = 8
		}
		t.appendRune(b, t.hexRune(n), cut)
	default:
		if e >= '0' && e <= '7' {
			v := int(e - '0')
			for k := 1; k < 3; k++ {
				q, ok := l.peek()
				if !ok || q < '0' || q > '7' {
					break
				}
				l.next()
				v = v<<3 | int(q-'0')
			}
			t.appendByte(b, byte(v), cut)
			return
		}
		t.appendByte(b, e, cut)
	}
}

// unicodeEscape undoes an escape of a U&” string: \XXXX, \+XXXXXX, \\.
func (t *Table) unicodeEscape(b *rowbatch.Batch, e byte, cut *bool) {
	switch {
	case e == '+':
		t.appendRune(b, t.hexRune(6), cut)
	case hexVal(e) >= 0:
		r := rune(hexVal(e))<<12 | t.hexRune(3)
		t.appendRune(b, r, cut)
	default:
		t.appendByte(b, e, cut)
	}
}

// hexRune reads up to n hex digits.
func (t *Table) hexRune(n int) rune {
	var r rune
	for k := 0; k < n; k++ {
		q, ok := t.d.l.peek()
		if !ok || hexVal(q) < 0 {
			break
		}
		t.d.l.next()
		r = r<<4 | rune(hexVal(q))
	}
	return r
}

func (t *Table) appendRune(b *rowbatch.Batch, r rune, cut *bool) {
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	var enc [4]byte
	t.appendCut(b, enc[:utf8.EncodeRune(enc[:], r)], cut)
}
