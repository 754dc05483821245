// Package sqlitefile reads the rows of a SQLite table straight from the
// database file, for the full read of a SQLite table (scanner/dbsrc).
//
// dbsrc reads a table's b-tree with it page by page, in key order, and
// decodes each row's record here. SQLite (as modernc.org/sqlite,
// translated from C to Go) spent about 400 instructions a cell on its
// virtual machine's Column opcode and the value calls around it; the
// decoding here costs about a third of that, and the whole read (pages,
// records, copying into batches) a third of the SQL read's CPU.
//
// The values are the ones dbsrc's SQL read gives, and its tests hold the
// two to each other over generated tables and damaged files; the fuzz
// test here holds the walk to never panic or run on. dbsrc reads a file
// this way only where its format leaves no doubt (New refuses the rest):
// a rollback-journal database (not WAL, whose newest pages may sit in
// the -wal file), UTF-8, a plain rowid table of the main schema without
// generated columns, read while dbsrc's SQLite handle holds a read
// transaction, so that no writer can commit meanwhile. Anything else the
// walk meets (a record shorter than the table whose missing column has a
// default, a page that does not parse, a blob read cast to text) ends it
// with ErrUnread, and SQLite reads the rest of the table from the last
// row read on, or reports what is wrong as it always did.
package sqlitefile

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// ErrUnread ends the file walk: SQLite reads the rest of the table.
var ErrUnread = errors.New("sqlite file: read the rest through SQLite")

// File is a database file, read a chunk of pages at a time.
type File struct {
	fh     io.ReaderAt
	size   int // page size
	usable int // page size less the reserved bytes at each page's end
	pages  uint32
	// Chunks of fileChunk bytes read whole, in slots by their number: a
	// table written in key order is read in a few hundred reads.
	chunk [fileSlots]struct {
		no  int64 // chunk number; -1 when empty
		buf []byte
	}
}

const (
	fileChunk = 256 << 10
	fileSlots = 4
)

// Open opens the file and reads its header: a database the
// walk may read, or an error saying why not.
func Open(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	var f *File
	if err == nil {
		f, err = New(fh, st.Size())
	}
	if err != nil {
		fh.Close()
		return nil, err
	}
	return f, nil
}

// New reads the header of a database file of fileSize bytes read through
// fh: a database the walk may read, or an error saying why not.
func New(fh io.ReaderAt, fileSize int64) (*File, error) {
	var h [100]byte
	if fileSize < 512 {
		return nil, errors.New("not a database file")
	}
	if _, err := fh.ReadAt(h[:], 0); err != nil {
		return nil, err
	}
	if string(h[:16]) != "SQLite format 3\x00" {
		return nil, errors.New("not a database file")
	}
	size := int(binary.BigEndian.Uint16(h[16:]))
	if size == 1 {
		size = 65536
	}
	if size < 512 || size > 65536 || size&(size-1) != 0 {
		return nil, errors.New("page size")
	}
	if h[18] != 1 || h[19] != 1 {
		return nil, errors.New("not a rollback-journal database")
	}
	usable := size - int(h[20])
	if usable < 480 {
		return nil, errors.New("reserved bytes")
	}
	if binary.BigEndian.Uint32(h[56:]) != 1 {
		return nil, errors.New("not UTF-8")
	}
	pages := fileSize / int64(size)
	if pages > math.MaxUint32 {
		return nil, errors.New("file size")
	}
	f := &File{fh: fh, size: size, usable: usable, pages: uint32(pages)}
	for i := range f.chunk {
		f.chunk[i].no = -1
	}
	return f, nil
}

// Close closes the file Open opened (a File of New has nothing to close).
func (f *File) Close() {
	if c, ok := f.fh.(io.Closer); ok {
		c.Close()
	}
}

// Varint reads a SQLite varint: big-endian, seven bits a byte with
// the high bit set for more, the ninth byte whole. n is 0 when b ends
// first.
func Varint(b []byte) (v uint64, n int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1 // most serial types and header sizes: inlined
	}
	return varintLong(b)
}

func varintLong(b []byte) (v uint64, n int) {
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0
		}
		c := b[i]
		v = v<<7 | uint64(c&0x7f)
		if c < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(b[8]), 9
}

// page copies page no (1-based) into buf and says where its b-tree
// header starts.
func (f *File) page(no uint32, buf *[]byte) (int, bool) {
	if no < 1 || no > f.pages {
		return 0, false
	}
	off := int64(no-1) * int64(f.size)
	cn := off / fileChunk
	c := &f.chunk[cn%fileSlots]
	if c.no != cn {
		if c.buf == nil {
			c.buf = make([]byte, fileChunk)
		}
		n, err := f.fh.ReadAt(c.buf[:cap(c.buf)], cn*fileChunk)
		if err != nil && err != io.EOF {
			c.no = -1
			return 0, false
		}
		c.buf, c.no = c.buf[:n], cn
	}
	at := int(off - cn*fileChunk)
	if at+f.size > len(c.buf) {
		return 0, false
	}
	*buf = append((*buf)[:0], c.buf[at:at+f.usable]...)
	hdr := 0
	if no == 1 {
		hdr = 100
	}
	return hdr, true
}

