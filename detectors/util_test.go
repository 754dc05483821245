package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

func mustGet(t *testing.T, id string) detectors.Detector {
	t.Helper()
	d, ok := detectors.Get(id)
	if !ok {
		t.Fatalf("Get(%q) = false, want the registered detector", id)
	}
	return d
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
