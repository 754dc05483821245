// Package reporters holds the Report model (crmscan.report/v1) and one
// encoder per output format. A reporter only reads the Report; the Report
// holds no raw values unless the user asked for them with --show-values,
// since masking happens in the detector worker, long before a reporter runs.
package reporters

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Schema is the report's schema identifier.
const Schema = "crmscan.report/v1"

// Report is one scan's result, masked, in the shape of DESIGN.md §4.
type Report struct {
	Schema string `json:"schema"`
	Tool   Tool   `json:"tool"`
	// KeyID names the fingerprint key (never the key itself): reports of
	// different keys cannot be compared or merged.
	KeyID     string      `json:"key_id,omitempty"`
	Scan      ScanInfo    `json:"scan"`
	Sources   []Source    `json:"sources"`
	Columns   []Column    `json:"columns"`
	Tables    []Table     `json:"tables,omitempty"`
	Findings  []Finding   `json:"findings"`
	Checklist []Checklist `json:"checklist"`
	Summary   Summary     `json:"summary"`
	Errors    []Error     `json:"errors"`
	// Trend is the history of earlier scans stored with --history (this
	// one last), for the HTML report's trend chart; absent otherwise.
	Trend []TrendPoint `json:"trend,omitempty"`
}

// TrendPoint is one stored scan's counts.
type TrendPoint struct {
	Scan       int64          `json:"scan"`
	Started    string         `json:"started"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	// ByStep counts the findings per AP step ("1".."10").
	ByStep map[string]int `json:"by_step"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ScanInfo describes the scan itself.
type ScanInfo struct {
	Started  string   `json:"started"`
	Finished string   `json:"finished"`
	Targets  []string `json:"targets"` // redacted
	Sample   int64    `json:"sample"`  // rows per table; 0 = every row
	Lang     string   `json:"lang"`
	// Incomplete is true when the scan was interrupted (Ctrl-C) and the
	// report holds what was found until then.
	Incomplete bool `json:"incomplete,omitempty"`
	// ShowValues is true when samples hold raw values (--show-values).
	ShowValues bool `json:"show_values,omitempty"`
	// FilesSkipped counts files in scanned folders that no source kind reads.
	FilesSkipped int `json:"files_skipped,omitempty"`
	// SpecialSkipped counts FIFOs, sockets and devices in scanned folders,
	// never opened (a FIFO would block); LinksSkipped the symbolic links
	// there, which are not followed.
	SpecialSkipped int `json:"special_files_skipped,omitempty"`
	LinksSkipped   int `json:"links_skipped,omitempty"`
	// Baseline is the baseline file the findings were compared with.
	Baseline string `json:"baseline,omitempty"`
	// Policy is the export policy the gate applied (crmscan gate); only
	// with one can AP step 8 (processor agreements) pass.
	Policy string `json:"policy,omitempty"`
	// Shard is set on the report of one shard of a sharded scan
	// (--shard i/n), for crmscan merge; absent from a whole scan and from
	// a merged report.
	Shard *Shard `json:"shard,omitempty"`
}

// Shard says which part of a sharded scan a report holds, and what must be
// the same in every shard for the shards to make up one scan.
type Shard struct {
	Index int `json:"index"` // 0-based: 0..count-1
	Count int `json:"count"`
	// Units is the number of units of work (files, archives, databases)
	// the targets held: every shard lists them all and keeps its own, so
	// the merge can tell that every source is there once.
	Units int `json:"units"`
	// RulesID is the digest of the rule set (rules.Set.Digest); Plan a
	// digest of the options that choose and judge what is read (include
	// and exclude, sample, profile, country, database filters, language).
	RulesID string `json:"rules_id"`
	Plan    string `json:"plan"`
	// Tables are the database tables this shard read, with their place
	// among all the database's tables: a database's tables are spread
	// over the shards, and the merge puts them back in order.
	Tables []ShardTable `json:"tables,omitempty"`
}

// ShardTable is one database table of a shard report.
type ShardTable struct {
	Source string `json:"source"`
	Table  string `json:"table"`
	Index  int    `json:"index"` // order among the database's tables
}

// Source is one opened target: a file, an archive member, a database.
type Source struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Tables      int    `json:"tables"`
	RowsScanned int64  `json:"rows_scanned"`
	RowsTotal   int64  `json:"rows_total"`
	Sampled     bool   `json:"sampled"`
	Error       string `json:"error"`
	// Details of how the source was read (encoding, delimiter, counts of
	// tolerated defects); keys are stable, values are plain text.
	Details map[string]string `json:"details,omitempty"`
	// Notes are what a reader should know about how the source was read
	// that is no error (the scan read it): "table actor: no CREATE TABLE
	// ... columns named by position". Plain text, never a value.
	Notes []string `json:"notes,omitempty"`
}

