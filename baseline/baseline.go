// Package baseline compares scans: it loads an earlier report or a baseline
// file, marks the findings of a new report that were accepted before (so
// that a periodic audit or a CI gate fails only on what is new), writes
// baseline files, and diffs two reports.
//
// Findings match by rule, location (sheet, table and column; never the rows,
// which move as records come and go) and fingerprint. The fingerprint is an
// HMAC over the rule, the path relative to the scanned folder, the table and
// the column, so a baseline survives a different working folder but needs
// the same key (CRMSCAN_KEY) as the scan that wrote it.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/crmscan/crmscan/reporters"
)

// Schema identifies a baseline file.
const Schema = "crmscan.baseline/v1"

// ErrFormat is returned for a file that is neither a crmscan report nor a
// baseline file.
var ErrFormat = errors.New("not a crmscan report or baseline file")

// File is an accepted set of findings, with a justification per finding
// where someone wrote one.
type File struct {
	Schema string `json:"schema"`
	// Created is when the report behind the baseline was made (RFC 3339).
	Created string `json:"created,omitempty"`
	// KeyID names the key the fingerprints were made with.
	KeyID string `json:"key_id,omitempty"`
	// Tolerance is the growth a baselined finding may show before it counts
	// again, as a fraction of its count (0.1: ten per cent more values);
	// 0, the default, means any growth counts. An entry's max_count
	// overrides it.
	Tolerance float64 `json:"tolerance,omitempty"`
	Findings  []Entry `json:"findings"`
}

// Entry is one accepted finding. Title, severity, path and count are there
// for the person who reviews the file; matching uses the key fields only.
type Entry struct {
	Rule        string `json:"rule"`
	Path        string `json:"path,omitempty"`
	Sheet       string `json:"sheet,omitempty"`
	Table       string `json:"table,omitempty"`
	Column      string `json:"column,omitempty"`
	Fingerprint string `json:"fingerprint"`
	Title       string `json:"title,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Count       int64  `json:"count,omitempty"`
	// MaxCount, when set, is the count up to which the finding stays
	// accepted (instead of count and the file's tolerance).
	MaxCount      int64  `json:"max_count,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// limit is the count above which an accepted finding has grown; 0 for no
// limit (an entry without a count, from an older file).
func (e *Entry) limit(tolerance float64) int64 {
	if e.MaxCount > 0 {
		return e.MaxCount
	}
	if e.Count <= 0 {
		return 0
	}
	return e.Count + int64(float64(e.Count)*max(tolerance, 0))
}

// Key is what makes two findings the same across scans.
type Key struct {
	Rule, Sheet, Table, Column, Fingerprint string
}

// KeyOf returns a finding's key.
func KeyOf(f *reporters.Finding) Key {
	return Key{f.Rule, f.Location.Sheet, f.Location.Table, f.Location.Column, f.Fingerprint}
}

func (e *Entry) key() Key { return Key{e.Rule, e.Sheet, e.Table, e.Column, e.Fingerprint} }

// FromReport makes a baseline of every finding of a report, keeping the
// justifications a baselined report carries.
func FromReport(r *reporters.Report) *File {
	b := &File{Schema: Schema, Created: r.Scan.Finished, KeyID: r.KeyID, Findings: make([]Entry, 0, len(r.Findings))}
	for i := range r.Findings {
		f := &r.Findings[i]
		b.Findings = append(b.Findings, Entry{
			Rule: f.Rule, Path: f.Location.Path, Sheet: f.Location.Sheet, Table: f.Location.Table,
			Column: f.Location.Column, Fingerprint: f.Fingerprint, Title: f.Title, Severity: f.Severity,
			Count: f.Count, Justification: f.Justification,
		})
	}
	return b
}

// Load reads a baseline file or a JSON report (crmscan.report/v1).
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Parse reads a baseline file or a JSON report from memory.
func Parse(data []byte) (*File, error) {
	kind, err := schemaOf(data)
	if err != nil {
		return nil, err
	}
	switch kind {
	case Schema:
		var b File
		if err := json.Unmarshal(data, &b); err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		return &b, nil
	case reporters.Schema:
		r, err := parseReport(data)
		if err != nil {
			return nil, err
		}
		return FromReport(r), nil
	}
	return nil, fmt.Errorf("%w (schema %q)", ErrFormat, kind)
}

// LoadReport reads a JSON report (crmscan.report/v1).
func LoadReport(path string) (*reporters.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kind, err := schemaOf(data)
	if err == nil && kind != reporters.Schema {
		err = fmt.Errorf("%w (schema %q; diff needs JSON reports)", ErrFormat, kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := parseReport(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

func schemaOf(data []byte) (string, error) {
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return head.Schema, nil
}

func parseReport(data []byte) (*reporters.Report, error) {
	var r reporters.Report
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return &r, nil
}

// Write writes a baseline file as indented JSON, its entries sorted so that
// the file diffs well under version control.
func (b *File) Write(w io.Writer) error {
	out := *b
	out.Schema = Schema
	out.Findings = append([]Entry(nil), b.Findings...)
	if out.Findings == nil {
		out.Findings = []Entry{}
	}
	sort.SliceStable(out.Findings, func(i, j int) bool {
		a, c := &out.Findings[i], &out.Findings[j]
		if a.Path != c.Path {
			return a.Path < c.Path
		}
		if a.Table != c.Table {
			return a.Table < c.Table
		}
		if a.Column != c.Column {
			return a.Column < c.Column
		}
		return a.Rule < c.Rule
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// Apply marks the findings of r that the baseline holds: Baseline is set,
// the justification copied, and Summary.Suppressed counts them. It returns
// that count.
func (b *File) Apply(r *reporters.Report) int {
	accepted := make(map[Key]*Entry, len(b.Findings))
	for i := range b.Findings {
		e := &b.Findings[i]
		if prev, ok := accepted[e.key()]; !ok || (prev.Justification == "" && e.Justification != "") {
			accepted[e.key()] = e
		}
	}
	n, changed := 0, 0
	for i := range r.Findings {
		f := &r.Findings[i]
		e, ok := accepted[KeyOf(f)]
		if !ok {
			continue
		}
		if e.Justification != "" {
			f.Justification = e.Justification
		}
		if lim := e.limit(b.Tolerance); lim > 0 && f.Count > lim {
			// Grown beyond what was accepted: a BSN column of 40 values
			// that now holds 41 is a new problem, not the accepted one.
			f.Changed, f.BaselineCount = true, e.Count
			changed++
			continue
		}
		f.Baseline = true
		n++
	}
	r.Summary.Suppressed = n
	r.Summary.Changed = changed
	return n
}
