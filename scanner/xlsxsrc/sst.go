package xlsxsrc

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
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
// twice its size at its peak), one after the other. A string of 255 bytes
// or more has its length before it (4 bytes). Each group of strings has
// an anchor: the place of its first in its block and the lengths of all
// (255: look in the block). 13 million strings take 20 MB of anchors, not
// 53 MB of offsets.
type sharedStrings struct {
	blocks  [][]byte
	first   []int      // index of the first string of each block
	anchors [][]anchor // one per group of strings, in runs of anchorRun
	// runBlock is the block of each run's first string
	runBlock []int32
	n        int   // strings held
	size     int64 // bytes held (of the strings themselves)
	block    int   // size of a new block
	budget   *Budget
	charged  int64  // what this table holds of budget
	scratch  []byte // add's, while loading

	// The strings loaded so far, for the sheets' parsers while the
	// loader adds more (startSharedStrings): each view is immutable, and
	// a parser that needs a string not in it yet waits (has).
	view    atomic.Pointer[sstView]
	nextPub int           // the count at which the loader publishes next
	mu      sync.Mutex    // guards the wait for a view
	more    sync.Cond     // a view was published
	halt    atomic.Bool   // the loader is to stop (stop)
	done    chan struct{} // closed when the loader has ended; nil: no loader
	loadErr error         // why the load failed, set before the final view
}

// sstView is the shared strings as loaded up to n. It shares the loader's
// memory: the strings, the anchors and the block starts before n are
// final, and the loader only writes past them (it publishes a view
// at the end of a group of strings, so every group a view holds is
// whole); the headers of the blocks and the anchor runs, which the
// loader rewrites as it appends, are copies.
type sstView struct {
	blocks   [][]byte
	first    []int
	anchors  [][]anchor
	runBlock []int32
	n        int
	final    bool // the load has ended: no string at n or after will come
}

