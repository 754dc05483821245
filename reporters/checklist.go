package reporters

import (
	"path"
	"sort"

	"github.com/crmscan/crmscan/rules"
)

// Checklist statuses. A step passes only when the rules that can show a
// problem for it ran on data they apply to and found nothing; see
// rules/ap_steps.toml for the data behind each step.
const (
	StatusPass        = "pass"
	StatusWarn        = "warn"
	StatusFail        = "fail"
	StatusManual      = "manual"       // no rule can judge the step: questions only
	StatusNotShown    = "not_shown"    // the data cannot show the step is in order
	StatusNotAssessed = "not_assessed" // nothing (or not everything) could be read
)

// Statuses lists the checklist statuses, for legends and tests.
var Statuses = []string{StatusPass, StatusWarn, StatusFail, StatusNotShown, StatusManual, StatusNotAssessed}

// Coverage is what a scan read, judged from its report: whether the step
// rules had data to judge, and whether every source was read.
type Coverage struct {
	// Rows is true when some source gave rows; a scan that read nothing
	// assesses no step.
	Rows bool `json:"rows"`
	// People is true when some table or column holds a person's data.
	People bool `json:"people"`
	// Policy is true when an export policy was applied (crmscan gate).
	Policy bool `json:"policy"`
	// Partial is true when a source could not be read or the scan was
	// interrupted: a clean step is then not assessed rather than passed.
	Partial bool `json:"partial"`
	// SourcesRead and SourcesFailed count the sources that gave rows and
	// those with an error.
	SourcesRead   int `json:"sources_read"`
	SourcesFailed int `json:"sources_failed"`
}

// CoverageOf reads a report's coverage.
func CoverageOf(r *Report) Coverage {
	var c Coverage
	for _, s := range r.Sources {
		if s.RowsScanned > 0 {
			c.Rows = true
			c.SourcesRead++
		}
		if s.Error != "" {
			c.SourcesFailed++
		}
	}
	c.Partial = c.SourcesFailed > 0 || len(r.Errors) > 0 || r.Scan.Incomplete
	for _, t := range r.Tables {
		if t.Role == "people" || t.Role == "activity" {
			c.People = true
		}
	}
	if len(r.Tables) == 0 { // a report without table roles: any person's column
		for _, col := range r.Columns {
			if len(col.Detections) > 0 && col.Holder == "" {
				c.People = true
			}
		}
	}
	c.Policy = r.Scan.Policy != ""
	return c
}

func (c Coverage) has(what string) bool {
	switch what {
	case rules.CoverRows:
		return c.Rows
	case rules.CoverPeople:
		return c.People
	case rules.CoverPolicy:
		return c.Policy
	}
	return false
}

// BuildChecklist maps a report's findings onto the AP's 10 steps, with
// each step's status from what the scan covered: fail or warn when a
// finding of the step says so; manual when no enabled rule can judge the
// step; not_shown when the data the rules need was not read or when a
// clean result proves nothing (awareness, consent); not_assessed for
// every step when nothing was read, and for a clean step when some source
// failed; pass otherwise. A step that is not passed carries its questions.
// It is the only place that builds the checklist (the scan and the gate
// both call it through Finalize).
func BuildChecklist(r *Report, rs *rules.Set) []Checklist {
	cov := CoverageOf(r)
	lang := r.Scan.Lang
	out := make([]Checklist, 0, 10)
	for _, st := range rs.Steps() {
		txt := st.Text(lang)
		c := Checklist{Step: st.Step, Title: txt.Title, Findings: []string{}}
		worst := 0
		for i := range r.Findings {
			f := &r.Findings[i]
			for _, n := range f.APSteps {
				if n == st.Step {
					c.Findings = append(c.Findings, f.ID)
					worst = max(worst, sevRank(f.Severity))
					break
				}
			}
		}
		sort.Strings(c.Findings)
		applies := true
		for _, a := range st.AppliesTo {
			applies = applies && cov.has(a)
		}
		switch {
		case !cov.Rows:
			c.Status = StatusNotAssessed
		case worst >= sevRank("high"):
			c.Status = StatusFail
		case worst > 0:
			c.Status = StatusWarn
		case !st.Evidence || !shownByEnabled(rs, &st):
			c.Status = StatusManual
		case !applies || !st.CleanMeansPass:
			c.Status = StatusNotShown
		case cov.Partial:
			c.Status = StatusNotAssessed
		default:
			c.Status = StatusPass
		}
		if c.Status != StatusPass {
			c.Questions = txt.Questions
		}
		out = append(out, c)
	}
	return out
}

// shownByEnabled reports whether an enabled rule can show a problem for the
// step. (The gate's rules run only with a policy: step 8 says so in its
// applies_to.)
func shownByEnabled(rs *rules.Set, st *rules.Step) bool {
	for _, id := range rs.IDs() {
		r, _ := rs.Rule(id)
		if r.Disabled {
			continue
		}
		for _, g := range st.ShownBy {
			if ok, _ := path.Match(g, id); ok {
				return true
			}
		}
	}
	return false
}

// Finalize is the one place that turns a report's findings into what is
// derived from them: it numbers the findings (stable IDs), counts them in
// the summary, builds the AP checklist and the summary in words (scope,
// top risks, action plan). The scanner calls it when a scan is done; the
// gate and the baseline call it again after changing the findings.
func Finalize(r *Report, rs *rules.Set) {
	AssignIDs(r.Findings)
	s := Summary{Findings: len(r.Findings), BySeverity: map[string]int{}, ByCategory: map[string]int{}}
	for i := range r.Findings {
		f := &r.Findings[i]
		s.BySeverity[f.Severity]++
		s.ByCategory[f.Category]++
		if f.Baseline {
			s.Suppressed++
		}
		if f.Changed {
			s.Changed++
		}
	}
	r.Summary = s
	r.Checklist = BuildChecklist(r, rs)
	buildSummaryText(r, rs)
}
