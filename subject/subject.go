// Package subject finds one person's data across sources for a data-subject
// request (GDPR art. 15, 17, 20): it normalises the identifiers a person
// gives, matches them against what the scanner's detectors find (one pass
// for any number of people), and writes the disclosure, the portable export
// and the erasure plan.
package subject

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/scanner"
)

// Kinds are the identifier kinds, as detector IDs, in the order shown.
var Kinds = []string{"email", "phone", "iban", "bsn"}

// Subject is one person as the request names them.
type Subject struct {
	Label  string   `toml:"id"`
	Emails strList  `toml:"email"`
	Phones strList  `toml:"phone"`
	IBANs  strList  `toml:"iban"`
	BSNs   strList  `toml:"bsn"`
	Names  strList  `toml:"name"`
	ids    []string // per identifier: its normalized form, in Identifiers order
}

// Given returns the identifiers of one kind as given.
func (s *Subject) Given(kind string) []string {
	switch kind {
	case "email":
		return s.Emails
	case "phone":
		return s.Phones
	case "iban":
		return s.IBANs
	case "bsn":
		return s.BSNs
	}
	return nil
}

// Identifier is one identifier of a subject, as given and normalised.
type Identifier struct {
	Kind       string `json:"kind"`
	Given      string `json:"given"`
	Normalized string `json:"normalized"`
}

// Identifiers returns the subject's identifiers (after NewMatcher).
func (s *Subject) Identifiers() []Identifier {
	var out []Identifier
	i := 0
	for _, k := range Kinds {
		for _, g := range s.Given(k) {
			out = append(out, Identifier{Kind: k, Given: g, Normalized: s.ids[i]})
			i++
		}
	}
	for _, n := range s.Names {
		out = append(out, Identifier{Kind: "name", Given: n, Normalized: FoldName(n)})
	}
	return out
}

// FoldName is the form two spellings of the same name share: diacritics
// folded, lower case, one space between words, surname-first ("Vries,
// Anna de") put in reading order.
func FoldName(s string) string {
	var f folded
	f.addCanonical([]byte(s))
	return string(f.buf)
}

// strList is a TOML value that may be a string or an array of strings.
type strList []string

func (l *strList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = append(*l, v)
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return errors.New("want a string or an array of strings")
			}
			*l = append(*l, s)
		}
	default:
		return errors.New("want a string or an array of strings")
	}
	return nil
}

// FoldEmail is the form two addresses of the same mailbox share: lower
// case, and for Gmail without dots and +tags in the local part.
func FoldEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	local, domain := s[:at], s[at+1:]
	if domain != "gmail.com" && domain != "googlemail.com" {
		return s
	}
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	return strings.ReplaceAll(local, ".", "") + "@gmail.com"
}

// hintColumn is a column name that each detector takes as its own, so that
// an identifier typed on its own is read the way a CRM column would be.
var hintColumn = map[string]string{"email": "email", "phone": "telefoon", "iban": "iban", "bsn": "bsn"}

// Normalize returns the canonical form of an identifier of a kind, as the
// detector of that kind would find it in a column, or an error when the
// detector does not accept it. The error never holds the value.
func Normalize(kind, value string) (string, error) {
	d, ok := detectors.Get(kind)
	if !ok {
		return "", fmt.Errorf("unknown identifier kind %q", kind)
	}
	cell := []byte(strings.TrimSpace(value))
	col := hintColumn[kind]
	ms := d.Find(cell, detectors.Context{Column: col, Hint: d.ColumnHint(col)}, nil)
	for _, m := range ms {
		if m.Start == 0 && m.End == len(cell) || m.WholeCell {
			if kind == "email" {
				return FoldEmail(m.Normalized), nil
			}
			return m.Normalized, nil
		}
	}
	return "", fmt.Errorf("not a valid %s", kindName(kind))
}

func kindName(kind string) string {
	return map[string]string{"email": "e-mail address", "phone": "phone number", "iban": "IBAN", "bsn": "BSN"}[kind]
}

