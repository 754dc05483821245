package gate

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

// Rule IDs of the gate's findings (rules/gate.toml).
const (
	RuleKindNotAllowed          = "gate.kind_not_allowed"
	RuleSensitiveKindNotAllowed = "gate.sensitive_kind_not_allowed"
	RuleOptedOutRows            = "gate.opted_out_rows"
	RuleDeletedRows             = "gate.deleted_rows"
	RuleMaxRows                 = "gate.max_rows"
	RuleAgreementExpired        = "gate.agreement_expired"
	RuleTransferOutsideEEA      = "gate.transfer_outside_eea"
	RuleRequiredColumnMissing   = "gate.required_column_missing"
	RuleRequiredValue           = "gate.required_value"
)

// Violation is one way an export breaks its recipient's policy.
type Violation struct {
	Rule string
	// Clause is the policy key broken: allow, deny, max_rows,
	// agreement_end, countries, require, allow_opted_out, allow_deleted.
	Clause string
	// Where: empty for the policy-wide clauses (agreement, countries).
	Source, Table, Column string
	// Columns are all the columns concerned (the consent columns).
	Columns []string
	// Kinds are the kinds of personal data not allowed.
	Kinds []string
	Count int64
	Rows  []int64
	// Facts are the values the message names (rows, agreement_end, ...).
	Facts map[string]string
}

// column is what the gate reads from one column profile.
type column struct {
	c     *reporters.Column
	kinds []string // policy kinds held, sorted
	notes bool     // a free-text column holding findings
}

// readColumn returns the kinds a column holds. A kind counts when the
// column's profile is not of low confidence; special categories and
// national IDs count whenever the scan found them, since one diagnosis in
// a notes column is enough to stop an export.
func readColumn(c *reporters.Column) column {
	col := column{c: c}
	for det := range c.Detections {
		kind := kindOfDetection(det)
		if c.Confidence == "low" && !sensitive(kind) {
			continue
		}
		col.kinds = append(col.kinds, kind)
		if isNoteCategory(kind) {
			col.notes = true
		}
	}
	sort.Strings(col.kinds)
	if len(col.kinds) > 0 && c.Classification == "free_text" {
		col.notes = true
	}
	return col
}

// verdict is a policy's reading of one kind in one column: allowed, or
// the rule and clause it breaks.
func (p *Policy) verdict(kind string, notesCol bool) (rule, clause string) {
	rule = RuleKindNotAllowed
	if critical(kind) {
		rule = RuleSensitiveKindNotAllowed
	}
	switch {
	case p.denies(kind):
		return rule, "deny"
	case p.allows(kind):
		return "", ""
	case notesCol && p.allow[AliasNotes] && !sensitive(kind):
		return "", "" // contact details inside notes the policy allows
	}
	return rule, "allow"
}

// allowedKind reports whether the policy lets kind through in the column.
func (p *Policy) allowedKind(col column, kind string) bool {
	rule, _ := p.verdict(kind, col.notes)
	return rule == "" && (!col.notes || p.allow[AliasNotes])
}

// Evaluate checks a scan's report against the policy at time now (the
// scan's clock). It returns the violations, in a stable order: the
// agreement and countries first, then each column, then each table.
func Evaluate(p *Policy, rep *reporters.Report, now time.Time) []Violation {
	var out []Violation
	if !p.AgreementEnd.IsZero() && p.AgreementEnd.Before(now) {
		out = append(out, Violation{Rule: RuleAgreementExpired, Clause: "agreement_end",
			Facts: map[string]string{"agreement_end": p.AgreementEnd.String(), "agreement": orDash(p.Agreement)}})
	}
	for _, c := range p.Countries {
		if p.transferCovered(c) {
			continue
		}
		out = append(out, Violation{Rule: RuleTransferOutsideEEA, Clause: "countries", Facts: map[string]string{"country": c}})
	}

	pii := map[string]bool{} // source \x00 table -> holds personal data
	byTable := map[string][]column{}
	for i := range rep.Columns {
		col := readColumn(&rep.Columns[i])
		tk := col.c.Source + "\x00" + col.c.Table
		byTable[tk] = append(byTable[tk], col)
		if len(col.kinds) == 0 {
			continue
		}
		pii[tk] = true
		type group struct{ rule, clause string }
		kinds := map[group][]string{}
		var order []group
		add := func(g group, k string) {
			if _, ok := kinds[g]; !ok {
				order = append(order, g)
			}
			kinds[g] = append(kinds[g], k)
		}
		for _, k := range col.kinds {
			if rule, clause := p.verdict(k, col.notes); rule != "" {
				add(group{rule, clause}, k)
			}
		}
		if col.notes && !p.allow[AliasNotes] {
			clause := "allow"
			if p.deny[AliasNotes] {
				clause = "deny"
			}
			add(group{RuleKindNotAllowed, clause}, AliasNotes)
		}
		for _, g := range order {
			v := Violation{Rule: g.rule, Clause: g.clause, Source: col.c.Source, Table: col.c.Table,
				Column: col.c.Column, Kinds: kinds[g]}
			for _, k := range kinds[g] {
				if k == AliasNotes {
					v.Count = max(v.Count, col.c.NonEmpty)
					continue
				}
				for det, d := range col.c.Detections {
					if kindOfDetection(det) == k {
						v.Count += d.Count
					}
				}
			}
			v.Rows = findingRows(rep, col.c, kinds[g])
			out = append(out, v)
		}
	}

	rowsTotal := map[string]int64{} // a single-table source's total (estimated when sampled)
	tablesOf := map[string]int{}
	for _, s := range rep.Sources {
		rowsTotal[s.ID], tablesOf[s.ID] = s.RowsTotal, s.Tables
	}
	for _, t := range rep.Tables {
		tk := t.Source + "\x00" + t.Table
		if !pii[tk] {
			continue // no personal data: nothing to gate
		}
		cols := byTable[tk]
		if p.MaxRows > 0 {
			rows := t.Rows
			if tablesOf[t.Source] == 1 && rowsTotal[t.Source] > rows {
				rows = rowsTotal[t.Source]
			}
			if rows > p.MaxRows {
				out = append(out, Violation{Rule: RuleMaxRows, Clause: "max_rows", Source: t.Source, Table: t.Table,
					Count: rows, Facts: map[string]string{"rows": strconv.FormatInt(rows, 10), "max_rows": strconv.FormatInt(p.MaxRows, 10)}})
			}
		}
		if t.DeletedRows > 0 && !p.AllowDeleted {
			out = append(out, Violation{Rule: RuleDeletedRows, Clause: "allow_deleted", Source: t.Source, Table: t.Table,
				Count: t.DeletedRows, Rows: deletedRows(rep, t), Facts: map[string]string{"rows": strconv.FormatInt(t.DeletedRows, 10)}})
		}
		if t.OptedOutRows > 0 {
			v := Violation{Rule: RuleOptedOutRows, Clause: "allow_opted_out", Source: t.Source, Table: t.Table,
				Columns: t.ConsentColumns, Count: t.OptedOutRows, Rows: t.OptedOutSample,
				Facts: map[string]string{"rows": strconv.FormatInt(t.OptedOutRows, 10)}}
			if len(t.ConsentColumns) > 0 {
				v.Column = t.ConsentColumns[0]
			}
			for _, r := range p.Require {
				if c := matchColumn(t.ConsentColumns, r.Column); c != "" && r.Equals != "" {
					v.Clause, v.Column = "require", c
					v.Facts["clause_value"] = r.String()
					break
				}
			}
			if v.Clause == "require" || !p.AllowOptedOut {
				out = append(out, v)
			}
		}
		for _, r := range p.Require {
			out = append(out, p.checkRequire(r, t, cols)...)
		}
	}
	return out
}

