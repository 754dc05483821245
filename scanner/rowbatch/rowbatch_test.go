package rowbatch

import "testing"

// TestAppendCellsAsEach: AppendCells hands over the cells, rows and row
// numbers Each gives (rows of any width, an empty one, not the cells of
// an unfinished row), after what the caller's slices hold already.
func TestAppendCellsAsEach(t *testing.T) {
	b := Get()
	defer b.Release()
	rows := [][]string{{"a", "", "ccc"}, {}, {"d"}, {"e", "f", "g", "h"}}
	for i, r := range rows {
		for _, c := range r {
			b.CellString(c)
		}
		b.EndRow(int64(100 + i))
	}
	b.CellString("pending")
	var want [][]string
	var wantNums []int64
	b.Each(func(row int64, cells [][]byte) {
		r := make([]string, len(cells))
		for i, c := range cells {
			r[i] = string(c)
		}
		want, wantNums = append(want, r), append(wantNums, row)
	})
	if len(want) != len(rows) {
		t.Fatalf("Each gives %d rows", len(want))
	}
	cells, ends, nums := b.AppendCells([][]byte{[]byte("x")}, []int{0, 1}, []int64{7})
	if len(ends) != len(want)+2 || len(nums) != len(want)+1 {
		t.Fatalf("ends %v nums %v", ends, nums)
	}
	for r := range want {
		got := cells[ends[r+1]:ends[r+2]]
		if len(got) != len(want[r]) || nums[r+1] != wantNums[r] {
			t.Fatalf("row %d: %d cells, number %d; Each: %d, %d", r, len(got), nums[r+1], len(want[r]), wantNums[r])
		}
		for i := range got {
			if string(got[i]) != want[r][i] || cap(got[i]) != len(got[i]) {
				t.Errorf("row %d cell %d: %q (cap %d), Each %q", r, i, got[i], cap(got[i]), want[r][i])
			}
		}
	}
}
