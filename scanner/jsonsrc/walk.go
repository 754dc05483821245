package jsonsrc

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// walker parses one record and flattens it into cells, one per column.
// It is worker scratch: its buffers are reused from record to record.
type walker struct {
	p       []byte
	i       int
	path    []byte
	acc     [][]byte // a cell per column, and one for paths beyond them
	out     [][]byte
	scratch []byte
	bad     bool
	late    int64
	// collecting, when set, adds every path to the reader's columns instead
	// of filling cells (sniffing).
	collecting *Reader
	index      map[string]int
	// positional, when set, names the elements of a record that is an array
	// by their position (0, 1, ...): a JSON table of arrays.
	positional bool
}

func (w *walker) prepare(ncols int) {
	if len(w.acc) != ncols+1 {
		w.acc = make([][]byte, ncols+1)
	}
}

func (w *walker) reset(rec []byte) {
	w.p, w.i, w.bad, w.late = rec, 0, false, 0
	w.path = w.path[:0]
	for i := range w.acc {
		w.acc[i] = w.acc[i][:0]
	}
}

// collect adds the record's paths to r's columns.
func (w *walker) collect(r *Reader) {
	w.collecting = r
	w.value(0)
	w.collecting = nil
}

// row fills the cells of one record.
func (w *walker) row(r *Reader) {
	w.index = r.index
	w.value(0)
}

// cells returns the record's cells; valid until the next reset.
func (w *walker) cells() [][]byte {
	n := len(w.acc) - 1
	if len(w.acc[n]) > 0 {
		n++
	}
	w.out = append(w.out[:0], w.acc[:n]...)
	return w.out
}

func (w *walker) space() {
	for w.i < len(w.p) {
		switch w.p[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *walker) emit(v []byte) {
	if w.collecting != nil {
		w.collecting.addColumn(w.path)
		return
	}
	if len(v) == 0 {
		return
	}
	if c, ok := w.index[string(w.path)]; ok {
		if len(w.acc[c]) > 0 {
			w.acc[c] = append(w.acc[c], "; "...)
		}
		w.acc[c] = append(w.acc[c], v...)
		return
	}
	n := len(w.acc) - 1
	if len(w.acc[n]) > 0 {
		w.acc[n] = append(w.acc[n], "; "...)
	}
	w.acc[n] = append(w.acc[n], w.path...)
	w.acc[n] = append(w.acc[n], ": "...)
	w.acc[n] = append(w.acc[n], v...)
	w.late++
}

// value parses one value at the current path; depth is bounded by the framer.
func (w *walker) value(depth int) {
	w.space()
	if w.i >= len(w.p) || depth > maxDepth {
		w.bad = true
		return
	}
	switch w.p[w.i] {
	case '{':
		w.i++
		base := len(w.path)
		for !w.bad {
			w.space()
			if w.i >= len(w.p) {
				w.bad = true
				return
			}
			if w.p[w.i] == '}' {
				w.i++
				return
			}
			if w.p[w.i] != '"' {
				w.bad = true
				return
			}
			key, ok := w.str()
			if !ok {
				w.bad = true
				return
			}
			if base > 0 {
				w.path = append(w.path, '.')
			}
			w.path = append(w.path, key...)
			w.space()
			if w.i >= len(w.p) || w.p[w.i] != ':' {
				w.bad = true
				return
			}
			w.i++
			w.value(depth + 1)
			w.path = w.path[:base]
			w.space()
			if w.i < len(w.p) && w.p[w.i] == ',' {
				w.i++
			}
		}
	case '[':
		w.i++
		base := len(w.path)
		pos := w.positional && depth == 0
		if !pos {
			w.path = append(w.path, "[]"...)
		}
		for k := 0; !w.bad; k++ {
			if pos {
				w.path = strconv.AppendInt(w.path[:base], int64(k), 10)
			}
			w.space()
			if w.i >= len(w.p) {
				w.bad = true
				break
			}
			if w.p[w.i] == ']' {
				w.i++
				break
			}
			w.value(depth + 1)
			w.space()
			if w.i < len(w.p) && w.p[w.i] == ',' {
				w.i++
			}
		}
		w.path = w.path[:base]
	case '"':
		s, ok := w.str()
		if !ok {
			w.bad = true
			return
		}
		w.emit(s)
	default:
		s := w.i
		for w.i < len(w.p) {
			c := w.p[w.i]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t' {
				break
			}
			w.i++
		}
		if w.i == s {
			w.bad = true
			w.i++
			return
		}
		lit := w.p[s:w.i]
		if string(lit) == "null" {
			if w.collecting != nil {
				w.emit(nil)
			}
			return
		}
		w.emit(lit)
	}
}

// str parses a string at w.i (a quote) and returns its unescaped bytes, a
// slice of the record or of the scratch buffer, valid until the next str.
func (w *walker) str() ([]byte, bool) {
	w.i++
	s := w.i
	for w.i < len(w.p) {
		c := w.p[w.i]
		if c == '"' {
			w.i++
			return w.p[s : w.i-1], true
		}
		if c == '\\' {
			return w.unescape(s)
		}
		w.i++
	}
	return nil, false
}

func (w *walker) unescape(s int) ([]byte, bool) {
	out := append(w.scratch[:0], w.p[s:w.i]...)
	defer func() { w.scratch = out[:0] }()
	for w.i < len(w.p) {
		c := w.p[w.i]
		switch {
		case c == '"':
			w.i++
			return out, true
		case c != '\\':
			out = append(out, c)
			w.i++
			continue
		}
		if w.i+1 >= len(w.p) {
			return nil, false
		}
		e := w.p[w.i+1]
		w.i += 2
		switch e {
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case 'r':
			out = append(out, '\r')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'u':
			r, ok := w.hex4()
			if !ok {
				return nil, false
			}
			if utf16.IsSurrogate(r) && w.i+1 < len(w.p) && w.p[w.i] == '\\' && w.p[w.i+1] == 'u' {
				w.i += 2
				r2, ok := w.hex4()
				if !ok {
					return nil, false
				}
				r = utf16.DecodeRune(r, r2)
			}
			out = utf8.AppendRune(out, r)
		default: // \" \\ \/ and anything else: the character itself
			out = append(out, e)
		}
	}
	return nil, false
}

func (w *walker) hex4() (rune, bool) {
	if w.i+4 > len(w.p) {
		return 0, false
	}
	var r rune
	for _, c := range w.p[w.i : w.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	w.i += 4
	return r, true
}
