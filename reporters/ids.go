package reporters

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// AssignIDs gives every finding its stable ID: "F-" and six hex digits of a
// hash of its rule and location (path, sheet, table, column, whether it is
// about test values, and the gate clause and kinds where there are), never
// of the order of discovery or of a value. The same problem keeps its ID
// scan after scan, whatever else was found, and in merged shard reports; an
// action list can cite it. Findings whose six digits collide within one
// report get ten; findings with the very same rule and location (which the
// rules do not make) are told apart by a counter in report order.
func AssignIDs(fs []Finding) {
	sums := make([]string, len(fs))
	short := make(map[string]int, len(fs))
	for i := range fs {
		sums[i] = idHash(&fs[i])
		short[sums[i][:6]]++
	}
	seen := make(map[string]int, len(fs))
	for i := range fs {
		id := "F-" + sums[i][:6]
		if short[sums[i][:6]] > 1 {
			id = "F-" + sums[i][:10]
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		fs[i].ID = id
	}
}

func idHash(f *Finding) string {
	h := sha256.New()
	test := ""
	if f.TestValue {
		test = "test_value"
	}
	for _, p := range []string{"crmscan.finding/v1", f.Rule, f.Location.Path, f.Location.Sheet, f.Location.Table,
		f.Location.Column, test, f.Details["clause"], f.Details["kinds"], f.Details["country"]} {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}
