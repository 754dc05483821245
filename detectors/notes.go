package detectors

import (
	"bytes"
	"fmt"
	"math/bits"
	"sort"
	"strings"

	"github.com/crmscan/crmscan/rules"
)

// Note finds the words of one note category in free text: a special
// category of personal data (GDPR art. 9, criminal data under art. 10) or a
// judgmental remark about a person. The vocabulary is data, in
// rules/lexicons.toml (Dutch and English).
//
// Text is read word by word: lower-cased, diacritics folded (patiënt →
// patient), an apostrophe inside a word dropped (jehovah's → jehovahs) and a
// hyphen taken as a word break (burn-out → burn out). A term matches whole
// words only, never a substring ("lic" is not in "public"): every form is
// listed, and only stems of six letters or more match the start of a longer
// word (Dutch compounds). A false friend ("depressief weer", "naast de
// kerk") cancels a match that lies inside it.
//
// A match is High in a notes column (description, opmerkingen, memo...) or a
// column named for the category (diagnose, religie), Medium in any other
// text, and Low in a column that names a thing rather than a person
// (product, company), where it counts only when most of the column matches.
// Normalized is "category:term"; Mask shows "term (category)", never the
// sentence around it.
type Note struct {
	id   string
	prio int
	idx  int // index in noteOrder and noteLexicons
	lex  *noteLexicon
}

var _ Detector = (*Note)(nil)
var _ Ruled = (*Note)(nil)

// noteOrder lists the categories with their detector IDs, highest priority
// first. A term belongs to one category only, so the order matters only
// for overlapping phrases.
var noteOrder = []struct{ cat, id string }{
	{"health", "special_health"},
	{"religion", "special_religion"},
	{"ethnicity", "special_ethnicity"},
	{"political", "special_political"},
	{"trade_union", "special_trade_union"},
	{"sexual_orientation", "special_sexual_orientation"},
	{"criminal", "special_criminal"},
	{"biometric", "special_biometric"},
	{"judgmental", "note_judgmental"},
}

// noteTopPriority is the priority of the first note category; the others
// follow one below the other, all below every identifier.
const noteTopPriority = 10

func init() {
	if len(noteOrder) > 16 {
		panic("detectors: more note categories than noteWordCats has bits")
	}
	lx, err := rules.Lexicons()
	if err != nil {
		panic(fmt.Sprintf("detectors: %v", err))
	}
	for i, o := range noteOrder {
		l, ok := lx[o.cat]
		if !ok {
			panic(fmt.Sprintf("detectors: lexicon %q missing from rules/lexicons.toml", o.cat))
		}
		c := compileLexicon(l)
		for k := range c.filter {
			noteUnion.filter[k] |= c.filter[k]
			noteUnion.stemFilter[k] |= c.stemFilter[k]
		}
		for h := range noteWordCats {
			if c.filter[h>>6]&(1<<(h&63)) != 0 {
				noteWordCats[h] |= 1 << i
			}
			if c.stemFilter[h>>6]&(1<<(h&63)) != 0 {
				noteStemCats[h] |= 1 << i
			}
		}
		for w, e := range c.words {
			k := noteKeys[w]
			if k == nil {
				k = &noteKey{}
				noteKeys[w] = k
				noteKeyBits.add([]byte(w))
			}
			k.cats |= 1 << i // categories are added in order: ents stays in bit order
			k.ents = append(k.ents, e)
		}
		noteLexicons = append(noteLexicons, c)
		Register(&Note{id: o.id, prio: noteTopPriority - i, idx: i, lex: c})
	}
}

// noteLexicons are the compiled categories in noteOrder.
var noteLexicons []*noteLexicon

// noteWordCats and noteStemCats map a word's (a stem's) noteHash to the
// categories whose filter holds it: one lookup per word for all nine.
var noteWordCats, noteStemCats [4096]uint16

// noteUnion holds the filters of every category's lexicon together, so the
// shared word split keeps only the words some lexicon may hold.
var noteUnion noteLexicon

