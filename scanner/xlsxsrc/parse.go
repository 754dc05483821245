package xlsxsrc

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// maxColumns is Excel's last column, XFD.
const maxColumns = 16384

// bookState is what the workers share, read-only, to parse the rows of a sheet.
type bookState struct {
	sst      *sharedStrings
	styles   []cellStyle
	date1904 bool
	maxCell  int // longest cell value kept, in bytes
}

// where a parsed cell's bytes are
const (
	inRow     = iota // the row's XML
	inScratch        // the parser's scratch buffer
	inShared         // the shared strings
)

type cellRef struct {
	col  int32
	src  uint8
	s, e uint32
}

// rowParser parses the cells of <row> elements. Each worker has its own
// (in its batch); the shared state is read-only.
type rowParser struct {
	bk      *bookState
	phone   []bool // phone columns, nil while the header is looked for
	refs    []cellRef
	scratch []byte
	sidx    []int    // the row's shared strings: their indexes,
	shared  [][]byte // and the strings, looked up by build
	cursor  sstCursor
	cells   [][]byte

	general bool // no fast path (the tests compare the two)
	touched byte // lookUp's reads of the strings, kept so they are made

	// counts, added to the sheet's once per batch
	padded, truncated, dropped int64
}

// parse returns the cells of a row, given the content of its <row>
// element; a cell is placed by its reference (B2 is the second cell), a
// cell without one follows the previous. Cells are valid until the next
// call. filled reports whether a cell holds more than white space.
func (p *rowParser) parse(row []byte) (cells [][]byte, filled bool) {
	p.scratch = p.scratch[:0]
	return p.parseOn(row)
}

// parseOn is parse without starting the scratch afresh: the cells of every
// row parsed since the caller last reset it stay valid (a batch's Each,
// whose cells stay until Release: CellsStay).
func (p *rowParser) parseOn(row []byte) (cells [][]byte, filled bool) {
	p.refs = p.refs[:0]
	p.sidx = p.sidx[:0]
	col := -1
	rest := row
	for len(rest) > 0 {
		i := 0 // a cell read by fastCell is followed by the next's '<'
		if rest[0] != '<' {
			i = bytes.IndexByte(rest, '<')
		}
		if i < 0 || i+1 >= len(rest) {
			break
		}
		rest = rest[i+1:]
		if rest[0] == '/' || rest[0] == '?' || rest[0] == '!' {
			continue
		}
		if !p.general {
			if c, more, ok := p.fastCell(rest, row, col); ok {
				col, rest = c, more
				continue
			}
		}
		name := tagName(rest)
		gt := bytes.IndexByte(rest, '>')
		if gt < 0 {
			break
		}
		if string(localName(name)) != "c" {
			rest = rest[gt+1:]
			continue
		}
		attrs := rest[len(name):gt]
		self := gt > 0 && rest[gt-1] == '/'
		rest = rest[gt+1:]
		var content []byte
		if !self {
			k, n := closeTag(rest, name)
			if k < 0 {
				content, rest = rest, nil
			} else {
				content, rest = rest[:k], rest[k+n:]
			}
		}
		var typ, ref, style []byte
		for {
			an, av, more, ok := nextAttr(attrs)
			if !ok {
				break
			}
			attrs = more
			if len(an) == 1 {
				switch an[0] {
				case 'r':
					ref = av
				case 't':
					typ = av
				case 's':
					style = av
				}
			}
		}
		if c, ok := refColumn(ref); ok {
			col = c
		} else {
			col++
		}
		if self || len(content) == 0 {
			continue
		}
		if col >= maxColumns {
			p.dropped++
			continue
		}
		p.cell(int32(col), typ, style, content, row)
	}
	return p.build(row)
}

