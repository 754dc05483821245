package dbsrc

import (
	"net/url"
	"strings"
)

// redacted replaces a password in a shown target.
const redacted = "xxxxx"

// passwordKeys are query parameters that carry a password.
var passwordKeys = []string{"password", "pwd", "passwd", "pass"}

// redactURL hides the password of a URL target, in its user info and in
// its query. A target that does not parse keeps only its scheme and what
// follows the last '@'.
func redactURL(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return redactLoose(target)
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), redacted)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			if isPasswordKey(k) {
				q.Set(k, redacted)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

func isPasswordKey(k string) bool {
	k = strings.ToLower(k)
	for _, p := range passwordKeys {
		if k == p {
			return true
		}
	}
	return false
}

// redactLoose redacts a target that is no valid URL: everything between
// the scheme and the last '@' goes (user and password), and so does any
// password parameter.
func redactLoose(target string) string {
	scheme, rest, ok := strings.Cut(target, "://")
	if !ok {
		return redacted
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = redacted + rest[i:]
	}
	if base, query, ok := strings.Cut(rest, "?"); ok {
		parts := strings.Split(query, "&")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if isPasswordKey(k) {
				parts[i] = k + "=" + redacted
			}
		}
		rest = base + "?" + strings.Join(parts, "&")
	}
	return scheme + "://" + rest
}

// urlSecrets returns the password of a URL target in the forms it takes.
func urlSecrets(target string) []string {
	var out []string
	if u, err := url.Parse(target); err == nil {
		if u.User != nil {
			if pw, ok := u.User.Password(); ok {
				out = append(out, pw)
			}
		}
		for k, vs := range u.Query() {
			if isPasswordKey(k) {
				out = append(out, vs...)
			}
		}
	}
	// The raw text between user: and the last '@', whatever parsing makes
	// of it.
	if _, rest, ok := strings.Cut(target, "://"); ok {
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok && pw != "" {
				out = append(out, pw)
				if dec, err := url.PathUnescape(pw); err == nil && dec != pw {
					out = append(out, dec)
				}
			}
		}
		if _, query, ok := strings.Cut(rest, "?"); ok {
			for _, p := range strings.Split(query, "&") {
				if k, v, _ := strings.Cut(p, "="); isPasswordKey(k) && v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}
