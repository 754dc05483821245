package detectors

import "time"

// BENationalNumber finds Belgian national register numbers
// (rijksregisternummer, numéro national; INSZ/NISS) and BIS numbers: eleven
// digits YYMMDD-SSS-CC whose first six are a plausible birth date (BIS: month
// + 20 or + 40) and whose last two are 97 − (the first nine mod 97), with a
// 2 put before the nine for people born in 2000 or later. Printed as
// 85.07.30-033.28, as 850730-033-28, or plain.
//
// The printed form is unmistakable (High); eleven plain digits pass the check
// about one time in 97, so they are Medium next to a word such as
// "rijksregisternummer" or in such a column, and Low otherwise.
type BENationalNumber struct{}

var _ Detector = BENationalNumber{}

func init() { Register(BENationalNumber{}) }

// Today is the date birth dates are judged against (a national number's
// century, a plausible age). Tests may fix it.
var Today = time.Now()

// ID returns "be_national_number".
func (BENationalNumber) ID() string { return "be_national_number" }

// Priority ranks the national number above the BSN and phone numbers.
func (BENationalNumber) Priority() int { return priorityOf("be_national_number") }

var beNNHint = specHint("be_national_number") // words: rules/default.toml, rules."pii.be_national_number"

// ColumnHint reports names such as rijksregisternummer, insz, niss,
// national_number.
func (BENationalNumber) ColumnHint(column string) bool { return beNNHint.match(column) }

// Prefilter implements Detector.
func (BENationalNumber) Prefilter() Prefilter {
	// Eleven digits in one token of Find's (readNum, ".- "): a phone
	// number's "+31 (0)6 1234 5678" has thirteen digits, nine of them
	// in one token.
	return Prefilter{MinDigits: 11, MinGroup: 11, MinChain: 11}
}

const beNNHotWindow = 40

var beNNHotwords = []string{
	"rijksregisternummer", "rijksregister", "rijksregisternr", "rijksregister nr", "insz", "insz-nummer",
	"niss", "inss", "numéro national", "numero national", "numéro de registre national",
	"national number", "national register number", "national register", "bis-nummer", "bisnummer",
	"identificatienummer van de sociale zekerheid", "rrn",
}

// Find returns the national register numbers in the cell.
func (BENationalNumber) Find(cell []byte, ctx Context, out []Match) []Match {
	var t numToken
	for i := 0; i < len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		readNum(cell, i, ".- ", true, &t)
		if t.n >= 11 && numStartOK(cell, i) {
			if m, ok := beNNMatch(cell, i, &t, ctx); ok {
				out = append(out, m)
			}
		}
		i = t.last
	}
	return out
}

// beNNMatch finds the longest prefix of the token's groups that is a
// national number.
func beNNMatch(cell []byte, i int, t *numToken, ctx Context) (Match, bool) {
	for k := t.ng; k >= 1; k-- {
		if t.cum[k-1] < 11 {
			break
		}
		if t.cum[k-1] != 11 || !t.prefixOK(cell, k) {
			continue
		}
		printed := k > 1
		if printed && !t.groups(k, 2, 2, 2, 3, 2) && !t.groups(k, 6, 3, 2) && !t.groups(k, 6, 5) {
			continue
		}
		d := t.d[:11]
		if !beNNValid(d) {
			continue
		}
		end := t.end[k-1]
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end), Confidence: Low}
		switch {
		case printed:
			m.Confidence = High
		case ctx.Hint || hotwordNear(cell, i, end, beNNHotwords, beNNHotWindow):
			m.Confidence = Medium
		}
		m.Normalized = ctx.norm(d)
		return m, true
	}
	return Match{}, false
}

// beNNValid checks the date part and the mod-97 check digits of eleven
// ASCII digits.
func beNNValid(d []byte) bool {
	mm, dd := atoi(d[2:4]), atoi(d[4:6])
	if !(mm <= 12 || mm >= 20 && mm <= 32 || mm >= 40 && mm <= 52) || dd > 31 {
		return false
	}
	first := atoi(d[:9])
	if first == 0 {
		return false
	}
	cc := atoi(d[9:11])
	if cc == 97-first%97 {
		return true
	}
	// born in 2000 or later: 2 before the nine digits
	ty, _, _ := todayDate()
	return 2000+atoi(d[:2]) <= ty && cc == 97-(2_000_000_000+first)%97
}

// Mask keeps the last two digits: *********28.
func (BENationalNumber) Mask(normalized string) string {
	if len(normalized) < 4 {
		return "***"
	}
	return stars(len(normalized)-2) + normalized[len(normalized)-2:]
}
