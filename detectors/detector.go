// Package detectors finds personal data in a single cell of text.
//
// A detector is a pure function over one cell value plus the name of the
// column it came from. It knows nothing of files, databases or the GDPR: the
// scanner feeds it cells, and the rules decide what a match means. Raw values
// live only between the source reader and the detector worker; the worker
// masks and fingerprints a Match before anything leaves it.
//
// Adding a detector is adding one file that calls Register in its init,
// and one rule block with its description (`detector.*` keys) in
// rules/default.toml; TestDetectorsDescribeThemselves fails until both are
// there and agree.
package detectors

import (
	"bytes"
	"fmt"
	"sort"
	"sync"

	"github.com/crmscan/crmscan/rules"
)

// Confidence says how sure a detector is that a match is what it claims.
type Confidence uint8

// Confidence levels, ordered.
const (
	ConfidenceNone Confidence = iota
	Low
	Medium
	High
)

// String returns "low", "medium" or "high" ("" for none).
func (c Confidence) String() string {
	switch c {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return ""
}

// Shape is a set of byte classes present in a cell.
type Shape uint16

// Shape bits.
const (
	ShapeLetter Shape = 1 << iota // an ASCII letter
	ShapeUpper                    // an ASCII upper-case letter
	ShapeAt                       // '@'
	ShapePlus                     // '+'
	ShapeSpace                    // space, tab or line break: free text, printed groups
	ShapeDot                      // '.'
	ShapeColon                    // ':'
	ShapeDash                     // '-'
	ShapeSlash                    // '/'
	ShapeSigil                    // '$' or '{': a password hash's format marker ($2y$, {SSHA})
	shapeDigit                    // internal: counted, not a bit of Features.Shape
)

// Features are cheap facts about a cell, computed once by Scan and shared by
// every detector's Prefilter, so a cell that cannot hold a detector's kind
// of value costs that detector a few comparisons and no call.
type Features struct {
	Len     int   // bytes in the cell
	Digits  int   // ASCII digits in the cell
	Letters int   // ASCII letters in the cell
	Shape   Shape // byte classes present
}

var classes = func() (t [256]Shape) {
	for c := '0'; c <= '9'; c++ {
		t[c] = shapeDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = ShapeLetter
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = ShapeLetter | ShapeUpper
	}
	t['@'] = ShapeAt
	t['+'] = ShapePlus
	t[' '] = ShapeSpace
	t['\t'] = ShapeSpace
	t['\n'] = ShapeSpace // a note of several lines
	t['\r'] = ShapeSpace
	t['.'] = ShapeDot
	t[':'] = ShapeColon
	t['-'] = ShapeDash
	t['/'] = ShapeSlash
	t['$'] = ShapeSigil
	t['{'] = ShapeSigil
	return t
}()

// counts per byte: 1 for a digit in the low half, 1 for a letter in the
// high half, so that one addition counts both.
var counts = func() (t [256]uint64) {
	for c := 0; c < 256; c++ {
		if classes[c]&shapeDigit != 0 {
			t[c] = 1
		}
		if classes[c]&ShapeLetter != 0 {
			t[c] = 1 << 32
		}
	}
	return t
}()

// Scan computes the Features of a cell in one pass without allocating.
func Scan(cell []byte) Features {
	var or0, or1 Shape
	var n0, n1 uint64
	i := 0
	for ; i+4 <= len(cell); i += 4 {
		b0, b1, b2, b3 := cell[i], cell[i+1], cell[i+2], cell[i+3]
		or0 |= classes[b0] | classes[b1]
		or1 |= classes[b2] | classes[b3]
		n0 += counts[b0] + counts[b1]
		n1 += counts[b2] + counts[b3]
	}
	for ; i < len(cell); i++ {
		or0 |= classes[cell[i]]
		n0 += counts[cell[i]]
	}
	n := n0 + n1
	return Features{Len: len(cell), Digits: int(uint32(n)), Letters: int(n >> 32), Shape: (or0 | or1) &^ shapeDigit}
}

// Has reports whether all bits of s are present.
func (f Features) Has(s Shape) bool { return f.Shape&s == s }

// Prefilter says, as data, which cells a detector can match at all. The
// worker checks it inline for every cell and detector, so it must never
// reject a cell Find would match.
type Prefilter struct {
	MinLen    int   // at least this many bytes
	MinDigits int   // at least this many ASCII digits
	All       Shape // every one of these classes present
	Any       Shape // at least one of these classes present (0: no condition)
	// HintOrLetters: the detector matches only in a column whose name
	// hints at its kind, or near a hotword, so a cell with fewer than two
	// letters (no room for a hotword) in a column without the hint is
	// skipped.
	HintOrLetters bool
	// HintOnly: the detector matches only in a column with the hint.
	HintOnly bool
	// TextOrHint: outside a hinted column, only cells of several words
	// (free text) are looked at.
	TextOrHint bool
	// NoHintDigits: outside a hinted column, at least this many digits
	// (an address in text has a house number).
	NoHintDigits int
	// NoHintAll: outside a hinted column, every one of these classes
	// present (a coordinate pair in text has a decimal point; a
	// location column may hold a binary point without one).
	NoHintAll Shape
	// NoHintMinLen: outside a hinted column, at least this many bytes.
	NoHintMinLen int
	// MinGroup: a match is a number written with digits and separators
	// only, so the cell has a digit group (CellFacts) of at least this
	// many digits. Checked after the cheaper conditions, once per cell.
	MinGroup int
	// NoHintGroup: outside a hinted column, a digit group of at least
	// this many digits.
	NoHintGroup int
	// MinChain: a match is digit runs joined by single '.', '-' or ' '
	// bytes (readNum's token with those separators), so the cell has such
	// a chain of at least this many digits (CellFacts): stricter than
	// MinGroup, whose groups also cross brackets, slashes and plus signs.
	MinChain int
	// Runs: a match holds a maximal run of ASCII digits of one of these
	// lengths (31 stands for 31 or more).
	Runs []int
	// NoHintRuns: outside a hinted column, a run of one of these lengths.
	NoHintRuns []int
	// Seps: a match is written in groups parted by separators, so the
	// cell holds at least Seps[k] of separator k for some k (0: that
	// separator does not do): a colon, a dash, a dot, and "::" (SepColon,
	// SepDash, SepDot, SepDoubleColon).
	Seps [SepKinds]uint8
	// NoHintRunsBeforeLetter: outside a hinted column, a match holds a
	// maximal digit run of one of these lengths followed by an ASCII
	// letter, directly or after one space (a postcode's 1234 AB).
	NoHintRunsBeforeLetter []int
	// NoHintPhoneStart: outside a hinted column a match starts at a '+', a
	// '(' or a '0' where phoneStartOK allows a number to start, and its
	// digits lie in the digit group from there: the group holds
	// NoHintGroup digits from such a start on (CellFacts).
	NoHintPhoneStart bool
	// NoHintDecimals: outside a hinted column, a match holds this many
	// decimal numbers with two decimals or more: a digit, a point and a
	// run of two digits or more (a coordinate pair, 52.3702 4.8952).
	NoHintDecimals int
	// CountryStart: a match starts a word (a letter or digit whose
	// previous byte is neither) with two ASCII letters and two digits, an
	// IBAN's country code and check digits; or it is the whole cell, which
	// (blanks trimmed) starts with two letters and a digit, a space or a
	// dash (countryStart).
	CountryStart bool
	// Hotwords: outside a hinted column a match needs one of these words
	// in the cell, as hotwordNear and hotwordBefore read them (at the start
	// of a word, ASCII case folded); a cell none of whose words starts with
	// the first three bytes of one of them is skipped (CellFacts).
	Hotwords []string
	// WholeID: Find may match a cell that is one record ID (IsRecordID: a
	// UUID, a Salesforce ID) as a whole: an advertising ID, a login, a
	// password. A detector without it is not asked about such a cell,
	// since no part of a record ID is a number, a word or an address.
	WholeID bool
}

// Admit reports whether a cell with features f, in a column where the
// detector's ColumnHint is hint, passes the prefilter's conditions on
// Features (AdmitCell checks them all).
func (p *Prefilter) Admit(f Features, hint bool) bool {
	if f.Len < p.MinLen || f.Digits < p.MinDigits || f.Shape&p.All != p.All {
		return false
	}
	if p.Any != 0 && f.Shape&p.Any == 0 {
		return false
	}
	if !hint && (p.HintOnly || p.HintOrLetters && f.Letters < 2 || p.TextOrHint && f.Shape&ShapeSpace == 0 || f.Digits < p.NoHintDigits ||
		f.Shape&p.NoHintAll != p.NoHintAll || f.Len < p.NoHintMinLen) {
		return false
	}
	return true
}

// AdmitCell reports whether cell, in a column where the detector's
// ColumnHint is hint, passes the whole prefilter: Admit on its Features,
// then the conditions on digit groups, runs and hotwords. The worker's
// gates agree with it.
func (p *Prefilter) AdmitCell(cell []byte, hint bool) bool {
	if !p.WholeID && IsRecordID(cell) {
		return false
	}
	f := Scan(cell)
	if !p.Admit(f, hint) {
		return false
	}
	g, _ := p.Compile(hint, 0)
	var cf CellFacts
	return g.AdmitMore(cell, f, &cf)
}

// Gate is a Prefilter compiled for one column, whose hint is known: a few
// comparisons per cell, and no gate at all for a detector that cannot match
// in the column.
type Gate struct {
	MinLen, MinDigits, MinLetters int32
	// MinGroup is the least digit group of an admitted cell, and Runs the
	// digit-run lengths one of which it must hold (bit n for length n);
	// 0 for no condition. AdmitMore checks them.
	MinGroup int32
	Runs     uint32
	// MinChain is Prefilter.MinChain; 0 for no condition.
	MinChain int32
	// Seps is Prefilter.Seps; all zero for no condition.
	Seps [SepKinds]uint8
	// PhoneStart is Prefilter.NoHintPhoneStart outside a hinted column:
	// MinGroup digits in one group from a phone number's start.
	PhoneStart bool
	// Decimals is Prefilter.NoHintDecimals outside a hinted column.
	Decimals int32
	// CountryStart is Prefilter.CountryStart.
	CountryStart bool
	// RunsLetter is Prefilter.NoHintRunsBeforeLetter outside a hinted
	// column, as bits like Runs; 0 for no condition.
	RunsLetter uint32
	All, Any   Shape
	// Hot and Hot4, when Hotted, are the word starts (CellFacts' words
	// and keys) one of which a cell must have (Prefilter.Hotwords outside
	// a hinted column).
	Hot    [4]uint64
	Hot4   *[quadBits / 64]uint64
	Hotted bool
	// WholeID is Prefilter.WholeID: the gate admits a cell that is one
	// record ID (the worker checks that once per cell, before the gates).
	WholeID bool
	// Det is the index of the detector the gate stands for, for the caller.
	Det int32
	// plain is set by Compile when AdmitMore has nothing to check (no
	// MinGroup, Runs, Seps or Hot); false always works.
	plain bool
}

// Compile returns the gate of the prefilter in a column where the
// detector's ColumnHint is hint, and false when no cell of the column can
// pass it.
func (p *Prefilter) Compile(hint bool, det int) (Gate, bool) {
	g := Gate{MinLen: int32(p.MinLen), MinDigits: int32(p.MinDigits), MinGroup: int32(p.MinGroup), MinChain: int32(p.MinChain), Runs: runMask(p.Runs),
		Seps: p.Seps, All: p.All, Any: p.Any, Det: int32(det), CountryStart: p.CountryStart, WholeID: p.WholeID}
	if !hint {
		if p.HintOnly {
			return Gate{}, false
		}
		if p.HintOrLetters {
			g.MinLetters = 2
		}
		if p.TextOrHint {
			g.All |= ShapeSpace
		}
		g.MinDigits = max(g.MinDigits, int32(p.NoHintDigits))
		g.All |= p.NoHintAll
		g.MinLen = max(g.MinLen, int32(p.NoHintMinLen))
		g.MinGroup = max(g.MinGroup, int32(p.NoHintGroup))
		if len(p.NoHintRuns) > 0 {
			if g.Runs == 0 {
				g.Runs = runMask(p.NoHintRuns)
			} else {
				g.Runs &= runMask(p.NoHintRuns)
			}
		}
		g.Hot, g.Hot4, g.Hotted = hotMask(p.Hotwords)
		g.PhoneStart = p.NoHintPhoneStart
		g.Decimals = int32(p.NoHintDecimals)
		g.RunsLetter = runMask(p.NoHintRunsBeforeLetter)
	}
	g.plain = g.MinGroup == 0 && g.MinChain == 0 && g.Runs == 0 && g.Seps == [SepKinds]uint8{} && !g.PhoneStart && g.RunsLetter == 0 && !g.Hotted &&
		g.Decimals == 0 && !g.CountryStart
	return g, true
}

// runMask returns the bits of digit-run lengths (31 for 31 or more).
func runMask(lengths []int) (m uint32) {
	for _, n := range lengths {
		m |= 1 << min(max(n, 0), 31)
	}
	return m
}

// Admit reports whether a cell with features f passes the gate's
// conditions on Features; it agrees with the Prefilter's Admit for the
// column's hint.
func (g *Gate) Admit(f Features) bool {
	return int32(f.Len) >= g.MinLen && int32(f.Digits) >= g.MinDigits && int32(f.Letters) >= g.MinLetters &&
		f.Shape&g.All == g.All && (g.Any == 0 || f.Shape&g.Any != 0)
}

// AdmitMore reports whether a cell that passed Admit passes the rest of the
// gate: digit group, digit runs and hotwords. cf holds what it worked out
// about the cell, for the other gates of the same cell.
func (g *Gate) AdmitMore(cell []byte, f Features, cf *CellFacts) bool {
	if g.plain {
		return true // small enough to inline: most gates stop here
	}
	return g.admitMore(cell, f, cf)
}

func (g *Gate) admitMore(cell []byte, f Features, cf *CellFacts) bool {
	if g.MinGroup != 0 || g.MinChain != 0 || g.Runs != 0 || g.PhoneStart || g.RunsLetter != 0 || g.Decimals != 0 {
		if !cf.digitsDone {
			cf.digits(cell)
		}
		if int32(cf.group) < g.MinGroup || int32(cf.chain) < g.MinChain || g.Runs != 0 && cf.runs&g.Runs == 0 || g.PhoneStart && int32(cf.phoneGroup) < g.MinGroup ||
			g.RunsLetter != 0 && cf.runsLetter&g.RunsLetter == 0 || int32(cf.decimals) < g.Decimals {
			return false
		}
	}
	if g.Seps != [SepKinds]uint8{} {
		if !cf.sepsDone {
			cf.separators(cell)
		}
		ok := false
		for k, n := range g.Seps {
			ok = ok || n > 0 && cf.seps[k] >= n
		}
		if !ok {
			return false
		}
	}
	if g.Hotted {
		if f.Letters == 0 {
			return false // a hotword starts with a letter
		}
		if !cf.wordsDone {
			cf.wordStarts(cell)
		}
		if cf.words[0]&g.Hot[0]|cf.words[1]&g.Hot[1]|cf.words[2]&g.Hot[2]|cf.words[3]&g.Hot[3] == 0 && !cf.hotKey(g.Hot4) {
			return false
		}
	}
	if g.CountryStart && !countryStart(cell) {
		return false
	}
	return true
}

// countryStart reports whether a word of the cell starts with two ASCII
// letters and two digits, or the cell, blanks trimmed, starts with two
// letters and a digit, a space or a dash (Prefilter.CountryStart). Only
// a letter pair before a digit is looked at, from one digit to the next.
func countryStart(cell []byte) bool {
	s, e := trimBlank(cell)
	if e-s >= 3 && isLetter(cell[s]) && isLetter(cell[s+1]) && (isDigit(cell[s+2]) || cell[s+2] == ' ' || cell[s+2] == '-') {
		return true
	}
	for i := indexDigit(cell, 2); i+1 < len(cell); i = indexDigit(cell, i+1) {
		if isDigit(cell[i+1]) && isLetter(cell[i-1]) && isLetter(cell[i-2]) && (i == 2 || !isAlnum(cell[i-3])) {
			return true
		}
	}
	return false
}

// CellFacts are facts about one cell that only some gates ask, worked out
// on first use and shared by the gates of the cell. The zero value is not
// worked out yet; Reset it for each cell.
//
//   - The largest digit group: the most ASCII digits in digit runs joined
//     by gaps of at most maxGroupGap bytes, none of them a letter or one of
//     ":,;=@". A number written with digits and separators (spaces, dots,
//     dashes, slashes, brackets, a plus sign or any non-ASCII punctuation)
//     lies within one group, so a detector of such numbers declares its
//     shortest match's digits as Prefilter.MinGroup: a UUID, a version
//     string or a time of day (whose colons part its digits) has only
//     short groups and is skipped.
//   - The longest digit chain: the most ASCII digits in digit runs joined
//     by single '.', '-' or ' ' bytes, the tokens readNum reads with those
//     separators (Prefilter.MinChain).
//   - The lengths of the maximal digit runs, as bits (31 for 31 or more).
//   - How often each separator occurs (Prefilter.Seps), "::" counted where
//     two colons are adjacent, a dot only between two ASCII letters or
//     digits (as in every dotted form a detector reads: 10.0.0.1,
//     0123.4567.89ab), not at a sentence's end.
//   - The lengths of the digit runs followed by an ASCII letter, directly
//     or after one space (NoHintRunsBeforeLetter).
//   - The most digits in one digit group from a place where a phone number
//     may start (NoHintPhoneStart): a '+', a '(', or a '0' that
//     phoneStartOK lets start a number (a '0' inside a number, a date or an
//     amount does not). A time of day's "09:10" holds two.
//   - How many decimal numbers with two decimals or more the cell holds
//     (NoHintDecimals): digit runs of two or more after a point after a
//     digit.
//   - The words' starts: the first three bytes (ASCII lower-cased) of each
//     word, hashed into 256 bits (words); and its first four, the fourth
//     read as 0 when it is no ASCII letter or digit or past the cell's
//     end, hashed to 12 bits (quadKey), for the first maxKeys words
//     (keys). A word starts at an ASCII letter whose previous byte is no
//     ASCII letter or digit, as the hotword readers (hotwordBefore,
//     hotwordAfter) have it.
type CellFacts struct {
	digitsDone, wordsDone, sepsDone bool
	group                           int
	chain                           int // most digits in runs joined by single '.', '-' or ' ' bytes
	runs                            uint32
	seps                            [SepKinds]uint8 // how often each separator occurs, up to 255
	phoneGroup                      int             // most digits in a group from a phone number's possible start
	decimals                        uint8           // decimal numbers with two decimals or more, up to 255
	runsLetter                      uint32          // lengths of the digit runs followed by a letter (after a space or not)
	words                           [4]uint64
	keys                            [maxKeys]uint16 // quadKey of each word start
	nkeys                           uint8           // keys used; maxKeys+1 when the cell has more words
}

// The separators whose count a prefilter may ask (Prefilter.Seps).
const (
	SepColon       = iota // ':'
	SepDash               // '-'
	SepDot                // '.'
	SepDoubleColon        // "::", as an IPv6 address abbreviates
	SepKinds
)

// Reset makes the facts those of no cell yet, for the next: each fact
// is worked out whole on first use, so only what was worked out is
// forgotten (clearing the whole struct for every cell cost more).
func (cf *CellFacts) Reset() { cf.digitsDone, cf.wordsDone, cf.sepsDone = false, false, false }

// MaxDigitGroup returns the most digits in one digit group of the cell
// (CellFacts).
func MaxDigitGroup(cell []byte) int {
	var cf CellFacts
	cf.digits(cell)
	return cf.group
}

func (cf *CellFacts) digits(cell []byte) {
	cf.digitsDone = true
	// The facts are kept in locals while the cell is read, and stored once.
	// The loop goes from digit run to digit run (indexDigit reads eight
	// bytes at a time); of the bytes between two runs only a gap of at
	// most maxGroupGap is read, for group breaks.
	best, cur := 0, 0
	chain, chainCur := 0, 0
	var runs, runsLetter uint32
	var decimals uint8
	// inPhone: the current group has a place where a phone number may
	// start, phoneCur digits from the first such place on.
	inPhone := false
	phoneBest, phoneCur := 0, 0
	end := -maxGroupGap - 1 // the end of the last run
	for i := indexDigit(cell, 0); i < len(cell); i = indexDigit(cell, i) {
		j := i + 1
		for j < len(cell) && isDigit(cell[j]) {
			j++
		}
		if i-end > maxGroupGap || hasGroupBreak(cell[end:i]) {
			cur, inPhone = 0, false
		}
		// A number starts at a '+' or '(' just before its digits (phoneToken.read), or at a '0'.
		if !inPhone && (i > 0 && (cell[i-1] == '+' || cell[i-1] == '(') || cell[i] == '0' && phoneStartOK(cell, i)) {
			inPhone, phoneCur = true, 0
		}
		n := j - i
		cur += n
		best = max(best, cur)
		if i == end+1 && (cell[end] == '.' || cell[end] == '-' || cell[end] == ' ') {
			chainCur += n // one separator between this run and the last
		} else {
			chainCur = n
		}
		chain = max(chain, chainCur)
		if inPhone {
			phoneCur += n
			phoneBest = max(phoneBest, phoneCur)
		}
		runs |= 1 << min(n, 31)
		if n >= 2 && i >= 2 && cell[i-1] == '.' && isDigit(cell[i-2]) && decimals < 255 {
			decimals++
		}
		if k := j + 1; k < len(cell) && cell[j] == ' ' && isLetter(cell[k]) || j < len(cell) && isLetter(cell[j]) {
			runsLetter |= 1 << min(n, 31)
		}
		end, i = j, j
	}
	cf.group, cf.chain, cf.runs, cf.runsLetter, cf.phoneGroup, cf.decimals = best, chain, runs, runsLetter, phoneBest, decimals
}

// hasGroupBreak reports whether b holds a byte that ends a digit group.
func hasGroupBreak(b []byte) bool {
	for _, c := range b {
		if groupBreak[c] {
			return true
		}
	}
	return false
}

// separators counts the separators of Prefilter.Seps: a dot only between
// two ASCII letters or digits, and "::" without overlaps. bytes.Count reads
// many bytes at a time.
func (cf *CellFacts) separators(cell []byte) {
	cf.sepsDone = true
	sat := func(n int) uint8 { return uint8(min(n, 255)) }
	colons := bytes.Count(cell, sepColon)
	cf.seps[SepColon] = sat(colons)
	cf.seps[SepDash] = sat(bytes.Count(cell, sepDash))
	cf.seps[SepDoubleColon] = 0
	if colons >= 2 {
		cf.seps[SepDoubleColon] = sat(bytes.Count(cell, sepDoubleColon))
	}
	dots := 0
	for i := bytes.IndexByte(cell, '.'); i >= 0; {
		if i > 0 && i+1 < len(cell) && isAlnum(cell[i-1]) && isAlnum(cell[i+1]) {
			dots++
		}
		k := bytes.IndexByte(cell[i+1:], '.')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	cf.seps[SepDot] = sat(dots)
}

var sepColon, sepDash, sepDoubleColon = []byte(":"), []byte("-"), []byte("::")

// Byte classes of CellFacts.wordStarts: an ASCII digit, an ASCII letter,
// and the rest.
const (
	factOther = iota
	factDigit
	factLetter
)

var factClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = factDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-32] = factLetter, factLetter
	}
	return t
}()

