package dbsrc

import (
	"fmt"
	"testing"

	"github.com/crmscan/crmscan/internal/testutil"
)

// TestAppendCellsAsEach: AppendCells hands over the cells, rows and row
// numbers Each gives, NULLs as empty cells; a released batch none.
func TestAppendCellsAsEach(t *testing.T) {
	b := getBatch(3)
	defer b.Release()
	for r := range 5 {
		addRow(b, int64(10+r), [][]byte{[]byte(fmt.Sprint("a", r)), nil, []byte(fmt.Sprint("c", r, r))})
	}
	testutil.CellsAtOnceAgrees(t, b)
	b.Release()
	if c, e, r := b.AppendCells(nil, nil, nil); c != nil || e != nil || r != nil {
		t.Errorf("a released batch appends %v %v %v", c, e, r)
	}
}
