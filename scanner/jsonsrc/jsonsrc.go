// Package jsonsrc reads JSON exports as a source.TableReader: a document
// holding an array of objects, an object holding such arrays
// ({"contacts": [...]}), and NDJSON / JSON Lines (one object per line).
//
// Nested objects are flattened to column paths (person.contact.email) and
// arrays to "[]" paths (phones[], addresses[].city), several values of one
// path in a record joining into one cell, so the same column logic applies
// as for a CSV. The columns are the paths seen in the first records
// (Options.SniffBytes); a path first seen later is still scanned, as a cell
// beyond the header.
//
// Like csvsrc, reading is split in two: Next only frames records (tracking
// strings and nesting) and copies them into a pooled batch; Batch.Each, run
// in a worker, parses and flattens them, so one large file keeps every core
// busy. Row numbers are the line on which a record starts. Error messages
// never quote the input.
package jsonsrc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/crmscan/crmscan/scanner/header"
	"github.com/crmscan/crmscan/scanner/source"
)

var (
	errEmpty   = errors.New("empty file")
	errNotJSON = errors.New("not JSON: no object or array at the start")
	// ErrNotJSON is returned (wrapped) for input that is not a JSON export.
	ErrNotJSON = errNotJSON
	// ErrNoRecords is returned for a document too large to read as one
	// record whose arrays hold no objects to read as records.
	ErrNoRecords = errors.New("json: no records found: the document holds no arrays of objects and is too large to read as one record")
	// ErrTruncated is returned (wrapped) when the input ends inside a record.
	ErrTruncated = errors.New("unexpected end of input (truncated file?)")
)

// Options tune a Reader.
type Options struct {
	Name       string
	Limit      int64 // records, 0 = all
	BatchBytes int   // default 256 KiB
	SniffBytes int   // input read ahead to find the columns (default 1 MiB)
	MaxRecord  int   // largest record (default 64 MiB)
	// KnownColumn, when set, reports a known column name (e-mail,
	// voornaam...), for the header of a table of arrays (package header).
	KnownColumn func(label string) bool
	// KeyIsData reports whether an object key is itself personal data (an
	// e-mail address used as a key). Such keys, keys that do not read as
	// field names, and every key of an object whose keys vary like
	// identifiers, never become part of a column name: they are read as
	// the values of a column path.{key}. Called from several goroutines.
	KeyIsData func(key []byte) bool
}

// Reader streams the records of one JSON input.
type Reader struct {
	name   string
	opt    Options
	br     *bufio.Reader
	in     countReader
	f      framer
	cols   []source.Column
	index  map[string]int
	maps   map[string]bool // object paths whose keys are data, not names
	carry  []byte          // the record begun in an earlier chunk
	rows   int64
	used   int64 // input bytes consumed
	trunc  bool
	err    error
	broken atomic.Int64 // records with a syntax error, counted by Each
	late   atomic.Int64 // values of paths not among the columns
	mode   mode
	// table: an array of arrays, whose elements are columns by position;
	// header: its first array names them (and is not a row).
	table, header bool
	skip          int // records still to drop (the header)
}

var _ source.TableReader = (*Reader)(nil)

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// LooksLikeJSON reports whether head could start a JSON export: optional
// BOM and space, then an object or an array whose first content is an
// object, a string or the end.
func LooksLikeJSON(head []byte) bool {
	i := skipSpace(head, 0)
	if i >= len(head) {
		return false
	}
	switch head[i] {
	case '{':
		j := skipSpace(head, i+1)
		return j >= len(head) || head[j] == '"' || head[j] == '}'
	case '[':
		j := skipSpace(head, i+1)
		return j >= len(head) || head[j] == '{' || head[j] == ']' || head[j] == '['
	}
	return false
}

