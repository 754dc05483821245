package detectors

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGateAgreesWithPrefilter checks that a prefilter compiled for a column
// admits exactly the cells its Admit does, for every detector, with and
// without the column hint.
func TestGateAgreesWithPrefilter(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := []Shape{ShapeLetter, ShapeUpper, ShapeAt, ShapePlus, ShapeSpace, ShapeDot, ShapeColon, ShapeDash, ShapeSlash, ShapeSigil}
	for _, d := range All() {
		p := d.Prefilter()
		for _, hint := range []bool{false, true} {
			g, ok := p.Compile(hint, 7)
			if ok && g.Det != 7 {
				t.Fatalf("%s: gate for detector %d", d.ID(), g.Det)
			}
			for i := 0; i < 20000; i++ {
				f := Features{Len: r.IntN(80), Digits: r.IntN(20), Letters: r.IntN(20)}
				for _, s := range shapes {
					if r.IntN(3) == 0 {
						f.Shape |= s
					}
				}
				want := p.Admit(f, hint)
				got := ok && g.Admit(f)
				if got != want {
					t.Fatalf("%s (hint %v): gate admits %+v: %v, prefilter: %v", d.ID(), hint, f, got, want)
				}
			}
		}
	}
}

func TestMaxDigitGroup(t *testing.T) {
	for _, tt := range []struct {
		cell string
		want int
	}{
		{"", 0},
		{"abc", 0},
		{"123456782", 9},
		{"1234.56.782", 9},
		{"+31 (0)6 1234 5678", 12},
		{"06 – 12345678", 10}, // an en dash between spaces: 5 bytes
		{"06 –  12345678", 8}, // 6 bytes part them
		{"cbc230a4-b177-40af-6f59-03463a17afc7", 7},
		{"2022-03-28 23:30:18", 10},
		{"3159,96", 4},
		{"jan123456782@example.nl", 9},
		{"NL91 ABNA 0417 1643 00", 10},
		{"35-389627-275321-5", 15},
	} {
		if got := MaxDigitGroup([]byte(tt.cell)); got != tt.want {
			t.Errorf("MaxDigitGroup(%q) = %d, want %d", tt.cell, got, tt.want)
		}
	}
}

// TestGroupGateAgreesWithPrefilter checks that a compiled gate's digit-group
// condition is the prefilter's, on random cells of digits and separators.
func TestGroupGateAgreesWithPrefilter(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const alphabet = "0123456789  --..(a:,gebkvdoifaGEB"
	for _, d := range All() {
		p := d.Prefilter()
		for _, hint := range []bool{false, true} {
			g, ok := p.Compile(hint, 0)
			var facts CellFacts // one for all cells, Reset as the worker does
			for i := 0; i < 2000; i++ {
				cell := make([]byte, r.IntN(40))
				for k := range cell {
					cell[k] = alphabet[r.IntN(len(alphabet))]
				}
				facts.Reset()
				got := ok && g.Admit(Scan(cell)) && g.AdmitMore(cell, Scan(cell), &facts)
				if want := p.AdmitCell(cell, hint); got != want {
					t.Fatalf("%s (hint %v): gate admits %q: %v, prefilter: %v", d.ID(), hint, cell, got, want)
				}
			}
		}
	}
}