// Column is the profile of one column: what it holds and how sure we are.
type Column struct {
	Source         string               `json:"source"`
	Table          string               `json:"table"`
	Column         string               `json:"column"`
	RowsScanned    int64                `json:"rows_scanned"`
	NonEmpty       int64                `json:"non_empty"`
	Detections     map[string]Detection `json:"detections"`
	Classification string               `json:"classification"`
	Confidence     string               `json:"confidence"`
	// Holder is "organisation" when the column's data belongs to a
	// company rather than a person (a switchboard number, info@ address,
	// a supplier's IBAN): business contact data, kept out of the person
	// counts. Empty for a person's data.
	Holder string `json:"holder,omitempty"`
}

// Table is what the row rules saw in one table: the CRM profile recognised,
// and how many rows are marked deleted or belong to people who opted out
// (an export gate refuses both).
type Table struct {
	Source  string `json:"source"`
	Table   string `json:"table"`
	Rows    int64  `json:"rows"`
	Profile string `json:"profile"`
	// Role is what the table holds: people, organisations, activity
	// (about people) or reference (lookups, configuration, catalogues);
	// Evidence says why, in short phrases without values.
	Role           string   `json:"role,omitempty"`
	Evidence       []string `json:"evidence,omitempty"`
	DeletedRows    int64    `json:"deleted_rows"`
	OptedOutRows   int64    `json:"opted_out_rows"`
	OptedOutSample []int64  `json:"opted_out_row_numbers,omitempty"`
	ConsentColumns []string `json:"consent_columns,omitempty"`
	Estimated      bool     `json:"estimated,omitempty"`
}

// Detection counts the cells of a column that hold one kind of value.
type Detection struct {
	Count int64   `json:"count"`
	Ratio float64 `json:"ratio"`
}

// Finding is one rule's verdict on one location.
type Finding struct {
	ID         string   `json:"id"`
	Rule       string   `json:"rule"`
	Title      string   `json:"title"`
	Severity   string   `json:"severity"`
	Confidence string   `json:"confidence"`
	Category   string   `json:"category"`
	Location   Location `json:"location"`
	Count      int64    `json:"count"`
	Estimated  bool     `json:"estimated,omitempty"`
	// TestValue marks a finding of published test or example values
	// (the SWIFT example IBAN, @example.com), reported as info so that
	// dummy data does not fail a CI gate.
	TestValue   bool     `json:"test_value,omitempty"`
	Samples     []string `json:"samples"`
	APSteps     []int    `json:"ap_steps"`
	GDPR        []string `json:"gdpr"`
	Remediation string   `json:"remediation"`
	Fingerprint string   `json:"fingerprint"`
	// Columns lists the columns a row or table rule concerns (the
	// personal-data columns of soft-deleted rows).
	Columns []string `json:"columns,omitempty"`
	// Details are a rule's facts as plain text (the oldest activity date,
	// the retention period, the profile recognised); never a value.
	Details map[string]string `json:"details,omitempty"`
	// Baseline marks a finding that matches an accepted one in the
	// baseline given with --baseline; it does not count for --fail-on.
	Baseline bool `json:"baseline,omitempty"`
	// Justification is why the baseline accepted the finding, if it says.
	Justification string `json:"justification,omitempty"`
	// Changed marks a finding the baseline holds that has grown beyond it
	// (more values than the baseline's count and its tolerance): it counts
	// for --fail-on again. BaselineCount is the count the baseline holds.
	Changed       bool  `json:"changed,omitempty"`
	BaselineCount int64 `json:"baseline_count,omitempty"`
	// Values estimates the distinct values (e-mail, phone, IBAN, BSN) the
	// finding covers, for the summary's estimate of people affected. Keyed
	// hashes that live only in memory: never written to a report.
	Values *ValueSketch `json:"-"`
	// ValuesSketch carries Values in the report of one shard of a sharded
	// scan (scan.shard), for crmscan merge; absent everywhere else.
	ValuesSketch *SketchData `json:"values_sketch,omitempty"`
}