// noteKeyBits holds a finer hash of every key of noteKeys: most words of a
// remark that pass the categories' coarse filters fail it, and are dropped
// before a map lookup.
var noteKeyBits bitFilter

// bitFilter is a set of 2^15 bits, indexed by a hash of a word's length
// and its first three and last two bytes.
type bitFilter [512]uint64

func bitHash(b []byte) uint {
	n := len(b)
	if n == 0 {
		return 0
	}
	k := uint64(n)<<40 | uint64(b[0]) | uint64(b[n-1])<<32
	if n > 1 {
		k |= uint64(b[1])<<8 | uint64(b[n-2])<<24
	}
	if n > 2 {
		k |= uint64(b[2]) << 16
	}
	return uint(k * 0x9E3779B97F4A7C15 >> 49)
}

func (f *bitFilter) add(b []byte)      { h := bitHash(b); f[h>>6] |= 1 << (h & 63) }
func (f *bitFilter) has(b []byte) bool { h := bitHash(b); return f[h>>6]&(1<<(h&63)) != 0 }

// noteKeys maps a key of some category's words to the categories that have
// it and their entries, so that the shared pass looks a word up once.
var noteKeys = map[string]*noteKey{}

// noteKey is a word's entries: ents holds one per bit of cats, in order.
type noteKey struct {
	cats uint16
	ents []noteEntry
}

// CountsRows reports whether a detector's findings count the rows (cells)
// that hold a match rather than the matches: a note category, where one
// remark may name several terms of it ("stemt op de PVV").
func CountsRows(d Detector) bool { return IsNote(d) }

// IsNote reports whether d is a note category, whose Find reads the terms
// that one pass over the cell finds for every category (Scratch.NoNoteTerms).
func IsNote(d Detector) bool {
	_, ok := d.(*Note)
	return ok
}

// NoNoteTerms reports that a note category's Find already looked at the
// current cell and found no term of any category: the other categories'
// Find would return nothing, and the caller may skip them.
func (s *Scratch) NoNoteTerms() bool {
	return s.hitsCell == s.cell && s.hitsCell != 0 && len(s.hits) == 0
}

// ID returns "special_<category>" or "note_judgmental".
func (d *Note) ID() string { return d.id }

// Rule returns the lexicon's rule ("special.health", "note.judgmental").
func (d *Note) Rule() string { return d.lex.rule }

// Category returns the lexicon category ("health").
func (d *Note) Category() string { return d.lex.cat }

// Priority ranks note categories below every identifier: a word inside an
// address or an e-mail address is not a note term.
func (d *Note) Priority() int { return d.prio }

var notesHint = columnHint{
	contains: []string{"notitie", "opmerking", "toelichting", "beschrijving", "description", "remark", "comment", "memo"},
	tokens:   []string{"notes", "note", "message", "bericht", "dossier", "verslag", "klacht", "feedback"},
}

// ColumnHint reports a notes column (description, notes, opmerkingen, memo,
// toelichting, comments...) or a column named for the category.
func (d *Note) ColumnHint(column string) bool {
	k := columnKind(column)
	return k == rules.KindNotes || k == d.lex.cat || notesHint.match(column)
}

// Prefilter implements Detector: a word needs letters, and outside a notes
// or category column only free text (several words) is read, so names,
// cities and codes cost nothing.
func (d *Note) Prefilter() Prefilter { return Prefilter{MinLen: 2, All: ShapeLetter, TextOrHint: true} }

// Mask renders "term (category)".
func (d *Note) Mask(normalized string) string {
	cat, term, ok := strings.Cut(normalized, ":")
	if !ok {
		return "(" + d.lex.cat + ")"
	}
	return term + " (" + cat + ")"
}

