package subject

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner"
)

// Result is a data-subject search: the subjects, the rows found (raw
// values) and the scan's masked report (sources, errors, column names).
type Result struct {
	Matcher *Matcher
	Found   *scanner.SubjectResult
	Report  *reporters.Report
}

// location is the rows of one table found for one subject.
type location struct {
	row0  *scanner.SubjectRow // the first, for the source and table
	rows  []*scanner.SubjectRow
	hits  [][]scanner.SubjectHit // per row, this subject's hits
	whole bool                   // some hit is a column value, not free text
}

// locations groups the subject's rows per source and table, in report order.
func (r *Result) locations(si int) []*location {
	var out []*location
	var cur *location
	if r.Found == nil {
		return nil
	}
	for i := range r.Found.Rows {
		row := &r.Found.Rows[i]
		var hs []scanner.SubjectHit
		for _, h := range row.Hits {
			if h.Subject == si {
				hs = append(hs, h)
			}
		}
		if len(hs) == 0 {
			continue
		}
		if cur == nil || cur.row0.SourceID != row.SourceID || cur.row0.Table != row.Table || cur.row0.Sheet != row.Sheet {
			cur = &location{row0: row}
			out = append(out, cur)
		}
		cur.rows = append(cur.rows, row)
		cur.hits = append(cur.hits, hs)
		for _, h := range hs {
			cur.whole = cur.whole || h.WholeCell
		}
	}
	return out
}

func (r *Result) capped(si int) bool {
	if r.Found == nil {
		return false
	}
	for _, c := range r.Found.Capped {
		if c == si {
			return true
		}
	}
	return false
}

// How says how an identifier matched.
func How(h scanner.SubjectHit) string {
	s := map[string]string{
		"email": "e-mail, exact after lower-casing (Gmail: dots and +tags ignored)",
		"phone": "phone, exact in E.164 whatever the notation",
		"iban":  "IBAN, exact in compact form",
		"bsn":   "BSN, exact 9 digits",
	}[h.Kind]
	if h.WholeCell {
		return s + "; column value"
	}
	return s + "; in free text"
}

type colValue struct {
	Column string `json:"column"`
	Value  string `json:"value"`
}

type accessMatch struct {
	Identifier string `json:"identifier"`
	Column     string `json:"column"`
	How        string `json:"how"`
	Match      string `json:"match"` // exact (possible: a fuzzy name match, not yet)
}

type accessRow struct {
	Row     int64         `json:"row"`
	Matched []accessMatch `json:"matched"`
	// Values are the row's non-empty cells when the person's identifier is
	// a column value (the row is about them); for a mention in free text,
	// only the cells that mention them.
	Values []colValue `json:"values"`
}

type accessTable struct {
	Table string      `json:"table"`
	Sheet string      `json:"sheet,omitempty"`
	Rows  []accessRow `json:"rows"`
}

type accessSource struct {
	Source string        `json:"source"`
	Path   string        `json:"path"`
	Kind   string        `json:"kind"`
	Tables []accessTable `json:"tables"`
}

type accessSubject struct {
	Label       string         `json:"label"`
	Identifiers []Identifier   `json:"identifiers"`
	Names       []string       `json:"names_not_matched,omitempty"`
	Capped      bool           `json:"capped,omitempty"`
	Sources     []accessSource `json:"sources"`
}

type accessDoc struct {
	Schema   string             `json:"schema"`
	Tool     reporters.Tool     `json:"tool"`
	Scan     reporters.ScanInfo `json:"scan"`
	Notice   string             `json:"notice"`
	Subjects []accessSubject    `json:"subjects"`
	Errors   []reporters.Error  `json:"errors"`
}

const accessNotice = "This disclosure holds personal data of the subjects named in it; send it only to them, over a secure channel, and delete your copy when the request is closed."

