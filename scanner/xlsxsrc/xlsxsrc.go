// Package xlsxsrc reads Excel workbooks (.xlsx, .xlsm) as tables, one per
// worksheet, with its own streaming reader of the sheets' XML.
//
// Cells are read as the user sees them: a number as Excel's General format
// shows it (without exponent up to 15 digits), a date stored as a serial
// number in a date-formatted cell as a date, booleans as TRUE and FALSE, an
// error (#N/A) as empty. A 9-digit number in a column that
// Options.PhoneColumn names a phone column reads with its leading zero
// restored (612345678 → 0612345678), since Excel drops it when a phone
// number is typed into a General cell. The header row is found even below a
// title block. Hidden sheets, columns and rows are read like the others and
// flagged: Column.Hidden and the table's Details.
//
// The reader goroutine only decompresses a sheet and cuts it into batches
// of whole <row> elements; the workers parse the cells (Batch.Each), with
// the shared strings and styles as read-only shared state.
//
// A workbook needs random access (its directory sits at the end of the
// zip): a file is read in place when the reader offers ReadAt and Size,
// otherwise it is held in memory up to Options.MaxBytes. Every part is read
// within limits (see Options and ErrLimit). Error messages never quote a
// cell.
package xlsxsrc

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/klauspost/compress/flate"
)

var (
	// ErrLegacy is returned for an OLE2 file: a legacy .xls workbook or a
	// password-protected .xlsx, which Excel also stores as OLE2.
	ErrLegacy = errors.New("legacy Excel 97-2003 .xls or password-protected workbook: not supported; save it as .xlsx without a password")
	// ErrDamaged is returned (wrapped) for a workbook that cannot be opened.
	ErrDamaged = errors.New("not a readable .xlsx workbook (truncated or damaged)")
	// ErrTooLarge is returned when the workbook exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("workbook too large to read")
)

// Options tune the reading of a workbook. Zero values take the defaults.
type Options struct {
	Limit int64 // data rows per sheet, 0 = all
	// MaxBytes bounds the workbook held in memory when it cannot be read
	// in place (default 1 GiB).
	MaxBytes int64
	// PhoneColumn reports whether a header names a phone column.
	PhoneColumn func(header string) bool
	// KnownColumn, when set, reports a known column name (e-mail,
	// voornaam...): a row of them is a header (see package header).
	KnownColumn func(label string) bool
	// BatchBytes is the target size of a batch of rows' XML (default 256 KiB).
	BatchBytes int

	// MaxPartBytes bounds the decompressed size of one part, a sheet or the
	// shared strings (default 8 GiB).
	MaxPartBytes int64
	// MaxRatio bounds a part's decompressed size to this many times its
	// compressed size, beyond a first 64 MiB (default 500; negative: no
	// bound by ratio).
	MaxRatio int64
	// MaxSharedStrings and MaxSharedBytes bound the shared strings held in
	// memory (default 32 Mi strings, 1 GiB).
	MaxSharedStrings int
	MaxSharedBytes   int64
	// Budget is shared by the workbooks open at once; nil is
	// SharedBudget, the process's.
	Budget *Budget
	// MaxRowBytes bounds the XML of one row or shared string (default 64 MiB).
	MaxRowBytes int
	// MaxCellBytes is the longest cell value kept; a longer one is cut and
	// counted in the details (default 256 KiB).
	MaxCellBytes int
}

func (o *Options) defaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 1 << 30
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 256 << 10
	}
	if o.MaxPartBytes <= 0 {
		o.MaxPartBytes = 8 << 30
	}
	if o.MaxRatio == 0 {
		o.MaxRatio = 500
	}
	if o.MaxSharedStrings <= 0 {
		o.MaxSharedStrings = 32 << 20
	}
	if o.Budget == nil {
		o.Budget = SharedBudget
	}
	if o.MaxSharedBytes <= 0 {
		o.MaxSharedBytes = 1 << 30
	}
	if o.MaxRowBytes <= 0 {
		o.MaxRowBytes = 64 << 20
	}
	o.MaxRowBytes = min(o.MaxRowBytes, 1<<30)
	if o.MaxCellBytes <= 0 {
		o.MaxCellBytes = 256 << 10
	}
}

const headerScan = 20 // rows looked at to find the header

// IsOLE2 reports whether head starts with the OLE2 compound-file magic.
func IsOLE2(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

// IsWorkbook reports whether head is the start of an .xlsx: a zip whose
// first member is an Office part.
func IsWorkbook(head []byte) bool {
	if len(head) < 30 || !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return false
	}
	n := int(head[26]) | int(head[27])<<8
	if 30+n > len(head) {
		return false
	}
	name := string(head[30 : 30+n])
	return name == "[Content_Types].xml" || strings.HasPrefix(name, "xl/") ||
		strings.HasPrefix(name, "_rels/") || strings.HasPrefix(name, "docProps/")
}

// randomAccess is an input that can be read in place.
type randomAccess interface {
	io.ReaderAt
	Size() int64
}