// fastCell reads the common cell, <c r="B2" t="s" s="1"><v>12</v></c> or
// <c r="B2"/>, at rest (just after its '<'), exactly as the general loop of
// parse would, and returns the cell's column and what follows it. ok is
// false when the cell is of another shape (a prefix, other quotes, white
// space, other content): parse then reads it.
func (p *rowParser) fastCell(rest, row []byte, prev int) (col int, more []byte, ok bool) {
	if len(rest) < 2 || rest[0] != 'c' || rest[1] != ' ' {
		return 0, nil, false
	}
	if col, more, ok := p.sharedCell(rest); ok {
		return col, more, true
	}
	var typ, ref, style []byte
	i := 2
	for {
		// an attribute: name="value", one space before the next
		s := i
		for i < len(rest) && attrNameByte[rest[i]] {
			i++
		}
		if i == s || i+1 >= len(rest) || rest[i] != '=' || rest[i+1] != '"' {
			return 0, nil, false
		}
		name := rest[s:i]
		i += 2
		vs := i
		for i < len(rest) && rest[i] != '"' && rest[i] != '>' { // parse ends the tag at the first '>'
			i++
		}
		if i >= len(rest) || rest[i] != '"' {
			return 0, nil, false
		}
		if len(name) == 1 {
			switch name[0] {
			case 'r':
				ref = rest[vs:i]
			case 't':
				typ = rest[vs:i]
			case 's':
				style = rest[vs:i]
			}
		}
		i++
		if i >= len(rest) {
			return 0, nil, false
		}
		if rest[i] == ' ' {
			i++
			continue
		}
		break
	}
	self := false
	switch {
	case rest[i] == '>':
	case rest[i] == '/' && i+1 < len(rest) && rest[i+1] == '>':
		self = true
		i++
	default:
		return 0, nil, false
	}
	i++ // after '>'
	var v []byte
	// shared: a shared string's index, read as the value is scanned (-1:
	// not a plain index, value reads it)
	shared := -1
	if !self {
		// <v>value</v></c>, the value without markup
		if len(rest)-i < 3 || rest[i] != '<' || rest[i+1] != 'v' || rest[i+2] != '>' {
			return 0, nil, false
		}
		i += 3
		vs := i
		if len(typ) == 1 && typ[0] == 's' {
			n := 0
			for i < len(rest) && rest[i]-'0' <= 9 {
				n = n*10 + int(rest[i]-'0')
				i++
			}
			if d := i - vs; d > 0 && d <= 10 {
				shared = n
			}
		}
		for i < len(rest) && rest[i] != '<' {
			i++
			shared = -1
		}
		v = rest[vs:i]
		if len(rest)-i < 8 || string(rest[i:i+8]) != "</v></c>" {
			return 0, nil, false
		}
		i += 8
		if string(typ) == "inlineStr" || string(typ) == "e" {
			return 0, nil, false // parse's own path
		}
	}
	if c, ok := refColumn(ref); ok {
		col = c
	} else {
		col = prev + 1
	}
	if self {
		return col, rest[i:], true
	}
	if col >= maxColumns {
		p.dropped++
		return col, rest[i:], true
	}
	switch {
	case shared >= 0: // value's "s", without the call
		if p.bk.sst.has(shared) {
			p.sidx = append(p.sidx, shared)
			p.refs = append(p.refs, cellRef{col: int32(col), src: inShared, s: uint32(len(p.sidx) - 1)})
		}
	case len(v) > 0:
		p.value(int32(col), typ, style, v, row)
	}
	return col, rest[i:], true
}

// sharedCell reads the commonest cell of all, a shared string with its
// reference and nothing else, <c r="B2" t="s"><v>12</v></c>, as fastCell
// would, comparing the fixed parts whole; ok is false for any other.
func (p *rowParser) sharedCell(rest []byte) (col int, more []byte, ok bool) {
	const open, mid, end = `c r="`, `" t="s"><v>`, `</v></c>`
	if len(rest) < len(open)+len(mid)+len(end)+2 || string(rest[:len(open)]) != open {
		return 0, nil, false
	}
	i := len(open)
	for i < len(rest) && (rest[i]|0x20)-'a' < 26 {
		i++
	}
	letters := i - len(open)
	if len(rest)-i >= 8 {
		// the row number's digits, eight bytes at a time
		for {
			k := digits8(binary.LittleEndian.Uint64(rest[i:]))
			i += k
			if k < 8 || len(rest)-i < 8 {
				break
			}
		}
	}
	for i < len(rest) && rest[i]-'0' <= 9 {
		i++
	}
	if letters == 0 || len(rest)-i < len(mid)+len(end)+1 || string(rest[i:i+len(mid)]) != mid {
		return 0, nil, false
	}
	col, _ = refColumn(rest[len(open):i])
	i += len(mid)
	vs, n := i, 0
	if len(rest)-i >= 8 {
		// the string's index, of up to eight digits, in one read
		x := binary.LittleEndian.Uint64(rest[i:])
		if k := digits8(x); k > 0 && k < 8 {
			n, i = parse8(x, k), i+k
		}
	}
	for i < len(rest) && rest[i]-'0' <= 9 {
		n = n*10 + int(rest[i]-'0')
		i++
	}
	if d := i - vs; d == 0 || d > 10 || len(rest)-i < len(end) || string(rest[i:i+len(end)]) != end {
		return 0, nil, false
	}
	i += len(end)
	if col >= maxColumns {
		p.dropped++
	} else if p.bk.sst.has(n) {
		p.sidx = append(p.sidx, n)
		p.refs = append(p.refs, cellRef{col: int32(col), src: inShared, s: uint32(len(p.sidx) - 1)})
	}
	return col, rest[i:], true
}

