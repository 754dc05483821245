// Package header decides whether the first row of a table read from a file
// (a CSV, a sheet of a workbook, a JSON array of arrays) names its columns.
// The rule lives here only, so that every reader decides alike:
//
//  1. Every filled cell of the row must look like a column name: a label
//     (a word or a few: "Naam", "first_name", "Account: Phone") or a code
//     (an identifier with digits: "01.01.20", "A100", "2024-01"). A cell
//     with an @, a long text or a plain number makes the row data. A row of
//     codes must not repeat itself.
//  2. A row of labels alone, with nothing below it, is a header.
//  3. Labels that are known column names (voornaam, email...) make a
//     header.
//  4. Otherwise the rows below must differ in shape, column by column:
//     numbers or codes below a label, a code whose pattern of digits and
//     separators no cell below shares (01.01.20 over 1234,56), or, where
//     both are words, a label written as names are written (first_name,
//     FirstName, NAME over Jan, a word ending in a colon, a generic column
//     word such as product, status or omschrijving).
//     A row of labels needs one column of numbers or codes below it, or
//     half of its cells written as names; a row with codes needs half of
//     its cells to differ from the rows below.
//
// A row of data that looks like any other row (Jan,Jansen,Amsterdam over
// more people; a person's name, e-mail and phone) stays data.
package header

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Is reports whether rows[0] is a header of the rows that follow it (a
// sample of the first rows is enough). known, when set, reports a known
// column name.
func Is(rows [][]string, known func(string) bool) bool {
	if len(rows) == 0 {
		return false
	}
	first := rows[0]
	labels, codes := 0, 0
	for _, c := range first {
		c = Trim(c)
		switch {
		case c == "":
		case isLabel(c):
			labels++
		case isCode(c):
			codes++
		default:
			return false
		}
	}
	if labels+codes == 0 {
		return false
	}
	if codes > 0 && repeats(first) {
		return false
	}
	if len(rows) == 1 {
		return codes == 0
	}
	if known != nil && codes == 0 {
		// "naam,plaats" over "Jan,Amsterdam": every cell is text, but the
		// first record names columns as CRMs and people name them.
		k := 0
		for _, c := range first {
			if c = Trim(c); c != "" && known(c) {
				k++
			}
		}
		if k >= 2 || k == labels {
			return true
		}
	}
	strong, named := 0, 0
	for j, h := range first {
		if h = Trim(h); h == "" {
			continue
		}
		switch differs(h, column(rows[1:], j)) {
		case byType:
			strong++
		case byStyle:
			named++
		}
	}
	if codes == 0 {
		return strong > 0 || 2*named >= labels && named > 0
	}
	return 2*(strong+named) >= labels+codes
}

// Find returns the index of the header among the first rows of a sheet, or
// -1 when it has none: the first row of at least two filled cells that is at
// least half as wide as the widest row, when Is takes it for a header; the
// rows above it are a title block.
func Find(rows [][]string, known func(string) bool) int {
	widest := 0
	for _, r := range rows {
		widest = max(widest, filled(r))
	}
	for i, r := range rows {
		n := filled(r)
		if n < 2 || 2*n < widest {
			continue
		}
		if Is(rows[i:], known) {
			return i
		}
		return -1
	}
	return -1
}

// Trim removes spaces and a byte order mark around a cell.
func Trim(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF"))
}

func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if Trim(c) != "" {
			n++
		}
	}
	return n
}

// column returns the filled cells of column j of rows.
func column(rows [][]string, j int) []string {
	var out []string
	for _, r := range rows {
		if j < len(r) {
			if c := Trim(r[j]); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// repeats reports a filled cell that occurs twice in the row.
func repeats(row []string) bool {
	seen := make(map[string]bool, len(row))
	for _, c := range row {
		if c = strings.ToLower(Trim(c)); c != "" {
			if seen[c] {
				return true
			}
			seen[c] = true
		}
	}
	return false
}

type difference int

const (
	none    difference = iota
	byType             // numbers or codes below a label; a code pattern no cell below has
	byStyle            // a label written as a column name over words written otherwise
)

// differs compares a header cell with the filled cells below it.
func differs(h string, body []string) difference {
	if len(body) == 0 {
		return none
	}
	if isLabel(h) {
		other := 0
		for _, c := range body {
			if !isLabel(c) {
				other++
			}
		}
		if 2*other > len(body) {
			return byType
		}
		if nameStyle(h) {
			for _, c := range body {
				if nameStyle(c) {
					return none
				}
			}
			return byStyle
		}
		if generic(h) {
			for _, c := range body {
				if strings.EqualFold(c, h) || generic(c) {
					return none
				}
			}
			return byStyle
		}
		return none
	}
	// a code: no cell below may share its pattern
	p := pattern(h)
	for _, c := range body {
		if pattern(c) == p {
			return none
		}
	}
	return byType
}

// isLabel tells whether a (trimmed, non-empty) cell looks like a column
// name: it starts with a letter, _ or #, has no @, is not mostly digits,
// not a date, and is at most 64 characters long.
func isLabel(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 64 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) && first != '_' && first != '#' {
		return false
	}
	if strings.IndexByte(s, '@') >= 0 {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if 2*digits > n {
		return false
	}
	return digits == 0 || !isWordDate(s)
}

// isCode tells whether a cell that is no label is an identifier that may
// name a column: at most 24 characters of letters, digits and . - _ / :
// with a digit, no space, and not a plain number (an integer or one with a
// decimal separator: those are data).
func isCode(s string) bool {
	if len(s) > 24 {
		return false
	}
	digits, seps := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c == '.' || c == '-' || c == '_' || c == '/' || c == ':':
			seps++
		default:
			return false
		}
	}
	if digits == 0 {
		return false
	}
	if plainNumber(s) {
		return false
	}
	return true
}

// plainNumber: digits with at most one . or , between them, or a sign.
func plainNumber(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if s == "" {
		return false
	}
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if (c == '.' || c == ',') && !sep && i > 0 && i < len(s)-1 {
			sep = true
			continue
		}
		return false
	}
	return true
}

