// Package csvsrc reads CSV and TSV exports as a source.TableReader.
//
// Reading is split in two stages so that several cores share one large
// file: Next (the framer) only finds record boundaries, tracking quotes, and
// copies whole records into a pooled batch; Batch.Each, run in a worker,
// splits the fields, unquotes them and decodes Windows-1252 where needed.
//
// The reader sniffs the encoding (UTF-8 with or without BOM, UTF-16 LE/BE,
// Windows-1252), the delimiter (, ; tab |) and whether the first record is a
// header. It is tolerant, and counts what it tolerated in Stats:
//
//   - ragged rows (another number of cells than the columns) are delivered
//     as they are (RaggedRows);
//   - a quote inside an unquoted field is literal;
//   - a quote inside a quoted field that is followed by neither the
//     delimiter, a newline, the end nor a second quote is literal, and the
//     field goes on ("He said "hi" to me" reads as He said "hi" to me); such
//     a field then ends its record at the end of its line instead of running
//     on over the following lines (one BrokenQuote per field);
//   - a quoted field that is never closed ends at the end of the input, or,
//     once it grows beyond MaxQuotedField, at the first newline after its
//     opening quote, and framing goes on from there (BrokenQuote).
//
// Row numbers are record numbers as a spreadsheet shows them: a quoted
// field with newlines is one row, and a blank line, though skipped (not
// delivered, not counted in Stats.Rows), keeps its row number.
//
// Error messages never quote the input: cells may hold personal data.
package csvsrc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/crmscan/crmscan/scanner/header"
	"github.com/crmscan/crmscan/scanner/source"
)

var (
	// ErrNotText is returned (wrapped) for input that is not text.
	ErrNotText = errors.New("csvsrc: not a text file")
	// ErrEmpty is returned (wrapped) for input without any record.
	ErrEmpty = errors.New("csvsrc: empty file")
)

// Options tune a Reader.
type Options struct {
	Name       string // table name (the caller passes the file's base name)
	Limit      int64  // stop after this many data rows (0 = no limit)
	BatchBytes int    // target bytes per batch (default 256 KiB)
	// KnownColumn, when set, reports whether a label is a known column name
	// (e-mail, voornaam, plaats...): a first record of known names is a
	// header even when the data below it is text too.
	KnownColumn func(label string) bool
}

// DefaultBatchBytes is the batch size used when Options.BatchBytes is 0.
const DefaultBatchBytes = 256 << 10

// sniffSize is how much input Open looks at.
const sniffSize = 64 << 10

// sniffRecords is how many records the delimiter and header sniffing use.
const sniffRecords = 50

// Reader streams one CSV table. Next must be called from one goroutine;
// the batches it returns may be parsed (Each) concurrently.
type Reader struct {
	known     func(string) bool // Options.KnownColumn
	name      string
	cols      []source.Column
	delim, nl byte
	enc       string
	hasHeader bool
	limit     int64
	target    int

	in *countReader
	br *bufio.Reader // read-ahead, pooled
	f  framer

	// framer state, owned by the goroutine calling Next
	row           int64 // record number of the last framed record
	rows          int64
	broken        int64
	truncated     bool
	consumed      int64 // input bytes up to the last row delivered, once truncated
	headerPending bool
	err           error

	// published for Stats, which may run on another goroutine
	pubRows      atomic.Int64
	pubBroken    atomic.Int64
	pubTruncated atomic.Bool
	ragged       atomic.Int64 // counted by Each
	recoded      atomic.Bool  // a batch needed Windows-1252 decoding
}

var _ source.TableReader = (*Reader)(nil)