func (cf *CellFacts) wordStarts(cell []byte) {
	cf.wordsDone = true
	cf.words, cf.nkeys = [4]uint64{}, 0 // keys past nkeys are never read
	// Only the first byte of a run of letters and digits can start a word:
	// read each run once.
	for i := 0; i+3 <= len(cell); {
		k := factClass[cell[i]]
		if k == factOther {
			i++
			continue
		}
		if k == factLetter {
			h := trigram(cell[i], cell[i+1], cell[i+2])
			cf.words[h>>6] |= 1 << (h & 63)
			var d byte
			if i+3 < len(cell) {
				d = cell[i+3]
			}
			if cf.nkeys < maxKeys {
				cf.keys[cf.nkeys] = uint16(quadKey(cell[i], cell[i+1], cell[i+2], d))
				cf.nkeys++
			} else {
				cf.nkeys = maxKeys + 1
			}
		}
		for i++; i < len(cell) && factClass[cell[i]] != factOther; i++ {
		}
	}
}

// trigram hashes three bytes, ASCII lower-cased, to 0..255.
func trigram(a, b, c byte) uint32 {
	return (uint32(lowerByte(a))<<16 | uint32(lowerByte(b))<<8 | uint32(lowerByte(c))) * 0x9E3779B1 >> 24
}

