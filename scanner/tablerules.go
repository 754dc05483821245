package scanner

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

// dbKinds are the source kinds that are live databases; every other kind is
// a file: an export or a backup.
var dbKinds = map[string]bool{"postgres": true, "mysql": true, "sqlserver": true, "sqlite": true}

// tableRef is one table as the report builder sees it.
type tableRef struct {
	si, ti    int
	src       *srcState
	ts        *tableState
	cols      []reporters.Column // this table's column profiles, in order
	estimated bool
	scale     float64
	role      string // the table's role (roles.go); "" judges it as about people
}

// newFinding fills a finding from its rule; ok is false when the rule is
// missing or disabled.
func newFinding(opt Options, id string, r tableRef, column string) (reporters.Finding, rules.Severity, bool) {
	rule, ok := opt.Rules.Rule(id)
	if !ok || rule.Disabled {
		return reporters.Finding{}, 0, false
	}
	txt := rule.Text(opt.Lang)
	table := ""
	if r.ts != nil {
		table = r.ts.t.name
	}
	return reporters.Finding{
		Rule: id, Title: txt.Title, Severity: rule.Severity.String(), Confidence: "high",
		Category: rule.Category,
		Location: reporters.Location{Source: r.src.id, Path: r.src.path, Table: table, Column: column, Rows: []int64{}},
		Samples:  []string{}, APSteps: sharedSlice(rule.APSteps), GDPR: sharedSlice(rule.GDPR),
		Remediation: txt.Remediation,
		Fingerprint: findingPrint(opt, id, r.src.rel, table, column, false),
	}, rule.Severity, true
}

func (r tableRef) count(n int64) int64 {
	if r.estimated {
		return int64(float64(n)*r.scale + 0.5)
	}
	return n
}

func colName(r tableRef, i int) string {
	if i >= 0 && i < len(r.ts.t.cols) {
		return r.ts.t.cols[i].Name
	}
	return ""
}

// tableFindings applies the row, table and schema rules to one table.
func tableFindings(opt Options, r tableRef) []ranked {
	var out []ranked
	add := func(f reporters.Finding, sev rules.Severity, col int) {
		f.Estimated = r.estimated && f.Count > 0
		out = append(out, ranked{f: f, sev: sev, src: r.si, tbl: r.ti, col: col, det: 1 << 20})
	}
	t, st, ro := r.ts.t, &r.ts.rowSt, r.ts.t.roles
	// The CRM rules (soft-deleted, retention, minors, consent,
	// minimisation) judge only tables about people.
	crm := r.role == "" || aboutPeople(r.role)
	// Consent and minimisation are questions about a table of people: an
	// order or a log has no consent column of its own.
	peopleOnly := r.role == "" || r.role == rolePeople
	hasPII := false
	contact := false
	for i, c := range r.cols {
		if len(c.Detections) > 0 {
			hasPII = true
		}
		if (c.Classification == "email" || c.Classification == "phone") && i < len(t.cols) {
			// Only real contact data: a staging table of example values
			// is not a table of contacts.
			for di, d := range t.dets {
				if d.ID() == c.Classification && r.ts.cols[i].peek(di) != nil && r.ts.cols[i].peek(di).cellsAny > 0 {
					contact = true
				}
			}
		}
	}

	if crm && st.deletedPII > 0 {
		if f, sev, ok := newFinding(opt, "erasure.soft_deleted_pii", r, ""); ok {
			f.Count = r.count(st.deletedPII)
			f.Location.Rows = st.deletedSet.list()
			for i, p := range st.deletedCols {
				if p && i < len(t.cols) {
					f.Columns = append(f.Columns, t.cols[i].Name)
				}
			}
			var flags []string
			for _, d := range ro.deleted {
				flags = append(flags, colName(r, d.col))
			}
			f.Details = map[string]string{"profile": ro.profile, "flag_columns": strings.Join(flags, ", "),
				"deleted_rows": strconv.FormatInt(r.count(st.deletedRows), 10)}
			add(f, sev, -1)
		}
	}
	if crm && st.expired > 0 {
		if f, sev, ok := newFinding(opt, "retention.expired", r, colName(r, ro.activity)); ok {
			f.Count = r.count(st.expired)
			f.Location.Rows = st.expiredSet.list()
			f.Details = map[string]string{"profile": ro.profile, "oldest": fmtYMD(st.oldest),
				"retention_years": strconv.FormatFloat(ro.retentionYears, 'f', -1, 64)}
			add(f, sev, ro.activity)
		}
	}
	if crm && st.minors > 0 {
		if f, sev, ok := newFinding(opt, "children.minor", r, colName(r, ro.birth)); ok {
			f.Count = r.count(st.minors)
			f.Location.Rows = st.minorSet.list()
			f.Details = map[string]string{"min_age": strconv.FormatFloat(ro.minAge, 'f', -1, 64)}
			add(f, sev, ro.birth)
		}
	}

	consentCols := 0
	for i, c := range t.cols {
		n := rules.NormColumn(c.Name)
		if !rules.ConsentColumn(n) && !inInts(ro.optIn, i) && !inInts(ro.optOut, i) {
			continue
		}
		consentCols++
		if !crm || rules.OptOutColumn(n) || inInts(ro.optOut, i) || !truthyDefault(c.Default) {
			continue
		}
		if f, sev, ok := newFinding(opt, "consent.default_opt_in", r, c.Name); ok {
			f.Details = map[string]string{"default": "true"}
			add(f, sev, i)
		}
	}
	if peopleOnly && contact && consentCols == 0 {
		if f, sev, ok := newFinding(opt, "consent.missing", r, ""); ok {
			f.Details = map[string]string{"profile": ro.profile}
			add(f, sev, -1)
		}
	}

	// Personal-data columns that are almost never filled.
	if rule, ok := opt.Rules.Rule("minimisation.unused_pii"); ok && !rule.Disabled && hasPII && peopleOnly {
		maxFill, minRows := rule.Param("max_fill", 0.05), rule.Param("min_rows", 20)
		rows := r.ts.rows
		for i, c := range t.cols {
			if float64(rows) < minRows || !piiHint(t, i) {
				continue
			}
			if n := r.ts.cols[i].nonEmpty; n == 0 || float64(n) > maxFill*float64(rows) {
				// An empty column holds nobody's data: nothing to minimise, no finding.
				continue
			}
			if f, sev, ok := newFinding(opt, "minimisation.unused_pii", r, c.Name); ok {
				f.Count = r.count(r.ts.cols[i].nonEmpty)
				f.Details = map[string]string{"filled": fmt.Sprintf("%d of %d rows", r.ts.cols[i].nonEmpty, rows)}
				add(f, sev, i)
			}
		}
	}

	// Card numbers where no card number belongs.
	for i, c := range r.cols {
		d, ok := c.Detections["credit_card"]
		if !ok || i >= len(t.cols) {
			continue
		}
		if c.Classification == "credit_card" && hint(t, i, "credit_card") {
			continue
		}
		if f, sev, ok := newFinding(opt, "security.card_in_text", r, c.Column); ok {
			f.Count = d.Count
			add(f, sev, i)
		}
	}
	return out
}

