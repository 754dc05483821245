package reporters

import "fmt"

// The words of the honest scorecard, the summary in words and the action
// plan (issue 16) are in the [report] area of labels.toml.

// CoverageBanner is the warning a report shows on its cover when the scan
// did not read everything: "" for a complete scan. A failed scan is never
// shown as in order, in any format.
func CoverageBanner(r *Report) string {
	l := lang(r)
	cov := CoverageOf(r)
	failed, total := groupIn(l, int64(cov.SourcesFailed)), groupIn(l, int64(len(r.Sources)))
	switch {
	case !cov.Rows:
		return fmt.Sprintf(labelIn(l, "banner_none"), failed, total)
	case cov.Partial:
		return fmt.Sprintf(labelIn(l, "banner_partial"), failed, total)
	}
	return ""
}