// Find returns the category's terms in the cell.
func (d *Note) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint && bytes.IndexAny(cell, " \t\n\r") < 0 {
		return out // a single word outside a notes column: a name, a city, a code
	}
	lx := d.lex
	n0 := len(out)
	if ctx.Scratch != nil {
		// The nine note detectors share one pass over the cell's words
		// that finds every category's terms.
		for _, h := range ctx.Scratch.noteHits(cell) {
			if int(h.cat) == d.idx {
				out = append(out, Match{Start: h.start, End: h.end, Normalized: lx.norm[h.term], Confidence: Medium,
					WholeCell: isWholeCell(cell, h.start, h.end)})
			}
		}
	} else {
		var nw noteWord
		var st noteState
		for i := 0; nextNoteWord(cell, i, &st.w); {
			i = st.w.end
			if !st.w.ok {
				continue
			}
			inWords, inStems := lx.maybe(&st.w)
			if !inWords && !inStems {
				continue
			}
			var e *noteEntry
			if inWords {
				if x, found := lx.words[string(st.w.buf[:st.w.n])]; found {
					e = &x
				}
			}
			var next int8
			if end, term, ok := lx.at(cell, &st, &nw, &next, e, inStems); ok {
				out = append(out, Match{Start: st.w.start, End: end, Normalized: lx.norm[term], Confidence: Medium,
					WholeCell: isWholeCell(cell, st.w.start, end)})
				i = end
			}
		}
	}
	if len(out) > n0 {
		conf := Medium
		switch {
		case ctx.Hint:
			conf = High
		case ctx.kind() == rules.KindNotPerson:
			conf = Low
		}
		for k := n0; k < len(out); k++ {
			out[k].Confidence = conf
		}
	}
	return out
}

// noteState is one category's state while a cell's words are read.
type noteState struct {
	w        noteWord // the current word
	suppress int      // a false friend covers the cell up to here
	from     int      // words that start before this are inside a match
}

// at matches the category at the current word st.w, whose entry in words
// is e (nil when it has none) and which passed the stem filter when
// inStems, and returns the end of the term and its index. nw and next hold
// the word after st.w once read (phraseAt): every phrase that starts at
// st.w, of any category, shares them.
func (lx *noteLexicon) at(cell []byte, st *noteState, nw *noteWord, next *int8, e *noteEntry, inStems bool) (int, int32, bool) {
	w := &st.w
	bestEnd, best := -1, int32(-1)
	if e != nil {
		for _, f := range e.ffs {
			if end, ok := phraseAt(cell, w, nw, next, lx.ffs[f]); ok && end > st.suppress {
				st.suppress = end
			}
		}
		if e.term >= 0 && (!e.upper || w.upper) {
			bestEnd, best = w.end, e.term
		}
		for _, p := range e.phrases {
			if end, ok := phraseAt(cell, w, nw, next, lx.phrases[p].words); ok && end > bestEnd {
				bestEnd, best = end, lx.phrases[p].term
			}
		}
	}
	if best < 0 && inStems {
		if ss, ok := lx.stems[string(w.buf[:rules.MinStem])]; ok {
			for _, s := range ss {
				if hasPrefix(w.buf[:w.n], lx.stemText[s]) {
					bestEnd, best = w.end, lx.stemTerm[s]
					break
				}
			}
		}
	}
	if best < 0 || bestEnd <= st.suppress {
		return 0, 0, false
	}
	return bestEnd, best, true
}

// noteHit is a term of one category found in the worker's current cell.
type noteHit struct {
	cat        uint8
	term       int32
	start, end int
}

