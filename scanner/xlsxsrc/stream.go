package xlsxsrc

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ErrLimit is returned (wrapped, with the limit's name) when a workbook
// exceeds one of the bounds on what is read: decompressed size, shared
// strings, row size, row number.
var ErrLimit = errors.New("workbook over a reading limit")

// partReader counts the bytes decompressed from one zip member and stops
// at the part's limit: an absolute size, and a ratio to the compressed
// size beyond a first allowance.
type partReader struct {
	r    io.Reader
	name string
	n    int64
	max  int64
	why  string
}

// openPart opens a member of the workbook with the size limits applied.
func openPart(f *zip.File, opt *Options) (*partReader, io.Closer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	max, why := opt.MaxPartBytes, fmt.Sprintf("%d MiB decompressed per part", opt.MaxPartBytes>>20)
	if opt.MaxRatio > 0 && opt.MaxRatio < 1<<20 && f.CompressedSize64 < 1<<40 {
		if byRatio := ratioAllowance + int64(f.CompressedSize64)*opt.MaxRatio; byRatio < max {
			max, why = byRatio, fmt.Sprintf("decompressed %d times its compressed size", opt.MaxRatio)
		}
	}
	return &partReader{r: rc, name: f.Name, max: max, why: why}, rc, nil
}

// ratioAllowance is what any part may decompress to whatever its ratio.
var ratioAllowance int64 = 64 << 20

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.n > p.max {
		return n, fmt.Errorf("%s: %w: over %s", p.name, ErrLimit, p.why)
	}
	return n, err
}

// cutter finds whole elements of one name in a stream of XML without
// parsing the rest: the rows of sheetData, the items of the shared strings.
type cutter struct {
	r    io.Reader
	buf  []byte
	pos  int // start of unconsumed input in buf
	end  int // end of input read into buf
	eof  bool
	name string // local name of the elements cut
	max  int    // largest element accepted
	what string // what an element is, for the error

	nameBuf, closeBuf []byte
}

// newCutter cuts the elements named name (a local name) out of r, each
// at most limit bytes. Its buffer starts at size and grows as an element
// needs.
func newCutter(r io.Reader, name string, limit, size int, what string) *cutter {
	return &cutter{r: r, buf: make([]byte, max(size, 4096)), name: name, max: limit, what: what}
}

