package reporters

import "testing"

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"contacts.csv", "contacts.csv"},
		{"klanten – Zoë.csv", "klanten – Zoë.csv"},
		{`C:\exports\a.csv`, `C:\exports\a.csv`},
		{"\x1b]0;pwned\x07x.csv", `\x1b]0;pwned\ax.csv`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"a\nb\r\tc", `a\nb\r\tc`},
		{"\u009b31m", `\u009b31m`},
		{"evil\u202egpj.exe", `evil\u202egpj.exe`},
		{"\u2066x\u2069\u200f\u2028", `\u2066x\u2069\u200f\u2028`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"del\x7f", `del\x7f`},
	} {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEscapedLeavesReport(t *testing.T) {
	r := &Report{Sources: []Source{{Name: "a\nb", Details: map[string]string{"k": "\x1b"}}, {Name: "ok"}},
		Findings: []Finding{{Samples: []string{"x\u202e"}}}}
	e := escaped(r)
	if r.Sources[0].Name != "a\nb" || r.Sources[0].Details["k"] != "\x1b" || r.Findings[0].Samples[0] != "x\u202e" {
		t.Error("escaped changed the report it was given")
	}
	if e.Sources[0].Name != `a\nb` || e.Sources[0].Details["k"] != `\x1b` || e.Findings[0].Samples[0] != `x\u202e` {
		t.Errorf("escaped: %+v", e)
	}
	clean := &Report{Sources: []Source{{Name: "ok"}}}
	if e := escaped(clean); &e.Sources[0] != &clean.Sources[0] {
		t.Error("a clean report's slices were copied")
	}
}
