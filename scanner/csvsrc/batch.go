package csvsrc

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

const (
	quotedBit = 1 << 31 // in batch.recs: the record has a quoted field
	offMask   = quotedBit - 1
)

// batch is a run of complete records copied out of the input. recs holds
// the offset of every record in data (blank lines included, so that row
// numbers follow from the index) and a final entry len(data).
type batch struct {
	owner    *Reader
	data     []byte
	recs     []uint32
	firstRow int64
	ncols    int
	delim    byte
	nl       byte
	counted  bool
	live     bool
	keep     int // largest data buffer worth pooling

	// worker scratch, reused from row to row and batch to batch
	cells   [][]byte
	scratch []byte
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func getBatch(r *Reader) *batch {
	b := batchPool.Get().(*batch)
	b.owner = r
	b.data = b.data[:0]
	b.recs = b.recs[:0]
	b.firstRow = r.row + 1
	b.ncols = len(r.cols)
	b.delim, b.nl = r.delim, r.nl
	b.counted = false
	b.live = true
	b.keep = max(4<<20, 4*r.target)
	return b
}

// Release returns the batch's buffers to the pool.
func (b *batch) Release() {
	if !b.live {
		return
	}
	b.live = false
	b.owner = nil
	// do not keep the room an outsized record needed
	if cap(b.data) > b.keep {
		b.data = nil
		b.recs = nil
	}
	if cap(b.scratch) > 4<<20 {
		b.scratch = nil
	}
	if cap(b.cells) > 1<<16 {
		b.cells = nil
	}
	batchPool.Put(b)
}

// CellsStay: every cell is a slice of data or of scratch, which grows
// through the batch and is reset only by the next Each.
func (b *batch) CellsStay() {}

// Each splits the records into cells and calls fn for every data row.
func (b *batch) Each(fn func(row int64, cells [][]byte)) {
	if !b.live {
		return
	}
	data := b.data
	recode := !utf8.Valid(data)
	if recode && b.owner != nil {
		b.owner.recoded.Store(true)
	}
	delim, nl := b.delim, b.nl
	cells := b.cells[:0]
	scratch := b.scratch[:0]
	var ragged int64
	recs := b.recs
	for i := 0; i+1 < len(recs); i++ {
		s := int(recs[i] & offMask)
		e := contentEnd(data, s, int(recs[i+1]&offMask), nl)
		if e == s {
			continue // blank line
		}
		rec := data[s:e]
		cells = cells[:0]
		// scratch is not reset between records: the cells of the
		// quoted and recoded fields in it stay valid until Release
		// (CellsStay).
		if recs[i]&quotedBit == 0 {
			cells = splitPlain(cells, rec, delim)
		} else {
			cells, scratch = splitQuoted(cells, scratch, rec, delim)
		}
		if recode {
			scratch = recodeCells(cells, scratch)
		}
		if len(cells) != b.ncols {
			ragged++
		}
		fn(b.firstRow+int64(i), cells)
	}
	b.cells = cells[:0]
	b.scratch = scratch[:0]
	if !b.counted {
		b.counted = true
		if ragged > 0 && b.owner != nil {
			b.owner.ragged.Add(ragged)
		}
	}
}

// contentEnd strips the record terminator from data[s:e].
func contentEnd(data []byte, s, e int, nl byte) int {
	if e > s && data[e-1] == nl {
		e--
	}
	if nl == '\n' && e > s && data[e-1] == '\r' {
		e--
	}
	return e
}

// splitPlain splits a record without quoted fields.
func splitPlain(cells [][]byte, rec []byte, delim byte) [][]byte {
	for {
		i := bytes.IndexByte(rec, delim)
		if i < 0 {
			return append(cells, rec[:len(rec):len(rec)])
		}
		cells = append(cells, rec[:i:i])
		rec = rec[i+1:]
	}
}

// splitQuoted splits a record with quoted fields. Quoted fields without
// escaped quotes are slices of rec; the others are unquoted into scratch.
// The rules match the framer: a quote opens a quoted field only at the start
// of a field; "" is a quote; a quote followed by anything but the delimiter
// or the end of the record is literal; an unterminated field runs to the end.
func splitQuoted(cells [][]byte, scratch, rec []byte, delim byte) ([][]byte, []byte) {
	s := 0
	for {
		if s < len(rec) && rec[s] == '"' {
			j := s + 1
			seg := j
			copied := -1 // start of the field in scratch once copying
			for {
				k := bytes.IndexByte(rec[j:], '"')
				if k < 0 { // unterminated
					cells, scratch = appendField(cells, scratch, copied, rec[seg:])
					return cells, scratch
				}
				q := j + k
				if q+1 == len(rec) { // closed at the end of the record
					cells, scratch = appendField(cells, scratch, copied, rec[seg:q])
					return cells, scratch
				}
				switch rec[q+1] {
				case '"':
					if copied < 0 {
						copied = len(scratch)
					}
					scratch = append(scratch, rec[seg:q+1]...)
					j = q + 2
					seg = j
					continue
				case delim:
					cells, scratch = appendField(cells, scratch, copied, rec[seg:q])
					s = q + 2
				default: // literal quote
					j = q + 1
					continue
				}
				break
			}
			continue
		}
		i := bytes.IndexByte(rec[s:], delim)
		if i < 0 {
			return append(cells, rec[s:len(rec):len(rec)]), scratch
		}
		cells = append(cells, rec[s:s+i:s+i])
		s += i + 1
	}
}

func appendField(cells [][]byte, scratch []byte, copied int, tail []byte) ([][]byte, []byte) {
	if copied < 0 {
		return append(cells, tail[:len(tail):len(tail)]), scratch
	}
	scratch = append(scratch, tail...)
	f := scratch[copied:len(scratch):len(scratch)]
	return append(cells, f), scratch
}

// recodeCells decodes, from Windows-1252, every cell that is not valid
// UTF-8, into scratch.
func recodeCells(cells [][]byte, scratch []byte) []byte {
	for i, c := range cells {
		if utf8.Valid(c) {
			continue
		}
		n := len(scratch)
		scratch = append1252(scratch, c)
		cells[i] = scratch[n:len(scratch):len(scratch)]
	}
	return scratch
}
