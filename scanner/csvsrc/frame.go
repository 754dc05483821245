package csvsrc

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// MaxQuotedField is the size a quoted field may reach before the framer
// takes its opening quote for a stray one: it counts a BrokenQuote, ends the
// record at the first newline after that quote and frames on from there, so
// that one unbalanced quote cannot swallow the rest of a large file.
var MaxQuotedField = 1 << 20

// MaxRecordBytes bounds one record (a line without newline, a run of long
// quoted fields). A longer record is cut at this size and the rest framed
// as further records, which keeps memory flat on input that is not a table.
var MaxRecordBytes = 16 << 20

// frame results
const (
	frameMore   = iota // need more input
	frameRecord        // a record ends at the returned offset
	frameEOF           // no more records
)

// scan modes inside a record
const (
	modeField  = iota // outside quotes
	modeQuoted        // inside a quoted field
	modeLine          // after the quote guard: up to the next newline
)

// seeker caches the position of the next occurrence of a byte so that the
// framer scans every byte of the input at most once per byte it looks for.
// Valid while the scan position does not move backwards.
type seeker struct{ pos, end int }

func (s *seeker) reset()      { s.pos, s.end = -1, -1 }
func (s *seeker) shift(d int) { s.pos -= d; s.end -= d }

// find returns the index of the first c in buf[p:], or len(buf) when none.
func (s *seeker) find(buf []byte, p int, c byte) int {
	if s.pos >= p {
		if s.pos < s.end {
			return s.pos // cached hit
		}
		// no c in [earlier p, end)
		if s.end == len(buf) {
			return len(buf)
		}
		p = s.end
	}
	i := bytes.IndexByte(buf[p:], c)
	if i < 0 {
		s.pos, s.end = len(buf), len(buf)
	} else {
		s.pos, s.end = p+i, len(buf)
	}
	return s.pos
}

// framer finds record boundaries: it tracks quotes but does not split
// fields. Its buffer holds buf[r:w], the start of the current record up to
// the end of what was read.
type framer struct {
	src io.Reader
	buf []byte
	r   int // start of the current record
	w   int // end of buffered input
	eof bool

	delim, nl byte

	// state of the current record
	p           int // scan position
	mode        int
	qOpen       int   // opening quote of the current quoted field
	quoted      bool  // the record has a quoted field
	fieldBroken bool  // the current quoted field already counted
	recBroken   int64 // broken quotes of the record
	nls, qs     seeker

	minBuf int
}

func (f *framer) init(src io.Reader, delim, nl byte, size int) {
	f.src = src
	f.delim, f.nl = delim, nl
	if size == 2*DefaultBatchBytes {
		if p, ok := frameBufPool.Get().(*[]byte); ok {
			f.buf = *p
		}
	}
	if f.buf == nil {
		f.buf = make([]byte, size)
	}
	f.minBuf = size
	f.nls.reset()
	f.qs.reset()
}

// initWindow frames a fixed buffer (for sniffing); the window is taken as
// the whole input.
func (f *framer) initWindow(win []byte, delim, nl byte) {
	f.buf = win
	f.w = len(win)
	f.eof = true
	f.delim, f.nl = delim, nl
	f.nls.reset()
	f.qs.reset()
}

// next starts a new record at end.
func (f *framer) next(end int) {
	f.r, f.p = end, end
	f.mode = modeField
	f.quoted = false
	f.recBroken = 0
}

func (f *framer) atEnd() (int, int) {
	if !f.eof {
		return frameMore, 0
	}
	if f.w > f.r {
		return frameRecord, f.w
	}
	return frameEOF, 0
}

