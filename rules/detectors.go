package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// DetectorSpec is a detector's description of itself, kept in its rule's
// block in default.toml (the `detector.*` keys): everything other packages
// need to know about a detector and that used to be listed by hand in Go
// (gate aliases, report labels, AP-step globs, the registry order test).
// A new detector is one Go file plus one rule block with these keys.
type DetectorSpec struct {
	// ID is the detector's ID; the rule's ID without "pii." when unset
	// ("pii.email" → "email").
	ID string `toml:"id"`
	// Rule is the ID of the rule the block belongs to (set by the loader).
	Rule string `toml:"-"`
	// Priority orders detectors when matches overlap (higher wins); it is
	// stated here so that the registry order is data, checked by a test.
	Priority int `toml:"priority"`
	// Tags group kinds: national_id, contact, financial, identity, address,
	// location, online, business, pseudonymised, special, note, credential.
	// A tag is also a kind alias in an export policy (gate).
	Tags []string `toml:"tags"`
	// Columns are column-name words that announce the kind, compared
	// with the column's name normalised (lower case, letters and digits
	// only): a word matches the whole name or a word of the name (split at
	// punctuation and camelCase), and a word of six letters or more also
	// anywhere inside it. Each detector's ColumnHint is built from these
	// lists once, at start-up; they are the only place its words live.
	Columns []string `toml:"columns"`
	// ColumnsWhole match only the whole normalised name ("nummer" is a
	// phone column, "klant_nummer" is not).
	ColumnsWhole []string `toml:"columns_whole"`
	// ColumnsWithin match anywhere inside the normalised name, however
	// short ("email" in "emailaddress1", "fax" in "faxnr").
	ColumnsWithin []string `toml:"columns_within"`
	// ColumnsWord match only a word of the name ("card" in "card_no",
	// not in "cardholder").
	ColumnsWord []string `toml:"columns_word"`
	// Evaluates lists the AP steps for which the absence of this
	// detector's findings is evidence that the step passes: the rule is
	// added to those steps' shown_by.
	Evaluates []int `toml:"evaluates"`
	// EN and NL label the kind in reports ("e-mail", "geslacht").
	EN string `toml:"en"`
	NL string `toml:"nl"`
	// Examples are run by the acceptance test: every positive must match
	// as a whole cell in a column named Column, no negative may.
	Examples Examples `toml:"examples"`
}

// Examples are a detector's own example values.
type Examples struct {
	Column    string   `toml:"column"`
	Positives []string `toml:"positives"`
	Negatives []string `toml:"negatives"`
}

// Label returns the kind's label in lang ("nl" or "en"), falling back to
// English and then to the ID.
func (d *DetectorSpec) Label(lang string) string {
	if lang == "nl" && d.NL != "" {
		return d.NL
	}
	if d.EN != "" {
		return d.EN
	}
	return d.ID
}

