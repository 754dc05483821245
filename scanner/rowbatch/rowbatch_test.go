package rowbatch

import (
	"testing"

	"github.com/crmscan/crmscan/internal/testutil"
)

// TestAppendCellsAsEach: AppendCells hands over the cells, rows and row
// numbers Each gives: rows of any width, an empty one, not the cells of an
// unfinished row.
func TestAppendCellsAsEach(t *testing.T) {
	b := Get()
	defer b.Release()
	for i, r := range [][]string{{"a", "", "ccc"}, {}, {"d"}, {"e", "f", "g", "h"}} {
		for _, c := range r {
			b.CellString(c)
		}
		b.EndRow(int64(100 + i))
	}
	b.CellString("pending")
	n := 0
	b.Each(func(int64, [][]byte) { n++ })
	if n != 4 {
		t.Fatalf("Each gives %d rows, want 4", n)
	}
	testutil.CellsAtOnceAgrees(t, b)
}
