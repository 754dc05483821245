package xlsxsrc

import (
	"archive/zip"
	"fmt"
	"sort"
	"unicode/utf8"
)

// sharedStrings holds the workbook's shared strings, decoded, in blocks of
// memory that grow without copying (a single growing buffer would hold
// twice its size at its peak): string i is in block b (the last with
// first[b] <= i) from offs[i] to offs[i+1], or to the end of the block
// for its last string.
type sharedStrings struct {
	blocks [][]byte
	first  []int      // index of the first string of each block
	offs   [][]uint32 // start of each string in its block, in runs of offRun
	n      int        // strings held
	size   int64      // bytes held
	block  int        // size of a new block
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
	b := len(s.first) - 1
	if b > 0 && s.first[b] > i {
		b = sort.Search(len(s.first), func(k int) bool { return s.first[k] > i }) - 1
	}
	blk := s.blocks[b]
	end := len(blk)
	if i+1 < s.n && (b+1 == len(s.first) || i+1 < s.first[b+1]) {
		end = int(s.off(i + 1))
	}
	return blk[s.off(i):end:end]
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
	pr, rc, err := openPart(f, opt)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newSharedStrings(opt.MaxCellBytes)
	c := newCutter(pr, "si", opt.MaxRowBytes, 16<<10, "shared string")
	var scratch []byte
	for {
		_, _, content, ok, err := c.next()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if !ok {
			return s, nil
		}
		if scratch, err = s.add(scratch, content, opt); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
}

// add decodes one <si> item (its content) into the table, cut at
// MaxCellBytes; scratch is reused from call to call.
func (s *sharedStrings) add(scratch, content []byte, opt *Options) ([]byte, error) {
	if s.len() >= opt.MaxSharedStrings {
		return scratch, fmt.Errorf("%w: over %d shared strings", ErrLimit, opt.MaxSharedStrings)
	}
	v := appendRich(scratch[:0], content)
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
		s.blocks = append(s.blocks, make([]byte, 0, max(size, len(v))))
		s.first = append(s.first, s.n)
		n++
	}
	blk := s.blocks[n-1]
	if s.n%offRun == 0 {
		s.offs = append(s.offs, make([]uint32, 0, min(offRun, max(64, s.n))))
	}
	r := &s.offs[len(s.offs)-1]
	*r = append(*r, uint32(len(blk)))
	s.n++
	s.blocks[n-1] = append(blk, v...)
	return v, nil
}
