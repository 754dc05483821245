package main

import (
	"strings"
	"testing"
)

// TestTargets runs the evaluation on the committed corpus and asserts the
// targets of issue 3 for every kind and note category.
func TestTargets(t *testing.T) {
	res, err := evaluate("../../testdata/eval")
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	if res.Cells < 2000 {
		t.Errorf("corpus has %d cells, want at least 2000", res.Cells)
	}
	var b strings.Builder
	if !res.print(&b) {
		t.Errorf("targets missed:\n%s\n%s", b.String(), strings.Join(res.Errors, "\n"))
	}
	for _, s := range res.Scores {
		if s.Support < 20 {
			t.Errorf("%s: %d labelled cells, want at least 20", s.Label, s.Support)
		}
	}
}
