package xlsxsrc

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/crmscan/crmscan/scanner/source"
)

// scanAll reads a workbook as the scanner does: this goroutine cuts the
// batches, GOMAXPROCS workers parse them. It returns the rows and cells.
func scanAll(tb testing.TB, r io.Reader, opt Options) (rows, cells int64) {
	var nr, nc atomic.Int64
	err := Tables(context.Background(), r, opt, func(s *Sheet) error {
		jobs := make(chan source.Batch, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for b := range jobs {
					b.Each(func(_ int64, c [][]byte) {
						nr.Add(1)
						nc.Add(int64(len(c)))
					})
					b.Release()
				}
			})
		}
		defer func() {
			close(jobs)
			wg.Wait()
		}()
		for {
			b, err := s.Next(context.Background())
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			jobs <- b
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	return nr.Load(), nc.Load()
}

// BenchmarkWorkbook reads a generated sheet of 50,000 rows (or the
// workbook XLSX_BENCH_FILE names), cut by one goroutine and parsed by
// GOMAXPROCS workers; MB/s is of the .xlsx file.
func BenchmarkWorkbook(b *testing.B) {
	var data []byte
	if name := os.Getenv("XLSX_BENCH_FILE"); name != "" {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		b.SetBytes(st.Size())
		b.ReportAllocs()
		var rows int64
		var in io.Reader = &fileAt{f, st.Size()}
		if os.Getenv("XLSX_BENCH_MEM") != "" {
			data, err := os.ReadFile(name)
			if err != nil {
				b.Fatal(err)
			}
			in = nil
			defer func() { _ = data }()
			for b.Loop() {
				rows, _ = scanAll(b, bytes.NewReader(data), Options{MaxBytes: 2 << 30})
			}
		}
		for in != nil && b.Loop() {
			rows, _ = scanAll(b, in, Options{})
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		return
	}
	data = book(b, 50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var rows int64
	for b.Loop() {
		rows, _ = scanAll(b, bytes.NewReader(data), Options{})
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// fileAt offers a file for reading in place, as the scanner's file input does.
type fileAt struct {
	*os.File
	size int64
}

func (f *fileAt) Size() int64 { return f.size }
