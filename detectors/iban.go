package detectors

import (
	_ "embed"
	"strconv"
	"strings"
)

// IBAN finds international bank account numbers (ISO 13616): compact
// (NL91ABNA0417164300) or printed in groups of four (NL91 ABNA 0417 1643 00),
// and as a whole cell in any grouping of spaces and dashes; with the
// country's registered length, a valid mod-97 check, a BBAN of the
// country's structure and its national check digits (iban_bban.go).
type IBAN struct{}

var _ Detector = IBAN{}

func init() { Register(IBAN{}) }

// ID returns "iban".
func (IBAN) ID() string { return "iban" }

// Priority ranks IBAN highest: its digits are not a phone number or BSN.
func (IBAN) Priority() int { return priorityOf("iban") }

var ibanHint = specHint("iban") // words: rules/default.toml, rules."pii.iban"

// ColumnHint reports names such as iban, rekeningnummer, bank_account.
func (IBAN) ColumnHint(column string) bool { return ibanHint.match(column) }

// Prefilter implements Detector.
func (IBAN) Prefilter() Prefilter {
	// Find reads an IBAN where a word starts with its country code and
	// check digits, or a whole cell that starts with the country code.
	return Prefilter{MinLen: ibanMinLen, MinDigits: 2, All: ShapeLetter, CountryStart: true}
}

// iban_lengths.txt lists CC|country|BBAN structure|total length, from the
// SWIFT IBAN registry (see its first line).
//
//go:embed iban_lengths.txt
var ibanLengthsData string

const (
	ibanMinLen = 15
	ibanMaxLen = 34
)

// ibanLen maps a country code (index (a-'A')*26 + b-'A') to its IBAN length.
var ibanLen = func() (t [26 * 26]uint8) {
	for _, line := range strings.Split(ibanLengthsData, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 4 || len(f[0]) != 2 || f[0][0]-'A' >= 26 || f[0][1]-'A' >= 26 {
			panic("detectors: bad line in iban_lengths.txt: " + line)
		}
		n, err := strconv.Atoi(f[3])
		if err != nil || n < ibanMinLen || n > ibanMaxLen {
			panic("detectors: bad length in iban_lengths.txt: " + line)
		}
		t[int(f[0][0]-'A')*26+int(f[0][1]-'A')] = uint8(n)
	}
	return t
}()

// ibanLength returns the IBAN length of the country in upper-case a, b, or
// 0 when the country does not use IBAN.
func ibanLength(a, b byte) int {
	if a-'A' >= 26 || b-'A' >= 26 {
		return 0
	}
	return int(ibanLen[int(a-'A')*26+int(b-'A')])
}

// Find returns every valid IBAN in the cell.
func (IBAN) Find(cell []byte, ctx Context, out []Match) []Match {
	n0 := len(out)
	for i := 0; i+ibanMinLen <= len(cell); {
		if !isAlnum(cell[i]) {
			i++
			continue
		}
		// i starts a word: its previous byte is not a letter or digit. An
		// IBAN starts with two letters and two digits; most words don't.
		if !isLetter(cell[i]) || !isLetter(cell[i+1]) || !isDigit(cell[i+2]) || !isDigit(cell[i+3]) {
			for i < len(cell) && isAlnum(cell[i]) {
				i++
			}
			continue
		}
		var buf [ibanMaxLen]byte
		if n, end, known := ibanAt(cell, i, &buf); n > 0 {
			conf := High
			if !known {
				conf = Medium
			}
			m := Match{
				Start:      i,
				End:        end,
				Normalized: ctx.norm(buf[:n]),
				Confidence: conf,
				WholeCell:  isWholeCell(cell, i, end),
				Test:       isTestBytes(buf[:n], ibanTestValues),
			}
			out = append(out, m)
			i = end
			continue
		}
		for i < len(cell) && isAlnum(cell[i]) {
			i++
		}
	}
	if len(out) == n0 {
		if m, ok := ibanWholeCell(cell, ctx); ok {
			out = append(out, m)
		}
	}
	return out
}

// ibanWholeCell reads a cell that is one IBAN written with any
// arrangement of spaces and dashes, as people type them: BE 03 7310 1866
// 4084, BE 07-0682455012-66, NL19 SNSB 050 7590631. Free text keeps the
// strict forms (compact, groups of four): there the loose reading could
// join an IBAN's neighbours to it.
func ibanWholeCell(cell []byte, ctx Context) (Match, bool) {
	start, end := trimBlank(cell)
	// Two letters of a country, then its check digits or a separator.
	if end-start < ibanMinLen || !isLetter(cell[start]) || !isLetter(cell[start+1]) ||
		!isDigit(cell[start+2]) && cell[start+2] != ' ' && cell[start+2] != '-' {
		return Match{}, false
	}
	var buf [ibanMaxLen]byte
	n, seps := 0, 0
	for _, c := range cell[start:end] {
		switch {
		case isAlnum(c):
			if n == ibanMaxLen {
				return Match{}, false
			}
			buf[n] = upperByte(c)
			n++
		case c == ' ' || c == '-':
			seps++
		default:
			return Match{}, false
		}
	}
	if seps == 0 || n < 4 || !isLetter(buf[0]) || !isLetter(buf[1]) || !isDigit(buf[2]) || !isDigit(buf[3]) ||
		n != ibanLength(buf[0], buf[1]) || !ibanValid(buf[:n]) {
		return Match{}, false
	}
	ok, known := bbanOK(buf[:n])
	if !ok {
		return Match{}, false
	}
	// Outside an IBAN column an irregular grouping is less usual.
	conf := High
	if !known || !ctx.Hint {
		conf = Medium
	}
	return Match{
		Start: start, End: end, Normalized: ctx.norm(buf[:n]), Confidence: conf, WholeCell: true,
		Test: isTestBytes(buf[:n], ibanTestValues),
	}, true
}

