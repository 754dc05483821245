package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Digest identifies the set's content: every rule (severity, ratios,
// parameters, steps, articles, wording), the AP steps, the table settings
// and the CRM profiles, as the defaults and a --config file made them.
// Two scans with the same digest judged by the same rules; crmscan merge
// refuses shard reports whose digests differ. It is a hash of the content,
// not of the config file's bytes, so comments and key order do not count.
func (s *Set) Digest() string {
	// encoding/json writes map keys sorted, so the bytes are stable.
	b, err := json.Marshal(struct {
		Rules    map[string]*Rule
		Steps    []Step
		Tables   map[string]TableConfig
		Profiles []Profile
	}{s.rules, s.steps, s.tables, s.profiles})
	if err != nil {
		// Only plain data is marshalled; this cannot happen.
		panic("rules: digest: " + err.Error())
	}
	sum := sha256.Sum256(append([]byte("crmscan.rules/v1\x00"), b...))
	return "R-" + hex.EncodeToString(sum[:8])
}
