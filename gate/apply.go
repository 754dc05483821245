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
// checklist are brought up to date. It returns the number of violation
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
			if ruleOfKind(k) == f.Rule && p.allowedKind(col, k) {
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
	// location), so the scan's keep theirs unless one now collides.
	renamed := map[string]string{}
	all := append(gates, rep.Findings...)
	old := make([]string, len(all))
	for i := range all {
		old[i] = all[i].ID
	}
	reporters.AssignIDs(all)
	rep.Summary = reporters.Summary{BySeverity: map[string]int{}, ByCategory: map[string]int{}}
	for i := range all {
		if old[i] != "" && old[i] != all[i].ID {
			renamed[old[i]] = all[i].ID
		}
		rep.Summary.BySeverity[all[i].Severity]++
		rep.Summary.ByCategory[all[i].Category]++
		if all[i].Baseline {
			rep.Summary.Suppressed++
		}
	}
	rep.Findings = all
	rep.Summary.Findings = len(all)

	// The checklist: the renumbered IDs, the gate's findings, and step 8
	// evaluated (the gate checked the recipient's agreement).
	steps := rs.Steps()
	for ci := range rep.Checklist {
		c := &rep.Checklist[ci]
		for i, id := range c.Findings {
			if n, ok := renamed[id]; ok {
				c.Findings[i] = n
			}
		}
		worst := 0
		for _, f := range rep.Findings {
			for _, n := range f.APSteps {
				if n == c.Step {
					worst = max(worst, sev(f.Severity))
					if f.Rule != "" && strings.HasPrefix(f.Rule, "gate.") {
						c.Findings = append(c.Findings, f.ID)
					}
				}
			}
		}
		sort.Strings(c.Findings)
		status := c.Status
		switch {
		case worst >= sev("high"):
			status = "fail"
		case worst > 0:
			status = "warn"
		case c.Step == 8:
			status = "pass"
		}
		if status != c.Status {
			c.Status, c.Questions = status, nil
			if status != "pass" && c.Step >= 1 && c.Step <= len(steps) {
				c.Questions = steps[c.Step-1].Text(lang).Questions
			}
		}
	}
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
	if lang == "nl" {
		return fmt.Sprintf("toegestaan door beleid %s voor %s (allow: %s)", p.File, p.Recipient, kind)
	}
	return fmt.Sprintf("allowed by policy %s for %s (allow: %s)", p.File, p.Recipient, kind)
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