// pattern is a cell's shape: each run of digits becomes 9, each run of
// letters a, other characters stay (01.01.20 → 9.9.9, 1234,56 → 9,9).
func pattern(s string) string {
	var b strings.Builder
	var last byte
	for _, r := range s {
		var k byte
		switch {
		case r >= '0' && r <= '9':
			k = '9'
		case unicode.IsLetter(r):
			k = 'a'
		case r == ' ':
			k = ' '
		case r < utf8.RuneSelf:
			k = byte(r)
		default:
			k = '?'
		}
		if (k == '9' || k == 'a') && k == last {
			continue
		}
		b.WriteByte(k)
		last = k
	}
	return b.String()
}

// nameStyle: written as a program or an export names a column: snake_case
// (first_name), camelCase starting in lower case (firstName), all capitals
// of two letters or more (NAME, E_MAIL), or ending in a colon or a #.
// (PascalCase is left to generic: McDonald is a name.)
func nameStyle(s string) bool {
	if strings.ContainsRune(s, '_') || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "#") {
		return true
	}
	upper, lower, camel := 0, 0, false
	var prev rune
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
			if i > 0 && unicode.IsLower(prev) {
				camel = true
			}
		case unicode.IsLower(r):
			lower++
		}
		prev = r
	}
	first, _ := utf8.DecodeRuneInString(s)
	return camel && unicode.IsLower(first) || upper >= 2 && lower == 0
}

// generic reports a label made of generic column words (not kinds of
// personal data, which the known column names cover): "Product Code",
// "Account Name", "OrderDate", "omschrijving". At least one word must be a
// column word (id, code, type, status...) and the others qualifiers of one
// (account, order, first...), so that "Acme Group" stays a name.
func generic(s string) bool {
	col := false
	for _, w := range words(s) {
		switch {
		case genericWords[w]:
			col = true
		case qualifiers[w]:
		default:
			return false
		}
	}
	return col
}

// words splits a label into lower-case words at spaces, punctuation and
// camelCase humps (OrderDate → order, date).
func words(s string) []string {
	var out []string
	var cur []rune
	var prev rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return out
}

var genericWords, qualifiers = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields(`id nr no num number nummer code type kind status state
		category categorie soort group groep product item artikel description omschrijving
		name naam title titel label amount bedrag price prijs total totaal qty quantity aantal
		count value waarde unit eenheid size maat colour color kleur date datum time tijd created
		modified updated gewijzigd aangemaakt owner eigenaar account stage fase source bron
		remark remarks opmerking opmerkingen comment comments note notes notities reference
		referentie ref currency valuta country land region regio company bedrijf organisation
		organization organisatie department afdeling role rol level niveau score rating
		percentage year jaar month maand week day dag period periode version versie`) {
		genericWords[w] = true
	}
	for _, w := range strings.Fields(`contact customer klant client order invoice factuur line
		regel first last full start end begin eind from to van tot of the de het per en and
		or e mail email phone address adres main primary secondary sub parent net gross bruto
		netto list lijst lead deal opportunity case ticket user gebruiker employee medewerker
		record row file vat btw tax short long display sort`) {
		qualifiers[w] = true
	}
}

// dateWords are month and day names (English, Dutch) that start a date.
var dateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`jan january januari feb february februari
		mar march mrt maart apr april may mei jun june juni jul july juli aug
		august augustus sep sept september oct october okt oktober nov november
		dec december mon monday maandag tue tues tuesday dinsdag wed wednesday
		woensdag thu thur thurs thursday donderdag fri friday vrijdag sat
		saturday zaterdag sun sunday zondag`) {
		dateWords[w] = true
	}
}

// isWordDate reports a date written with a month or day name ("Jan 5,
// 2024", "maandag 3 maart").
func isWordDate(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == len(s) || !dateWords[strings.ToLower(s[:i])] {
		return false
	}
	switch s[i] {
	case ' ', ',', '.', '-', '/':
		return true
	}
	return s[i] >= '0' && s[i] <= '9'
}
