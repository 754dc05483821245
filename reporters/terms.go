package reporters

import (
	_ "embed"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed terms.toml
var termsTOML string

// terms are the translations of terms.toml: per language, the details'
// keys, their values and the note categories.
var terms = func() map[string]struct {
	Details    map[string]string `toml:"details"`
	Values     map[string]string `toml:"values"`
	Categories map[string]string `toml:"categories"`
} {
	var t map[string]struct {
		Details    map[string]string `toml:"details"`
		Values     map[string]string `toml:"values"`
		Categories map[string]string `toml:"categories"`
	}
	if _, err := toml.Decode(termsTOML, &t); err != nil {
		panic("reporters: terms.toml: " + err.Error())
	}
	return t
}()

// detailKey names a detail's key for a reader of l.
func detailKey(l, k string) string {
	if s, ok := terms[l].Details[k]; ok {
		return s
	}
	return strings.ReplaceAll(k, "_", " ")
}

// detailValue translates a detail's value where it is a word of the
// scanner's vocabulary (a format, a category, true), item by item in a
// comma-separated list; names and numbers stay as they are.
func detailValue(l, v string) string {
	tr := terms[l].Values
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
	cats := terms[l].Categories
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
		nl, ok := cats[s[open+1:len(s)-1]]
		if !ok {
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
