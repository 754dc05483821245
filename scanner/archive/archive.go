// Package archive streams the members of archives and compressed files
// (zip, tar, gzip, zstd, xz, bzip2) without writing them to disk, within
// limits against zip bombs and hostile archives: the total of uncompressed
// bytes, the compression ratio, the nesting depth and the number of members.
// Member names are only labels: nothing is created from them.
package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

var (
	// ErrLimit is returned (wrapped) when an archive exceeds a limit.
	ErrLimit = errors.New("archive limit exceeded")
	// ErrEncrypted is returned (wrapped) when every member is encrypted.
	ErrEncrypted = errors.New("encrypted")
	// ErrDamaged is returned (wrapped) for an archive that cannot be read.
	ErrDamaged = errors.New("not a readable archive (truncated or damaged)")
)

// Limits bound what one file, with everything nested in it, may expand to.
type Limits struct {
	MaxTotal   int64   // uncompressed bytes in all (default 16 GiB)
	MaxRatio   float64 // uncompressed to compressed bytes of one member (default 200)
	RatioFloor int64   // bytes of a member read before the ratio is checked (default 2 MiB)
	MaxDepth   int     // archives and compressed files nested (default 6)
	MaxMembers int     // members of one archive (default 10000)
	MaxBuffer  int64   // a zip that must be held in memory (default 512 MiB)
}

// DefaultLimits are the limits used when a field is zero.
var DefaultLimits = Limits{MaxTotal: 16 << 30, MaxRatio: 200, RatioFloor: 2 << 20, MaxDepth: 6, MaxMembers: 10000, MaxBuffer: 512 << 20}

// Budget tracks the limits over one top-level file. It is used from one
// goroutine.
type Budget struct {
	lim   Limits
	used  int64
	depth int
	err   error // the first limit hit
}

// NewBudget returns a budget with the given limits, defaults for zeros.
func NewBudget(l Limits) *Budget {
	d := DefaultLimits
	if l.MaxTotal > 0 {
		d.MaxTotal = l.MaxTotal
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.RatioFloor > 0 {
		d.RatioFloor = l.RatioFloor
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxMembers > 0 {
		d.MaxMembers = l.MaxMembers
	}
	if l.MaxBuffer > 0 {
		d.MaxBuffer = l.MaxBuffer
	}
	return &Budget{lim: d}
}

// Err returns the first limit that was hit, or nil.
func (b *Budget) Err() error { return b.err }

func (b *Budget) hit(format string, a ...any) error {
	if b.err == nil {
		b.err = fmt.Errorf("%w: "+format, append([]any{ErrLimit}, a...)...)
	}
	return b.err
}

// Enter counts one more level of nesting; Leave undoes it.
func (b *Budget) Enter() error {
	if b.depth >= b.lim.MaxDepth {
		return b.hit("archives nested more than %d deep", b.lim.MaxDepth)
	}
	b.depth++
	return nil
}

// Leave ends a level entered with Enter.
func (b *Budget) Leave() { b.depth-- }

// Kind names the archive or compression format that head starts with, or "".
func Kind(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return "gzip"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "zip"
	case bytes.HasPrefix(head, []byte{0x28, 0xB5, 0x2F, 0xFD}):
		return "zstd"
	case bytes.HasPrefix(head, []byte{0xFD, '7', 'z', 'X', 'Z', 0x00}):
		return "xz"
	case len(head) >= 4 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9':
		return "bzip2"
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return "tar"
	}
	return ""
}

// Compressed reports whether kind is a single compressed stream.
func Compressed(kind string) bool {
	return kind == "gzip" || kind == "zstd" || kind == "xz" || kind == "bzip2"
}

// InnerName is the name of what a compressed file holds: contacts.csv for
// contacts.csv.gz, x.tar for x.tgz.
func InnerName(name string) string {
	lower := strings.ToLower(name)
	for _, s := range []string{".tgz", ".tbz2", ".txz", ".tzst"} {
		if strings.HasSuffix(lower, s) {
			return name[:len(name)-len(s)] + ".tar"
		}
	}
	for _, s := range []string{".gz", ".zst", ".zstd", ".xz", ".bz2"} {
		if strings.HasSuffix(lower, s) {
			return name[:len(name)-len(s)]
		}
	}
	return name
}

// Decompress returns the decompressed stream of r, within the budget, and
// a function to release the decoder.
func (b *Budget) Decompress(kind, name string, r io.Reader) (io.Reader, func(), error) {
	cr := &counter{r: r}
	var dec io.Reader
	done := func() {}
	switch kind {
	case "gzip":
		zr, err := gzip.NewReader(cr)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w: %v", ErrDamaged, err)
		}
		dec = zr
	case "zstd":
		zr, err := zstd.NewReader(cr, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, nil, fmt.Errorf("zstd: %w: %v", ErrDamaged, err)
		}
		dec, done = zr, zr.Close
	case "xz":
		zr, err := xz.NewReader(cr)
		if err != nil {
			return nil, nil, fmt.Errorf("xz: %w: %v", ErrDamaged, err)
		}
		dec = zr
	case "bzip2":
		dec = bzip2.NewReader(cr)
	default:
		return nil, nil, fmt.Errorf("%s: not a compressed stream", kind)
	}
	return &limited{r: dec, b: b, comp: &cr.n, name: name}, done, nil
}

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// limited charges what it reads to the budget and checks the ratio of a
// member's output to its compressed input (comp, or fixed when comp is nil).
type limited struct {
	r     io.Reader
	b     *Budget
	comp  *int64
	base  int64 // *comp when the member began
	fixed int64
	out   int64
	name  string
	zip   *Zip // the zip whose member this is: its total is bounded too
}

