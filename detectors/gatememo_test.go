package detectors

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// gatesPassed asks every gate of set, as the worker does without a memo.
func gatesPassed(set *GateSet, cell []byte) (pass uint64) {
	f := Scan(cell)
	var cf CellFacts
	for gi := range set.Gates {
		if set.Gates[gi].Admit(f) && set.Gates[gi].AdmitMore(cell, f, &cf) {
			pass |= 1 << gi
		}
	}
	return pass
}

// memoCell writes a random cell: from templates of the values a column
// of numbers holds (timestamps, dates, phone numbers, amounts, IPs,
// numbers with separators) with random digits, or (junk in 100) random
// bytes of an alphabet of digits and punctuation; in half as many, a
// letter or a non-ASCII byte.
func memoCell(r *rand.Rand, templates []string, junk int) []byte {
	var cell []byte
	if r.IntN(100) >= junk {
		for _, c := range []byte(templates[r.IntN(len(templates))]) {
			if c == 'd' {
				c = byte('0' + r.IntN(10))
				if r.IntN(3) == 0 {
					c = '0'
				}
			}
			cell = append(cell, c)
		}
	} else {
		const alphabet = "0000123456789  --..::()+/,;=@#$\t"
		cell = make([]byte, 1+r.IntN(MemoKeyMax+4))
		for i := range cell {
			cell[i] = alphabet[r.IntN(len(alphabet))]
		}
	}
	if r.IntN(100) < junk/2 {
		cell[r.IntN(len(cell))] = "aZé\x00\xff"[r.IntN(5)]
	}
	return cell
}

var memoTemplates = []string{"dddd-dd-dd dd:dd:dd", "dd-dd-dddd", "dd/dd/dddd", "+dd d dddddddd", "(ddd) ddd-dddd",
	"dd-dddddddd", "ddd ddd dddd", "+dd (d)d dddd dddd", "ddddddddd", "dddd.dd", "-ddd,dd", "ddd.ddd.ddd.ddd",
	"dddd dddd dddd dddd", "d.d.dd", "dd:dd", "dddd.dddd.dddd", "dd:dd:dd:dd:dd:dd", "dddddddddddddddd",
	// Letters inside numbers: ISO 8601 timestamps, units, ordinals.
	"dddd-dd-ddTdd:dd:ddZ", "dddd-dd-ddTdd:dd:dd.000+0000", "ddkg", "d,ddEUR", "dd:ddPM", "ddrd", "dxdd"}

// TestGateMemoAgrees holds the memo to the gates: every gate passes a
// cell exactly when it passes the cell's shape, and the memo answers
// what the gates answer, for the gate sets of columns of every hint.
func TestGateMemoAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, col := range []string{"", "Telefoon", "Mobiel", "bsn", "Geboortedatum", "IBAN", "aangemaakt", "Bedrag", "IP-adres", "Opmerkingen", "kaartnummer", "imei"} {
		var gates []Gate
		for di, d := range All() {
			p := d.Prefilter()
			if g, ok := p.Compile(d.ColumnHint(col), di); ok {
				gates = append(gates, g)
			}
		}
		set := NewGateSet(gates)
		var memo GateMemo
		var cf CellFacts
		for i := 0; i < 30000; i++ {
			cell := memoCell(r, memoTemplates, 33)
			want := gatesPassed(set, cell)
			var key [MemoKeyMax]byte
			if _, ok := memoKey(cell, &key); ok {
				if got := gatesPassed(set, key[:len(cell)]); got != want {
					t.Fatalf("%s: %q passes %b, its shape %q %b", col, cell, want, key[:len(cell)], got)
				}
			}
		}
		// A column holds values of one or two forms.
		forms := []string{memoTemplates[r.IntN(len(memoTemplates))], memoTemplates[r.IntN(len(memoTemplates))]}
		hits := 0
		for i := 0; i < 30000; i++ {
			cell := memoCell(r, forms, 3)
			if r.IntN(2) == 0 {
				cell = memoCell(r, forms[:1], 3)
			}
			want := gatesPassed(set, cell)
			before := memo.hits
			got, ok := memoPassed(&memo, cell, set, &cf)
			var key [MemoKeyMax]byte
			if _, shaped := memoKey(cell, &key); !ok && shaped {
				t.Fatalf("%s: the memo turned off (%d hits of %d)", col, memo.hits, memo.lookups)
			}
			if !ok {
				continue // a cell without a shape: the gates answer, not the memo
			}
			if got != want {
				t.Fatalf("%s: %q: the memo says %b, the gates %b", col, cell, got, want)
			}
			if memo.hits > before {
				hits++
			}
		}
		if hits < 10000 {
			t.Errorf("%s: %d hits of 30000 (%q)", col, hits, forms)
		}
	}
}