// Open sniffs the input and returns a Reader at the first record.
func Open(r io.Reader, opt Options) (*Reader, error) {
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = 256 << 10
	}
	if opt.SniffBytes <= 0 {
		opt.SniffBytes = 1 << 20
	}
	if opt.MaxRecord <= 0 {
		opt.MaxRecord = 64 << 20
	}
	rd := &Reader{name: opt.Name, opt: opt}
	rd.in.r = r
	rd.br = bufio.NewReaderSize(&rd.in, max(opt.SniffBytes, 64<<10))
	head, err := rd.br.Peek(opt.SniffBytes)
	eof := err == io.EOF
	if err != nil && !eof && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("json: read: %w", err)
	}
	if !eof && firstUnsettled(head) {
		// The first object does not end in the head, or nothing follows it
		// there: read on to its end and the next value, or up to
		// MaxRecord, since the size of one record must not decide
		// between NDJSON and one large document.
		head, eof, err = rd.readFirst(head)
		if err != nil {
			return nil, fmt.Errorf("json: read: %w", err)
		}
	}
	m, err := detectMode(head, eof)
	if err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	rd.mode = m
	// The columns: the paths of the records that fit in the head.
	rd.index = map[string]int{}
	rd.maps = map[string]bool{}
	var recs [][]byte
	f := newFramer(m)
	p := head
	for len(p) > 0 {
		start, end, err := f.scan(p)
		if err != nil || end == 0 || start < 0 {
			break
		}
		recs = append(recs, p[start:end])
		p = p[end:]
	}
	rd.table = m == modeArray && len(recs) > 0
	for _, rec := range recs {
		if i := skipSpace(rec, 0); i >= len(rec) || rec[i] != '[' {
			rd.table = false
		}
	}
	var w walker
	w.positional = rd.table
	// Objects whose keys are identifiers ({"contacts": {"<name>": {...}}})
	// are found first, a level more in each pass, so that no key of
	// theirs becomes a column name.
	for pass := 0; pass < 4; pass++ {
		w.stats = map[string]*objStat{}
		for _, rec := range recs {
			w.reset(rec)
			w.gather(rd)
		}
		if !rd.findMaps(w.stats) {
			break
		}
	}
	w.stats = nil
	for _, rec := range recs {
		w.reset(rec)
		w.collect(rd)
	}
	if rd.table {
		rd.nameColumns(recs, &w)
	}
	if len(rd.cols) == 0 && m == modeValues {
		rd.cols = []source.Column{{Name: "value", Nullable: true}}
		rd.index["value"] = 0
	}
	rd.f = newFramer(m)
	return rd, nil
}

