package detectors

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"sync"

	"github.com/crmscan/crmscan/rules"
)

// Byte classes shared by the detectors' hot paths.

func isDigit(c byte) bool  { return c-'0' < 10 }
func isLetter(c byte) bool { return (c|0x20)-'a' < 26 }
func isAlnum(c byte) bool  { return byteClass[c]&classAlnum != 0 }

// isWordByte reports whether c glues onto a value: an ASCII letter or digit,
// an underscore, or any byte of a multi-byte UTF-8 character (letters such
// as é).
func isWordByte(c byte) bool { return byteClass[c]&classWord != 0 }

// byteClass holds isAlnum and isWordByte as bits: one load instead of a
// chain of comparisons in the detectors' loops.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if isDigit(b) || isLetter(b) {
			t[c] |= classAlnum | classWord
		}
		if b == '_' || b >= 0x80 {
			t[c] |= classWord
		}
	}
	return t
}()

const (
	classAlnum = 1 << iota
	classWord
)

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func lowerByte(c byte) byte {
	if c-'A' < 26 {
		return c | 0x20
	}
	return c
}

func upperByte(c byte) byte {
	if c-'a' < 26 {
		return c &^ 0x20
	}
	return c
}

// trimBlank returns the bounds of cell without its surrounding white space.
func trimBlank(cell []byte) (start, end int) {
	start, end = 0, len(cell)
	for start < end && isBlank(cell[start]) {
		start++
	}
	for end > start && isBlank(cell[end-1]) {
		end--
	}
	return start, end
}