// TestGroupConditionIsSound writes numbers in many notations into random
// cells and checks that no detector with a digit-group condition matches a
// cell its prefilter rejects: the condition only skips work.
func TestGroupConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	seps := []string{" ", "-", ".", "/", " - ", "–", " – ", "(", ")", " (0)", "+", "  "}
	fillers := []string{"", " ", "tel ", "bsn ", "imei: ", "kvk ", "kaart ", "rijksregisternummer ", "x", "Nr.", "@", ", ", "; ", ":",
		"Kerkstraat 12, ", " Utrecht", "adres "}
	n := 20000
	if testing.Short() {
		n = 4000
	}
	for _, d := range All() {
		p := d.Prefilter()
		if p.MinGroup == 0 && p.MinChain == 0 && p.NoHintGroup == 0 && len(p.Runs) == 0 && len(p.NoHintRuns) == 0 || d.ID() == "vat_number" {
			continue // VAT numbers: TestVATGroupConditionIsSound
		}
		matched := 0
		for _, hint := range []bool{false, true} {
			ctx := Context{Hint: hint}
			for i := 0; i < n; i++ {
				var b []byte
				b = append(b, fillers[r.IntN(len(fillers))]...)
				switch r.IntN(3) {
				case 0:
					b = append(b, '+')
				case 1:
					b = append(b, "00"...)
				}
				digits := validDigits(r)
				for len(digits) > 0 {
					k := min(len(digits), 1+r.IntN(8))
					b = append(b, digits[:k]...)
					digits = digits[k:]
					if len(digits) > 0 && r.IntN(3) > 0 {
						b = append(b, seps[r.IntN(len(seps))]...)
					}
				}
				if r.IntN(4) == 0 {
					b = append(b, " AB"[r.IntN(2):]...) // a postcode's letters
				}
				b = append(b, fillers[r.IntN(len(fillers))]...)
				ms := d.Find(b, ctx, nil)
				if len(ms) > 0 && !p.AdmitCell(b, hint) {
					t.Fatalf("%s (hint %v): the prefilter rejects %q, but Find matched %+v", d.ID(), hint, b, ms)
				}
				if len(ms) > 0 {
					matched++
				}
			}
		}
		// The cells must exercise the detector, or the test proves nothing.
		if matched < 10 {
			t.Errorf("%s: only %d of %d cells matched", d.ID(), matched, 2*n)
		}
		t.Logf("%s: %d of %d cells matched", d.ID(), matched, 2*n)
	}
}

// validDigits returns random digits, or digits that pass one of the
// check-digit schemes of the detectors with a digit-group condition.
func validDigits(r *rand.Rand) string {
	rnd := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return b
	}
	luhnOf := func(b []byte) []byte {
		for c := byte('0'); c <= '9'; c++ {
			b[len(b)-1] = c
			sum := 0
			for i := len(b) - 1; i >= 0; i-- {
				d := int(b[i] - '0')
				if (len(b)-1-i)%2 == 1 {
					if d *= 2; d > 9 {
						d -= 9
					}
				}
				sum += d
			}
			if sum%10 == 0 {
				break
			}
		}
		return b
	}
	switch r.IntN(6) {
	case 0: // a card number
		b := rnd(13 + r.IntN(7))
		b[0] = "3456"[r.IntN(4)]
		return string(luhnOf(b))
	case 1: // an IMEI
		return string(luhnOf(rnd(15)))
	case 2: // a Belgian national number
		b := rnd(9)
		n := 0
		for _, c := range b {
			n = n*10 + int(c-'0')
		}
		return fmt.Sprintf("%s%02d", b, 97-n%97)
	case 3: // a BSN
		for {
			b := rnd(9)
			sum := 0
			for k := 0; k < 8; k++ {
				sum += (9 - k) * int(b[k]-'0')
			}
			if sum%11 < 10 {
				b[8] = byte('0' + sum%11)
				return string(b)
			}
		}
	}
	return string(rnd(3 + r.IntN(14)))
}

// TestGateSetAgreesWithGates checks that a compiled GateSet admits exactly
// the gates whose Admit passes, for the gates of real columns and for
// random ones.
func TestGateSetAgreesWithGates(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var sets [][]Gate
	for _, col := range []string{"", "E-mail", "Telefoon", "IBAN", "Opmerkingen", "bsn", "Geboortedatum", "password"} {
		var gates []Gate
		for di, d := range All() {
			p := d.Prefilter()
			if g, ok := p.Compile(d.ColumnHint(col), di); ok {
				gates = append(gates, g)
			}
		}
		sets = append(sets, gates)
	}
	for range 20 {
		gates := make([]Gate, 1+r.IntN(64))
		for i := range gates {
			gates[i] = Gate{MinLen: int32(r.IntN(40)), MinDigits: int32(r.IntN(20)), MinLetters: int32(r.IntN(3)),
				All: Shape(r.IntN(1024)) & Shape(r.IntN(1024)) & Shape(r.IntN(1024)), Det: int32(i)}
			if r.IntN(2) == 0 {
				gates[i].Any = Shape(r.IntN(1024))
			}
		}
		sets = append(sets, gates)
	}
	for _, gates := range sets {
		s := NewGateSet(gates)
		for i := 0; i < 20000; i++ {
			f := Features{Len: r.IntN(90), Digits: r.IntN(30), Letters: r.IntN(6), Shape: Shape(r.IntN(1024))}
			mask, ok := s.Admitted(f)
			if !ok {
				t.Fatalf("a set of %d gates has no masks", len(gates))
			}
			var want uint64
			for gi := range gates {
				if gates[gi].Admit(f) {
					want |= 1 << gi
				}
			}
			if mask != want {
				t.Fatalf("features %+v: set admits %b, gates %b", f, mask, want)
			}
		}
	}
	if _, ok := NewGateSet(make([]Gate, 65)).Admitted(Features{}); ok {
		t.Error("a set of 65 gates claims masks")
	}
}