// ibanTestValues are the published example IBANs (SWIFT registry,
// ECBS).
var ibanTestValues = []string{"NL91ABNA0417164300", "DE89370400440532013000", "GB82WEST12345698765432"}

// alnumRun returns the end of the run of ASCII letters and digits at p.
func alnumRun(cell []byte, p int) int {
	for p < len(cell) && isAlnum(cell[p]) {
		p++
	}
	return p
}

// ibanAt reads an IBAN starting at cell[i] into buf (upper-case, compact)
// and returns its length and end offset, or 0 when there is none; known is
// false for a Dutch bank code that is not on the list.
func ibanAt(cell []byte, i int, buf *[ibanMaxLen]byte) (n, end int, known bool) {
	n, end = ibanRead(cell, i, buf)
	if n == 0 {
		return 0, 0, false
	}
	ok, known := bbanOK(buf[:n])
	if !ok {
		return 0, 0, false
	}
	return n, end, known
}

// ibanRead reads a compact or grouped IBAN with a valid mod-97 check.
func ibanRead(cell []byte, i int, buf *[ibanMaxLen]byte) (n, end int) {
	if i+4 > len(cell) || !isLetter(cell[i]) || !isLetter(cell[i+1]) || !isDigit(cell[i+2]) || !isDigit(cell[i+3]) {
		return 0, 0
	}
	want := ibanLength(upperByte(cell[i]), upperByte(cell[i+1]))
	if want == 0 {
		return 0, 0
	}
	run := alnumRun(cell, i)
	switch {
	case run-i == want: // compact
		for k := 0; k < want; k++ {
			buf[k] = upperByte(cell[i+k])
		}
		n, end = want, run
	case run-i == 4: // printed: groups of four separated by single spaces (or dashes)
		for k := 0; k < 4; k++ {
			buf[k] = upperByte(cell[i+k])
		}
		n, end = 4, run
		sep := byte(0)
		if run < len(cell) {
			sep = cell[run]
		}
		if sep != ' ' && sep != '-' {
			return 0, 0
		}
		for n < want {
			if end+1 >= len(cell) || cell[end] != sep || !isAlnum(cell[end+1]) {
				return 0, 0
			}
			g := end + 1
			ge := alnumRun(cell, g)
			size := ge - g
			if rest := want - n; rest > 4 && size != 4 || rest <= 4 && size != rest {
				return 0, 0
			}
			for k := g; k < ge; k++ {
				buf[n] = upperByte(cell[k])
				n++
			}
			end = ge
		}
	default:
		return 0, 0
	}
	if !ibanValid(buf[:n]) {
		return 0, 0
	}
	return n, end
}

// ibanValid checks the check digits (02–98) and ISO 7064 mod 97-10 over a
// compact upper-case IBAN whose first four bytes are letter, letter, digit,
// digit.
func ibanValid(s []byte) bool {
	cd := int(s[2]-'0')*10 + int(s[3]-'0')
	if cd < 2 || cd > 98 {
		return false
	}
	// The ISO 7064 mod 97-10 check over the BBAN and then the country and
	// check digits, letters as two digits (A = 10). The remainder is taken
	// after every eight characters only: below 97 before them, the number
	// stays below 97·100⁸, well inside 64 bits, and a division per
	// character would cost more than the rest of the detector.
	var r uint64
	n := 0
	for _, part := range [2][]byte{s[4:], s[:4]} {
		for _, c := range part {
			v := ibanDigit[c]
			if v > 35 {
				return false
			}
			r = r*ibanScale[c] + uint64(v)
			if n++; n&7 == 0 {
				r %= 97
			}
		}
	}
	return r%97 == 1
}

// ibanDigit is an IBAN character's value in the mod 97-10 check (0–9 for a
// digit, 10–35 for an upper-case letter, 0xff for any other byte), and
// ibanScale the factor that makes room for it (10, or 100 for a letter's
// two digits).
var ibanDigit, ibanScale = func() (v [256]uint8, s [256]uint64) {
	for i := range v {
		v[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		v[c], s[c] = uint8(c-'0'), 10
	}
	for c := 'A'; c <= 'Z'; c++ {
		v[c], s[c] = uint8(c-'A'+10), 100
	}
	return v, s
}()

// Mask prints the IBAN in groups of four, keeping the country, the last two
// characters and, for NL, the bank code: NL** ABNA **** **** 00.
func (IBAN) Mask(normalized string) string {
	n := normalized
	if len(n) < 8 {
		return "****"
	}
	nl := n[:2] == "NL"
	b := make([]byte, 0, len(n)+len(n)/4)
	for i := 0; i < len(n); i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, ' ')
		}
		c := byte('*')
		if i < 2 || i >= len(n)-2 || nl && i >= 4 && i < 8 {
			c = n[i]
		}
		b = append(b, c)
	}
	return string(b)
}