// checkRequire checks one [[require]] entry against one table.
func (p *Policy) checkRequire(r Require, t reporters.Table, cols []column) []Violation {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.c.Column
	}
	name := matchColumn(names, r.Column)
	facts := map[string]string{"clause_value": r.String()}
	if name == "" {
		return []Violation{{Rule: RuleRequiredColumnMissing, Clause: "require", Source: t.Source, Table: t.Table,
			Column: r.Column, Facts: facts}}
	}
	if r.Equals == "" {
		return nil
	}
	if matchColumn(t.ConsentColumns, name) == "" {
		facts["problem"] = fmt.Sprintf("equals = %q cannot be verified: crmscan does not read %s as a consent or opt-out flag", string(r.Equals), name)
		return []Violation{{Rule: RuleRequiredValue, Clause: "require", Source: t.Source, Table: t.Table, Column: name, Facts: facts}}
	}
	for _, c := range cols {
		if c.c.Column != name {
			continue
		}
		if empty := c.c.RowsScanned - c.c.NonEmpty; empty > 0 {
			facts["problem"] = fmt.Sprintf("%d rows have no value (want %s)", empty, string(r.Equals))
			facts["rows"] = strconv.FormatInt(empty, 10)
			return []Violation{{Rule: RuleRequiredValue, Clause: "require", Source: t.Source, Table: t.Table,
				Column: name, Count: empty, Facts: facts}}
		}
	}
	return nil // rows with another value are the opted-out rows
}

// String renders a require entry as the policy file has it.
func (r Require) String() string {
	s := fmt.Sprintf("require column = %q", r.Column)
	if r.Equals != "" {
		s += fmt.Sprintf(", equals = %q", string(r.Equals))
	}
	return s
}

// matchColumn finds want among names as crmscan compares column names:
// case, spaces, dashes and underscores aside (Opt-In is opt_in).
func matchColumn(names []string, want string) string {
	w := rules.NormColumn(want)
	for _, n := range names {
		if rules.NormColumn(n) == w {
			return n
		}
	}
	return ""
}

// transferCovered reports whether processing in country c is lawful
// under the policy: the EEA, an adequacy decision (the US only with the
// Data Privacy Framework), or standard contractual clauses.
func (p *Policy) transferCovered(c string) bool {
	t := p.Transfers[c]
	switch {
	case eea[c], p.SCCs, t.SCCs:
		return true
	case c == "US":
		return p.DPF || t.DPF
	}
	_, ok := adequate[c]
	return ok
}

// findingRows returns the example rows of the scan's findings of kinds in
// a column.
func findingRows(rep *reporters.Report, c *reporters.Column, kinds []string) []int64 {
	want := map[string]bool{}
	for _, k := range kinds {
		want[ruleOfKind(k)] = true
	}
	var rows []int64
	seen := map[int64]bool{}
	for _, f := range rep.Findings {
		if f.Location.Source != c.Source || f.Location.Table != c.Table || f.Location.Column != c.Column || !want[f.Rule] {
			continue
		}
		for _, r := range f.Location.Rows {
			if !seen[r] {
				seen[r] = true
				rows = append(rows, r)
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i] < rows[j] })
	if len(rows) > 5 {
		rows = rows[:5]
	}
	return rows
}

// deletedRows returns the example rows of the scan's erasure finding for a table.
func deletedRows(rep *reporters.Report, t reporters.Table) []int64 {
	for _, f := range rep.Findings {
		if f.Rule == "erasure.soft_deleted_pii" && f.Location.Source == t.Source && f.Location.Table == t.Table {
			return f.Location.Rows
		}
	}
	return nil
}

func ruleOfKind(kind string) string {
	if strings.Contains(kind, ".") {
		return kind
	}
	return "pii." + kind
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
