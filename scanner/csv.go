package scanner

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/csvsrc"
	"github.com/crmscan/crmscan/scanner/source"
)

// csvOpener reads CSV and TSV exports.
type csvOpener struct{}

var _ Opener = csvOpener{}

func init() { RegisterOpener(csvOpener{}) }

func (csvOpener) Kind() string { return "csv" }

func (csvOpener) WantsName(p string) bool {
	return strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".tsv") || strings.HasSuffix(p, ".tab")
}

func (o csvOpener) WantsHead(p string, head []byte, explicit bool) bool {
	// A named file with another extension (.txt, none) is tried as CSV;
	// csvsrc refuses binary content with a clear error.
	return o.WantsName(p) || explicit
}

func (csvOpener) Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	rd, err := csvsrc.Open(r, csvsrc.Options{Name: name, Limit: opt.Limit, KnownColumn: knownColumn})
	if err != nil {
		return err
	}
	return fn(csvTable{rd})
}

// knownColumn reports a label the column-name table knows (voornaam,
// e-mail, plaats...), so that an all-text export still has its header.
func knownColumn(label string) bool { return rules.ColumnKind(label) != "" }

// csvTable adds the report details to a csvsrc.Reader.
type csvTable struct{ *csvsrc.Reader }

// CountedInBatches: the ragged rows and a late Windows-1252 encoding are
// counted by the batches (csvsrc.Reader.Stats).
func (csvTable) CountedInBatches() {}

func (t csvTable) Details() map[string]string {
	d := map[string]string{
		"encoding":  t.Encoding(),
		"delimiter": delimName(t.Delimiter()),
		"header":    strconv.FormatBool(t.HasHeader()),
	}
	st := t.Stats()
	if st.RaggedRows > 0 {
		d["ragged_rows"] = strconv.FormatInt(st.RaggedRows, 10)
	}
	if st.BrokenQuote > 0 {
		d["broken_quotes"] = strconv.FormatInt(st.BrokenQuote, 10)
	}
	return d
}

func delimName(b byte) string {
	switch b {
	case '\t':
		return "tab"
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", b)
}
