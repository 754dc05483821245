package detectors

import (
	"sync/atomic"
	"time"
)

// DateOfBirth finds birth dates: a date written day first (10-09-1980,
// 9-9-80, 10/09/1980, 10.09.1980), in ISO form (1980-09-10) or in words
// (10 september 1980, 3 mrt. 1975, 3 mars 1975), giving an age of 0–120
// years on Today.
//
// A date is a birth date only in a birth-date column (High) or just after a
// word such as "geboren", "geb." or "DOB" (Medium); any other date is not a
// match. A two-digit year is taken in the last hundred years.
type DateOfBirth struct{}

var _ Detector = DateOfBirth{}

func init() { Register(DateOfBirth{}) }

// ID returns "date_of_birth".
func (DateOfBirth) ID() string { return "date_of_birth" }

// Priority ranks birth dates below the identifiers: a date's digits are
// never part of one.
func (DateOfBirth) Priority() int { return priorityOf("date_of_birth") }

var dobHint = specHint("date_of_birth") // words: rules/default.toml, rules."pii.date_of_birth"

// ColumnHint reports names such as geboortedatum, geb_datum, birthdate,
// date_of_birth, dob, Birthday.
func (DateOfBirth) ColumnHint(column string) bool { return dobHint.match(column) }

// Prefilter implements Detector.
func (DateOfBirth) Prefilter() Prefilter {
	// Outside a birth-date column a date needs a hotword before it. Not
	// HintOrLetters: "né" has one ASCII letter.
	return Prefilter{MinDigits: 4, Hotwords: dobHotwords}
}

const dobHotWindow = 20

var dobHotwords = []string{
	"geboren", "geb", "geb.", "geboortedatum", "geboortedag", "gebdatum", "geb.datum", "born", "dob",
	"d.o.b.", "date of birth", "birth date", "birthdate", "birthday", "né le", "née le", "né", "née",
	"date de naissance", "verjaardag",
}

// dobMonths are month names and abbreviations (Dutch, English, French,
// German, Spanish);
// index k names month k%12+1.
var dobMonths = [][]string{
	{"januari", "january", "janvier", "jan", "januar", "enero", "ene"},
	{"februari", "february", "février", "fevrier", "febr", "feb", "fév", "fev", "februar", "febrero"},
	{"maart", "march", "mars", "mrt", "mar", "mrz", "märz", "maerz", "marzo"},
	{"april", "avril", "apr", "avr", "abril", "abr"},
	{"mei", "may", "mai", "mayo"},
	{"juni", "june", "juin", "jun", "junio"},
	{"juli", "july", "juillet", "juil", "jul", "julio"},
	{"augustus", "august", "août", "aout", "aug", "agosto", "ago"},
	{"september", "septembre", "sept", "sep", "septiembre", "setiembre"},
	{"oktober", "october", "octobre", "okt", "oct", "octubre"},
	{"november", "novembre", "nov", "noviembre"},
	{"december", "décembre", "decembre", "dec", "déc", "dezember", "dez", "diciembre", "dic"},
}

// Find returns the birth dates in the cell.
func (DateOfBirth) Find(cell []byte, ctx Context, out []Match) []Match {
	if ctx.Hint {
		if y, mo, d, s, e, ok := compactDate(cell); ok {
			return appendDate(out, s, e, true, High, y, mo, d, &ctx)
		}
		if y, mo, d, s, e, ok := serialDate(cell); ok {
			return appendDate(out, s, e, true, Medium, y, mo, d, &ctx)
		}
	}
	for i := 0; i < len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		y, mo, d, end, ok := dateAt(cell, i)
		if !ok {
			for i < len(cell) && isDigit(cell[i]) {
				i++
			}
			continue
		}
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end)}
		switch {
		case ctx.Hint:
			m.Confidence = High
		case hotwordBefore(cell, i, dobHotwords, dobHotWindow):
			m.Confidence = Medium
		default:
			i = end
			continue
		}
		out = appendDate(out, m.Start, m.End, m.WholeCell, m.Confidence, y, mo, d, &ctx)
		i = end
	}
	return out
}