func (r *Result) access() accessDoc {
	d := accessDoc{Schema: "crmscan.access/v1", Notice: accessNotice, Subjects: []accessSubject{}, Errors: []reporters.Error{}}
	if r.Report != nil {
		d.Tool, d.Scan, d.Errors = r.Report.Tool, r.Report.Scan, r.Report.Errors
	}
	for si := range r.Matcher.Subjects {
		s := &r.Matcher.Subjects[si]
		as := accessSubject{Label: s.Label, Identifiers: s.Identifiers(), Names: s.Names, Capped: r.capped(si), Sources: []accessSource{}}
		for _, loc := range r.locations(si) {
			if n := len(as.Sources); n == 0 || as.Sources[n-1].Source != loc.row0.SourceID {
				as.Sources = append(as.Sources, accessSource{Source: loc.row0.SourceID, Path: loc.row0.Path, Kind: loc.row0.Kind})
			}
			src := &as.Sources[len(as.Sources)-1]
			t := accessTable{Table: loc.row0.Table, Sheet: loc.row0.Sheet}
			for ri, row := range loc.rows {
				ar := accessRow{Row: row.Row}
				whole := false
				cols := map[int]bool{}
				for _, h := range loc.hits[ri] {
					ar.Matched = append(ar.Matched, accessMatch{Identifier: h.Kind, Column: row.Columns[h.Column], How: How(h), Match: "exact"})
					whole = whole || h.WholeCell
					cols[h.Column] = true
				}
				for ci, v := range row.Values {
					if v != "" && (whole || cols[ci]) {
						ar.Values = append(ar.Values, colValue{Column: row.Columns[ci], Value: v})
					}
				}
				t.Rows = append(t.Rows, ar)
			}
			src.Tables = append(src.Tables, t)
		}
		d.Subjects = append(d.Subjects, as)
	}
	return d
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteAccess writes the disclosure for an access request (art. 15) as
// JSON, schema crmscan.access/v1, with the actual values.
func (r *Result) WriteAccess(w io.Writer) error { return writeJSON(w, r.access()) }

var accessHTML = template.Must(template.New("access").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Personal data disclosure</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}.how{color:#555;font-size:.9em}</style>
</head><body>
<h1>Personal data disclosure</h1>
<p><em>{{.Notice}}</em></p>
{{range .Subjects}}<h2>{{.Label}}</h2>
<p>Searched by: {{range $i, $id := .Identifiers}}{{if $i}}, {{end}}{{$id.Kind}} {{$id.Given}}{{end}}</p>
{{if .Capped}}<p><strong>More rows were found than are listed here.</strong></p>{{end}}
{{if not .Sources}}<p>No data found.</p>{{end}}
{{range .Sources}}<h3>{{.Path}} ({{.Kind}})</h3>
{{range .Tables}}<h4>{{.Table}}{{if .Sheet}} (sheet {{.Sheet}}){{end}}</h4>
{{range .Rows}}<table><tr><th colspan="2">Row {{.Row}}</th></tr>
{{range .Values}}<tr><td>{{.Column}}</td><td>{{.Value}}</td></tr>{{end}}
<tr><td colspan="2" class="how">{{range .Matched}}found by {{.Identifier}} in {{.Column}}: {{.How}}<br>{{end}}</td></tr></table>
{{end}}{{end}}{{end}}{{end}}
{{if .Errors}}<h2>Sources that could not be read</h2><ul>{{range .Errors}}<li>{{.Source}}: {{.Message}}</li>{{end}}</ul>{{end}}
<p class="how">crmscan {{.Tool.Version}}, {{.Scan.Finished}}</p>
</body></html>
`))

// WriteAccessHTML writes the disclosure as a self-contained HTML page.
func (r *Result) WriteAccessHTML(w io.Writer) error { return accessHTML.Execute(w, r.access()) }

// WritePortability writes the person's data (the rows where an identifier
// is a column value) as JSON per source and table, one object per row:
// the machine-readable form of art. 20.
func (r *Result) WritePortability(w io.Writer) error {
	type table struct {
		Table string              `json:"table"`
		Sheet string              `json:"sheet,omitempty"`
		Rows  []map[string]string `json:"rows"`
	}
	type source struct {
		Path   string  `json:"path"`
		Kind   string  `json:"kind"`
		Tables []table `json:"tables"`
	}
	type subj struct {
		Label   string   `json:"label"`
		Sources []source `json:"sources"`
	}
	doc := struct {
		Schema   string `json:"schema"`
		Subjects []subj `json:"subjects"`
	}{Schema: "crmscan.portability/v1", Subjects: []subj{}}
	for si := range r.Matcher.Subjects {
		sj := subj{Label: r.Matcher.Subjects[si].Label, Sources: []source{}}
		var lastSrc string
		for _, loc := range r.locations(si) {
			t := table{Table: loc.row0.Table, Sheet: loc.row0.Sheet}
			for ri, row := range loc.rows {
				whole := false
				for _, h := range loc.hits[ri] {
					whole = whole || h.WholeCell
				}
				if !whole {
					continue // a mention in someone's note is not data the person provided
				}
				obj := map[string]string{}
				for ci, v := range row.Values {
					if v != "" {
						obj[row.Columns[ci]] = v
					}
				}
				t.Rows = append(t.Rows, obj)
			}
			if len(t.Rows) == 0 {
				continue
			}
			if lastSrc != loc.row0.SourceID {
				lastSrc = loc.row0.SourceID
				sj.Sources = append(sj.Sources, source{Path: loc.row0.Path, Kind: loc.row0.Kind})
			}
			src := &sj.Sources[len(sj.Sources)-1]
			src.Tables = append(src.Tables, t)
		}
		doc.Subjects = append(doc.Subjects, sj)
	}
	return writeJSON(w, doc)
}

// Erasure actions.
const (
	ActionDelete    = "delete"
	ActionAnonymise = "anonymise"
	ActionBackup    = "purge-from-backup-or-let-expire"
)

// PlanEntry is one location of the erasure plan: where, what, no values.
type PlanEntry struct {
	Source    string   `json:"source"`
	Path      string   `json:"path"`
	Kind      string   `json:"kind"`
	Table     string   `json:"table"`
	Sheet     string   `json:"sheet,omitempty"`
	Rows      []int64  `json:"rows"`
	Columns   []string `json:"columns"`
	MatchedBy []string `json:"matched_by"`
	Action    string   `json:"action"`
	Reason    string   `json:"reason"`
}

var dbKinds = map[string]bool{"sqlite": true, "postgres": true, "mysql": true, "sqlserver": true}

func isBackup(kind, path string) bool {
	if kind == "archive" || kind == "sqldump" {
		return true
	}
	p := strings.ToLower(path)
	return strings.Contains(p, "backup") || strings.Contains(p, "dump") || strings.HasSuffix(p, ".bak")
}

var fiscalWords = []string{"order", "invoice", "factu", "bestelling", "payment", "betaling", "transact", "boeking"}

func fiscal(name string) bool {
	n := strings.ToLower(name)
	for _, w := range fiscalWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func bareTable(t string) string {
	t = strings.ToLower(t)
	if i := strings.LastIndexAny(t, ".!/"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

var personTables = map[string]bool{"contact": true, "customer": true, "klant": true, "relatie": true, "person": true, "persoon": true, "account": true, "lead": true, "client": true}

// referencedBy returns a fiscal table of the same source that refers to
// table: one with a column naming it (contact_id in orders for contacts),
// or, since a database source reads only the columns that can hold
// personal data, any fiscal table when table holds people. "" when none.
func referencedBy(rep *reporters.Report, source, table string) string {
	if rep == nil {
		return ""
	}
	bare := bareTable(table)
	single := strings.TrimSuffix(bare, "s") // contacts → contact, klanten → klant
	if strings.HasSuffix(bare, "en") {
		single = strings.TrimSuffix(bare, "en")
	}
	for _, c := range rep.Columns {
		if c.Source != source || c.Table == table || !fiscal(bareTable(c.Table)) {
			continue
		}
		col := strings.ToLower(c.Column)
		if col == single+"_id" || col == single+"id" || personTables[single] && strings.HasSuffix(col, "_id") && personTables[strings.TrimSuffix(col, "_id")] {
			return c.Table
		}
	}
	if personTables[single] {
		for _, t := range rep.Tables {
			if t.Source == source && t.Table != table && fiscal(bareTable(t.Table)) {
				return t.Table
			}
		}
	}
	return ""
}

// Plan returns the erasure plan of one subject: per location the advised
// action. It holds no values, only where they are.
func (r *Result) Plan(si int) []PlanEntry {
	out := []PlanEntry{}
	for _, loc := range r.locations(si) {
		e := PlanEntry{Source: loc.row0.SourceID, Path: loc.row0.Path, Kind: loc.row0.Kind, Table: loc.row0.Table, Sheet: loc.row0.Sheet,
			Rows: []int64{}, Columns: []string{}, MatchedBy: []string{}}
		cols, kinds := map[string]bool{}, map[string]bool{}
		for ri, row := range loc.rows {
			e.Rows = append(e.Rows, row.Row)
			for _, h := range loc.hits[ri] {
				cols[row.Columns[h.Column]] = true
				kinds[h.Kind] = true
			}
		}
		e.Columns, e.MatchedBy = slices.Sorted(maps.Keys(cols)), slices.Sorted(maps.Keys(kinds))
		switch {
		case isBackup(e.Kind, e.Path):
			e.Action = ActionBackup
			e.Reason = "a backup, dump or archive: purge the person's rows if it is kept beyond its rotation period, otherwise let it expire; re-apply this erasure after any restore"
		case !loc.whole:
			e.Action = ActionAnonymise
			e.Reason = "mentioned in free text: redact the mention and keep the rest of the record"
		case fiscal(bareTable(e.Table)):
			e.Action = ActionAnonymise
			e.Reason = "order or invoice records must be kept for the fiscal retention period (7 years, art. 52 AWR): remove the identifying values, keep the amounts"
		case referencedBy(r.Report, e.Source, e.Table) != "":
			e.Action = ActionAnonymise
			e.Reason = "referenced by " + referencedBy(r.Report, e.Source, e.Table) + ", which must be kept for the fiscal retention period: anonymise the row instead of deleting it"
		case dbKinds[e.Kind]:
			e.Action = ActionDelete
			e.Reason = "delete the row"
		default:
			e.Action = ActionDelete
			e.Reason = "an export file: delete the rows, or the file when it is no longer needed"
		}
		out = append(out, e)
	}
	return out
}

// WriteErasurePlan writes the erasure plan as JSON (schema
// crmscan.erasure-plan/v1): per subject (by label only) and location the
// advised action, with row keys and column names but no values.
func (r *Result) WriteErasurePlan(w io.Writer) error {
	type subj struct {
		Label     string      `json:"label"`
		Capped    bool        `json:"capped,omitempty"`
		Locations []PlanEntry `json:"locations"`
	}
	doc := struct {
		Schema   string            `json:"schema"`
		Notice   string            `json:"notice"`
		Subjects []subj            `json:"subjects"`
		Errors   []reporters.Error `json:"errors"`
	}{Schema: "crmscan.erasure-plan/v1", Subjects: []subj{}, Errors: []reporters.Error{},
		Notice: "crmscan changed nothing; carry out each action in the system that owns the data, then run crmscan subject again to verify"}
	if r.Report != nil {
		doc.Errors = r.Report.Errors
	}
	for si := range r.Matcher.Subjects {
		doc.Subjects = append(doc.Subjects, subj{Label: r.Matcher.Subjects[si].Label, Capped: r.capped(si), Locations: r.Plan(si)})
	}
	return writeJSON(w, doc)
}

// Mask renders an identifier's normalized form as a report would.
func Mask(kind, normalized string) string {
	if d, ok := detectors.Get(kind); ok && normalized != "" {
		return d.Mask(normalized)
	}
	return "***"
}

// WriteText writes a terminal summary: where each subject was found, with
// every value masked.
func (r *Result) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	for si := range r.Matcher.Subjects {
		s := &r.Matcher.Subjects[si]
		var ids []string
		for _, id := range s.Identifiers() {
			ids = append(ids, id.Kind+" "+Mask(id.Kind, id.Normalized))
		}
		ew.printf("%s (%s)\n", s.Label, strings.Join(ids, ", "))
		locs := r.locations(si)
		if len(locs) == 0 {
			ew.printf("  not found\n")
		}
		rows, srcs := 0, map[string]bool{}
		for _, e := range r.Plan(si) {
			where := e.Path
			if e.Table != "" && !strings.HasSuffix(where, e.Table) {
				where += " [" + e.Table + "]"
			}
			keys := make([]string, 0, 5)
			for i, k := range e.Rows {
				if i == 5 {
					keys = append(keys, fmt.Sprintf("… %d more", len(e.Rows)-5))
					break
				}
				keys = append(keys, fmt.Sprint(k))
			}
			ew.printf("  %s (%s): %d row(s) %s; by %s in %s; advised: %s\n", where, e.Kind, len(e.Rows), strings.Join(keys, ", "),
				strings.Join(e.MatchedBy, ", "), strings.Join(e.Columns, ", "), e.Action)
			rows += len(e.Rows)
			srcs[e.Source] = true
		}
		if len(locs) > 0 {
			ew.printf("  found in %d row(s) of %d table(s) in %d source(s)\n", rows, len(locs), len(srcs))
		}
		if r.capped(si) {
			ew.printf("  more than %d rows found: only the first are kept\n", scanner.MaxSubjectRows)
		}
		if len(s.Names) > 0 {
			ew.printf("  names are not matched yet (only e-mail, phone, IBAN and BSN)\n")
		}
	}
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
