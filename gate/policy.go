package gate

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/crmscan/crmscan/rules"
)

// Policy is one recipient's data-sharing policy, loaded from TOML.
type Policy struct {
	// File is the path the policy was loaded from, as given.
	File string `toml:"-"`

	Recipient string `toml:"recipient"`
	Purpose   string `toml:"purpose"`
	// Agreement is the processor agreement's reference (art. 28).
	Agreement    string `toml:"agreement"`
	AgreementEnd Date   `toml:"agreement_end"`

	Allow KindList `toml:"allow"`
	Deny  KindList `toml:"deny"`
	// MaxRows is the most rows a table of the export may hold; 0 = no limit.
	MaxRows int64 `toml:"max_rows"`

	// Countries are where the recipient stores or processes the data.
	Countries CountryList `toml:"countries"`
	// SCCs and DPF hold for every country: standard contractual clauses
	// signed, a US recipient certified under the Data Privacy Framework.
	SCCs bool `toml:"sccs"`
	DPF  bool `toml:"dpf"`
	// Transfers are per-country safeguards, keyed by ISO code.
	Transfers map[string]Transfer `toml:"transfers"`

	Require []Require `toml:"require"`

	// AllowOptedOut and AllowDeleted let rows of people who opted out or
	// records marked deleted through (a suppression list a recipient keeps).
	AllowOptedOut bool `toml:"allow_opted_out"`
	AllowDeleted  bool `toml:"allow_deleted"`

	allow, deny map[string]bool // expanded kinds and aliases
}

// Transfer is the safeguard of a transfer to one country.
type Transfer struct {
	SCCs      bool   `toml:"sccs"`
	DPF       bool   `toml:"dpf"`
	Reference string `toml:"reference"`
}

// Require is a column every table with personal data must have, and
// optionally the value every row must hold in it.
type Require struct {
	Column string    `toml:"column"`
	Equals BoolValue `toml:"equals"`
}

// Date is a calendar date (TOML local date 2027-01-31, or that as a string).
type Date struct{ Y, M, D int }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Y == 0 }

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D) }

// Before reports whether d is before the calendar day of t (in t's zone).
func (d Date) Before(t time.Time) bool {
	y, m, day := t.Date()
	return d.Y*10000+d.M*100+d.D < y*10000+int(m)*100+day
}

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Date) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case time.Time:
		y, m, day := x.Date()
		*d = Date{y, int(m), day}
		return nil
	case string:
		t, err := time.Parse("2006-01-02", strings.TrimSpace(x))
		if err != nil {
			return fmt.Errorf("bad date %q: want YYYY-MM-DD, e.g. 2027-01-31", x)
		}
		*d = Date{t.Year(), int(t.Month()), t.Day()}
		return nil
	}
	return fmt.Errorf("bad date %v: want YYYY-MM-DD, e.g. 2027-01-31", v)
}

// KindList is a list of kinds of personal data (or aliases), validated.
type KindList []string

// UnmarshalTOML implements toml.Unmarshaler.
func (k *KindList) UnmarshalTOML(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("want a list of kinds, e.g. [\"name\", \"email\"]")
	}
	var out KindList
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("kind %v is not a string", x)
		}
		c := canonical(s)
		if c == "" {
			return fmt.Errorf("unknown kind %q (valid: %s)", s, strings.Join(Kinds(), ", "))
		}
		out = append(out, c)
	}
	*k = out
	return nil
}

// CountryList is a list of ISO 3166-1 alpha-2 codes, validated.
type CountryList []string

// UnmarshalTOML implements toml.Unmarshaler.
func (c *CountryList) UnmarshalTOML(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("want a list of ISO 3166 country codes, e.g. [\"NL\", \"DE\"]")
	}
	var out CountryList
	for _, x := range list {
		s, _ := x.(string)
		code := normCountry(s)
		if code == "" {
			return fmt.Errorf("unknown country %v: want an ISO 3166-1 alpha-2 code such as NL, DE, US, GB, IN (EEA: %s)", x, strings.Join(slices.Sorted(maps.Keys(eea)), " "))
		}
		out = append(out, code)
	}
	*c = out
	return nil
}

// BoolValue is a required value: "true" or "false" (a TOML boolean or a
// string); "" when the policy does not say.
type BoolValue string

