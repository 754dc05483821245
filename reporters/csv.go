package reporters

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes one row per finding for spreadsheet users: comma-separated in
// English, semicolon-separated with Dutch headers (--lang nl, as Dutch
// Excel expects), UTF-8 with a byte-order mark so that Excel reads accents
// right. A text cell that a spreadsheet would run as a formula (it starts
// with = + - @ or a control character) is prefixed with an apostrophe.
type CSV struct{}

var _ Encoder = CSV{}

func init() { Register("csv", CSV{}, ".csv") }

// csvColumns are the columns in order, by their English header; the
// [csv] area of labels.toml names each in every language.
var csvColumns = []string{"id", "severity", "rule", "title", "category", "confidence", "path", "sheet", "table", "column",
	"rows", "count", "estimated", "samples", "ap_steps", "gdpr", "remediation", "baseline", "justification", "fingerprint"}

// csvHeader is the header row in language l.
func csvHeader(l string) []string {
	names := LabelArea("csv")[l]
	out := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		out[i] = names[c]
	}
	return out
}

// Encode implements Encoder.
func (CSV) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	l := lang(r)
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	if l == "nl" {
		cw.Comma = ';'
	}
	yes := labelIn(l, "yes")
	header := csvHeader(l)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for i := range r.Findings {
		f := &r.Findings[i]
		rows := make([]string, len(f.Location.Rows))
		for j, n := range f.Location.Rows {
			rows[j] = strconv.FormatInt(n, 10)
		}
		est, base := "", ""
		if f.Estimated {
			est = yes
		}
		if f.Baseline {
			base = yes
		}
		rec = append(rec[:0],
			f.ID, SeverityLabel(l, f.Severity), f.Rule, cell(f.Title), f.Category, labelIn(l, "conf_"+f.Confidence),
			cell(f.Location.Path), cell(f.Location.Sheet), cell(f.Location.Table), cell(f.Location.Column),
			strings.Join(rows, " "), strconv.FormatInt(f.Count, 10), est,
			cell(strings.Join(samplesIn(l, f.Samples), " | ")), stepsOf(f), cell(LegalRefs(l, f.GDPR)),
			cell(f.Remediation), base, cell(f.Justification), f.Fingerprint)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// cell defuses a text that a spreadsheet would evaluate as a formula
// (CSV injection): "=HYPERLINK(...)" becomes "'=HYPERLINK(...)".
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}
