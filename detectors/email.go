package detectors

import (
	"bytes"
	"strings"
)

// Email finds e-mail addresses (local@domain, RFC 5321 "dot-atom" local
// parts and DNS host names), also inside free text.
type Email struct{}

var _ Detector = Email{}

func init() { Register(Email{}) }

// ID returns "email".
func (Email) ID() string { return "email" }

// Priority ranks e-mail just below IBAN.
func (Email) Priority() int { return priorityOf("email") }

var emailHint = specHint("email") // words: rules/default.toml, rules."pii.email"

// ColumnHint reports names such as e-mail, emailaddress1, emailadres.
func (Email) ColumnHint(column string) bool { return emailHint.match(column) }

// Prefilter implements Detector.
func (Email) Prefilter() Prefilter { return Prefilter{MinLen: 6, All: ShapeAt | ShapeLetter} }

const (
	emailMaxLocal = 64
	emailMaxLabel = 63
	emailMaxLen   = 254
)

// emailLocal marks the bytes of a dot-atom local part (atext plus '.').
var emailLocal = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c))
	}
	for _, c := range []byte(".!#$%&'*+/=?^_`{|}~-") {
		t[c] = true
	}
	return t
}()

// Find returns every address in the cell.
func (Email) Find(cell []byte, ctx Context, out []Match) []Match {
	floor := 0 // a local part may not reach back into the previous match
	for from := 0; from < len(cell); {
		k := bytes.IndexByte(cell[from:], '@')
		if k < 0 {
			break
		}
		at := from + k
		from = at + 1
		start, end, ok := emailSpan(cell, at, floor)
		if !ok {
			continue
		}
		m := Match{
			Start:      start,
			End:        end,
			Normalized: ctx.lower(cell[start:end]),
			Confidence: High,
			WholeCell:  isWholeCell(cell, start, end),
		}
		m.Test = emailTestDomain(cell[start:end])
		out = append(out, m)
		floor, from = end, end
	}
	return out
}

// emailSpan expands the '@' at cell[at] into an address and returns its
// span.
func emailSpan(cell []byte, at, floor int) (start, end int, ok bool) {
	// Local part: expand left over dot-atom bytes, at most one past the
	// limit (so that a longer run is told apart).
	ls := at
	for lim := max(floor, at-emailMaxLocal-1); ls > lim && emailLocal[cell[ls-1]]; {
		ls--
	}
	if ls > floor && emailLocal[cell[ls-1]] {
		return 0, 0, false // longer than 64 bytes
	}
	if ls > 0 && (cell[ls-1] >= 0x80 || cell[ls-1] == '@') {
		return 0, 0, false // glued to a non-ASCII letter or another address
	}
	// Drop leading punctuation (quotes, dots) that belongs to the text.
	for ls < at && !isAlnum(cell[ls]) && cell[ls] != '_' {
		ls++
	}
	if ls == at || at-ls > emailMaxLocal || cell[at-1] == '.' || bytes.Contains(cell[ls:at], dotDot) {
		return 0, 0, false
	}

	// Domain: labels of letters, digits and inner hyphens.
	p := at + 1
	labels := 0
	var tldStart, tldEnd int
	for {
		s := p
		for p < len(cell) && emailDomain[cell[p]] {
			p++
		}
		if p == s || p-s > emailMaxLabel || cell[s] == '-' || cell[p-1] == '-' {
			return 0, 0, false
		}
		labels++
		tldStart, tldEnd = s, p
		if p+1 < len(cell) && cell[p] == '.' && isAlnum(cell[p+1]) {
			p++
			continue
		}
		break
	}
	if labels < 2 || p-ls > emailMaxLen {
		return 0, 0, false
	}
	if p < len(cell) && (cell[p] >= 0x80 || cell[p] == '@' || cell[p] == '_') {
		return 0, 0, false
	}
	if !validTLD(cell[tldStart:tldEnd]) {
		return 0, 0, false
	}
	return ls, p, true
}

var dotDot = []byte("..")

// emailDomain marks the bytes of a domain label: ASCII letters, digits and
// the hyphen.
var emailDomain = func() (t [256]bool) {
	for c := range t {
		t[c] = isAlnum(byte(c)) || c == '-'
	}
	return t
}()

// emailTestDomains are domains reserved for examples and tests (RFC 2606,
// RFC 6761) and common Dutch placeholders; their subdomains count too.
var emailTestDomains = []string{"example.com", "example.org", "example.net", "test.nl", "test.com", "localhost"}

// emailTestTLDs are top-level domains reserved for examples and tests.
var emailTestTLDs = []string{"example", "test", "invalid", "localhost"}

// emailTestDomain reports an address at a reserved example or test domain,
// in any case (Info@Example.COM).
func emailTestDomain(addr []byte) bool {
	dom := addr[bytes.LastIndexByte(addr, '@')+1:]
	if len(dom) > 256 {
		return false
	}
	// Compared in place, case-insensitively: the domain is not copied.
	for _, d := range emailTestDomains {
		p := len(dom) - len(d)
		if p < 0 || p > 0 && dom[p-1] != '.' {
			continue
		}
		if _, ok := hasWordFold(dom, p, d); ok {
			return true
		}
	}
	tld := dom[bytes.LastIndexByte(dom, '.')+1:]
	for _, t := range emailTestTLDs {
		if len(tld) == len(t) {
			if _, ok := hasWordFold(tld, 0, t); ok {
				return true
			}
		}
	}
	return false
}

// validTLD accepts 2–63 letters or an xn-- punycode label.
func validTLD(t []byte) bool {
	if len(t) < 2 {
		return false
	}
	if len(t) > 4 && lowerByte(t[0]) == 'x' && lowerByte(t[1]) == 'n' && t[2] == '-' && t[3] == '-' {
		return true // label characters were checked by the caller
	}
	for _, c := range t {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// Mask keeps the first byte of the local part, the first byte of the
// domain and the top-level domain: j***@e***.nl.
func (Email) Mask(normalized string) string {
	at := strings.LastIndexByte(normalized, '@')
	if at <= 0 || at == len(normalized)-1 {
		return "***"
	}
	dom := normalized[at+1:]
	tld := ""
	if dot := strings.LastIndexByte(dom, '.'); dot > 0 {
		tld = dom[dot:]
	}
	return normalized[:1] + "***@" + dom[:1] + "***" + tld
}
