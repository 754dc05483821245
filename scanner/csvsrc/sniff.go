package csvsrc

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/crmscan/crmscan/scanner/header"
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

// columnNames turns header cells into unique column names.
func columnNames(cells []string) []source.Column {
	cols := make([]source.Column, len(cells))
	seen := make(map[string]bool, len(cells))
	for i, h := range cells {
		name := header.Trim(h)
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