// noteHits returns the terms of every category in the worker's current
// cell, found in one pass over its words: what each category's Find would
// find on its own, in order within each category.
func (s *Scratch) noteHits(cell []byte) []noteHit {
	if s.hitsCell == s.cell && s.hitsCell != 0 {
		return s.hits
	}
	s.hits = s.hits[:0]
	s.hitsCell = s.cell
	words := s.noteWords(cell)
	if len(words) == 0 {
		return s.hits
	}
	var st [16]noteState
	var nw noteWord
	for wi := range words {
		w := &words[wi]
		var key *noteKey
		if noteWordCats[noteHash(w.buf[:w.n])] != 0 {
			// One exact lookup for every category's entry.
			key = noteKeys[string(w.buf[:w.n])]
		}
		var cats, stems uint16
		if key != nil {
			cats = key.cats
		}
		if w.n >= rules.MinStem {
			stems = noteStemCats[noteHash(w.buf[:rules.MinStem])]
		}
		var next int8
		for m := cats | stems; m != 0; m &= m - 1 {
			c := bits.TrailingZeros16(m)
			cs := &st[c]
			if w.start < cs.from {
				continue
			}
			cs.w = *w
			var e *noteEntry
			if cats&(1<<c) != 0 {
				e = &key.ents[bits.OnesCount16(cats&(1<<c-1))]
			}
			if end, term, ok := noteLexicons[c].at(cell, cs, &nw, &next, e, stems&(1<<c) != 0); ok {
				s.hits = append(s.hits, noteHit{cat: uint8(c), term: term, start: w.start, end: end})
				cs.from = end
			}
		}
	}
	return s.hits
}

// noteWords returns the words of the worker's current cell that some
// lexicon may hold, split and folded once for all note detectors. Words no
// lexicon can hold are dropped: every detector would skip them. A word is
// kept when it may start a stem, or when it passes the categories' filter
// and noteKeyBits (then noteHits looks it up in noteKeys).
func (s *Scratch) noteWords(cell []byte) []noteWord {
	if s.wordsCell == s.cell && s.wordsCell != 0 {
		return s.words
	}
	s.words = s.words[:0]
	var w noteWord
	for i := 0; nextNoteWord(cell, i, &w); i = w.end {
		if !w.ok {
			continue
		}
		if words, stems := noteUnion.maybe(&w); (words && noteKeyBits.has(w.buf[:w.n])) || stems {
			s.words = append(s.words, w)
		}
	}
	s.wordsCell = s.cell
	return s.words
}

// noteWordMax is the longest word looked up; longer words never match.
const noteWordMax = 48

// noteWord is one word of a cell, folded into buf.
type noteWord struct {
	start, end int
	buf        [noteWordMax]byte
	n          int
	ok         bool // folded completely: fits and has only foldable letters
	upper      bool // every letter an ASCII capital
}