// HasTag reports whether the spec carries tag.
func (d *DetectorSpec) HasTag(tag string) bool {
	for _, t := range d.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

var specs struct {
	once   sync.Once
	byID   map[string]*DetectorSpec
	byRule map[string]*DetectorSpec
	list   []*DetectorSpec
	err    error
}

func loadSpecs() {
	var rf ruleFile
	if err := decodeStrict(defaultRules, &rf); err != nil {
		specs.err = fmt.Errorf("embedded default.toml: %w", err)
		return
	}
	specs.byID = map[string]*DetectorSpec{}
	specs.byRule = map[string]*DetectorSpec{}
	for id, r := range rf.Rules {
		d := r.Detector
		if d == nil {
			continue
		}
		d.Rule = id
		if d.ID == "" {
			d.ID = strings.TrimPrefix(id, "pii.")
		}
		if err := d.validate(); err != nil {
			specs.err = fmt.Errorf("embedded default.toml: rule %s: %w", id, err)
			return
		}
		if _, dup := specs.byID[d.ID]; dup {
			specs.err = fmt.Errorf("embedded default.toml: detector %s described twice", d.ID)
			return
		}
		specs.byID[d.ID] = d
		specs.byRule[id] = d
		specs.list = append(specs.list, d)
	}
	sort.Slice(specs.list, func(i, j int) bool { return specs.list[i].ID < specs.list[j].ID })
}

func (d *DetectorSpec) validate() error {
	switch {
	case d.EN == "" || d.NL == "":
		return fmt.Errorf("detector %s: labels en and nl are required", d.ID)
	case len(d.Tags) == 0:
		return fmt.Errorf("detector %s: at least one tag is required", d.ID)
	case len(d.Examples.Positives) == 0:
		return fmt.Errorf("detector %s: at least one example positive is required", d.ID)
	case d.Priority <= 0:
		return fmt.Errorf("detector %s: priority must be positive", d.ID)
	}
	for _, ws := range [][]string{d.Columns, d.ColumnsWhole, d.ColumnsWithin, d.ColumnsWord} {
		for _, w := range ws {
			if !normalWord(w) {
				return fmt.Errorf("detector %s: column word %q is not normalised (lower-case letters and digits only)", d.ID, w)
			}
		}
	}
	for _, st := range d.Evaluates {
		if st < 1 || st > 10 {
			return fmt.Errorf("detector %s: evaluates AP step %d outside 1..10", d.ID, st)
		}
	}
	return nil
}

// normalWord reports whether w is a non-empty column word in its
// normalised form, the only form a column name is compared in: a word
// with an upper-case letter or a dash would never match, silently.
func normalWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return w != ""
}

// AllColumnWords returns every column word of the description, of all
// four lists.
func (d *DetectorSpec) AllColumnWords() []string {
	ws := make([]string, 0, len(d.Columns)+len(d.ColumnsWhole)+len(d.ColumnsWithin)+len(d.ColumnsWord))
	ws = append(ws, d.Columns...)
	ws = append(ws, d.ColumnsWhole...)
	ws = append(ws, d.ColumnsWithin...)
	return append(ws, d.ColumnsWord...)
}

// Detectors returns the descriptions of every detector, sorted by ID. The
// specs are shared; callers must not change them.
func Detectors() ([]*DetectorSpec, error) {
	specs.once.Do(loadSpecs)
	return specs.list, specs.err
}

// Detector returns the description of the detector with the given ID.
func Detector(id string) (*DetectorSpec, bool) {
	specs.once.Do(loadSpecs)
	d, ok := specs.byID[id]
	return d, ok
}

// MustDetector returns the description of a detector, and panics when it
// has none: a detector without a rule block is a programming error, found
// at start-up rather than by a detector silently dropped from the scan.
func MustDetector(id string) *DetectorSpec {
	specs.once.Do(loadSpecs)
	if specs.err != nil {
		panic(specs.err)
	}
	d, ok := specs.byID[id]
	if !ok {
		panic(fmt.Sprintf("rules: detector %q has no description (a `detector.*` block in rules/default.toml)", id))
	}
	return d
}

// describe points the rules of detectors at the loaded descriptions, so
// that a rule's Detector has its ID and rule filled in.
func describe(rs map[string]*Rule) error {
	if _, err := Detectors(); err != nil {
		return err
	}
	for id, r := range rs {
		if r.Detector != nil {
			r.Detector = specs.byRule[id]
		}
	}
	return nil
}

// deriveSteps adds to each step's shown_by the rules of the detectors
// that say they evaluate it.
func deriveSteps(steps []Step) error {
	ds, err := Detectors()
	if err != nil {
		return err
	}
	for _, d := range ds {
		for _, n := range d.Evaluates {
			if n > len(steps) || steps[n-1].Step != n {
				return fmt.Errorf("detector %s evaluates AP step %d, which is missing", d.ID, n)
			}
			steps[n-1].ShownBy = append(steps[n-1].ShownBy, d.Rule)
		}
	}
	return nil
}
