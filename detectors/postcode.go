package detectors

// Postcode finds Dutch postcodes: four digits (the first 1–9), an optional
// space and two letters other than SA, SD and SS (1234 AB, 1234ab). With a
// house number a postcode pins down an address.
//
// A postcode alone in a cell is Medium, or High in a postcode column. Inside
// free text it counts only in an address ("Kerkstraat 12, 1234 AB Utrecht",
// "postcode 1234 AB"), written in capitals, and not when the letters are a
// word ("in 2024 EN verder"). A Belgian postcode (four digits) counts only
// alone in a postcode column.
type Postcode struct{}

var _ Detector = Postcode{}

func init() { Register(Postcode{}) }

// ID returns "postcode".
func (Postcode) ID() string { return "postcode" }

// Priority ranks postcodes below the identifiers that are personal data on
// their own.
func (Postcode) Priority() int { return priorityOf("postcode") }

var postcodeHint = specHint("postcode") // words: rules/default.toml, rules."pii.postcode"

// ColumnHint reports names such as postcode, zip, postal_code,
// address1_postalcode, MailingPostalCode, primary_address_postalcode.
func (Postcode) ColumnHint(column string) bool { return postcodeHint.match(column) }

// Prefilter implements Detector.
func (Postcode) Prefilter() Prefilter {
	// Outside a postcode column only 1234 AB: a run of four digits.
	// Outside a postcode column only the Dutch form is read: four digits,
	// maybe a space, two letters (postcodeAt).
	return Prefilter{MinDigits: 4, HintOrLetters: true, NoHintRuns: []int{4}, NoHintRunsBeforeLetter: []int{4}}
}

const postcodeHotWindow = 40

var postcodeHotwords = []string{
	"postcode", "post code", "zip", "zipcode", "zip code", "postal code", "adres", "address",
	"woonplaats", "woonadres", "wonende", "woonachtig", "verhuisd naar", "postadres", "afleveradres",
	"factuuradres", "bezoekadres",
}

// postcodeStopwords are two-letter words and units that follow a number in
// text (2024 EN verder, 1500 KG, 2019 NL).
var postcodeStopwords = []string{
	"AF", "AL", "AM", "AN", "AS", "AT", "BE", "BY", "CM", "DE", "DO", "EN", "ER", "EU", "GB", "GO",
	"HA", "HE", "IF", "IK", "IN", "IS", "IT", "JE", "KB", "KG", "KM", "KW", "MB", "ME", "ML", "MM",
	"MY", "NA", "NL", "NO", "NU", "OF", "OK", "OM", "ON", "OP", "OR", "PC", "PM", "SO", "ST", "TB",
	"TE", "TO", "TV", "UK", "UP", "US", "UW", "WE", "ZE", "ZO",
}

// Find returns the postcodes in the cell.
func (Postcode) Find(cell []byte, ctx Context, out []Match) []Match {
	for i := 0; i+4 <= len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		run := i
		for run < len(cell) && isDigit(cell[run]) {
			run++
		}
		if run-i != 4 || cell[i] == '0' || !numStartOK(cell, i) {
			i = run
			continue
		}
		if m, ok := postcodeAt(cell, i, ctx); ok {
			out = append(out, m)
			i = m.End
			continue
		}
		if ctx.Hint && isWholeCell(cell, i, run) { // Belgian: four digits alone
			out = append(out, Match{Start: i, End: run, Normalized: ctx.norm(cell[i:run]), Confidence: Medium, WholeCell: true})
		}
		i = run
	}
	if len(out) == 0 && ctx.Hint {
		if start, end, ok := foreignPostcode(cell); ok {
			out = append(out, Match{Start: start, End: end, Normalized: ctx.norm(cell[start:end]), Confidence: Medium, WholeCell: true})
		}
	}
	return out
}

