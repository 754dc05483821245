// Package rules holds what crmscan knows of the GDPR as data: the rules a
// finding is judged by (severity, AP steps, GDPR articles, remediation in
// English and Dutch, thresholds) and the Autoriteit Persoonsgegevens'
// 10-step plan. The defaults are embedded TOML; a user file given with
// --config changes or extends them.
package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed default.toml
var defaultRules []byte

//go:embed crm.toml
var crmRules []byte

//go:embed gate.toml
var gateRules []byte

//go:embed ap_steps.toml
var defaultSteps []byte

// Severity orders findings: info < low < medium < high < critical.
type Severity int

// Severities, ordered.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"", "info", "low", "medium", "high", "critical"}

// String returns the lower-case name.
func (s Severity) String() string {
	if s < Info || s > Critical {
		return ""
	}
	return severityNames[s]
}

// ErrSeverity is returned for an unknown severity name.
var ErrSeverity = errors.New("unknown severity")

// ParseSeverity parses "info", "low", "medium", "high" or "critical".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q (want info, low, medium, high or critical)", ErrSeverity, s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Text is a rule's or step's wording in one language.
type Text struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Remediation string   `toml:"remediation"`
	Questions   []string `toml:"questions"`
}

// Rule is one rule: what a finding of it means and what to do.
type Rule struct {
	ID       string
	Category string   `toml:"category"`
	Severity Severity `toml:"severity"`
	APSteps  []int    `toml:"ap_steps"`
	GDPR     []string `toml:"gdpr"`
	MinRatio float64  `toml:"min_ratio"`
	Disabled bool     `toml:"disabled"`
	// Params are the rule's numeric parameters (retention years, minimum
	// age...), overridable in a config file.
	Params map[string]float64 `toml:"params"`
	EN     Text               `toml:"en"`
	NL     Text               `toml:"nl"`
	// Detector describes the detector whose findings the rule judges, for
	// the rules of detectors (see DetectorSpec); nil for other rules.
	Detector *DetectorSpec `toml:"detector"`
}

// Param returns a parameter, or def when the rule does not set it.
func (r *Rule) Param(name string, def float64) float64 {
	if v, ok := r.Params[name]; ok {
		return v
	}
	return def
}

// Text returns the rule's wording in lang ("nl" or "en"), falling back to
// English where the Dutch is missing.
func (r *Rule) Text(lang string) Text { return pick(r.EN, r.NL, lang) }

// Step is one step of the AP 10-step plan, with what a scan must cover for
// the step to pass (see the head of ap_steps.toml).
type Step struct {
	Step     int  `toml:"step"`
	Evidence bool `toml:"evidence"`
	// ShownBy are globs of the rule IDs whose findings can show a problem
	// for the step.
	ShownBy []string `toml:"shown_by"`
	// AppliesTo names what the scan must have read for those rules to
	// judge anything: "rows", "people" or "policy".
	AppliesTo []string `toml:"applies_to"`
	// CleanMeansPass is false where no finding proves nothing (awareness,
	// consent as a process): a clean scan leaves the step "not_shown".
	CleanMeansPass bool `toml:"clean_means_pass"`
	EN             Text `toml:"en"`
	NL             Text `toml:"nl"`
}

// Coverage names what a scan read, for a step's applies_to.
const (
	CoverRows   = "rows"
	CoverPeople = "people"
	CoverPolicy = "policy"
)

// Text returns the step's wording in lang.
func (s *Step) Text(lang string) Text { return pick(s.EN, s.NL, lang) }

func pick(en, nl Text, lang string) Text {
	if lang != "nl" {
		return en
	}
	t := nl
	if t.Title == "" {
		t.Title = en.Title
	}
	if t.Description == "" {
		t.Description = en.Description
	}
	if t.Remediation == "" {
		t.Remediation = en.Remediation
	}
	if len(t.Questions) == 0 {
		t.Questions = en.Questions
	}
	return t
}

// Set is a complete, validated set of rules and steps.
type Set struct {
	rules    map[string]*Rule
	steps    []Step
	tables   map[string]TableConfig
	profiles []Profile
}