// TestGateMemoTurnsOff: a column of values written every which way turns
// its memo off, and gives its slots back.
func TestGateMemoTurnsOff(t *testing.T) {
	set := NewGateSet(nil)
	free := 3 * MemoSlots
	memo := GateMemo{Free: &free}
	var cf CellFacts
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < memoJudgeAt; i++ {
		cell := make([]byte, 1+r.IntN(MemoKeyMax))
		for k := range cell {
			cell[k] = "0123456789-./ :+("[r.IntN(17)]
		}
		memoPassed(&memo, cell, set, &cf)
	}
	if _, ok := memoPassed(&memo, []byte("1"), set, &cf); ok || memo.slots != nil || free != 3*MemoSlots {
		t.Errorf("the memo is on after %d hits of %d lookups, %d slots free", memo.hits, memo.lookups, free)
	}
}

func BenchmarkGateMemo(b *testing.B) {
	var gates []Gate
	for di, d := range All() {
		p := d.Prefilter()
		if g, ok := p.Compile(d.ColumnHint("aangemaakt"), di); ok {
			gates = append(gates, g)
		}
	}
	set := NewGateSet(gates)
	cells := [][]byte{[]byte("2016-05-09 13:09:08"), []byte("2024-11-30 07:45:12"), []byte("2019-12-01 23:59:00")}
	b.Run("memo", func(b *testing.B) {
		var memo GateMemo
		var cf CellFacts
		for b.Loop() {
			for _, c := range cells {
				memoPassed(&memo, c, set, &cf)
			}
		}
	})
	b.Run("gates", func(b *testing.B) {
		for b.Loop() {
			for _, c := range cells {
				gatesPassed(set, c)
			}
		}
	})
}

// memoKey writes memoWords' shape into key as bytes, for comparing with
// memoKeyReference and for asking the gates about the shape itself.
func memoKey(cell []byte, key *[MemoKeyMax]byte) (letters, shaped bool) {
	w, letters, shaped := memoWords(cell)
	for i := range w {
		binary.LittleEndian.PutUint64(key[8*i:], w[i])
	}
	return letters, shaped
}

// memoPassed is Lookup without the letters.
func memoPassed(m *GateMemo, cell []byte, set *GateSet, cf *CellFacts) (uint64, bool) {
	pass, _, ok := m.Lookup(cell, set, cf)
	return pass, ok
}

// memoKeyReference is memoKey a byte at a time.
func memoKeyReference(cell []byte, key *[MemoKeyMax]byte) (letters, shaped bool) {
	*key = [MemoKeyMax]byte{}
	if len(cell) == 0 || len(cell) > MemoKeyMax {
		return false, false
	}
	digit, led := false, false
	for i, c := range cell {
		start := i == 0 || !isAlnum(cell[i-1]) // c begins a run of letters and digits
		switch {
		case c == 0:
			return false, false
		case isLetter(c):
			letters = true
			if start || !led {
				*key = [MemoKeyMax]byte{}
				return true, false // a word starts here, or in the run
			}
			key[i] = c
		case c == '0' && !digit:
			key[i] = '0'
		case isDigit(c):
			key[i] = '1'
		default:
			key[i] = c
		}
		if start && isDigit(c) {
			led = true
		}
		digit = isDigit(c)
	}
	return letters, true
}

func TestMemoKeyAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	const alphabet = "0000123456789  --..::()+/,aZTkg@\x00\x7f\x80\xb0\xd0\xff`{[/:"
	for i := 0; i < 300000; i++ {
		cell := make([]byte, r.IntN(MemoKeyMax+3))
		for k := range cell {
			if r.IntN(8) == 0 {
				cell[k] = byte(r.IntN(256))
			} else {
				cell[k] = alphabet[r.IntN(len(alphabet))]
			}
		}
		var got, want [MemoKeyMax]byte
		for k := range got {
			got[k] = byte(r.IntN(256)) // what a former key left
		}
		letters, ok := memoKey(cell, &got)
		lettersRef, okRef := memoKeyReference(cell, &want)
		if ok != okRef || ok && (got != want || letters != lettersRef) {
			t.Fatalf("%q: key %q %v %v, reference %q %v %v", cell, got, letters, ok, want, lettersRef, okRef)
		}
	}
}
