// Package xlsxsrc reads Excel workbooks (.xlsx, .xlsm) as tables, one per
// worksheet, with excelize's streaming row iterator.
//
// Cells are read as the user sees them: numbers and dates through their
// number format (a date stored as a serial number reads as a date). A
// 9-digit number in a column that Options.PhoneColumn names a phone column
// reads with its leading zero restored (612345678 → 0612345678), since Excel
// drops it when a phone number is typed into a General cell. The header row
// is found even below a title block. Hidden sheets and columns are read like
// the others and flagged: Column.Hidden and the table's Details.
//
// A workbook needs random access (its directory sits at the end of the zip),
// so the file is held in memory, up to Options.MaxBytes; excelize itself
// streams each sheet's XML. Error messages never quote a cell.
package xlsxsrc

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crmscan/crmscan/scanner/rowbatch"
	"github.com/crmscan/crmscan/scanner/source"
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

// Options tune the reading of a workbook.
type Options struct {
	Limit int64 // data rows per sheet, 0 = all
	// MaxBytes bounds the workbook held in memory (default 1 GiB).
	MaxBytes int64
	// PhoneColumn reports whether a header names a phone column.
	PhoneColumn func(header string) bool
	// BatchBytes is the target size of a batch (default 256 KiB).
	BatchBytes int
}

const (
	defaultMaxBytes = 1 << 30
	headerScan      = 20 // rows looked at to find the header
)

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

// Tables reads the workbook from r and calls fn with each worksheet in
// workbook order; fn consumes the sheet before the next one is read.
func Tables(ctx context.Context, r io.Reader, opt Options, fn func(*Sheet) error) error {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = defaultMaxBytes
	}
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = 256 << 10
	}
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
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("xlsx: %w: %v", ErrDamaged, err)
	}
	sheets, err := readWorkbook(zr)
	if err != nil {
		return fmt.Errorf("xlsx: %w: %v", ErrDamaged, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 16 << 30})
	if err != nil {
		return fmt.Errorf("xlsx: %w: %v", ErrDamaged, err)
	}
	defer f.Close()
	for _, si := range sheets {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := openSheet(f, si, opt)
		if err != nil {
			return fmt.Errorf("sheet %q: %w", si.name, err)
		}
		err = fn(s)
		s.close()
		if err != nil {
			return err
		}
		if s.err != nil {
			return fmt.Errorf("sheet %q: %w", si.name, s.err)
		}
	}
	return nil
}

// sheetInfo is what the workbook's own parts say about a sheet.
type sheetInfo struct {
	name, part, state string
	hiddenCols        map[int]bool // 0-based
}