type key struct{ kind, norm string }

// Matcher looks up found values among the subjects' identifiers: one map
// lookup per match, whatever the number of subjects.
type Matcher struct {
	Subjects []Subject
	index    map[key][]int
	names    *nameIndex
}

var _ scanner.SubjectRowMatcher = (*Matcher)(nil)

// NewMatcher normalises every identifier; a subject without any, or with
// one that does not validate, is an error naming the subject, not the value.
func NewMatcher(subjects []Subject) (*Matcher, error) {
	m := &Matcher{Subjects: subjects, index: map[key][]int{}, names: newNameIndex()}
	var errs []error
	for si := range m.Subjects {
		s := &m.Subjects[si]
		if s.Label == "" {
			s.Label = fmt.Sprintf("subject %d", si+1)
		}
		s.ids = nil
		for _, k := range Kinds {
			for gi, g := range s.Given(k) {
				n, err := Normalize(k, g)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %s #%d: %w", s.Label, k, gi+1, err))
				}
				s.ids = append(s.ids, n)
				if n != "" {
					kk := key{k, n}
					if l := m.index[kk]; len(l) == 0 || l[len(l)-1] != si {
						m.index[kk] = append(l, si)
					}
				}
			}
		}
		for ni, n := range s.Names {
			if !m.names.add(si, n) {
				errs = append(errs, fmt.Errorf("%s: name #%d: give a first name and a surname", s.Label, ni+1))
			}
		}
		if len(s.ids) == 0 && len(s.Names) == 0 {
			errs = append(errs, fmt.Errorf("%s: no identifier (--email, --phone, --iban, --bsn, --name)", s.Label))
		}
	}
	return m, errors.Join(errs...)
}

// Match implements scanner.SubjectMatcher.
func (m *Matcher) Match(kind, normalized string) []int {
	switch kind {
	case "email":
		if l, ok := m.index[key{kind, normalized}]; ok {
			return l
		}
		if strings.HasSuffix(normalized, "gmail.com") {
			return m.index[key{kind, FoldEmail(normalized)}]
		}
		return nil
	case "phone", "iban", "bsn":
		return m.index[key{kind, normalized}]
	}
	return nil
}

// Load reads a subject file: TOML ([[subject]] id, email, phone, iban, bsn,
// name; each a string or an array) or CSV with a header naming those
// columns (several values in one cell separated by ';').
func Load(path string) ([]Subject, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var subs []Subject
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".toml" || ext != ".csv" && bytes.Contains(b, []byte("[[subject]]")) {
		var f struct {
			Subject []Subject `toml:"subject"`
		}
		md, err := toml.Decode(string(b), &f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("%s: unknown key %s (want id, email, phone, iban, bsn, name)", path, und[0])
		}
		subs = f.Subject
	} else {
		subs, err = loadCSV(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("%s: no subjects", path)
	}
	return subs, nil
}

func loadCSV(r io.Reader) ([]Subject, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	cols := make([]string, len(head))
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch h {
		case "id", "label", "email", "phone", "iban", "bsn", "name":
		case "e-mail":
			h = "email"
		case "telefoon":
			h = "phone"
		case "naam":
			h = "name"
		default:
			return nil, fmt.Errorf("header: unknown column %q (want id, email, phone, iban, bsn, name)", h)
		}
		cols[i] = h
	}
	var subs []Subject
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return subs, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		var s Subject
		for i, v := range rec {
			if i >= len(cols) {
				break
			}
			for _, x := range strings.Split(v, ";") {
				if x = strings.TrimSpace(x); x == "" {
					continue
				}
				switch cols[i] {
				case "id", "label":
					s.Label = x
				case "email":
					s.Emails = append(s.Emails, x)
				case "phone":
					s.Phones = append(s.Phones, x)
				case "iban":
					s.IBANs = append(s.IBANs, x)
				case "bsn":
					s.BSNs = append(s.BSNs, x)
				case "name":
					s.Names = append(s.Names, x)
				}
			}
		}
		subs = append(subs, s)
	}
}
