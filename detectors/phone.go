package detectors

import "slices"

// Phone finds telephone numbers: Dutch and Belgian numbers in national
// (06-12345678, 020-1234567, 0470/12.34.56) and international form
// (+31 6 12345678, +31 (0)6 1234 5678, 0032 470 12 34 56), and other
// countries' numbers written internationally (+44 20 7946 0958).
//
// Numbers are told apart from amounts, dates, times, IP and version numbers
// and references by their boundaries and by the numbering plans.
type Phone struct{}

var _ Detector = Phone{}

func init() { Register(Phone{}) }

// ID returns "phone".
func (Phone) ID() string { return "phone" }

// Priority ranks phone numbers lowest: an IBAN's or BSN's digits win.
func (Phone) Priority() int { return priorityOf("phone") }

var phoneHint = specHint("phone") // words: rules/default.toml, rules."pii.phone"

// ColumnHint reports names such as telefoon, phone_mobile, telephone1, gsm.
func (Phone) ColumnHint(column string) bool { return phoneHint.match(column) }

// Prefilter implements Detector.
// A phone column also holds short numbers (the Dutch municipal 14 020).
func (Phone) Prefilter() Prefilter {
	// Outside a phone column the shortest match is an international
	// number of seven digits (+49 30 123), beside other digits in the cell.
	// Without the hint a number starts only at a '0', '+' or '('
	// (phoneStart) where phoneStartOK allows it: an order number, a date
	// or a timestamp has no such place.
	return Prefilter{MinDigits: 5, NoHintDigits: 8, MinGroup: 5, NoHintGroup: 7, NoHintPhoneStart: true}
}

const (
	phoneMaxDigits = 17 // 00 + 15 digits of E.164, and one to spare
	phoneMaxGroups = 10
)

// phoneTestValues are example numbers (06-12345678 in every written form).
var phoneTestValues = []string{"+31612345678"}

// phoneStart marks the bytes a number can start with.
var phoneStart = [256]bool{'0': true, '+': true, '(': true}

// phoneGroup is one run of digits of a written number.
type phoneGroup struct {
	end   int  // offset in the cell just past the group (past ')' for a bracketed group)
	cum   int  // digits collected up to and including this group
	n     int  // digits written in this group
	sep   byte // the separator after the group, 0 when none or glued
	paren bool // written in parentheses
}

// phoneToken is a candidate number: digit groups joined by single
// separators, read without allocating.
type phoneToken struct {
	digits   [phoneMaxDigits]byte
	groups   [phoneMaxGroups]phoneGroup
	ng       int
	plus     bool
	overflow bool // more digits follow the last group than fit
}

// Find returns the phone numbers in the cell.
func (Phone) Find(cell []byte, ctx Context, out []Match) []Match {
	// In a phone column a number may have lost its leading 0 or its +
	// (612345678, 31612345678): the cell's first digit may start one.
	bare := -1
	if ctx.Hint {
		for bare = 0; bare < len(cell) && isBlank(cell[bare]); bare++ {
		}
	}
	for i := 0; i < len(cell); i++ {
		if !phoneStart[cell[i]] && (i != bare || !isDigit(cell[i])) || !phoneStartOK(cell, i) {
			continue
		}
		var t phoneToken
		if !t.read(cell, i) {
			continue
		}
		m, ok := t.match(cell, ctx)
		if ok {
			m.Start = i
			m.WholeCell = isWholeCell(cell, i, m.End)
			out = append(out, m)
			i = m.End - 1
			continue
		}
		// Skip the first group, or a whole international number, so that
		// no part of it is read again as a national number.
		if t.plus || t.digits[0] == '0' && t.digits[1] == '0' {
			i = t.groups[t.ng-1].end - 1
		} else {
			i = t.groups[0].end - 1
		}
	}
	return out
}