// readWorkbook lists the worksheets with their visibility and hidden
// columns, from xl/workbook.xml, its relationships and each sheet's <cols>.
func readWorkbook(zr *zip.Reader) ([]sheetInfo, error) {
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	wb, ok := files["xl/workbook.xml"]
	if !ok {
		return nil, errors.New("no xl/workbook.xml")
	}
	targets := map[string]string{}
	if rf, ok := files["xl/_rels/workbook.xml.rels"]; ok {
		err := eachElement(rf, "", func(e xml.StartElement) bool {
			if e.Name.Local == "Relationship" && strings.HasSuffix(attr(e, "Type"), "/worksheet") {
				t := attr(e, "Target")
				if strings.HasPrefix(t, "/") {
					t = strings.TrimPrefix(t, "/")
				} else {
					t = path.Join("xl", t)
				}
				targets[attr(e, "Id")] = t
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	var sheets []sheetInfo
	err := eachElement(wb, "", func(e xml.StartElement) bool {
		if e.Name.Local == "sheet" {
			part, ok := targets[attr(e, "id")]
			if ok {
				sheets = append(sheets, sheetInfo{name: attr(e, "name"), part: part, state: attr(e, "state")})
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for i := range sheets {
		f, ok := files[sheets[i].part]
		if !ok {
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
					hi = min(hi, lo+16384)
					if sheets[i].hiddenCols == nil {
						sheets[i].hiddenCols = map[int]bool{}
					}
					for c := lo; c <= hi; c++ {
						sheets[i].hiddenCols[c-1] = true
					}
				}
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return sheets, nil
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

// Sheet streams one worksheet. It implements source.TableReader.
type Sheet struct {
	info      sheetInfo
	opt       Options
	rows      *excelize.Rows
	cols      []source.Column
	phone     []bool
	headerRow int64
	pending   []pendingRow // rows read while looking for the header
	rowNum    int64        // number of the last row read
	stats     source.Stats
	padded    int64
	hiddenRow int64
	done      bool
	err       error
}

type pendingRow struct {
	num    int64
	cells  []string
	hidden bool
}

var _ source.TableReader = (*Sheet)(nil)

func openSheet(f *excelize.File, si sheetInfo, opt Options) (*Sheet, error) {
	rows, err := f.Rows(si.name)
	if err != nil {
		return nil, err
	}
	s := &Sheet{info: si, opt: opt, rows: rows}
	for len(s.pending) < headerScan {
		cells, hidden, ok, err := s.read()
		if err != nil {
			rows.Close()
			return nil, err
		}
		if !ok {
			break
		}
		s.pending = append(s.pending, pendingRow{num: s.rowNum, cells: cells, hidden: hidden})
	}
	h := findHeader(s.pending)
	width := 0
	for _, p := range s.pending {
		width = max(width, len(p.cells))
	}
	var header []string
	if h >= 0 {
		header = s.pending[h].cells
		s.headerRow = s.pending[h].num
		s.pending = s.pending[h+1:]
		width = max(width, len(header))
	}
	s.cols = make([]source.Column, width)
	s.phone = make([]bool, width)
	for i := range s.cols {
		name := ""
		if i < len(header) {
			name = strings.TrimSpace(header[i])
		}
		if name == "" {
			name, _ = excelize.ColumnNumberToName(i + 1)
		}
		s.cols[i] = source.Column{Name: name, Nullable: true, Hidden: si.hiddenCols[i]}
		s.phone[i] = opt.PhoneColumn != nil && opt.PhoneColumn(name)
	}
	return s, nil
}

// read returns the next row's formatted cells.
func (s *Sheet) read() (cells []string, hidden, ok bool, err error) {
	if s.done {
		return nil, false, false, nil
	}
	if !s.rows.Next() {
		s.done = true
		if err := s.rows.Error(); err != nil {
			return nil, false, false, fmt.Errorf("row %d: %w", s.rowNum+1, err)
		}
		return nil, false, false, nil
	}
	s.rowNum++
	cells, err = s.rows.Columns()
	if err != nil {
		return nil, false, false, fmt.Errorf("row %d: %w", s.rowNum, err)
	}
	return cells, s.rows.GetRowOpts().Hidden, true, nil
}

// findHeader picks the header among the first rows: the first row of at
// least two cells, all text, that is at least half as wide as the widest
// row; the rows above it are a title block. -1 means no header.
func findHeader(rows []pendingRow) int {
	widest := 0
	for _, r := range rows {
		widest = max(widest, filled(r.cells))
	}
	for i, r := range rows {
		n := filled(r.cells)
		if n < 2 || 2*n < widest {
			continue
		}
		text := true
		for _, c := range r.cells {
			if c = strings.TrimSpace(c); c != "" && numeric(c) {
				text = false
				break
			}
		}
		if text {
			return i
		}
		return -1 // the first wide row holds numbers: data without a header
	}
	return -1
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

func numeric(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',' || c == '-' || c == '+' || c == ' ' || c == '/' || c == ':' || c == '%':
		default:
			return false
		}
	}
	return digits > 0
}

func (s *Sheet) Name() string             { return s.info.name }
func (s *Sheet) Columns() []source.Column { return s.cols }
func (s *Sheet) Stats() source.Stats      { return s.stats }
func (s *Sheet) Sheet() string            { return s.info.name }
func (s *Sheet) close()                   { s.rows.Close() }

// Details says how the sheet was read, for the report.
func (s *Sheet) Details() map[string]string {
	d := map[string]string{"sheet": s.info.name}
	if s.headerRow > 1 {
		d["header_row"] = strconv.FormatInt(s.headerRow, 10)
	}
	if s.info.state == "hidden" || s.info.state == "veryHidden" {
		d["hidden_sheet"] = s.info.state
	}
	var hc []string
	for _, c := range s.cols {
		if c.Hidden {
			hc = append(hc, c.Name)
		}
	}
	if len(hc) > 0 {
		d["hidden_columns"] = strings.Join(hc, ",")
	}
	if s.hiddenRow > 0 {
		d["hidden_rows"] = strconv.FormatInt(s.hiddenRow, 10)
	}
	if s.padded > 0 {
		d["phone_leading_zero_restored"] = strconv.FormatInt(s.padded, 10)
	}
	return d
}

// Next returns the next batch of rows.
func (s *Sheet) Next(ctx context.Context) (source.Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.err != nil {
		return nil, s.err
	}
	b := rowbatch.Get()
	for b.Size() < s.opt.BatchBytes && b.Rows() < 4096 {
		if s.opt.Limit > 0 && s.stats.Rows >= s.opt.Limit {
			if !s.done {
				s.stats.Truncated = true
			}
			break
		}
		var (
			num    int64
			cells  []string
			hidden bool
		)
		if len(s.pending) > 0 {
			p := s.pending[0]
			s.pending = s.pending[1:]
			num, cells, hidden = p.num, p.cells, p.hidden
		} else {
			var ok bool
			var err error
			cells, hidden, ok, err = s.read()
			if err != nil {
				s.err = err
				break
			}
			if !ok {
				break
			}
			num = s.rowNum
		}
		if filled(cells) == 0 {
			continue
		}
		if hidden {
			s.hiddenRow++
		}
		for i, c := range cells {
			if i < len(s.phone) && s.phone[i] && lostZero(c) {
				b.AppendByte('0')
				s.padded++
			}
			b.CellString(c)
		}
		b.EndRow(num)
		s.stats.Rows++
	}
	if b.Rows() == 0 {
		b.Release()
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	return b, nil
}

// lostZero reports whether a cell is a Dutch phone number that lost its
// leading zero: 9 digits, the first not a zero.
func lostZero(c string) bool {
	if len(c) != 9 || c[0] == '0' {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}
