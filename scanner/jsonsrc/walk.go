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
	// rd is the reader whose record this is: its key rules (maps,
	// keyIsData).
	rd *Reader
	// stats, when set, gathers the keys of each object path instead of
	// filling cells (the first passes of sniffing, to find maps).
	stats map[string]*objStat
	// keyCache remembers which keys are personal data, so that a
	// detector sees each field name once per walker.
	keyCache map[string]bool
}

// objStat is what sniffing saw of the objects at one path.
type objStat struct {
	occ, keys, cont int // objects, their keys, keys holding an object or array
	distinct        map[string]struct{}
}

// maxDistinct bounds the keys remembered per path while sniffing.
const maxDistinct = 256

// keySeg and valueSeg stand for a key that is data (an e-mail address, a
// customer number, a name) in a column path: the key is never part of a
// column name, and its value is read as a cell of path.{key}; a scalar
// value held under such a key is a cell of path.{value}.
const (
	keySeg   = "{key}"
	valueSeg = "{value}"
)

// nameLike reports whether a key reads as a field name rather than as a
// value: short, with letters, no '@', not mostly digits, not a hex id.
func nameLike(k []byte) bool {
	n := len(k)
	if n == 0 || n > 64 {
		return false
	}
	letters, digits, hex := 0, 0, 0
	for _, c := range k {
		switch {
		case c < 0x20 || c == '@' || c == 0x7f:
			return false
		case c >= '0' && c <= '9':
			digits++
			hex++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			letters++
			hex++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			letters++
		case c == '-':
			hex++
		}
	}
	if letters == 0 || digits > letters && digits >= 4 {
		return false
	}
	if n >= 16 && hex == n { // a UUID or hash
		return false
	}
	return plainText(k)
}

// plainText reports whether k is valid UTF-8 without C1 controls, line
// or paragraph separators or bidirectional overrides: what a column name
// may hold without changing how a terminal or a report shows it.
func plainText(k []byte) bool {
	ascii := true
	for _, c := range k {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return true
	}
	for len(k) > 0 {
		r, size := utf8.DecodeRune(k)
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		switch {
		case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
			return false
		}
		k = k[size:]
	}
	return true
}

// dataKey reports whether a key is itself a value to hide.
func (w *walker) dataKey(k []byte) bool {
	if !nameLike(k) {
		return true
	}
	if w.rd == nil || w.rd.opt.KeyIsData == nil {
		return false
	}
	if v, ok := w.keyCache[string(k)]; ok {
		return v
	}
	if w.keyCache == nil || len(w.keyCache) >= 8192 {
		w.keyCache = make(map[string]bool, 64)
	}
	v := w.rd.opt.KeyIsData(k)
	w.keyCache[string(k)] = v
	return v
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
	w.collecting, w.rd = r, r
	w.value(0)
	w.collecting = nil
}

// gather counts the keys of the record's objects into w.stats.
func (w *walker) gather(r *Reader) {
	w.rd = r
	w.value(0)
}

// row fills the cells of one record.
func (w *walker) row(r *Reader) {
	w.index, w.rd = r.index, r
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
	if w.stats != nil {
		return
	}
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
		isMap := w.rd != nil && w.rd.maps[string(w.path)]
		var st *objStat
		if w.stats != nil {
			if st = w.stats[string(w.path)]; st == nil && len(w.stats) < 4096 {
				st = &objStat{distinct: map[string]struct{}{}}
				w.stats[string(w.path)] = st
			}
			if st != nil {
				st.occ++
			}
		}
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
			masked := isMap || w.dataKey(key)
			if !masked {
				w.path = append(w.path, key...)
				if st != nil {
					st.keys++
					if _, ok := st.distinct[string(key)]; !ok && len(st.distinct) < maxDistinct {
						st.distinct[string(key)] = struct{}{}
					}
				}
			} else {
				// the key is a value of its own column; the path names
				// it only as {key}
				w.path = append(w.path, keySeg...)
				w.emit(key)
			}
			w.space()
			if w.i >= len(w.p) || w.p[w.i] != ':' {
				w.bad = true
				return
			}
			w.i++
			w.space()
			container := w.i < len(w.p) && (w.p[w.i] == '{' || w.p[w.i] == '[')
			if st != nil && container && !masked {
				st.cont++
			}
			if masked && !container {
				w.path = append(w.path[:len(w.path)-len(keySeg)], valueSeg...)
			}
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
