// Package merge joins the JSON reports of the shards of one sharded scan
// (crmscan scan --shard i/n) into the report a single run of the same
// targets would have written: the same sources, column profiles, tables,
// findings with their stable IDs and fingerprints, counts, AP checklist
// and errors, in the same order. Only the timings differ: the merged scan
// started when the first shard started and finished when the last one did.
//
// Everything a whole scan computes across units is recomputed here from
// what the shard reports hold: the order of sources, tables and findings,
// the finding IDs (whose length depends on collisions in the whole
// report), the summary counts, the checklist, the errors, and a database
// whose tables were spread over the shards. Everything else is computed
// per unit (a file, an archive, a database table) and so is already the
// same in the shard that read the unit as in a whole scan.
//
// Merge refuses reports that are not one scan: different fingerprint keys,
// rule sets, options, targets, versions, or shard counts, and says which
// shard is missing or given twice.
package merge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/dbsrc"
)

// Input is one shard's report and the name it is known by in messages
// (its file).
type Input struct {
	Name   string
	Report *reporters.Report
}

// Load reads a JSON report.
func Load(path string) (*reporters.Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r reporters.Report
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: not a JSON report: %v", path, err)
	}
	if r.Schema != reporters.Schema {
		return nil, fmt.Errorf("%s: schema %q, want %q", path, r.Schema, reporters.Schema)
	}
	return &r, nil
}

// Merge joins the shard reports. They may come in any order; the result
// depends only on their content. rs is the rule set the shards ran with
// (the defaults and the same --config): the summary, action plan and
// checklist are built from it as the scan builds them.
func Merge(in []Input, rs *rules.Set) (*reporters.Report, error) {
	if len(in) == 0 {
		return nil, errors.New("no shard reports given")
	}
	if err := check(in); err != nil {
		return nil, err
	}
	if d := rs.Digest(); d != in[0].Report.Scan.Shard.RulesID {
		return nil, fmt.Errorf("the shards ran with other rules (rules_id %s) than merge has (%s): give merge the same --config as the shards", in[0].Report.Scan.Shard.RulesID, d)
	}
	in = slices.Clone(in)
	sort.SliceStable(in, func(i, j int) bool { return in[i].Report.Scan.Shard.Index < in[j].Report.Scan.Shard.Index })
	first := in[0].Report

	// tblKey orders the tables of a database spread over the shards by
	// their place among all its tables; the tables of any other source
	// all come from one shard, whose order is kept (key 0, stable sort).
	type tkey struct{ src, table string }
	dbTable := map[tkey]int{}
	for _, s := range in {
		for _, t := range s.Report.Scan.Shard.Tables {
			dbTable[tkey{t.Source, t.Table}] = t.Index
		}
	}
	tblKey := func(src, table string) int {
		if i, ok := dbTable[tkey{src, table}]; ok {
			return i
		}
		return 0
	}

	out := &reporters.Report{
		Schema: first.Schema, Tool: first.Tool, KeyID: first.KeyID, Scan: first.Scan,
		Sources: []reporters.Source{}, Columns: []reporters.Column{}, Findings: []reporters.Finding{},
		Checklist: []reporters.Checklist{}, Errors: []reporters.Error{},
	}
	out.Scan.Targets = slices.Clone(first.Scan.Targets)
	out.Scan.Shard = nil
	for _, s := range in[1:] {
		sc := s.Report.Scan
		if sc.Started < out.Scan.Started { // RFC 3339 in UTC: text order is time order
			out.Scan.Started = sc.Started
		}
		if sc.Finished > out.Scan.Finished {
			out.Scan.Finished = sc.Finished
		}
		out.Scan.Incomplete = out.Scan.Incomplete || sc.Incomplete
	}

	srcs, err := mergeSources(in, first.Scan.Shard.Units, tblKey)
	if err != nil {
		return nil, err
	}
	out.Sources = srcs
	for _, s := range out.Sources {
		if s.Error != "" {
			out.Errors = append(out.Errors, reporters.Error{Source: s.ID, Message: s.Error})
		}
	}

	// Columns and tables: by source, then table; a table's own order
	// (its columns) comes from the one shard that read it.
	for _, s := range in {
		out.Columns = append(out.Columns, s.Report.Columns...)
		out.Tables = append(out.Tables, s.Report.Tables...)
	}
	sort.SliceStable(out.Columns, func(i, j int) bool {
		a, b := &out.Columns[i], &out.Columns[j]
		if x, y := sourceNum(a.Source), sourceNum(b.Source); x != y {
			return x < y
		}
		return tblKey(a.Source, a.Table) < tblKey(b.Source, b.Table)
	})
	sort.SliceStable(out.Tables, func(i, j int) bool {
		a, b := &out.Tables[i], &out.Tables[j]
		if x, y := sourceNum(a.Source), sourceNum(b.Source); x != y {
			return x < y
		}
		return tblKey(a.Source, a.Table) < tblKey(b.Source, b.Table)
	})

	// Findings: a whole scan sorts them by severity (worst first), then
	// source, table, column and detector. Within one source and table
	// every finding comes from one shard, already in column and detector
	// order, so a stable sort on the first three keys gives the same
	// order. A source's own findings (no table) come after its tables'.
	for _, s := range in {
		out.Findings = append(out.Findings, s.Report.Findings...)
	}
	sev := func(f *reporters.Finding) rules.Severity { s, _ := rules.ParseSeverity(f.Severity); return s }
	findTbl := func(f *reporters.Finding) int {
		if f.Location.Table == "" {
			return 1 << 30
		}
		return tblKey(f.Location.Source, f.Location.Table)
	}
	sort.SliceStable(out.Findings, func(i, j int) bool {
		a, b := &out.Findings[i], &out.Findings[j]
		if x, y := sev(a), sev(b); x != y {
			return x > y
		}
		if x, y := sourceNum(a.Location.Source), sourceNum(b.Location.Source); x != y {
			return x < y
		}
		return findTbl(a) < findTbl(b)
	})
	// The people each finding concerns come back from the shards'
	// sketches; then IDs (a six-digit ID that collides in the whole report
	// gets ten digits, which no single shard could know), the summary,
	// the action plan and the checklist are built as one run builds them.
	for i := range out.Findings {
		f := &out.Findings[i]
		f.Values, f.ValuesSketch = f.ValuesSketch.Sketch(), nil
	}
	reporters.Finalize(out, rs)
	return out, nil
}

