package reporters

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Escape makes a name, path, message or sample safe to show on a terminal
// and in every report format: C0 and C1 control characters (ANSI and OSC
// escape sequences, newlines, tabs), DEL, bidirectional overrides and
// isolates, the Unicode line separators and invalid UTF-8 are written as
// Go escapes (\x1b, \n, \u202e, \xff), so a file name can neither set a
// terminal's title nor break a report's lines or reverse its text. Other
// text, backslashes included, is left as it is.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&15, 16))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafeRune(r, n):
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether a decoded rune (n bytes) must be escaped.
func unsafeRune(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n <= 1:
		return true // invalid UTF-8
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // bidi marks
		r >= 0x202a && r <= 0x202e, // embeddings and overrides
		r >= 0x2066 && r <= 0x2069, // isolates
		r == 0x2028, r == 0x2029:   // line and paragraph separators
		return true
	}
	return false
}

// escaped returns r with every name, path, message and sample escaped
// (Escape), for the formats a person reads: text, Markdown, CSV, HTML and
// SARIF. r itself is not changed; parts that need no escape are shared.
func escaped(r *Report) *Report {
	c := *r
	var x escaper
	x.list(&c.Scan.Targets)
	x.str(&c.Scan.Baseline)
	c.Sources = escEach(c.Sources, func(x *escaper, s *Source) {
		x.str(&s.Name)
		x.str(&s.Error)
		x.dict(&s.Details)
	})
	c.Columns = escEach(c.Columns, func(x *escaper, col *Column) {
		x.str(&col.Table)
		x.str(&col.Column)
	})
	c.Tables = escEach(c.Tables, func(x *escaper, t *Table) {
		x.str(&t.Table)
		x.str(&t.Profile)
		x.list(&t.ConsentColumns)
	})
	c.Findings = escEach(c.Findings, func(x *escaper, f *Finding) {
		l := &f.Location
		x.str(&l.Path)
		x.str(&l.Table)
		x.str(&l.Sheet)
		x.str(&l.Column)
		x.str(&f.Title)
		x.list(&f.Samples)
		x.list(&f.Columns)
		x.dict(&f.Details)
		x.str(&f.Justification)
	})
	c.Errors = escEach(c.Errors, func(x *escaper, e *Error) { x.str(&e.Message) })
	return &c
}

// escaper escapes fields in place and notes whether any changed; a slice
// or map that changes is replaced by a new one, never written to.
type escaper struct{ changed bool }

func (x *escaper) str(p *string) {
	if e := Escape(*p); e != *p {
		*p, x.changed = e, true
	}
}

func (x *escaper) list(p *[]string) {
	var out []string
	for i, s := range *p {
		if e := Escape(s); e != s {
			if out == nil {
				out = append([]string{}, (*p)...)
			}
			out[i] = e
		}
	}
	if out != nil {
		*p, x.changed = out, true
	}
}

func (x *escaper) dict(p *map[string]string) {
	for k, v := range *p {
		if Escape(k) != k || Escape(v) != v {
			out := make(map[string]string, len(*p))
			for k, v := range *p {
				out[Escape(k)] = Escape(v)
			}
			*p, x.changed = out, true
			return
		}
	}
}

// escEach escapes a copy of each element; the slice is copied only when
// an element changed.
func escEach[T any](s []T, fix func(*escaper, *T)) []T {
	var out []T
	for i := range s {
		e := s[i]
		var x escaper
		fix(&x, &e)
		if x.changed {
			if out == nil {
				out = append(make([]T, 0, len(s)), s...)
			}
			out[i] = e
		}
	}
	if out == nil {
		return s
	}
	return out
}
