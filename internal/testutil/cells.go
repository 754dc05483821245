package testutil

import (
	"testing"

	"github.com/crmscan/crmscan/scanner/source"
)

// CellsAtOnceAgrees fails tb unless b's AppendCells hands over the cells,
// row ends and row numbers its Each gives, appended after what the
// caller's slices already hold, each cell capped at its length.
func CellsAtOnceAgrees(tb testing.TB, b source.CellsAtOnce) {
	tb.Helper()
	var want [][]string
	var wantRows []int64
	b.Each(func(row int64, cells [][]byte) {
		r := make([]string, len(cells))
		for i, c := range cells {
			r[i] = string(c)
		}
		want, wantRows = append(want, r), append(wantRows, row)
	})
	cells, ends, rows := b.AppendCells([][]byte{[]byte("x")}, []int{0, 1}, []int64{7})
	if len(ends) != len(want)+2 || len(rows) != len(want)+1 {
		tb.Fatalf("AppendCells: ends %v, rows %v; Each gives %d rows", ends, rows, len(want))
	}
	for r := range want {
		got := cells[ends[r+1]:ends[r+2]]
		if len(got) != len(want[r]) || rows[r+1] != wantRows[r] {
			tb.Fatalf("row %d: %d cells, number %d; Each: %d, %d", r, len(got), rows[r+1], len(want[r]), wantRows[r])
		}
		for i := range got {
			if string(got[i]) != want[r][i] || cap(got[i]) != len(got[i]) {
				tb.Errorf("row %d cell %d: %q (cap %d), Each %q", r, i, got[i], cap(got[i]), want[r][i])
			}
		}
	}
}