// check refuses reports that are not the shards of one scan.
func check(in []Input) error {
	for _, s := range in {
		if s.Report == nil || s.Report.Scan.Shard == nil {
			return fmt.Errorf("%s is not a shard report (it was made without --shard i/n)", s.Name)
		}
	}
	a := in[0]
	ash := a.Report.Scan.Shard
	for _, b := range in[1:] {
		bsh := b.Report.Scan.Shard
		differ := func(what, x, y string) error {
			return fmt.Errorf("%s and %s are not shards of one scan: %s %s and %s", a.Name, b.Name, what, x, y)
		}
		switch {
		case a.Report.KeyID != b.Report.KeyID:
			return differ("different fingerprint keys (key_id)", a.Report.KeyID, b.Report.KeyID)
		case ash.RulesID != bsh.RulesID:
			return differ("different rule sets (rules_id; the same --config on every shard)", ash.RulesID, bsh.RulesID)
		case !slices.Equal(a.Report.Scan.Targets, b.Report.Scan.Targets):
			return differ("different targets", strings.Join(a.Report.Scan.Targets, " "), strings.Join(b.Report.Scan.Targets, " "))
		case ash.Plan != bsh.Plan:
			return differ("different options (--include, --exclude, --sample, --full, --profile, --country, --lang, --schema, --table, --views, --show-values; plan)", ash.Plan, bsh.Plan)
		case a.Report.Tool != b.Report.Tool:
			return differ("different crmscan versions", a.Report.Tool.Version, b.Report.Tool.Version)
		case ash.Count != bsh.Count:
			return differ("different shard counts", strconv.Itoa(ash.Count), strconv.Itoa(bsh.Count))
		case ash.Units != bsh.Units:
			return differ("the targets held different files (units)", strconv.Itoa(ash.Units), strconv.Itoa(bsh.Units))
		case a.Report.Scan.Baseline != b.Report.Scan.Baseline:
			return differ("different baselines", a.Report.Scan.Baseline, b.Report.Scan.Baseline)
		}
	}
	n := ash.Count
	if n < 1 || n > 1<<20 {
		return fmt.Errorf("%s: shard count %d is not a number of shards", a.Name, n)
	}
	by := make([]string, n)
	for _, s := range in {
		i := s.Report.Scan.Shard.Index
		if i < 0 || i >= n {
			return fmt.Errorf("%s: shard %d/%d is out of range", s.Name, i, n)
		}
		if by[i] != "" {
			return fmt.Errorf("shard %d/%d is given twice: %s and %s", i, n, by[i], s.Name)
		}
		by[i] = s.Name
	}
	var missing []string
	for i, name := range by {
		if name == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) == 1 {
		return fmt.Errorf("shard %s is missing (the report of crmscan scan --shard %s)", missing[0], missing[0])
	}
	if len(missing) > 1 {
		return fmt.Errorf("shards %s are missing", strings.Join(missing, ", "))
	}
	return nil
}

