package reporters

import (
	"fmt"
	"strings"
	"testing"
)

func TestAssignIDsStableAndUnique(t *testing.T) {
	var fs []Finding
	for i := range 20000 {
		fs = append(fs, Finding{Rule: "pii.email", Location: Location{Path: "x.csv", Table: "x", Column: fmt.Sprintf("c%d", i)}})
	}
	fs = append(fs, fs[0]) // the very same rule and location twice
	AssignIDs(fs)
	seen := map[string]bool{}
	long := 0
	for _, f := range fs {
		if !strings.HasPrefix(f.ID, "F-") || seen[f.ID] {
			t.Fatalf("ID %q repeated or malformed", f.ID)
		}
		seen[f.ID] = true
		if len(f.ID) > len("F-123456") {
			long++
		}
	}
	if long == 0 || long > 200 {
		t.Errorf("%d of %d IDs lengthened; want a few (six-digit collisions only)", long, len(fs))
	}
	// One finding's ID does not depend on the others or their order.
	k := 1
	for len(fs[k].ID) != len("F-123456") {
		k++
	}
	one := []Finding{fs[k]}
	AssignIDs(one)
	if one[0].ID != fs[k].ID {
		t.Errorf("alone %s, among others %s", one[0].ID, fs[k].ID)
	}
	test := []Finding{fs[k]}
	test[0].TestValue = true
	AssignIDs(test)
	if test[0].ID == fs[k].ID {
		t.Error("a test-value finding shares the ID of the real one")
	}
}
