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
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/scanner/rowbatch"
	"github.com/crmscan/crmscan/scanner/source"
)

// ErrCustomFormat is returned for a pg_dump custom-format archive.
var ErrCustomFormat = errors.New("pg_dump custom-format archive: convert it with `pg_restore -f dump.sql FILE` and scan dump.sql")

// Options tune the reading of a dump.
type Options struct {
	Limit      int64 // rows per table, 0 = all
	BatchBytes int   // default 256 KiB
}

// IsCustomFormat reports whether head starts a pg_dump custom archive.
func IsCustomFormat(head []byte) bool { return bytes.HasPrefix(head, []byte("PGDMP")) }

// LooksLikeDump reports whether head starts like an SQL script: after
// comments, a statement a dump starts with.
func LooksLikeDump(head []byte) bool {
	l := &lexer{br: bufio.NewReader(bytes.NewReader(head))}
	l.space()
	w := strings.ToUpper(string(l.word(nil)))
	switch w {
	case "SET", "CREATE", "INSERT", "DROP", "COPY", "USE", "BEGIN", "START", "LOCK", "ALTER", "SELECT", "REPLACE", "GO":
		return true
	}
	return bytes.Contains(head, []byte("-- PostgreSQL database dump")) || bytes.Contains(head, []byte("-- MySQL dump")) ||
		bytes.Contains(head, []byte("-- MariaDB dump"))
}

// head is the start of a data statement.
type head struct {
	copy bool
	name []string
	cols []string
}

func (h *head) key() string { return strings.ToLower(strings.Join(h.name, ".")) }

// Dump reads one dump.
type dump struct {
	l       lexer
	opt     Options
	schemas map[string]*schema // by lower-case qualified and bare name
	fks     []fkey             // declared so far, in order
	pending *head
	buf     []byte
}

// Tables reads the dump from r and calls fn with each table's rows in turn.
func Tables(ctx context.Context, r io.Reader, opt Options, fn func(*Table) error) error {
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = 256 << 10
	}
	br := bufio.NewReaderSize(r, 64<<10)
	first, _ := br.Peek(4096)
	if IsCustomFormat(first) {
		return ErrCustomFormat
	}
	d := &dump{opt: opt, schemas: map[string]*schema{}}
	d.l = lexer{br: br, line: 1}
	d.l.backslash = bytes.Contains(first, []byte("MySQL dump")) || bytes.Contains(first, []byte("MariaDB dump")) ||
		bytes.Contains(first, []byte("/*!40")) || bytes.Contains(first, []byte("/*M!")) || bytes.Contains(first, []byte("`"))
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
	l := &d.l
	for {
		l.space()
		if l.err != nil {
			return nil, fmt.Errorf("sql dump: line %d: %w", l.line, l.err)
		}
		line := l.line
		w := l.word(d.buf[:0])
		d.buf = w
		if len(w) == 0 {
			c, ok := l.next()
			if !ok {
				return nil, nil
			}
			if c != ';' {
				l.back(c)
				l.skipStatement()
			}
			continue
		}
		switch strings.ToUpper(string(w)) {
		case "CREATE":
			text := l.statement(nil, 1<<20)
			if name, s := parseCreate(tokens(text, l.backslash)); s != nil {
				d.schemas[strings.ToLower(strings.Join(name, "."))] = s
				d.schemas[strings.ToLower(name[len(name)-1])] = s
				d.fks = append(d.fks, s.fks...)
			}
		case "ALTER":
			text := l.statement(nil, 1<<20)
			d.fks = append(d.fks, applyAlter(tokens(text, l.backslash), d.lookup)...)
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
		_ = line
	}
}

// insertHead reads INSERT [IGNORE] INTO name [(cols)] VALUES; nil when the
// statement has no VALUES (INSERT ... SELECT), then skipped.
func (d *dump) insertHead() *head {
	l := &d.l
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
	d     *dump
	h     *head
	name  string
	cols  []source.Column
	first *rowbatch.Batch
	rows  int64
	start int64 // bytes of input before the table
	done  bool
	skip  bool
	trunc bool
	err   error
	// inStmt is true while an INSERT's tuples continue.
	inStmt bool
}

