package scanner

import (
	"context"
	"io"
	"strings"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/scanner/source"
	"github.com/crmscan/crmscan/scanner/xlsxsrc"
)

// xlsxOpener reads Excel workbooks; each worksheet is a table. A legacy
// .xls (OLE2) is recognised and refused with a clear message.
type xlsxOpener struct{}

var _ Opener = xlsxOpener{}

func init() { RegisterOpener(xlsxOpener{}) }

func (xlsxOpener) Kind() string { return "xlsx" }

func (xlsxOpener) WantsName(p string) bool {
	return strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm") || strings.HasSuffix(p, ".xls")
}

func (xlsxOpener) WantsHead(p string, head []byte, explicit bool) bool {
	if xlsxsrc.IsOLE2(head) {
		// a legacy .xls or an encrypted .xlsx: refused in Tables with a
		// clear message (other OLE2 files, .doc or .msg, are not ours)
		return strings.HasSuffix(p, ".xls") || strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm")
	}
	if xlsxsrc.IsWorkbook(head) {
		return true
	}
	return strings.HasPrefix(string(head), "PK\x03\x04") && (strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm"))
}

func (xlsxOpener) Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	var phone func(string) bool
	if d, ok := detectors.Get("phone"); ok {
		phone = d.ColumnHint
	}
	return xlsxsrc.Tables(ctx, r, xlsxsrc.Options{Limit: opt.Limit, PhoneColumn: phone, KnownColumn: knownColumn}, func(s *xlsxsrc.Sheet) error {
		return fn(s)
	})
}