// TableConfig holds per-table settings from a config file's
// [tables."<name>"] sections.
type TableConfig struct {
	RetentionYears float64 `toml:"retention_years"`
	MinAge         float64 `toml:"min_age"`
}

type ruleFile struct {
	Rules map[string]*Rule `toml:"rules"`
}

type stepFile struct {
	Steps []Step `toml:"steps"`
}

// Default returns the embedded rules and steps, a Set of the caller's own.
func Default() (*Set, error) {
	if taken.CompareAndSwap(false, true) {
		r := <-prefetched // the Set init started to parse
		return r.s, r.err
	}
	return parseDefault()
}

// parseDefault parses the embedded rules and steps into a new Set.
func parseDefault() (*Set, error) {
	s := &Set{rules: map[string]*Rule{}, tables: map[string]TableConfig{}}
	for _, f := range []struct {
		name string
		b    []byte
	}{{"default.toml", defaultRules}, {"crm.toml", crmRules}, {"gate.toml", gateRules}} {
		var rf ruleFile
		if err := decodeStrict(f.b, &rf); err != nil {
			return nil, fmt.Errorf("embedded %s: %w", f.name, err)
		}
		for id, r := range rf.Rules {
			if _, dup := s.rules[id]; dup {
				return nil, fmt.Errorf("embedded %s: rule %s defined twice", f.name, id)
			}
			r.ID = id
			s.rules[id] = r
		}
	}
	if err := describe(s.rules); err != nil {
		return nil, err
	}
	profiles, err := loadProfiles()
	if err != nil {
		return nil, err
	}
	s.profiles = profiles
	var sf stepFile
	if err := decodeStrict(defaultSteps, &sf); err != nil {
		return nil, fmt.Errorf("embedded ap_steps.toml: %w", err)
	}
	s.steps = sf.Steps
	sort.Slice(s.steps, func(i, j int) bool { return s.steps[i].Step < s.steps[j].Step })
	if len(s.steps) == 10 {
		// The steps a detector evaluates are in its description, not in
		// hand-written globs of ap_steps.toml.
		if err := deriveSteps(s.steps); err != nil {
			return nil, fmt.Errorf("embedded rules: %w", err)
		}
	}
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("embedded rules: %w", err)
	}
	return s, nil
}

func decodeStrict(b []byte, v any) error {
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(v)
	if err != nil {
		return err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return fmt.Errorf("unknown key %q", un[0].String())
	}
	return nil
}

// userRule is a rule as a user's config file may give it: every field
// optional, so that only what is set overrides the default.
type userRule struct {
	Severity *Severity          `toml:"severity"`
	Disabled *bool              `toml:"disabled"`
	MinRatio *float64           `toml:"min_ratio"`
	Params   map[string]float64 `toml:"params"`
	APSteps  []int              `toml:"ap_steps"`
	GDPR     []string           `toml:"gdpr"`
	EN       *Text              `toml:"en"`
	NL       *Text              `toml:"nl"`
}

// ConfigFile is the part of a --config file that concerns rules.
type configFile struct {
	Rules  map[string]userRule    `toml:"rules"`
	Tables map[string]TableConfig `toml:"tables"`
}

// ErrUnknownRule is returned when a config file names a rule that does not exist.
var ErrUnknownRule = errors.New("unknown rule")

// LoadFile applies a user's TOML config file to the set: per rule, a changed
// severity, disabled = true, min_ratio, and other texts. Keys the file has
// that crmscan does not know are an error, since a typo would otherwise
// silently keep a default.
func (s *Set) LoadFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	return s.Apply(b)
}

