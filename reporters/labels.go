package reporters

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// severities lists the severity names from the worst down.
var severities = []string{"critical", "high", "medium", "low", "info"}

// sevRank orders severity names: critical 5 ... info 1, unknown 0.
func sevRank(s string) int {
	for i, n := range severities {
		if n == s {
			return len(severities) - i
		}
	}
	return 0
}

// lang returns "nl" or "en" for a report.
func lang(r *Report) string {
	if r.Scan.Lang == "nl" {
		return "nl"
	}
	return "en"
}

// labels, the words the html, md, csv and sarif formats put around the
// report's own (already localized) texts, are the [report] area of
// labels.toml (terms.go loads it).

// suppressedText says how many findings the baseline accepted.
func changedText(l string, n int) string {
	return fmt.Sprintf(labelIn(l, "changed_n"), groupIn(l, int64(n)))
}

func suppressedText(l string, n int) string {
	if n == 1 {
		return labelIn(l, "suppressed_1")
	}
	return fmt.Sprintf(labelIn(l, "suppressed"), groupIn(l, int64(n)))
}

func labelIn(l, key string) string {
	if s, ok := labels[l][key]; ok {
		return s
	}
	return labels["en"][key]
}

// Label returns the word crmscan uses for key ("new", "resolved",
// "changed", "severity", "step", ...) in language l (en or nl), for callers
// outside this package that render parts of a report.
func Label(l, key string) string { return labelIn(l, key) }

// SeverityLabel returns a severity's name in language l.
func SeverityLabel(l, sev string) string {
	if s, ok := labels[l]["sev_"+sev]; ok {
		return s
	}
	return sev
}

// groupIn formats n with thousands separators in the report's language:
// 12,345 (en) or 12.345 (nl).
func groupIn(l string, n int64) string {
	s := group(n)
	if l == "nl" {
		return strings.ReplaceAll(s, ",", ".")
	}
	return s
}

// stepsOf lists a finding's AP steps as "3, 7".
func stepsOf(f *Finding) string {
	s := make([]string, len(f.APSteps))
	for i, n := range f.APSteps {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// isDatabase reports whether a source (by kind or path) is a database
// rather than a file.
func isDatabase(kind, p string) bool {
	switch kind {
	case "postgres", "postgresql", "sqlserver", "mssql", "mysql", "mariadb", "sqlite", "sqlite3", "database", "db":
		return true
	}
	return strings.Contains(p, "://")
}

// isURL reports whether a location path is a URL (a database target).
func isURL(p string) bool { return strings.Contains(p, "://") }

// scanRoots finds, for paths as the user typed them, the scan root (the
// target folder, or the folder of a file target) each lies under and the
// path relative to that root.
type scanRoots struct {
	targets []string // cleaned, slash-separated
}

func newScanRoots(targets []string) *scanRoots {
	sr := &scanRoots{}
	for _, t := range targets {
		if isURL(t) {
			continue
		}
		sr.targets = append(sr.targets, filepath.ToSlash(filepath.Clean(t)))
	}
	// Longest first, so that a nested target wins.
	sort.SliceStable(sr.targets, func(i, j int) bool { return len(sr.targets[i]) > len(sr.targets[j]) })
	return sr
}

// split returns the root a path lies under and the path relative to it,
// both slash-separated. A path under no target keeps its own folder as root.
func (sr *scanRoots) split(p string) (root, rel string) {
	pp := filepath.ToSlash(filepath.Clean(p))
	for _, t := range sr.targets {
		switch {
		case pp == t:
			return path.Dir(pp), path.Base(pp)
		case t == ".":
			if !strings.HasPrefix(pp, "/") && !strings.HasPrefix(pp, "../") && pp != ".." {
				return ".", pp
			}
		case t == "/":
			if strings.HasPrefix(pp, "/") {
				return "/", pp[1:]
			}
		case strings.HasPrefix(pp, t+"/"):
			return t, pp[len(t)+1:]
		}
	}
	return path.Dir(pp), path.Base(pp)
}

// uriPath percent-encodes a slash-separated relative path as a URI
// reference: each segment escaped, and a colon escaped too so that the
// first segment never reads as a scheme.
func uriPath(rel string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}
