package detectors

import (
	"strings"

	"github.com/crmscan/crmscan/rules"
)

// Credential finds stored passwords: password hashes in the formats
// password libraries write (bcrypt $2a$/$2b$/$2y$, argon2 $argon2id$, the
// MD5, SHA-256 and SHA-512 crypt formats $1$/$5$/$6$, yescrypt $y$,
// Django's pbkdf2_sha256$, LDAP {SSHA}) wherever they stand as a whole cell,
// and, in a column whose name says password (password, wachtwoord, pass,
// pwd: rules/default.toml), unsalted hex hashes (MD5, SHA-1, SHA-256,
// SHA-512, MySQL's *-prefixed SHA-1) and plain-text passwords.
//
// Its findings are the security rule security.credential_stored, not
// personal data as such: a plain-text password is high, a column of hashes
// medium. The value itself never leaves the detector, not even with
// --show-values: a match's Normalized is the format ("credential:plain",
// "credential:bcrypt"),
// and Mask names only that.
type Credential struct{}

var _ Detector = Credential{}

func init() { Register(Credential{}) }

// ID returns "credential".
func (Credential) ID() string { return "credential" }

// Rule returns "security.credential_stored".
func (Credential) Rule() string { return "security.credential_stored" }

// Priority ranks credentials above the hashed identifiers (a hex hash in a
// password column is a password hash, not a hashed e-mail address) and
// below the identifiers with a checksum.
func (Credential) Priority() int { return priorityOf("credential") }

// Secret implements Secret: samples are masked even with --show-values.
func (Credential) Secret() bool { return true }

var credentialHint = specHint("credential")

// ColumnHint reports names such as password, wachtwoord, pass_crypted,
// user_pwd, Passwort, mot_de_passe.
func (Credential) ColumnHint(column string) bool { return credentialHint.match(column) }

// Prefilter implements Detector: outside a password column only a hash
// format can match, which has a '$' or '{' and at least 13 bytes ($1$ with
// a salt and a hash); a cell without them costs no call.
func (Credential) Prefilter() Prefilter {
	return Prefilter{MinLen: 3, NoHintAll: ShapeSigil, NoHintMinLen: 13, WholeID: true}
}

// Normalized values are the format behind this prefix ("credential:bcrypt"):
// the format is all a finding may say of a password.
const (
	credentialPrefix = "credential:"
	credentialPlain  = credentialPrefix + "plain"
)

// credentialPlaceholders are what a password column holds when it holds no
// password, and the names of hash algorithms a neighbouring "pass_encoding"
// column holds.
var credentialPlaceholders = []string{
	"null", "none", "nil", "n/a", "na", "true", "false", "yes", "no", "ja", "nee", "empty", "leeg", "unknown",
	"md5", "sha1", "sha256", "sha512", "bcrypt", "argon2", "argon2id", "crypt", "plain", "plaintext", "hash",
}

// Find returns the password or password hash in the cell.
func (Credential) Find(cell []byte, ctx Context, out []Match) []Match {
	start, end := trimBlank(cell)
	if !ctx.Hint && (end-start < 13 || cell[start] != '$' && cell[start] != 'p' && cell[start] != '{') {
		return out
	}
	v := cell[start:end]
	if len(v) == 0 || len(v) > 256 {
		return out
	}
	if f := hashFormat(v); f != "" {
		return append(out, Match{Start: start, End: end, Normalized: f, Confidence: High, WholeCell: true})
	}
	if !ctx.Hint {
		return out
	}
	if f := hexHash(v); f != "" {
		return append(out, Match{Start: start, End: end, Normalized: f, Confidence: High, WholeCell: true})
	}
	if !plainPassword(v) {
		return out
	}
	return append(out, Match{Start: start, End: end, Normalized: credentialPlain, Confidence: Medium, WholeCell: true})
}

// cryptByte reports a byte of the crypt(3) base-64 alphabet.
func cryptByte(c byte) bool { return isAlnum(c) || c == '.' || c == '/' }

// b64Byte reports a byte of standard base 64 (with padding).
func b64Byte(c byte) bool { return isAlnum(c) || c == '+' || c == '/' || c == '=' }

// hasPrefixFold reports whether v starts with the lower-case ASCII p,
// case-insensitively.
func hasPrefixFold(v []byte, p string) bool {
	_, ok := hasWordFold(v, 0, p)
	return ok
}

