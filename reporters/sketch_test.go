package reporters

import (
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"testing"
)

// mix is splitmix64: fixed, well spread hashes, so that the test of the
// estimate does not depend on a random seed.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func TestValueSketchCounts(t *testing.T) {
	for _, n := range []int{0, 1, 500, sketchK - 1, sketchK, 20000} {
		s := NewValueSketch("email")
		for i := 0; i < n; i++ {
			h := mix(uint64(i))
			s.Add(h)
			s.Add(h) // a copy counts once
		}
		got := s.Count()
		if n <= sketchK && got != int64(n) {
			t.Errorf("%d distinct: count %d, want exact", n, got)
		}
		if n > sketchK && (float64(got) < 0.9*float64(n) || float64(got) > 1.1*float64(n)) {
			t.Errorf("%d distinct: estimate %d, off by more than 10%%", n, got)
		}
	}
}

// The same values in two copies are one set of people; merging sketches
// of copies does not add them up.
func TestPeopleEstimateAcrossCopies(t *testing.T) {
	seed := maphash.MakeSeed()
	sk := func(kind string, from, to int) *ValueSketch {
		s := NewValueSketch(kind)
		for i := from; i < to; i++ {
			s.Add(maphash.String(seed, kind+strconv.Itoa(i)))
		}
		return s
	}
	fs := []*Finding{
		{Values: sk("iban", 0, 20)}, {Values: sk("iban", 0, 20)}, {Values: sk("iban", 10, 30)},
		{Values: sk("phone", 0, 60)}, // two phones a person: no more people
		{},                           // no sketch
	}
	if n, ok := peopleEstimate(fs); !ok || n != 30 {
		t.Errorf("people = %d, %v; want 30 (distinct IBANs across copies)", n, ok)
	}
	if n, ok := peopleEstimate(fs[3:]); !ok || n != 60 {
		t.Errorf("phones alone: %d, %v; want 60", n, ok)
	}
	if _, ok := peopleEstimate(fs[4:]); ok {
		t.Error("no sketch, yet an estimate")
	}
}

// The sketch is the same whatever the order of the values, and one value
// past sketchK distinct makes the count an estimate.
func TestValueSketchOrder(t *testing.T) {
	for _, n := range []int{sketchK, sketchK + 1, 3 * sketchK} {
		a, b := NewValueSketch("iban"), NewValueSketch("iban")
		for i := 0; i < n; i++ {
			a.Add(mix(uint64(i)))
			b.Add(mix(uint64(n - 1 - i)))
		}
		da, db := a.Data(), b.Data()
		if da.Full != db.Full || len(da.Hashes) != len(db.Hashes) || a.Count() != b.Count() {
			t.Fatalf("%d values: sketches differ by order: %v/%v, %d/%d", n, da.Full, db.Full, a.Count(), b.Count())
		}
		for i := range da.Hashes {
			if da.Hashes[i] != db.Hashes[i] {
				t.Fatalf("%d values: hash %d differs by order", n, i)
			}
		}
		if want := n > sketchK; da.Full != want {
			t.Errorf("%d distinct values: full = %v, want %v", n, da.Full, want)
		}
	}
}

// An estimate never exceeds the values the findings counted: 20,000
// distinct IBANs in 20,000 cells are at most 20,000 people.
func TestPeopleEstimateCappedByValues(t *testing.T) {
	for _, n := range []int{20000, 50000, 100000} {
		s := NewValueSketch("iban")
		for i := 0; i < n; i++ {
			s.Add(mix(uint64(i) + 7))
		}
		got, ok := peopleEstimate([]*Finding{{Count: int64(n), Values: s}})
		if !ok || got > int64(n) || float64(got) < 0.9*float64(n) {
			t.Errorf("%d distinct values in %d cells: %d people, %v", n, n, got, ok)
		}
	}
}

// Batches whose sketches start below the limit of the earlier batches'
// (as a scanner worker makes them) merge into exactly the sketch of one
// pass over all the values: the same kept hashes and the same Full.
func TestValueSketchBelowMergesExactly(t *testing.T) {
	for _, tc := range []struct{ n, batch, repeat int }{
		{sketchK, 100, 1}, {sketchK + 1, 100, 1}, {3 * sketchK, 257, 1}, {20000, 1000, 3}, {20000, 4096, 1}, {700, 700, 2},
	} {
		var vals []uint64
		for r := 0; r < tc.repeat; r++ {
			for i := 0; i < tc.n; i++ {
				vals = append(vals, mix(uint64(i*7919%tc.n)))
			}
		}
		// The limit of each batch's own sketch, or (as a scanner worker
		// takes it) of the batches sent so far, merged.
		for _, running := range []bool{false, true} {
			whole, merged, sent := NewValueSketch("phone"), NewValueSketch("phone"), NewValueSketch("phone")
			limit := uint64(math.MaxUint64)
			for start := 0; start < len(vals); start += tc.batch {
				b := NewValueSketchBelow("phone", limit)
				for _, h := range vals[start:min(start+tc.batch, len(vals))] {
					whole.Add(h)
					b.Add(h)
				}
				limit = min(limit, b.Limit())
				if running {
					sent.Merge(b)
					limit = min(limit, sent.Limit())
				}
				merged.Merge(b)
			}
			dw, dm := whole.Data(), merged.Data()
			if dw.Full != dm.Full || !slices.Equal(dw.Hashes, dm.Hashes) || whole.Count() != merged.Count() {
				t.Errorf("%+v, running %v: merged batches %v/%d hashes/count %d, one pass %v/%d/%d", tc, running,
					dm.Full, len(dm.Hashes), merged.Count(), dw.Full, len(dw.Hashes), whole.Count())
			}
		}
	}
}

// Merge, which merges the two sorted lists of kept hashes in one pass
// (or inserts a few into many), keeps what adding o's kept hashes one by
// one keeps: the same hashes, Full and limit, for sketches below a limit
// or not, small or full, overlapping or not.
func TestValueSketchMergeAsAdds(t *testing.T) {
	x := uint64(1)
	next := func(n uint64) uint64 { x++; return mix(x) % n }
	for round := 0; round < 2000; round++ {
		span := []uint64{50, 600, 5000, math.MaxUint64}[next(4)]
		limit := uint64(math.MaxUint64)
		if next(3) == 0 {
			limit = next(span) + 1
		}
		build := func(limit uint64) *ValueSketch {
			s := NewValueSketchBelow("iban", limit)
			for range next([]uint64{3 * sketchK, 40}[next(2)]) {
				s.Add(next(span))
			}
			return s
		}
		s, o := build(limit), build([]uint64{limit, math.MaxUint64}[next(2)])
		if next(4) == 0 {
			o.full = true
		}
		ref := NewValueSketchBelow("iban", limit)
		for _, h := range s.Data().Hashes {
			v, _ := strconv.ParseUint(h, 16, 64)
			ref.Add(v)
		}
		ref.full = s.full
		if s.Limit() != ref.Limit() {
			t.Fatalf("round %d: the copy's limit differs before the merge", round)
		}
		o.compact()
		for _, h := range o.h {
			ref.Add(h)
		}
		ref.full = ref.full || o.full
		s.Merge(o)
		ds, dr := s.Data(), ref.Data()
		if ds.Full != dr.Full || !slices.Equal(ds.Hashes, dr.Hashes) || s.Limit() != ref.Limit() {
			t.Fatalf("round %d (span %d, limit %d): merged %v/%d hashes/limit %d, added one by one %v/%d/%d",
				round, span, limit, ds.Full, len(ds.Hashes), s.Limit(), dr.Full, len(dr.Hashes), ref.Limit())
		}
	}
}
