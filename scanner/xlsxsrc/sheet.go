package xlsxsrc

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crmscan/crmscan/scanner/header"
	"github.com/crmscan/crmscan/scanner/rowbatch"
	"github.com/crmscan/crmscan/scanner/source"
)

// maxRows is Excel's last row.
const maxRows = 1 << 20

// Sheet streams one worksheet. It implements source.TableReader.
type Sheet struct {
	info      sheetInfo
	opt       *Options
	bk        *bookState
	rc        io.Closer
	cut       *cutter
	check     rowParser // the reader's own, to look at rows before the workers
	cols      []source.Column
	phone     []bool
	headerRow int64
	pending   []pendingRow // rows read while looking for the header
	lastRow   int64        // number of the last row cut
	cutRows   int64        // data rows handed out (filled ones, under a limit)
	truncated bool
	done      bool
	err       error

	// counted by the workers (Batch.Each) and by Next
	rows, hiddenRows, padded, cellsCut, cellsDropped atomic.Int64
	out                                              sync.WaitGroup // batches handed out, not yet released
}

type pendingRow struct {
	num    int64
	cells  []string
	hidden bool
}

var _ source.TableReader = (*Sheet)(nil)

// openSheet starts streaming a sheet and reads its first rows to find the
// header.
func openSheet(f *zip.File, si sheetInfo, bk *bookState, opt *Options) (*Sheet, error) {
	if f == nil {
		return nil, errors.New("the sheet's part is missing")
	}
	pr, rc, err := openAhead(f, opt)
	if err != nil {
		return nil, err
	}
	s := &Sheet{info: si, opt: opt, bk: bk, rc: rc}
	s.check.bk = bk
	s.cut = newCutter(pr, "row", opt.MaxRowBytes, 64<<10, "row")
	for len(s.pending) < headerScan {
		num, hidden, content, ok, err := s.nextRow()
		if err != nil {
			rc.Close()
			return nil, err
		}
		if !ok {
			break
		}
		cells, _ := s.check.parse(content)
		row := pendingRow{num: num, hidden: hidden, cells: make([]string, len(cells))}
		for i, c := range cells {
			row.cells[i] = string(c)
		}
		s.pending = append(s.pending, row)
	}
	s.cellsCut.Add(s.check.truncated)
	s.cellsDropped.Add(s.check.dropped)
	first := make([][]string, len(s.pending))
	for i, p := range s.pending {
		first[i] = p.cells
	}
	h := header.Find(first, opt.KnownColumn)
	width := 0
	for _, p := range s.pending {
		width = max(width, len(p.cells))
	}
	var header []string
	if h >= 0 {
		header = s.pending[h].cells
		s.headerRow = s.pending[h].num
		s.pending = s.pending[h+1:]
		width = max(width, len(header))
	}
	s.cols = make([]source.Column, width)
	s.phone = make([]bool, width)
	for i := range s.cols {
		name := ""
		if i < len(header) {
			name = strings.TrimSpace(header[i])
		}
		if name == "" {
			name = columnName(i)
		}
		s.cols[i] = source.Column{Name: name, Nullable: true, Hidden: si.hiddenCols[i]}
		s.phone[i] = opt.PhoneColumn != nil && opt.PhoneColumn(name)
	}
	return s, nil
}

