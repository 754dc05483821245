package reporters

import (
	"math"
	"slices"
	"strconv"
)

// sketchK is how many of the smallest hashes a ValueSketch keeps: below it
// the count of distinct values is exact, above it an estimate within a few
// per cent (k minimum values).
const sketchK = 512

// ValueSketch estimates how many distinct values of one kind (e-mail,
// phone, IBAN, BSN) a finding covers, to estimate the people a problem
// concerns across sources and copies. It holds 64-bit keyed hashes of the
// normalised values (a seed made per process, never stored), the smallest
// sketchK of them: no value, and nothing that outlives the scan, since it
// is never written to a report (json:"-").
type ValueSketch struct {
	Kind string
	h    []uint64 // sorted, distinct, at most sketchK: the kept hashes as of the last compact
	// buf holds the hashes added since the last compact, unsorted: Add
	// appends and compacts now and then, instead of inserting in order.
	buf []uint64
	// limit is the largest kept hash once sketchK are kept (a larger one
	// is dropped at once), else the largest uint64.
	limit uint64
	// full is true once a hash was dropped: the count is an estimate.
	full bool
}

// NewValueSketch returns an empty sketch of a kind.
func NewValueSketch(kind string) *ValueSketch { return &ValueSketch{Kind: kind, limit: math.MaxUint64} }

// NewValueSketchBelow returns an empty sketch of a kind that drops a hash
// at or above limit at once, a hash above it counting as a distinct value
// beyond the kept ones. limit must be the Limit of another sketch of the
// same kind and key whose kept hashes are merged with this one's in the
// end (a scanner worker's earlier batch of the same column): that merge
// holds sketchK distinct hashes at or below limit, so a larger hash can
// never be among its kept ones and one equal to it is already there. The
// merged sketch is then exactly what it would be without the limit, while
// a column's later batches skip the sorting of hashes that cannot count.
func NewValueSketchBelow(kind string, limit uint64) *ValueSketch {
	return &ValueSketch{Kind: kind, limit: limit}
}

// Limit is the largest hash the sketch keeps once it keeps sketchK (a
// larger one is dropped at once), else the largest uint64, or the limit it
// was made with; see NewValueSketchBelow. It compacts the sketch first.
func (s *ValueSketch) Limit() uint64 {
	s.compact()
	return s.limit
}

// Add adds one value's hash.
func (s *ValueSketch) Add(h uint64) {
	if h >= s.limit {
		// The common case once sketchK are kept: no search, no copy.
		if h > s.limit {
			s.full = true // a distinct value beyond the kept ones
		}
		return
	}
	s.buf = append(s.buf, h)
	if len(s.buf) >= sketchK {
		s.compact()
	}
}

// compact merges the buffered hashes into the kept ones: sorted, distinct,
// the sketchK smallest.
func (s *ValueSketch) compact() {
	if len(s.buf) == 0 {
		return
	}
	if len(s.h) == 0 {
		// The first compact takes the buffer over: a sketch of a few
		// values holds one small array, as a report keeps thousands.
		s.h, s.buf = s.buf, nil
	} else {
		s.h = append(s.h, s.buf...)
		s.buf = s.buf[:0]
	}
	slices.Sort(s.h)
	s.h = slices.Compact(s.h)
	if len(s.h) > sketchK {
		s.h = s.h[:sketchK]
		s.full = true
	}
	if cap(s.h) > 2*len(s.h)+8 {
		s.h = slices.Clone(s.h)
	}
	if len(s.h) == sketchK {
		s.limit = s.h[sketchK-1]
	}
}

// Merge adds another sketch's hashes: the two sorted lists of kept hashes
// merged in one pass, as adding them one by one would keep them (the
// sketchK smallest distinct; a hash of o at or above a limit s was made
// with is dropped as Add drops it).
func (s *ValueSketch) Merge(o *ValueSketch) {
	if o == nil {
		return
	}
	o.compact()
	s.compact()
	if o.full {
		s.full = true
	}
	b := o.h
	if k, _ := slices.BinarySearch(b, s.limit); k < len(b) {
		// At the limit: kept already, here or in the sketch whose limit
		// it is. Above it: a distinct value beyond the kept ones.
		if b[len(b)-1] > s.limit {
			s.full = true
		}
		b = b[:k]
	}
	if len(b) == 0 {
		return
	}
	if len(b)*4 < len(s.h) {
		s.insert(b)
		return
	}
	a := s.h
	h := make([]uint64, 0, min(sketchK, len(a)+len(b)))
	for len(h) < sketchK && (len(a) > 0 || len(b) > 0) {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			h, a = append(h, a[0]), a[1:]
		case len(a) == 0 || b[0] < a[0]:
			h, b = append(h, b[0]), b[1:]
		default: // in both
			h, a, b = append(h, a[0]), a[1:], b[1:]
		}
	}
	if len(a) > 0 || len(b) > 0 {
		s.full = true // what is left is larger than the kept
	}
	s.h = h
	if len(h) == sketchK {
		s.limit = h[sketchK-1]
	}
}

