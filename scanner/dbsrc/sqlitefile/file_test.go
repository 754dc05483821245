package sqlitefile

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
)

// walkAll reads table t (root page 2) of a database file: every row's
// key and cells, decoded as text, a number or a blob.
func walkAll(data []byte) (n int, err error) {
	f, err := New(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, ErrUnread // a file New refuses is SQLite's to read
	}
	dec := NewDecoder([]Col{{Field: 0}, {Field: 1, Real: true}, {Field: 2, Cast: true}, {Field: 0, Alias: true}},
		func(v float64) ([]byte, error) { return []byte("real"), nil })
	err = f.Walk(context.Background(), 2, func(key int64, rec []byte) error {
		cells, err := dec.Decode(key, rec)
		if err != nil {
			return err
		}
		for _, c := range cells {
			n += len(c)
		}
		return nil
	})
	return n, err
}

// TestWalkSeed reads the seed database (testdata/seed512.db, written by
// SQLite: 512-byte pages, a table of text, numbers, blobs and NULLs, some
// on overflow pages) to the end.
func TestWalkSeed(t *testing.T) {
	data, err := os.ReadFile("testdata/seed512.db")
	if err != nil {
		t.Fatal(err)
	}
	n, err := walkAll(data)
	if err != nil || n < 10000 {
		t.Fatalf("read %d bytes of cells: %v", n, err)
	}
	// A file cut short: the walk ends with ErrUnread, never a panic.
	for _, cut := range []int{512, 1024, 3000, len(data) - 512} {
		if _, err := walkAll(data[:cut]); err != nil && !errors.Is(err, ErrUnread) {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}
}

func TestVarint(t *testing.T) {
	for _, c := range []struct {
		b []byte
		v uint64
		n int
	}{
		{[]byte{0x00}, 0, 1},
		{[]byte{0x7f}, 127, 1},
		{[]byte{0x81, 0x00}, 128, 2},
		{[]byte{0x82, 0x2c}, 300, 2},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 1<<64 - 1, 9},
		{[]byte{0x81}, 0, 0}, // cut short
		{nil, 0, 0},
	} {
		if v, n := Varint(c.b); v != c.v || n != c.n {
			t.Errorf("%x: %d, %d; want %d, %d", c.b, v, n, c.v, c.n)
		}
	}
}

// FuzzWalk reads fuzzed database files: the walk and the decoding of
// what it finds never panic or run on.
func FuzzWalk(f *testing.F) {
	data, err := os.ReadFile("testdata/seed512.db")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := walkAll(data); err != nil && !errors.Is(err, ErrUnread) {
			t.Fatal(err)
		}
	})
}
