package detectors

import (
	_ "embed"
	"strings"
	"sync"
)

// Name finds person names. A value alone cannot show that it is a name, so
// the column decides: in a column the column-name table (rules/columns.toml)
// or the detector's own list calls a name column (voornaam, achternaam,
// tussenvoegsel, FirstName, last_name, fullname, yomifullname...), a cell
// that looks like a name is a whole-cell match.
//
// A specific name column gives High. A bare "name" or "naam" may hold a
// company or a product as well, so there a value is Medium when it reads as
// a person's name (a known first name, or a particle such as "van der"
// between capitalised words) and Low otherwise, counting only when most of
// the column looks like names. Company, product and account name columns
// are never name columns.
type Name struct{}

var _ Detector = Name{}

func init() { Register(Name{}) }

// ID returns "name".
func (Name) ID() string { return "name" }

// Priority ranks names below every identifier and above the note lexicons.
func (Name) Priority() int { return priorityOf("name") }

// nameSpecific are substrings of a normalised column name that make it a
// person-name column.
var nameSpecific = []string{
	"voornaam", "achternaam", "tussenvoegsel", "roepnaam", "familienaam", "meisjesnaam", "geslachtsnaam",
	"volledigenaam", "firstname", "lastname", "middlename", "fullname", "surname", "givenname", "forename",
	"contactname", "contactnaam", "contactpersoon",
}

// nameNotPerson are substrings of a column name that name a thing.
var nameNotPerson = []string{
	"bedrijf", "company", "product", "artikel", "account", "organi", "firma", "handels", "file", "bestand",
	"user", "gebruiker", "domain", "domein", "campa", "item", "categor", "tag", "host", "server", "straat",
	"street", "plaats", "city", "stad", "deal", "opportunit", "project", "merk", "brand", "team", "groep", "group",
	"afdeling", "department", "vestiging", "winkel", "shop", "store", "bank", "school",
}

// ColumnHint reports a person-name column.
func (Name) ColumnHint(column string) bool {
	k := columnKind(column)
	if strings.HasPrefix(k, "name.") {
		return true
	}
	if k != "" {
		return false
	}
	n := normColumn(column)
	for _, w := range nameNotPerson {
		if strings.Contains(n, w) {
			return false
		}
	}
	for _, w := range nameSpecific {
		if strings.Contains(n, w) {
			return true
		}
	}
	for _, tok := range columnTokens(column) {
		if tok == "naam" || tok == "name" {
			return true
		}
	}
	return false
}

// SpecificNameColumn reports whether a column's name calls it a person's
// name specifically (first name, surname, full name), not a bare "name"
// that may hold a company or a product as well.
func SpecificNameColumn(column string) bool { return specificNameColumn(column) }

// specificNameColumn reports whether a name column names a person
// specifically (not a bare "name"); it does not allocate.
func specificNameColumn(column string) bool {
	if v, ok := specificCache.Load(column); ok {
		return v.(bool)
	}
	v := specificNameColumnUncached(column)
	specificCache.Store(column, v)
	return v
}

// specificCache remembers specificNameColumn per column name: Find asks for
// every cell, and a scan has few distinct column names.
var specificCache sync.Map

func specificNameColumnUncached(column string) bool {
	switch k := columnKind(column); {
	case k == "name.generic":
		return false
	case strings.HasPrefix(k, "name."):
		return true
	}
	for _, w := range nameSpecific {
		if foldContainsAlnum(column, w) {
			return true
		}
	}
	return false
}

// foldContainsAlnum reports whether the letters and digits of s, lower
// case, contain w ("First_Name" contains "firstname").
func foldContainsAlnum(s, w string) bool {
	for i := 0; i < len(s); i++ {
		p, k := i, 0
		for p < len(s) && k < len(w) {
			c := lowerByte(s[p])
			p++
			if !isAlnum(c) {
				if k == 0 {
					break
				}
				continue
			}
			if c != w[k] {
				break
			}
			k++
		}
		if k == len(w) {
			return true
		}
	}
	return false
}

// Prefilter implements Detector: names live in name columns only.
func (Name) Prefilter() Prefilter { return Prefilter{MinLen: 1, All: ShapeLetter, HintOnly: true} }

const nameMaxLen = 80

// namePlaceholders are values that stand for "no name".
var namePlaceholders = []string{
	"nvt", "n.v.t.", "n.v.t", "onbekend", "unknown", "test", "testtest", "test test", "n/a", "na", "none", "null",
	"nil", "geen", "leeg", "empty", "tbd", "nee", "ja", "yes", "no", "true", "false", "anoniem", "anonymous",
	"dummy", "demo", "x", "xx", "xxx", "xxxx", "nn", "nb", "-", "--", "nvt.", "idem", "zie boven", "see above",
	"test user", "testuser", "klant", "customer", "contact", "default", "admin", "undefined", "noname",
	"no name", "geen naam", "naam", "name", "various", "diverse", "div", "div.",
}

// nameParticles are the Dutch and other surname particles.
var nameParticles = []string{"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "von", "vom", "da", "di",
	"du", "la", "le", "el", "al", "del", "della", "dos", "das", "op", "in", "aan", "bij", "onder", "uit", "over", "'s"}

// nameCompanyWords are words that mark an organisation, not a person.
var nameCompanyWords = []string{"bv", "b.v.", "b.v", "nv", "n.v.", "vof", "v.o.f.", "ltd", "ltd.", "gmbh", "inc",
	"inc.", "bvba", "llc", "sa", "holding", "group", "groep", "stichting", "vereniging", "co", "co.", "cv", "c.v.",
	"plc", "ag", "bvba", "services", "solutions", "consultancy", "company", "&", "en zn", "zn"}