// isWholeCell reports whether cell[start:end] is the whole cell, ignoring
// surrounding white space.
func isWholeCell(cell []byte, start, end int) bool {
	for _, c := range cell[:start] {
		if !isBlank(c) {
			return false
		}
	}
	for _, c := range cell[end:] {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

// hasWordFold reports whether the lower-case ASCII word w occurs in cell at
// p, compared case-insensitively, and returns the offset just past it.
func hasWordFold(cell []byte, p int, w string) (int, bool) {
	if p+len(w) > len(cell) {
		return 0, false
	}
	for k := 0; k < len(w); k++ {
		if lowerByte(cell[p+k]) != w[k] {
			return 0, false
		}
	}
	return p + len(w), true
}

// columnHint describes which column names announce a kind of value. Names
// are compared normalised: lower-case with every non-alphanumeric byte
// dropped ("E-mail adres" → "emailadres"). A detector's hint is built by
// specHint from its description; only helper hints that name no kind
// (version columns, notes columns) are written in Go.
type columnHint struct {
	exact    []string // the whole normalised name
	contains []string // a substring of the normalised name
	tokens   []string // a whole word of the name (split on punctuation and camelCase)
	// kind is the detector's ID: a column the column-name table
	// (rules/columns.toml, the CRM vendors' schemas) files under that kind
	// is hinted too ("" for none).
	kind string
}

func (h *columnHint) match(column string) bool {
	if h.kind != "" && h.kind == columnKind(column) {
		return true
	}
	n := normColumn(column)
	if n == "" {
		return false
	}
	for _, e := range h.exact {
		if n == e {
			return true
		}
	}
	for _, c := range h.contains {
		if strings.Contains(n, c) {
			return true
		}
	}
	if len(h.tokens) > 0 {
		for _, tok := range columnTokens(column) {
			for _, w := range h.tokens {
				if tok == w {
					return true
				}
			}
		}
	}
	return false
}

// normColumn lower-cases a column name and drops everything but ASCII
// letters and digits.
func normColumn(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; isAlnum(c) {
			b.WriteByte(lowerByte(c))
		}
	}
	return b.String()
}

// columnTokens splits a column name into lower-case words at every
// non-alphanumeric byte and at camelCase boundaries ("klantBSN" → klant,
// bsn; "BSN_nummer" → bsn, nummer).
func columnTokens(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(s[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := s[i-1]
		if c-'A' < 26 && prev-'a' < 26 { // lower → Upper
			flush(i)
			start = i
		}
	}
	flush(len(s))
	return out
}

// lowerString returns the ASCII lower-case copy of b as a string with one
// allocation.
func lowerString(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteByte(lowerByte(c))
	}
	return sb.String()
}

func stars(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("*", n)
}

// numBoundary reports whether cell[p], the byte just outside a number
// (before it when before is set), ends it: not a letter or digit, not a
// separator glued to more digits (an amount, a date, a longer grouped
// number) and not a leading '+'. sep is the number's group separator, if
// any: a space is then a boundary only when no digit follows it.
func numBoundary(cell []byte, p int, before bool, sep byte) bool {
	c := cell[p]
	if isWordByte(c) || before && c == '+' {
		return false
	}
	switch c {
	case '.', ',', '-', '/', ':':
	case ' ':
		if sep != ' ' {
			return true
		}
	default:
		return true
	}
	q := p + 1
	if before {
		q = p - 1
	}
	return q < 0 || q >= len(cell) || !isDigit(cell[q])
}

// numStartOK reports whether a number may start at cell[i].
func numStartOK(cell []byte, i int) bool { return i == 0 || numBoundary(cell, i-1, true, 0) }

// numEndOK reports whether a number may end just before cell[e].
func numEndOK(cell []byte, e int) bool { return e >= len(cell) || numBoundary(cell, e, false, 0) }

const (
	numMaxDigits = 24
	numMaxGroups = 8
)

// numToken is a run of digit groups joined by single separators
// (4111 1111 1111 1111, 85.07.30-033.28), read without allocating.
type numToken struct {
	d     [numMaxDigits]byte
	size  [numMaxGroups]uint8 // digits per group
	cum   [numMaxGroups]uint8 // digits up to and including each group
	end   [numMaxGroups]int   // offset just past each group
	sep   [numMaxGroups]byte  // separator after each group, 0 after the last
	n, ng int
	last  int  // offset just past the whole token
	over  bool // more digits or groups than fit
}

// readNum reads the digit groups starting at cell[i] (a digit). Groups are
// joined by one byte of seps followed by a digit; unless mixed is set, every
// join must use the first separator.
func readNum(cell []byte, i int, seps string, mixed bool, t *numToken) {
	t.n, t.ng, t.over = 0, 0, false
	var first byte
	p := i
	for {
		q := p
		for q < len(cell) && isDigit(cell[q]) {
			q++
		}
		if k := q - p; !t.over && t.ng < numMaxGroups && t.n+k <= numMaxDigits {
			copy(t.d[t.n:], cell[p:q])
			t.n += k
			t.size[t.ng], t.cum[t.ng], t.end[t.ng], t.sep[t.ng] = uint8(k), uint8(t.n), q, 0
			t.ng++
		} else {
			t.over = true
		}
		t.last = q
		if q+1 >= len(cell) || !isDigit(cell[q+1]) {
			return
		}
		c := cell[q]
		if !hasByte(seps, c) || !mixed && first != 0 && c != first {
			return
		}
		if first == 0 {
			first = c
		}
		if !t.over {
			t.sep[t.ng-1] = c
		}
		p = q + 1
	}
}

// groups reports whether the first k groups of the token have the sizes in
// want.
func (t *numToken) groups(k int, want ...uint8) bool {
	if k != len(want) {
		return false
	}
	for j, w := range want {
		if t.size[j] != w {
			return false
		}
	}
	return true
}

// prefixOK reports whether the first k groups may stand alone as a value:
// the whole token, or groups followed by a space (more digits after a space
// are another number). The end of the token must be a boundary.
func (t *numToken) prefixOK(cell []byte, k int) bool {
	if k == t.ng && !t.over {
		return numEndOK(cell, t.end[k-1])
	}
	return t.sep[k-1] == ' '
}

func hasByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// luhn checks the Luhn (mod 10) check digit over ASCII digits.
func luhn(d []byte) bool { return luhnSum(d, false)%10 == 0 }

// luhnSum is the Luhn sum of ASCII digits, doubling every second digit
// from the right, starting with the last when dbl (the sum a check digit
// is still to complete).
func luhnSum(d []byte, dbl bool) int {
	sum := 0
	for k := len(d) - 1; k >= 0; k-- {
		v := int(d[k] - '0')
		if dbl {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		dbl = !dbl
	}
	return sum
}

// mod97 returns the ASCII digits d as a number modulo 97.
func mod97(d []byte) int {
	r := 0
	for _, c := range d {
		r = (r*10 + int(c-'0')) % 97
	}
	return r
}

// atoi returns the ASCII digits d as a number (d is short).
func atoi(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

// sameDigits reports whether every byte of d is the same (0000, 1111...).
func sameDigits(d []byte) bool {
	for _, c := range d {
		if c != d[0] {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return isDigit(c) || (c|0x20)-'a' < 6 }

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int((c|0x20)-'a') + 10
}

// Hotwords: lower-case words or phrases that announce a kind of value in
// free text, matched case-insensitively as whole words.

// hotwordBefore reports whether one of words ends at most window bytes
// before start.
func hotwordBefore(cell []byte, start int, words []string, window int) bool {
	longest := 0
	for _, w := range words {
		longest = max(longest, len(w))
	}
	lo := max(start-window-longest, 0)
	for p := lo; p < start; p++ {
		if !isLetter(cell[p]) || p > 0 && isAlnum(cell[p-1]) {
			continue
		}
		for _, w := range words {
			e, ok := hasWordFold(cell, p, w)
			if ok && e <= start && e >= start-window && (e == len(cell) || !isAlnum(cell[e]) || !isAlnum(w[len(w)-1])) {
				return true
			}
		}
	}
	return false
}

// hotwordAfter reports whether one of words follows cell[:end] after at
// most three bytes of space or punctuation: "123456782 (bsn)".
func hotwordAfter(cell []byte, end int, words []string) bool {
	p := end
	for k := 0; k < 3 && p < len(cell); k++ {
		c := cell[p]
		if c != ' ' && c != '(' && c != ':' && c != ',' && c != '[' && c != '-' {
			break
		}
		p++
	}
	if p == end && p < len(cell) {
		return false // glued to the value
	}
	for _, w := range words {
		if e, ok := hasWordFold(cell, p, w); ok && (e == len(cell) || !isAlnum(cell[e])) {
			return true
		}
	}
	return false
}

// hotwordNear reports a hotword before cell[start:end] within window bytes,
// or just after it.
func hotwordNear(cell []byte, start, end int, words []string, window int) bool {
	return hotwordBefore(cell, start, words, window) || hotwordAfter(cell, end, words)
}

// foldContains reports whether s contains the lower-case ASCII word w,
// case-insensitively, without allocating.
func foldContains(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		k := 0
		for k < len(w) && lowerByte(s[i+k]) == w[k] {
			k++
		}
		if k == len(w) {
			return true
		}
	}
	return false
}

// isTestBytes reports whether a normalized value, still in its buffer, is
// one of the published example values.
func isTestBytes(norm []byte, list []string) bool {
	for _, v := range list {
		if string(norm) == v {
			return true
		}
	}
	return false
}

// columnKindCache remembers rules.ColumnKind per column name: some detectors
// ask for every cell, and a scan has few distinct column names.
var columnKindCache sync.Map

// columnKind is rules.ColumnKind, cached.
func columnKind(column string) string {
	if v, ok := columnKindCache.Load(column); ok {
		return v.(string)
	}
	k := rules.ColumnKind(column)
	columnKindCache.Store(column, k)
	return k
}

// specHint returns the column hint of a detector, built once (package
// init) from its description in rules/default.toml: `detector.columns`
// match the whole name or a word of it, and the longer ones (six letters
// or more, so that "pass" does not hide in "passport") anywhere inside it;
// `columns_whole`, `columns_within` and `columns_word` match only that
// way. A column the column-name table files under the detector's ID is
// hinted too. A detector without a description panics here, at start-up.
func specHint(id string) columnHint {
	spec := rules.MustDetector(id)
	h := columnHint{kind: id}
	for _, n := range spec.Columns {
		h.exact = append(h.exact, n)
		h.tokens = append(h.tokens, n)
		if len(n) >= 6 {
			h.contains = append(h.contains, n)
		}
	}
	h.exact = append(h.exact, spec.ColumnsWhole...)
	h.contains = append(h.contains, spec.ColumnsWithin...)
	h.tokens = append(h.tokens, spec.ColumnsWord...)
	return h
}

// priorityOf returns a detector's priority from its description
// (`detector.priority`), where the ranking of every detector sits in one
// place. Only All sorts by it, so the lookup costs no cell anything.
func priorityOf(id string) int { return rules.MustDetector(id).Priority }

// wholeValue returns the bounds of the cell without surrounding white space
// and whether what is left is at most max bytes and not empty.
func wholeValue(cell []byte, max int) (start, end int, ok bool) {
	start, end = trimBlank(cell)
	return start, end, end > start && end-start <= max
}

// foldInto writes the ASCII lower-case form of v into buf and returns it,
// or nil when v does not fit; bytes above 0x7f (UTF-8 letters such as ä)
// are copied unchanged. It does not allocate.
func foldInto(buf []byte, v []byte) []byte {
	if len(v) > len(buf) {
		return nil
	}
	for i, c := range v {
		buf[i] = lowerByte(c)
	}
	return buf[:len(v)]
}

// inWords reports whether w is one of words, without allocating.
func inWords(w []byte, words []string) bool {
	for _, x := range words {
		if string(w) == x {
			return true
		}
	}
	return false
}

// indexDigit returns the offset of the first ASCII digit in cell at or
// after i, or len(cell) when there is none. It reads eight bytes at a time:
// a detector's loop that only steps over non-digits jumps straight to the
// next digit.
func indexDigit(cell []byte, i int) int {
	for ; i+8 <= len(cell); i += 8 {
		x := binary.LittleEndian.Uint64(cell[i:])
		// Per byte b, with its high bit cleared (m): m+0x50 has the high
		// bit set when m >= '0', m+0x46 when m > '9'; neither carries into
		// the next byte. A byte with its high bit set is no digit.
		m := x & 0x7f7f7f7f7f7f7f7f
		if d := (m + 0x5050505050505050) &^ (m + 0x4646464646464646) &^ x & 0x8080808080808080; d != 0 {
			return i + bits.TrailingZeros64(d)/8
		}
	}
	for ; i < len(cell); i++ {
		if isDigit(cell[i]) {
			return i
		}
	}
	return len(cell)
}