// hotMask returns the word starts of hotwords, and false when there are
// none or one cannot be told by its start (shorter than three bytes, or
// not starting with a lower-case ASCII letter): no condition then.
func hotMask(words []string) (m3 [4]uint64, m4 *[quadBits / 64]uint64, ok bool) {
	m4 = new([quadBits / 64]uint64)
	for _, w := range words {
		if len(w) < 3 || w[0] < 'a' || w[0] > 'z' {
			return [4]uint64{}, nil, false
		}
		switch {
		case len(w) >= 4 || isAlnum(w[2]):
			// The readers want a hotword that ends in a letter or digit
			// followed by no letter or digit: a three-letter one is its
			// word's first four bytes with the fourth read as 0.
			var d byte
			if len(w) >= 4 {
				d = w[3]
			}
			h := quadKey(w[0], w[1], w[2], d)
			m4[h>>6] |= 1 << (h & 63)
		default: // "né": any byte may follow
			h := trigram(w[0], w[1], w[2])
			m3[h>>6] |= 1 << (h & 63)
		}
	}
	return m3, m4, len(words) > 0
}

// quadKey hashes a word's first four bytes, ASCII lower-cased, the fourth
// read as 0 when it is no ASCII letter or digit, to 0..quadBits-1.
func quadKey(a, b, c, d byte) uint32 {
	if !isAlnum(d) {
		d = 0
	}
	return (uint32(lowerByte(a))<<24 | uint32(lowerByte(b))<<16 | uint32(lowerByte(c))<<8 | uint32(lowerByte(d))) * 0x9E3779B1 >> (32 - quadLog)
}