func TestRunCondition(t *testing.T) {
	p := Prefilter{Runs: []int{4, 31}}
	for cell, want := range map[string]bool{"1234 AB": true, "12345": false, "12 34": false, "a1234": true, "x" + strings.Repeat("9", 40): true, "": false} {
		if got := p.AdmitCell([]byte(cell), true); got != want {
			t.Errorf("runs 4, 31+: AdmitCell(%q) = %v, want %v", cell, got, want)
		}
	}
	hint := Prefilter{NoHintRuns: []int{4}}
	if !hint.AdmitCell([]byte("12345"), true) || hint.AdmitCell([]byte("12345"), false) {
		t.Error("NoHintRuns applies in a hinted column, or not outside one")
	}
}

// sepIndex (digitsReference) maps a byte to 1 + its separator kind, 0 for the others.
var sepIndex = func() (t [256]uint8) {
	t[':'], t['-'], t['.'] = SepColon+1, SepDash+1, SepDot+1
	return t
}()

// digitsReference is CellFacts.digits as first written, a byte at a time
// (but for "::", which it counted after digits too: 23:30:18, and for a
// dot, counted only between two letters or digits): the faster one must
// work out the same facts.
func digitsReference(cell []byte) (group int, runs uint32, seps [SepKinds]uint8) {
	best, cur, gap, run := 0, 0, 0, 0
	var prev byte
	for i, c := range cell {
		if c-'0' < 10 {
			if gap > maxGroupGap {
				cur = 0
			}
			cur++
			gap = 0
			best = max(best, cur)
			run++
			prev = c
			continue
		}
		if run > 0 {
			runs |= 1 << min(run, 31)
			run = 0
		}
		if k := sepIndex[c]; k != 0 && seps[k-1] < 255 && (c != '.' || i > 0 && i+1 < len(cell) && isAlnum(cell[i-1]) && isAlnum(cell[i+1])) {
			seps[k-1]++
			if c == ':' && prev == ':' && seps[SepDoubleColon] < 255 {
				seps[SepDoubleColon]++
				prev = 0 // "::" counted without overlaps: ":::" is one
				continue
			}
		}
		prev = c
		if groupBreak[c] {
			cur, gap = 0, 0
		} else {
			gap++
		}
	}
	if run > 0 {
		runs |= 1 << min(run, 31)
	}
	return best, runs, seps
}

func TestCellFactsDigitsAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	const alphabet = "0123456789012345  --..::(),;=@/+aZxé\t"
	for i := 0; i < 200000; i++ {
		cell := make([]byte, r.IntN(700))
		for k := range cell {
			if r.IntN(50) == 0 {
				cell[k] = byte(r.IntN(256))
			} else {
				cell[k] = alphabet[r.IntN(len(alphabet))]
			}
		}
		if r.IntN(10) == 0 {
			cell = append(cell, strings.Repeat("9", r.IntN(40))...)
		}
		var cf CellFacts
		cf.digits(cell)
		cf.separators(cell)
		g, runs, seps := digitsReference(cell)
		if cf.group != g || cf.runs != runs || cf.seps != seps {
			t.Fatalf("%q: digits gives %d %b %v, reference %d %b %v", cell, cf.group, cf.runs, cf.seps, g, runs, seps)
		}
		if ps, dec := phoneGroupReference(cell), decimalsReference(cell); cf.phoneGroup != ps || int(cf.decimals) != dec {
			t.Fatalf("%q: phone group %d, decimals %d; reference %d, %d", cell, cf.phoneGroup, cf.decimals, ps, dec)
		}
		var rl uint32
		for k := 0; k < len(cell); {
			if !isDigit(cell[k]) {
				k++
				continue
			}
			e := k
			for e < len(cell) && isDigit(cell[e]) {
				e++
			}
			if e < len(cell) && isLetter(cell[e]) || e+1 < len(cell) && cell[e] == ' ' && isLetter(cell[e+1]) {
				rl |= 1 << min(e-k, 31)
			}
			k = e
		}
		if cf.runsLetter != rl {
			t.Fatalf("%q: runs before a letter %b, reference %b", cell, cf.runsLetter, rl)
		}
	}
}

