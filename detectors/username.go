package detectors

// Username finds logins and user names: a single word of letters, digits and
// . _ - @ with at least one letter (vsmith, j.devries, piet_1984, an e-mail
// used as a login). Such a word could be anything, so it counts only as the
// whole cell of a column whose name says login or user name (login,
// username, gebruikersnaam, Benutzername: rules/default.toml). A login is
// usually made from the person's name and identifies them.
type Username struct{}

var _ Detector = Username{}

func init() { Register(Username{}) }

// ID returns "username".
func (Username) ID() string { return "username" }

// Priority ranks logins below the identifiers with a format of their own
// (an e-mail used as a login stays an e-mail) and above names, so that a
// login column is not read as surnames.
func (Username) Priority() int { return priorityOf("username") }

var usernameHint = specHint("username")

// ColumnHint reports names such as login, username, user_name,
// gebruikersnaam, inlognaam.
func (Username) ColumnHint(column string) bool { return usernameHint.match(column) }

// Prefilter implements Detector: letters, in a login column.
func (Username) Prefilter() Prefilter {
	return Prefilter{MinLen: 2, Any: ShapeLetter, HintOnly: true, WholeID: true}
}

// usernamePlaceholders are what a login column holds when it holds nobody.
var usernamePlaceholders = []string{"null", "none", "nil", "n/a", "na", "unknown", "onbekend", "anonymous", "guest", "true", "false"}

// Find returns the login in a login column's cell.
func (Username) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint {
		return out
	}
	start, end, ok := wholeValue(cell, 64)
	if !ok || end-start < 2 {
		return out
	}
	v := cell[start:end]
	letters := 0
	for i, c := range v {
		switch {
		case isLetter(c):
			letters++
		case isDigit(c), c >= 0x80:
		case c == '.' || c == '_' || c == '-' || c == '@':
			if i == 0 && c != '_' {
				return out // "-", ".hidden", "@handle" is a mention, not a login
			}
		default:
			return out // spaces, slashes, colons: text, a path or a URL
		}
	}
	if letters == 0 {
		return out
	}
	var buf [16]byte
	if w := foldInto(buf[:], v); w != nil && inWords(w, usernamePlaceholders) {
		return out
	}
	return append(out, Match{Start: start, End: end, Normalized: ctx.lower(v), Confidence: Medium, WholeCell: true})
}

// Mask keeps the first letter: v*****.
func (Username) Mask(normalized string) string {
	if len(normalized) < 4 || normalized[0] >= 0x80 {
		return "***"
	}
	return normalized[:1] + stars(len(normalized)-1)
}
