package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/rules"
)

// TestDetectorsDescribeThemselves is the acceptance loop of issue 15: every
// registered detector has a description (its rule block's `detector.*`
// keys in rules/default.toml) and a rule, every description has a
// detector, and each detector passes its own examples. A detector without
// a description used to be dropped from scans without a word; now it fails
// here, and rules.MustDetector panics at start-up for the new ones.
func TestDetectorsDescribeThemselves(t *testing.T) {
	specs, err := rules.Detectors()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	for _, s := range specs {
		described[s.ID] = true
		if _, ok := detectors.Get(s.ID); !ok {
			t.Errorf("rules/default.toml describes detector %q (rule %s), but no detector has that ID", s.ID, s.Rule)
		}
	}
	for _, d := range detectors.All() {
		id := d.ID()
		spec, ok := rules.Detector(id)
		if !ok {
			t.Errorf("detector %q has no description: add `detector.*` keys to its rule block in rules/default.toml", id)
			continue
		}
		t.Run(id, func(t *testing.T) {
			if got := detectors.RuleOf(d); got != spec.Rule {
				t.Errorf("RuleOf(%s) = %q, but its description sits in rule %q", id, got, spec.Rule)
			}
			if r, ok := rs.Rule(spec.Rule); !ok || r.Detector == nil || r.Detector.ID != id {
				t.Errorf("rule %q of detector %s is missing from the rule set", spec.Rule, id)
			}
			if d.Priority() != spec.Priority {
				t.Errorf("%s: Priority() = %d, description says %d", id, d.Priority(), spec.Priority)
			}
			// Every column word hints its kind in a column of that name:
			// the description is where ColumnHint reads them from.
			for _, c := range spec.AllColumnWords() {
				if !d.ColumnHint(c) {
					t.Errorf("%s: ColumnHint(%q) = false, but the description lists it as a column word", id, c)
				}
			}
			col := spec.Examples.Column
			ctx := detectors.NewContext(d, col)
			for _, v := range spec.Examples.Positives {
				ms := find(t, d, v, ctx)
				sure := false
				for _, m := range ms {
					sure = sure || m.Confidence > detectors.Low
				}
				if !sure {
					t.Errorf("%s: example positive %q in column %q: matches %+v, want one of medium or high confidence", id, v, col, ms)
				}
			}
			for _, v := range spec.Examples.Negatives {
				if ms := find(t, d, v, ctx); len(ms) != 0 {
					t.Errorf("%s: example negative %q in column %q matched: %+v", id, v, col, ms)
				}
			}
		})
	}
}

// find runs Find with the prefilter and gate in front, as the worker does.
func find(t *testing.T, d detectors.Detector, v string, ctx detectors.Context) []detectors.Match {
	t.Helper()
	cell := []byte(v)
	pf := d.Prefilter()
	g, ok := pf.Compile(ctx.Hint, 0)
	var facts detectors.CellFacts
	if !ok || !g.Admit(detectors.Scan(cell)) || !g.AdmitMore(cell, detectors.Scan(cell), &facts) {
		return nil
	}
	return d.Find(cell, ctx, nil)
}
