package testutil

import (
	"fmt"
	"testing"

	"github.com/crmscan/crmscan/scanner/source"
)

// EachStays reads batch b with Each: every row's cells, copied, and its
// number. b must be a source.CellsStay, and its cells are read again once
// Each has returned, as a worker scanning a column at a time reads them:
// an error says which one changed.
func EachStays(b source.Batch) (rows [][]string, nums []int64, err error) {
	var kept [][]byte
	b.Each(func(row int64, cells [][]byte) {
		r := make([]string, len(cells))
		for i, c := range cells {
			r[i] = string(c)
		}
		rows, nums = append(rows, r), append(nums, row)
		kept = append(kept, cells...)
	})
	if _, ok := b.(source.CellsStay); !ok {
		return rows, nums, fmt.Errorf("a %T is no source.CellsStay", b)
	}
	for i, r := range rows {
		for _, c := range r {
			if string(kept[0]) != c {
				return rows, nums, fmt.Errorf("row %d: cell %q read %q once Each returned", nums[i], c, kept[0])
			}
			kept = kept[1:]
		}
	}
	return rows, nums, nil
}

// CellsAtOnceAgrees fails tb unless b's AppendCells hands over the cells,
// row ends and row numbers its Each gives, appended after what the
// caller's slices already hold, each cell capped at its length.
func CellsAtOnceAgrees(tb testing.TB, b source.CellsAtOnce) {
	tb.Helper()
	want, wantRows, err := EachStays(b)
	if err != nil {
		tb.Fatal(err)
	}
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