// Tables reads the workbook from r and calls fn with each worksheet in
// workbook order; fn consumes the sheet before the next one is read.
func Tables(ctx context.Context, r io.Reader, opt Options, fn func(*Sheet) error) error {
	opt.defaults()
	var (
		ra   io.ReaderAt
		size int64
	)
	if f, ok := r.(randomAccess); ok && f.Size() > 0 {
		ra, size = f, f.Size()
		head := make([]byte, 8)
		if n, _ := ra.ReadAt(head, 0); IsOLE2(head[:n]) {
			return ErrLegacy
		}
	} else {
		data, err := io.ReadAll(io.LimitReader(r, opt.MaxBytes+1))
		if err != nil {
			return fmt.Errorf("xlsx: read: %w", err)
		}
		if int64(len(data)) > opt.MaxBytes {
			return fmt.Errorf("xlsx: %w (over %d MiB)", ErrTooLarge, opt.MaxBytes>>20)
		}
		if IsOLE2(data) {
			return ErrLegacy
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("xlsx: %w: %v", ErrDamaged, err)
	}
	// flate reads a *bufio.Reader byte by byte without a buffer of its own;
	// a larger one than the 4 KiB it would add reads the file in fewer calls
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser {
		return flate.NewReader(bufio.NewReaderSize(r, 64<<10))
	})
	wb, err := readWorkbook(zr)
	if err != nil {
		return fmt.Errorf("xlsx: %w: %v", ErrDamaged, err)
	}
	bk := &bookState{date1904: wb.date1904, maxCell: opt.MaxCellBytes}
	if f := wb.part(wb.sharedStrings); f != nil {
		// The shared strings load while the sheets are read: the first
		// rows need the first strings only.
		bk.sst, err = startSharedStrings(f, &opt)
		if err != nil {
			return partError(err)
		}
		defer bk.sst.stop()
		// The first view (or the end of a small table) before any sheet:
		// the table's first block is charged to the budget before another
		// workbook opened beside this one can take it.
		bk.sst.has(0)
	}
	bk.styles = readStyles(wb.part(wb.styles), &opt)
	for _, si := range wb.sheets {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := openSheet(wb.part(si.part), si, bk, &opt)
		if err == nil {
			err = fn(s)
			s.close()
		} else {
			err = fmt.Errorf("sheet %q: %w", si.name, partError(err))
		}
		// A sheet read while the shared strings failed to load lacks
		// strings: the workbook's error is theirs, as when they were
		// loaded first.
		if sstErr := bk.sst.failed(); sstErr != nil {
			return partError(sstErr)
		}
		if err != nil {
			return err
		}
		if s.err != nil {
			return fmt.Errorf("sheet %q: %w", si.name, partError(s.err))
		}
	}
	if err := bk.sst.wait(); err != nil {
		return partError(err)
	}
	return nil
}

// partError marks an error reading a part as a damaged workbook, unless it
// is a limit.
func partError(err error) error {
	if errors.Is(err, ErrLimit) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrDamaged, err)
}

// workbook is what xl/workbook.xml and its relationships say.
type workbook struct {
	files                 map[string]*zip.File
	sheets                []sheetInfo
	date1904              bool
	sharedStrings, styles string // part names
}

// part returns the zip member of a part name, matched without regard to
// case as Excel does, or nil.
func (wb *workbook) part(name string) *zip.File {
	if name == "" {
		return nil
	}
	if f, ok := wb.files[name]; ok {
		return f
	}
	return wb.files[strings.ToLower(name)]
}

// sheetInfo is what the workbook's own parts say about a sheet.
type sheetInfo struct {
	name, part, state string
	hiddenCols        map[int]bool // 0-based
}

// readWorkbook lists the worksheets with their visibility and hidden
// columns, from xl/workbook.xml, its relationships and each sheet's <cols>,
// and finds the shared strings and styles.
func readWorkbook(zr *zip.Reader) (*workbook, error) {
	wb := &workbook{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		wb.files[f.Name] = f
		if l := strings.ToLower(f.Name); l != f.Name {
			if _, ok := wb.files[l]; !ok {
				wb.files[l] = f
			}
		}
	}
	wbf := wb.part("xl/workbook.xml")
	if wbf == nil {
		return nil, errors.New("no xl/workbook.xml")
	}
	targets := map[string]string{}
	if rf := wb.part("xl/_rels/workbook.xml.rels"); rf != nil {
		err := eachElement(rf, "", func(e xml.StartElement) bool {
			if e.Name.Local != "Relationship" {
				return true
			}
			t := attr(e, "Target")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join("xl", t)
			}
			switch typ := attr(e, "Type"); {
			case strings.HasSuffix(typ, "/worksheet"):
				targets[attr(e, "Id")] = t
			case strings.HasSuffix(typ, "/sharedStrings"):
				wb.sharedStrings = t
			case strings.HasSuffix(typ, "/styles"):
				wb.styles = t
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	if wb.sharedStrings == "" {
		wb.sharedStrings = "xl/sharedStrings.xml"
	}
	if wb.styles == "" {
		wb.styles = "xl/styles.xml"
	}
	err := eachElement(wbf, "", func(e xml.StartElement) bool {
		switch e.Name.Local {
		case "workbookPr":
			v := attr(e, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			part, ok := targets[attr(e, "id")]
			if ok {
				wb.sheets = append(wb.sheets, sheetInfo{name: attr(e, "name"), part: part, state: attr(e, "state")})
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for i := range wb.sheets {
		f := wb.part(wb.sheets[i].part)
		if f == nil {
			continue
		}
		err := eachElement(f, "sheetData", func(e xml.StartElement) bool {
			if e.Name.Local != "col" {
				return true
			}
			if h := attr(e, "hidden"); h == "1" || h == "true" {
				lo, _ := strconv.Atoi(attr(e, "min"))
				hi, _ := strconv.Atoi(attr(e, "max"))
				if lo >= 1 && hi >= lo {
					hi = min(hi, maxColumns)
					if wb.sheets[i].hiddenCols == nil {
						wb.sheets[i].hiddenCols = map[int]bool{}
					}
					for c := lo; c <= hi; c++ {
						wb.sheets[i].hiddenCols[c-1] = true
					}
				}
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// eachElement calls fn for each start element of a part until stop (an
// element name) or the end.
func eachElement(f *zip.File, stop string, fn func(xml.StartElement) bool) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, 64<<20))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if e, ok := tok.(xml.StartElement); ok {
			if e.Name.Local == stop || !fn(e) {
				return nil
			}
		}
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}
