// Package source holds the types that every source kind (CSV, Excel, SQL
// dump, database) gives the scanner: tables, their columns and batches of
// rows. A source knows nothing of detectors or the GDPR.
package source

import (
	"context"
	"io"
)

// Column describes one column of a table.
type Column struct {
	Name     string // header or column name as the source has it
	Type     string // declared type where the source has one ("" for CSV)
	Default  string // declared default, for schema rules ("" when none)
	Nullable bool
	Hidden   bool // hidden in the source (an Excel column), still scanned
}

// Batch is a run of rows read by one reader and handed to one worker, which
// parses and scans it; parsing happens in the worker so that several cores
// share the work of one large file.
type Batch interface {
	// Each calls fn for every row of the batch in order. row is the row
	// number a user sees (for a CSV with a header, the first data row is 2).
	// cells are valid only during the call and must not be retained; a row
	// may have fewer or more cells than there are columns.
	Each(fn func(row int64, cells [][]byte))
	// Release returns the batch's buffers for reuse; the batch must not be
	// used afterwards.
	Release()
}

// CellsStay is a Batch whose cells stay valid from Each until Release, so
// that a caller may read them after Each returned (a column at a time)
// without copying them.
type CellsStay interface {
	Batch
	CellsStay()
}

// CellsAtOnce is a CellsStay batch that hands all its cells over in one
// call: what a column-at-a-time reader needs, without Each's call of fn
// for every row.
type CellsAtOnce interface {
	CellsStay
	// AppendCells appends every cell of the batch to cells in row order
	// (the cells Each gives), the index in cells one past each row's last
	// cell to ends, and each row's number to rows.
	AppendCells(cells [][]byte, ends []int, rows []int64) ([][]byte, []int, []int64)
}

// Stats are counts a table reader keeps about what it read.
type Stats struct {
	Rows        int64 // data rows read
	Bytes       int64 // bytes of input consumed
	RaggedRows  int64 // rows with another number of cells than the header
	BrokenQuote int64 // fields with an unbalanced or stray quote
	// Truncated is true when the reader stopped at a row limit before the end.
	Truncated bool
	// RowsEstimate is the rows of the whole table as the source knows or
	// estimates them (a database's statistics), 0 when unknown; counts of
	// a truncated table are scaled by it.
	RowsEstimate int64
}

// TableReader streams one table.
type TableReader interface {
	// Name is the table's name: a file's base name, a sheet, schema.table.
	Name() string
	Columns() []Column
	// Next returns the next batch, or io.EOF after the last one. Next is
	// called from one goroutine only.
	Next(ctx context.Context) (Batch, error)
	// Stats may be called after Next returned io.EOF (or an error).
	Stats() Stats
}

// EOF is io.EOF, re-exported so that readers need not import io for it.
var EOF = io.EOF