// fill reads more input, keeping buf[c.pos:], and reports whether any
// arrived.
func (c *cutter) fill() (bool, error) {
	if c.eof {
		return false, nil
	}
	if c.pos > 0 {
		n := copy(c.buf, c.buf[c.pos:c.end])
		c.pos, c.end = 0, n
	}
	if free := len(c.buf) - c.end; free < len(c.buf)/4 || free < 4096 {
		if c.end > c.max+len(c.buf)/2 {
			return false, fmt.Errorf("%w: %s over %d MiB", ErrLimit, c.what, c.max>>20)
		}
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	for {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err == io.EOF {
			c.eof = true
			return n > 0, nil
		}
		if err != nil {
			return n > 0, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// next returns the next element: its name (with any prefix), the bytes
// of its start tag after the name (attributes, maybe a final '/'), and its
// content. They are valid until the next call. ok is false at the end.
func (c *cutter) next() (name, attrs, content []byte, ok bool, err error) {
	scan := c.pos // where to look for the next '<'
	for {
		p := c.buf[scan:c.end]
		i := bytes.IndexByte(p, '<')
		if i < 0 {
			c.pos = c.end // nothing of interest in what was read
			more, err := c.fill()
			if err != nil || !more {
				return nil, nil, nil, false, err
			}
			scan = c.pos
			continue
		}
		at := scan + i // the '<'
		// the start tag must be whole
		gt := bytes.IndexByte(c.buf[at:c.end], '>')
		if gt < 0 {
			c.pos = at
			if c.end-c.pos > c.max {
				return nil, nil, nil, false, fmt.Errorf("%w: %s tag over %d MiB", ErrLimit, c.what, c.max>>20)
			}
			more, err := c.fill()
			if err != nil || !more {
				return nil, nil, nil, false, err
			}
			scan = c.pos
			continue
		}
		tag := c.buf[at+1 : at+gt]
		nm := tagName(tag)
		if string(localName(nm)) != c.name {
			scan = at + 1
			continue
		}
		if gt > 0 && c.buf[at+gt-1] == '/' { // empty element
			c.pos = at + gt + 1
			return nm, tag[len(nm):], nil, true, nil
		}
		// the name is kept apart: a refill moves the buffer under it
		c.nameBuf = append(c.nameBuf[:0], nm...)
		nm = c.nameBuf
		body := at + gt + 1
		from := body
		c.closeBuf = append(append(append(c.closeBuf[:0], "</"...), nm...), '>')
		for {
			// the exact end tag, found fast; "</row >" only at the end
			k, n := indexClose(c.buf[from:c.end], c.closeBuf), len(c.closeBuf)
			if k < 0 && c.eof {
				k, n = closeTagAny(c.buf[from:c.end], nm)
			}
			if k >= 0 {
				k += from
				c.pos = k + n
				return nm, c.buf[at+1+len(nm) : body-1], c.buf[body:k], true, nil
			}
			// keep looking from a little before the end (a split end tag)
			from = max(body, c.end-len(nm)-16)
			if c.end-at > c.max {
				return nil, nil, nil, false, fmt.Errorf("%w: %s over %d MiB", ErrLimit, c.what, c.max>>20)
			}
			shift := at
			c.pos = at
			more, err := c.fill()
			if err != nil {
				return nil, nil, nil, false, err
			}
			if !more { // unterminated: the part is truncated
				return nil, nil, nil, false, fmt.Errorf("unterminated %s", c.what)
			}
			// fill moved buf[at:] to the front
			from -= shift - c.pos
			body -= shift - c.pos
			at = c.pos
		}
	}
}

// indexClose finds an end tag such as "</row>". It looks for its last
// two bytes ("w>"), rarer in sheet XML than '<' (which every tag holds),
// and checks the rest before them.
func indexClose(p, tag []byte) int {
	if len(tag) < 4 {
		return bytes.Index(p, tag)
	}
	tail := tag[len(tag)-2:]
	head := tag[:len(tag)-2]
	off := len(head)
	for off <= len(p)-2 {
		k := bytes.Index(p[off:], tail)
		if k < 0 {
			return -1
		}
		k += off
		if bytes.Equal(p[k-len(head):k], head) {
			return k - len(head)
		}
		off = k + 1
	}
	return -1
}

// aheadMin is the size from which a part is read ahead (a variable for
// the tests); aheadChunk and aheadChunks are the size and number of the
// chunks read ahead.
var aheadMin uint64 = 1 << 20

const (
	aheadChunk  = 256 << 10
	aheadChunks = 4
)

// openAhead opens a part as openPart does and, when it is large, reads it
// ahead in a goroutine of its own: inflating a part takes as long as
// cutting it, and with the two on different cores neither waits for the
// other. Closing stops the goroutine and closes the part.
func openAhead(f *zip.File, opt *Options) (io.Reader, io.Closer, error) {
	pr, rc, err := openPart(f, opt)
	if err != nil || f.UncompressedSize64 < aheadMin {
		return pr, rc, err
	}
	a := &aheadReader{
		ch:     make(chan aheadChunkData, aheadChunks),
		free:   make(chan []byte, aheadChunks+2),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
		rc:     rc,
	}
	go a.run(pr)
	return a, a, nil
}

// aheadReader hands out what its goroutine read, in order, with each
// error where the part returned it.
type aheadReader struct {
	ch     chan aheadChunkData
	free   chan []byte // chunks read, for reuse
	done   chan struct{}
	exited chan struct{}
	rc     io.Closer

	cur    aheadChunkData // the chunk being read, cur.b what is left of it
	buf    []byte         // cur's whole buffer
	err    error          // the error returned, returned again
	closed bool
}

type aheadChunkData struct {
	b   []byte
	err error
}

func (a *aheadReader) run(r io.Reader) {
	defer close(a.exited)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		default:
			buf = make([]byte, aheadChunk)
		}
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var k int
			k, err = r.Read(buf[n:])
			n += k
		}
		select {
		case a.ch <- aheadChunkData{b: buf[:n], err: err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	for len(a.cur.b) == 0 && a.cur.err == nil {
		if a.buf != nil {
			select {
			case a.free <- a.buf:
			default:
			}
			a.buf = nil
		}
		a.cur = <-a.ch
		a.buf = a.cur.b
	}
	n := copy(p, a.cur.b)
	a.cur.b = a.cur.b[n:]
	if len(a.cur.b) == 0 && a.cur.err != nil {
		a.err = a.cur.err
		return n, a.err
	}
	return n, nil
}

// Close stops the goroutine and closes the part.
func (a *aheadReader) Close() error {
	if a.closed {
		return nil
	}
	a.closed = true
	close(a.done)
	<-a.exited
	return a.rc.Close()
}