// quadBits is the range of quadKey: with a detector's twenty hotwords a
// word of a note collides with one about once in two hundred.
const (
	quadLog  = 12
	quadBits = 1 << quadLog
	// maxKeys is how many words' keys CellFacts keeps; a cell with more
	// passes every hotword condition.
	maxKeys = 64
)

// hotKey reports whether one of the cell's word keys is in hot, or the cell
// has more words than keys.
func (cf *CellFacts) hotKey(hot *[quadBits / 64]uint64) bool {
	if cf.nkeys > maxKeys {
		return true
	}
	for _, k := range cf.keys[:cf.nkeys] {
		if hot[k>>6]&(1<<(k&63)) != 0 {
			return true
		}
	}
	return false
}

// maxGroupGap is the most bytes between two digit runs of one group: a
// printed number's " - ", " (0)" or an en dash between spaces.
const maxGroupGap = 5

// groupBreak marks the bytes that end a digit group: letters, and the
// punctuation that parts numbers rather than groups of one number (a time's
// colon, a list's comma or semicolon, an e-mail address's @).
var groupBreak = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-32] = true, true
	}
	for _, c := range ":,;=@" {
		t[c] = true
	}
	return t
}()

// Context is what a detector knows about the cell beyond its bytes. It is
// copied for every call of Find: its fields go by size, the flags last.
type Context struct {
	// Column is the column (header) name as the source wrote it; "" when the
	// source has no header.
	Column string
	// Scratch, when set, is the worker's memory for work that several
	// detectors share on the same cell (the note detectors' word split).
	Scratch *Scratch
	facts   *columnFacts // what the column name says, worked out once (NewContext)
	// Country is the ISO 3166 alpha-2 code (upper case) of the country
	// whose national numbering a value without a country code most likely
	// follows (crmscan scan --country); "" means the Netherlands. The phone
	// detector reads national numbers in a phone column with it.
	Country string
	// Hint is this detector's ColumnHint(Column), computed once per column.
	Hint bool
	// SkipNormalized tells the detector that the caller will not read
	// Match.Normalized (the worker has its samples for this column): a
	// detector may leave it empty and save the allocation. Everything else
	// about a match, Test included, stays the same.
	SkipNormalized bool
	// NoLetters tells the detector that the cell holds no ASCII letter (the
	// worker knows it from the cell's Features), so no hotword: a detector
	// that counts a value inside a cell only near a hotword then needs only
	// look for one that is the whole cell. False when unknown.
	NoLetters bool
}

