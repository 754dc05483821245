package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
)

// BenchmarkScanDutchExport scans a generated 20 MB Dutch export with every
// detector on, end to end (reading, parsing, detecting, aggregating).
func BenchmarkScanDutchExport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "export.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	g := gen.New(3)
	if err := g.WriteDutchCSV(f, 1); err != nil {
		b.Fatal(err)
	}
	for i := 2; i < 90000; i += 1000 {
		if err := g.WriteDutchRows(f, i, 1000); err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	benchScanFile(b, path)
}

// BenchmarkScanTypedExport scans a generated 20 MB export shaped like the
// benchmark of issue 20 (gen.TypedRow: 23 columns, nearly all typed, a
// notes column on most rows) with every detector on, end to end. Compare
// CPU time across changes with -cpu 1.
func BenchmarkScanTypedExport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "typed.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.New(5).WriteTypedCSV(f, 20<<20); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchScanFile(b, path)
}

// benchScanFile scans one file with every detector on two workers, b.N
// times, and reports MB/s of the file.
func benchScanFile(b *testing.B, path string) {
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	opt := testOptions(b)
	opt.Workers = 2
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Scan(context.Background(), []string{path}, opt); err != nil {
			b.Fatal(err)
		}
	}
}