// phoneGroupReference is CellFacts.phoneGroup by its definition: from each
// place a phone number may start (a '+' or a '(' before a digit, or a '0'
// that phoneStartOK allows), the digits up to the end of its digit group,
// at most.
func phoneGroupReference(cell []byte) int {
	best := 0
	for k, c := range cell {
		if !((c == '+' || c == '(') && k+1 < len(cell) && isDigit(cell[k+1])) && !(c == '0' && phoneStartOK(cell, k)) {
			continue
		}
		n, gap := 0, 0
		for _, d := range cell[k:] {
			if isDigit(d) {
				if n > 0 && gap > maxGroupGap {
					break
				}
				n++
				gap = 0
				continue
			}
			if groupBreak[d] {
				break
			}
			gap++
		}
		best = max(best, n)
	}
	return best
}

// decimalsReference counts the runs of two or more digits after a point
// after a digit.
func decimalsReference(cell []byte) int {
	n := 0
	for k := 2; k < len(cell); k++ {
		if isDigit(cell[k]) && !isDigit(cell[k-1]) && cell[k-1] == '.' && isDigit(cell[k-2]) && k+1 < len(cell) && isDigit(cell[k+1]) {
			n++
		}
	}
	return min(n, 255)
}

func BenchmarkCellFactsDigits(b *testing.B) {
	cells := [][]byte{[]byte("Klant is tevreden over de service en beveelt ons aan. Bereikbaar op 06-48301516."),
		[]byte("cbc230a4-b177-40af-6f59-03463a17afc7"), []byte("2022-03-28 23:30:18"), []byte("thijs.bos80@hotmail.com"),
		[]byte("iPhone 15 Pro"), []byte("NL22BUNQ9061135844"), []byte("5390 7223 8024 2020")}
	for b.Loop() {
		for _, c := range cells {
			var cf CellFacts
			cf.digits(c)
		}
	}
}

func BenchmarkCellFactsDigitsReference(b *testing.B) {
	cells := [][]byte{[]byte("Klant is tevreden over de service en beveelt ons aan. Bereikbaar op 06-48301516."),
		[]byte("cbc230a4-b177-40af-6f59-03463a17afc7"), []byte("2022-03-28 23:30:18"), []byte("thijs.bos80@hotmail.com"),
		[]byte("iPhone 15 Pro"), []byte("NL22BUNQ9061135844"), []byte("5390 7223 8024 2020")}
	for b.Loop() {
		for _, c := range cells {
			digitsReference(c)
		}
	}
}

