package dbsrc

import (
	"database/sql"
	"sync"

	"github.com/crmscan/crmscan/scanner/source"
)

// batch is a run of rows copied out of *sql.Rows or COPY data: the cells of all rows
// back to back in data, each cell's end offset in ends, and each row's
// number in rows.
type batch struct {
	data  []byte
	ends  []int32
	rows  []int64
	ncols int
	live  bool
	cells [][]byte // worker scratch
}

var _ source.CellsAtOnce = (*batch)(nil)

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func getBatch(ncols int) *batch {
	b := batchPool.Get().(*batch)
	b.data, b.ends, b.rows = b.data[:0], b.ends[:0], b.rows[:0]
	b.ncols = ncols
	b.live = true
	return b
}

// add copies one row's cells; a NULL is an empty cell and a cell longer
// than maxCell is cut there.
func (b *batch) add(row int64, cells []sql.RawBytes) { addRow(b, row, cells) }

// addRow is add for any kind of byte slice: sql.RawBytes from a query,
// []byte from COPY.
func addRow[C ~[]byte](b *batch, row int64, cells []C) {
	for _, c := range cells {
		if len(c) > maxCell {
			c = c[:maxCell]
		}
		b.data = append(b.data, c...)
		b.ends = append(b.ends, int32(len(b.data)))
	}
	b.rows = append(b.rows, row)
}

// Each calls fn for every row with its cells.
func (b *batch) Each(fn func(row int64, cells [][]byte)) {
	if !b.live {
		return
	}
	if cap(b.cells) < b.ncols {
		b.cells = make([][]byte, b.ncols)
	}
	cells := b.cells[:b.ncols]
	start := int32(0)
	for i, row := range b.rows {
		ends := b.ends[i*b.ncols : (i+1)*b.ncols]
		for c, e := range ends {
			cells[c] = b.data[start:e:e]
			start = e
		}
		fn(row, cells)
	}
	clear(cells)
}

// CellsStay: the cells are slices of data, which Each does not change.
func (b *batch) CellsStay() {}

// AppendCells: source.CellsAtOnce.
func (b *batch) AppendCells(cells [][]byte, ends []int, rows []int64) ([][]byte, []int, []int64) {
	if !b.live {
		return cells, ends, rows
	}
	base, start := len(cells), int32(0)
	for _, e := range b.ends[:len(b.rows)*b.ncols] {
		cells = append(cells, b.data[start:e:e])
		start = e
	}
	for r := range b.rows {
		ends = append(ends, base+(r+1)*b.ncols)
	}
	return cells, ends, append(rows, b.rows...)
}

// Release returns the batch to the pool.
func (b *batch) Release() {
	if !b.live {
		return
	}
	b.live = false
	if cap(b.data) > 4*batchBytes {
		b.data = nil
	}
	batchPool.Put(b)
}