// foreignPostcode reports a cell that holds only a postcode as other
// countries write them: at least 5 digits and at most one space or dash
// (02134, 75008, US ZIP+4 02134-1234, 123456), four or more digits after a
// country prefix (B-1000, D-10115, NL-1234). Only a postcode column's cells
// are read this way. (British postcodes such as SW1A 1AA have too few digits
// for the prefilter and are not read.)
func foreignPostcode(cell []byte) (int, int, bool) {
	start, end := trimBlank(cell)
	v := cell[start:end]
	if len(v) < 4 || len(v) > 11 {
		return 0, 0, false
	}
	minDigits := 5 // four digits are read as a Dutch or Belgian postcode
	if len(v) > 2 && v[0]-'A' < 26 && (v[1] == '-' || len(v) > 3 && v[1]-'A' < 26 && v[2] == '-') {
		p := indexByte(v, '-') + 1
		v, minDigits = v[p:], 4 // B-1000, CH-8001
	}
	digits, seps := 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c == ' ' || c == '-':
			seps++
		default:
			if minDigits == 4 && c-'A' < 26 && digits == 4 {
				continue // NL-1234 AB
			}
			return 0, 0, false
		}
	}
	if digits < minDigits || digits > 9 || seps > 1 || len(v) == 0 || v[0] == '-' || v[len(v)-1] == '-' {
		return 0, 0, false
	}
	return start, end, true
}

// postcodeAt reads a Dutch postcode whose digits are cell[i:i+4].
func postcodeAt(cell []byte, i int, ctx Context) (Match, bool) {
	p := i + 4
	if p < len(cell) && cell[p] == ' ' {
		p++
	}
	if p+2 > len(cell) || !isLetter(cell[p]) || !isLetter(cell[p+1]) {
		return Match{}, false
	}
	end := p + 2
	if end < len(cell) && isWordByte(cell[end]) {
		return Match{}, false
	}
	a, b := upperByte(cell[p]), upperByte(cell[p+1])
	if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
		return Match{}, false
	}
	m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end)}
	switch {
	case m.WholeCell && ctx.Hint:
		m.Confidence = High
	case m.WholeCell:
		m.Confidence = Medium
	case cell[p]-'A' >= 26 || cell[p+1]-'A' >= 26:
		return Match{}, false // in text: capitals only
	case postcodeStopword(a, b) && !houseNumberBefore(cell, i):
		return Match{}, false // "2024 EN verder": a word, unless an address precedes it
	case ctx.Hint:
		m.Confidence = High
	case postcodeInAddress(cell, i, end):
		m.Confidence = Medium
	default:
		return Match{}, false
	}
	if !ctx.SkipNormalized {
		m.Normalized = string([]byte{cell[i], cell[i+1], cell[i+2], cell[i+3], a, b})
	}
	return m, true
}

func postcodeStopword(a, b byte) bool {
	for _, w := range postcodeStopwords {
		if w[0] == a && w[1] == b {
			return true
		}
	}
	return false
}

// postcodeInAddress reports an address around a postcode in free text: a
// place name after it (1234 AB Utrecht, 1234 AB, 's-Gravenhage), a house
// number before it (Kerkstraat 12, 1234 AB), or a word such as "postcode" or
// "adres" nearby.
func postcodeInAddress(cell []byte, start, end int) bool {
	p := end
	for p < len(cell) && (cell[p] == ' ' || cell[p] == ',') {
		p++
	}
	if p > end && p+1 < len(cell) && (cell[p]-'A' < 26 && cell[p+1]-'a' < 26 || cell[p] == '\'' && cell[p+1] == 's') {
		return true
	}
	if houseNumberBefore(cell, start) {
		return true
	}
	return hotwordNear(cell, start, end, postcodeHotwords, postcodeHotWindow)
}

// houseNumberBefore reports a house number (12, 12a) just before a postcode
// at start, as in "Kerkstraat 12, 1234 AB".
func houseNumberBefore(cell []byte, start int) bool {
	q := start
	for q > 0 && (cell[q-1] == ' ' || cell[q-1] == ',') {
		q--
	}
	return q < start && q > 0 && cell[start-1] == ' ' && (isDigit(cell[q-1]) || q >= 2 && isLetter(cell[q-1]) && isDigit(cell[q-2]))
}

// Mask keeps the first two digits: 12** **, or 1*** for a Belgian code.
func (Postcode) Mask(normalized string) string {
	switch len(normalized) {
	case 6:
		return normalized[:2] + "** **"
	case 4:
		return normalized[:1] + "***"
	}
	return "****"
}