// countReader counts the bytes read from the input.
type countReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Open sniffs the input and returns a Reader positioned at the first data
// row. It reads ahead only what sniffing needs (64 KiB).
func Open(r io.Reader, opt Options) (*Reader, error) {
	rd := &Reader{name: opt.Name, limit: opt.Limit, target: opt.BatchBytes, known: opt.KnownColumn}
	if rd.target <= 0 {
		rd.target = DefaultBatchBytes
	}
	rd.target = min(rd.target, 256<<20) // batch offsets are 31 bits
	rd.in = &countReader{r: r}
	br := bufioPool.Get().(*bufio.Reader)
	br.Reset(rd.in)
	rd.br = br
	if err := rd.sniff(br); err != nil {
		rd.releaseInput()
		return nil, err
	}
	return rd, nil
}

// bufioPool holds the read-ahead buffers of readers that reached the end,
// so that scanning many small files does not allocate 64 KiB for each.
var bufioPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, sniffSize) }}

// frameBufPool holds framer buffers of the default size.
var frameBufPool sync.Pool

// releaseInput gives the read buffers back once no more input is read.
func (r *Reader) releaseInput() {
	if r.br != nil {
		r.br.Reset(nil)
		bufioPool.Put(r.br)
		r.br = nil
	}
	if buf := r.f.buf; buf != nil && len(buf) == 2*DefaultBatchBytes {
		frameBufPool.Put(&buf)
	}
	r.f.buf = nil
	r.f.src = nil
}

func (rd *Reader) sniff(br *bufio.Reader) error {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fmt.Errorf("csvsrc: read: %w", err)
	}
	if len(head) == 0 {
		return ErrEmpty
	}
	if kind := binaryKind(head); kind != "" {
		return fmt.Errorf("%w: looks like %s", ErrNotText, kind)
	}

	var src io.Reader = br
	transcode := false
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		rd.enc = "utf-8-bom"
		br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		rd.enc = "utf-16le"
		br.Discard(2)
		src, transcode = newUTF16Reader(br, false), true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		rd.enc = "utf-16be"
		br.Discard(2)
		src, transcode = newUTF16Reader(br, true), true
	default:
		switch utf16NoBOM(head) {
		case 'l':
			rd.enc = "utf-16le"
			src, transcode = newUTF16Reader(br, false), true
		case 'b':
			rd.enc = "utf-16be"
			src, transcode = newUTF16Reader(br, true), true
		}
	}
	var win []byte
	pr := br
	if transcode {
		pr = bufio.NewReaderSize(src, sniffSize)
		src = pr
	}
	win, err = pr.Peek(sniffSize)
	// A header or first rows longer than the window (10,000 columns) would
	// be sniffed from a cut record: no header, the wrong column count and
	// every row ragged. The window grows until it holds the first records
	// whole, up to MaxRecordBytes.
	for size := 2 * sniffSize; (err == nil || err == bufio.ErrBufferFull) && size <= 2*MaxRecordBytes && !sniffWhole(win); size *= 2 {
		pr = bufio.NewReaderSize(pr, size)
		src = pr
		win, err = pr.Peek(size)
	}
	eof := err == io.EOF
	if err != nil && !eof && err != bufio.ErrBufferFull {
		return fmt.Errorf("csvsrc: read: %w", err)
	}
	if len(win) == 0 {
		return ErrEmpty
	}
	if bytes.IndexByte(win, 0) >= 0 {
		return fmt.Errorf("%w: contains nul bytes", ErrNotText)
	}
	if rd.enc == "" {
		rd.enc = "utf-8"
		if !utf8.Valid(trimPartialRune(win, eof)) {
			rd.enc = "windows-1252"
		}
	}

	rd.nl = '\n'
	if bytes.IndexByte(win, '\n') < 0 && bytes.IndexByte(win, '\r') >= 0 {
		rd.nl = '\r' // classic Mac line ends
	}
	delim, found, recs, partial := sniffDelimiter(win, rd.nl, eof)
	if len(recs) == 0 {
		return ErrEmpty
	}
	rd.delim = delim
	rows := make([][]string, len(recs))
	for i, rc := range recs {
		rows[i] = rc.strings(delim)
	}
	if !partial && header.Is(rows, rd.known) {
		rd.hasHeader = true
		rd.headerPending = true
		rd.cols = columnNames(rows[0])
	} else {
		n := 1
		if found {
			n = modeCells(rows)
		}
		rd.cols = make([]source.Column, n)
		for i := range rd.cols {
			rd.cols[i] = source.Column{Name: "column_" + strconv.Itoa(i+1)}
		}
	}
	size := max(2*rd.target, sniffSize)
	if eof { // small input: all of it is in win
		size = max(len(win)+1, 512)
	}
	rd.f.init(src, rd.delim, rd.nl, size)
	return nil
}