// NewContext returns the context of detector d for a column: its hint and
// what the column name says, worked out once for all the column's cells.
func NewContext(d Detector, column string) Context {
	f := factsOf(column)
	return Context{Column: column, Hint: d.ColumnHint(column), facts: &f}
}

// columnFacts are facts about a column name that detectors ask per cell.
type columnFacts struct {
	kind         string // rules.ColumnKind
	specificName bool   // a person's name specifically (not a bare "name")
	city         bool   // a place column
	version      bool   // a version or build number column
	identifier   bool   // a column of record IDs or other numbering (identifierColumn)
}

func factsOf(column string) columnFacts {
	return columnFacts{kind: columnKind(column), specificName: specificNameColumn(column), city: cityColumn(column),
		version: versionColumn(column), identifier: identifierColumn(column)}
}

// identifierWords end the name of a column of record IDs or other
// numbering: "Record Id", "Owner.id", "AccountId", "order_number",
// "Customer No.".
var identifierWords = map[string]bool{"id": true, "ids": true, "guid": true, "uuid": true, "key": true, "pk": true,
	"fk": true, "ref": true, "nr": true, "no": true, "num": true, "number": true, "nummer": true, "code": true}

// identifierColumn reports a column whose name's last word says it numbers
// records.
func identifierColumn(column string) bool {
	toks := columnTokens(column)
	return len(toks) > 0 && identifierWords[toks[len(toks)-1]]
}