// TestSeparatorConditionIsSound writes IPv4, IPv6 and MAC addresses in
// their notations, and random runs of hex digits and separators, into
// random cells, and checks that no detector with a separator condition
// (Prefilter.Seps) matches a cell its prefilter rejects.
func TestSeparatorConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	fillers := []string{"", " ", "IP: ", "ip:", "2022-03-28 23:30:18 ", " 10:15", "mac ", "(", ")", ", ", "::", ":", ".", "-", "x", "v"}
	hexes := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123456789abcdefABCDEF"[r.IntN(22)]
		}
		return string(b)
	}
	value := func() string {
		switch r.IntN(6) {
		case 0: // IPv4
			return fmt.Sprintf("%d.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256))
		case 1: // IPv6, full or with "::", maybe with an IPv4 tail
			n := 2 + r.IntN(7)
			gap := -1
			if n < 8 || r.IntN(2) == 0 {
				gap = r.IntN(n + 1)
			}
			var b strings.Builder
			for k := 0; k < n; k++ {
				if k == gap {
					b.WriteString("::")
				} else if k > 0 {
					b.WriteByte(':')
				}
				b.WriteString(hexes(1 + r.IntN(4)))
			}
			if gap == n {
				b.WriteString("::")
			}
			if r.IntN(4) == 0 {
				fmt.Fprintf(&b, ":%d.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256))
			}
			return b.String()
		case 2: // MAC, colons or dashes
			sep := ":-"[r.IntN(2):][:1]
			var b strings.Builder
			for k := 0; k < 6; k++ {
				if k > 0 {
					b.WriteString(sep)
				}
				b.WriteString(hexes(2))
			}
			return b.String()
		case 3: // MAC, Cisco dots
			return hexes(4) + "." + hexes(4) + "." + hexes(4)
		}
		b := make([]byte, r.IntN(30))
		for k := range b {
			b[k] = "0123456789abcdef:::...--  "[r.IntN(26)]
		}
		return string(b)
	}
	for _, d := range All() {
		p := d.Prefilter()
		if p.Seps == [SepKinds]uint8{} {
			continue
		}
		matched := 0
		for _, hint := range []bool{false, true} {
			ctx := Context{Hint: hint}
			for i := 0; i < 20000; i++ {
				cell := []byte(fillers[r.IntN(len(fillers))] + value() + fillers[r.IntN(len(fillers))])
				ms := d.Find(cell, ctx, nil)
				if len(ms) > 0 && !p.AdmitCell(cell, hint) {
					t.Fatalf("%s (hint %v): the prefilter rejects %q, but Find matched %+v", d.ID(), hint, cell, ms)
				}
				if len(ms) > 0 {
					matched++
				}
			}
		}
		if matched < 1000 {
			t.Errorf("%s: only %d of 40000 cells matched", d.ID(), matched)
		}
		t.Logf("%s: %d of 40000 cells matched", d.ID(), matched)
	}
}

// wordStartsReference is CellFacts.wordStarts as first written, a byte at
// a time.
func wordStartsReference(cell []byte) (words [4]uint64, keys []uint16) {
	for i := 0; i+3 <= len(cell); i++ {
		if !isLetter(cell[i]) || i > 0 && isAlnum(cell[i-1]) {
			continue
		}
		h := trigram(cell[i], cell[i+1], cell[i+2])
		words[h>>6] |= 1 << (h & 63)
		d := byte(0)
		if i+3 < len(cell) && isAlnum(cell[i+3]) {
			d = cell[i+3]
		}
		keys = append(keys, uint16(quadKey(cell[i], cell[i+1], cell[i+2], d)))
	}
	return words, keys
}

func TestCellFactsWordStartsAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	const alphabet = "abcXYZbsnKVK0123456789 .,-:(é_\t"
	for i := 0; i < 200000; i++ {
		cell := make([]byte, r.IntN(300))
		for k := range cell {
			if r.IntN(50) == 0 {
				cell[k] = byte(r.IntN(256))
			} else {
				cell[k] = alphabet[r.IntN(len(alphabet))]
			}
		}
		var cf CellFacts
		cf.wordStarts(cell)
		want, keys := wordStartsReference(cell)
		got := cf.keys[:min(int(cf.nkeys), maxKeys)]
		if len(keys) > maxKeys && int(cf.nkeys) != maxKeys+1 || len(keys) <= maxKeys && !slices.Equal(got, keys) || cf.words != want {
			t.Fatalf("%q: word starts %x %v (%d), reference %x %v", cell, cf.words, got, cf.nkeys, want, keys)
		}
	}
}

// TestVATGroupConditionIsSound writes Dutch and Belgian VAT numbers, valid
// and not, in their notations into random cells, and checks that the VAT
// detector never matches a cell its prefilter (a digit group of nine)
// rejects.
func TestVATGroupConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	d, _ := Get("vat_number")
	p := d.Prefilter()
	fillers := []string{"", " ", "btw ", "BTW: ", "vat ", "(", ")", ", ", ".", "x", "12 ", " 34", "1.", "nr. 7 ", "\t", "-"}
	digits := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return b
	}
	// valid returns digits that pass the national check: the 11-proef for
	// NL, mod 97 for BE (ten digits starting with 0 or 1).
	valid := func(nl bool) []byte {
		for {
			if nl {
				b := digits(9)
				sum := 0
				for k := 0; k < 8; k++ {
					sum += (9 - k) * int(b[k]-'0')
				}
				if sum%11 < 10 {
					b[8] = byte('0' + sum%11)
					return b
				}
				continue
			}
			b := append([]byte{"01"[r.IntN(2)]}, digits(7)...)
			n := atoi(b)
			return append(b, fmt.Sprintf("%02d", 97-n%97)...)
		}
	}
	matched := 0
	for _, hint := range []bool{false, true} {
		ctx := Context{Hint: hint}
		for i := 0; i < 20000; i++ {
			nl := r.IntN(2) == 0
			var num []byte
			if r.IntN(4) == 0 {
				num = digits(9 + r.IntN(2))
			} else {
				num = valid(nl)
			}
			if !nl && num[0] == '0' && r.IntN(3) == 0 {
				num = num[1:] // an old nine-digit number
			}
			sizes := map[int][]int{9: {4, 2, 3}, 10: {4, 3, 3}}[len(num)]
			if !nl && len(num) == 9 {
				sizes = []int{3, 3, 3}
			}
			var b []byte
			b = append(b, fillers[r.IntN(len(fillers))]...)
			cc := []string{"NL", "nl", "Nl", "BE", "be", "bE"}[r.IntN(3)+map[bool]int{true: 0, false: 3}[nl]]
			b = append(b, cc...)
			if r.IntN(3) == 0 {
				b = append(b, ' ')
			}
			if r.IntN(2) == 0 && sizes != nil {
				k := 0
				for j, n := range sizes {
					if j > 0 {
						b = append(b, '.')
					}
					b = append(b, num[k:k+n]...)
					k += n
				}
			} else {
				b = append(b, num...)
			}
			if nl {
				b = append(b, []string{"", " ", "."}[r.IntN(3)]...)
				b = append(b, "Bb"[r.IntN(2)])
				b = append(b, []string{"", " ", "."}[r.IntN(3)]...)
				b = append(b, digits(2)...)
			}
			b = append(b, fillers[r.IntN(len(fillers))]...)
			ms := d.Find(b, ctx, nil)
			if len(ms) > 0 && !p.AdmitCell(b, hint) {
				t.Fatalf("hint %v: the prefilter rejects %q, but Find matched %+v", hint, b, ms)
			}
			if len(ms) > 0 {
				matched++
			}
		}
	}
	if matched < 5000 {
		t.Errorf("only %d of 40000 cells matched", matched)
	}
	t.Logf("%d of 40000 cells matched", matched)
}

