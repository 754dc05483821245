package reporters

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/rules"
)

// Action is one line of the action plan: one problem (one rule), rolled up
// across every source and copy that shares it ("IBANs in the export and 8
// backups" is one action), with the AP step it serves, a priority from its
// worst severity, the findings it covers and the owner and deadline the
// organisation fills in.
type Action struct {
	ID    string `json:"id"`    // A1, A2... in order of priority
	Rule  string `json:"rule"`  // the problem
	Title string `json:"title"` // what and where, in the report's language
	// Remediation is what to do: the rule's advice.
	Remediation string `json:"remediation"`
	Severity    string `json:"severity"` // the worst of its findings
	// Priority is 1 (act now: critical or high), 2 (medium) or 3 (low, info).
	Priority int `json:"priority"`
	// APStep is the step the action serves first; APSteps all it touches.
	APStep  int   `json:"ap_step"`
	APSteps []int `json:"ap_steps"`
	// People estimates the distinct people concerned (PeopleBasis
	// "fingerprints": distinct e-mail addresses, phone numbers, IBANs or
	// BSNs across its findings; "count": the largest count of one finding,
	// a lower bound, where no such kind is involved).
	People      int64  `json:"people"`
	PeopleBasis string `json:"people_basis"`
	// Sources counts the distinct files and databases (copies) involved.
	Sources  int      `json:"sources"`
	Findings []string `json:"findings"`
	// Owner and Deadline are for the organisation to fill in; always empty.
	Owner    string `json:"owner"`
	Deadline string `json:"deadline"`
}

// Risk is one of the top risks: an action's problem in one sentence.
type Risk struct {
	Action   string `json:"action"` // the Action's ID
	Severity string `json:"severity"`
	People   int64  `json:"people"`
	Text     string `json:"text"`
}

// maxRisks is how many top risks the summary names.
const maxRisks = 5

// buildSummaryText fills the summary in words: coverage, counts per AP
// step (the checklist's), scope and method in two sentences, the people
// concerned, the top risks and the action plan.
func buildSummaryText(r *Report, rs *rules.Set) {
	cov := CoverageOf(r)
	s := &r.Summary
	s.Coverage = &cov
	s.ByStep = map[string]int{}
	for _, c := range r.Checklist {
		if len(c.Findings) > 0 {
			s.ByStep[strconv.Itoa(c.Step)] = len(c.Findings)
		}
	}
	var all []*Finding
	for i := range r.Findings {
		if f := &r.Findings[i]; !f.Baseline && !f.TestValue {
			all = append(all, f)
		}
	}
	s.People, _ = peopleEstimate(all)
	s.Actions = buildActions(r, rs, s.People)
	s.TopRisks = []Risk{}
	for i := 0; i < len(s.Actions) && len(s.TopRisks) < maxRisks; i++ {
		a := &s.Actions[i]
		if sevRank(a.Severity) < sevRank("medium") {
			continue // a top risk is medium or worse
		}
		s.TopRisks = append(s.TopRisks, Risk{Action: a.ID, Severity: a.Severity, People: a.People, Text: riskText(r, a)})
	}
	s.Scope = scopeText(r, &cov)
}

// buildActions rolls the findings up into one action per rule, leaving out
// what a baseline or policy accepted and published test values, ordered by
// severity, then people concerned, then findings.
// A problem concerns at most the people the whole scan holds (people, when
// known): the phone numbers of one action may outnumber its people.
func buildActions(r *Report, rs *rules.Set, people int64) []Action {
	l := lang(r)
	idx := map[string]int{}
	var out []Action
	var members [][]*Finding
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Baseline || f.TestValue {
			continue
		}
		j, ok := idx[f.Rule]
		if !ok {
			j = len(out)
			idx[f.Rule] = j
			out = append(out, Action{Rule: f.Rule, Remediation: f.Remediation, Severity: f.Severity,
				APSteps: append([]int{}, f.APSteps...), Findings: []string{}})
			if rule, ok := rs.Rule(f.Rule); ok {
				out[j].Remediation = rule.Text(l).Remediation
			}
			if len(f.APSteps) > 0 {
				out[j].APStep = f.APSteps[0]
			}
			members = append(members, nil)
		}
		a := &out[j]
		if sevRank(f.Severity) > sevRank(a.Severity) {
			a.Severity = f.Severity
		}
		a.Findings = append(a.Findings, f.ID)
		members[j] = append(members[j], f)
	}
	byPlace := map[string][]*Finding{}
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Values != nil && !f.TestValue {
			byPlace[placeKey(f)] = append(byPlace[placeKey(f)], f)
			if f.Location.Table != "" { // a file-wide finding has no table
				k := f.Location.Source + "\x00"
				byPlace[k] = append(byPlace[k], f)
			}
		}
	}
	for j := range out {
		a, fs := &out[j], members[j]
		a.Priority = priorityOf(a.Severity)
		n, ok := peopleEstimate(fs)
		if !ok {
			// A table or file rule (unencrypted export, minors, deleted
			// rows): the people of the same files and tables where it
			// concerns all their rows, its count of rows where fewer.
			var whole []*Finding
			var part int64
			for _, f := range fs {
				// A count with row numbers is rows (minors, deleted
				// records); without, the rule is about the whole table
				// or file (no consent column, unencrypted copy).
				near := byPlace[placeKey(f)]
				if there, known := peopleEstimate(near); known && (len(f.Location.Rows) == 0 || f.Count >= there) {
					whole = append(whole, near...)
				} else {
					part = max(part, f.Count)
				}
			}
			n, ok = peopleEstimate(whole)
			if part > 0 {
				n, ok = max(n, part), ok || len(whole) > 0
			}
		}
		if ok {
			if people > 0 {
				n = min(n, people)
			}
			a.People, a.PeopleBasis = n, "fingerprints"
		} else {
			for _, f := range fs {
				a.People = max(a.People, f.Count)
			}
			a.PeopleBasis = "count"
		}
		paths := map[string]bool{}
		var first string
		for _, f := range fs {
			p := f.Location.Path
			if p == "" {
				p = f.Location.Source
			}
			if !paths[p] {
				paths[p] = true
				if first == "" {
					first = p
				}
			}
		}
		a.Sources = len(paths)
		a.Title = actionTitle(l, RuleTitle(fs[0]), first, a.Sources)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := &out[order[x]], &out[order[y]]
		if sevRank(a.Severity) != sevRank(b.Severity) {
			return sevRank(a.Severity) > sevRank(b.Severity)
		}
		if a.People != b.People {
			return a.People > b.People
		}
		return len(a.Findings) > len(b.Findings)
	})
	sorted := make([]Action, 0, len(out))
	for i, j := range order {
		a := out[j]
		a.ID = "A" + strconv.Itoa(i+1)
		sort.Strings(a.Findings)
		sorted = append(sorted, a)
	}
	return sorted
}