// Name returns the table name given in Options.
func (r *Reader) Name() string { return r.name }

// sniffWhole reports whether a window that is not the whole input holds
// the first records whole: at least the header and one row (or all of
// sniffRecords), so that the header and the column count can be told.
func sniffWhole(win []byte) bool {
	nl := byte('\n')
	if bytes.IndexByte(win, '\n') < 0 {
		nl = '\r'
	}
	recs, partial := frameWindow(win, ',', nl, false)
	return !partial && len(recs) >= 2
}

// Columns returns the header names, or column_1... without a header.
func (r *Reader) Columns() []source.Column { return r.cols }

// Delimiter returns the sniffed delimiter (',' for a single column).
func (r *Reader) Delimiter() byte { return r.delim }

// HasHeader reports whether the first record was taken for a header.
func (r *Reader) HasHeader() bool { return r.hasHeader }

// Encoding returns "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or
// "windows-1252". A file that looked like UTF-8 in its first 64 KiB but had
// to be decoded as Windows-1252 later reports "windows-1252" once a batch
// holding such bytes has been parsed.
func (r *Reader) Encoding() string {
	if r.enc == "utf-8" && r.recoded.Load() {
		return "windows-1252"
	}
	return r.enc
}

// Stats returns the counts so far. Rows, Bytes, BrokenQuote and Truncated
// are final once Next returned io.EOF; RaggedRows is counted by Batch.Each
// and final once every batch has been parsed.
func (r *Reader) Stats() source.Stats {
	n := r.in.n.Load()
	if r.pubTruncated.Load() && r.consumed > 0 {
		// Only the bytes of the rows delivered, so that the caller can
		// estimate the rows of the whole file from its size.
		n = r.consumed
	}
	return source.Stats{
		Rows:        r.pubRows.Load(),
		Bytes:       n,
		RaggedRows:  r.ragged.Load(),
		BrokenQuote: r.pubBroken.Load(),
		Truncated:   r.pubTruncated.Load(),
	}
}

func (r *Reader) publish() {
	r.pubRows.Store(r.rows)
	r.pubBroken.Store(r.broken)
	r.pubTruncated.Store(r.truncated)
}