// kind returns rules.ColumnKind of the context's column.
func (c *Context) kind() string {
	if c.facts != nil {
		return c.facts.kind
	}
	return columnKind(c.Column)
}

// column returns the facts of the context's column.
func (c *Context) column() columnFacts {
	if c.facts != nil {
		return *c.facts
	}
	return factsOf(c.Column)
}

// norm returns string(b), or "" when the caller skips normalized values.
func (c *Context) norm(b []byte) string {
	if c.SkipNormalized {
		return ""
	}
	return string(b)
}

// lower returns b in ASCII lower case, or "" when the caller skips
// normalized values.
func (c *Context) lower(b []byte) string {
	if c.SkipNormalized {
		return ""
	}
	return lowerString(b)
}

// Scratch is per-worker memory that detectors share while the worker looks
// at one cell. A worker calls NewCell before each cell; a Scratch is never
// used by two goroutines at once.
type Scratch struct {
	cell      uint64
	wordsCell uint64
	words     []noteWord
	hitsCell  uint64
	hits      []noteHit
}

// NewCell tells the scratch that the next Find calls are about a new cell.
func (s *Scratch) NewCell() { s.cell++ }

// Match is one value found in a cell. It holds the raw value's canonical
// form and so must never leave the detector worker: the worker masks and
// fingerprints it and drops it.
type Match struct {
	Start, End int // byte offsets of the value in the cell
	// Normalized is the canonical form used for fingerprints and masking:
	// lower-case e-mail, E.164 phone, compact upper-case IBAN, 9-digit BSN.
	Normalized string
	Confidence Confidence
	// WholeCell is true when the value is the whole cell (ignoring
	// surrounding spaces), as in a structured column, and false when it sits
	// inside free text.
	WholeCell bool
	// Test is true for a published test or example value (the SWIFT
	// example IBAN, an issuer's test card number, an @example.com address):
	// still reported, but as info, so that dummy data in a staging export
	// does not fail a CI gate.
	Test bool
	// AlsoVersion is true when the value reads as a version number too
	// (the IPv4 address 4.12.3.7 as software version 4.12.3.7). The
	// scanner does not classify a column as the kind when every match
	// in it does and its name does not say the kind (a column of
	// versions, not of addresses).
	AlsoVersion bool
}