// phoneStartOK checks the byte before a number: not glued to a word, not the
// tail of an amount, date, IP or version number, not an order reference.
func phoneStartOK(cell []byte, i int) bool {
	if i == 0 {
		return true
	}
	c := cell[i-1]
	if isWordByte(c) || c == '+' || c == '#' || c == '@' || c == '(' && cell[i] == '(' {
		return false
	}
	if i < 2 {
		return true
	}
	switch c2 := cell[i-2]; c {
	case '-':
		return !isAlnum(c2)
	case '.', ',', ':', '/':
		return !isDigit(c2)
	}
	return true
}

func isPhoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' || c == '/' }

// read parses the token at cell[i]; false when it holds no digits.
func (t *phoneToken) read(cell []byte, i int) bool {
	p := i
	if cell[p] == '+' {
		t.plus = true
		p++
		if p >= len(cell) || !isDigit(cell[p]) {
			return false
		}
	}
	nd := 0
	parenUsed := false
loop:
	for {
		if t.ng == phoneMaxGroups {
			t.overflow = true
			break loop
		}
		g := phoneGroup{}
		switch {
		case p < len(cell) && cell[p] == '(':
			if parenUsed {
				break loop
			}
			q := p + 1
			for q < len(cell) && isDigit(cell[q]) && q-p <= 4 {
				q++
			}
			if q == p+1 || q >= len(cell) || cell[q] != ')' {
				break loop
			}
			parenUsed = true
			g.paren = true
			g.n = q - p - 1
			intl := t.plus || nd >= 2 && t.digits[0] == '0' && t.digits[1] == '0'
			if g.n == 1 && cell[p+1] == '0' && t.ng > 0 && intl {
				// +31 (0)6: the trunk prefix is not dialled from abroad.
			} else {
				if nd+g.n > phoneMaxDigits {
					t.overflow = true
					break loop
				}
				nd += copy(t.digits[nd:], cell[p+1:q])
			}
			p = q + 1
		case p < len(cell) && isDigit(cell[p]):
			q := p
			for q < len(cell) && isDigit(cell[q]) {
				q++
			}
			g.n = q - p
			if nd+g.n > phoneMaxDigits {
				t.overflow = true
				break loop
			}
			for _, c := range cell[p:q] { // a few bytes: no memmove call
				t.digits[nd] = c
				nd++
			}
			p = q
		default:
			break loop
		}
		g.end, g.cum = p, nd
		t.groups[t.ng] = g
		t.ng++
		if p >= len(cell) {
			break loop
		}
		c := cell[p]
		switch {
		case c == '(' || g.paren && isDigit(c):
			// glued: +31(0)6…, (020)1234567
		case isPhoneSep(c) && p+1 < len(cell) && (isDigit(cell[p+1]) || c == ' ' && cell[p+1] == '('):
			t.groups[t.ng-1].sep = c
			p++
		case c == ' ' && p+3 < len(cell) && cell[p+1] == '-' && cell[p+2] == ' ' && isDigit(cell[p+3]):
			// 020 - 123 4567, 06 - 12345678: a dash set off by spaces
			t.groups[t.ng-1].sep = '-'
			p += 3
		default:
			break loop
		}
	}
	return t.ng > 0
}

// isDate reports a token that starts like 12-03-2024, 01/03/24 or
// 1.3.2024 (a time may follow).
func (t *phoneToken) isDate() bool {
	if t.ng < 3 {
		return false
	}
	g0, g1, g2 := t.groups[0], t.groups[1], t.groups[2]
	if g0.paren || g1.paren || g2.paren || g0.n > 2 || g1.n > 2 || g0.sep != g1.sep || g0.sep == ' ' {
		return false
	}
	return g2.n == 4 || g2.n == 2 && t.ng == 3
}