// digits8 returns how many of the eight bytes of x (little-endian: the
// first in the low byte) are ASCII digits before the first that is not.
// A digit has the high nibble 3 both as it is and plus 6 (':' to '?' go
// to 4); a byte of 0xfa or more carries into the next when 6 is added,
// but only bytes after the first non-digit are touched.
func digits8(x uint64) int {
	const hi, threes, sixes = 0xf0f0f0f0f0f0f0f0, 0x3030303030303030, 0x0606060606060606
	not := (x&hi ^ threes) | ((x+sixes)&hi ^ threes)
	return bits.TrailingZeros64(not) >> 3
}

// parse8 returns the value of the k digits (1 to 7) that start x, as
// digits8 counted them: shifted up so that the bytes below them read as
// leading zeros, then summed pairwise (Lemire's eight-digit parse).
func parse8(x uint64, k int) int {
	x = (x & 0x0f0f0f0f0f0f0f0f) << (8 * (8 - k))
	x = (x * (1 + 10<<8)) >> 8 & 0x00ff00ff00ff00ff
	x = (x * (1 + 100<<16)) >> 16 & 0x0000ffff0000ffff
	return int((x * (1 + 10000<<32)) >> 32)
}

// attrNameByte tells the bytes of an attribute's name that fastCell reads:
// all but white space, '=', '>', '/', quotes and ':' (a prefixed name is
// parse's).
var attrNameByte = func() (t [256]bool) {
	for i := range t {
		t[i] = true
	}
	for _, c := range []byte("= >/:\"'\t\n\r") {
		t[c] = false
	}
	return t
}()

// refColumn returns the 0-based column of a reference such as "AB12".
func refColumn(ref []byte) (int, bool) {
	c := 0
	i := 0
	for ; i < len(ref); i++ {
		l := ref[i] | 0x20
		if l < 'a' || l > 'z' {
			break
		}
		c = c*26 + int(l-'a'+1)
		if c > 1<<20 {
			return maxColumns, true
		}
	}
	if i == 0 {
		return 0, false
	}
	return c - 1, true
}

// cell adds the value of one cell (its content: <v>, <is>, <f>).
func (p *rowParser) cell(col int32, typ, style, content, row []byte) {
	switch string(typ) {
	case "inlineStr":
		// the common <is><t>text</t></is>, taken from the row as it is
		if t, ok := bytes.CutPrefix(content, []byte("<is><t>")); ok {
			if t, ok := bytes.CutSuffix(t, []byte("</t></is>")); ok && len(t) > 0 &&
				bytes.IndexByte(t, '<') < 0 && bytes.IndexByte(t, '_') < 0 && !needsDecode(t) {
				p.addText(col, t, row)
				return
			}
		}
		n := len(p.scratch)
		p.scratch = appendRich(p.scratch, content)
		p.addScratch(col, n)
		return
	case "e": // an error (#N/A, #DIV/0!): no value
		return
	}
	v, ok := childText(content, "v")
	if !ok || len(v) == 0 {
		return
	}
	p.value(col, typ, style, v, row)
}

