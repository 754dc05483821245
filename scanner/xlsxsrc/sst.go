package xlsxsrc

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sync/atomic"
	"unicode/utf8"
)

// Budget bounds the memory the shared strings of all the workbooks open at
// once may hold together (Options.MaxSharedBytes bounds one workbook's):
// three shared-string bombs scanned side by side each stayed under their
// own limit and together took 3.2 GB. A workbook whose shared strings
// would go over it is refused with an ErrLimit error.
type Budget struct {
	max  int64
	used atomic.Int64
}

// NewBudget returns a budget of max bytes.
func NewBudget(max int64) *Budget { return &Budget{max: max} }

// Used returns the bytes the open workbooks' shared strings hold.
func (b *Budget) Used() int64 { return b.used.Load() }

// SharedBudget is the budget of workbooks read without Options.Budget: the
// whole process's.
var SharedBudget = NewBudget(512 << 20)

// sharedStrings holds the workbook's shared strings, decoded, in blocks of
// memory that grow without copying (a single growing buffer would hold
// twice its size at its peak): string i is in block b (the last with
// first[b] <= i) from offs[i] to offs[i+1], or to the end of the block
// for its last string.
type sharedStrings struct {
	blocks [][]byte
	first  []int      // index of the first string of each block
	offs   [][]uint32 // start of each string in its block, in runs of offRun
	// runBlock is the block of each run's first string
	runBlock []int32
	n        int   // strings held
	size     int64 // bytes held
	block    int   // size of a new block
	budget   *Budget
	charged  int64  // what this table holds of budget
	scratch  []byte // add's, while loading
}

// charge takes n bytes of the budget, or fails when the open workbooks
// would hold more than it together.
func (s *sharedStrings) charge(n int64) error {
	if s.budget == nil {
		return nil
	}
	if used := s.budget.used.Add(n); used > s.budget.max {
		s.budget.used.Add(-n)
		return fmt.Errorf("%w: the shared strings of the workbooks open at once would be over %d MiB", ErrLimit, s.budget.max>>20)
	}
	s.charged += n
	return nil
}

// release gives the table's memory back to the budget once the workbook
// is read.
func (s *sharedStrings) release() {
	if s != nil && s.budget != nil {
		s.budget.used.Add(-s.charged)
		s.charged = 0
	}
}

// offRun is the length of a run of offsets (a growing slice of 8 million
// offsets would copy them over and over).
const offRun = 1 << 16

func (s *sharedStrings) off(i int) uint32 { return s.offs[i/offRun][i%offRun] }

const sstBlock = 4 << 20

func newSharedStrings(maxCell int) *sharedStrings {
	return &sharedStrings{block: max(sstBlock, maxCell)}
}

// get returns string i, or nil when there is none.
func (s *sharedStrings) get(i int) []byte {
	if s == nil || i < 0 || i >= s.n {
		return nil
	}
	// the block of the run's first string, or one after it: a run's
	// strings span a few blocks at most
	b := int(s.runBlock[i/offRun])
	for b+1 < len(s.first) && s.first[b+1] <= i {
		b++
	}
	blk := s.blocks[b]
	run := s.offs[i/offRun]
	k := i % offRun
	start, end := int(run[k]), len(blk)
	if i+1 < s.n && (b+1 == len(s.first) || i+1 < s.first[b+1]) {
		if k+1 < len(run) {
			end = int(run[k+1])
		} else {
			end = int(s.off(i + 1))
		}
	}
	return blk[start:end:end]
}

func (s *sharedStrings) len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// readSharedStrings loads the shared strings part, up to the limits of
// opt (count and bytes).
func readSharedStrings(f *zip.File, opt *Options) (*sharedStrings, error) {
	pr, rc, err := openAhead(f, opt)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newSharedStrings(opt.MaxCellBytes)
	s.budget = opt.Budget
	c := newCutter(pr, "si", opt.MaxRowBytes, 16<<10, "shared string")
	defer func() { s.scratch = nil }()
	for {
		_, _, content, ok, err := c.next()
		if err != nil {
			s.release()
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if !ok {
			return s, nil
		}
		if _, err = s.add(content, opt); err != nil {
			s.release()
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
}

// add decodes one <si> item (its content) into the table, cut at
// MaxCellBytes, and returns it (valid until the next call).
func (s *sharedStrings) add(content []byte, opt *Options) ([]byte, error) {
	if s.len() >= opt.MaxSharedStrings {
		return nil, fmt.Errorf("%w: over %d shared strings", ErrLimit, opt.MaxSharedStrings)
	}
	v, ok := plainItem(content)
	if !ok {
		s.scratch = appendRich(s.scratch[:0], content)
		v = s.scratch
	}
	if len(v) > opt.MaxCellBytes {
		v = v[:opt.MaxCellBytes]
		for len(v) > 0 && !utf8.Valid(v[max(0, len(v)-utf8.UTFMax):]) {
			v = v[:len(v)-1]
		}
	}
	s.size += int64(len(v))
	if s.size > opt.MaxSharedBytes {
		return v, fmt.Errorf("%w: shared strings over %d MiB", ErrLimit, opt.MaxSharedBytes>>20)
	}
	n := len(s.blocks)
	if n == 0 || len(s.blocks[n-1])+len(v) > cap(s.blocks[n-1]) {
		size := s.block
		if n < 4 { // small workbooks: small blocks
			size = min(size, max(64<<10<<(2*n), len(v)))
		}
		size = max(size, len(v))
		if err := s.charge(int64(size)); err != nil {
			return v, err
		}
		s.blocks = append(s.blocks, make([]byte, 0, size))
		s.first = append(s.first, s.n)
		n++
	}
	blk := s.blocks[n-1]
	if s.n%offRun == 0 {
		run := min(offRun, max(64, s.n))
		if err := s.charge(4 * int64(run)); err != nil {
			return v, err
		}
		s.offs = append(s.offs, make([]uint32, 0, run))
		s.runBlock = append(s.runBlock, int32(n-1))
	}
	r := &s.offs[len(s.offs)-1]
	*r = append(*r, uint32(len(blk)))
	s.n++
	s.blocks[n-1] = append(blk, v...)
	return v, nil
}

// plainItem returns the text of the common string item, <t>text</t> or
// <t xml:space="preserve">text</t> with nothing to decode, as appendRich
// would; ok is false for any other.
func plainItem(content []byte) ([]byte, bool) {
	t, ok := bytes.CutPrefix(content, []byte(`<t xml:space="preserve">`))
	if !ok {
		if t, ok = bytes.CutPrefix(content, []byte(`<t>`)); !ok {
			return nil, false
		}
	}
	if t, ok = bytes.CutSuffix(t, []byte(`</t>`)); !ok {
		return nil, false
	}
	for _, c := range t {
		if c == '<' || c == '&' || c == '\r' || c == '_' {
			return nil, false
		}
	}
	return t, true
}