// RowFunc is one row of the walk: its rowid and record.
type RowFunc func(rowid int64, record []byte) error

// walk visits the table b-tree at root in key order and calls row for
// each cell of its leaves. It returns ErrUnread on a page that does
// not parse as SQLite would read it.
func (f *File) Walk(ctx context.Context, root uint32, row RowFunc) error {
	type frame struct {
		page []byte
		hdr  int
		n, i int // cells, next cell
	}
	seen := make([]uint64, (f.pages+64)/64)
	var stack []frame
	var bufs [][]byte // the page of each depth
	var scratch, ovf []byte
	push := func(no uint32) bool {
		if no < 1 || no > f.pages || seen[no/64]&(1<<(no%64)) != 0 || len(stack) >= 64 {
			return false
		}
		seen[no/64] |= 1 << (no % 64)
		d := len(stack)
		if d == len(bufs) {
			bufs = append(bufs, nil)
		}
		hdr, ok := f.page(no, &bufs[d])
		p := bufs[d]
		if !ok || hdr+12 > len(p) {
			return false
		}
		kind := p[hdr]
		n := int(binary.BigEndian.Uint16(p[hdr+3:]))
		h := 8
		if kind == 0x05 {
			h = 12
		} else if kind != 0x0d {
			return false
		}
		if hdr+h+2*n > len(p) {
			return false
		}
		stack = append(stack, frame{page: p, hdr: hdr, n: n})
		return true
	}
	if !push(root) {
		return ErrUnread
	}
	pagesRead := 0
	for len(stack) > 0 {
		fr := &stack[len(stack)-1]
		p, hdr := fr.page, fr.hdr
		if p[hdr] == 0x05 { // interior: children left of each key, then the right-most
			if fr.i > fr.n {
				stack = stack[:len(stack)-1]
				continue
			}
			var child uint32
			if fr.i == fr.n {
				child = binary.BigEndian.Uint32(p[hdr+8:])
			} else {
				off := int(binary.BigEndian.Uint16(p[hdr+12+2*fr.i:]))
				if off < hdr+12+2*fr.n || off+4 > len(p) {
					return ErrUnread
				}
				child = binary.BigEndian.Uint32(p[off:])
			}
			fr.i++
			if !push(child) {
				return ErrUnread
			}
			continue
		}
		// A leaf: every cell, then back up.
		if pagesRead++; pagesRead&63 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		start := hdr + 8 + 2*fr.n
		for i := 0; i < fr.n; i++ {
			off := int(binary.BigEndian.Uint16(p[hdr+8+2*i:]))
			if off < start || off >= len(p) {
				return ErrUnread
			}
			c := p[off:]
			size, a := Varint(c)
			if a == 0 {
				return ErrUnread
			}
			key, b := Varint(c[a:])
			if b == 0 {
				return ErrUnread
			}
			c = c[a+b:]
			rec, ok := f.payload(c, size, &scratch, &ovf)
			if !ok {
				return ErrUnread
			}
			if err := row(int64(key), rec); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
	}
	return nil
}

// payload is a leaf cell's record of size bytes: the local part at c,
// and the overflow pages after when it does not fit, gathered in scratch.
func (f *File) payload(c []byte, size uint64, scratch, ovf *[]byte) ([]byte, bool) {
	u := uint64(f.usable)
	x := u - 35 // the most a table leaf holds on the page
	if size <= x {
		if size > uint64(len(c)) {
			return nil, false
		}
		return c[:size], true
	}
	if size > uint64(f.pages)*u {
		return nil, false
	}
	m := (u-12)*32/255 - 23
	local := m + (size-m)%(u-4)
	if local > x {
		local = m
	}
	if local+4 > uint64(len(c)) {
		return nil, false
	}
	buf := append((*scratch)[:0], c[:local]...)
	next := binary.BigEndian.Uint32(c[local:])
	for hops := uint32(0); uint64(len(buf)) < size; hops++ {
		_, ok := f.page(next, ovf)
		if !ok || hops > f.pages {
			return nil, false
		}
		p := *ovf
		n := min(size-uint64(len(buf)), u-4)
		buf = append(buf, p[4:4+n]...)
		next = binary.BigEndian.Uint32(p)
	}
	*scratch = buf
	return buf, true
}

// Col is how a read column is found in a record and given as text.
type Col struct {
	Field   int  // place in the record
	Alias   bool // the INTEGER PRIMARY KEY: the rowid, stored as NULL
	Cast    bool // read CAST(... AS TEXT)
	Real    bool // REAL affinity: an integer stored is read as a real
	Default bool // a default other than NULL: a short record holds it
}

// AffinityReal reports a declared type of REAL affinity, by
// SQLite's rules in their order.
func AffinityReal(typ string) bool {
	t := strings.ToUpper(typ)
	if strings.Contains(t, "INT") || strings.Contains(t, "CHAR") || strings.Contains(t, "CLOB") ||
		strings.Contains(t, "TEXT") || strings.Contains(t, "BLOB") || t == "" {
		return false
	}
	return strings.Contains(t, "REAL") || strings.Contains(t, "FLOA") || strings.Contains(t, "DOUB")
}

// Decoder gives a record's read columns as the SQL read gives them.
type Decoder struct {
	cols     []Col
	maxField int
	fields   []uint64 // serial type and offset of each field
	num      []byte   // integers and reals as text, back to back
	cells    [][]byte
	// real gives a real number as CAST(x AS TEXT) writes it.
	real func(float64) ([]byte, error)
}

// NewDecoder decodes the columns cols of each record; real writes a real
// number read cast to text (Col.Cast) as SQLite does.
func NewDecoder(cols []Col, real func(float64) ([]byte, error)) *Decoder {
	dc := &Decoder{cols: cols, cells: make([][]byte, len(cols)), real: real}
	for _, c := range cols {
		dc.maxField = max(dc.maxField, c.Field+1)
	}
	dc.fields = make([]uint64, 2*dc.maxField)
	return dc
}

// decode gives the row's cells, valid until the next call; ErrUnread
// when the record is SQLite's to read.
func (dc *Decoder) Decode(rowid int64, rec []byte) ([][]byte, error) {
	// The record header: serial types, then the values in order.
	h, a := Varint(rec)
	if a == 0 || h > uint64(len(rec)) || h < uint64(a) {
		return nil, ErrUnread
	}
	hdr, body := rec[a:h], h
	nf := 0
	fields := dc.fields
	for len(hdr) > 0 && nf < dc.maxField {
		st, n := Varint(hdr)
		if n == 0 {
			return nil, ErrUnread
		}
		hdr = hdr[n:]
		fields[2*nf], fields[2*nf+1] = st, body
		body += serialSize(st)
		if body > uint64(len(rec)) {
			return nil, ErrUnread
		}
		nf++
	}
	num := dc.num[:0]
	cells := dc.cells
	for i, c := range dc.cols {
		if c.Alias {
			at := len(num)
			num = strconv.AppendInt(num, rowid, 10)
			cells[i] = num[at:len(num):len(num)]
			continue
		}
		if c.Field >= nf {
			if c.Default {
				return nil, ErrUnread // a column added with a default: SQLite knows it
			}
			cells[i] = nil
			continue
		}
		st, at := fields[2*c.Field], fields[2*c.Field+1]
		switch {
		case st == 0:
			cells[i] = nil
		case st <= 9:
			v, isReal := serialNumber(st, rec[at:])
			if c.Real && !isReal {
				v, isReal = math.Float64bits(float64(int64(v))), true
			}
			if isReal && c.Cast {
				s, err := dc.real(math.Float64frombits(v))
				if err != nil {
					return nil, err
				}
				cells[i] = s
				continue
			}
			at := len(num)
			if isReal {
				num = strconv.AppendFloat(num, math.Float64frombits(v), 'g', -1, 64)
			} else {
				num = strconv.AppendInt(num, int64(v), 10)
			}
			cells[i] = num[at:len(num):len(num)]
		case st >= 12:
			if st&1 == 0 && c.Cast {
				return nil, ErrUnread // a blob cast to text: SQLite's to read
			}
			cells[i] = rec[at : at+serialSize(st)]
		default: // 10 and 11 are reserved
			return nil, ErrUnread
		}
	}
	dc.num = num
	return cells, nil
}

// serialSize is the bytes a value of serial type st takes.
func serialSize(st uint64) uint64 {
	switch {
	case st >= 12:
		return (st - 12) / 2
	case st <= 4:
		return [...]uint64{0, 1, 2, 3, 4}[st]
	case st == 5:
		return 6
	case st == 6 || st == 7:
		return 8
	}
	return 0
}

// serialNumber is the number of serial type 1 to 9 at b (the record has
// been checked to hold it): an integer's bits, or a real's.
func serialNumber(st uint64, b []byte) (v uint64, isReal bool) {
	switch st {
	case 8:
		return 0, false
	case 9:
		return 1, false
	case 7:
		return binary.BigEndian.Uint64(b), true
	}
	n := serialSize(st)
	var x uint64
	for _, c := range b[:n] {
		x = x<<8 | uint64(c)
	}
	shift := 64 - 8*n
	return uint64(int64(x<<shift) >> shift), false
}
