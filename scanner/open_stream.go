package scanner

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/crmscan/crmscan/scanner/source"
)

// fallback is implemented by openers tried only after every other one (the
// CSV opener, which takes any file named explicitly).
type fallback interface{ fallback() }

func (csvOpener) fallback() {}

func isFallback(o Opener) bool { _, ok := o.(fallback); return ok }

// errNoOpener is returned by openStream for a stream no opener reads.
var errNoOpener = errors.New("not a supported file format")

// openerFor picks the opener for a file or an archive member by its head,
// then its name.
func openerFor(lowerName string, head []byte, explicit bool) Opener {
	for _, o := range openers {
		if o.WantsHead(lowerName, head, explicit) {
			return o
		}
	}
	return nil
}

// openStream reads a stream (an archive member, a decompressed file) with
// the opener its content calls for; name labels it and names its tables.
func openStream(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8 << 10)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			// a stream that fails before its first byte (a corrupt first
			// block of a gzip, zstd or bzip2 file) is not empty: an error
			return err
		}
		return nil // an empty member holds nothing
	}
	op := openerFor(strings.ToLower(name), head, false)
	if op == nil {
		return errNoOpener
	}
	if ddlCatalog(ctx) != nil {
		switch op.(type) {
		case sqldumpOpener, archiveOpener:
		default:
			return nil // a pass for SQL declarations reads nothing else
		}
	}
	return op.Tables(ctx, br, name, opt, fn)
}

// fileInput is the reader an opener is handed for a plain file: the
// buffered stream, and random access for formats that need it (zip).
type fileInput struct {
	*bufio.Reader
	ra   io.ReaderAt // the file, or range reads of an object
	size int64
	p    Progress
}

func (in *fileInput) ReadAt(b []byte, off int64) (int, error) {
	n, err := in.ra.ReadAt(b, off)
	if in.p != nil && n > 0 {
		in.p.Read(int64(n))
	}
	return n, err
}

func (in *fileInput) Size() int64 { return in.size }

// renamed gives a member's table its place in the archive as its name:
// "export/contacts.xlsx!Sheet1", or the member path for a one-table member.
type renamed struct {
	source.TableReader
	name  string
	extra map[string]string
}

func (t renamed) Name() string { return t.name }

func (t renamed) Sheet() string {
	if s, ok := t.TableReader.(interface{ Sheet() string }); ok {
		return s.Sheet()
	}
	return ""
}

func (t renamed) Details() map[string]string {
	d := detailsOf(t.TableReader)
	if len(t.extra) > 0 {
		if d == nil {
			d = map[string]string{}
		}
		for k, v := range t.extra {
			d[k] = v
		}
	}
	return d
}