// Location says where a finding is.
type Location struct {
	Source string  `json:"source"`
	Path   string  `json:"path"`
	Table  string  `json:"table"`
	Sheet  string  `json:"sheet"`
	Column string  `json:"column"`
	Rows   []int64 `json:"rows"`
}

// Checklist is the status of one AP step.
type Checklist struct {
	Step      int      `json:"step"`
	Title     string   `json:"title"`
	Status    string   `json:"status"` // pass, warn, fail, manual, not_shown, not_assessed
	Findings  []string `json:"findings"`
	Questions []string `json:"questions,omitempty"`
}

// Summary counts findings.
type Summary struct {
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	ByCategory map[string]int `json:"by_category"`
	// Suppressed counts the findings marked baseline (--baseline).
	Suppressed int `json:"suppressed,omitempty"`
	// Changed counts the baselined findings that grew beyond the baseline.
	Changed int `json:"changed,omitempty"`
	// Coverage is what the scan read; with nothing read, no AP step is
	// assessed (see BuildChecklist).
	Coverage *Coverage `json:"coverage,omitempty"`
	// ByStep counts the findings per AP step ("1".."10"), as the
	// checklist lists them: the one count of a step in every format.
	ByStep map[string]int `json:"by_step,omitempty"`
	// Scope is scope and method in two sentences, in the report's language.
	Scope string `json:"scope,omitempty"`
	// People estimates the distinct people in the findings, from keyed
	// hashes of their e-mail addresses, phone numbers, IBANs and BSNs
	// across sources and copies (never from stored values).
	People int64 `json:"people,omitempty"`
	// TopRisks are the worst problems (medium or worse), ranked by
	// severity and people concerned; Actions is the action plan, one
	// action per problem across its copies.
	TopRisks []Risk   `json:"top_risks,omitempty"`
	Actions  []Action `json:"actions,omitempty"`
}

// Error is a problem with one source; the scan went on.
type Error struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

// Encoder writes a report in one format.
type Encoder interface {
	Encode(w io.Writer, r *Report) error
}

type format struct {
	name string
	exts []string
	enc  Encoder
}

var formats []format

// Register adds an output format with the file extensions that select it.
func Register(name string, enc Encoder, exts ...string) {
	for _, f := range formats {
		if f.name == name {
			panic("reporters: duplicate format " + name)
		}
	}
	formats = append(formats, format{name: name, exts: exts, enc: enc})
}

// Get returns the encoder for a format name.
func Get(name string) (Encoder, error) {
	for _, f := range formats {
		if f.name == name {
			return f.enc, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(Names(), ", "))
}

// ForPath returns the format name chosen by a file's extension.
func ForPath(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		for _, e := range f.exts {
			if e == ext {
				return f.name, nil
			}
		}
	}
	return "", fmt.Errorf("no output format for extension %q of %s (known: %s)", ext, path, strings.Join(exts(), " "))
}

// Names lists the registered formats.
func Names() []string {
	var n []string
	for _, f := range formats {
		n = append(n, f.name)
	}
	sort.Strings(n)
	return n
}

func exts() []string {
	var e []string
	for _, f := range formats {
		e = append(e, f.exts...)
	}
	sort.Strings(e)
	return e
}

// RuleTitle is the title of a finding's rule, the same for every finding of
// it: a finding whose title names its own column or clause (the gate's)
// keeps the rule's generic title in Details["rule_title"].
func RuleTitle(f *Finding) string {
	if t := f.Details["rule_title"]; t != "" {
		return t
	}
	return f.Title
}
