package csvsrc

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crmscan/crmscan/scanner/source"
)

// candidates are the delimiters tried, in the order that breaks ties.
var candidates = []byte{',', ';', '\t', '|'}

// sniffRec is one record of the sniff window, terminator stripped.
type sniffRec struct {
	data   []byte
	quoted bool
}

// cells splits the record as Batch.Each would (without decoding).
func (s sniffRec) cells(delim byte) [][]byte {
	if !s.quoted {
		return splitPlain(nil, s.data, delim)
	}
	cells, _ := splitQuoted(nil, nil, s.data, delim)
	return cells
}

// strings splits and decodes the record.
func (s sniffRec) strings(delim byte) []string {
	cells := s.cells(delim)
	out := make([]string, len(cells))
	for i, c := range cells {
		if utf8.Valid(c) {
			out[i] = string(c)
		} else {
			out[i] = string(append1252(nil, c))
		}
	}
	return out
}

// frameWindow returns the first non-blank records of the window as the
// framer would cut them with delim. When the window is not the whole input,
// a record reaching its end may be cut off: it is dropped, and partial is
// set when it was the only one.
func frameWindow(win []byte, delim, nl byte, eof bool) (recs []sniffRec, partial bool) {
	var f framer
	f.initWindow(win, delim, nl)
	for len(recs) < sniffRecords {
		st, end := f.frame()
		if st != frameRecord {
			break
		}
		start, quoted := f.r, f.quoted
		f.next(end)
		e := contentEnd(win, start, end, nl)
		if e == start {
			continue
		}
		if !eof && end == len(win) {
			if len(recs) == 0 {
				return []sniffRec{{win[start:e], quoted}}, true
			}
			break
		}
		recs = append(recs, sniffRec{win[start:e], quoted})
	}
	return recs, false
}

// sniffDelimiter picks the candidate with the most records sharing the same
// non-zero delimiter count (ties: the higher count, then candidate order).
// Without a winner the delimiter is ',' (a single-column file).
func sniffDelimiter(win []byte, nl byte, eof bool) (delim byte, found bool, recs []sniffRec, partial bool) {
	bestFreq, bestCount := 0, 0
	delim = ','
	var cells [][]byte
	var scratch []byte
	freq := map[int]int{}
	for _, c := range candidates {
		rs, _ := frameWindow(win, c, nl, eof)
		clear(freq)
		for _, r := range rs {
			n := bytes.Count(r.data, []byte{c})
			if r.quoted {
				cells, scratch = splitQuoted(cells[:0], scratch[:0], r.data, c)
				n = len(cells) - 1
			}
			if n > 0 {
				freq[n]++
			}
		}
		mf, mc := 0, 0
		for n, k := range freq {
			if k > mf || k == mf && n > mc {
				mf, mc = k, n
			}
		}
		if mf > bestFreq || mf == bestFreq && mf > 0 && mc > bestCount {
			bestFreq, bestCount = mf, mc
			delim, found = c, true
		}
	}
	recs, partial = frameWindow(win, delim, nl, eof)
	return delim, found, recs, partial
}

// modeCells is the most common number of cells (ties: the larger).
func modeCells(rows [][]string) int {
	freq := map[int]int{}
	best, bestN := 0, 1
	for _, r := range rows {
		n := len(r)
		freq[n]++
		if k := freq[n]; k > best || k == best && n > bestN {
			best, bestN = k, n
		}
	}
	return bestN
}

// detectHeader decides whether rows[0] is a header: all its non-empty cells
// look like labels and, unless it is the only record, in at least one of
// its labelled columns most non-empty cells of the next records are not
// labels (digits, an @, a date...), or its labels are known column names
// (known may be nil).
func detectHeader(rows [][]string, known func(string) bool) bool {
	if len(rows) == 0 {
		return false
	}
	first := rows[0]
	labels := 0
	for _, c := range first {
		c = trimCell(c)
		if c == "" {
			continue
		}
		if !isLabel(c) {
			return false
		}
		labels++
	}
	if labels == 0 {
		return false
	}
	if len(rows) == 1 {
		return true
	}
	if known != nil {
		// "naam,plaats" over "Jan,Amsterdam": every cell is text, but the
		// first record names columns as CRMs and people name them.
		k := 0
		for _, c := range first {
			if c = trimCell(c); c != "" && known(c) {
				k++
			}
		}
		if k >= 2 || k == labels {
			return true
		}
	}
	for j, h := range first {
		if trimCell(h) == "" {
			continue
		}
		other, total := 0, 0
		for _, r := range rows[1:] {
			if j >= len(r) {
				continue
			}
			c := trimCell(r[j])
			if c == "" {
				continue
			}
			total++
			if !isLabel(c) {
				other++
			}
		}
		if total > 0 && 2*other > total {
			return true
		}
	}
	return false
}

func trimCell(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF"))
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

// columnNames turns header cells into unique column names.
func columnNames(header []string) []source.Column {
	cols := make([]source.Column, len(header))
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		name := trimCell(h)
		if name == "" {
			name = "column_" + strconv.Itoa(i+1)
		}
		if seen[name] {
			for k := 2; ; k++ {
				alt := name + "_" + strconv.Itoa(k)
				if !seen[alt] {
					name = alt
					break
				}
			}
		}
		seen[name] = true
		cols[i] = source.Column{Name: name}
	}
	return cols
}
