package subject

import (
	"encoding/json"
	"fmt"
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
	// Lang (en or nl), Org and ShowPaths shape the access report for the
	// person (access-html, access-text): its language, the organisation's
	// art. 15 information, and whether internal paths are shown.
	Lang      string
	Org       *Org
	ShowPaths bool
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
			if h.Subject == si && !h.Possible {
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

// nameOnly reports hits that are all names: a name is shared by other
// people, so such a row is to be confirmed.
func nameOnly(hs []scanner.SubjectHit) bool {
	for _, h := range hs {
		if h.Kind != "name" {
			return false
		}
	}
	return len(hs) > 0
}

// possible is a row whose name is like the subject's, not the same.
type possible struct {
	row     *scanner.SubjectRow
	score   float64
	columns []string
}

// possibles are the subject's possible matches: rows with no exact hit of
// the subject, only fuzzy ones.
func (r *Result) possibles(si int) []possible {
	if r.Found == nil {
		return nil
	}
	var out []possible
	for i := range r.Found.Rows {
		row := &r.Found.Rows[i]
		p := possible{row: row}
		exact := false
		for _, h := range row.Hits {
			if h.Subject != si {
				continue
			}
			if !h.Possible {
				exact = true
				break
			}
			p.score = max(p.score, h.Score)
			if c := row.Columns[h.Column]; !slices.Contains(p.columns, c) {
				p.columns = append(p.columns, c)
			}
		}
		if !exact && p.score > 0 {
			out = append(out, p)
		}
	}
	return out
}

// linked are the rows referring to the subject's found rows.
func (r *Result) linked(si int) []*scanner.LinkedRow {
	if r.Found == nil {
		return nil
	}
	var out []*scanner.LinkedRow
	for i := range r.Found.Linked {
		if slices.Contains(r.Found.Linked[i].Subjects, si) {
			out = append(out, &r.Found.Linked[i])
		}
	}
	return out
}

// parentNameOnly reports whether the found row a linked row refers to was
// found for the subject by name alone.
func (r *Result) parentNameOnly(si int, l *scanner.LinkedRow) bool {
	for i := range r.Found.Rows {
		row := &r.Found.Rows[i]
		if row.SourceID != l.SourceID || row.Table != l.ParentTable || row.Row != l.Parent {
			continue
		}
		var hs []scanner.SubjectHit
		for _, h := range row.Hits {
			if h.Subject == si && !h.Possible {
				hs = append(hs, h)
			}
		}
		return nameOnly(hs)
	}
	return false
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
		"name":  "name, exact after folding diacritics, case and tussenvoegsels",
	}[h.Kind]
	if h.Possible {
		s = fmt.Sprintf("name, possible: similarity %.2f", h.Score)
	}
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
	Match      string `json:"match"` // exact (possible matches are listed apart)
	whole      bool   // a column value, not a mention in free text
}

type accessRow struct {
	Row     int64         `json:"row"`
	Matched []accessMatch `json:"matched"`
	// NameOnly: found by name alone, which others may share: confirm the
	// row is the subject's before sending it.
	NameOnly bool `json:"name_only,omitempty"`
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

// accessLinked is a row that refers to one of the subject's rows (an
// order's contact_id): the subject's data although it holds no
// identifier of theirs.
type accessLinked struct {
	Source      string     `json:"source"`
	Path        string     `json:"path"`
	Kind        string     `json:"kind"`
	Table       string     `json:"table"`
	Sheet       string     `json:"sheet,omitempty"`
	Row         int64      `json:"row"`
	Via         string     `json:"via"`
	Link        string     `json:"link"` // foreign-key, or column-name in files
	ParentTable string     `json:"parent_table"`
	ParentRow   int64      `json:"parent_row"`
	NameOnly    bool       `json:"name_only,omitempty"`
	Values      []colValue `json:"values"`
}

// accessPossible is a row whose name is like the subject's: listed with
// its score and without values, to be checked by a person before anything
// of it is disclosed.
type accessPossible struct {
	Source  string   `json:"source"`
	Path    string   `json:"path"`
	Kind    string   `json:"kind"`
	Table   string   `json:"table"`
	Sheet   string   `json:"sheet,omitempty"`
	Row     int64    `json:"row"`
	Columns []string `json:"columns"`
	Score   float64  `json:"score"`
	Match   string   `json:"match"` // "possible"
}

type accessSubject struct {
	Label       string           `json:"label"`
	Identifiers []Identifier     `json:"identifiers"`
	Capped      bool             `json:"capped,omitempty"`
	Sources     []accessSource   `json:"sources"`
	Linked      []accessLinked   `json:"linked"`
	Possible    []accessPossible `json:"possible"`
	Notes       []string         `json:"notes,omitempty"`
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
		as := accessSubject{Label: s.Label, Identifiers: s.Identifiers(), Capped: r.capped(si), Sources: []accessSource{},
			Linked: []accessLinked{}, Possible: []accessPossible{}}
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
					ar.Matched = append(ar.Matched, accessMatch{Identifier: h.Kind, Column: row.Columns[h.Column], How: How(h), Match: "exact", whole: h.WholeCell})
					whole = whole || h.WholeCell
					cols[h.Column] = true
				}
				ar.NameOnly = nameOnly(loc.hits[ri])
				for ci, v := range row.Values {
					if v != "" && (whole || cols[ci]) {
						ar.Values = append(ar.Values, colValue{Column: row.Columns[ci], Value: v})
					}
				}
				t.Rows = append(t.Rows, ar)
			}
			src.Tables = append(src.Tables, t)
		}
		for _, l := range r.linked(si) {
			al := accessLinked{Source: l.SourceID, Path: l.Path, Kind: l.Kind, Table: l.Table, Sheet: l.Sheet, Row: l.Row, Via: l.Via,
				Link: "column-name", ParentTable: l.ParentTable, ParentRow: l.Parent, NameOnly: r.parentNameOnly(si, l), Values: []colValue{}}
			if l.Declared {
				al.Link = "foreign-key"
			}
			for ci, v := range l.Values {
				if v != "" {
					al.Values = append(al.Values, colValue{Column: l.Columns[ci], Value: v})
				}
			}
			as.Linked = append(as.Linked, al)
		}
		for _, p := range r.possibles(si) {
			as.Possible = append(as.Possible, accessPossible{Source: p.row.SourceID, Path: p.row.Path, Kind: p.row.Kind, Table: p.row.Table,
				Sheet: p.row.Sheet, Row: p.row.Row, Columns: p.columns, Score: round2(p.score), Match: "possible"})
		}
		as.Notes = r.notes(si)
		d.Subjects = append(d.Subjects, as)
	}
	return d
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// notes are what a privacy officer must do before sending a disclosure.
func (r *Result) notes(si int) []string {
	var out []string
	for _, loc := range r.locations(si) {
		if slices.ContainsFunc(loc.hits, nameOnly) {
			out = append(out, NoteNameOnly)
			break
		}
	}
	if len(r.possibles(si)) > 0 {
		out = append(out, NotePossible)
	}
	return out
}