// match finds the longest prefix of the token, ending at a group boundary,
// that is a valid number.
func (t *phoneToken) match(cell []byte, ctx Context) (Match, bool) {
	if t.isDate() || t.isDecimal() {
		return Match{}, false
	}
	// The numbering-plan library decides what the fast path leaves open:
	// numbers written with a country code, and in a phone column national
	// numbers of the context's country.
	intl := t.plus || t.digits[0] == '0' && t.digits[1] == '0'
	lib := (intl || ctx.Hint) && !phoneNoLibrary.Load()
	// In a phone column of another country than NL or BE, a national
	// number is first read as that country's (030 is Berlin, not
	// Utrecht), and as Dutch or Belgian only when it is not valid there.
	foreign := lib && ctx.Hint && !intl && ctx.Country != "" && ctx.Country != "NL" && ctx.Country != "BE"
	for k := t.ng; k >= 1; k-- {
		g := t.groups[k-1]
		if k < t.ng || t.overflow {
			// Only a space may part a number from digits that follow.
			if g.sep != ' ' {
				continue
			}
		} else if !phoneEndOK(cell, g.end) {
			continue
		}
		var norm string
		var test, ok bool
		var conf Confidence
		if foreign {
			norm, test, conf, ok = t.classifyLib(t.digits[:g.cum], intl, ctx)
		}
		if !ok {
			norm, test, conf, ok = t.classify(t.digits[:g.cum], k, ctx)
		}
		if !ok && lib && !foreign {
			norm, test, conf, ok = t.classifyLib(t.digits[:g.cum], intl, ctx)
		}
		if !ok {
			continue
		}
		return Match{
			End:        g.end,
			Normalized: norm,
			Confidence: conf,
			Test:       test,
		}, true
	}
	return Match{}, false
}

// isDecimal reports an amount or a decimal fraction: 0.90000000, 12.50,
// a single digit before a point (no number plan starts a written number
// so), or two groups parted by one point.
func (t *phoneToken) isDecimal() bool {
	if t.ng < 2 || t.plus || t.groups[0].paren || t.groups[0].sep != '.' {
		return false
	}
	return t.groups[0].n == 1 || t.ng == 2
}

// classifyLib asks the numbering-plan library about the digits d: as an
// international number when the token has a country code, else as a
// national number of the context's country, and, when that country is not
// the Netherlands or Belgium, before the fast path's Dutch or Belgian
// reading (match).
func (t *phoneToken) classifyLib(d []byte, intl bool, ctx Context) (norm string, test bool, conf Confidence, ok bool) {
	if intl {
		if !t.plus {
			if len(d) < 2 {
				return "", false, 0, false
			}
			d = d[2:]
		}
		if len(d) < 7 || countryCodeLen(d) == 0 {
			return "", false, 0, false
		}
		norm, ok = phoneLib(d, true, "")
	} else {
		if len(d) < 5 { // the shortest national numbers: 14 020
			return "", false, 0, false
		}
		norm, ok = phoneLib(d, false, ctx.Country)
		if !ok && nanpShape(d) && ctx.Country != "US" {
			// Ten digits not starting with a trunk 0 cannot be a Dutch
			// or Belgian national number (nine digits after the 0): in a
			// phone column they are read in the largest numbering plan
			// written that way, North America's (617-555-0143,
			// 14033335568), and the library checks area and exchange.
			// The guessed region lowers the confidence.
			norm, ok = phoneLib(d, false, "US")
			if ok {
				conf = Medium
				test = slices.Contains(phoneTestValues, norm)
				if ctx.SkipNormalized {
					norm = ""
				}
				return norm, test, conf, true
			}
		}
	}
	if !ok {
		return "", false, 0, false
	}
	conf = Medium
	if ctx.Hint {
		conf = High
	}
	test = slices.Contains(phoneTestValues, norm)
	if ctx.SkipNormalized {
		norm = ""
	}
	return norm, test, conf, true
}

// nanpShape reports the digits of a North American national number:
// NXX NXX XXXX, or with the country code 1 before it.
func nanpShape(d []byte) bool {
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return len(d) == 10 && d[0] >= '2' && d[3] >= '2'
}

// phoneEndOK checks the byte after a number: not a letter or digit, not a
// decimal comma or a time's colon followed by digits.
func phoneEndOK(cell []byte, e int) bool {
	if e >= len(cell) {
		return true
	}
	c := cell[e]
	if isWordByte(c) || c == '@' {
		return false
	}
	switch c {
	case ',', ':', '.', '-', '/', '+':
		return e+1 >= len(cell) || !isAlnum(cell[e+1])
	}
	return true
}