// nameColumns names the columns of a table of arrays: by its first array
// when package header takes it for a header, else column_1, column_2...
func (r *Reader) nameColumns(recs [][]byte, w *walker) {
	var rows [][]string
	w.prepare(len(r.cols))
	for _, rec := range recs[:min(len(recs), 20)] {
		w.reset(rec)
		w.row(r)
		cells := w.cells()
		row := make([]string, min(len(cells), len(r.cols)))
		for i := range row {
			row[i] = string(cells[i])
		}
		rows = append(rows, row)
	}
	r.header = header.Is(rows, r.opt.KnownColumn)
	paths := make([]string, len(r.cols))
	for p, i := range r.index {
		paths[i] = p
	}
	// name of the element at a position: the header's cell or column_N
	posName := func(pos string) string {
		if i, ok := r.index[pos]; ok && r.header && i < len(rows[0]) {
			if h := header.Trim(rows[0][i]); h != "" {
				return h
			}
		}
		n, _ := strconv.Atoi(pos)
		return "column_" + strconv.Itoa(n+1)
	}
	seen := map[string]bool{}
	for i, p := range paths {
		// "2" is the third element; "2.city" or "2[]" a value nested in it
		k := 0
		for k < len(p) && p[k] >= '0' && p[k] <= '9' {
			k++
		}
		name := posName(p[:k]) + p[k:]
		for n, base := 2, name; seen[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		seen[name] = true
		r.cols[i].Name = name
	}
	if r.header {
		r.skip = 1
	}
}

// findMaps adds to r.maps the object paths whose keys vary like
// identifiers: many distinct keys, each holding an object or array of its
// own (one record per key), or many more distinct keys than each object
// has (keys that change from record to record). It reports whether it
// found a new one.
func (r *Reader) findMaps(stats map[string]*objStat) bool {
	found := false
	for path, st := range stats {
		if r.maps[path] || st.keys == 0 {
			continue
		}
		d := len(st.distinct)
		perObject := float64(st.keys) / float64(st.occ)
		if d >= 8 && st.cont*10 >= st.keys*9 || d >= 16 && st.occ >= 4 && float64(d) > 4*perObject {
			r.maps[path] = true
			found = true
		}
	}
	return found
}

// firstUnsettled reports whether head starts with an object that does not
// end in it, or that ends with nothing but space after it.
func firstUnsettled(head []byte) bool {
	i := skipSpace(head, 0)
	if i >= len(head) || head[i] != '{' {
		return false
	}
	f := newFramer(modeValues)
	_, end, err := f.scan(head[i:])
	if err != nil {
		return false
	}
	return end == 0 || skipSpace(head, i+end) == len(head)
}

// readFirst reads the input on from head until the first value has ended
// and another begins, or the input ends, or MaxRecord more bytes were
// read; the reader then starts again with what was read.
func (r *Reader) readFirst(head []byte) ([]byte, bool, error) {
	buf := make([]byte, 0, 2*len(head))
	f := newFramer(modeValues)
	scanned, end := 0, -1
	tmp := make([]byte, 256<<10)
	eof := false
	for len(buf) < r.opt.MaxRecord+r.opt.SniffBytes {
		n, err := r.br.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if end < 0 {
			_, e, ferr := f.scan(buf[scanned:])
			if ferr != nil {
				break // detectMode names it
			}
			if e > 0 {
				end = scanned + e
			}
			scanned = len(buf)
		}
		if end >= 0 && skipSpace(buf, end) < len(buf) {
			break
		}
		if err == io.EOF {
			eof = true
			break
		}
		if err != nil {
			return nil, false, err
		}
	}
	rest := io.Reader(r.br)
	if eof {
		rest = eofReader{}
	}
	r.br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(buf), rest), max(r.opt.SniffBytes, 64<<10))
	return buf, eof, nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// addColumn adds a path to the columns, in the order first seen.
func (r *Reader) addColumn(path []byte) {
	if _, ok := r.index[string(path)]; ok || len(r.cols) >= 4096 {
		return
	}
	r.index[string(path)] = len(r.cols)
	r.cols = append(r.cols, source.Column{Name: string(path), Nullable: true})
}

func (r *Reader) Name() string             { return r.name }
func (r *Reader) Columns() []source.Column { return r.cols }

// Stats may be called once Next has returned io.EOF or an error.
func (r *Reader) Stats() source.Stats {
	return source.Stats{Rows: r.rows, Bytes: r.used, Truncated: r.trunc, BrokenQuote: r.broken.Load()}
}

// CountedInBatches tells the scan that the malformed records and the
// values beyond the columns are counted by Batch.Each: final once every
// batch is parsed, not when Next returns io.EOF.
func (r *Reader) CountedInBatches() {}

// Details says how the input was read.
func (r *Reader) Details() map[string]string {
	d := map[string]string{"layout": [...]string{"ndjson", "array", "object"}[r.mode]}
	if r.mode == modeValues && r.rows == 1 {
		d["layout"] = "document"
	}
	if r.table {
		d["layout"] = "table"
		d["header"] = strconv.FormatBool(r.header)
	}
	if n := r.broken.Load(); n > 0 {
		d["malformed_records"] = strconv.FormatInt(n, 10)
	}
	if n := r.late.Load(); n > 0 {
		d["values_beyond_columns"] = strconv.FormatInt(n, 10)
	}
	return d
}