func TestIndexDigit(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	for n := 0; n < 100000; n++ {
		cell := make([]byte, r.IntN(40))
		for k := range cell {
			switch r.IntN(4) {
			case 0:
				cell[k] = byte(r.IntN(256))
			case 1:
				cell[k] = byte('0' + r.IntN(10))
			default:
				const others = "/:abc \xb0\xb9\xff.-"
				cell[k] = others[r.IntN(len(others))]
			}
			if r.IntN(3) == 0 {
				const edges = "/:\xaf\xb0\xb9\xba" // the bytes around '0' and '9', and with the high bit
				cell[k] = edges[r.IntN(len(edges))]
			}
		}
		i := 0
		if len(cell) > 0 {
			i = r.IntN(len(cell) + 1)
		}
		want := i
		for want < len(cell) && !isDigit(cell[want]) {
			want++
		}
		if got := indexDigit(cell, i); got != want {
			t.Fatalf("indexDigit(%q, %d) = %d, want %d", cell, i, got, want)
		}
	}
}

// TestIPv6PossibleIsSound reads IPv6 addresses at every offset of random
// cells of hex digits, colons and dots, and checks that ipv6Possible
// admits every cell where ipv6At reads one.
func TestIPv6PossibleIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	const alphabet = "0123456789abcdefABCDEF::::::...x "
	read := 0
	for n := 0; n < 300000; n++ {
		cell := make([]byte, 4+r.IntN(40))
		for k := range cell {
			cell[k] = alphabet[r.IntN(len(alphabet))]
		}
		if n%2 == 0 {
			// Groups joined by single colons, maybe with a dotted IPv4
			// tail: eight groups' worth needs no "::".
			cell = cell[:r.IntN(4)]
			for g := 3 + r.IntN(6); g > 0; g-- {
				cell = fmt.Appendf(cell, "%x:", r.IntN(1<<16))
			}
			cell = fmt.Appendf(cell[:len(cell)-1], ":%d.%d.%d.%d"[r.IntN(2):], r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256))
		}
		for i := range cell {
			if _, _, ok := ipv6At(cell, i); ok {
				read++
				if !ipv6Possible(cell) {
					t.Fatalf("ipv6At reads %q at %d, but ipv6Possible rejects it", cell, i)
				}
			}
		}
	}
	if read < 1000 {
		t.Errorf("only %d addresses read", read)
	}
	t.Logf("%d addresses read", read)
}

