package baseline

import (
	"sort"

	"github.com/crmscan/crmscan/reporters"
)

// DiffSchema identifies the JSON form of a Diff.
const DiffSchema = "crmscan.diff/v1"

// Diff is what changed between two reports of the same targets.
type Diff struct {
	Schema   string              `json:"schema"`
	Old      Side                `json:"old"`
	New      Side                `json:"new"`
	Added    []reporters.Finding `json:"new_findings"`
	Resolved []reporters.Finding `json:"resolved"`
	Changed  []Change            `json:"changed"`
	Steps    []StepDelta         `json:"by_step"`
}

// Side describes one of the two reports.
type Side struct {
	Finished string `json:"finished"`
	Findings int    `json:"findings"`
}

// Change is a finding in both reports whose count grew or shrank.
type Change struct {
	Finding  reporters.Finding `json:"finding"` // as in the new report
	OldCount int64             `json:"old_count"`
	NewCount int64             `json:"new_count"`
}

// StepDelta counts the differences that concern one AP step.
type StepDelta struct {
	Step     int    `json:"step"`
	Title    string `json:"title"`
	Status   string `json:"status"` // in the new report
	Added    int    `json:"new"`
	Resolved int    `json:"resolved"`
	Changed  int    `json:"changed"`
}

// Compare diffs two reports in linear time: findings are matched by Key.
func Compare(old, cur *reporters.Report) *Diff {
	d := &Diff{
		Schema:   DiffSchema,
		Old:      Side{Finished: old.Scan.Finished, Findings: len(old.Findings)},
		New:      Side{Finished: cur.Scan.Finished, Findings: len(cur.Findings)},
		Added:    []reporters.Finding{},
		Resolved: []reporters.Finding{},
		Changed:  []Change{},
		Steps:    []StepDelta{},
	}
	before := make(map[Key]*reporters.Finding, len(old.Findings))
	for i := range old.Findings {
		before[KeyOf(&old.Findings[i])] = &old.Findings[i]
	}
	seen := make(map[Key]bool, len(cur.Findings))
	for i := range cur.Findings {
		f := &cur.Findings[i]
		k := KeyOf(f)
		seen[k] = true
		o, ok := before[k]
		switch {
		case !ok:
			d.Added = append(d.Added, *f)
		case o.Count != f.Count:
			d.Changed = append(d.Changed, Change{Finding: *f, OldCount: o.Count, NewCount: f.Count})
		}
	}
	for i := range old.Findings {
		if !seen[KeyOf(&old.Findings[i])] {
			d.Resolved = append(d.Resolved, old.Findings[i])
		}
	}

	steps := map[int]*StepDelta{}
	var order []int
	add := func(c reporters.Checklist) {
		if _, ok := steps[c.Step]; !ok {
			steps[c.Step] = &StepDelta{Step: c.Step, Title: c.Title, Status: c.Status}
			order = append(order, c.Step)
		}
	}
	for _, c := range cur.Checklist {
		add(c)
	}
	for _, c := range old.Checklist {
		add(c)
	}
	step := func(n int) *StepDelta {
		if s, ok := steps[n]; ok {
			return s
		}
		s := &StepDelta{Step: n}
		steps[n] = s
		order = append(order, n)
		return s
	}
	for i := range d.Added {
		for _, n := range d.Added[i].APSteps {
			step(n).Added++
		}
	}
	for i := range d.Resolved {
		for _, n := range d.Resolved[i].APSteps {
			step(n).Resolved++
		}
	}
	for i := range d.Changed {
		for _, n := range d.Changed[i].Finding.APSteps {
			step(n).Changed++
		}
	}
	sort.Ints(order)
	for _, n := range order {
		d.Steps = append(d.Steps, *steps[n])
	}
	return d
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Resolved) == 0 && len(d.Changed) == 0
}