// Detector finds one kind of personal data.
type Detector interface {
	// ID is the stable identifier; the finding's rule is "pii.<ID>".
	ID() string
	// Priority orders detectors when matches overlap: the higher priority
	// keeps the span (an IBAN's digits are not a phone number).
	Priority() int
	// ColumnHint reports whether a column name says the column holds this
	// kind (e.g. "e-mail", "telefoon", "bsn"). Called once per column.
	ColumnHint(column string) bool
	// Prefilter says which cells Find could match at all; it is read once
	// and checked by the worker for every cell.
	Prefilter() Prefilter
	// Find appends the matches in cell to out and returns it. It must not
	// retain cell, must not allocate when there is no match, and must never
	// panic, whatever the bytes.
	Find(cell []byte, ctx Context, out []Match) []Match
	// Mask renders a normalized value for a report: enough to recognise the
	// kind and spot a pattern, at most about a quarter of the characters.
	Mask(normalized string) string
}

// Ruled is implemented by a detector whose findings belong to a rule other
// than "pii.<ID>" (e.g. a note lexicon reporting under "special.health").
type Ruled interface {
	Rule() string
}

// Secret is implemented by a detector whose values are never shown, not
// even with --show-values (a password): the worker renders its matches
// with Mask.
type Secret interface {
	Secret() bool
}