// insert is Merge's for a few hashes b (sorted, distinct, below s's limit)
// into many kept ones: each put in its place, where merging the two lists
// would copy all of the kept ones into a new array (what a scanner
// worker's later batches, whose sketches keep only the few hashes below
// the column's limit, paid per batch and column).
func (s *ValueSketch) insert(b []uint64) {
	for _, x := range b {
		i, found := slices.BinarySearch(s.h, x)
		switch {
		case found:
		case len(s.h) < sketchK:
			s.h = slices.Insert(s.h, i, x)
		case i == sketchK: // above the last kept (kept since the loop began)
			s.full = true
		default:
			copy(s.h[i+1:], s.h[i:]) // the last kept drops out
			s.h[i] = x
			s.full = true
		}
	}
	if len(s.h) == sketchK {
		s.limit = s.h[sketchK-1]
	}
}

// Count is the number of distinct values: exact while fewer than sketchK
// were seen, else the k-minimum-values estimate.
func (s *ValueSketch) Count() int64 {
	if s == nil {
		return 0
	}
	s.compact()
	if !s.full || len(s.h) < sketchK {
		return int64(len(s.h))
	}
	kth := float64(s.h[len(s.h)-1]) / math.MaxUint64
	if kth <= 0 {
		return int64(len(s.h))
	}
	return int64(float64(sketchK-1)/kth + 0.5)
}

// peopleEstimate estimates the distinct people behind a set of findings:
// per kind the distinct values across them (the same IBAN in an export and
// eight backups counts once), and of the e-mail addresses, IBANs and BSNs
// the largest, since a person usually has one of each. Phone numbers count
// only where none of those is there: many people have two (home, mobile).
// ok is false when no finding carries a sketch (a report read back from
// JSON). A kind's estimate is never more than the values its findings
// counted: the k-minimum-values estimate may overshoot by a few per cent,
// and "about 698,871 people" in 688,849 rows reads as a mistake.
func peopleEstimate(fs []*Finding) (n int64, ok bool) {
	byKind := map[string]*ValueSketch{}
	values := map[string]int64{}
	for _, f := range fs {
		if f.Values == nil {
			continue
		}
		u := byKind[f.Values.Kind]
		if u == nil {
			u = NewValueSketch(f.Values.Kind)
			byKind[f.Values.Kind] = u
		}
		u.Merge(f.Values)
		values[f.Values.Kind] += f.Count
	}
	count := func(k string) int64 {
		c := byKind[k].Count()
		if v := values[k]; v > 0 {
			c = min(c, v)
		}
		return c
	}
	for k := range byKind {
		if k != "phone" {
			n = max(n, count(k))
		}
	}
	if n == 0 {
		n = count("phone")
	}
	return n, len(byKind) > 0
}

// SketchData is a ValueSketch as the report of one shard carries it
// (Finding.ValuesSketch), so that crmscan merge estimates people as one
// run would: keyed hashes (SipHash under a key derived from the scan's
// fingerprint key), never values. A whole scan's report has none.
type SketchData struct {
	Kind   string   `json:"kind"`
	Full   bool     `json:"full,omitempty"`
	Hashes []string `json:"hashes"` // 16 hex digits each, ascending
}

// Data returns the sketch for a shard report.
func (s *ValueSketch) Data() *SketchData {
	if s == nil {
		return nil
	}
	s.compact()
	d := &SketchData{Kind: s.Kind, Full: s.full, Hashes: make([]string, len(s.h))}
	for i, h := range s.h {
		d.Hashes[i] = strconv.FormatUint(h, 16)
	}
	return d
}

// Sketch rebuilds the sketch of a shard report; hashes that do not parse
// are left out.
func (d *SketchData) Sketch() *ValueSketch {
	if d == nil {
		return nil
	}
	s := NewValueSketch(d.Kind)
	for _, x := range d.Hashes {
		if h, err := strconv.ParseUint(x, 16, 64); err == nil {
			s.Add(h)
		}
	}
	s.full = s.full || d.Full
	return s
}
