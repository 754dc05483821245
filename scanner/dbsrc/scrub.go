package dbsrc

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxErrText bounds a scrubbed error message.
const maxErrText = 300

// scrubber turns driver errors into text a report may hold: the driver's
// code and primary message, with every quoted span that is not a known
// identifier, every e-mail-like token and every long run of digits
// replaced by "…", and the password removed wherever it appears.
type scrubber struct {
	secrets []string
}

// secretsOf collects the forms a password may take in an error text.
func secretsOf(d dialect, target, pw string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	add(pw)
	for _, s := range d.secrets(target) {
		add(s)
	}
	return out
}

// text scrubs err; allow lists names that may stay quoted (the table's own
// schema, table and column names).
func (s *scrubber) text(d dialect, err error, allow []string) string {
	switch {
	case errors.Is(err, errTimeout):
		return scrubText(err.Error(), nil, s.secrets)
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	msg := err.Error()
	if code, m, ok := d.describe(err); ok {
		msg = m
		if code != "" {
			msg += " (" + code + ")"
		}
	}
	return scrubText(msg, allow, s.secrets)
}

// scrubText is the scrubbing of one message; see scrubber.
func scrubText(msg string, allow, secrets []string) string {
	msg = strings.ToValidUTF8(msg, "?")
	msg = strings.Join(strings.FieldsFunc(msg, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	msg = removeSecrets(msg, secrets)

	var b strings.Builder
	for i := 0; i < len(msg); {
		c := msg[i]
		if c == '\'' || c == '"' || c == '`' {
			j := strings.IndexByte(msg[i+1:], c)
			if j < 0 { // unterminated: drop the rest
				b.WriteByte(c)
				b.WriteString("…")
				break
			}
			inner := msg[i+1 : i+1+j]
			b.WriteByte(c)
			if allowed(inner, allow) {
				b.WriteString(inner)
			} else {
				b.WriteString("…")
			}
			b.WriteByte(c)
			i += j + 2
			continue
		}
		// an unquoted token, up to a space or a quote
		j := i
		for j < len(msg) && msg[j] != ' ' && msg[j] != '\'' && msg[j] != '"' && msg[j] != '`' {
			j++
		}
		if j == i { // a space
			b.WriteByte(c)
			i++
			continue
		}
		tok := msg[i:j]
		if valueLike(tok) {
			b.WriteString("…")
		} else {
			b.WriteString(tok)
		}
		i = j
	}
	out := removeSecrets(b.String(), secrets)
	if len(out) > maxErrText {
		cut := maxErrText
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}

// removeSecrets replaces every occurrence of each secret, until none is
// left (a replacement can expose another).
func removeSecrets(s string, secrets []string) string {
	for range 8 {
		changed := false
		for _, sec := range secrets {
			if len(sec) < 2 || !strings.Contains(s, sec) {
				continue
			}
			s = strings.ReplaceAll(s, sec, "xxxxx")
			changed = true
		}
		if !changed {
			return s
		}
	}
	for _, sec := range secrets {
		if len(sec) >= 2 && strings.Contains(s, sec) {
			return "(error text withheld: it held a password)"
		}
	}
	return s
}

func allowed(s string, allow []string) bool {
	if s == "" {
		return true
	}
	for _, a := range allow {
		if a != "" && (s == a || strings.EqualFold(s, a)) {
			return true
		}
	}
	// A qualified name of allowed parts ("public.customer").
	if strings.Contains(s, ".") {
		for _, part := range strings.Split(s, ".") {
			if !allowed(strings.Trim(part, "\"`[]"), allow) || part == "" {
				return false
			}
		}
		return true
	}
	return false
}

// valueLike reports whether an unquoted token may be a value: it holds an
// '@' or a run of 6 or more digits.
func valueLike(tok string) bool {
	if strings.IndexByte(tok, '@') >= 0 {
		return true
	}
	run := 0
	for i := 0; i < len(tok); i++ {
		if tok[i] >= '0' && tok[i] <= '9' {
			run++
			if run >= 6 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