// hashFormat names the password-hash format of v ("credential:bcrypt"), or
// "" when v is none. The names are constants: a match allocates nothing.
func hashFormat(v []byte) string {
	switch {
	case len(v) == 60 && v[0] == '$' && v[1] == '2' && (v[2] == 'a' || v[2] == 'b' || v[2] == 'y' || v[2] == 'x') &&
		v[3] == '$' && isDigit(v[4]) && isDigit(v[5]) && v[6] == '$' && allBytes(v[7:], cryptByte):
		return credentialPrefix + "bcrypt"
	case hasPrefixFold(v, "$argon2"):
		// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>
		if len(v) >= 40 && dollarFields(v[1:], func(c byte) bool { return b64Byte(c) || c == ',' || c == '-' }) >= 4 {
			return credentialPrefix + "argon2"
		}
	case len(v) > 3 && v[0] == '$' && v[2] == '$' && (v[1] == '1' || v[1] == '5' || v[1] == '6'):
		// $1$salt$22, $5$[rounds=N$]salt$43, $6$[rounds=N$]salt$86
		want, name := 22, credentialPrefix+"md5-crypt"
		switch v[1] {
		case '5':
			want, name = 43, credentialPrefix+"sha256-crypt"
		case '6':
			want, name = 86, credentialPrefix+"sha512-crypt"
		}
		last := lastDollar(v)
		if last > 3 && len(v)-last-1 == want && allBytes(v[last+1:], cryptByte) &&
			allBytes(v[3:last], func(c byte) bool { return cryptByte(c) || c == '$' || c == '=' }) {
			return name
		}
	case hasPrefixFold(v, "$apr1$"):
		if last := lastDollar(v); last > 6 && len(v)-last-1 == 22 && allBytes(v[last+1:], cryptByte) {
			return credentialPrefix + "md5-crypt"
		}
	case hasPrefixFold(v, "$y$") || hasPrefixFold(v, "$7$"):
		if len(v) >= 40 && dollarFields(v[1:], cryptByte) >= 4 {
			return credentialPrefix + "yescrypt"
		}
	case hasPrefixFold(v, "pbkdf2_sha") || hasPrefixFold(v, "scrypt$") || hasPrefixFold(v, "argon2$"):
		if len(v) >= 40 && dollarFields(v, func(c byte) bool { return b64Byte(c) || c == '_' || c == '-' }) >= 4 {
			return credentialPrefix + "pbkdf2"
		}
	case hasPrefixFold(v, "{ssha}") || hasPrefixFold(v, "{sha}") || hasPrefixFold(v, "{ssha256}") ||
		hasPrefixFold(v, "{ssha512}") || hasPrefixFold(v, "{crypt}") || hasPrefixFold(v, "{md5}") || hasPrefixFold(v, "{smd5}"):
		if p := indexByte(v, '}'); p > 0 && len(v)-p-1 >= 20 && allBytes(v[p+1:], func(c byte) bool { return b64Byte(c) || c == '$' || c == '.' }) {
			return credentialPrefix + "ldap"
		}
	}
	return ""
}

// hexHash names an unsalted hex digest by its length: v in one case only,
// with letters and digits both (a run of digits is a number).
func hexHash(v []byte) string {
	if len(v) == 41 && v[0] == '*' && hexHash(v[1:]) == credentialPrefix+"sha1" {
		return credentialPrefix + "mysql"
	}
	lower, upper, digits := 0, 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c-'a' < 6:
			lower++
		case c-'A' < 6:
			upper++
		default:
			return ""
		}
	}
	if lower > 0 && upper > 0 || digits == len(v) || digits == 0 {
		return ""
	}
	switch len(v) {
	case 32:
		return credentialPrefix + "md5"
	case 40:
		return credentialPrefix + "sha1"
	case 64:
		return credentialPrefix + "sha256"
	case 128:
		return credentialPrefix + "sha512"
	}
	return ""
}

// plainPassword reports whether v, the whole cell of a password column,
// reads as a password: not a placeholder, not a masked value (****), not a
// date or time (password_changed), not a sentence.
func plainPassword(v []byte) bool {
	if len(v) < 3 || len(v) > 128 {
		return false
	}
	var buf [16]byte
	if w := foldInto(buf[:], v); w != nil && inWords(w, credentialPlaceholders) {
		return false
	}
	stars, spaces, dateish := 0, 0, 0
	for _, c := range v {
		switch {
		case c == '*':
			stars++
		case c == ' ':
			spaces++
		case isDigit(c) || c == '-' || c == ':' || c == '/' || c == '.' || c == 'T' || c == 'Z':
			dateish++
		}
	}
	if stars == len(v) || spaces >= 2 {
		return false
	}
	if dateish+spaces == len(v) && len(v) >= 8 && hasAnyByte(v, "-:/.") {
		return false // 2024-03-12 10:15:00
	}
	return true
}

func hasAnyByte(v []byte, set string) bool {
	for _, c := range v {
		if hasByte(set, c) {
			return true
		}
	}
	return false
}

func allBytes(v []byte, ok func(byte) bool) bool {
	if len(v) == 0 {
		return false
	}
	for _, c := range v {
		if !ok(c) {
			return false
		}
	}
	return true
}

// dollarFields counts the non-empty '$'-separated fields of v, and returns
// 0 when a byte outside '$' fails ok or a field is empty.
func dollarFields(v []byte, ok func(byte) bool) int {
	n, size := 0, 0
	for _, c := range v {
		if c == '$' {
			if size == 0 {
				return 0
			}
			n++
			size = 0
			continue
		}
		if !ok(c) {
			return 0
		}
		size++
	}
	if size == 0 {
		return 0
	}
	return n + 1
}

func lastDollar(v []byte) int {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '$' {
			return i
		}
	}
	return -1
}

func indexByte(v []byte, c byte) int {
	for i := range v {
		if v[i] == c {
			return i
		}
	}
	return -1
}

// Mask names the format only ("[bcrypt hash]", "[plain-text password]"):
// no character of a password is shown.
func (Credential) Mask(normalized string) string {
	if normalized == credentialPlain {
		return "[plain-text password]"
	}
	f := strings.TrimPrefix(normalized, credentialPrefix)
	if f == "" || f == normalized {
		return "[password hash]"
	}
	return "[" + f + " hash]"
}

// Severity implements Severer: a column whose samples are all hashes is a
// lesser risk than plain text (medium instead of the rule's high), since a
// hash must still be cracked; a salted slow hash is what the remediation
// asks for, but an unsalted MD5 is cracked in seconds, so hashes stay
// reported.
func (Credential) Severity(base rules.Severity, samples []string) rules.Severity {
	for _, s := range samples {
		if s == "[plain-text password]" {
			return base
		}
	}
	if len(samples) > 0 && base > rules.Medium {
		return rules.Medium
	}
	return base
}
