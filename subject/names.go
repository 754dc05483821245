package subject

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner"
)

// PossibleThreshold is the least similarity (Jaro-Winkler on the folded
// full name) at which a name that is not the same is shown as possible.
const PossibleThreshold = 0.88

// initialScore is the score of an initial with the same surname ("A. de
// Vries" for Anna de Vries): possible, never exact.
const initialScore = 0.9

// maxPrefixBucket bounds the subjects compared by surname prefix.
const maxPrefixBucket = 32

// particles are the Dutch and Belgian tussenvoegsels (and the French and
// German ones common in Belgium), as folded tokens: "'t" is "t", "d'" is "d".
var particles = map[string]bool{
	"van": true, "de": true, "der": true, "den": true, "ter": true, "ten": true, "te": true, "het": true,
	"t": true, "in": true, "op": true, "aan": true, "bij": true, "uit": true, "onder": true, "over": true,
	"s": true, "d": true, "la": true, "le": true, "du": true, "des": true, "von": true, "vom": true, "zu": true,
	"da": true, "di": true, "del": true, "della": true, "dos": true, "das": true, "vd": true,
}

// foldRune maps a letter with a diacritic to its base letters, lower
// case; "" for a rune that separates words.
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return string(r)
		case r >= 'A' && r <= 'Z':
			return string(r + 'a' - 'A')
		}
		return ""
	}
	switch r {
	case 'ß':
		return "ss"
	case 'æ', 'Æ':
		return "ae"
	case 'œ', 'Œ':
		return "oe"
	case 'ø', 'Ø':
		return "o"
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d"
	case 'ł', 'Ł':
		return "l"
	case 'þ', 'Þ':
		return "th"
	case 'ı':
		return "i"
	case 'ĳ', 'Ĳ':
		return "ij"
	}
	if s, ok := latinBase[unicode.ToLower(r)]; ok {
		return s
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return string(unicode.ToLower(r))
	}
	if unicode.Is(unicode.Mn, r) {
		return "\x00" // a combining mark: dropped, not a separator
	}
	return ""
}

// asciiLetters lets an ASCII letter or digit be sliced as a string
// without allocating.
var asciiLetters = func() string {
	b := make([]byte, 128)
	for i := range b {
		b[i] = byte(i)
	}
	return string(b)
}()

// latinBase maps the accented Latin letters (Latin-1 and Extended-A,
// lower case) to their base letter.
var latinBase = func() map[rune]string {
	m := map[rune]string{}
	for base, all := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ", "i": "ìíîïĩīĭįİ",
		"j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşšș",
		"t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range all {
			m[r] = base
		}
	}
	return m
}()

// folded is a name folded into words: diacritics folded, lower case,
// every other character a separator ("Berg-Jansen" is two words, "in 't"
// is "in t"), the words joined by one space in buf. It is reused from
// row to row, so that matching a row allocates nothing.
type folded struct {
	buf  []byte
	ends []int // end of each word in buf; a word starts one past the previous end
}

func (f *folded) reset() { f.buf, f.ends = f.buf[:0], f.ends[:0] }

func (f *folded) n() int { return len(f.ends) }

func (f *folded) word(i int) []byte {
	start := 0
	if i > 0 {
		start = f.ends[i-1] + 1
	}
	return f.buf[start:f.ends[i]]
}

// add appends the words of s.
func (f *folded) add(s []byte) {
	inWord := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(s[i:])
		}
		i += n
		var fr string
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			fr = asciiLetters[r : r+1]
		case r >= 'A' && r <= 'Z':
			fr = asciiLetters[r+'a'-'A' : r+'a'-'A'+1]
		default:
			fr = foldRune(r)
		}
		switch fr {
		case "":
			if inWord {
				f.ends = append(f.ends, len(f.buf))
				inWord = false
			}
			continue
		case "\x00":
			continue
		}
		if !inWord {
			if len(f.buf) > 0 {
				f.buf = append(f.buf, ' ')
			}
			inWord = true
		}
		f.buf = append(f.buf, fr...)
	}
	if inWord {
		f.ends = append(f.ends, len(f.buf))
	}
}