// sourceFindings applies the rules about a whole source: a file export or
// backup holding personal data in plain text. found holds the findings of
// this source only.
func sourceFindings(opt Options, si int, s *srcState, found []ranked) []ranked {
	if dbKinds[s.kind] || s.err != nil && len(s.tables) == 0 {
		return nil
	}
	cols := map[string]bool{}
	sensitive := map[string]bool{}
	worst := rules.Severity(0)
	for _, f := range found {
		if f.src != si || f.f.TestValue || f.f.Location.Column == "" {
			continue
		}
		if strings.HasPrefix(f.f.Rule, "pii.") {
			cols[f.f.Location.Table+"\x00"+f.f.Location.Column] = true
		}
		if sensitiveExportCategories[f.f.Category] {
			sensitive[f.f.Category] = true
			worst = max(worst, f.sev)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	f, sev, ok := newFinding(opt, "security.unencrypted_export", tableRef{si: si, src: s}, "")
	if !ok {
		return nil
	}
	// Graded by content: a plain-text file of contact data is a low risk
	// that a CI gate on --fail-on high lets pass; financial data, national
	// IDs and special categories keep the rule's severity, and a critical
	// finding inside (a card or national number) makes the file critical.
	if len(sensitive) == 0 {
		rule, _ := opt.Rules.Rule("security.unencrypted_export")
		sev = min(sev, rules.Severity(rule.Param("contact_severity", float64(rules.Low))))
	} else if worst == rules.Critical {
		sev = rules.Critical
	}
	f.Severity = sev.String()
	f.Count = int64(len(cols))
	f.Details = map[string]string{"format": s.kind, "personal_data_columns": strconv.Itoa(len(cols))}
	if len(sensitive) > 0 {
		f.Details["sensitive_categories"] = strings.Join(slices.Sorted(maps.Keys(sensitive)), ", ")
	}
	return []ranked{{f: f, sev: sev, src: si, tbl: 1 << 20, col: -1, det: 1 << 20}}
}

// sensitiveExportCategories are the categories of findings that make a
// plain-text export a high risk rather than a low one.
var sensitiveExportCategories = map[string]bool{
	"financial": true, "national_id": true, "special_category": true, "criminal": true,
}

// hint reports whether a column's name hints at a detector's kind.
func hint(t *table, col int, det string) bool {
	for di, d := range t.dets {
		if t.hasHint(col, di) && d.ID() == det {
			return true
		}
	}
	return false
}

// piiHint reports whether a column's name says it holds personal data.
func piiHint(t *table, col int) bool {
	for di, d := range t.dets {
		if t.hasHint(col, di) && strings.HasPrefix(detectors.RuleOf(d), "pii.") {
			return true
		}
	}
	return false
}

func inInts(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// truthyDefault reports whether a declared column default means true:
// 1, true, 'Y', b'1', ((1)), '1'::boolean...
func truthyDefault(d string) bool {
	d = strings.ToLower(strings.TrimSpace(d))
	if i := strings.Index(d, "::"); i >= 0 {
		d = d[:i]
	}
	d = strings.Trim(d, "()'\" ")
	d = strings.TrimPrefix(d, "b'")
	d = strings.Trim(d, "'")
	switch d {
	case "1", "true", "t", "yes", "y", "ja", "j", "on", "opt-in", "optin", "confirmed-opt-in":
		return true
	}
	return false
}

func fmtYMD(d int32) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100)
}

// tableSummary is the report's view of one table's row rules.
func tableSummary(s *srcState, ts *tableState, estimated bool, scale float64) reporters.Table {
	r := tableRef{estimated: estimated, scale: scale}
	t := reporters.Table{Source: s.id, Table: ts.t.name, Rows: ts.rows, Estimated: estimated}
	ro, st := ts.t.roles, &ts.rowSt
	if ro == nil {
		return t
	}
	t.Profile = ro.profile
	t.DeletedRows = r.count(st.deletedRows)
	t.OptedOutRows = r.count(st.optedOut)
	t.OptedOutSample = st.optedOutSet.list()
	for _, i := range append(append([]int{}, ro.optIn...), ro.optOut...) {
		if i < len(ts.t.cols) {
			t.ConsentColumns = append(t.ConsentColumns, ts.t.cols[i].Name)
		}
	}
	return t
}