// TestPhoneStartConditionIsSound writes phone numbers in the notations
// people use, beside dates, amounts, codes and words, into cells outside a
// phone column, and checks that the phone detector never matches a cell its
// prefilter (a place where a number may start) rejects.
func TestPhoneStartConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	d, _ := Get("phone")
	p := d.Prefilter()
	numbers := []string{"06-12345678", "06 1234 5678", "0612345678", "+31 6 1234 5678", "+31 (0)6 12345678", "(020) 123 4567",
		"(020)1234567", "020 - 123 4567", "0031 20 123 4567", "+32 2 123 45 67", "+49 30 1234567", "0032 (0)2 123 45 67",
		"+1 617-555-0143", "+44 20 7946 0958", "06.12.34.56.78", "(06) 12345678", "+33 1 23 45 67 89", "010-1234567",
		"(+31) 6 12345678", "+31(0)201234567", "0800-1234", "14 020", "612345678", "1-800-555-0199"}
	fillers := []string{"", " ", "tel ", "Tel: ", "bel ", "(", ")", ", ", "; ", "x", "nr. ", "2024-03-01 ", "12:30 ", "€ 12,50 ",
		"order 123456789 ", "#", "@", "-", "/", ".", "ref 0012 "}
	matched := 0
	ctx := Context{}
	for i := 0; i < 40000; i++ {
		v := numbers[r.IntN(len(numbers))]
		if r.IntN(3) == 0 {
			b := []byte(v)
			b[r.IntN(len(b))] = "0123456789 -+()"[r.IntN(15)]
			v = string(b)
		}
		cell := []byte(fillers[r.IntN(len(fillers))] + v + fillers[r.IntN(len(fillers))])
		ms := d.Find(cell, ctx, nil)
		if len(ms) > 0 && !p.AdmitCell(cell, false) {
			t.Fatalf("the prefilter rejects %q, but Find matched %+v", cell, ms)
		}
		if len(ms) > 0 {
			matched++
		}
	}
	if matched < 5000 {
		t.Errorf("only %d of 40000 cells matched", matched)
	}
	t.Logf("%d of 40000 cells matched", matched)
	// What the group from a start is for: a time of day after a date.
	for _, cell := range []string{"2019-01-15 09:10:04", "23-09-1992 08:15", "Aangemaakt 2024-03-01T07:02:13"} {
		if p.AdmitCell([]byte(cell), false) {
			t.Errorf("the prefilter admits %q", cell)
		}
	}
}

// TestByteClass checks the table behind isAlnum and isWordByte byte by
// byte against their definitions.
func TestByteClass(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		alnum := b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
		if isAlnum(b) != alnum || isWordByte(b) != (alnum || b == '_' || b >= 0x80) {
			t.Errorf("byte %#x: isAlnum %v, isWordByte %v", b, isAlnum(b), isWordByte(b))
		}
	}
}

// TestPostcodeLetterConditionIsSound writes Dutch postcodes, and four
// digits beside other letters, into text outside a postcode column, and
// checks that the postcode detector never matches a cell its prefilter (a
// run of four digits before a letter) rejects.
func TestPostcodeLetterConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	d, _ := Get("postcode")
	p := d.Prefilter()
	before := []string{"", "postcode ", "Kerkstraat 12, ", "adres: ", "Wonende te ", "(", "x", "nr 7 ", "2024 ", "Zip: ", "\n", "Dorpsweg 3a "}
	after := []string{"", " Utrecht", ", 's-Gravenhage", " Amsterdam.", ")", ".", " en verder", "x", " 12", "-", " NL"}
	matched := 0
	for i := 0; i < 40000; i++ {
		num := fmt.Sprintf("%d", 1000+r.IntN(9000))
		if r.IntN(8) == 0 {
			num = fmt.Sprintf("%d", r.IntN(100000))
		}
		letters := string([]byte{"ABCDEFGHJKLMNPRSTVWXZabc"[r.IntN(24)], "ABCDEFGHJKLMNPRSTVWXZ"[r.IntN(21)]})
		sep := []string{" ", "", "  ", "-", "\t"}[r.IntN(5)]
		cell := []byte(before[r.IntN(len(before))] + num + sep + letters + after[r.IntN(len(after))])
		ms := d.Find(cell, Context{}, nil)
		if len(ms) > 0 && !p.AdmitCell(cell, false) {
			t.Fatalf("the prefilter rejects %q, but Find matched %+v", cell, ms)
		}
		if len(ms) > 0 {
			matched++
		}
	}
	if matched < 5000 {
		t.Errorf("only %d of 40000 cells matched", matched)
	}
	t.Logf("%d of 40000 cells matched", matched)
}