// IsSecret reports whether d's values must never be shown.
func IsSecret(d Detector) bool {
	s, ok := d.(Secret)
	return ok && s.Secret()
}

// Severer is implemented by a detector whose findings are more or less
// severe than its rule's default by what was found: the aggregator passes
// the rule's severity and the finding's masked samples.
type Severer interface {
	Severity(base rules.Severity, samples []string) rules.Severity
}

// RuleOf returns the rule ID of a detector's findings.
func RuleOf(d Detector) string {
	if r, ok := d.(Ruled); ok {
		return r.Rule()
	}
	return "pii." + d.ID()
}

var (
	regMu    sync.RWMutex
	registry = map[string]Detector{}
)

// Register adds a detector; it panics on a duplicate ID and on a detector
// without a description in rules/default.toml (programming errors caught
// at start-up: an undescribed detector used to be dropped from scans
// without a word).
func Register(d Detector) {
	rules.MustDetector(d.ID())
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := registry[d.ID()]; dup {
		panic(fmt.Sprintf("detectors: duplicate detector %q", d.ID()))
	}
	registry[d.ID()] = d
}

// All returns the registered detectors, highest priority first, then by ID.
func All() []Detector {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]Detector, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Priority() != out[j].Priority() {
			return out[i].Priority() > out[j].Priority()
		}
		return out[i].ID() < out[j].ID()
	})
	return out
}

// Get returns the detector with the given ID.
func Get(id string) (Detector, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	d, ok := registry[id]
	return d, ok
}