// placeKey is a finding's source and table: where a table rule's people are.
func placeKey(f *Finding) string { return f.Location.Source + "\x00" + f.Location.Table }

func priorityOf(sev string) int {
	switch {
	case sevRank(sev) >= sevRank("high"):
		return 1
	case sevRank(sev) == sevRank("medium"):
		return 2
	}
	return 3
}

// actionTitle names a problem and where it is: "IBANs: export.csv and 8
// other sources".
func actionTitle(l, title, first string, sources int) string {
	// A file name is the user's, not ours: escaped (Escape) so that no
	// control character reaches a terminal or a report through the title.
	where := Escape(path.Base(strings.ReplaceAll(first, "\\", "/")))
	switch {
	case sources == 2:
		where += labelIn(l, "where_1")
	case sources > 2:
		where += fmt.Sprintf(labelIn(l, "where_n"), groupIn(l, int64(sources-1)))
	}
	return title + ": " + where
}

// riskText is a top risk in one sentence.
func riskText(r *Report, a *Action) string {
	l := lang(r)
	sev := SeverityLabel(l, a.Severity)
	if sev != "" {
		sev = strings.ToUpper(sev[:1]) + sev[1:]
	}
	n := groupIn(l, a.People)
	who := fmt.Sprintf(labelIn(l, "who_rows"), n)
	if a.PeopleBasis == "fingerprints" {
		who = fmt.Sprintf(labelIn(l, "who_people"), n)
	}
	return fmt.Sprintf(labelIn(l, "risk"), sev, a.Title, who, plural(l, len(a.Findings), "finding"), a.APStep)
}

// scopeText is scope and method in two sentences.
func scopeText(r *Report, cov *Coverage) string {
	l := lang(r)
	g := func(n int64) string { return groupIn(l, n) }
	var rows int64
	for _, s := range r.Sources {
		rows += s.RowsScanned
	}
	srcs := g(int64(len(r.Sources)))
	if !cov.Rows {
		return fmt.Sprintf(labelIn(l, "scope_none"), srcs)
	}
	severe := 0
	for i := range r.Findings {
		if sevRank(r.Findings[i].Severity) >= sevRank("high") {
			severe++
		}
	}
	sample := labelIn(l, "sample_all")
	if r.Scan.Sample > 0 {
		sample = fmt.Sprintf(labelIn(l, "sample_n"), g(r.Scan.Sample))
	}
	return fmt.Sprintf(labelIn(l, "scope_text"), srcs, g(rows), sample, plural(l, len(r.Findings), "finding"), g(int64(severe)), g(r.Summary.People))
}

// peopleText is an action's estimate of people for a reader of l: a count
// of rows, not of distinct people, is a lower bound, marked atLeast
// ("≥ 6", or ">=6" in plain text).
func (a *Action) peopleText(l, atLeast string) string {
	people := groupIn(l, a.People)
	if a.PeopleBasis == "count" {
		people = atLeast + people
	}
	return people
}

// clipIDs joins at most n finding IDs with sep and says how many more
// there are ("F-1a2b3c F-4d5e6f (+3)").
func clipIDs(ids []string, n int, sep string) string {
	s := strings.Join(ids[:min(len(ids), n)], sep)
	if more := len(ids) - n; more > 0 {
		s += fmt.Sprintf(" (+%d)", more)
	}
	return s
}
