package reporters

import (
	_ "embed"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed labels.toml
var labelsTOML string

// labelTable is labels.toml: area ("report", "xlsx", "access", ...) →
// language → key → word. It is read once at start; a file that does not
// parse is a build defect, so it panics (every test then fails).
var labelTable = parseLabels(labelsTOML)

func parseLabels(s string) map[string]map[string]map[string]string {
	var t map[string]map[string]map[string]string
	if _, err := toml.Decode(s, &t); err != nil {
		panic("reporters: labels.toml: " + err.Error())
	}
	return t
}

// LabelArea returns one area of the translation table, language → key →
// word, for the packages that render their own outputs (subject). The
// maps are shared: callers read them and never write. An unknown area is
// a typo in code and panics at start.
func LabelArea(area string) map[string]map[string]string {
	a, ok := labelTable[area]
	if !ok {
		panic("reporters: labels.toml has no area " + area)
	}
	return a
}

// The areas of the table the formats of this package use.
var (
	labels         = LabelArea("report")
	textLabels     = LabelArea("text")
	xlsxLabels     = LabelArea("xlsx")
	xlsxSheetNames = LabelArea("xlsx_sheets")
	registerLabels = LabelArea("register")
	formatNames    = LabelArea("formats")
	detailKeys     = LabelArea("details")
	detailValues   = LabelArea("values")
	noteCategories = LabelArea("categories")
)

// detailKey names a detail's key for a reader of l; a key the table
// does not know reads with spaces for underscores.
func detailKey(l, k string) string {
	if s, ok := detailKeys[l][k]; ok {
		return s
	}
	return strings.ReplaceAll(k, "_", " ")
}

// detailValue translates a detail's value where it is a word of the
// scanner's vocabulary (a format, a category, true), item by item in a
// comma-separated list; names and numbers stay as they are.
func detailValue(l, v string) string {
	tr := detailValues[l]
	if len(tr) == 0 {
		return v
	}
	parts := strings.Split(v, ", ")
	for i, p := range parts {
		if s, ok := tr[p]; ok {
			parts[i] = s
		}
	}
	return strings.Join(parts, ", ")
}

// detailsIn renders a finding's or source's details as "key: value"
// pairs in key order, for a reader of l.
func detailsIn(l string, d map[string]string) []string {
	out := make([]string, 0, len(d))
	for _, k := range slices.Sorted(maps.Keys(d)) {
		out = append(out, detailKey(l, k)+": "+detailValue(l, d[k]))
	}
	return out
}

// samplesIn translates the note category of masked note samples ("diabetes
// (health)" reads "diabetes (gezondheid)" in Dutch); other samples are
// returned as they are, in the same slice when nothing changes.
func samplesIn(l string, samples []string) []string {
	cats := noteCategories[l]
	if len(cats) == 0 {
		return samples
	}
	var out []string
	for i, s := range samples {
		if !strings.HasSuffix(s, ")") {
			continue
		}
		open := strings.LastIndex(s, "(")
		if open < 0 || open > 0 && s[open-1] != ' ' {
			continue
		}
		cat := s[open+1 : len(s)-1]
		nl, ok := cats[cat]
		if !ok || nl == cat {
			continue
		}
		if out == nil {
			out = slices.Clone(samples)
		}
		out[i] = s[:open+1] + nl + ")"
	}
	if out == nil {
		return samples
	}
	return out
}

// colKey names a column across sources.
type colKey struct{ src, table, col string }

// columnSamples gathers up to four masked samples per column from its
// findings, for the inventory of the HTML report and the workbook.
func columnSamples(r *Report, l string) map[colKey][]string {
	samples := map[colKey][]string{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Location.Column == "" || len(f.Samples) == 0 {
			continue
		}
		k := colKey{f.Location.Source, f.Location.Table, f.Location.Column}
		if len(samples[k]) < 4 {
			samples[k] = append(samples[k], samplesIn(l, f.Samples[:min(len(f.Samples), 4-len(samples[k]))])...)
		}
	}
	return samples
}