// value adds a cell of a type other than inlineStr and e from the raw text
// of its <v>, not empty.
func (p *rowParser) value(col int32, typ, style, v, row []byte) {
	switch string(typ) {
	case "s":
		i, ok := atoi(bytes.TrimSpace(v))
		if !ok {
			return
		}
		if p.bk.sst.has(i) { // looked up by build, with the row's others
			p.sidx = append(p.sidx, i)
			p.refs = append(p.refs, cellRef{col: col, src: inShared, s: uint32(len(p.sidx) - 1)})
		}
	case "str", "d":
		p.addText(col, v, row)
	case "b":
		switch string(v) {
		case "1":
			p.addString(col, "TRUE")
		case "0":
			p.addString(col, "FALSE")
		default:
			p.addText(col, v, row)
		}
	default: // n or none: a number
		p.number(col, style, v, row)
	}
}

// childText returns the raw text of the first child element of that local
// name in content.
func childText(content []byte, name string) ([]byte, bool) {
	for {
		i := bytes.IndexByte(content, '<')
		if i < 0 || i+1 >= len(content) {
			return nil, false
		}
		content = content[i+1:]
		if string(localName(tagName(content))) != name {
			continue
		}
		gt := bytes.IndexByte(content, '>')
		if gt < 0 {
			return nil, false
		}
		if content[gt-1] == '/' {
			return nil, true
		}
		content = content[gt+1:]
		if e := bytes.IndexByte(content, '<'); e >= 0 {
			content = content[:e]
		}
		return content, true
	}
}

func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// number adds a numeric cell as Excel shows it: a date by its format, an
// integer padded by a "0000" format, otherwise as General does (no
// exponent up to 15 significant digits).
func (p *rowParser) number(col int32, style, v, row []byte) {
	var st cellStyle
	if s, ok := atoi(style); ok && s < len(p.bk.styles) {
		st = p.bk.styles[s]
	}
	if st.kind == fmtGeneral || st.kind == fmtText {
		if plainInt(v) { // the common case, as it is
			p.addText(col, v, row)
			return
		}
	}
	f, err := strconv.ParseFloat(unsafe.String(&v[0], len(v)), 64)
	if err != nil || bytes.IndexByte(v, '_') >= 0 {
		p.addText(col, v, row)
		return
	}
	n := len(p.scratch)
	switch {
	case st.kind == fmtDate && f >= 0 && f < maxSerial:
		p.scratch = st.date.appendDate(p.scratch, f, p.bk.date1904)
	case st.kind == fmtZeros && f >= 0 && f < 1e15 && f == float64(int64(f)):
		var tmp [24]byte
		d := strconv.AppendInt(tmp[:0], int64(f), 10)
		for i := len(d); i < st.zeros; i++ {
			p.scratch = append(p.scratch, '0')
		}
		p.scratch = append(p.scratch, d...)
	default:
		p.scratch = appendGeneral(p.scratch, f, v)
	}
	p.addScratch(col, n)
}