// addCanonical appends a name, putting one written surname first ("Vries,
// Anna de", "de Vries, Anna") in reading order: the words after the
// comma, then those before it.
func (f *folded) addCanonical(s []byte) {
	if c := indexByte(s, ','); c >= 0 && indexByte(s[c+1:], ',') < 0 {
		n0, b0 := len(f.ends), len(f.buf)
		f.add(s[c+1:])
		n1 := len(f.ends)
		f.add(s[:c])
		if n1 > n0 && len(f.ends) > n1 {
			return
		}
		f.buf, f.ends = f.buf[:b0], f.ends[:n0]
	}
	f.add(s)
}

// tokens returns the words as strings (for the index, not per row).
func (f *folded) tokens() []string {
	out := make([]string, f.n())
	for i := range out {
		out[i] = string(f.word(i))
	}
	return out
}

func indexByte(s []byte, c byte) int {
	for i, b := range s {
		if b == c {
			return i
		}
	}
	return -1
}

// splitGiven returns how many leading words of a folded name are given
// names: those before the first particle, or all but the last word.
func (f *folded) splitGiven() int {
	for i := 1; i < f.n(); i++ {
		if particles[string(f.word(i))] {
			return i
		}
	}
	if f.n() < 2 {
		return 0
	}
	return f.n() - 1
}

// personName is one name of one subject, folded.
type personName struct {
	subject int
	tokens  []string
	full    string // tokens joined by one space
	given   int    // leading tokens that are given names
}

// nameIndex finds subjects by name with map lookups: exact by the folded
// full name, candidates for a fuzzy match by first word, last word and
// the last word's first three letters.
type nameIndex struct {
	names  []personName
	exact  map[string][]int // full → names
	first  map[string][]int // first word → names
	last   map[string][]int // last word → names
	prefix map[string][]int // the last word's first three letters → names
}

func newNameIndex() *nameIndex {
	return &nameIndex{exact: map[string][]int{}, first: map[string][]int{}, last: map[string][]int{}, prefix: map[string][]int{}}
}

// add indexes a name given in a request; false when it has fewer than
// two words (a first name alone identifies no one).
func (x *nameIndex) add(si int, given string) bool {
	var f folded
	f.addCanonical([]byte(given))
	if f.n() < 2 {
		return false
	}
	tok := f.tokens()
	n := personName{subject: si, tokens: tok, full: string(f.buf), given: f.splitGiven()}
	ni := len(x.names)
	x.names = append(x.names, n)
	addTo(x.exact, n.full, ni)
	lw := tok[len(tok)-1]
	addTo(x.first, tok[0], ni)
	addTo(x.last, lw, ni)
	if len(lw) > 3 {
		addTo(x.prefix, lw[:3], ni)
	}
	return true
}

func addTo(m map[string][]int, k string, i int) {
	l := m[k]
	if len(l) == 0 || l[len(l)-1] != i {
		m[k] = append(l, i)
	}
}

// nameMatch is a subject whose name a row shows.
type nameMatch struct {
	subject  int
	possible bool
	score    float64
}

// match compares a row's folded name with the index: exact matches when
// there are any, else the possible ones at or above the threshold.
// compared counts the fuzzy comparisons made.
func (x *nameIndex) match(f *folded, out []nameMatch, compared *int) []nameMatch {
	if f.n() < 2 {
		return out
	}
	if l, ok := x.exact[string(f.buf)]; ok {
		for _, ni := range l {
			out = appendMatch(out, nameMatch{subject: x.names[ni].subject, score: 1})
		}
		return out
	}
	g := f.splitGiven()
	lw := f.word(f.n() - 1)
	try := func(l []int) {
		for _, ni := range l {
			n := &x.names[ni]
			*compared++
			score := jaroWinkler(f.buf, n.full)
			if score < PossibleThreshold {
				if s, ok := initialMatch(f, g, n); ok {
					score = s
				} else {
					continue
				}
			}
			if score >= 1 {
				score = 0.99 // the same letters in another order: still to confirm
			}
			out = appendMatch(out, nameMatch{subject: n.subject, possible: true, score: score})
		}
	}
	try(x.first[string(f.word(0))])
	try(x.last[string(lw)])
	// A surname prefix catches a typo in the surname; a prefix shared by
	// many subjects ("jan" of Jansen and Janssen in a long file) would
	// make each row compare with all of them, so it is used only when few.
	if len(lw) > 3 {
		if l := x.prefix[string(lw[:3])]; len(l) <= maxPrefixBucket {
			try(l)
		}
	}
	return out
}