// Find returns the cell as one name when it looks like one.
func (Name) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint {
		return out // names are told by their column, never by their value
	}
	start, end := trimBlank(cell)
	v := cell[start:end]
	if len(v) == 0 || len(v) > nameMaxLen {
		return out
	}
	words, commas, letters := 1, 0, 0 // letters: ASCII ones, as the prefilter counts
	for i, c := range v {
		switch {
		case isLetter(c):
			letters++
		case c >= 0x80:
		case c == ' ':
			if i > 0 && v[i-1] != ' ' {
				words++
			}
		case c == '-' || c == '\'' || c == '.':
		case c == ',':
			commas++
		default:
			return out // digits, '@', '/', '(', ';', ':'...
		}
	}
	if letters == 0 || words > 6 || commas > 1 || commas == 1 && words > 4 || isPlaceholderName(v) {
		return out
	}
	conf := High
	if !ctx.column().specificName {
		if hasCompanyWord(v) {
			return out
		}
		conf = Low
		if looksLikePersonName(v) {
			conf = Medium
		}
	}
	return append(out, Match{Start: start, End: end, Normalized: ctx.lower(v), Confidence: conf, WholeCell: true})
}

func isPlaceholderName(v []byte) bool {
	if len(v) == 0 || len(v) >= len(namePlaceholderFirst) || namePlaceholderFirst[len(v)]&(1<<(lowerByte(v[0])&63)) == 0 {
		return false
	}
	for _, p := range namePlaceholders {
		if len(p) == len(v) && foldEqual(v, p) {
			return true
		}
	}
	return false
}

// namePlaceholderFirst has, per length, a bit for the first byte (mod 64,
// lower case) of every placeholder of that length: most names fail it.
var namePlaceholderFirst = func() (t [33]uint64) {
	for _, p := range namePlaceholders {
		if len(p) >= len(t) {
			panic("detectors: a name placeholder longer than 32 bytes")
		}
		t[len(p)] |= 1 << (p[0] & 63)
	}
	return t
}()

func foldEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if lowerByte(b[i]) != s[i] {
			return false
		}
	}
	return true
}

// eachWord calls f with every space-separated word of v until f returns
// false.
func eachWord(v []byte, f func(w []byte) bool) {
	for i := 0; i < len(v); {
		for i < len(v) && v[i] == ' ' {
			i++
		}
		j := i
		for j < len(v) && v[j] != ' ' {
			j++
		}
		if j > i && !f(v[i:j]) {
			return
		}
		i = j
	}
}

func hasCompanyWord(v []byte) bool {
	found := false
	eachWord(v, func(w []byte) bool {
		w = trimComma(w)
		for _, c := range nameCompanyWords {
			if foldEqual(w, c) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

func trimComma(w []byte) []byte {
	for len(w) > 0 && w[len(w)-1] == ',' {
		w = w[:len(w)-1]
	}
	return w
}

// looksLikePersonName reports a value that reads as a person's name: a
// known first name or surname among its words ("Jan Jansen", "Dupont
// Alain", "Marissa Campbell"), or capitalised words joined by a surname
// particle ("Jan de Vries", "Vries, Jan de").
func looksLikePersonName(v []byte) bool {
	particle, caps, n := false, 0, 0
	known := false
	eachWord(v, func(w []byte) bool {
		w = trimComma(w)
		n++
		if !known && len(w) > 1 && (isFirstName(w) || n > 1 && isSurname(w)) {
			known = true
		}
		if len(w) > 0 && w[0]-'A' < 26 {
			caps++
		}
		for _, p := range nameParticles {
			if foldEqual(w, p) && w[0]-'a' < 26 {
				particle = true
			}
		}
		return true
	})
	return known && n <= 5 || particle && caps >= 2 && n <= 5
}

//go:embed names.txt
var namesFile string

// firstNames and surnames hold names.txt, lower case ASCII (accents dropped
// as the file writes them).
var firstNames, surnames = func() (map[string]bool, map[string]bool) {
	first, last := map[string]bool{}, map[string]bool{}
	cur := first
	for _, line := range strings.Split(namesFile, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
			continue
		case line == "first:":
			cur = first
			continue
		case line == "last:":
			cur = last
			continue
		}
		for _, w := range strings.Fields(line) {
			cur[w] = true
		}
	}
	return first, last
}()

// lowerName writes a word in lower case into buf; ok is false for a word
// too long or not ASCII letters, hyphens and apostrophes.
func lowerName(w []byte, buf *[24]byte) ([]byte, bool) {
	if len(w) > len(buf) {
		return nil, false
	}
	for i, c := range w {
		if c >= 0x80 {
			return nil, false
		}
		buf[i] = lowerByte(c)
	}
	return buf[:len(w)], true
}

func isFirstName(w []byte) bool {
	var buf [24]byte
	l, ok := lowerName(w, &buf)
	return ok && firstNames[string(l)]
}

func isSurname(w []byte) bool {
	var buf [24]byte
	l, ok := lowerName(w, &buf)
	return ok && surnames[string(l)]
}

// Mask keeps the first letter: J***.
func (Name) Mask(normalized string) string {
	if normalized == "" {
		return "***"
	}
	if normalized[0] >= 0x80 {
		return "***"
	}
	return string(upperByte(normalized[0])) + "***"
}