// plainInt reports an integer Excel shows unchanged: up to 15 digits, no
// leading zero, no sign.
func plainInt(v []byte) bool {
	if len(v) == 0 || len(v) > 15 || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// appendGeneral formats a number as excelize reads a General cell: in full
// without exponent, or rounded to 15 significant digits when it has more.
func appendGeneral(dst []byte, f float64, raw []byte) []byte {
	n := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
	prec := len(dst) - n - bytes.Count(dst[n:], []byte("."))
	if prec > 15 && !withinPrecision(raw) {
		return strconv.AppendFloat(dst[:n], f, 'G', 15, 64)
	}
	return dst
}

// withinPrecision reports an integer written without a fraction or exponent
// whose significant digits (without leading and trailing zeros) number 15
// at most.
func withinPrecision(raw []byte) bool {
	if bytes.ContainsAny(raw, ".Ee") {
		return false
	}
	raw = bytes.TrimLeft(raw, "+-0")
	return len(bytes.TrimRight(raw, "0")) <= 15
}

// addText adds raw XML text: a slice of the row when it needs no decoding.
func (p *rowParser) addText(col int32, v, row []byte) {
	if needsDecode(v) {
		n := len(p.scratch)
		p.scratch = appendText(p.scratch, v)
		p.addScratch(col, n)
		return
	}
	s := uint32(uintptr(unsafe.Pointer(&v[0])) - uintptr(unsafe.Pointer(&row[0])))
	p.addRef(col, inRow, s, s+uint32(len(v)))
}

func (p *rowParser) addString(col int32, s string) {
	n := len(p.scratch)
	p.scratch = append(p.scratch, s...)
	p.addScratch(col, n)
}

func (p *rowParser) addScratch(col int32, n int) {
	if len(p.scratch) == n {
		return
	}
	p.addRef(col, inScratch, uint32(n), uint32(len(p.scratch)))
}

func (p *rowParser) addRef(col int32, src uint8, s, e uint32) {
	if max := uint32(p.bk.maxCell); e-s > max {
		e = s + max
		p.truncated++
	}
	p.refs = append(p.refs, cellRef{col: col, src: src, s: s, e: e})
}

// lookUp finds the row's shared strings, all in one loop: the lookups
// of a row miss the cache together rather than one after the other. It
// drops the cells of empty strings.
func (p *rowParser) lookUp() {
	clear(p.shared)
	p.shared = p.shared[:0]
	var touch byte
	for _, i := range p.sidx {
		s := p.bk.sst.getAt(i, &p.cursor)
		if len(s) > 0 {
			// Read each string's ends here, all in one loop: their cache
			// misses overlap, instead of each stalling the worker when it
			// trims the cell, one cell after the other.
			touch ^= s[0] ^ s[len(s)-1]
		}
		p.shared = append(p.shared, s)
	}
	p.touched = touch
	w := 0
	for _, r := range p.refs {
		if r.src == inShared {
			n := len(p.shared[r.s])
			if n == 0 {
				continue
			}
			r.e = uint32(n)
		}
		p.refs[w] = r
		w++
	}
	p.refs = p.refs[:w]
}

// build turns the refs into cells, restoring the leading zero of phone
// numbers that lost it.
func (p *rowParser) build(row []byte) ([][]byte, bool) {
	if len(p.sidx) > 0 {
		p.lookUp()
	}
	width := 0
	for _, r := range p.refs {
		width = max(width, int(r.col)+1)
	}
	if cap(p.cells) < width {
		p.cells = make([][]byte, width, max(width, 32))
	}
	cells := p.cells[:width]
	clear(cells)
	// padding appends to scratch: reserve room first so that no slice
	// taken below moves
	if p.phone != nil {
		need := 0
		for _, r := range p.refs {
			if int(r.col) < len(p.phone) && p.phone[r.col] && r.e-r.s == 9 {
				need += 10
			}
		}
		if need > 0 && cap(p.scratch)-len(p.scratch) < need {
			ns := make([]byte, len(p.scratch), len(p.scratch)+need)
			copy(ns, p.scratch)
			p.scratch = ns
		}
	}
	filled := false
	for _, r := range p.refs {
		var c []byte
		switch r.src {
		case inRow:
			c = row[r.s:r.e:r.e]
		case inScratch:
			c = p.scratch[r.s:r.e:r.e]
		default: // s is the string's index in p.shared, e its length (cut on loading)
			c = p.shared[r.s]
		}
		if r.src != inShared && r.e-r.s == uint32(p.bk.maxCell) && !utf8.Valid(c) { // cut inside a character
			for len(c) > 0 && !utf8.RuneStart(c[len(c)-1]) {
				c = c[:len(c)-1]
			}
			if len(c) > 0 {
				c = c[:len(c)-1]
			}
		}
		if int(r.col) < len(p.phone) && p.phone[r.col] && lostZero(c) {
			n := len(p.scratch)
			p.scratch = append(append(p.scratch, '0'), c...)
			c = p.scratch[n:len(p.scratch):len(p.scratch)]
			p.padded++
		}
		cells[r.col] = c
		if !filled && len(bytes.TrimSpace(c)) > 0 {
			filled = true
		}
	}
	p.cells = cells[:0]
	return cells, filled
}

// lostZero reports whether a cell is a Dutch phone number that lost its
// leading zero: 9 digits, the first not a zero.
func lostZero(c []byte) bool {
	if len(c) != 9 || c[0] == '0' {
		return false
	}
	for _, b := range c {
		if b < '0' || b > '9' {
			return false
		}
	}
	return true
}