// UnmarshalTOML implements toml.Unmarshaler.
func (b *BoolValue) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case bool:
		*b = BoolValue(strconv.FormatBool(x))
		return nil
	case string:
		if s := strings.ToLower(strings.TrimSpace(x)); s == "true" || s == "false" {
			*b = BoolValue(s)
			return nil
		}
	}
	return fmt.Errorf("equals %v: valid values are \"true\" and \"false\"", fmtValue(v))
}

func fmtValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// Error is a problem in a policy file, with its line (0 when unknown).
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Valid keys per section, for the messages on unknown keys.
var (
	topKeys      = []string{"recipient", "purpose", "agreement", "agreement_end", "allow", "deny", "max_rows", "countries", "sccs", "dpf", "transfers", "require", "allow_opted_out", "allow_deleted"}
	requireKeys  = []string{"column", "equals"}
	transferKeys = []string{"sccs", "dpf", "reference"}
)

// Load reads and validates a policy file. Every problem is an error naming
// the file and line; a key crmscan does not know is one too, since a typo
// would otherwise silently loosen the gate.
func Load(path string) (*Policy, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return Parse(path, b)
}

var lineRE = regexp.MustCompile(`line (\d+)(?: \(last key "([^"]*)"\))?`)

// Parse parses and validates a policy; name is the file's name for errors.
func Parse(name string, src []byte) (*Policy, error) {
	p := &Policy{File: name}
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(p)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.LastKey != "" {
				msg = pe.LastKey + ": " + msg
			}
			return nil, &Error{File: name, Line: pe.Position.Line, Msg: msg}
		}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		line := 0
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			if i := strings.Index(msg, "): "); i >= 0 {
				msg = msg[i+3:]
			}
			if m[2] != "" {
				msg = m[2] + ": " + msg + tableHint(strings.Split(m[2], "."))
			}
		}
		return nil, &Error{File: name, Line: line, Msg: msg}
	}
	var errs []error
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	at := func(key ...string) int { return keyLine(src, key) }

	for _, k := range md.Undecoded() {
		valid := topKeys
		switch {
		case len(k) >= 2 && k[0] == "require":
			valid = requireKeys
		case len(k) >= 3 && k[0] == "transfers":
			valid = transferKeys
		}
		fail(keyLine(src, k), "unknown key %q (valid keys: %s)%s", k.String(), strings.Join(valid, ", "), tableHint(k))
	}
	if strings.TrimSpace(p.Recipient) == "" {
		fail(at("recipient"), "recipient is required: who receives the export")
	}
	if p.AgreementEnd.IsZero() {
		fail(at("agreement_end"), "agreement_end is required: the end date of the processor agreement (GDPR art. 28), e.g. agreement_end = 2027-01-31")
	}
	if !md.IsDefined("allow") {
		fail(0, "allow is required: the kinds of personal data the recipient may receive, e.g. allow = [\"name\", \"email\", \"postcode\"] (valid: %s)", strings.Join(Kinds(), ", "))
	}
	if p.MaxRows < 0 {
		fail(at("max_rows"), "max_rows must be 1 or more (leave it out for no limit)")
	}
	if md.IsDefined("max_rows") && p.MaxRows == 0 {
		fail(at("max_rows"), "max_rows must be 1 or more (leave it out for no limit)")
	}
	p.allow, p.deny = map[string]bool{}, map[string]bool{}
	for _, k := range p.Allow {
		p.allow[k] = true
	}
	for _, k := range p.Deny {
		if p.allow[k] {
			fail(at("deny"), "kind %q is in both allow and deny", k)
		}
		p.deny[k] = true
	}
	inCountries := map[string]bool{}
	for _, c := range p.Countries {
		inCountries[c] = true
	}
	if p.DPF && len(p.Countries) > 0 && !inCountries["US"] {
		fail(at("dpf"), "dpf = true concerns the EU-US Data Privacy Framework, but US is not in countries")
	}
	codes := slices.Sorted(maps.Keys(p.Transfers))
	for _, code := range codes {
		t := p.Transfers[code]
		iso := normCountry(code)
		switch {
		case iso == "":
			fail(at("transfers", code), "transfers.%s: unknown country (want an ISO 3166-1 alpha-2 code such as US, IN)", code)
			continue
		case !inCountries[iso]:
			fail(at("transfers", code), "transfers.%s: %s is not in countries (%s)", code, iso, strings.Join(p.Countries, ", "))
		case t.DPF && iso != "US":
			fail(at("transfers", code), "transfers.%s: dpf applies only to the United States (US)", code)
		}
		if iso != code {
			delete(p.Transfers, code)
			p.Transfers[iso] = t
		}
	}
	for i, r := range p.Require {
		line := nthHeaderLine(src, "require", i)
		if strings.TrimSpace(r.Column) == "" {
			fail(line, "require #%d: column is required (valid keys: %s)", i+1, strings.Join(requireKeys, ", "))
			continue
		}
		n := rules.NormColumn(r.Column)
		if r.Equals == "true" && rules.OptOutColumn(n) {
			fail(line, "require #%d: column %q reads as an opt-out flag; equals = \"true\" would let only people who objected through (did you mean \"false\"?)", i+1, r.Column)
		}
		if r.Equals == "false" && !rules.OptOutColumn(n) && rules.ConsentColumn(n) {
			fail(line, "require #%d: column %q reads as an opt-in flag; equals = \"false\" would let only people without consent through (did you mean \"true\"?)", i+1, r.Column)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// tableHint explains a top-level key caught in a table: in TOML every key
// after [transfers] or [[require]] belongs to that table.
func tableHint(k []string) string {
	if len(k) < 2 || (k[0] != "transfers" && k[0] != "require") {
		return ""
	}
	for _, t := range topKeys {
		if k[len(k)-1] == t || len(k) == 2 && k[1] == t {
			return fmt.Sprintf("; %s is a top-level key: move it above the first [%s] header", t, k[0])
		}
	}
	return ""
}

// allows reports whether the allow list names kind (itself or its alias).
func (p *Policy) allows(kind string) bool {
	return inList(p.allow, kind)
}

// denies reports whether the deny list names kind (itself or its alias).
func (p *Policy) denies(kind string) bool {
	return inList(p.deny, kind)
}

// clauseValue renders a clause as the policy file has it.
func (p *Policy) clauseValue(clause string) string {
	list := func(ks []string) string {
		q := make([]string, len(ks))
		for i, k := range ks {
			q[i] = strconv.Quote(k)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	switch clause {
	case "allow":
		return "allow = " + list(p.Allow)
	case "deny":
		return "deny = " + list(p.Deny)
	case "max_rows":
		return fmt.Sprintf("max_rows = %d", p.MaxRows)
	case "agreement_end":
		return "agreement_end = " + p.AgreementEnd.String()
	case "countries":
		return "countries = " + list(p.Countries)
	case "allow_opted_out":
		return "allow_opted_out = false"
	case "allow_deleted":
		return "allow_deleted = false"
	}
	return clause
}

// keyLine finds the line that defines key (or the longest defined prefix
// of it, for a key inside an inline table); 0 when not found.
func keyLine(src []byte, key []string) int {
	best, bestLen := 0, 0
	var table []string
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(stripComment(raw))
		if line == "" {
			continue
		}
		var path []string
		switch {
		case strings.HasPrefix(line, "[[") && strings.HasSuffix(line, "]]"):
			table = splitKey(line[2 : len(line)-2])
			path = table
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			table = splitKey(line[1 : len(line)-1])
			path = table
		default:
			eq := strings.Index(line, "=")
			if eq <= 0 {
				continue
			}
			path = append(append([]string{}, table...), splitKey(line[:eq])...)
		}
		n := 0
		for n < len(path) && n < len(key) && path[n] == key[n] {
			n++
		}
		if n == len(path) && n > bestLen {
			best, bestLen = i+1, n
		}
	}
	return best
}

// nthHeaderLine returns the line of the n-th (0-based) [[name]] header.
func nthHeaderLine(src []byte, name string, n int) int {
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(stripComment(raw))
		if strings.HasPrefix(line, "[[") && strings.HasSuffix(line, "]]") && strings.Join(splitKey(line[2:len(line)-2]), ".") == name {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}

func splitKey(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ".") {
		out = append(out, strings.Trim(strings.TrimSpace(part), `"'`))
	}
	return out
}

// stripComment drops a # comment that is not inside a string.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return s[:i]
		}
	}
	return s
}
