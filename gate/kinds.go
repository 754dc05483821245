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
	"github.com/crmscan/crmscan/rules"
)

// Aliases stand for groups of kinds in a policy's allow and deny lists.
// Besides these three, every tag of a detector's description
// (rules/default.toml: contact, financial, identity, location, online,
// credential...) is an alias for the kinds that carry it.
const (
	AliasNationalID = "national_id" // kinds tagged national_id: bsn, be_national_number, id_document
	AliasSpecial    = "special"     // kinds tagged special: every special.* category
	AliasNotes      = "notes"       // free-text columns holding any finding
)

// kindTable maps between the report's detection keys (detector IDs) and
// the policy's kind names: the detector ID for pii.* rules ("email"), the
// rule ID otherwise ("special.health", "note.judgmental"). The detectors'
// descriptions give each kind its tags, which double as aliases.
type kindTable struct {
	byDetector map[string]string   // detector ID -> kind
	byName     map[string]string   // kind, detector ID or alias -> canonical kind or alias
	tags       map[string][]string // kind -> tags
	kinds      []string            // canonical kinds, sorted
	aliases    []string            // tags and "notes", sorted
}

var registry = func() kindTable {
	kt := kindTable{byDetector: map[string]string{}, byName: map[string]string{}, tags: map[string][]string{}}
	aliases := map[string]bool{AliasNotes: true, AliasNationalID: true, AliasSpecial: true}
	for _, d := range detectors.All() {
		kind := d.ID()
		if rule := detectors.RuleOf(d); !strings.HasPrefix(rule, "pii.") {
			kind = rule
		}
		kt.byDetector[d.ID()] = kind
		kt.byName[kind] = kind
		kt.byName[d.ID()] = kind // special_health is special.health
		kt.kinds = append(kt.kinds, kind)
		if spec, ok := rules.Detector(d.ID()); ok {
			kt.tags[kind] = spec.Tags
			for _, t := range spec.Tags {
				aliases[t] = true
			}
		}
	}
	sort.Strings(kt.kinds)
	for a := range aliases {
		if _, isKind := kt.byName[a]; !isKind { // "credential" is the detector's own name
			kt.byName[a] = a
			kt.aliases = append(kt.aliases, a)
		}
	}
	sort.Strings(kt.aliases)
	return kt
}()

// Kinds returns every name a policy may use in allow and deny: the kinds
// of personal data crmscan detects and the aliases (national_id, special,
// notes and the other tags).
func Kinds() []string {
	out := append([]string{}, registry.kinds...)
	return append(out, registry.aliases...)
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

// hasTag reports whether the detector description of kind carries tag.
func hasTag(kind, tag string) bool {
	for _, t := range registry.tags[kind] {
		if t == tag {
			return true
		}
	}
	return false
}

// inList reports whether a list (allow or deny) names kind or one of its
// tags.
func inList(list map[string]bool, kind string) bool {
	if list[kind] {
		return true
	}
	for _, t := range registry.tags[kind] {
		if list[t] {
			return true
		}
	}
	return isSpecial(kind) && list[AliasSpecial]
}

func isSpecial(kind string) bool { return strings.HasPrefix(kind, "special.") }

func isNationalID(kind string) bool { return hasTag(kind, AliasNationalID) }

func isNoteCategory(kind string) bool {
	return isSpecial(kind) || strings.HasPrefix(kind, "note.")
}

// sensitive kinds are denied unless the allow list names them (or their
// alias): special categories, criminal data, national IDs, note categories
// and stored credentials.
func sensitive(kind string) bool {
	return isNoteCategory(kind) || isNationalID(kind) || hasTag(kind, "credential")
}

// critical kinds make a violation gate.sensitive_kind_not_allowed.
func critical(kind string) bool { return isSpecial(kind) || isNationalID(kind) }