// noteFold maps an ASCII letter or digit to its lower-case form and every
// other byte to 0.
var noteFold = func() (fold [256]byte) {
	for c := '0'; c <= '9'; c++ {
		fold[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		fold[c], fold[c-32] = byte(c), byte(c)
	}
	return fold
}()

// latin1Fold folds U+00C0..U+00FF (the second byte of C3 xx, minus 0x80) to
// an ASCII letter; 0 marks × and ÷, which separate words.
var latin1Fold = [64]byte{
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 's',
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 'y',
}

// highSep reports whether the UTF-8 sequence at cell[i] (a byte ≥ 0x80) is
// punctuation or space that separates words, and its length: C2 xx
// (no-break space, «, », ...) and the General Punctuation block E2 80..81
// (dashes, quotes, ...).
func highSep(cell []byte, i int) (bool, int) {
	c := cell[i]
	switch {
	case c == 0xC2 && i+1 < len(cell):
		return true, 2
	case c == 0xC3 && i+1 < len(cell) && (cell[i+1] == 0x97 || cell[i+1] == 0xB7):
		return true, 2
	case c == 0xE2 && i+2 < len(cell) && (cell[i+1] == 0x80 || cell[i+1] == 0x81):
		return true, 3
	}
	return false, 1
}

// nextNoteWord reads the first word at or after cell[i] into w and reports
// whether there was one.
func nextNoteWord(cell []byte, i int, w *noteWord) bool {
	// Skip separators.
	for i < len(cell) {
		c := cell[i]
		if noteFold[c] != 0 || c == '_' {
			break
		}
		if c >= 0x80 {
			if sep, l := highSep(cell, i); sep {
				i += l
				continue
			}
			break
		}
		i++
	}
	if i >= len(cell) {
		return false
	}
	w.start, w.ok = i, true
	n := 0
	var lower byte
	for {
		// The common case: ASCII letters and digits.
		for i < len(cell) {
			c := cell[i]
			f := noteFold[c]
			if f == 0 {
				break
			}
			if n < noteWordMax {
				w.buf[n] = f
				n++
			} else {
				w.ok = false
			}
			lower |= c >> 6 & (c >> 5) & 1 // a-z: bits 6 and 5 set; A-Z and digits: not both
			i++
		}
		if i >= len(cell) {
			break
		}
		c := cell[i]
		if c == '\'' { // jehovah's: inside a word only before a letter
			if i+1 < len(cell) && noteFold[cell[i+1]] != 0 {
				i++
				continue
			}
			break
		}
		if c == '_' {
			w.ok = false
			i++
			continue
		}
		if c < 0x80 {
			break
		}
		if c == 0xC3 && i+1 < len(cell) && cell[i+1]-0x80 < 0x40 {
			f := latin1Fold[cell[i+1]-0x80]
			if f == 0 {
				break // × ÷
			}
			if n < noteWordMax {
				w.buf[n] = f
				n++
			} else {
				w.ok = false
			}
			if cell[i+1] >= 0xA0 {
				lower = 1
			}
			i += 2
			continue
		}
		if c == 0xE2 && i+3 < len(cell) && cell[i+1] == 0x80 && cell[i+2] == 0x99 && noteFold[cell[i+3]] != 0 {
			i += 3 // ’ inside a word
			continue
		}
		if sep, _ := highSep(cell, i); sep {
			break
		}
		w.ok = false // a letter crmscan does not fold: the word never matches
		i++
	}
	w.end, w.n = i, n
	w.upper = lower == 0
	if n == 0 {
		w.ok = false
	}
	return true
}

// nextPhraseWord reads the word after w, if only a short run of blanks,
// hyphens or slashes separates them.
func nextPhraseWord(cell []byte, w, next *noteWord) bool {
	p := w.end
	for k := 0; p < len(cell) && k < 3; k++ {
		c := cell[p]
		if c != ' ' && c != '\t' && c != '-' && c != '/' {
			break
		}
		p++
	}
	if p == w.end || p >= len(cell) {
		return false
	}
	return nextNoteWord(cell, p, next) && next.start == p && next.ok
}

// noteLexicon is one category compiled for matching.
type noteLexicon struct {
	cat, rule  string
	words      map[string]noteEntry // first (or only) word of a term or false friend
	filter     [64]uint64           // hash of every key of words
	stemFilter [64]uint64           // hash of every key of stems
	phrases    []notePhrase
	ffs        [][]string // false friends, as words
	stems      map[string][]int32
	stemText   []string
	stemTerm   []int32
	norm       []string // "category:term" by term index
}

// noteEntry is what a folded word may start.
type noteEntry struct {
	term    int32 // the single-word term, or -1
	upper   bool  // the single-word term is an acronym: capitals only
	phrases []int32
	ffs     []int32
}

type notePhrase struct {
	words []string
	term  int32
}

func noteHash(b []byte) uint {
	n := len(b)
	if n == 0 {
		return 0
	}
	h := uint(b[0])*31 + uint(b[n-1])*7 + uint(n)*131
	if n > 1 {
		h += uint(b[1]) * 1031
	}
	return h & 4095
}

// maybe reports whether w may be a key of words and whether it may start
// with a stem: cheap tests before the map lookups.
func (lx *noteLexicon) maybe(w *noteWord) (words, stems bool) {
	h := noteHash(w.buf[:w.n])
	words = lx.filter[h>>6]&(1<<(h&63)) != 0
	if w.n >= rules.MinStem {
		h = noteHash(w.buf[:rules.MinStem])
		stems = lx.stemFilter[h>>6]&(1<<(h&63)) != 0
	}
	return words, stems
}

// phraseAt reports whether the phrase words starts at w (whose first word
// matched already) and returns its end. The word after w is read once for
// all the phrases at w: *state is 0 until it is read, then 1 with the word
// in next, or -1 when there is none.
func phraseAt(cell []byte, w, next *noteWord, state *int8, words []string) (int, bool) {
	if string(w.buf[:w.n]) != words[0] {
		return 0, false
	}
	if len(words) == 1 {
		return w.end, true
	}
	if *state == 0 {
		*state = -1
		if nextPhraseWord(cell, w, next) {
			*state = 1
		}
	}
	if *state < 0 || string(next.buf[:next.n]) != words[1] {
		return 0, false
	}
	if len(words) == 2 {
		return next.end, true
	}
	cur := *next
	var nn noteWord
	for _, pw := range words[2:] {
		if !nextPhraseWord(cell, &cur, &nn) || string(nn.buf[:nn.n]) != pw {
			return 0, false
		}
		cur = nn
	}
	return cur.end, true
}

// foldTerm splits a lexicon term into folded words the way the tokenizer
// reads text.
func foldTerm(s string) []string {
	var out []string
	var w noteWord
	b := []byte(s)
	for i := 0; nextNoteWord(b, i, &w); i = w.end {
		if !w.ok {
			panic(fmt.Sprintf("detectors: lexicon term %q has a word crmscan cannot match", s))
		}
		out = append(out, string(w.buf[:w.n]))
	}
	return out
}

func compileLexicon(l rules.Lexicon) *noteLexicon {
	lx := &noteLexicon{cat: l.Category, rule: l.Rule, words: map[string]noteEntry{}, stems: map[string][]int32{}}
	entry := func(k string) noteEntry {
		e, ok := lx.words[k]
		if !ok {
			e.term = -1
		}
		return e
	}
	addTerm := func(s string, upper bool) {
		ws := foldTerm(s)
		if len(ws) == 0 {
			return
		}
		id := int32(len(lx.norm))
		lx.norm = append(lx.norm, lx.cat+":"+strings.Join(ws, " "))
		e := entry(ws[0])
		if len(ws) == 1 {
			e.term, e.upper = id, upper
		} else {
			e.phrases = append(e.phrases, int32(len(lx.phrases)))
			lx.phrases = append(lx.phrases, notePhrase{words: ws, term: id})
		}
		lx.words[ws[0]] = e
	}
	for _, t := range l.Terms {
		addTerm(t, false)
	}
	for _, t := range l.Upper {
		addTerm(t, true)
	}
	for _, s := range l.Stems {
		ws := foldTerm(s)
		if len(ws) != 1 || len(ws[0]) < rules.MinStem {
			panic(fmt.Sprintf("detectors: lexicon stem %q is not one word of %d letters or more", s, rules.MinStem))
		}
		k := ws[0][:rules.MinStem]
		lx.stems[k] = append(lx.stems[k], int32(len(lx.stemText)))
		h := noteHash([]byte(k))
		lx.stemFilter[h>>6] |= 1 << (h & 63)
		lx.stemText = append(lx.stemText, ws[0])
		lx.stemTerm = append(lx.stemTerm, int32(len(lx.norm)))
		lx.norm = append(lx.norm, lx.cat+":"+ws[0])
	}
	for _, f := range l.FalseFriends {
		ws := foldTerm(f)
		if len(ws) == 0 {
			continue
		}
		e := entry(ws[0])
		e.ffs = append(e.ffs, int32(len(lx.ffs)))
		lx.ffs = append(lx.ffs, ws)
		lx.words[ws[0]] = e
	}
	// Longest phrases first, so that a longer false friend or term wins.
	for k, e := range lx.words {
		sort.SliceStable(e.phrases, func(i, j int) bool {
			return len(lx.phrases[e.phrases[i]].words) > len(lx.phrases[e.phrases[j]].words)
		})
		lx.words[k] = e
		h := noteHash([]byte(k))
		lx.filter[h>>6] |= 1 << (h & 63)
	}
	return lx
}

func hasPrefix(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if b[i] != p[i] {
			return false
		}
	}
	return true
}