// Apply applies a TOML config (see LoadFile).
func (s *Set) Apply(b []byte) error {
	var cf configFile
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&cf)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	for _, k := range md.Undecoded() {
		// Sections that later features read ([tables], [profile]...) are
		// not an error; unknown keys inside [rules] are.
		if len(k) > 0 && (k[0] == "rules" || k[0] == "tables") {
			return fmt.Errorf("config: unknown key %q", k.String())
		}
	}
	for id, u := range cf.Rules {
		r, ok := s.rules[id]
		if !ok {
			return fmt.Errorf("config: %w %q", ErrUnknownRule, id)
		}
		if u.Severity != nil {
			r.Severity = *u.Severity
		}
		if u.Disabled != nil {
			r.Disabled = *u.Disabled
		}
		if u.MinRatio != nil {
			r.MinRatio = *u.MinRatio
		}
		for k, v := range u.Params {
			if _, known := r.Params[k]; !known {
				return fmt.Errorf("config: rule %s has no parameter %q", id, k)
			}
			r.Params[k] = v
		}
		if u.APSteps != nil {
			r.APSteps = u.APSteps
		}
		if u.GDPR != nil {
			r.GDPR = u.GDPR
		}
		if u.EN != nil {
			mergeText(&r.EN, *u.EN)
		}
		if u.NL != nil {
			mergeText(&r.NL, *u.NL)
		}
	}
	for name, tc := range cf.Tables {
		if tc.RetentionYears < 0 || tc.MinAge < 0 {
			return fmt.Errorf("config: table %s: negative value", name)
		}
		s.tables[strings.ToLower(name)] = tc
	}
	return s.validate()
}

// Table returns the settings for a table: a config section named exactly
// like the table ("crm.leads", "contacts.csv"), case-insensitively.
func (s *Set) Table(name string) TableConfig { return s.tables[strings.ToLower(name)] }

// Profiles returns the CRM vendor profiles, the generic one last.
func (s *Set) Profiles() []Profile { return s.profiles }

func mergeText(dst *Text, src Text) {
	if src.Title != "" {
		dst.Title = src.Title
	}
	if src.Description != "" {
		dst.Description = src.Description
	}
	if src.Remediation != "" {
		dst.Remediation = src.Remediation
	}
	if src.Questions != nil {
		dst.Questions = src.Questions
	}
}

func (s *Set) validate() error {
	if len(s.steps) != 10 {
		return fmt.Errorf("want 10 AP steps, have %d", len(s.steps))
	}
	for i, st := range s.steps {
		if st.Step != i+1 || st.EN.Title == "" || st.NL.Title == "" {
			return fmt.Errorf("AP step %d: missing number or title", i+1)
		}
		for _, a := range st.AppliesTo {
			if a != CoverRows && a != CoverPeople && a != CoverPolicy {
				return fmt.Errorf("AP step %d: applies_to %q (want rows, people or policy)", st.Step, a)
			}
		}
		for _, g := range st.ShownBy {
			if _, err := path.Match(g, ""); err != nil {
				return fmt.Errorf("AP step %d: shown_by %q: %w", st.Step, g, err)
			}
		}
	}
	for _, id := range s.IDs() {
		r := s.rules[id]
		if r.Severity < Info || r.Severity > Critical {
			return fmt.Errorf("rule %s: no severity", id)
		}
		if r.Category == "" || r.EN.Title == "" || r.EN.Remediation == "" {
			return fmt.Errorf("rule %s: missing category, title or remediation", id)
		}
		if r.MinRatio < 0 || r.MinRatio > 1 {
			return fmt.Errorf("rule %s: min_ratio %v outside 0..1", id, r.MinRatio)
		}
		for _, st := range r.APSteps {
			if st < 1 || st > 10 {
				return fmt.Errorf("rule %s: AP step %d outside 1..10", id, st)
			}
		}
	}
	return nil
}

// Rule returns the rule with the given ID, enabled or not.
func (s *Set) Rule(id string) (*Rule, bool) {
	r, ok := s.rules[id]
	return r, ok
}

// IDs returns all rule IDs, sorted.
func (s *Set) IDs() []string {
	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Steps returns the ten AP steps in order.
func (s *Set) Steps() []Step { return s.steps }

// Evaluable reports whether some enabled rule can show a problem for step
// n (matches its shown_by), so that "no finding" can mean "pass" rather
// than "not looked at".
func (s *Set) Evaluable(n int) bool {
	if n < 1 || n > len(s.steps) || !s.steps[n-1].Evidence {
		return false
	}
	for _, r := range s.rules {
		if r.Disabled {
			continue
		}
		for _, g := range s.steps[n-1].ShownBy {
			if ok, _ := path.Match(g, r.ID); ok {
				return true
			}
		}
	}
	return false
}