// classify validates the digits against the numbering plans and returns
// the E.164 form and the confidence.
func (t *phoneToken) classify(d []byte, groups int, ctx Context) (norm string, test bool, conf Confidence, ok bool) {
	var buf [phoneMaxDigits + 1]byte
	buf[0] = '+'
	intl := d
	switch {
	case t.plus:
	case len(d) > 2 && d[0] == '0' && d[1] == '0':
		intl = d[2:]
	case len(d) > 1 && d[0] == '0':
		nsn := d[1:]
		cc := nationalCountry(nsn, t, groups, ctx.Country == "BE")
		if cc == "" {
			return "", false, 0, false
		}
		bare := groups == 1
		conf = Medium
		switch {
		case ctx.Hint:
			conf = High
		case !bare:
		case len(nsn) == 9 && nsn[0] == '6' && cc == "31":
		case len(d) == 9:
			return "", false, 0, false // nine bare digits: a BSN or a reference
		default:
			conf = Low
		}
		n := 1 + copy(buf[1:], cc)
		n += copy(buf[n:], nsn)
		return ctx.norm(buf[:n]), isTestBytes(buf[:n], phoneTestValues), conf, true
	case ctx.Hint && groups == 1 && len(d) == 9 && validNL(d):
		// A phone column whose numbers lost their leading zero (a
		// spreadsheet took 0612345678 for a number): 612345678. Read as
		// Dutch: a Belgian mobile (0470...) has a Dutch look-alike.
		cc := "31"
		n := 1 + copy(buf[1:], cc)
		n += copy(buf[n:], d)
		return ctx.norm(buf[:n]), isTestBytes(buf[:n], phoneTestValues), Medium, true
	case ctx.Hint && groups == 1 && len(d) >= 10 && d[0] == '3' && (d[1] == '1' && validNL(d[2:]) || d[1] == '2' && validBE(d[2:])):
		// A phone column written with the country code but without its
		// plus: 31612345678, 32470123456.
		intl = d
	default:
		return "", false, 0, false
	}
	if len(intl) < 8 || len(intl) > 15 {
		return "", false, 0, false
	}
	conf = Medium
	switch ccl := countryCodeLen(intl); {
	case ccl == 0:
		return "", false, 0, false
	case intl[0] == '3' && intl[1] == '1':
		if !validNL(intl[2:]) {
			return "", false, 0, false
		}
		conf = High
	case intl[0] == '3' && intl[1] == '2':
		if !validBE(intl[2:]) {
			return "", false, 0, false
		}
		conf = High
	default:
		// Other countries' numbering plans are the library's to judge
		// (classifyLib).
		return "", false, 0, false
	}
	if ctx.Hint {
		conf = High
	}
	n := 1 + copy(buf[1:], intl)
	return ctx.norm(buf[:n]), isTestBytes(buf[:n], phoneTestValues), conf, true
}

// nationalCountry decides whether the national significant number nsn
// (written with a leading 0) is Dutch ("31") or Belgian ("32").
// A number valid in both is Belgian when written the Belgian way or when
// the context's country is Belgium (preferBE).
func nationalCountry(nsn []byte, t *phoneToken, groups int, preferBE bool) string {
	nl := validNL(nsn) && nlAreaGrouping(nsn, t, groups)
	be := validBE(nsn) && beAreaGrouping(nsn, t, groups)
	switch {
	case nl && be:
		if preferBE || t.belgianStyle(groups) {
			return "32"
		}
		return "31"
	case nl:
		return "31"
	case be:
		return "32"
	}
	return ""
}

// belgianStyle reports Belgian grouping: 0470/12.34.56, 0470 12 34 56.
func (t *phoneToken) belgianStyle(groups int) bool {
	if groups < 2 {
		return false
	}
	for k := 0; k < groups; k++ {
		g := t.groups[k]
		if g.sep == '/' || g.sep == '.' {
			return true
		}
		if k > 0 && g.n != 2 {
			return false
		}
	}
	return true
}