func (l *limited) Read(p []byte) (int, error) {
	if l.b.err != nil {
		return 0, l.b.err
	}
	n, err := l.r.Read(p)
	l.out += int64(n)
	l.b.used += int64(n)
	if l.b.used > l.b.lim.MaxTotal {
		return n, l.b.hit("more than %d MiB uncompressed in total (a zip bomb?)", l.b.lim.MaxTotal>>20)
	}
	if z := l.zip; z != nil {
		z.out += int64(n)
		if z.out > l.b.lim.RatioFloor && float64(z.out) > l.b.lim.MaxRatio*float64(max(z.size, 1)) {
			return n, l.b.hit("members read expand more than %.0f times the zip's size in total (a zip bomb?)", l.b.lim.MaxRatio)
		}
	}
	comp := l.fixed
	if l.comp != nil {
		comp = *l.comp - l.base
	}
	if l.out > l.b.lim.RatioFloor && float64(l.out) > l.b.lim.MaxRatio*float64(max(comp, 1)) {
		return n, l.b.hit("%s expands more than %.0f times (a zip bomb?)", l.name, l.b.lim.MaxRatio)
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return n, err
}

// Stats count the members of an archive.
type Stats struct {
	Members   int // regular files
	Encrypted int // encrypted zip members, not read
	Skipped   int // members not read (unsupported compression, links)
}

// Zip is an opened zip archive.
type Zip struct {
	b     *Budget
	zr    *zip.Reader
	size  int64 // of the zip file
	out   int64 // bytes its members gave
	Stats Stats
}

// OpenZip opens a zip. It reads through r's ReadAt when r has one (and a
// Size method); otherwise the archive is held in memory, up to MaxBuffer.
func (b *Budget) OpenZip(r io.Reader) (*Zip, error) {
	var ra io.ReaderAt
	var size int64
	if s, ok := r.(interface {
		io.ReaderAt
		Size() int64
	}); ok {
		ra, size = s, s.Size()
	} else {
		data, err := io.ReadAll(io.LimitReader(r, b.lim.MaxBuffer+1))
		if err != nil {
			return nil, fmt.Errorf("zip: read: %w", err)
		}
		if int64(len(data)) > b.lim.MaxBuffer {
			return nil, b.hit("nested zip over %d MiB", b.lim.MaxBuffer>>20)
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("zip: %w: %v", ErrDamaged, err)
	}
	z := &Zip{b: b, zr: zr, size: size}
	if len(zr.File) > b.lim.MaxMembers {
		return nil, b.hit("more than %d members", b.lim.MaxMembers)
	}
	if err := b.overlap(zr.File, size); err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		if f.Flags&1 != 0 {
			z.Stats.Encrypted++
			continue
		}
		z.Stats.Members++
	}
	return z, nil
}

// overlap refuses a zip whose entries share bytes: a central directory
// whose thousands of entries all point at one large member expands far
// beyond its size at a compression ratio of 1, which no ratio check sees.
// In a zip that a tool wrote, each entry's local header and data lie
// apart from every other's.
func (b *Budget) overlap(files []*zip.File, size int64) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(files))
	for _, f := range files {
		off, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("zip: %w: %s: %v", ErrDamaged, label(f.Name), err)
		}
		end := off + int64(f.CompressedSize64)
		if f.CompressedSize64 > 1<<62 || end > size {
			return fmt.Errorf("zip: %w: %s ends beyond the file", ErrDamaged, label(f.Name))
		}
		// entries that share a local header have one data offset, even
		// when they hold no data
		spans = append(spans, span{start: off, end: max(end, off+1), name: f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return b.hit("entries %s and %s overlap in the file (a zip bomb?)", label(spans[i-1].name), label(spans[i].name))
		}
	}
	return nil
}

