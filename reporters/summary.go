package reporters

import "github.com/crmscan/crmscan/rules"

// buildSummaryText fills the summary's coverage.
func buildSummaryText(r *Report, rs *rules.Set) {
	cov := CoverageOf(r)
	r.Summary.Coverage = &cov
}