// appendMatch adds m unless the subject is there already; an exact match
// or a higher score wins.
func appendMatch(out []nameMatch, m nameMatch) []nameMatch {
	for i := range out {
		if out[i].subject == m.subject {
			if !m.possible && out[i].possible || m.possible == out[i].possible && m.score > out[i].score {
				out[i] = m
			}
			return out
		}
	}
	return append(out, m)
}

// initialMatch reports a row name whose given names are initials of the
// subject's given names, with the same particles and surname.
func initialMatch(f *folded, g int, n *personName) (float64, bool) {
	if g == 0 || g > n.given || f.n()-g != len(n.tokens)-n.given {
		return 0, false
	}
	for i := 0; i < g; i++ {
		if w := f.word(i); len(w) != 1 || w[0] != n.tokens[i][0] {
			return 0, false
		}
	}
	for i := g; i < f.n(); i++ {
		if string(f.word(i)) != n.tokens[i-g+n.given] {
			return 0, false
		}
	}
	return initialScore, true
}

// inText finds the subjects whose full name is a run of words of a free
// text: exact after folding, never fuzzy (a near name in prose is noise).
func (x *nameIndex) inText(f *folded, out []nameMatch) []nameMatch {
	for i := 0; i < f.n(); i++ {
		l, ok := x.last[string(f.word(i))]
		if !ok {
			continue
		}
		for _, ni := range l {
			n := &x.names[ni]
			k := len(n.tokens)
			if i+1 < k {
				continue
			}
			same := true
			for j := 0; j < k && same; j++ {
				same = string(f.word(i+1-k+j)) == n.tokens[j]
			}
			if same {
				out = appendMatch(out, nameMatch{subject: n.subject, score: 1})
			}
		}
	}
	return out
}

// jaroWinkler is the Jaro-Winkler similarity of two strings (bytes: the
// names are folded to ASCII, mostly).
func jaroWinkler(a []byte, b string) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if string(a) == b {
		return 1
	}
	var ma, mb [128]bool
	if la > len(ma) || lb > len(mb) {
		return 0
	}
	win := max(max(la, lb)/2-1, 0)
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb, i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && p < lb && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// Column roles for names.
const (
	roleNone = iota
	roleFirst
	roleMiddle
	roleLast
	roleFull
	roleText // any other column: a name may be written in it
)

// nameRole says what a column holds of a name, by the scanner's column
// knowledge (rules/columns.toml, then the name detector's own words).
func nameRole(col string) int {
	switch k := rules.ColumnKind(col); {
	case k == "name.first":
		return roleFirst
	case k == "name.middle":
		return roleMiddle
	case k == "name.last":
		return roleLast
	case k == "name.full", k == "name.generic":
		return roleFull
	case k != "" && k != "notes" && k != "not_person":
		return roleNone // an e-mail, a phone, an address: no name in it
	}
	if d, ok := detectors.Get("name"); ok && d.ColumnHint(col) {
		n := rules.ColumnKey(col)
		switch {
		case containsAny(n, "voornaam", "firstname", "givenname", "forename", "roepnaam", "voorletter"):
			return roleFirst
		case containsAny(n, "tussenvoegsel", "middlename", "voorvoegsel"):
			return roleMiddle
		case containsAny(n, "achternaam", "lastname", "surname", "familienaam", "geslachtsnaam", "familyname"):
			return roleLast
		}
		return roleFull
	}
	return roleText
}

