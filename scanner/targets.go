package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// unit is one thing to open: a file found under a target. Units are numbered
// in the order the targets were given and the folders walked (lexically), so
// source IDs are the same on every run.
type unit struct {
	id       string
	path     string // as shown in the report (the target joined with the walk)
	rel      string // relative to the target folder; the base name for a file target
	size     int64
	explicit bool  // named on the command line rather than found in a folder
	err      error // the target could not be used at all
	// url is the target's opener when the target is a URL (a database);
	// path then holds the redacted target, raw the target itself.
	url URLOpener
	raw string
	// blob is the bucket of an object storage unit, key the object's
	// key (a slice of path); such a unit is read like a file.
	blob *blobsrc.Bucket
	key  string
}

// skipDirs are folders never walked into.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// skipCounts counts what a folder walk left out, for the report.
type skipCounts struct {
	files   int // regular files no opener reads
	special int // FIFOs, sockets, devices: never opened
	links   int // symbolic links: not followed
}

// errNotRegular is the error of a target that is a FIFO, socket or device:
// opening one could block forever, so it is never opened.
var errNotRegular = errors.New("not a regular file (a FIFO, socket or device is not read)")

// enumerate expands targets into units. Files in folders that no opener
// handles, special files and symbolic links are counted in skipped, not
// reported one by one; a special file named as a target is an error. An
// object storage target is listed like a folder (open_blob.go); its open
// buckets are returned for the caller to close after the scan.
func enumerate(ctx context.Context, targets []string, f filter, reg []Opener) (units []unit, skipped skipCounts, buckets []*blobsrc.Bucket) {
	add := func(u unit) {
		u.id = fmt.Sprintf("s%d", len(units)+1)
		units = append(units, u)
	}
	for _, t := range targets {
		if blobsrc.IsTarget(t) {
			if b := enumerateBlob(ctx, t, f, reg, add, &skipped); b != nil {
				buckets = append(buckets, b)
			}
			continue
		}
		if o := urlOpenerFor(t); o != nil {
			red := o.Redact(t)
			if st, err := os.Stat(t); err == nil && !st.Mode().IsRegular() && !strings.Contains(t, "://") {
				// a crm.db that is a FIFO would block the driver's open
				add(unit{path: red, rel: filepath.Base(t), explicit: true, err: errNotRegular})
				continue
			}
			add(unit{path: red, rel: red, explicit: true, url: o, raw: t})
			continue
		}
		st, err := os.Stat(t)
		if err != nil {
			add(unit{path: t, rel: filepath.Base(t), explicit: true, err: describeStatErr(err)})
			continue
		}
		if !st.IsDir() && !st.Mode().IsRegular() {
			add(unit{path: t, rel: filepath.Base(t), explicit: true, err: errNotRegular})
			continue
		}
		if !st.IsDir() {
			add(unit{path: t, rel: filepath.Base(t), size: st.Size(), explicit: true})
			continue
		}
		root := t
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if err != nil {
				if p == root {
					return err
				}
				add(unit{path: p, rel: rel, err: describeStatErr(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && (skipDirs[d.Name()] || f.excluded(rel)) {
					return fs.SkipDir
				}
				return nil
			}
			if !f.wanted(rel) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				skipped.links++
				return nil
			}
			if !d.Type().IsRegular() {
				skipped.special++
				return nil
			}
			if !wantedByName(reg, p) {
				skipped.files++
				return nil
			}
			info, err := d.Info()
			if err != nil {
				add(unit{path: p, rel: rel, err: describeStatErr(err)})
				return nil
			}
			if !info.Mode().IsRegular() { // replaced since the walk read the folder
				skipped.special++
				return nil
			}
			add(unit{path: p, rel: rel, size: info.Size()})
			return nil
		})
		if err != nil {
			add(unit{path: t, rel: filepath.Base(t), explicit: true, err: describeStatErr(err)})
		}
	}
	return units, skipped, buckets
}

func wantedByName(reg []Opener, path string) bool {
	name := strings.ToLower(path)
	for _, o := range reg {
		if o.WantsName(name) {
			return true
		}
	}
	return false
}

// describeStatErr reduces a file-system error to its kind, since the path is
// already the source's name.
func describeStatErr(err error) error {
	switch {
	case os.IsNotExist(err):
		return fs.ErrNotExist
	case os.IsPermission(err):
		return fs.ErrPermission
	}
	return err
}
