package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var emailPositives = []string{
	"jan.jansen@ziggo.nl", "J.de.Vries@Example.COM", "info@bakkerij-de-boer.nl", "a@b.nl",
	"piet+crm@gmail.com", "o'brien@mail.ie", "x_y-z@sub.domain.co.uk", "user@xn--bcher-kva.example",
	"user@xn--mnchen-3ya.de", "1234@numbers.be",
}

var emailNegatives = []string{
	"jan@", "@ziggo.nl", "jan@ziggo", "jan@ziggo.n", "jan@ziggo.n1", "jan..jansen@ziggo.nl",
	"jan.@ziggo.nl", "jan@-ziggo.nl", "jan@ziggo-.nl", "jan@ziggo..nl", "jan @ ziggo.nl",
	"@", "a@b", "user@123.456", "jan@ziggo.nlé",
}

func TestEmailAccept(t *testing.T) {
	d := mustGet(t, "email")
	detectortest.Accept(t, d, detectortest.Cases{Positives: emailPositives, Negatives: emailNegatives})
}

func TestEmailFind(t *testing.T) {
	d := mustGet(t, "email")
	type m struct {
		start, end int
		norm       string
		whole      bool
	}
	tests := []struct {
		cell string
		want []m
	}{
		{"jan.jansen@ziggo.nl", []m{{0, 19, "jan.jansen@ziggo.nl", true}}},
		{"  Jan.Jansen@Ziggo.NL ", []m{{2, 21, "jan.jansen@ziggo.nl", true}}},
		{"mail jan.jansen@ziggo.nl graag", []m{{5, 24, "jan.jansen@ziggo.nl", false}}},
		{"<a@b.nl>", []m{{1, 7, "a@b.nl", false}}},
		{"a@b.nl;c@d.be", []m{{0, 6, "a@b.nl", false}, {7, 13, "c@d.be", false}}},
		{"a@b.nl, c@d.be en e@f.de.", []m{{0, 6, "a@b.nl", false}, {8, 14, "c@d.be", false}, {18, 24, "e@f.de", false}}},
		{"mailto:piet@kpn.nl", []m{{7, 18, "piet@kpn.nl", false}}},
		{"zie 'piet@kpn.nl'", []m{{5, 16, "piet@kpn.nl", false}}},
		{"...piet@kpn.nl", []m{{3, 14, "piet@kpn.nl", false}}},
		{"(piet@mail.kpn.nl)", []m{{1, 17, "piet@mail.kpn.nl", false}}},
		{"jan@ziggo.nl.", []m{{0, 12, "jan@ziggo.nl", false}}},
		{"jan@ziggo", nil},
		{"jan@ziggo.n", nil},
		{"jan@ziggo.123", nil},
		{"jan..jansen@ziggo.nl", nil},
		{"jan.@ziggo.nl", nil},
		{"joséa@ziggo.nl", nil},
		{"a@b.nl@c.nl", nil},
		{"@@@@", nil},
		{"bedrag 1.234,56 @ 3%", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.WholeCell})
				if x.Confidence != detectors.High {
					t.Errorf("Find(%q) confidence = %v, want high", tt.cell, x.Confidence)
				}
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestEmailLongLocal(t *testing.T) {
	d := mustGet(t, "email")
	local := make([]byte, 65)
	for i := range local {
		local[i] = 'a'
	}
	cell := string(local) + "@example.nl"
	if got := d.Find([]byte(cell), detectors.Context{}, nil); len(got) != 0 {
		t.Errorf("Find(%q) = %v, want no match (local part > 64)", cell, got)
	}
	if got := d.Find([]byte(cell[1:]), detectors.Context{}, nil); len(got) != 1 {
		t.Errorf("Find(%q) = %v, want one match (local part of 64)", cell[1:], got)
	}
}

func TestEmailMask(t *testing.T) {
	d := mustGet(t, "email")
	tests := []struct{ in, want string }{
		{"jan.jansen@example.nl", "j***@e***.nl"},
		{"a@b.nl", "a***@b***.nl"},
		{"piet@mail.kpn.nl", "p***@m***.nl"},
		{"user@xn--bcher-kva.example", "u***@x***.example"},
		{"garbage", "***"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEmailColumnHint(t *testing.T) {
	d := mustGet(t, "email")
	for _, c := range []string{"e-mail", "Email", "emailaddress1", "mail", "e_mail", "E-mailadres", "correspondentie-email", "Mail Address", "emailAddress"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "telefoon", "mailing_city", "", "domain"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzEmail(f *testing.F) {
	for _, v := range append(append([]string{}, emailPositives...), emailNegatives...) {
		f.Add([]byte(v))
	}
	f.Add([]byte("mail jan.jansen@ziggo.nl graag; a@b.nl;c@d.be"))
	d := detectors.Email{}
	f.Fuzz(func(t *testing.T, cell []byte) { fuzzDetector(t, d, cell, false) })
}

func BenchmarkEmail(b *testing.B) {
	benchDetector(b, detectors.Email{}, []string{"jan.jansen@ziggo.nl", "info@bakkerij-de-boer.nl", "p.devries@gmail.com"})
}