// Notes on matches that need a person's judgement.
const (
	NoteNameOnly = "some rows were found by name alone (name_only): others may have the same name; confirm each is this person before sending or erasing it"
	NotePossible = "possible matches (a similar name, or initials) are listed without values; they are in neither the portability export nor the erasure plan until a search by a confirmed identifier finds them"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteAccess writes the disclosure for an access request (art. 15) as
// JSON, schema crmscan.access/v1, with the actual values.
func (r *Result) WriteAccess(w io.Writer) error { return writeJSON(w, r.access()) }

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
		// Rows that refer to the person's rows (their orders) are their
		// data too.
		for _, l := range r.linked(si) {
			obj := map[string]string{}
			for ci, v := range l.Values {
				if v != "" {
					obj[l.Columns[ci]] = v
				}
			}
			xi := slices.IndexFunc(sj.Sources, func(x source) bool { return x.Path == l.Path })
			if xi < 0 {
				sj.Sources = append(sj.Sources, source{Path: l.Path, Kind: l.Kind})
				xi = len(sj.Sources) - 1
			}
			src := &sj.Sources[xi]
			ti := slices.IndexFunc(src.Tables, func(x table) bool { return x.Table == l.Table && x.Sheet == l.Sheet })
			if ti < 0 {
				src.Tables = append(src.Tables, table{Table: l.Table, Sheet: l.Sheet})
				ti = len(src.Tables) - 1
			}
			src.Tables[ti].Rows = append(src.Tables[ti].Rows, obj)
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
	// LinkedVia is set for rows that hold no identifier of the person
	// but refer to a row that does (their orders).
	LinkedVia string `json:"linked_via,omitempty"`
	// Confirm are the rows found by name alone (or linked to such a row):
	// others may share the name, so check they are this person's first.
	Confirm []int64 `json:"confirm,omitempty"`
	Action  string  `json:"action"`
	Reason  string  `json:"reason"`
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
			if nameOnly(loc.hits[ri]) {
				e.Confirm = append(e.Confirm, row.Row)
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
	// Linked rows: one entry per source, table and link.
	for _, l := range r.linked(si) {
		n := len(out)
		if n == 0 || out[n-1].Source != l.SourceID || out[n-1].Table != l.Table || out[n-1].LinkedVia != l.Via {
			e := PlanEntry{Source: l.SourceID, Path: l.Path, Kind: l.Kind, Table: l.Table, Sheet: l.Sheet, Rows: []int64{},
				Columns: []string{linkColumn(l.Via)}, MatchedBy: []string{"link"}, LinkedVia: l.Via}
			switch {
			case isBackup(e.Kind, e.Path):
				e.Action = ActionBackup
				e.Reason = "rows of the person's records in a backup, dump or archive: purge them with the person's rows if it is kept beyond its rotation period, otherwise let it expire"
			case fiscal(bareTable(e.Table)):
				e.Action = ActionAnonymise
				e.Reason = "refers to the person's record: order or invoice rows must be kept for the fiscal retention period (7 years, art. 52 AWR); keep the amounts, and once the person's row is anonymised the link identifies no one"
			default:
				e.Action = ActionDelete
				e.Reason = "refers to the person's record: delete these rows with it (or before it, when the foreign key forbids deleting a referenced row)"
			}
			out = append(out, e)
		}
		e := &out[len(out)-1]
		e.Rows = append(e.Rows, l.Row)
		if r.parentNameOnly(si, l) {
			e.Confirm = append(e.Confirm, l.Row)
		}
	}
	// Each source's linked rows after its found rows.
	order := map[string]int{}
	for _, e := range out {
		if _, ok := order[e.Source]; !ok {
			order[e.Source] = len(order)
		}
	}
	slices.SortStableFunc(out, func(a, b PlanEntry) int { return order[a.Source] - order[b.Source] })
	return out
}

// linkColumn is the referring column of a link "t.col → p.id".
func linkColumn(via string) string {
	ref, _, _ := strings.Cut(via, " → ")
	if i := strings.LastIndexByte(ref, '.'); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// WriteErasurePlan writes the erasure plan as JSON (schema
// crmscan.erasure-plan/v1): per subject (by label only) and location the
// advised action, with row keys and column names but no values.
func (r *Result) WriteErasurePlan(w io.Writer) error {
	type subj struct {
		Label     string      `json:"label"`
		Capped    bool        `json:"capped,omitempty"`
		Locations []PlanEntry `json:"locations"`
		// Possible counts the possible matches left out (see the text or
		// access output), so that none is forgotten.
		Possible int      `json:"possible_matches_not_included,omitempty"`
		Notes    []string `json:"notes,omitempty"`
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
		doc.Subjects = append(doc.Subjects, subj{Label: r.Matcher.Subjects[si].Label, Capped: r.capped(si), Locations: r.Plan(si),
			Possible: len(r.possibles(si)), Notes: r.notes(si)})
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
	T := textLabels[r.lang()]
	ew := &errWriter{w: w}
	for si := range r.Matcher.Subjects {
		s := &r.Matcher.Subjects[si]
		var ids []string
		for _, id := range s.Identifiers() {
			ids = append(ids, kindWord(T, id.Kind)+" "+Mask(id.Kind, id.Normalized))
		}
		ew.printf("%s (%s)\n", r.subjectLabel(si), strings.Join(ids, ", "))
		locs := r.locations(si)
		if len(locs) == 0 {
			ew.printf("  %s\n", T["not_found"])
		}
		rows, srcs := 0, map[string]bool{}
		for _, e := range r.Plan(si) {
			where := e.Path
			if e.Table != "" && !strings.HasSuffix(where, e.Table) {
				where += " [" + e.Table + "]"
			}
			by := make([]string, len(e.MatchedBy))
			for i, k := range e.MatchedBy {
				by[i] = kindWord(T, k)
			}
			how := fmt.Sprintf(T["by"], strings.Join(by, ", "), strings.Join(e.Columns, ", "))
			if e.LinkedVia != "" {
				how = fmt.Sprintf(T["linked_by"], e.LinkedVia)
			}
			confirm := ""
			if len(e.Confirm) > 0 {
				what := T["name_only"]
				if e.LinkedVia != "" {
					what = T["linked_name_only"]
				}
				confirm = fmt.Sprintf(T["confirm"], what, rowList(T, e.Confirm))
			}
			action := e.Action
			if a := T["action_"+e.Action]; a != "" {
				action = a
			}
			ew.printf(T["location"], where, e.Kind, len(e.Rows), rowList(T, e.Rows), how, action, confirm)
			if e.LinkedVia == "" {
				rows += len(e.Rows)
				srcs[e.Source] = true
			}
		}
		if len(locs) > 0 {
			ew.printf(T["found_in"], rows, len(locs), len(srcs))
			if n := len(r.linked(si)); n > 0 {
				ew.printf(T["and_linked"], n)
			}
			ew.printf("\n")
		}
		if ps := r.possibles(si); len(ps) > 0 {
			ew.printf("  %s\n", T["possible"])
			for _, p := range ps {
				where := p.row.Path
				if p.row.Table != "" && !strings.HasSuffix(where, p.row.Table) {
					where += " [" + p.row.Table + "]"
				}
				ew.printf(T["possible_row"], where, p.row.Kind, p.row.Row, strings.Join(p.columns, ", "), p.score)
			}
		}
		for _, n := range r.notes(si) {
			if n == NoteNameOnly {
				ew.printf("  %s\n", T["note_name_only"])
			}
		}
		if r.capped(si) {
			ew.printf(T["capped"], scanner.MaxSubjectRows)
		}
	}
	return ew.err
}

// rowList shows up to five row keys.
func rowList(T map[string]string, rows []int64) string {
	keys := make([]string, 0, 6)
	for i, k := range rows {
		if i == 5 {
			keys = append(keys, fmt.Sprintf(T["more"], len(rows)-5))
			break
		}
		keys = append(keys, fmt.Sprint(k))
	}
	return strings.Join(keys, ", ")
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
