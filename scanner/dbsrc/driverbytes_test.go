package dbsrc

import (
	"database/sql/driver"
	"strings"
	"testing"
	"time"
)

// TestDriverBytes writes a row's values as Scan into sql.RawBytes would,
// into one buffer that grows on the way: every value must still read as
// it was written once the row is done.
func TestDriverBytes(t *testing.T) {
	long := strings.Repeat("x", 300)
	row := []driver.Value{nil, []byte("jan@voorbeeld.nl"), int64(-42), "tekst", 2.5, true,
		time.Date(2024, 3, 1, 12, 0, 0, 5, time.UTC), long, int64(612345678), uint32(7)}
	want := []string{"", "jan@voorbeeld.nl", "-42", "tekst", "2.5", "true", "2024-03-01T12:00:00.000000005Z", long, "612345678", "7"}
	buf := make([]byte, 0, 8)
	got := make([][]byte, len(row))
	for i, v := range row {
		got[i], buf = driverBytes(buf, v)
	}
	for i := range row {
		if string(got[i]) != want[i] || (row[i] == nil) != (got[i] == nil) {
			t.Errorf("value %d (%T): %q, want %q", i, row[i], got[i], want[i])
		}
	}
}