// nlAreaGrouping checks that a Dutch geographic number written with its
// area code apart (020-1234567, 0111 123456) uses a real two- or
// three-digit area code.
func nlAreaGrouping(nsn []byte, t *phoneToken, groups int) bool {
	if groups < 2 {
		return true
	}
	switch nsn[0] {
	case '1', '2', '3', '4', '5', '7':
	default:
		return true
	}
	switch t.groups[0].n {
	case 3: // 0xx
		return nlTwoDigitArea(nsn[0], nsn[1])
	case 4: // 0xxx
		return nlThreeDigitArea(nsn[0], nsn[1])
	}
	return true
}

// beAreaGrouping checks that a Belgian national number written with its
// zone apart uses the zone's length: 02 512 34 56, 050 12 34 56,
// 0470 12 34 56.
func beAreaGrouping(nsn []byte, t *phoneToken, groups int) bool {
	if groups < 2 {
		return true
	}
	n := t.groups[0].n
	switch {
	case len(nsn) == 9: // mobile 04xx
		return n == 4
	case nsn[0] == '2' || nsn[0] == '3' || nsn[0] == '4' || nsn[0] == '9' && nsn[1] != '0':
		return n == 2
	case nsn[0] == '8' && nsn[1] == '0' || nsn[0] == '7' || nsn[0] == '9':
		return n == 4 || n == 3 // 0800 12 345, 070 12 34 56, 0900 12 345
	}
	return n == 3
}

// nlTwoDigitArea reports area codes 0xx: 010, 013, 015, 020, 023, 024,
// 026, 030, 033, 035, 036, 038, 040, 043, 045, 046, 050, 053, 055, 058,
// 070–079.
func nlTwoDigitArea(a, b byte) bool {
	switch a {
	case '1':
		return b == '0' || b == '3' || b == '5'
	case '2':
		return b == '0' || b == '3' || b == '4' || b == '6'
	case '3':
		return b == '0' || b == '3' || b == '5' || b == '6' || b == '8'
	case '4':
		return b == '0' || b == '3' || b == '5' || b == '6'
	case '5':
		return b == '0' || b == '3' || b == '5' || b == '8'
	case '7':
		return true
	}
	return false
}

// nlThreeDigitArea reports area codes 0xxx (three digits after the 0):
// 1[16-8], 2[259], 3[124], 4[17-9], 5[124679].
func nlThreeDigitArea(a, b byte) bool {
	switch a {
	case '1':
		return b == '1' || b == '6' || b == '7' || b == '8'
	case '2':
		return b == '2' || b == '5' || b == '9'
	case '3':
		return b == '1' || b == '2' || b == '4'
	case '4':
		return b == '1' || b == '7' || b == '8' || b == '9'
	case '5':
		return b == '1' || b == '2' || b == '4' || b == '6' || b == '7' || b == '9'
	}
	return false
}

// The rules below follow libphonenumber's metadata for NL and BE
// (PhoneNumberMetadata.xml, as shipped in github.com/nyaruka/phonenumbers);
// TestPhoneFastPathPinned holds them to the library's verdicts.

// in reports whether c is one of the digits in set.
func in(c byte, set string) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// validNL checks a Dutch national significant number (without the 0).
func validNL(n []byte) bool {
	if len(n) < 7 {
		return false
	}
	switch n[0] {
	case '6': // mobile 6[1-58] + 7, pager 66 + 7
		return len(n) == 9 && (n[1] >= '1' && n[1] <= '6' || n[1] == '8')
	case '1', '2', '3', '4', '5', '7': // geographic
		return len(n) == 9 && nlFixedPrefix(n[0], n[1], n[2])
	case '8':
		if n[1] == '0' && n[2] == '0' { // 0800 + 4–7
			return len(n) <= 10
		}
		// 084/087/088 personal and company numbers, 085 VoIP
		return len(n) == 9 && (n[1] == '4' || n[1] == '5' || n[1] == '7' || n[1] == '8')
	case '9':
		if n[1] == '0' && (n[2] == '0' || n[2] == '6' || n[2] == '9') { // 0900/0906/0909 + 4–7
			return len(n) <= 10
		}
		return len(n) == 9 && n[1] == '1' // 091 VoIP
	}
	return false
}

