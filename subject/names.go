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

// nameTokens folds a name into its words: diacritics folded, lower case,
// every other character a separator ("Berg-Jansen" is two words, "in 't"
// is "in t"). buf is reused.
func nameTokens(s []byte, buf []string, sb *strings.Builder) []string {
	buf = buf[:0]
	sb.Reset()
	flush := func() {
		if sb.Len() > 0 {
			buf = append(buf, sb.String())
			sb.Reset()
		}
	}
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(s[i:])
		}
		i += n
		switch f := foldRune(r); f {
		case "":
			flush()
		case "\x00":
		default:
			sb.WriteString(f)
		}
	}
	flush()
	return buf
}

// canonical puts a name written surname first ("Vries, Anna de", "de
// Vries, Anna") in reading order: the words after the comma, then those
// before it.
func canonical(s []byte, buf []string, sb *strings.Builder) []string {
	if c := indexByte(s, ','); c >= 0 && indexByte(s[c+1:], ',') < 0 {
		before := nameTokens(s[:c], nil, sb)
		after := nameTokens(s[c+1:], buf, sb)
		if len(before) > 0 && len(after) > 0 {
			return append(after, before...)
		}
	}
	return nameTokens(s, buf, sb)
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
func splitGiven(tok []string) int {
	for i, t := range tok {
		if i > 0 && particles[t] {
			return i
		}
	}
	if len(tok) < 2 {
		return 0
	}
	return len(tok) - 1
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
	names []personName
	exact map[string][]int // full → names
	last  map[string][]int // last word → names, for free text
	fuzzy map[string][]int // "f:"+first word, "l:"+last word, "p:"+prefix → names
	// maxWords is the most words of any name, for free text.
	maxWords int
}

func newNameIndex() *nameIndex {
	return &nameIndex{exact: map[string][]int{}, last: map[string][]int{}, fuzzy: map[string][]int{}}
}

// add indexes a name given in a request; false when it has fewer than
// two words (a first name alone identifies no one).
func (x *nameIndex) add(si int, given string) bool {
	var sb strings.Builder
	tok := canonical([]byte(given), nil, &sb)
	if len(tok) < 2 {
		return false
	}
	n := personName{subject: si, tokens: tok, full: strings.Join(tok, " "), given: splitGiven(tok)}
	ni := len(x.names)
	x.names = append(x.names, n)
	addTo(x.exact, n.full, ni)
	lw := tok[len(tok)-1]
	addTo(x.last, lw, ni)
	addTo(x.fuzzy, "f:"+tok[0], ni)
	addTo(x.fuzzy, "l:"+lw, ni)
	if len(lw) > 3 {
		addTo(x.fuzzy, "p:"+lw[:3], ni)
	}
	x.maxWords = max(x.maxWords, len(tok))
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
func (x *nameIndex) match(tok []string, out []nameMatch, compared *int) []nameMatch {
	if len(tok) < 2 {
		return out
	}
	full := strings.Join(tok, " ")
	if l, ok := x.exact[full]; ok {
		for _, ni := range l {
			out = appendMatch(out, nameMatch{subject: x.names[ni].subject, score: 1})
		}
		return out
	}
	g := splitGiven(tok)
	lw := tok[len(tok)-1]
	try := func(k string) {
		for _, ni := range x.fuzzy[k] {
			n := &x.names[ni]
			*compared++
			score := jaroWinkler(full, n.full)
			if score < PossibleThreshold {
				if s, ok := initialMatch(tok, g, n); ok {
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
	try("f:" + tok[0])
	try("l:" + lw)
	// A surname prefix catches a typo in the surname; a prefix shared by
	// many subjects ("jan" of Jansen and Janssen in a long file) would
	// make each row compare with all of them, so it is used only when few.
	if len(lw) > 3 && len(x.fuzzy["p:"+lw[:3]]) <= maxPrefixBucket {
		try("p:" + lw[:3])
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
func initialMatch(tok []string, g int, n *personName) (float64, bool) {
	if g == 0 || g > n.given || len(tok)-g != len(n.tokens)-n.given {
		return 0, false
	}
	for i := 0; i < g; i++ {
		if len(tok[i]) != 1 || tok[i][0] != n.tokens[i][0] {
			return 0, false
		}
	}
	for i := g; i < len(tok); i++ {
		if tok[i] != n.tokens[i-g+n.given] {
			return 0, false
		}
	}
	return initialScore, true
}

// inText finds the subjects whose full name is a run of words of a free
// text: exact after folding, never fuzzy (a near name in prose is noise).
func (x *nameIndex) inText(tok []string, out []nameMatch) []nameMatch {
	for i, w := range tok {
		l, ok := x.last[w]
		if !ok {
			continue
		}
		for _, ni := range l {
			n := &x.names[ni]
			k := len(n.tokens)
			if i+1 < k || !equalWords(tok[i+1-k:i+1], n.tokens) {
				continue
			}
			out = appendMatch(out, nameMatch{subject: n.subject, score: 1})
		}
	}
	return out
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// jaroWinkler is the Jaro-Winkler similarity of two strings (bytes: the
// names are folded to ASCII).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	win = max(win, 0)
	var ma, mb [128]bool
	if la > len(ma) || lb > len(mb) {
		return 0
	}
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
	tok, part           []string
	sb                  strings.Builder
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
			t.tok = t.tok[:0]
			cols := []int{l}
			if fi >= 0 {
				t.part = nameTokens(cell(cells, t.first[fi]), t.part, &t.sb)
				if len(t.part) == 0 {
					continue
				}
				t.tok = append(t.tok, t.part...)
				cols = append(cols, t.first[fi])
			}
			for _, mi := range t.middle {
				t.part = nameTokens(cell(cells, mi), t.part, &t.sb)
				if len(t.part) > 0 {
					t.tok = append(t.tok, t.part...)
					cols = append(cols, mi)
				}
			}
			// A last name may carry its particles sorted behind it:
			// "Vries, de" or "Vries de".
			t.part = canonical(ln, t.part, &t.sb)
			t.tok = append(t.tok, t.part...)
			t.ms = t.x.match(t.tok, t.ms[:0], &t.compared)
			add(cols, true)
		}
	}
	for _, f := range t.full {
		c := cell(cells, f)
		if len(trimBlank(c)) == 0 {
			continue
		}
		t.tok = canonical(c, t.tok, &t.sb)
		t.ms = t.x.match(t.tok, t.ms[:0], &t.compared)
		add([]int{f}, true)
	}
	for _, ci := range t.text {
		c := cell(cells, ci)
		if len(c) < 5 || indexByte(c, ' ') < 0 {
			continue // one word is no full name
		}
		t.tok = nameTokens(c, t.tok, &t.sb)
		t.ms = t.x.inText(t.tok, t.ms[:0])
		add([]int{ci}, false)
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
