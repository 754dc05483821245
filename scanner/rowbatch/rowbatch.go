// Package rowbatch holds rows whose cells a source reader has already
// parsed (Excel, JSON, SQL dumps) in one pooled buffer, as a source.Batch.
// Filling a batch allocates nothing once the pool is warm.
package rowbatch

import (
	"sync"

	"github.com/crmscan/crmscan/scanner/source"
)

// Batch is a run of parsed rows. A reader fills it (Append, EndCell,
// EndRow) and hands it to a worker, which reads it with Each and releases it.
type Batch struct {
	data  []byte
	ends  []int   // end offset in data of each cell
	rows  []int   // number of cells (len(ends)) after each row
	nums  []int64 // row number of each row
	start int     // start in data of the cell being written
	cells [][]byte
	live  bool
}

var _ source.CellsAtOnce = (*Batch)(nil)

var pool = sync.Pool{New: func() any { return new(Batch) }}

// Get returns an empty batch from the pool.
func Get() *Batch {
	b := pool.Get().(*Batch)
	b.data, b.ends, b.rows, b.nums = b.data[:0], b.ends[:0], b.rows[:0], b.nums[:0]
	b.start = 0
	b.live = true
	return b
}

// Append adds bytes to the cell being written.
func (b *Batch) Append(p []byte) { b.data = append(b.data, p...) }

// AppendString adds a string to the cell being written.
func (b *Batch) AppendString(s string) { b.data = append(b.data, s...) }

// AppendByte adds one byte to the cell being written.
func (b *Batch) AppendByte(c byte) { b.data = append(b.data, c) }

// Pending returns the bytes of the cell being written, to be inspected or
// rewritten in place before EndCell.
func (b *Batch) Pending() []byte { return b.data[b.start:] }

// Truncate cuts the cell being written to n bytes.
func (b *Batch) Truncate(n int) { b.data = b.data[:b.start+n] }

// EndCell closes the cell being written.
func (b *Batch) EndCell() {
	b.ends = append(b.ends, len(b.data))
	b.start = len(b.data)
}

// Cell adds a whole cell.
func (b *Batch) Cell(p []byte) { b.Append(p); b.EndCell() }

// CellString adds a whole cell.
func (b *Batch) CellString(s string) { b.AppendString(s); b.EndCell() }

// EndRow closes the row of the cells written since the last EndRow.
func (b *Batch) EndRow(num int64) {
	b.rows = append(b.rows, len(b.ends))
	b.nums = append(b.nums, num)
}

// DropRow discards the cells written since the last EndRow.
func (b *Batch) DropRow() {
	n := 0
	if len(b.rows) > 0 {
		n = b.rows[len(b.rows)-1]
	}
	b.ends = b.ends[:n]
	end := 0
	if n > 0 {
		end = b.ends[n-1]
	}
	b.data = b.data[:end]
	b.start = end
}

// Rows is the number of complete rows.
func (b *Batch) Rows() int { return len(b.rows) }

// Size is the number of cell bytes held.
func (b *Batch) Size() int { return len(b.data) + 8*len(b.ends) }

// Each calls fn for every row in order; cells are valid during the call.
// CellsStay: the cells are slices of data, which Each does not change.
func (b *Batch) CellsStay() {}

func (b *Batch) Each(fn func(row int64, cells [][]byte)) {
	if !b.live {
		return
	}
	cells := b.cells[:0]
	c, off := 0, 0
	for i, n := range b.rows {
		cells = cells[:0]
		for ; c < n; c++ {
			e := b.ends[c]
			cells = append(cells, b.data[off:e:e])
			off = e
		}
		fn(b.nums[i], cells)
	}
	b.cells = cells[:0]
}

// AppendCells: source.CellsAtOnce.
func (b *Batch) AppendCells(cells [][]byte, ends []int, rows []int64) ([][]byte, []int, []int64) {
	if !b.live {
		return cells, ends, rows
	}
	n := 0
	if len(b.rows) > 0 {
		n = b.rows[len(b.rows)-1]
	}
	base, off := len(cells), 0
	for _, e := range b.ends[:n] {
		cells = append(cells, b.data[off:e:e])
		off = e
	}
	for _, r := range b.rows {
		ends = append(ends, base+r)
	}
	return cells, ends, append(rows, b.nums...)
}

// Release returns the batch to the pool.
func (b *Batch) Release() {
	if !b.live {
		return
	}
	b.live = false
	if cap(b.data) > 16<<20 {
		b.data = nil
	}
	if cap(b.ends) > 1<<20 {
		b.ends, b.rows, b.nums = nil, nil, nil
	}
	if cap(b.cells) > 1<<14 {
		b.cells = nil
	}
	pool.Put(b)
}