// Each calls fn with each readable member in the archive's order, and stops
// at the first error of fn or the first limit hit. Encrypted members are
// counted in Stats, never read.
func (z *Zip) Each(ctx context.Context, fn func(name string, r io.Reader) error) error {
	for _, f := range z.zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") || f.Flags&1 != 0 {
			continue
		}
		if int64(f.UncompressedSize64) > z.b.lim.MaxTotal-z.b.used || f.UncompressedSize64 > 1<<62 {
			return z.b.hit("%s declares %d MiB uncompressed, over the limit (a zip bomb?)", label(f.Name), f.UncompressedSize64>>20)
		}
		if f.UncompressedSize64 > uint64(z.b.lim.RatioFloor) && float64(f.UncompressedSize64) > z.b.lim.MaxRatio*float64(max(f.CompressedSize64, 1)) {
			return z.b.hit("%s declares %d MiB from %d KiB, a ratio over %.0f (a zip bomb?)", label(f.Name), f.UncompressedSize64>>20, f.CompressedSize64>>10, z.b.lim.MaxRatio)
		}
		rc, err := f.Open()
		if err != nil {
			z.Stats.Skipped++ // unsupported method
			continue
		}
		l := &limited{r: rc, b: z.b, fixed: int64(f.CompressedSize64), name: label(f.Name), zip: z}
		err = fn(f.Name, l)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Tar calls fn with each regular file of a tar stream.
func (b *Budget) Tar(ctx context.Context, r io.Reader, fn func(name string, r io.Reader) error) (Stats, error) {
	var st Stats
	cr := &counter{r: r}
	tr := tar.NewReader(cr)
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		h, err := tr.Next()
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			if b.err != nil {
				return st, b.err
			}
			return st, fmt.Errorf("tar: %w: %v", ErrDamaged, err)
		}
		if n++; n > b.lim.MaxMembers {
			return st, b.hit("more than %d members", b.lim.MaxMembers)
		}
		// A GNU sparse member ('S') is a regular file whose holes the
		// reader fills with zeros: read it like one. Its expansion is
		// bounded by the ratio of what it gives to the bytes it takes
		// in the archive, as a compressed member's is.
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeRegA && h.Typeflag != tar.TypeGNUSparse {
			continue
		}
		st.Members++
		l := &limited{r: tr, b: b, comp: &cr.n, base: cr.n, name: label(h.Name)}
		if err := fn(h.Name, l); err != nil {
			return st, err
		}
	}
}

// label cleans a member name for use as a label: never a path to create.
func label(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// Label is the cleaned name of a member as reports show it.
func Label(name string) string { return label(name) }
