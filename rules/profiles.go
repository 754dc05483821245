package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed profiles.toml
var profilesTOML []byte

// Profile says how one CRM vendor's schema marks deletion, activity, birth
// dates and consent (profiles.toml).
type Profile struct {
	Name      string       `toml:"name"`
	Title     string       `toml:"title"`
	Detect    []string     `toml:"detect"`
	MinDetect int          `toml:"min_detect"`
	Deleted   []DeletedCol `toml:"deleted"`
	Activity  []string     `toml:"activity"`
	Birthdate []string     `toml:"birthdate"`
	OptIn     []string     `toml:"opt_in"`
	OptOut    []string     `toml:"opt_out"`
}

// DeletedCol is a column that marks a row as deleted or inactive.
type DeletedCol struct {
	Column   string   `toml:"column"`
	Values   []string `toml:"values"`
	NonEmpty bool     `toml:"nonempty"`
}

func loadProfiles() ([]Profile, error) {
	var f struct {
		Profiles []Profile `toml:"profiles"`
	}
	if err := decodeStrict(profilesTOML, &f); err != nil {
		return nil, fmt.Errorf("embedded profiles.toml: %w", err)
	}
	if len(f.Profiles) == 0 || f.Profiles[len(f.Profiles)-1].Name != "generic" {
		return nil, fmt.Errorf("embedded profiles.toml: the generic profile must come last")
	}
	for i := range f.Profiles {
		p := &f.Profiles[i]
		for j := range p.Detect {
			p.Detect[j] = NormColumn(p.Detect[j])
		}
		for j := range p.Deleted {
			p.Deleted[j].Column = NormColumn(p.Deleted[j].Column)
		}
		for _, l := range []*[]string{&p.Activity, &p.Birthdate, &p.OptIn, &p.OptOut} {
			for j := range *l {
				(*l)[j] = NormColumn((*l)[j])
			}
		}
	}
	return f.Profiles, nil
}

// NormColumn normalises a column name for comparison: lower case, without
// spaces, '_', '-', '.', and without a table prefix ("contacts.email").
func NormColumn(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case ' ', '_', '-', '.', '"', '`', '[', ']':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Profile returns the profile with the given name.
func (s *Set) Profile(name string) (Profile, bool) {
	for _, p := range s.profiles {
		if p.Name == name {
			return p, true
		}
	}
	return Profile{}, false
}

// consentWords and optOutWords mark a normalised column name (NormColumn)
// as recording consent, a legal basis or an objection, whatever the vendor.
var (
	consentWords = []string{"optin", "optout", "consent", "toestemming", "unsubscri", "afgemeld", "donot",
		"nietbellen", "nietmailen", "legalbasis", "lawfulbasis", "grondslag", "nieuwsbrief", "newsletter",
		"subscri", "blacklist", "bezwaar", "gdpr", "marketable", "permission", "akkoord", "mailings"}
	optOutWords = []string{"optout", "unsubscri", "afgemeld", "donot", "nietbellen", "nietmailen", "blacklist", "bezwaar"}
)

// ConsentColumn reports whether a normalised column name is about consent,
// a legal basis or an objection.
func ConsentColumn(n string) bool { return containsAny(n, consentWords) }

// OptOutColumn reports whether a normalised column name records an
// objection or unsubscription (true means: do not contact).
func OptOutColumn(n string) bool { return containsAny(n, optOutWords) }

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