// mergeSources joins the sources: each file's from the one shard that read
// it, a database's from every shard (each read some of its tables). Every
// unit of the targets must be there: s1..sN.
func mergeSources(in []Input, units int, tblKey func(src, table string) int) ([]reporters.Source, error) {
	isDB := map[string]bool{}
	for _, k := range dbsrc.Kinds() {
		isDB[k] = true
	}
	type part struct {
		shard int
		src   *reporters.Source
	}
	parts := map[string][]part{}
	for si, s := range in {
		for i := range s.Report.Sources {
			src := &s.Report.Sources[i]
			n := sourceNum(src.ID)
			if n < 1 || n > units {
				return nil, fmt.Errorf("%s: source %s is not one of the %d units the shards list", s.Name, src.ID, units)
			}
			if prev := parts[src.ID]; len(prev) > 0 && !(isDB[src.Kind] && prev[0].src.Kind == src.Kind && prev[0].src.Name == src.Name) {
				return nil, fmt.Errorf("source %s (%s) is in %s and %s: the shards saw different files (give every shard the same targets)",
					src.ID, src.Name, in[prev[0].shard].Name, s.Name)
			}
			parts[src.ID] = append(parts[src.ID], part{si, src})
		}
	}
	out := make([]reporters.Source, 0, units)
	for n := 1; n <= units; n++ {
		id := "s" + strconv.Itoa(n)
		ps := parts[id]
		if len(ps) == 0 {
			return nil, fmt.Errorf("source %s is in no shard report: the shards saw different files (give every shard the same targets)", id)
		}
		if len(ps) == 1 {
			out = append(out, *ps[0].src)
			continue
		}
		// A database read in parts: counts add up; the details a whole
		// scan shows for a database of one table are that table's.
		m := *ps[0].src
		m.Tables, m.RowsScanned, m.RowsTotal, m.Sampled, m.Details, m.Notes = 0, 0, 0, false, nil, nil
		var errs []string
		type note struct {
			tbl  int
			text string
		}
		var notes []note
		for _, p := range ps {
			s := p.src
			m.Tables += s.Tables
			m.RowsScanned += s.RowsScanned
			m.RowsTotal += s.RowsTotal
			m.Sampled = m.Sampled || s.Sampled
			if s.Error != "" {
				errs = append(errs, s.Error)
			}
			for _, t := range s.Notes {
				notes = append(notes, note{noteTable(in[p.shard].Report, id, t, tblKey), t})
			}
		}
		if m.Tables == 1 {
			for _, p := range ps {
				if p.src.Tables == 1 {
					m.Details = p.src.Details
				}
			}
		}
		sort.SliceStable(notes, func(i, j int) bool { return notes[i].tbl < notes[j].tbl })
		for _, nt := range notes {
			m.Notes = append(m.Notes, nt.text)
		}
		m.Error = joinErrors(in, id, errs, tblKey)
		out = append(out, m)
	}
	return out, nil
}

// joinErrors joins the errors of a database read in parts as a whole scan
// writes them: its tables' errors ("table NAME: ...", one after another) in
// table order, an error of the whole database (the connection) once.
func joinErrors(in []Input, src string, errs []string, tblKey func(src, table string) int) string {
	var names []string
	for _, s := range in {
		for _, t := range s.Report.Scan.Shard.Tables {
			if t.Source == src {
				names = append(names, t.Table)
			}
		}
	}
	// Longer names first: "table a.b_c: " is not "table a.b: ".
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	type part struct {
		tbl  int
		text string
	}
	var parts []part
	for _, e := range errs {
		// Cut the text where a table's error starts.
		var cuts []int
		var tbls []int
		for i := 0; i < len(e); i++ {
			if i > 0 && e[i-1] != ' ' || !strings.HasPrefix(e[i:], "table ") {
				continue
			}
			for _, n := range names {
				if strings.HasPrefix(e[i+len("table "):], n+": ") {
					cuts, tbls = append(cuts, i), append(tbls, tblKey(src, n))
					break
				}
			}
		}
		if len(cuts) == 0 || cuts[0] > 0 {
			cuts, tbls = append([]int{0}, cuts...), append([]int{-1}, tbls...)
		}
		for k, c := range cuts {
			end := len(e)
			if k+1 < len(cuts) {
				end = cuts[k+1]
			}
			parts = append(parts, part{tbls[k], strings.TrimSpace(e[c:end])})
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].tbl < parts[j].tbl })
	var out []string
	for _, p := range parts {
		if p.text != "" && !slices.Contains(out, p.text) {
			// The same connection failure is every shard's.
			out = append(out, p.text)
		}
	}
	return strings.Join(out, " ")
}

// noteTable finds the table a source note is about ("table NAME: ...").
func noteTable(r *reporters.Report, src, note string, tblKey func(src, table string) int) int {
	best, at := "", 0
	for _, t := range r.Scan.Shard.Tables {
		if t.Source == src && strings.HasPrefix(note, "table "+t.Table+": ") && len(t.Table) > len(best) {
			best, at = t.Table, tblKey(src, t.Table)
		}
	}
	return at
}

// sourceNum is the number of a source ID ("s12" → 12), 0 when it is none.
func sourceNum(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "s"))
	if err != nil || !strings.HasPrefix(id, "s") {
		return 0
	}
	return n
}