// anchor places a group of strings: the first's offset in its block, and
// the length of each, 255 for a longer one.
type anchor struct {
	off  uint32
	lens [group]uint8
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

// group is the strings per anchor; anchorRun the length of a run of
// anchors (a growing slice of a million anchors would copy them over and
// over).
const (
	group     = 8
	anchorRun = 1 << 13
)

const sstBlock = 4 << 20

func newSharedStrings(maxCell int) *sharedStrings {
	s := &sharedStrings{block: max(sstBlock, maxCell), nextPub: publishFirst}
	s.more.L = &s.mu
	s.view.Store(&sstView{})
	return s
}

// publishFirst is the number of strings of the first view; the next ones
// come after a sixteenth more, for a handful of copies of the headers in
// all.
const publishFirst = 4096

// publish makes the strings loaded so far visible to the parsers, and
// final says the load has ended. The loader calls it.
func (s *sharedStrings) publish(final bool) {
	v := &sstView{blocks: slices.Clone(s.blocks), first: s.first, anchors: slices.Clone(s.anchors),
		runBlock: s.runBlock, n: s.n, final: final}
	s.mu.Lock()
	s.view.Store(v)
	s.more.Broadcast()
	s.mu.Unlock()
	s.nextPub = s.n + max(publishFirst, s.n/16)
}

// has reports whether string i exists, waiting for the loader to reach
// it or end.
func (s *sharedStrings) has(i int) bool {
	if s == nil || i < 0 {
		return false
	}
	if v := s.view.Load(); i < v.n || v.final {
		return i < v.n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if v := s.view.Load(); i < v.n || v.final {
			return i < v.n
		}
		s.more.Wait()
	}
}

// failed returns the error the load ended with, if it has ended so.
func (s *sharedStrings) failed() error {
	if s == nil || !s.view.Load().final {
		return nil
	}
	return s.loadErr
}

// getAt returns string i of those published as sstView.getAt does. A
// cursor last used with other shared strings (a pooled parser that read
// another workbook) starts again: its places are in that workbook's
// memory.
func (s *sharedStrings) getAt(i int, c *sstCursor) []byte {
	if s == nil {
		return nil
	}
	if c.owner != s {
		*c = sstCursor{owner: s}
	}
	return s.view.Load().getAt(i, c)
}

// get returns string i, or nil when there is none.
func (s *sstView) get(i int) []byte {
	if i < 0 || i >= s.n {
		return nil
	}
	a, k, b, off := s.groupStart(i / group)
	for j := range i - k { // skip the group's strings before i
		n := int(a.lens[j])
		if n == 255 {
			n = 4 + int(binary.LittleEndian.Uint32(s.blocks[b][off:]))
		}
		off += n
		if b+1 < len(s.first) && s.first[b+1] == k+j+1 { // the next string starts the next block
			b, off = b+1, 0
		}
	}
	blk := s.blocks[b]
	n := int(a.lens[i-k])
	if n == 255 {
		n = int(binary.LittleEndian.Uint32(blk[off:]))
		off += 4
	}
	return blk[off : off+n : off+n]
}

// sstCursor is a parser's place in the shared strings: the group it
// read last going forward, decoded. The rows of a sheet mostly read the
// strings in the order they were added, eight to a group, so each group
// is decoded once, not once a string (get skips the strings before the
// one it returns: 16 ns a string read in order, most of it that skip).
type sstCursor struct {
	owner *sharedStrings // whose strings the places are in
	g1    int            // the group decoded, plus one (the zero cursor holds none)
	blk   [group]int32
	off   [group]uint32
	n     [group]uint32
}

// getAt returns string i as get does, through c: a string of c's group
// is at hand, one of a later group moves c there, one of an earlier
// group (a value repeated from rows before) is looked up by get and
// leaves c where the reading goes on.
func (s *sstView) getAt(i int, c *sstCursor) []byte {
	if i < 0 || i >= s.n {
		return nil
	}
	g := i / group
	if g+1 != c.g1 {
		if g+1 < c.g1 {
			return s.get(i)
		}
		s.decodeGroup(g, c)
	}
	j := i % group
	off, end := c.off[j], c.off[j]+c.n[j]
	return s.blocks[c.blk[j]][off:end:end]
}

// groupStart returns group g's anchor, the index of its first string,
// and the block and offset where that string starts.
func (s *sstView) groupStart(g int) (a *anchor, k, b, off int) {
	a = &s.anchors[g/anchorRun][g%anchorRun]
	// the group's block: its run's first, or one after it (a run's
	// strings span a few blocks at most)
	k = g * group
	b = int(s.runBlock[g/anchorRun])
	for b+1 < len(s.first) && s.first[b+1] <= k {
		b++
	}
	return a, k, b, int(a.off)
}

// decodeGroup places each string of group g in c.
func (s *sstView) decodeGroup(g int, c *sstCursor) {
	a, k, b, off := s.groupStart(g)
	for j := range min(group, s.n-k) {
		if j > 0 && b+1 < len(s.first) && s.first[b+1] == k+j { // string j starts the next block
			b, off = b+1, 0
		}
		n := int(a.lens[j])
		if n == 255 {
			n = int(binary.LittleEndian.Uint32(s.blocks[b][off:]))
			off += 4
		}
		c.blk[j], c.off[j], c.n[j] = int32(b), uint32(off), uint32(n)
		off += n
	}
	c.g1 = g + 1
}

// len returns the number of strings loaded (the loader's count).
func (s *sharedStrings) len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// startSharedStrings loads the shared strings part in a goroutine of its
// own, up to the limits of opt, while the sheets are read: a sheet's rows
// mostly use the strings in the order they were added, and a row that
// needs one not loaded yet waits for it (has). The caller stops the
// loader (stop) before it returns.
func startSharedStrings(f *zip.File, opt *Options) (*sharedStrings, error) {
	pr, rc, err := openAhead(f, opt)
	if err != nil {
		return nil, err
	}
	s := newSharedStrings(opt.MaxCellBytes)
	s.budget = opt.Budget
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		defer rc.Close()
		var err error
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error while reading the shared strings (please report): %v", r)
			}
			if err != nil {
				s.loadErr = fmt.Errorf("%s: %w", f.Name, err)
			}
			s.publish(true)
		}()
		err = s.load(newCutter(pr, "si", opt.MaxRowBytes, 16<<10, "shared string"), opt)
	}()
	return s, nil
}

// errHalted ends a load that stop cut short.
var errHalted = errors.New("reading stopped")

// stop ends the load (at once, if it still runs), waits for the loader,
// and gives the memory back to the budget.
func (s *sharedStrings) stop() {
	if s == nil {
		return
	}
	if s.done != nil {
		s.halt.Store(true)
		<-s.done
	}
	s.release()
}