// Next frames the next batch of records.
func (r *Reader) Next(ctx context.Context) (source.Batch, error) {
	if r.err != nil {
		return nil, r.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := getBatch(r)
	for len(b.data) < r.opt.BatchBytes {
		if r.opt.Limit > 0 && r.rows >= r.opt.Limit {
			r.trunc = true
			break
		}
		chunk, err := r.br.Peek(r.br.Buffered())
		if len(chunk) == 0 {
			if _, err = r.br.Peek(1); err != nil {
				if err == io.EOF {
					if r.f.inRec || r.f.depth > 0 && r.mode != modeValues {
						r.err = fmt.Errorf("json: line %d: %w", r.f.line, ErrTruncated)
					} else if r.mode == modeObject && r.rows == 0 && !r.trunc {
						// a large document whose arrays hold no objects:
						// nothing was read from it, which must not pass
						// for an empty file
						r.err = ErrNoRecords
					} else {
						r.err = io.EOF
					}
				} else {
					r.err = fmt.Errorf("json: read: %w", err)
				}
				break
			}
			continue
		}
		start, end, ferr := r.f.scan(chunk)
		if ferr != nil {
			r.err = fmt.Errorf("json: line %d: %w", r.f.line, ferr)
			break
		}
		if end == 0 {
			if start >= 0 {
				r.carry = append(r.carry[:0], chunk[start:]...)
			} else if r.f.inRec {
				r.carry = append(r.carry, chunk...)
			}
			if len(r.carry) > r.opt.MaxRecord {
				r.err = fmt.Errorf("json: line %d: record over %d MiB", r.f.recLine, r.opt.MaxRecord>>20)
				break
			}
			r.br.Discard(len(chunk))
			r.used += int64(len(chunk))
			continue
		}
		if r.skip > 0 { // the header of a table of arrays
			r.skip--
			r.carry = r.carry[:0]
			r.br.Discard(end)
			continue
		}
		if start >= 0 {
			b.add(chunk[start:end], r.f.recLine)
		} else {
			r.carry = append(r.carry, chunk[:end]...)
			b.add(r.carry, r.f.recLine)
			r.carry = r.carry[:0]
		}
		r.rows++
		r.br.Discard(end)
		r.used += int64(end)
	}
	if len(b.recs) == 0 {
		b.Release()
		return nil, r.err
	}
	return b, nil
}

// batch holds framed records; Each parses them.
type batch struct {
	owner *Reader
	data  []byte
	recs  []int // end of each record in data
	lines []int64
	live  bool
	w     walker
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func getBatch(r *Reader) *batch {
	b := batchPool.Get().(*batch)
	b.owner = r
	b.data, b.recs, b.lines = b.data[:0], b.recs[:0], b.lines[:0]
	b.live = true
	return b
}

func (b *batch) add(rec []byte, line int64) {
	b.data = append(b.data, rec...)
	b.recs = append(b.recs, len(b.data))
	b.lines = append(b.lines, line)
}

func (b *batch) Each(fn func(row int64, cells [][]byte)) {
	if !b.live {
		return
	}
	r := b.owner
	w := &b.w
	w.prepare(len(r.cols))
	w.positional = r.table
	s := 0
	var broken, late int64
	for i, e := range b.recs {
		w.reset(b.data[s:e])
		w.row(r)
		if w.bad {
			broken++
		}
		late += w.late
		fn(b.lines[i], w.cells())
		s = e
	}
	if broken > 0 {
		r.broken.Add(broken)
	}
	if late > 0 {
		r.late.Add(late)
	}
}

func (b *batch) Release() {
	if !b.live {
		return
	}
	b.live = false
	b.owner = nil
	if cap(b.data) > 8<<20 {
		b.data = nil
	}
	batchPool.Put(b)
}
