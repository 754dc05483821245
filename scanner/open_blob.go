package scanner

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// Object storage targets (s3://, gs://, azblob://) are walked like
// folders: every object under the prefix is a unit of its own, with the
// location "s3://bucket/key" (which --shard hashes), read by the same
// openers as a file. An archive in a bucket is one unit.

// enumerateBlob lists an object storage target page by page and adds a
// unit for each object an opener reads; the rest are counted in skipped
// like a folder's. A target that cannot be opened or listed is one unit
// with the error.
func enumerateBlob(ctx context.Context, target string, f filter, reg []Opener, add func(unit), skipped *skipCounts) *blobsrc.Bucket {
	red := blobsrc.Redact(target)
	b, err := blobsrc.Open(ctx, target)
	if err != nil {
		add(unit{path: red, rel: red, explicit: true, err: err})
		return nil
	}
	listed := 0
	err = b.List(ctx, func(o blobsrc.Object) error {
		listed++
		rel := b.Rel(o.Key)
		for _, seg := range strings.Split(rel, "/") {
			if skipDirs[seg] {
				return nil
			}
		}
		if !f.wanted(rel) {
			return nil
		}
		// a target that names one object is read whatever its name, as
		// a file named on the command line is
		explicit := o.Key == b.Prefix
		if !explicit && !wantedByName(reg, o.Key) {
			skipped.files++
			return nil
		}
		// path holds the location; rel and key are slices of it, not
		// strings of their own: a bucket of many objects is many units.
		loc := b.Location(o.Key)
		key := loc[len(b.Base):]
		add(unit{path: loc, rel: loc[len(loc)-len(rel):], size: o.Size, explicit: explicit, blob: b, key: key})
		return nil
	})
	if err != nil {
		add(unit{path: red, rel: red, explicit: true, err: err})
	}
	return b
}

// openUnit opens a file or an object for an opener: a buffered stream
// (counted for progress when p is set) with random access beside it.
// The caller closes the closer.
func openUnit(ctx context.Context, u *unit, p Progress) (*fileInput, io.Closer, error) {
	if u.blob != nil {
		obj, err := u.blob.OpenObject(ctx, u.key)
		if err != nil {
			return nil, nil, err
		}
		br := bufio.NewReaderSize(&countingReader{r: obj, p: p}, 64<<10)
		return &fileInput{Reader: br, ra: obj, size: obj.Size(), p: p}, obj, nil
	}
	f, err := openRegular(u.path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(&countingReader{r: f, p: p}, 64<<10)
	return &fileInput{Reader: br, ra: f, size: u.size, p: p}, f, nil
}

// blobReaders is how many objects are read at once per worker. Opening
// an object costs a round trip to the server before its first byte, so
// with one reader per worker the workers wait on the network; a few
// requests in flight keep them busy (readers beyond that wait on the
// workers, holding a read buffer each).
const blobReaders = 4

// readerSlots is how many units are read at once: one per worker, more
// when the scan reads objects.
func readerSlots(workers int, units []unit) int {
	for i := range units {
		if units[i].blob != nil {
			return workers * blobReaders
		}
	}
	return workers
}
