package detectors

import (
	"encoding/binary"
	"math/bits"
)

// GateMemo remembers, for one column, which gates pass a cell of a given
// shape, so that a column of unique values written alike (timestamps,
// dates, phone numbers, amounts, citizen numbers) works out its gates once
// per shape instead of once per cell: for a timestamp the gates cost some
// 1,700 instructions (digit groups, separators, a dozen gates) and the
// shape lookup about 400; for an ISO 8601 timestamp with its T and Z, as
// Salesforce, HubSpot and Dynamics 365 export them, some 3,900.
//
// The shape of a cell is the cell with every digit written as '1', but a
// '0' that starts a run of digits (a phone number may start there). Every
// fact a gate reads of a cell (Features, the digit groups and runs, where
// a phone number may start, decimals, separators) is the same for the cell
// and its shape, but for the words a hotword or a country code starts:
// those start at a letter that begins a run of ASCII letters and digits,
// and read the digits after it. So a cell with such a letter (any word),
// a NUL byte, or longer than MemoKeyMax has no shape and is not looked up;
// a letter inside a run that a digit begins (2024-01-02T10:00:00Z, 12kg,
// 3rd) keeps its place in the shape. TestGateMemoAgrees holds memo and
// gates to each other.
//
// A column whose cells hit less than half the time after memoJudgeAt
// lookups turns the memo off.
type GateMemo struct {
	// Free, when set, counts the slots the memos sharing it (a worker's
	// columns) may still take: a memo takes MemoSlots when it first
	// answers, or stays off when they are gone, and gives them back
	// (Release) when it turns off or its column is done.
	Free          *int
	slots         []memoEntry
	lookups, hits uint32
	off           bool
}

// Release lets the memo's slots go, back to Free, and makes it a memo
// of no column yet.
func (m *GateMemo) Release() {
	if m.slots != nil && m.Free != nil {
		*m.Free += len(m.slots)
	}
	*m = GateMemo{Free: m.Free}
}

// MemoKeyMax is the longest cell a GateMemo looks up.
const MemoKeyMax = 32

const (
	memoBits = 8
	// MemoSlots is the slots one GateMemo takes.
	MemoSlots   = 1 << memoBits
	memoJudgeAt = 512
)

type memoEntry struct {
	key     [MemoKeyMax / 8]uint64 // the shape's bytes, zero after its end
	n       uint8                  // shape bytes; 0 when empty
	letters bool                   // the shape holds an ASCII letter
	pass    uint64
}

// Lookup returns the gates of set (a mask over set.Gates) that pass cell:
// both Admit and AdmitMore, and whether the cell holds an ASCII letter (a
// shape may: 2024-01-02T10:00:00Z). ok is false when the memo does not
// answer for the cell (it has no shape), the set (more than 64 gates) or
// the column (the memo turned off); the caller asks the gates itself.
func (m *GateMemo) Lookup(cell []byte, set *GateSet, cf *CellFacts) (pass uint64, letters, ok bool) {
	if m.off || !set.fast {
		return 0, false, false
	}
	m.lookups++
	if m.lookups == memoJudgeAt && m.hits < memoJudgeAt/2 {
		m.Release()
		m.off = true
		return 0, false, false
	}
	n := len(cell)
	w, letters, shaped := memoWords(cell)
	if !shaped {
		return 0, false, false // no shape: the caller asks the gates, as they come
	}
	if m.slots == nil {
		if m.Free != nil {
			if *m.Free < MemoSlots {
				m.off = true // the worker's memos have taken all there is
				return 0, false, false
			}
			*m.Free -= MemoSlots
		}
		m.slots = make([]memoEntry, MemoSlots)
	}
	h := (w[0] ^ bits.RotateLeft64(w[1], 17) ^ bits.RotateLeft64(w[2], 31) ^ bits.RotateLeft64(w[3], 47) ^ uint64(n)) * 0x9e3779b97f4a7c15
	e := &m.slots[h>>(64-memoBits)]
	if int(e.n) == n && e.key[0] == w[0] && e.key[1] == w[1] && e.key[2] == w[2] && e.key[3] == w[3] {
		m.hits++
		return e.pass, e.letters, true
	}
	f := Scan(cell)
	mask, _ := set.Admitted(f)
	cf.Reset()
	for mask != 0 {
		gi := bits.TrailingZeros64(mask)
		mask &= mask - 1
		if set.Gates[gi].AdmitMore(cell, f, cf) {
			pass |= 1 << gi
		}
	}
	e.n, e.key, e.pass, e.letters = uint8(n), w, pass, letters
	return pass, letters, true
}

// memoWords returns the shape of cell as little-endian words, zero past
// its end (none when there is no shape), and whether the cell holds an
// ASCII letter; shaped is false when the cell has no shape (empty, longer
// than MemoKeyMax, holding a NUL byte or a letter that begins a run of
// letters and digits). It reads the cell eight bytes at a time without a
// copy (memoKeyReference is the same a byte at a time); the last, partial
// word is put together a byte at a time.
func memoWords(cell []byte) (w [MemoKeyMax / 8]uint64, letters, shaped bool) {
	n := len(cell)
	if n == 0 || n > MemoKeyMax {
		return w, false, false
	}
	if isLetter(cell[0]) {
		return w, true, false // a word starts the cell (a name, an address): the common case of letters
	}
	const (
		highs = 0x8080808080808080
		lows  = 0x7f7f7f7f7f7f7f7f
	)
	var carry uint64      // the high bit of the last word's last byte when a digit
	var alnumCarry uint64 // the same when a letter or digit
	var any uint64        // the high bits of the letters seen
	for i := 0; i < n; i += 8 {
		var x uint64
		valid := uint64(highs)
		if rest := n - i; rest >= 8 {
			x = binary.LittleEndian.Uint64(cell[i:])
		} else {
			for k := rest - 1; k >= 0; k-- {
				x = x<<8 | uint64(cell[i+k])
			}
			valid >>= 8 * (8 - rest) // the bytes past the cell are zero, and no NULs
		}
		m := x & lows
		// Per byte, the high bit: a digit ('0' to '9'), an ASCII letter,
		// a zero byte, a '0'; none carries into the next byte.
		digit := (m + 0x5050505050505050) &^ (m + 0x4646464646464646) &^ x & highs
		y := (x | 0x2020202020202020) & lows
		letter := (y + 0x1f1f1f1f1f1f1f1f) &^ (y + 0x0505050505050505) &^ x & highs
		nul := ^((m + lows) | x) & highs
		t := x ^ 0x3030303030303030
		zero := ^(((t & lows) + lows) | t) & highs
		if nul&valid != 0 {
			return [MemoKeyMax / 8]uint64{}, false, false // no shape: the rest need not be read
		}
		// A letter after a byte that is no letter or digit begins a run,
		// and a word: then no shape. Every other letter is inside a run
		// that a digit begins (a run's first byte is no letter).
		alnum := digit | letter
		if letter&^(alnum<<8|alnumCarry)&valid != 0 {
			return [MemoKeyMax / 8]uint64{}, true, false
		}
		alnumCarry = alnum >> 56
		any |= letter & valid
		prev := digit<<8 | carry // the byte before is a digit
		carry = digit >> 56
		full := (digit >> 7) * 0xff
		x = x&^full | 0x3131313131313131&full
		x ^= (zero &^ prev) >> 7 // '1' ^ 1 is '0': a '0' that starts a run of digits stays
		w[i/8] = x
	}
	return w, any != 0, true // the words past the cell stay zero
}