func containsAny(s string, ws ...string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// tableNames is the name layout of one table and one worker's buffers.
type tableNames struct {
	x                   *nameIndex
	first, middle, last []int // columns per role
	full, text          []int
	f                   folded
	cols                []int
	ms                  []nameMatch
	compared            int // fuzzy comparisons made, for tests
}

var _ scanner.RowMatch = (*tableNames)(nil)

// ForTable implements scanner.SubjectRowMatcher: nil when no subject has a
// name, so that rows cost nothing more.
func (m *Matcher) ForTable(_ string, columns []string) scanner.RowMatch {
	if m.names == nil || len(m.names.names) == 0 {
		return nil
	}
	t := &tableNames{x: m.names}
	for i, c := range columns {
		switch nameRole(c) {
		case roleFirst:
			t.first = append(t.first, i)
		case roleMiddle:
			t.middle = append(t.middle, i)
		case roleLast:
			t.last = append(t.last, i)
		case roleFull:
			t.full = append(t.full, i)
		case roleText:
			t.text = append(t.text, i)
		}
	}
	if len(columns) == 0 {
		t.text = []int{0} // no header: the first cell may be anything
	}
	return t
}

func cell(cells [][]byte, i int) []byte {
	if i < len(cells) {
		return cells[i]
	}
	return nil
}

// Row implements scanner.RowMatch: the name from the row's name columns
// (first + middle + last, or a full-name column), and names inside the
// row's other text cells.
func (t *tableNames) Row(cells [][]byte, hits []scanner.SubjectHit) []scanner.SubjectHit {
	add := func(cols []int, whole bool) {
		for _, m := range t.ms {
			for _, c := range cols {
				hits = append(hits, scanner.SubjectHit{Subject: m.subject, Kind: "name", Column: c, WholeCell: whole,
					Possible: m.possible, Score: m.score})
			}
		}
	}
	for _, l := range t.last {
		ln := cell(cells, l)
		if len(trimBlank(ln)) == 0 {
			continue
		}
		for fi := -1; fi < len(t.first); fi++ {
			if fi < 0 && len(t.first) > 0 {
				continue
			}
			t.f.reset()
			t.cols = append(t.cols[:0], l)
			if fi >= 0 {
				t.f.add(cell(cells, t.first[fi]))
				if t.f.n() == 0 {
					continue
				}
				t.cols = append(t.cols, t.first[fi])
			}
			for _, mi := range t.middle {
				n := t.f.n()
				t.f.add(cell(cells, mi))
				if t.f.n() > n {
					t.cols = append(t.cols, mi)
				}
			}
			// A last name may carry its particles sorted behind it:
			// "Vries, de" or "Vries de".
			t.f.addCanonical(ln)
			t.ms = t.x.match(&t.f, t.ms[:0], &t.compared)
			add(t.cols, true)
		}
	}
	for _, fc := range t.full {
		c := cell(cells, fc)
		if len(trimBlank(c)) == 0 {
			continue
		}
		t.f.reset()
		t.f.addCanonical(c)
		t.ms = t.x.match(&t.f, t.ms[:0], &t.compared)
		t.cols = append(t.cols[:0], fc)
		add(t.cols, true)
	}
	for _, ci := range t.text {
		c := cell(cells, ci)
		if len(c) < 5 || indexByte(c, ' ') < 0 {
			continue // one word is no full name
		}
		t.f.reset()
		t.f.add(c)
		t.ms = t.x.inText(&t.f, t.ms[:0])
		t.cols = append(t.cols[:0], ci)
		add(t.cols, false)
	}
	return dedupeHits(hits)
}

// dedupeHits drops a possible hit of a subject who also has an exact one
// in the same column.
func dedupeHits(h []scanner.SubjectHit) []scanner.SubjectHit {
	if len(h) < 2 {
		return h
	}
	out := make([]scanner.SubjectHit, 0, len(h))
	for i, x := range h {
		dup := false
		for j, y := range h {
			if j != i && y.Subject == x.Subject && y.Column == x.Column && y.Kind == x.Kind &&
				(x.Possible && !y.Possible || x.Possible == y.Possible && (y.Score > x.Score || y.Score == x.Score && j < i)) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

func trimBlank(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}
