package dbsrc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScrub: a quoted value and the password never survive scrubbing, and
// the text stays one bounded line of valid UTF-8.
func FuzzScrub(f *testing.F) {
	f.Add(`invalid input syntax for type integer: "`, "jan@example.nl", `"`, "hunter22")
	f.Add("Duplicate entry '", "123456782", "' for key", "pw")
	f.Add("x\n'", "a'b", "'\x00", "s\u00e9cret")
	f.Fuzz(func(t *testing.T, pre, value, post, secret string) {
		msg := pre + "'" + value + "'" + post + " " + secret
		out := scrubText(msg, []string{"contacts"}, []string{secret})
		if !utf8.ValidString(out) || strings.ContainsAny(out, "\n\r\x00") || len(out) > maxErrText+len("…") {
			t.Fatalf("scrubText(%q) = %q: not one bounded line", msg, out)
		}
		if len(secret) >= 2 && strings.Trim(secret, "x…'\"` ") == secret && !strings.ContainsAny(secret, " \t\n\r\v\f\x85\u00a0") &&
			utf8.ValidString(secret) && strings.Contains(out, secret) {
			t.Fatalf("scrubText(%q) = %q: holds the secret %q", msg, out, secret)
		}
		// A value quoted in the message, with no quote of any kind and no
		// space inside, is gone unless the surrounding text holds it too.
		v := "Zq" + value + "Qz"
		if strings.ContainsAny(value, "'\"` \t\n\r\v\f\x85\u00a0") || !utf8.ValidString(value) || strings.ContainsFunc(value, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return
		}
		msg = "bad value '" + v + "' in column contacts"
		if out := scrubText(msg, []string{"contacts"}, nil); strings.Contains(out, v) {
			t.Fatalf("scrubText(%q) = %q: holds the value", msg, out)
		}
	})
}

// FuzzQuote: every dialect's quoting gives one identifier that reads back
// as the name, so no name can end the identifier and run SQL.
func FuzzQuote(f *testing.F) {
	f.Add(`x"; DROP TABLE y; --`)
	f.Add("x`; DROP TABLE y; --")
	f.Add("x]; DROP TABLE y; --")
	f.Add("[]]\"`\x00")
	f.Fuzz(func(t *testing.T, name string) {
		for _, d := range []struct {
			dialect
			open, close byte
		}{{postgres{}, '"', '"'}, {sqlite{}, '"', '"'}, {newMySQL(), '`', '`'}, {sqlserver{}, '[', ']'}} {
			q := d.quote(name)
			if len(q) < 2 || q[0] != d.open || q[len(q)-1] != d.close {
				t.Fatalf("%s.quote(%q) = %q: not delimited", d.kind(), name, q)
			}
			// read it back as the dialect's lexer does
			var b strings.Builder
			inner := q[1 : len(q)-1]
			for i := 0; i < len(inner); i++ {
				if inner[i] == d.close {
					if i+1 >= len(inner) || inner[i+1] != d.close {
						t.Fatalf("%s.quote(%q) = %q: identifier ends early at %d", d.kind(), name, q, i)
					}
					i++
				}
				b.WriteByte(inner[i])
			}
			want := strings.ReplaceAll(name, "\x00", "\uFFFD")
			if b.String() != want {
				t.Fatalf("%s.quote(%q) reads back as %q", d.kind(), name, b.String())
			}
		}
	})
}
