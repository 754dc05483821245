package gate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

// Summer keys a fingerprint (scanner/fingerprint.Key).
type Summer interface {
	Sum(parts ...string) string
}

// Apply puts the gate's verdict into a scan's report: each violation
// becomes a finding under its gate.* rule, listed first; the scan's findings
// of kinds the policy allows in their column are marked accepted (like a
// baseline: they no longer count for --fail-on, and SARIF shows them as
// suppressed) with the policy as justification; the IDs, summary and AP
// checklist are rebuilt (reporters.Finalize). It returns the number of violation
// findings added (a rule disabled in a --config file adds none).
func Apply(rep *reporters.Report, p *Policy, vs []Violation, rs *rules.Set, key Summer) int {
	lang := rep.Scan.Lang
	paths := map[string]string{}
	for _, s := range rep.Sources {
		paths[s.ID] = s.Name
	}

	// Findings the policy allows.
	cols := map[string]column{}
	for i := range rep.Columns {
		c := &rep.Columns[i]
		cols[c.Source+"\x00"+c.Table+"\x00"+c.Column] = readColumn(c)
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		col, ok := cols[f.Location.Source+"\x00"+f.Location.Table+"\x00"+f.Location.Column]
		if !ok || f.Location.Column == "" || f.Baseline {
			continue
		}
		for _, k := range col.kinds {
			// A place column's addresses report under pii.place.
			if (ruleOfKind(k) == f.Rule || k == "address" && f.Rule == "pii.place") && p.allowedKind(col, k) {
				f.Baseline = true
				f.Justification = justification(p, k, lang)
			}
		}
	}

	// Violations as findings.
	gates := make([]reporters.Finding, 0, len(vs))
	for _, v := range vs {
		r, ok := rs.Rule(v.Rule)
		if !ok {
			panic("gate: rule " + v.Rule + " missing from rules/gate.toml")
		}
		if r.Disabled {
			continue
		}
		txt := r.Text(lang)
		details := map[string]string{"clause": v.Clause, "policy": p.File, "recipient": p.Recipient}
		for k, val := range v.Facts {
			details[k] = val
		}
		if _, ok := details["clause_value"]; !ok {
			details["clause_value"] = p.clauseValue(v.Clause)
		}
		if len(v.Kinds) > 0 {
			details["kinds"] = strings.Join(v.Kinds, ", ")
		}
		if p.Agreement != "" {
			details["agreement"] = p.Agreement
		}
		msg := render(txt.Description, v, details)
		title := txt.Title
		if msg != "" {
			title += ": " + msg
			details["rule_title"] = txt.Title
		}
		parts := append([]string{"finding", v.Rule, paths[v.Source], v.Table, v.Column, v.Clause}, v.Kinds...)
		if c := details["country"]; c != "" {
			parts = append(parts, c)
		}
		f := reporters.Finding{
			Rule: v.Rule, Title: title, Severity: r.Severity.String(), Confidence: "high", Category: r.Category,
			Location: reporters.Location{Source: v.Source, Path: paths[v.Source], Table: v.Table, Column: v.Column,
				Rows: append([]int64{}, v.Rows...)},
			Count: v.Count, Samples: []string{}, APSteps: append([]int{}, r.APSteps...), GDPR: append([]string{}, r.GDPR...),
			Remediation: txt.Remediation, Fingerprint: key.Sum(parts...), Columns: v.Columns, Details: details,
		}
		if f.Location.Path == "" {
			f.Location.Path = p.File // the agreement and countries are the policy's own
		}
		if v.Column != "" && f.Location.Sheet == "" {
			f.Location.Sheet = sheetOf(rep, v)
		}
		gates = append(gates, f)
	}
	sort.SliceStable(gates, func(i, j int) bool { return sev(gates[i].Severity) > sev(gates[j].Severity) })

	// The gate's findings first, then the scan's; IDs are stable (rule and
	// location), so the scan's keep theirs unless one now collides. The
	// checklist is built anew: with the policy applied, AP step 8 can pass.
	rep.Findings = append(gates, rep.Findings...)
	rep.Scan.Policy = p.File
	if rep.Scan.Policy == "" {
		rep.Scan.Policy = "policy" // a policy built in code, not read from a file
	}
	reporters.Finalize(rep, rs)
	return len(gates)
}

// render fills a message template's {placeholders}.
func render(tmpl string, v Violation, details map[string]string) string {
	if tmpl == "" {
		return ""
	}
	col := v.Column
	if len(v.Columns) > 1 {
		col = strings.Join(v.Columns, ", ")
	}
	pairs := []string{"{column}", col, "{table}", v.Table}
	for k, val := range details {
		pairs = append(pairs, "{"+k+"}", val)
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

func justification(p *Policy, kind, lang string) string {
	return fmt.Sprintf(reporters.Label(lang, "justif_policy"), p.File, p.Recipient, kind)
}

func sheetOf(rep *reporters.Report, v Violation) string {
	for _, f := range rep.Findings {
		if f.Location.Source == v.Source && f.Location.Table == v.Table && f.Location.Column == v.Column && f.Location.Sheet != "" {
			return f.Location.Sheet
		}
	}
	return ""
}

func sev(s string) int {
	v, err := rules.ParseSeverity(s)
	if err != nil {
		return 0
	}
	return int(v)
}
