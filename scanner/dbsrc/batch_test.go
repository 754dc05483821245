package dbsrc

import (
	"fmt"
	"testing"
)

// eachCells is what Each gives: every row's cells, copied, and its number.
func eachCells(b interface {
	Each(func(int64, [][]byte))
}) (cells [][]string, rows []int64) {
	b.Each(func(row int64, cs [][]byte) {
		r := make([]string, len(cs))
		for i, c := range cs {
			r[i] = string(c)
		}
		cells, rows = append(cells, r), append(rows, row)
	})
	return cells, rows
}

// TestAppendCellsAsEach: AppendCells hands over the cells, rows and row
// numbers Each gives, after what the caller's slices hold already.
func TestAppendCellsAsEach(t *testing.T) {
	b := getBatch(3)
	defer b.Release()
	for r := range 5 {
		addRow(b, int64(10+r), [][]byte{[]byte(fmt.Sprint("a", r)), nil, []byte(fmt.Sprint("c", r, r))})
	}
	want, wantRows := eachCells(b)
	cells, ends, rows := b.AppendCells([][]byte{[]byte("x")}, []int{0, 1}, []int64{7})
	if len(ends) != len(want)+2 || len(rows) != len(want)+1 {
		t.Fatalf("ends %v rows %v for %d rows", ends, rows, len(want))
	}
	for r := range want {
		got := cells[ends[r+1]:ends[r+2]]
		if len(got) != len(want[r]) || rows[r+1] != wantRows[r] {
			t.Fatalf("row %d: %d cells, number %d; Each: %d, %d", r, len(got), rows[r+1], len(want[r]), wantRows[r])
		}
		for i := range got {
			if string(got[i]) != want[r][i] || cap(got[i]) != len(got[i]) {
				t.Errorf("row %d cell %d: %q (cap %d), Each %q", r, i, got[i], cap(got[i]), want[r][i])
			}
		}
	}
	b.Release()
	if c, e, r := b.AppendCells(nil, nil, nil); c != nil || e != nil || r != nil {
		t.Errorf("a released batch appends %v %v %v", c, e, r)
	}
}
