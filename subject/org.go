package subject

import (
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// Org is what an organisation tells every person who asks for access
// (GDPR art. 15(1) and (2)) besides the data itself: who it is, why and on
// what basis it processes, who receives the data, how long it keeps it,
// where it came from, and whether decisions are automated. A scan cannot
// know these; the organisation writes them once in a TOML file (--org) and
// every access report carries them. See testdata/org.example.toml.
type Org struct {
	// Controller and Contact identify the controller (art. 13(1)(a)),
	// DPO its data protection officer, if any.
	Controller string `toml:"controller"`
	Contact    string `toml:"contact"`
	DPO        string `toml:"dpo"`
	// Purposes of the processing (art. 15(1)(a)) and its legal basis.
	Purposes   strList `toml:"purposes"`
	LegalBasis strList `toml:"legal_basis"`
	// Recipients or categories of recipients (art. 15(1)(c)).
	Recipients strList `toml:"recipients"`
	// Transfers to third countries and their safeguards (art. 15(2)).
	Transfers string `toml:"transfers"`
	// Retention is the period the data is kept, or the criteria used to
	// set it (art. 15(1)(d)).
	Retention string `toml:"retention"`
	// Source is where data not collected from the person came from
	// (art. 15(1)(g)).
	Source string `toml:"source"`
	// AutomatedDecisions says whether decisions are taken by automated
	// means, profiling included, and if so the logic and its consequences
	// (art. 15(1)(h)).
	AutomatedDecisions string `toml:"automated_decisions"`
	// Rights is how to exercise the rights of art. 15(1)(e) (to whom, by
	// what means); the rights themselves are listed by crmscan.
	Rights string `toml:"rights"`
	// Complaint replaces the text on the right to complain to the
	// Autoriteit Persoonsgegevens, for a controller another authority
	// supervises.
	Complaint string `toml:"complaint"`
}

// LoadOrg reads an organisation file. A key it does not know is an error,
// so that a misspelt field does not silently leave a disclosure without it.
func LoadOrg(path string) (*Org, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseOrg(path, b)
}

// ParseOrg parses an organisation file; path names it in errors.
func ParseOrg(path string, b []byte) (*Org, error) {
	var o Org
	md, err := toml.Decode(string(b), &o)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%s: unknown field(s) %s (known: controller, contact, dpo, purposes, legal_basis, recipients, transfers, retention, source, automated_decisions, rights, complaint)",
			path, strings.Join(keys, ", "))
	}
	return &o, nil
}

// Missing lists the fields art. 15 needs that the file leaves empty.
func (o *Org) Missing() []string {
	var out []string
	check := func(name string, empty bool) {
		if empty {
			out = append(out, name)
		}
	}
	check("controller", o.Controller == "")
	check("contact", o.Contact == "")
	check("purposes", len(o.Purposes) == 0)
	check("recipients", len(o.Recipients) == 0)
	check("retention", o.Retention == "")
	check("source", o.Source == "")
	check("automated_decisions", o.AutomatedDecisions == "")
	return out
}