var _ source.TableReader = (*Table)(nil)

func (d *dump) newTable(h *head) (*Table, error) {
	t := &Table{d: d, h: h, name: strings.Join(h.name, "."), start: d.l.n, inStmt: !h.copy}
	s := d.lookup(h.name)
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

// Details says how the table was stored.
func (t *Table) Details() map[string]string {
	if t.h.copy {
		return map[string]string{"statements": "copy"}
	}
	return map[string]string{"statements": "insert"}
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
		var ok bool
		if t.h.copy {
			ok = t.copyRow(b)
		} else {
			ok = t.insertRow(b)
		}
		if !ok {
			t.done = true
			break
		}
		if t.skip {
			b.DropRow()
			continue
		}
		t.rows++
		b.EndRow(t.rows)
	}
}

// copyRow parses one line of a COPY block; false at its end (\.).
func (t *Table) copyRow(b *rowbatch.Batch) bool {
	l := &t.d.l
	for {
		line, err := l.br.ReadSlice('\n')
		full := err == nil
		if err == bufio.ErrBufferFull {
			// a line longer than the buffer: gather it
			t.d.buf = append(t.d.buf[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = l.br.ReadSlice('\n')
				t.d.buf = append(t.d.buf, line...)
				if len(t.d.buf) > 256<<20 {
					t.err = fmt.Errorf("sql dump: line %d: COPY line over 256 MiB", l.line)
					return false
				}
			}
			line, full = t.d.buf, err == nil
		}
		l.n += int64(len(line))
		if full {
			l.line++
		}
		if len(line) == 0 && err != nil {
			if err != io.EOF {
				t.err = fmt.Errorf("sql dump: read: %w", err)
			} else {
				t.err = fmt.Errorf("sql dump: line %d: COPY data ends without \\. (truncated?)", l.line)
			}
			return false
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 2 && line[0] == '\\' && line[1] == '.' {
			if h, err := t.d.nextHead(); err != nil {
				t.err = err
			} else if h != nil {
				t.d.pending = h
			}
			return false
		}
		if !t.skip {
			copyCells(b, line)
		}
		return true
	}
}

// copyCells splits a COPY text line on tabs and undoes its escapes.
func copyCells(b *rowbatch.Batch, line []byte) {
	for {
		i := bytes.IndexByte(line, '\t')
		f := line
		if i >= 0 {
			f = line[:i]
		}
		if !(len(f) == 2 && f[0] == '\\' && f[1] == 'N') {
			if bytes.IndexByte(f, '\\') < 0 {
				b.Append(f)
			} else {
				copyUnescape(b, f)
			}
		}
		b.EndCell()
		if i < 0 {
			return
		}
		line = line[i+1:]
	}
}

func copyUnescape(b *rowbatch.Batch, f []byte) {
	for j := 0; j < len(f); j++ {
		c := f[j]
		if c != '\\' || j+1 >= len(f) {
			b.AppendByte(c)
			continue
		}
		j++
		switch e := f[j]; e {
		case 'n':
			b.AppendByte('\n')
		case 't':
			b.AppendByte('\t')
		case 'r':
			b.AppendByte('\r')
		case 'b':
			b.AppendByte('\b')
		case 'f':
			b.AppendByte('\f')
		case 'v':
			b.AppendByte('\v')
		case 'x':
			v, n := 0, 0
			for n < 2 && j+1 < len(f) && hexVal(f[j+1]) >= 0 {
				v = v<<4 | hexVal(f[j+1])
				j++
				n++
			}
			b.AppendByte(byte(v))
		default:
			if e >= '0' && e <= '7' {
				v, n := int(e-'0'), 1
				for n < 3 && j+1 < len(f) && f[j+1] >= '0' && f[j+1] <= '7' {
					v = v<<3 | int(f[j+1]-'0')
					j++
					n++
				}
				b.AppendByte(byte(v))
			} else {
				b.AppendByte(e)
			}
		}
	}
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
func (t *Table) insertRow(b *rowbatch.Batch) bool {
	l := &t.d.l
	for {
		if !t.inStmt {
			h, err := t.d.nextHead()
			if err != nil {
				t.err = err
				return false
			}
			if h == nil {
				return false
			}
			if h.copy || h.key() != t.h.key() || !sameCols(h.cols, t.h.cols) {
				t.d.pending = h
				return false
			}
			t.inStmt = true
		}
		l.space()
		c, ok := l.next()
		if !ok {
			t.inStmt = false
			return false
		}
		if c != '(' {
			l.back(c)
			l.skipStatement()
			t.inStmt = false
			continue
		}
		t.tuple(b)
		l.space()
		c, ok = l.next()
		switch {
		case ok && c == ',':
		case ok && c == ';':
			t.inStmt = false
		default:
			if ok {
				l.back(c) // SQL Server: the statement ends with the line
			}
			t.inStmt = false
		}
		return true
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

// tuple parses the values of one tuple after its '(' into cells.
func (t *Table) tuple(b *rowbatch.Batch) {
	l := &t.d.l
	for {
		l.space()
		c, ok := l.next()
		if !ok {
			b.EndCell()
			return
		}
		if c == ')' {
			return // () or a trailing comma
		}
		switch {
		case c == '\'':
			t.str(b, l.backslash)
		case (c == 'N' || c == 'n' || c == 'E' || c == 'e') && peekIs(l, '\''):
			l.next()
			t.str(b, l.backslash || c == 'E' || c == 'e')
		case c == '_' && l.backslash:
			// a MySQL introducer: _utf8mb4'...'
			l.word(nil)
			if peekIs(l, '\'') {
				l.next()
				t.str(b, true)
			}
		default:
			l.back(c)
			t.raw(b)
		}
		b.EndCell()
		l.space()
		c, ok = l.next()
		if !ok || c == ')' {
			return
		}
		if c != ',' {
			// junk after a value: take it up to the next ',' or ')'
			l.back(c)
			t.raw(b)
			if c, ok = l.next(); !ok || c == ')' {
				return
			}
		}
	}
}

func peekIs(l *lexer, c byte) bool { p, ok := l.peek(); return ok && p == c }

// str reads a string literal's content into the cell being written.
func (t *Table) str(b *rowbatch.Batch, esc bool) {
	l := &t.d.l
	for {
		// fast path: copy runs of plain bytes from the buffer
		buf, _ := l.br.Peek(l.br.Buffered())
		k := 0
		for k < len(buf) && buf[k] != '\'' && buf[k] != '\\' && buf[k] != '\n' {
			k++
		}
		if k > 0 {
			b.Append(buf[:k])
			l.br.Discard(k)
			l.n += int64(k)
		}
		c, ok := l.next()
		if !ok {
			return
		}
		switch {
		case c == '\'':
			if peekIs(l, '\'') {
				l.next()
				b.AppendByte('\'')
				continue
			}
			return
		case c == '\\' && esc:
			e, ok := l.next()
			if !ok {
				return
			}
			b.AppendByte(unescapeMySQL(e))
		default:
			b.AppendByte(c)
		}
	}
}

// raw reads an unquoted value (number, NULL, a function call) up to the
// ',' or ')' that ends it; NULL is an empty cell.
func (t *Table) raw(b *rowbatch.Batch) {
	l := &t.d.l
	depth := 0
	for {
		c, ok := l.next()
		if !ok {
			break
		}
		if depth == 0 && (c == ',' || c == ')') {
			l.back(c)
			break
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '\'':
			t.str(b, l.backslash)
			continue
		}
		b.AppendByte(c)
	}
	p := b.Pending()
	p = bytes.TrimSpace(p)
	if len(p) == 4 && bytes.EqualFold(p, []byte("NULL")) {
		b.Truncate(0)
		return
	}
	// CAST(N'...' AS date) and the like keep their text; trim spaces
	lead := len(b.Pending()) - len(bytes.TrimLeft(b.Pending(), " \t\r\n"))
	if lead > 0 {
		copy(b.Pending(), b.Pending()[lead:])
	}
	b.Truncate(len(p))
}