// wait waits for the loader to end and returns the error it failed with.
func (s *sharedStrings) wait() error {
	if s == nil || s.done == nil {
		return nil
	}
	<-s.done
	return s.loadErr
}

// load adds the items c cuts, up to the limits of opt, publishing them
// as it goes.
func (s *sharedStrings) load(c *cutter, opt *Options) error {
	defer func() { s.scratch = nil }()
	for {
		if s.n >= s.nextPub && s.n%group == 0 {
			if s.halt.Load() {
				return errHalted
			}
			s.publish(false)
		}
		if t, ok := c.nextPlainItem(); ok {
			if _, err := s.addText(t, opt); err != nil {
				return err
			}
			continue
		}
		_, _, content, ok, err := c.next()
		if err != nil || !ok {
			return err
		}
		if _, err = s.add(content, opt); err != nil {
			return err
		}
	}
}

// add decodes one <si> item (its content) into the table, cut at
// MaxCellBytes, and returns it (valid until the next call).
func (s *sharedStrings) add(content []byte, opt *Options) ([]byte, error) {
	v, ok := plainItem(content)
	if !ok {
		s.scratch = appendRich(s.scratch[:0], content)
		v = s.scratch
	}
	return s.addText(v, opt)
}

// addText adds a string item's text, decoded.
func (s *sharedStrings) addText(v []byte, opt *Options) ([]byte, error) {
	if s.len() >= opt.MaxSharedStrings {
		return nil, fmt.Errorf("%w: over %d shared strings", ErrLimit, opt.MaxSharedStrings)
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
	need := len(v)
	if len(v) >= 255 {
		need += 4
	}
	n := len(s.blocks)
	if n == 0 || len(s.blocks[n-1])+need > cap(s.blocks[n-1]) {
		size := s.block
		if n < 4 { // small workbooks: small blocks
			size = min(size, max(64<<10<<(2*n), need))
		}
		size = max(size, need)
		if err := s.charge(int64(size)); err != nil {
			return v, err
		}
		s.blocks = append(s.blocks, make([]byte, 0, size))
		s.first = append(s.first, s.n)
		n++
	}
	blk := s.blocks[n-1]
	if s.n%group == 0 {
		g := s.n / group
		if g%anchorRun == 0 {
			run := min(anchorRun, max(64, g))
			if err := s.charge(int64(unsafe.Sizeof(anchor{})) * int64(run)); err != nil {
				return v, err
			}
			s.anchors = append(s.anchors, make([]anchor, 0, run))
			s.runBlock = append(s.runBlock, int32(n-1))
		}
		r := &s.anchors[len(s.anchors)-1]
		*r = append(*r, anchor{off: uint32(len(blk))})
	}
	r := s.anchors[len(s.anchors)-1]
	r[len(r)-1].lens[s.n%group] = uint8(min(len(v), 255))
	if len(v) >= 255 {
		blk = binary.LittleEndian.AppendUint32(blk, uint32(len(v)))
	}
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
		if notPlain[c] {
			return nil, false
		}
	}
	return t, true
}

// nextPlainItem returns the text of the next shared string item when it
// is whole in the buffer, right at its start, and of plainItem's common
// shape, <si><t>text</t></si> or with xml:space="preserve": what next and
// plainItem would give, without cutting the item first. ok is false for
// any other; next then reads it.
func (c *cutter) nextPlainItem() ([]byte, bool) {
	const open, preserve, end = `<si><t>`, `<si><t xml:space="preserve">`, `</t></si>`
	b := c.buf[c.pos:c.end]
	n := 0
	switch {
	case len(b) >= len(open) && string(b[:len(open)]) == open:
		n = len(open)
	case len(b) >= len(preserve) && string(b[:len(preserve)]) == preserve:
		n = len(preserve)
	default:
		return nil, false
	}
	k := bytes.IndexByte(b[n:], '<')
	if k < 0 || len(b)-n-k < len(end) || string(b[n+k:n+k+len(end)]) != end {
		return nil, false
	}
	t := b[n : n+k : n+k]
	for _, ch := range t {
		if notPlain[ch] {
			return nil, false
		}
	}
	c.pos += n + k + len(end)
	return t, true
}

// notPlain tells the bytes after which a string item's text needs
// appendRich: markup, an entity, a carriage return, an _xHHHH_ escape.
var notPlain = [256]bool{'<': true, '&': true, '\r': true, '_': true}
