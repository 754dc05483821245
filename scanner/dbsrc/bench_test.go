package dbsrc

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

// The full-scan benchmarks read one table whole and touch every cell, as
// the scanner would, without detecting anything: the cost of dbsrc and the
// driver alone. By default they read the CI fixture crm.big (200,000 rows
// of one e-mail column); CRMSCAN_BENCH_PG_URL and CRMSCAN_BENCH_MYSQL_URL
// with CRMSCAN_BENCH_TABLE (a --table glob) point them at a larger table,
// such as a million generated contacts.
//
//	go test ./scanner/dbsrc -run '^$' -bench FullScan -benchtime 3x

func BenchmarkFullScanPostgres(b *testing.B) {
	benchFullScan(b, "CRMSCAN_BENCH_PG_URL", "CRMSCAN_TEST_PG_URL")
}

func BenchmarkFullScanMySQL(b *testing.B) {
	benchFullScan(b, "CRMSCAN_BENCH_MYSQL_URL", "CRMSCAN_TEST_MYSQL_URL")
}

func benchFullScan(b *testing.B, benchEnv, testEnv string) {
	url, table := os.Getenv(benchEnv), os.Getenv("CRMSCAN_BENCH_TABLE")
	if url == "" {
		url, table = os.Getenv(testEnv), "crm.big"
	}
	if url == "" {
		b.Skipf("%s and %s not set", benchEnv, testEnv)
	}
	opt := Options{Workers: 2, Tables: []string{table}, QueryTimeout: time.Minute}
	var rows, bytes int64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := Scan(context.Background(), url, opt, func(tr source.TableReader) error {
			for {
				bt, err := tr.Next(context.Background())
				if errors.Is(err, source.EOF) {
					return nil
				}
				if err != nil {
					return err
				}
				bt.Each(func(_ int64, cells [][]byte) {
					rows++
					for _, c := range cells {
						bytes += int64(len(c))
					}
				})
				bt.Release()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if rows == 0 {
		b.Fatalf("no rows read from %s", table)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(bytes)/float64(rows), "B/row")
}
