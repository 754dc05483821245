package csvsrc

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/crmscan/crmscan/scanner/source"
)

var benchData struct {
	once      sync.Once
	crm, flat []byte
}

func benchInput() ([]byte, []byte) {
	benchData.once.Do(func() {
		benchData.crm = genCRM(20<<20, 42)
		benchData.flat = genExport(20<<20, 42, false)
	})
	return benchData.crm, benchData.flat
}

// BenchmarkReader frames a 20 MB Dutch CRM export and parses every batch
// with two worker goroutines, as the scanner does.
func BenchmarkReader(b *testing.B) {
	data, _ := benchInput()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(bytes.NewReader(data), Options{Name: "crm.csv"})
		if err != nil {
			b.Fatal(err)
		}
		ch := make(chan source.Batch, 4)
		var wg sync.WaitGroup
		var cells [2]int64
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := int64(0)
				for bt := range ch {
					bt.Each(func(_ int64, c [][]byte) {
						for _, x := range c {
							n += int64(len(x))
						}
					})
					bt.Release()
				}
				cells[w] = n
			}()
		}
		for {
			bt, err := r.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			ch <- bt
		}
		close(ch)
		wg.Wait()
		if cells[0]+cells[1] == 0 || r.Stats().RaggedRows != 0 {
			b.Fatalf("nothing read or ragged: %+v", r.Stats())
		}
	}
}

// BenchmarkFrame measures the framer (Next) alone.
func BenchmarkFrame(b *testing.B) {
	crm, flat := benchInput()
	for _, bc := range []struct {
		name string
		data []byte
	}{{"crm", crm}, {"unquoted", flat}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				r, err := Open(bytes.NewReader(bc.data), Options{})
				if err != nil {
					b.Fatal(err)
				}
				for {
					bt, err := r.Next(context.Background())
					if err != nil {
						break
					}
					bt.Release()
				}
			}
		})
	}
}

// BenchmarkEach measures one worker parsing batches (single goroutine).
func BenchmarkEach(b *testing.B) {
	crm, flat := benchInput()
	for _, bc := range []struct {
		name string
		data []byte
	}{{"crm", crm}, {"unquoted", flat}} {
		b.Run(bc.name, func(b *testing.B) {
			r, err := Open(bytes.NewReader(bc.data), Options{})
			if err != nil {
				b.Fatal(err)
			}
			var batches []source.Batch
			for {
				bt, err := r.Next(context.Background())
				if err != nil {
					break
				}
				batches = append(batches, bt)
			}
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, bt := range batches {
					bt.Each(func(int64, [][]byte) {})
				}
			}
		})
	}
}

// BenchmarkSmallFile measures the fixed cost of one small file (sniffing).
func BenchmarkSmallFile(b *testing.B) {
	data := genCRM(600, 1)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := fuzzRead(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
