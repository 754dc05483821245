package xlsxsrc

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadAhead reads every part ahead, however small, through the tests
// that compare with excelize and test the limits and damaged workbooks.
func TestReadAhead(t *testing.T) {
	old := aheadMin
	aheadMin = 0
	defer func() { aheadMin = old }()
	t.Run("differential", TestDifferential)
	t.Run("workbook", TestWorkbook)
	t.Run("limits", TestLimits)
	t.Run("damaged", TestDamagedAndLegacy)
	t.Run("cell types", TestCellTypes)
	t.Run("shared strings", TestSharedStringsText)
}

// errAt returns data and then err, with the last bytes.
type errAt struct {
	r   io.Reader
	err error
}

func (e *errAt) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		err = e.err
	}
	return n, err
}

// TestAheadReader hands out what was read in order, and the error where the
// part returned it, whatever the sizes read.
func TestAheadReader(t *testing.T) {
	data := make([]byte, 3*aheadChunk+12345)
	for i := range data {
		data[i] = byte(i * 7)
	}
	boom := errors.New("boom")
	for _, want := range []error{io.EOF, boom} {
		a := &aheadReader{
			ch:     make(chan aheadChunkData, aheadChunks),
			free:   make(chan []byte, aheadChunks+2),
			done:   make(chan struct{}),
			exited: make(chan struct{}),
			rc:     io.NopCloser(nil),
		}
		go a.run(iotest.HalfReader(&errAt{bytes.NewReader(data), want}))
		got, err := io.ReadAll(iotest.OneByteReader(a))
		if (err != want && (want != io.EOF || err != nil)) || !bytes.Equal(got, data) {
			t.Fatalf("read %d bytes, %v; want %d, %v", len(got), err, len(data), want)
		}
		var b [10]byte
		if n, err := a.Read(b[:]); n != 0 || err != want {
			t.Fatalf("at the end: %d, %v; want %v", n, err, want)
		}
		if n, err := a.Read(b[:]); n != 0 || err != want {
			t.Fatalf("again: %d, %v; want %v", n, err, want)
		}
		a.Close()
	}
	// closed before the end: the goroutine stops
	a := &aheadReader{
		ch:     make(chan aheadChunkData, aheadChunks),
		free:   make(chan []byte, aheadChunks+2),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
		rc:     io.NopCloser(nil),
	}
	go a.run(bytes.NewReader(make([]byte, 20*aheadChunk)))
	var b [10]byte
	a.Read(b[:])
	a.Close()
}