// nlFixedPrefix reports the first three digits of a Dutch geographic
// number that are in use: an area code and the first digit of the
// subscriber number.
func nlFixedPrefix(a, b, c byte) bool {
	switch a {
	case '1':
		return in(b, "035") || b == '1' && in(c, "1345678") || b == '6' && in(c, "124567") ||
			b == '7' && in(c, "24") || b == '8' && in(c, "0123467")
	case '2':
		return in(b, "0346") || b == '2' && in(c, "23456789") && c != '5' || b == '5' && in(c, "125") || b == '9' && in(c, "479")
	case '3':
		return in(b, "03568") || b == '1' && c >= '3' && c <= '8' || b == '2' && in(c, "01") || b == '4' && c >= '1' && c <= '8'
	case '4':
		return in(b, "0356") || b == '1' && in(c, "123568") || b == '7' && in(c, "58") || b == '8' && in(c, "15678") || b == '9' && in(c, "23579")
	case '5':
		return in(b, "0358") || (b == '1' || b == '9') && c != '0' || b == '2' && in(c, "12345789") ||
			b == '4' && in(c, "1345678") || b == '6' && in(c, "126") || b == '7' && in(c, "0123578")
	case '7':
		return true
	}
	return false
}

// validBE checks a Belgian national significant number (without the 0).
func validBE(n []byte) bool {
	switch len(n) {
	case 9: // mobile 4[5-9] + 7
		return n[0] == '4' && n[1] >= '5' && n[1] <= '9'
	case 8:
	default:
		return false
	}
	a, b, c := n[0], n[1], n[2]
	switch a {
	case '1': // geographic zones
		return b <= '6' || b == '9'
	case '2', '3':
		return b >= '2' && b <= '8'
	case '4':
		return b == '2' || b == '3'
	case '5':
		return true
	case '6':
		return b != '2' && b != '6'
	case '7':
		switch b {
		case '1':
			return true
		case '0': // premium 070x
			return c == '2' && in(n[3], "0123457") || c == '3' && in(n[3], "04567") || c == '4' && n[3] == '4' ||
				c == '6' && in(n[3], "04569") || c == '7' && in(n[3], "0579")
		case '8': // 078 national numbers, 07879 shared cost
			d := n[3]
			return c == '0' && in(d, "578") || c == '1' && in(d, "0145678") || c == '2' && in(d, "25") ||
				c == '3' && in(d, "15678") || c == '4' && d == '8' || c == '5' && in(d, "05") || c == '6' && d == '0' ||
				c == '7' && in(d, "0678") || c == '7' && d == '9' || c == '9'
		}
		return false
	case '8':
		if b == '0' {
			return c >= '2' && c <= '8' || c == '0' && n[3] != '0' // geographic 080x, 0800 x
		}
		return b != '8'
	case '9':
		return b == '0' || b >= '2' && b <= '4'
	}
	return false
}

// Mask keeps the country code, for NL and BE the first national digit, and
// the last two digits: +31 6 ****** 78, +44 ******** 89.
func (Phone) Mask(normalized string) string {
	n := normalized
	if len(n) < 6 || n[0] != '+' {
		return "***"
	}
	d := n[1:]
	ccl := countryCodeLen([]byte(d))
	if ccl == 0 || len(d)-ccl < 4 {
		ccl = 1
	}
	cc, nsn := d[:ccl], d[ccl:]
	if cc == "31" || cc == "32" {
		return "+" + cc + " " + nsn[:1] + " " + stars(len(nsn)-3) + " " + nsn[len(nsn)-2:]
	}
	return "+" + cc + " " + stars(len(nsn)-2) + " " + nsn[len(nsn)-2:]
}