// columnName returns the letters of a 0-based column: 0 → A, 27 → AB.
func columnName(i int) string {
	var b [4]byte
	n := len(b)
	for i++; i > 0 && n > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// nextRow cuts the next <row> element: its number (its r, or the one after
// the previous row), whether it is hidden, and its content.
func (s *Sheet) nextRow() (num int64, hidden bool, content []byte, ok bool, err error) {
	_, attrs, content, ok, err := s.cut.next()
	if err != nil || !ok {
		return 0, false, nil, false, err
	}
	num = s.lastRow + 1
	for {
		name, val, rest, ok := nextAttr(attrs)
		if !ok {
			break
		}
		attrs = rest
		switch string(name) {
		case "r":
			if n, ok := atoi(val); ok && n > 0 {
				num = int64(n)
			}
		case "hidden":
			hidden = string(val) == "1" || string(val) == "true"
		}
	}
	if num > maxRows {
		return 0, false, nil, false, fmt.Errorf("row %d: %w: row numbers end at %d", s.lastRow+1, ErrLimit, maxRows)
	}
	s.lastRow = num
	return num, hidden, content, true, nil
}

func (s *Sheet) Name() string             { return s.info.name }
func (s *Sheet) Columns() []source.Column { return s.cols }
func (s *Sheet) Sheet() string            { return s.info.name }
func (s *Sheet) close()                   { s.rc.Close() }

// Stats returns the sheet's counts; once Next has returned io.EOF they
// include the batches still being parsed (Stats waits for them).
func (s *Sheet) Stats() source.Stats {
	s.settle()
	return source.Stats{Rows: s.rows.Load(), Truncated: s.truncated}
}

// settleWait bounds the wait for batches that a caller never released.
var settleWait = 30 * time.Second

// settle waits, once the sheet is read, until the workers have parsed and
// released every batch, so that the counts kept by Batch.Each are final.
func (s *Sheet) settle() {
	if !s.done && s.err == nil {
		return
	}
	ch := make(chan struct{})
	go func() {
		s.out.Wait()
		close(ch)
	}()
	t := time.NewTimer(settleWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	}
}

// Details says how the sheet was read, for the report.
func (s *Sheet) Details() map[string]string {
	s.settle()
	d := map[string]string{"sheet": s.info.name}
	if s.headerRow > 1 {
		d["header_row"] = strconv.FormatInt(s.headerRow, 10)
	}
	if s.info.state == "hidden" || s.info.state == "veryHidden" {
		d["hidden_sheet"] = s.info.state
	}
	var hc []string
	for _, c := range s.cols {
		if c.Hidden {
			hc = append(hc, c.Name)
		}
	}
	if len(hc) > 0 {
		d["hidden_columns"] = strings.Join(hc, ",")
	}
	count := func(key string, n int64) {
		if n > 0 {
			d[key] = strconv.FormatInt(n, 10)
		}
	}
	count("hidden_rows", s.hiddenRows.Load())
	count("phone_leading_zero_restored", s.padded.Load())
	count("cells_cut_at_limit", s.cellsCut.Load())
	count("cells_beyond_last_column", s.cellsDropped.Load())
	return d
}

// Next returns the next batch of rows: first the rows read while looking
// for the header, parsed; then batches of the sheet's raw <row> elements,
// which the workers parse.
func (s *Sheet) Next(ctx context.Context) (source.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.err != nil {
		return nil, s.err
	}
	if err := s.bk.sst.failed(); err != nil {
		// The rows to come would miss strings; Tables reports why.
		s.err = err
		return nil, err
	}
	if len(s.pending) > 0 {
		if b := s.pendingBatch(); b != nil {
			return b, nil
		}
	}
	if s.done {
		return nil, io.EOF
	}
	b := getBatch(s)
	for len(b.data) < s.opt.BatchBytes && len(b.nums) < 4096 {
		if s.opt.Limit > 0 && s.cutRows >= s.opt.Limit {
			s.truncated = s.moreData()
			s.done = true
			break
		}
		num, hidden, content, ok, err := s.nextRow()
		if err != nil {
			s.err = err
			break
		}
		if !ok {
			s.done = true
			break
		}
		if len(content) == 0 {
			continue
		}
		if s.opt.Limit > 0 {
			if _, filled := s.check.parse(content); !filled {
				continue
			}
		}
		s.cutRows++
		b.add(num, hidden, content)
	}
	if len(b.nums) == 0 {
		b.release(false)
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	s.out.Add(1)
	return b, nil
}

// moreData reports whether a row with a value follows.
func (s *Sheet) moreData() bool {
	for {
		_, _, content, ok, err := s.nextRow()
		if err != nil || !ok {
			return false
		}
		if _, filled := s.check.parse(content); filled {
			return true
		}
	}
}

// pendingBatch returns the rows read before the header was known, as a
// parsed batch, or nil when none of them holds a value.
func (s *Sheet) pendingBatch() source.Batch {
	b := rowbatch.Get()
	for len(s.pending) > 0 && b.Size() < s.opt.BatchBytes {
		if s.opt.Limit > 0 && s.cutRows >= s.opt.Limit {
			more := false
			for _, p := range s.pending {
				more = more || filled(p.cells) > 0
			}
			s.pending = nil
			s.truncated = more || s.moreData()
			s.done = true
			break
		}
		p := s.pending[0]
		s.pending = s.pending[1:]
		if filled(p.cells) == 0 {
			continue
		}
		if p.hidden {
			s.hiddenRows.Add(1)
		}
		for i, c := range p.cells {
			if i < len(s.phone) && s.phone[i] && lostZero([]byte(c)) {
				b.AppendByte('0')
				s.padded.Add(1)
			}
			b.CellString(c)
		}
		b.EndRow(p.num)
		s.cutRows++
		s.rows.Add(1)
	}
	if b.Rows() == 0 {
		b.Release()
		return nil
	}
	return b
}

// batch is a run of whole <row> elements' content, copied out of the
// sheet's XML; Each parses them in the worker.
type batch struct {
	sh     *Sheet
	data   []byte
	ends   []uint32 // end of each row's content in data
	nums   []int64
	hidden []bool
	live   bool
	p      rowParser
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func getBatch(s *Sheet) *batch {
	b := batchPool.Get().(*batch)
	b.sh = s
	b.data, b.ends, b.nums, b.hidden = b.data[:0], b.ends[:0], b.nums[:0], b.hidden[:0]
	b.p.bk, b.p.phone = s.bk, s.phone
	b.live = true
	return b
}

func (b *batch) add(num int64, hidden bool, content []byte) {
	b.data = append(b.data, content...)
	b.ends = append(b.ends, uint32(len(b.data)))
	b.nums = append(b.nums, num)
	b.hidden = append(b.hidden, hidden)
}

// Each parses the rows and calls fn for every row that holds a value.
func (b *batch) Each(fn func(row int64, cells [][]byte)) {
	if !b.live {
		return
	}
	p := &b.p
	p.padded, p.truncated, p.dropped = 0, 0, 0
	p.scratch = p.scratch[:0] // the batch's cells stay until Release: parseOn
	var rows, hidden int64
	start := uint32(0)
	for i, end := range b.ends {
		row := b.data[start:end:end]
		start = end
		cells, filled := p.parseOn(row)
		if !filled {
			continue
		}
		rows++
		if b.hidden[i] {
			hidden++
		}
		fn(b.nums[i], cells)
	}
	sh := b.sh
	sh.rows.Add(rows)
	sh.hiddenRows.Add(hidden)
	sh.padded.Add(p.padded)
	sh.cellsCut.Add(p.truncated)
	sh.cellsDropped.Add(p.dropped)
	b.ends = b.ends[:0] // a second Each sees no rows, counts nothing twice
}

// Release returns the batch's buffers to the pool.
func (b *batch) Release() { b.release(true) }

// CellsStay: a cell is a slice of the batch's XML, of the shared strings
// or of the parser's scratch, which Each does not reset between rows.
func (b *batch) CellsStay() {}

func (b *batch) release(out bool) {
	if !b.live {
		return
	}
	b.live = false
	sh := b.sh
	b.sh = nil
	b.p.bk, b.p.phone = nil, nil
	if cap(b.data) > 4*sh.opt.BatchBytes+(1<<20) {
		b.data = nil
	}
	if cap(b.p.scratch) > 4<<20 {
		b.p.scratch = nil
	}
	clear(b.p.shared) // no hold on the shared strings once the workbook is read
	b.p.shared = b.p.shared[:0]
	b.p.cursor = sstCursor{}
	if cap(b.p.cells) > maxColumns {
		b.p.cells, b.p.refs = nil, nil
	}
	batchPool.Put(b)
	if out {
		sh.out.Done()
	}
}
