package detectors

import "strings"

// HashedIdentifier finds hashed personal identifiers: a whole cell of 32,
// 40 or 64 hex digits (MD5, SHA-1, SHA-256) in a column whose name says it
// holds a hashed e-mail address, phone number or person ID (email_sha256,
// hashed_email, phone_hash, hem). A hashed e-mail address is pseudonymised,
// not anonymous: anyone holding the address can recompute and match it. A
// hex string anywhere else (a checksum, a token) is not a match.
type HashedIdentifier struct{}

var _ Detector = HashedIdentifier{}

func init() { Register(HashedIdentifier{}) }

// ID returns "hashed_identifier".
func (HashedIdentifier) ID() string { return "hashed_identifier" }

// Priority ranks hashed identifiers lowest.
func (HashedIdentifier) Priority() int { return priorityOf("hashed_identifier") }

// hashHint holds the names that say "hashed identifier" by themselves
// (hem, email_hash, hashed_email); its words live in the description.
var hashHint = specHint("hashed_identifier")

// hashWords and hashSubjects: a column is also hinted when its normalised
// name holds one of each (email + sha256, klant + md5). They are a pairing
// rule, not words that announce the kind alone, so they stay here.
var (
	hashWords    = []string{"hash", "sha1", "sha2", "sha256", "md5", "hashed", "digest"}
	hashSubjects = []string{"mail", "phone", "tel", "mobile", "mobiel", "person", "user", "customer", "klant",
		"contact", "member", "lid", "bsn", "msisdn"}
)

// ColumnHint reports names such as email_hash, hashed_email, email_sha256,
// sha256_email, phone_hash, email_md5, hem.
func (HashedIdentifier) ColumnHint(column string) bool {
	if hashHint.match(column) {
		return true
	}
	n := normColumn(column)
	hashed, subject := false, false
	for _, w := range hashWords {
		hashed = hashed || strings.Contains(n, w)
	}
	for _, w := range hashSubjects {
		subject = subject || strings.Contains(n, w)
	}
	return hashed && subject
}

// Prefilter implements Detector.
func (HashedIdentifier) Prefilter() Prefilter { return Prefilter{MinLen: 32, HintOnly: true} }

// Find returns the hash that is the whole cell, in a hinted column.
func (HashedIdentifier) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint {
		return out
	}
	s, e := 0, len(cell)
	for s < e && isBlank(cell[s]) {
		s++
	}
	for e > s && isBlank(cell[e-1]) {
		e--
	}
	if n := e - s; n != 32 && n != 40 && n != 64 {
		return out
	}
	var lower, upper, digit bool
	for _, c := range cell[s:e] {
		switch {
		case isDigit(c):
			digit = true
		case c-'a' < 6:
			lower = true
		case c-'A' < 6:
			upper = true
		default:
			return out
		}
	}
	if !digit || lower == upper { // all digits or letters, or mixed case
		return out
	}
	var buf [64]byte
	for k, c := range cell[s:e] {
		buf[k] = lowerByte(c)
	}
	return append(out, Match{Start: s, End: e, Normalized: ctx.norm(buf[:e-s]), Confidence: Medium, WholeCell: true})
}

// Mask keeps the first four hex digits: 5d41****… (as many stars as the
// hash has hidden digits).
func (HashedIdentifier) Mask(normalized string) string {
	if len(normalized) < 16 {
		return "****"
	}
	return normalized[:4] + stars(len(normalized)-4)
}