// appendDate appends a birth date match, normalized to ISO 8601.
func appendDate(out []Match, start, end int, whole bool, conf Confidence, y, mo, d int, ctx *Context) []Match {
	var buf [10]byte
	buf[0], buf[1], buf[2], buf[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	buf[4], buf[5], buf[6] = '-', byte('0'+mo/10), byte('0'+mo%10)
	buf[7], buf[8], buf[9] = '-', byte('0'+d/10), byte('0'+d%10)
	return append(out, Match{Start: start, End: end, WholeCell: whole, Confidence: conf, Normalized: ctx.norm(buf[:])})
}

// serialDate reads a cell that is an Excel date serial of five digits (days
// since 1899-12-30; 10000 is 1927-05-18), as a spreadsheet holds a birth
// date typed into a General cell. Only a birth-date column is read this
// way.
func serialDate(cell []byte) (y, mo, d, start, end int, ok bool) {
	n, start, end, ok := wholeNumber(cell, 5)
	if !ok || cell[start] == '0' {
		return 0, 0, 0, 0, 0, false
	}
	t := time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	y, m, d := t.Date()
	if !plausibleBirth(y, int(m), d) {
		return 0, 0, 0, 0, 0, false
	}
	return y, int(m), d, start, end, true
}

// compactDate reads a cell that is one date of eight digits without
// separators, as databases export it: 19840315 (yyyymmdd) or 15031984
// (ddmmyyyy). Only a birth-date column is read this way: elsewhere eight
// digits are a number.
func compactDate(cell []byte) (y, mo, d, start, end int, ok bool) {
	n, start, end, ok := wholeNumber(cell, 8)
	if !ok {
		return 0, 0, 0, 0, 0, false
	}
	if y, mo, d = n/10000, n/100%100, n%100; plausibleBirth(y, mo, d) {
		return y, mo, d, start, end, true
	}
	if y, mo, d = n%10000, n/10000%100, n/1000000; plausibleBirth(y, mo, d) {
		return y, mo, d, start, end, true
	}
	return 0, 0, 0, 0, 0, false
}

// wholeNumber reads a cell that is, but for surrounding blanks, a number
// of exactly digits digits, and returns it with its bounds.
func wholeNumber(cell []byte, digits int) (n, start, end int, ok bool) {
	start, end = trimBlank(cell)
	if end-start != digits {
		return 0, 0, 0, false
	}
	for _, c := range cell[start:end] {
		if !isDigit(c) {
			return 0, 0, 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, start, end, true
}

// dateAt reads a plausible birth date starting at the digit cell[i].
func dateAt(cell []byte, i int) (y, mo, d, end int, ok bool) {
	if !numStartOK(cell, i) {
		return 0, 0, 0, 0, false
	}
	n1, p := digitsAt(cell, i, 4)
	if p >= len(cell) {
		return 0, 0, 0, 0, false
	}
	iso := false
	switch sep := cell[p]; {
	case sep == '.' && p+1 < len(cell) && cell[p+1] == ' ' && p-i <= 2: // German: 10. September 1980
		return wordDate(cell, n1, p+2)
	case sep == '-' || sep == '/' || sep == '.':
		n2, q := digitsAt(cell, p+1, 2)
		if q == p+1 || q >= len(cell) || cell[q] != sep {
			return 0, 0, 0, 0, false
		}
		n3, e := digitsAt(cell, q+1, 4)
		w1, w3 := p-i, e-q-1
		switch {
		case w1 == 4 && (w3 == 1 || w3 == 2): // ISO 1980-09-10
			y, mo, d = n1, n2, n3
			iso = sep == '-'
		case w1 <= 2 && (w3 == 4 || w3 == 2): // 10-09-1980, 9-9-80
			y, mo, d = n3, n2, n1
			if w3 == 2 { // the last hundred years
				y = 2000 + n3
				if !plausibleBirth(y, mo, d) {
					y = 1900 + n3
				}
			}
		default:
			return 0, 0, 0, 0, false
		}
		end = e
	case sep == ' ' && p-i <= 2: // 10 september 1980, 10 de septiembre de 1980
		return wordDate(cell, n1, p+1)
	default:
		return 0, 0, 0, 0, false
	}
	// An ISO date may go on with its time: 1980-09-10T00:00:00Z.
	isoTime := iso && end+1 < len(cell) && cell[end] == 'T' && isDigit(cell[end+1])
	if end < len(cell) && !isoTime && !numBoundary(cell, end, false, 0) || !plausibleBirth(y, mo, d) {
		return 0, 0, 0, 0, false
	}
	return y, mo, d, end, true
}

// wordDate reads the rest of a date whose month is a word, from cell[p]
// just after the day d and its blank: "september 1980", Spanish "de
// septiembre de 1980".
func wordDate(cell []byte, d, p int) (y, mo, day, end int, ok bool) {
	p = skipDe(cell, p)
	mo, end = monthAt(cell, p)
	if mo == 0 || end >= len(cell) || cell[end] != ' ' {
		return 0, 0, 0, 0, false
	}
	q := skipDe(cell, end+1)
	n3, e := digitsAt(cell, q, 4)
	if e-q != 4 {
		return 0, 0, 0, 0, false
	}
	y, end = n3, e
	if end < len(cell) && !numBoundary(cell, end, false, 0) || !plausibleBirth(y, mo, d) {
		return 0, 0, 0, 0, false
	}
	return y, mo, d, end, true
}

// skipDe skips the Spanish and Portuguese "de " at cell[p].
func skipDe(cell []byte, p int) int {
	if e, ok := hasWordFold(cell, p, "de "); ok {
		return e
	}
	return p
}

// digitsAt reads at most max digits at cell[p] and returns their value and
// end; more digits than max make the end p (no number).
func digitsAt(cell []byte, p, max int) (int, int) {
	v, q := 0, p
	for q < len(cell) && isDigit(cell[q]) {
		if q-p == max {
			return 0, p
		}
		v = v*10 + int(cell[q]-'0')
		q++
	}
	return v, q
}

// monthAt reads a month name or abbreviation (with an optional dot) at
// cell[p] and returns the month and the end.
func monthAt(cell []byte, p int) (int, int) {
	if p >= len(cell) {
		return 0, p
	}
	// Only the names that start with the byte at p can match; they are
	// listed in dobMonths' order, so the first match is the same.
	for _, m := range dobMonthsByFirst[lowerByte(cell[p])] {
		e, ok := hasWordFold(cell, p, m.name)
		if !ok || e < len(cell) && isWordByte(cell[e]) {
			continue
		}
		if e < len(cell) && cell[e] == '.' {
			e++
		}
		return m.month, e
	}
	return 0, p
}

// dobMonthsByFirst lists the names of dobMonths by their first byte, in
// dobMonths' order, with their month (1–12).
var dobMonthsByFirst = func() (t [256][]struct {
	name  string
	month int
}) {
	for k, names := range dobMonths {
		for _, w := range names {
			t[w[0]] = append(t[w[0]], struct {
				name  string
				month int
			}{w, k + 1})
		}
	}
	return t
}()

// plausibleBirth reports a real date on or before Today and at most 120
// years before it.
func plausibleBirth(y, mo, d int) bool {
	ty, tm, td := todayDate()
	if mo < 1 || mo > 12 || d < 1 || y < ty-120 || d > daysIn(y, mo) { // 31-02 is no date
		return false
	}
	return y < ty || y == ty && (mo < tm || mo == tm && d <= td)
}

// today is Today's date, worked out once for each value of Today: Date
// costs more than the rest of a plausibility check.
type today struct {
	t        time.Time
	y, mo, d int
}

var todayCache atomic.Pointer[today]

// todayDate returns Today's year, month and day.
func todayDate() (y, mo, d int) {
	c := todayCache.Load()
	if c == nil || c.t != Today {
		c = &today{t: Today}
		var m time.Month
		c.y, m, c.d = Today.Date()
		c.mo = int(m)
		todayCache.Store(c)
	}
	return c.y, c.mo, c.d
}

// daysIn returns the number of days of month mo (1–12) of year y in the
// Gregorian calendar.
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Mask keeps the year: 1980-**-**.
func (DateOfBirth) Mask(normalized string) string {
	if len(normalized) != 10 {
		return "****-**-**"
	}
	return normalized[:4] + "-**-**"
}
