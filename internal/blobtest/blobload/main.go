// Command blobload creates a bucket or container on a local object
// storage server and uploads a folder into it (.ci/setup.d/40-objstore.sh
// fills the test buckets with testdata/crm this way).
//
//	go run ./internal/blobtest/blobload -dir testdata/crm 's3://demo/?endpoint=...'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/crmscan/crmscan/internal/blobtest"
	"github.com/crmscan/crmscan/scanner/blobsrc"
)

func main() {
	dir := flag.String("dir", "testdata/crm", "folder to upload")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: blobload [-dir DIR] BUCKET-URL")
		os.Exit(2)
	}
	target := flag.Arg(0)
	ctx := context.Background()
	b, prefix, err := blobtest.Open(ctx, target)
	if err != nil {
		fmt.Fprintln(os.Stderr, "blobload:", err)
		os.Exit(1)
	}
	defer b.Close()
	n, err := blobtest.SyncDir(ctx, b, prefix, *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "blobload:", err)
		os.Exit(1)
	}
	fmt.Printf("blobload: %d objects from %s to %s\n", n, *dir, blobsrc.Redact(target))
}
