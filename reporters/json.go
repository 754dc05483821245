package reporters

import (
	"encoding/json"
	"io"
)

// JSON writes the report as indented JSON (crmscan.report/v1).
type JSON struct{}

var _ Encoder = JSON{}

func init() { Register("json", JSON{}, ".json") }

// Encode implements Encoder.
func (JSON) Encode(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