// frame looks for the end of the record that starts at f.r.
func (f *framer) frame() (status, end int) {
	buf := f.buf[:f.w]
	p := f.p
	for {
		switch f.mode {
		case modeField:
			nlAt := f.nls.find(buf, p, f.nl)
			q := f.qs.find(buf, p, '"')
			if q >= nlAt {
				if nlAt < len(buf) {
					return frameRecord, nlAt + 1
				}
				f.p = len(buf)
				return f.atEnd()
			}
			if q == f.r || buf[q-1] == f.delim {
				f.mode = modeQuoted
				f.quoted = true
				f.qOpen = q
				f.fieldBroken = false
			}
			// else a stray quote inside an unquoted field: literal
			p = q + 1

		case modeQuoted:
			q := f.qs.find(buf, p, '"')
			if f.fieldBroken {
				// a field with a stray quote ends at the end of its line
				// rather than run on over the following records
				if nlAt := f.nls.find(buf, p, f.nl); nlAt < q {
					return frameRecord, nlAt + 1
				}
			}
			if q-f.qOpen-1 > MaxQuotedField {
				// the opening quote was a stray one
				if !f.fieldBroken {
					f.recBroken++
				}
				f.nls.reset()
				f.qs.reset()
				nlAt := f.nls.find(buf, f.qOpen, f.nl)
				if nlAt < len(buf) {
					return frameRecord, nlAt + 1
				}
				f.mode = modeLine
				p = len(buf)
				continue
			}
			if q == len(buf) {
				if f.eof { // unterminated at EOF
					if !f.fieldBroken {
						f.recBroken++
					}
					return frameRecord, len(buf)
				}
				f.p = len(buf)
				return frameMore, 0
			}
			if q+1 == len(buf) {
				if f.eof {
					return frameRecord, len(buf)
				}
				f.p = q
				return frameMore, 0
			}
			switch c := buf[q+1]; {
			case c == '"':
				p = q + 2
			case c == f.delim:
				f.mode = modeField
				p = q + 1
			case c == f.nl:
				return frameRecord, q + 2
			case c == '\r' && f.nl == '\n' && (q+2 == len(buf) || buf[q+2] == '\n'):
				if q+2 == len(buf) && !f.eof {
					f.p = q
					return frameMore, 0
				}
				f.mode = modeField
				p = q + 1
			default:
				// a quote inside a quoted field that does not close it
				if !f.fieldBroken {
					f.fieldBroken = true
					f.recBroken++
				}
				p = q + 1
			}

		case modeLine:
			nlAt := f.nls.find(buf, p, f.nl)
			if nlAt < len(buf) {
				return frameRecord, nlAt + 1
			}
			f.p = len(buf)
			return f.atEnd()
		}
	}
}

// cut ends an over-long record at MaxRecordBytes (on a UTF-8 boundary).
func (f *framer) cut() int {
	end := f.r + MaxRecordBytes
	if end > f.w {
		end = f.w
	}
	for i := 0; i < 3 && end < f.w && end > f.r+1 && !utf8.RuneStart(f.buf[end]); i++ {
		end--
	}
	if f.mode == modeQuoted && !f.fieldBroken {
		f.recBroken++
	}
	f.nls.reset()
	f.qs.reset()
	return end
}

// fill moves the current record to the front of the buffer (growing it
// when the record fills it) and reads more input.
func (f *framer) fill() error {
	if f.r > 0 {
		d := f.r
		copy(f.buf, f.buf[d:f.w])
		f.w -= d
		f.r = 0
		f.p -= d
		f.qOpen -= d
		f.nls.shift(d)
		f.qs.shift(d)
	}
	if f.w == len(f.buf) {
		nb := make([]byte, 2*len(f.buf))
		copy(nb, f.buf[:f.w])
		f.buf = nb
	} else if len(f.buf) > 4*f.minBuf && f.w < f.minBuf {
		// give back the room a huge record needed
		nb := make([]byte, f.minBuf)
		copy(nb, f.buf[:f.w])
		f.buf = nb
	}
	for tries := 0; ; tries++ {
		n, err := f.src.Read(f.buf[f.w:])
		f.w += n
		if err == io.EOF {
			f.eof = true
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if tries > 100 {
			return errNoProgress
		}
	}
}