// TestMonthAtAgreesWithReference reads month names at random offsets of
// random text and checks monthAt against a walk through every name.
func TestMonthAtAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	var names []string
	for _, ns := range dobMonths {
		names = append(names, ns...)
	}
	ref := func(cell []byte, p int) (int, int) {
		for k, ns := range dobMonths {
			for _, w := range ns {
				e, ok := hasWordFold(cell, p, w)
				if !ok || e < len(cell) && isWordByte(cell[e]) {
					continue
				}
				if e < len(cell) && cell[e] == '.' {
					e++
				}
				return k + 1, e
			}
		}
		return 0, p
	}
	seps := []string{"", " ", ".", ". 1980", "x", "é", "-", "1", " 12"}
	for i := 0; i < 200000; i++ {
		w := []byte(names[r.IntN(len(names))])
		if r.IntN(3) == 0 {
			w = []byte(strings.ToUpper(string(w)))
		}
		if r.IntN(4) == 0 && len(w) > 1 {
			w = w[:r.IntN(len(w))]
		}
		cell := append([]byte(seps[r.IntN(len(seps))]), w...)
		cell = append(cell, seps[r.IntN(len(seps))]...)
		p := r.IntN(len(cell) + 1)
		gm, ge := monthAt(cell, p)
		wm, we := ref(cell, p)
		if gm != wm || ge != we {
			t.Fatalf("monthAt(%q, %d) = %d, %d; reference %d, %d", cell, p, gm, ge, wm, we)
		}
	}
}

// TestPlausibleBirthAgreesWithTime checks plausibleBirth against the time
// package's calendar for every month and day number around the window, on
// several days as Today.
func TestPlausibleBirthAgreesWithTime(t *testing.T) {
	saved := Today
	defer func() { Today = saved }()
	ref := func(y, mo, d int) bool {
		if mo < 1 || mo > 12 || d < 1 || y < Today.Year()-120 {
			return false
		}
		tt := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if tt.Day() != d {
			return false
		}
		ty, tm, td := Today.Date()
		return !tt.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC))
	}
	for _, today := range []time.Time{time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 12, 31, 12, 0, 0, 0, time.FixedZone("x", 5*3600)), time.Now()} {
		Today = today
		for y := today.Year() - 125; y <= today.Year()+2; y++ {
			for mo := -1; mo <= 14; mo++ {
				for d := -1; d <= 100; d++ {
					if got, want := plausibleBirth(y, mo, d), ref(y, mo, d); got != want {
						t.Fatalf("today %v: plausibleBirth(%d, %d, %d) = %v, want %v", today, y, mo, d, got, want)
					}
				}
			}
		}
	}
}

// TestDecimalsConditionIsSound writes coordinate pairs and WKT points with
// one to eight decimals, beside words, amounts and versions, into cells
// outside a location column, and checks that the location detector never
// matches a cell its prefilter (Prefilter.NoHintDecimals) rejects.
func TestDecimalsConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 44))
	d, _ := Get("geo_location")
	p := d.Prefilter()
	num := func(intDigits int) string {
		s := ""
		if r.IntN(3) == 0 {
			s = "-"
		}
		s += strconv.Itoa(r.IntN([]int{10, 90, 180}[intDigits-1]))
		s += "."
		for k := 1 + r.IntN(8); k > 0; k-- {
			s += strconv.Itoa(r.IntN(10))
		}
		return s
	}
	seps := []string{", ", ",", ";", " ", " / ", "  ", ",  "}
	fillers := []string{"", " ", "locatie ", "GPS: ", "(", ")", "x", "v1.2 ", "€ 12.50 ", "12.5 km ", ". ", "3.14159 ", "@", ":"}
	matched := 0
	for i := 0; i < 60000; i++ {
		var v string
		if r.IntN(4) == 0 {
			v = "POINT" + " "[:r.IntN(2)] + "(" + num(1+r.IntN(3)) + " " + num(1+r.IntN(2)) + ")"
		} else {
			v = num(1+r.IntN(2)) + seps[r.IntN(len(seps))] + num(1+r.IntN(3))
		}
		cell := []byte(fillers[r.IntN(len(fillers))] + v + fillers[r.IntN(len(fillers))])
		if r.IntN(3) == 0 {
			cell = []byte(v)
		}
		ms := d.Find(cell, Context{}, nil)
		if len(ms) > 0 {
			matched++
			if !p.AdmitCell(cell, false) {
				t.Fatalf("the prefilter rejects %q, but Find matched %+v", cell, ms)
			}
		}
	}
	if matched < 5000 {
		t.Errorf("only %d cells matched", matched)
	}
	t.Logf("%d cells matched", matched)
	for _, cell := range []string{"12.14.3", "8.16.9", "Retour ontvangen. Bereikbaar op 06 1641 6458.", "Bedrag 12.50 euro"} {
		if p.AdmitCell([]byte(cell), false) {
			t.Errorf("the prefilter admits %q", cell)
		}
	}
}
