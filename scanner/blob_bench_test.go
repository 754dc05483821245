package scanner

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gocloud.dev/blob"

	"github.com/crmscan/crmscan/internal/blobtest"
	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// benchObjects is the size of the bucket the object storage benchmark
// scans: 10 "folders" of 1,000 small CSV exports.
const benchObjects = 10000

// BenchmarkBlobS3 lists and scans a bucket of 10,000 small objects on the
// local S3-compatible server (CRMSCAN_TEST_S3_URL's endpoint), and 1,000 of
// them, to show that memory stays flat: objects/s, MB/s and the peak heap.
// The buckets crmscan-bench10k and crmscan-benchlarge are filled on the
// first run (a few minutes).
//
//	go test -run=NONE -bench=BlobS3 -benchtime=1x ./scanner/
func BenchmarkBlobS3(b *testing.B) {
	base := os.Getenv("CRMSCAN_TEST_S3_URL")
	if base == "" {
		b.Skip("CRMSCAN_TEST_S3_URL not set (.ci/setup.d/40-objstore.sh starts the server)")
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Host, u.Path = "crmscan-bench10k", "/"
	total := fillBenchBucket(b, u.String())
	b.Run("large", func(b *testing.B) { benchLargeObject(b, u) })
	for _, c := range []struct {
		name, prefix string
		objects      int
		bytes        int64
	}{{"1k", "d0/", benchObjects / 10, total / 10}, {"10k", "", benchObjects, total}} {
		v := *u
		v.Path = "/" + c.prefix
		target := v.String()
		b.Run("list/"+c.name, func(b *testing.B) {
			var perObject float64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				units, _, buckets := enumerate(context.Background(), []string{target}, filter{}, openers)
				runtime.GC() // what stays: the units, not the pages read
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				for _, bk := range buckets {
					bk.Close()
				}
				if len(units) != c.objects {
					b.Fatalf("%d units, want %d", len(units), c.objects)
				}
				// what the units of the listing hold: the heap growth
				perObject = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(c.objects)
				runtime.KeepAlive(units)
			}
			b.ReportMetric(float64(c.objects*b.N)/b.Elapsed().Seconds(), "objects/s")
			b.ReportMetric(perObject, "heap-B/object")
		})
		b.Run("scan/"+c.name, func(b *testing.B) {
			opt := testOptions(b)
			opt.Workers = runtime.GOMAXPROCS(0)
			b.SetBytes(c.bytes)
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				stop := sampleHeap(&peak)
				rep := scan(b, opt, target)
				stop()
				if len(rep.Sources) != c.objects || len(rep.Errors) != 0 {
					b.Fatalf("%d sources, %d errors", len(rep.Sources), len(rep.Errors))
				}
			}
			b.ReportMetric(float64(c.objects*b.N)/b.Elapsed().Seconds(), "objects/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// sampleHeap records the largest heap in use until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > atomic.LoadUint64(peak) {
				atomic.StoreUint64(peak, m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// fillBenchBucket makes the bucket hold benchObjects small CSV exports
// (d0/c00000.csv ... d9/c09999.csv) unless it already does, and returns
// their total size.
func fillBenchBucket(b *testing.B, target string) int64 {
	ctx := context.Background()
	bk, _, err := blobtest.Open(ctx, target)
	if err != nil {
		b.Fatal(err)
	}
	defer bk.Close()
	body := func(i int) []byte {
		return fmt.Appendf(nil, "id,naam,email,telefoon\n%d,Klant %d,klant%d@example.nl,+31 20 %07d\n%d,Klant %d,info%d@example.com,\n",
			2*i, i, i, 1000000+i, 2*i+1, i, i)
	}
	key := func(i int) string { return fmt.Sprintf("d%d/c%05d.csv", i/(benchObjects/10), i) }
	var total int64
	for i := 0; i < benchObjects; i++ {
		total += int64(len(body(i)))
	}
	n := 0
	it := bk.List(&blob.ListOptions{})
	for {
		if _, err := it.Next(ctx); err != nil {
			break
		}
		n++
	}
	if n == benchObjects {
		return total
	}
	b.Logf("filling %s with %d objects", blobsrc.Redact(target), benchObjects)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	next := int64(-1)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(atomic.AddInt64(&next, 1))
				if i >= benchObjects {
					return
				}
				if err := bk.WriteAll(ctx, key(i), body(i), nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	return total
}

// benchLargeObject scans one 32 MB CSV export in the bucket: the MB/s of
// a stream from the server through the CSV reader and the detectors.
func benchLargeObject(b *testing.B, u *url.URL) {
	ctx := context.Background()
	v := *u
	v.Host, v.Path = "crmscan-benchlarge", "/"
	bk, _, err := blobtest.Open(ctx, v.String())
	if err != nil {
		b.Fatal(err)
	}
	defer bk.Close()
	const key = "large/contacts.csv"
	attrs, err := bk.Attributes(ctx, key)
	size := int64(0)
	if err == nil {
		size = attrs.Size
	} else {
		var buf bytes.Buffer
		buf.WriteString("id,naam,email,telefoon,iban,opmerking\n")
		for i := 0; buf.Len() < 32<<20; i++ {
			fmt.Fprintf(&buf, "%d,Klant %d,klant%d@example.nl,+31 20 %07d,NL91ABNA0417164300,Belde op %d maart over de levering\n", i, i, i, 1000000+i%9000000, 1+i%28)
		}
		if err := bk.WriteAll(ctx, key, buf.Bytes(), nil); err != nil {
			b.Fatal(err)
		}
		size = int64(buf.Len())
	}
	v.Path = "/" + key
	opt := testOptions(b)
	opt.Workers = runtime.GOMAXPROCS(0)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep := scan(b, opt, v.String())
		if len(rep.Sources) != 1 || len(rep.Errors) != 0 {
			b.Fatalf("%d sources, %d errors", len(rep.Sources), len(rep.Errors))
		}
	}
}
