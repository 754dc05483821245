package detectors

import "math/bits"

// GateSet is the gates of one column compiled into bit masks: which gates
// admit a cell's Features is worked out with a few table lookups and one
// AND of masks, instead of a comparison chain per gate. Bit i stands for
// Gates[i], so the admitted gates come out in the gates' (priority) order.
// A set of more than 64 gates keeps only Gates and Admitted falls back to
// asking each gate.
type GateSet struct {
	Gates []Gate
	fast  bool
	// byLen[n] are the gates with MinLen <= n, for n up to the largest
	// MinLen (a longer cell uses the last entry); so for digits and
	// letters.
	byLen, byDigits, byLetters []uint64
	// needLo[s] are the gates that need a shape bit among the low five
	// missing from s; needHi the same for the high bits.
	needLo, needHi [32]uint64
	// anyLo[s] are the gates with an Any bit among the low five present
	// in s; anyHi for the high bits; anyFree the gates without Any.
	anyLo, anyHi [32]uint64
	anyFree      uint64
	// ids are the gates with WholeID, the only ones a cell that is one
	// record ID may pass.
	ids uint64
}

// NewGateSet compiles gates (in priority order) into a GateSet.
func NewGateSet(gates []Gate) *GateSet {
	s := &GateSet{Gates: gates}
	if len(gates) > 64 {
		return s
	}
	var maxLen, maxDigits, maxLetters int32
	for _, g := range gates {
		if (g.All|g.Any)>>10 != 0 {
			return s // a shape bit beyond the tables' ten
		}
		maxLen, maxDigits, maxLetters = max(maxLen, g.MinLen), max(maxDigits, g.MinDigits), max(maxLetters, g.MinLetters)
	}
	s.fast = true
	s.byLen, s.byDigits, s.byLetters = make([]uint64, maxLen+1), make([]uint64, maxDigits+1), make([]uint64, maxLetters+1)
	for i, g := range gates {
		bit := uint64(1) << i
		for n := range s.byLen {
			if int32(n) >= g.MinLen {
				s.byLen[n] |= bit
			}
		}
		for n := range s.byDigits {
			if int32(n) >= g.MinDigits {
				s.byDigits[n] |= bit
			}
		}
		for n := range s.byLetters {
			if int32(n) >= g.MinLetters {
				s.byLetters[n] |= bit
			}
		}
		for v := 0; v < 32; v++ {
			lo, hi := Shape(v), Shape(v)<<5
			if g.All&lo != g.All&0x1f {
				s.needLo[v] |= bit // a low bit the gate needs is missing from v
			}
			if g.All&hi != g.All&(0x1f<<5) {
				s.needHi[v] |= bit
			}
			if g.Any&lo != 0 {
				s.anyLo[v] |= bit
			}
			if g.Any&hi != 0 {
				s.anyHi[v] |= bit
			}
		}
		if g.Any == 0 {
			s.anyFree |= bit
		}
		if g.WholeID {
			s.ids |= bit
		}
	}
	return s
}

// Admitted returns the gates that admit a cell with features f, as a mask
// over Gates; for a set of more than 64 gates it returns 0 and ok false.
func (s *GateSet) Admitted(f Features) (mask uint64, ok bool) {
	if !s.fast {
		return 0, false
	}
	sh := f.Shape
	return s.byLen[min(f.Len, len(s.byLen)-1)] & s.byDigits[min(f.Digits, len(s.byDigits)-1)] &
		s.byLetters[min(f.Letters, len(s.byLetters)-1)] &^ (s.needLo[sh&0x1f] | s.needHi[sh>>5&0x1f]) &
		(s.anyFree | s.anyLo[sh&0x1f] | s.anyHi[sh>>5&0x1f]), true
}

// IDGates returns the gates that a cell that is one record ID
// (IsRecordID) may pass, as a mask like Admitted's.
func (s *GateSet) IDGates() uint64 { return s.ids }

// Next returns the lowest gate index in mask and mask without it; -1 when
// mask is empty.
func Next(mask uint64) (int, uint64) {
	if mask == 0 {
		return -1, 0
	}
	return bits.TrailingZeros64(mask), mask & (mask - 1)
}
