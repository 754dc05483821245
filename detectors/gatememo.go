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
// shape lookup about 100.
//
// The shape of a cell without ASCII letters is the cell with every digit
// written as '1', but a '0' that starts a run of digits (a phone number
// may start there).
// Every fact a gate reads of such a cell (Features, the digit groups and
// runs, where a phone number may start, decimals, separators) is the same
// for the cell and its shape; a cell with a letter (hotwords, country
// codes, runs before a letter) or longer than MemoKeyMax is not looked
// up. TestGateMemoAgrees holds memo and gates to each other.
//
// A column whose cells hit less than half the time after memoJudgeAt
// lookups turns the memo off.
type GateMemo struct {
	slots         []memoEntry
	lookups, hits uint32
	off           bool
}

// MemoKeyMax is the longest cell a GateMemo looks up.
const MemoKeyMax = 32

const (
	memoBits    = 8
	memoSlots   = 1 << memoBits
	memoJudgeAt = 512
)

type memoEntry struct {
	n    uint8 // key bytes; 0 when empty
	key  [MemoKeyMax]byte
	pass uint64
}

// memoShape maps a byte to its byte in a shape: digits 1 to 9 to '1',
// ASCII letters and NUL to 0 (no shape), the rest to themselves.
var memoShape = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := '1'; c <= '9'; c++ {
		t[c] = '1'
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-32] = 0, 0
	}
	return t
}()

// Passed returns the gates of set (a mask over set.Gates) that pass cell:
// both Admit and AdmitMore. ok is false when the memo does not answer for
// the set or the column (more than 64 gates, the memo turned off); the
// caller asks the gates itself.
func (m *GateMemo) Passed(cell []byte, set *GateSet, cf *CellFacts) (pass uint64, ok bool) {
	if m.off || !set.fast {
		return 0, false
	}
	m.lookups++
	if m.lookups == memoJudgeAt && m.hits < memoJudgeAt/2 {
		m.off, m.slots = true, nil
		return 0, false
	}
	var key [MemoKeyMax]byte
	var e *memoEntry
	n := len(cell)
	if memoKey(cell, &key) {
		if m.slots == nil {
			m.slots = make([]memoEntry, memoSlots)
		}
		h := uint64(n) * 0x9e3779b97f4a7c15
		for i := 0; i < n; i += 8 {
			h = bits.RotateLeft64(h^binary.LittleEndian.Uint64(key[i:]), 29) * 0xbf58476d1ce4e5b9
		}
		e = &m.slots[h>>(64-memoBits)]
		if int(e.n) == n && e.key == key {
			m.hits++
			return e.pass, true
		}
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
	if e != nil {
		e.n, e.key, e.pass = uint8(n), key, pass
	}
	return pass, true
}

// memoKey writes the shape of cell into key; false when the cell has no
// shape (empty, longer than MemoKeyMax, or holding an ASCII letter or a
// NUL byte).
func memoKey(cell []byte, key *[MemoKeyMax]byte) bool {
	if len(cell) == 0 || len(cell) > MemoKeyMax {
		return false
	}
	lettered := false
	prev := byte(0)
	for i, c := range cell {
		k := memoShape[c]
		if k == '0' && prev == '1' {
			k = '1' // a '0' inside a run of digits starts nothing
		}
		key[i], prev = k, k
		lettered = lettered || k == 0
	}
	return !lettered
}
