package dbsrc

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

// The full-scan benchmarks read one table whole and touch every cell, as
// the scanner would, without detecting anything: the cost of dbsrc and the
// driver alone. By default they read the CI fixture crm.big (200,000 rows
// of one e-mail column); CRMSCAN_BENCH_PG_URL and CRMSCAN_BENCH_MYSQL_URL
// with CRMSCAN_BENCH_TABLE (a --table glob) point them at a larger table,
// such as a million generated contacts. SQLite reads a file of 200,000
// such rows made for the run, or CRMSCAN_BENCH_SQLITE (a path) with
// CRMSCAN_BENCH_TABLE. `go run ./internal/bench -db` (make bench) makes the
// million-row bench_contacts in each database.
//
//	go test ./scanner/dbsrc -run '^$' -bench FullScan -benchtime 3x

func BenchmarkFullScanPostgres(b *testing.B) {
	benchFullScan(b, "CRMSCAN_BENCH_PG_URL", "CRMSCAN_TEST_PG_URL", "crm.big")
}

func BenchmarkFullScanMySQL(b *testing.B) {
	benchFullScan(b, "CRMSCAN_BENCH_MYSQL_URL", "CRMSCAN_TEST_MYSQL_URL", "crm.big")
}

func BenchmarkFullScanSQLite(b *testing.B) {
	if os.Getenv("CRMSCAN_BENCH_SQLITE") != "" {
		benchFullScan(b, "CRMSCAN_BENCH_SQLITE", "", "")
		return
	}
	path := filepath.Join(b.TempDir(), "big.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(`CREATE TABLE big (id INTEGER PRIMARY KEY, email VARCHAR(100))`); err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= 200_000; i++ {
		if _, err := tx.Exec(`INSERT INTO big VALUES (?, ?)`, i, "customer"+strconv.Itoa(i)+"@example.com"); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Setenv("CRMSCAN_BENCH_SQLITE_DEFAULT", path)
	benchFullScan(b, "", "CRMSCAN_BENCH_SQLITE_DEFAULT", "big")
}

func benchFullScan(b *testing.B, benchEnv, testEnv, testTable string) {
	url, table := "", os.Getenv("CRMSCAN_BENCH_TABLE")
	if benchEnv != "" {
		url = os.Getenv(benchEnv)
	}
	if url == "" && testEnv != "" {
		url, table = os.Getenv(testEnv), testTable
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
