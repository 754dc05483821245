package detectors

// BSN finds Dutch citizen service numbers (burgerservicenummer): nine digits,
// or eight with the leading zero dropped, passing the 11-proef; written
// plain (111222333), as 1112.22.333, or as 111 222 333 / 111-222-333.
//
// A random nine-digit number passes the 11-proef one time in eleven, so a
// whole-cell value is only Low unless the column name says BSN, and a value
// inside free text counts only next to a word such as "bsn" or "sofinummer".
type BSN struct{}

var _ Detector = BSN{}

func init() { Register(BSN{}) }

// ID returns "bsn".
func (BSN) ID() string { return "bsn" }

// Priority ranks BSN above phone numbers and below IBAN and e-mail.
func (BSN) Priority() int { return priorityOf("bsn") }

var bsnHint = specHint("bsn") // words: rules/default.toml, rules."pii.bsn"

// ColumnHint reports names such as bsn, BSN_nummer, sofinummer, citizen_id.
func (BSN) ColumnHint(column string) bool { return bsnHint.match(column) }

// Prefilter implements Detector.
func (BSN) Prefilter() Prefilter {
	// Nine or eight digits, or printed 111 222 333 or 1112.22.333: every
	// form has a run of three, eight or nine digits.
	return Prefilter{MinDigits: 8, MinGroup: 8, Runs: []int{3, 8, 9}}
}

// bsnHotwords announce a BSN in free text; lower-case, matched as whole
// words, case-insensitively.
var bsnHotwords = []string{
	"bsn", "bsnnummer", "bsnnr", "burgerservicenummer", "burger service nummer",
	"sofinummer", "sofi-nummer", "sofinr", "sofi", "citizen service number",
	"persoonsnummer", "sociaal-fiscaal nummer", "sociaal fiscaal nummer",
}

// bsnTestValues are the BSNs published as examples (11-proef
// documentation, test suites).
var bsnTestValues = []string{"111222333", "123456782", "999999990"}

const (
	bsnHotWindow = 40 // bytes between a hotword's end and the value
	bsnHotMaxLen = 22 // longest hotword
)

// Find returns the BSNs in the cell.
func (BSN) Find(cell []byte, ctx Context, out []Match) []Match {
	if ctx.NoLetters && !ctx.Hint {
		return bsnWhole(cell, ctx, out)
	}
	for i := 0; i < len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		run := i
		for run < len(cell) && isDigit(cell[run]) {
			run++
		}
		var d [9]byte
		end, ok := bsnAt(cell, i, run, &d)
		if !ok || !elfproef(&d) {
			i = run
			continue
		}
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end)}
		switch {
		case ctx.Hint:
			m.Confidence = High
		case m.WholeCell && ctx.kind() == "phone":
			// Nine digits in a phone column are a phone number that
			// lost its leading zero, however they fare in the 11-proef.
			i = end
			continue
		case m.WholeCell:
			m.Confidence = Low
		case bsnHotwordNear(cell, i, end):
			m.Confidence = High
		default:
			i = end
			continue
		}
		m.Normalized = ctx.norm(d[:])
		m.Test = isTestBytes(d[:], bsnTestValues)
		out = append(out, m)
		i = end
	}
	return out
}

// bsnWhole is Find on a cell without letters outside a BSN column: with no
// room for a hotword, only a BSN that is the whole cell counts (and in a
// phone column not even that), so only the cell's first digit is tried.
func bsnWhole(cell []byte, ctx Context, out []Match) []Match {
	i := 0
	for i < len(cell) && isBlank(cell[i]) {
		i++
	}
	if i == len(cell) || !isDigit(cell[i]) || ctx.kind() == "phone" {
		return out
	}
	run := i
	for run < len(cell) && isDigit(cell[run]) {
		run++
	}
	var d [9]byte
	end, ok := bsnAt(cell, i, run, &d)
	if !ok || !isWholeCell(cell, i, end) || !elfproef(&d) {
		return out
	}
	return append(out, Match{Start: i, End: end, WholeCell: true, Confidence: Low, Normalized: ctx.norm(d[:]),
		Test: isTestBytes(d[:], bsnTestValues)})
}

// bsnAt reads a BSN whose first digit run is cell[i:run] into d (nine
// digits, zero-padded) and returns its end.
func bsnAt(cell []byte, i, run int, d *[9]byte) (int, bool) {
	if i > 0 && !numBoundary(cell, i-1, true, 0) {
		return 0, false
	}
	var end int
	var sep byte
	switch n := run - i; n {
	case 9, 8:
		d[0] = '0'
		copy(d[9-n:], cell[i:run])
		end = run
	case 4, 3: // 1112.22.333 or 111 222 333
		mid := 2
		if n == 3 {
			mid = 3
		}
		if run >= len(cell) {
			return 0, false
		}
		sep = cell[run]
		if sep != '.' && sep != ' ' && sep != '-' {
			return 0, false
		}
		g2 := run + 1
		g2e := g2 + mid
		if g2e+4 > len(cell) || !allDigits(cell[g2:g2e]) || cell[g2e] != sep || !allDigits(cell[g2e+1:g2e+4]) {
			return 0, false
		}
		end = g2e + 4
		copy(d[:n], cell[i:run])
		copy(d[n:], cell[g2:g2e])
		copy(d[n+mid:], cell[g2e+1:end])
		if i >= 2 && cell[i-1] == sep && isDigit(cell[i-2]) {
			return 0, false // a group of a longer number
		}
	default:
		return 0, false
	}
	if end < len(cell) && !numBoundary(cell, end, false, sep) {
		return 0, false
	}
	return end, true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// elfproef checks the 11-proef: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11),
// not all zeros.
func elfproef(d *[9]byte) bool {
	sum, nonzero := 0, false
	for k := 0; k < 8; k++ {
		v := int(d[k] - '0')
		sum += (9 - k) * v
		nonzero = nonzero || v != 0
	}
	last := int(d[8] - '0')
	return (nonzero || last != 0) && (sum-last)%11 == 0
}

// bsnHotwordNear reports whether a hotword ends at most bsnHotWindow bytes
// before cell[start:end], or follows it within a few bytes of punctuation.
func bsnHotwordNear(cell []byte, start, end int) bool {
	lo := start - bsnHotWindow - bsnHotMaxLen
	if lo < 0 {
		lo = 0
	}
	for p := lo; p < start; p++ {
		if !isLetter(cell[p]) || p > 0 && isAlnum(cell[p-1]) {
			continue
		}
		for _, w := range bsnHotwords {
			e, ok := hasWordFold(cell, p, w)
			if ok && e <= start && e >= start-bsnHotWindow && (e == len(cell) || !isAlnum(cell[e])) {
				return true
			}
		}
	}
	p := end
	for k := 0; k < 3 && p < len(cell); k++ {
		c := cell[p]
		if c != ' ' && c != '(' && c != ':' && c != ',' && c != '[' && c != '-' {
			break
		}
		p++
	}
	for _, w := range bsnHotwords {
		if e, ok := hasWordFold(cell, p, w); ok && (e == len(cell) || !isAlnum(cell[e])) {
			return true
		}
	}
	return false
}

// Mask keeps the last two digits: *******82.
func (BSN) Mask(normalized string) string {
	if len(normalized) < 4 {
		return "***"
	}
	return stars(len(normalized)-2) + normalized[len(normalized)-2:]
}
