// Package gate is crmscan's export gate: a data-sharing policy per recipient
// (which kinds of personal data may leave, how many rows, under which
// processor agreement, to which countries) and its evaluation against a
// scan's report. `crmscan gate --policy FILE TARGET...` fails on any
// violation; the violations become findings under the gate.* rules.
package gate

import (
	"sort"
	"strings"

	"github.com/crmscan/crmscan/detectors"
)

// Aliases stand for groups of kinds in a policy's allow and deny lists.
const (
	AliasNationalID = "national_id" // bsn, be_national_number, id_document
	AliasSpecial    = "special"     // every special.* category
	AliasNotes      = "notes"       // free-text columns holding any finding
)

// nationalIDs are the kinds that identify a person nationally (UAVG art. 46).
var nationalIDs = map[string]bool{"bsn": true, "be_national_number": true, "id_document": true}

// kindTable maps between the report's detection keys (detector IDs) and
// the policy's kind names: the detector ID for pii.* rules ("email"), the
// rule ID otherwise ("special.health", "note.judgmental").
type kindTable struct {
	byDetector map[string]string // detector ID -> kind
	byName     map[string]string // kind, detector ID or alias -> canonical kind or alias
	kinds      []string          // canonical kinds, sorted
}

var registry = func() kindTable {
	kt := kindTable{byDetector: map[string]string{}, byName: map[string]string{}}
	for _, d := range detectors.All() {
		kind := d.ID()
		if rule := detectors.RuleOf(d); !strings.HasPrefix(rule, "pii.") {
			kind = rule
		}
		kt.byDetector[d.ID()] = kind
		kt.byName[kind] = kind
		kt.byName[d.ID()] = kind // special_health is special.health
		kt.kinds = append(kt.kinds, kind)
	}
	sort.Strings(kt.kinds)
	for _, a := range []string{AliasNationalID, AliasSpecial, AliasNotes} {
		kt.byName[a] = a
	}
	return kt
}()

// Kinds returns every name a policy may use in allow and deny: the kinds
// of personal data crmscan detects and the aliases national_id, special
// and notes.
func Kinds() []string {
	out := append([]string{}, registry.kinds...)
	return append(out, AliasNationalID, AliasNotes, AliasSpecial)
}

// canonical returns the policy kind for a name, or "" when unknown.
func canonical(name string) string {
	return registry.byName[strings.ToLower(strings.TrimSpace(name))]
}

// kindOfDetection returns the policy kind of a report's detection key.
func kindOfDetection(det string) string {
	if k, ok := registry.byDetector[det]; ok {
		return k
	}
	return det
}

func isSpecial(kind string) bool { return strings.HasPrefix(kind, "special.") }

func isNoteCategory(kind string) bool {
	return isSpecial(kind) || strings.HasPrefix(kind, "note.")
}

// sensitive kinds are denied unless the allow list names them (or their
// alias): special categories, criminal data, national IDs, note categories.
func sensitive(kind string) bool { return isNoteCategory(kind) || nationalIDs[kind] }

// critical kinds make a violation gate.sensitive_kind_not_allowed.
func critical(kind string) bool { return isSpecial(kind) || nationalIDs[kind] }