// Next returns the next batch of about Options.BatchBytes of whole records,
// or io.EOF after the last one.
func (r *Reader) Next(ctx context.Context) (source.Batch, error) {
	if r.err != nil {
		return nil, r.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := &r.f
	b := getBatch(r)
	span := f.r // start of the records not yet copied into b
	nData := 0
	for {
		st, end := f.frame()
		if st == frameMore && f.w-f.r >= MaxRecordBytes {
			st, end = frameRecord, f.cut()
		}
		switch st {
		case frameRecord:
			r.row++
			start := f.r
			switch {
			case contentEnd(f.buf, start, end, f.nl) == start: // blank line
				b.recs = append(b.recs, uint32(len(b.data)+start-span))
			case r.headerPending:
				// the header: everything before it in b is blank lines
				r.headerPending = false
				r.broken += f.recBroken
				b.data = b.data[:0]
				b.recs = b.recs[:0]
				b.firstRow = r.row + 1
				span = end
			default:
				if r.limit > 0 && r.rows >= r.limit {
					r.truncated = true
					r.consumed = r.in.n.Load() - int64(f.w-start)
					r.err = io.EOF
					b.data = append(b.data, f.buf[span:start]...)
					r.releaseInput()
					return r.finish(b, nData)
				}
				r.rows++
				nData++
				r.broken += f.recBroken
				off := uint32(len(b.data) + start - span)
				if f.quoted {
					off |= quotedBit
				}
				b.recs = append(b.recs, off)
			}
			f.next(end)
			if len(b.data)+end-span >= r.target {
				if nData > 0 {
					b.data = append(b.data, f.buf[span:end]...)
					return r.finish(b, nData)
				}
				// only blank lines so far: drop them
				b.data = b.data[:0]
				b.recs = b.recs[:0]
				b.firstRow = r.row + 1
				span = end
			}
		case frameMore:
			b.data = append(b.data, f.buf[span:f.r]...)
			if err := f.fill(); err != nil {
				r.err = fmt.Errorf("csvsrc: read: %w", err)
				r.releaseInput()
				b.Release()
				r.publish()
				return nil, r.err
			}
			span = f.r
			if err := ctx.Err(); err != nil {
				r.err = err
				r.releaseInput()
				b.Release()
				r.publish()
				return nil, err
			}
		case frameEOF:
			b.data = append(b.data, f.buf[span:f.r]...)
			r.err = io.EOF
			r.releaseInput()
			return r.finish(b, nData)
		}
	}
}

func (r *Reader) finish(b *batch, nData int) (source.Batch, error) {
	r.publish()
	if nData == 0 {
		b.Release()
		return nil, io.EOF
	}
	b.recs = append(b.recs, uint32(len(b.data)))
	return b, nil
}

// binaryKind names a known binary format by its magic, or returns "".
func binaryKind(head []byte) string {
	magics := []struct {
		magic, kind string
	}{
		{"PK\x03\x04", "a zip archive (xlsx, docx, ...)"},
		{"PK\x05\x06", "a zip archive"},
		{"%PDF-", "a pdf document"},
		{"\x89PNG", "a png image"},
		{"\xFF\xD8\xFF", "a jpeg image"},
		{"GIF8", "a gif image"},
		{"PGDMP", "a postgresql custom-format dump"},
		{"SQLite format 3\x00", "an sqlite database"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an ole2 file (xls, doc, msg)"},
		{"\x1F\x8B", "a gzip stream"},
		{"\x28\xB5\x2F\xFD", "a zstd stream"},
		{"BZh", "a bzip2 stream"},
		{"\xFD7zXZ\x00", "an xz stream"},
		{"7z\xBC\xAF\x27\x1C", "a 7z archive"},
		{"Rar!\x1A\x07", "a rar archive"},
		{"\x7FELF", "an executable"},
	}
	for _, m := range magics {
		if len(head) >= len(m.magic) && string(head[:len(m.magic)]) == m.magic {
			if m.magic == "BZh" && (len(head) < 4 || head[3] < '1' || head[3] > '9') {
				continue
			}
			return m.kind
		}
	}
	return ""
}

// utf16NoBOM recognises UTF-16 without BOM: 'l' (little endian), 'b' (big
// endian) or 0. It asks that nearly every code unit is ASCII text.
func utf16NoBOM(head []byte) byte {
	n := len(head) / 2
	if n < 2 {
		return 0
	}
	var le, be int
	for i := 0; i+1 < len(head); i += 2 {
		a, b := head[i], head[i+1]
		if b == 0 && a != 0 && isTextByte(a) {
			le++
		} else if a == 0 && b != 0 && isTextByte(b) {
			be++
		}
	}
	switch {
	case le*10 >= n*9:
		return 'l'
	case be*10 >= n*9:
		return 'b'
	}
	return 0
}

func isTextByte(c byte) bool {
	return c >= 0x20 && c < 0x7F || c == '\t' || c == '\n' || c == '\r'
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end of
// a window that is not the whole input.
func trimPartialRune(b []byte, eof bool) []byte {
	if eof {
		return b
	}
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}
