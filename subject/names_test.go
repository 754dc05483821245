package subject

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/scanner"
)

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Anna de Vries":              "anna de vries",
		"de Vries, Anna":             "anna de vries",
		"Vries, Anna de":             "anna de vries",
		"Ánna  van der Berg-Jansen":  "anna van der berg jansen",
		"  ANNA   DE   VRIES ":       "anna de vries",
		"Zoë Brontë":                 "zoe bronte",
		"Jürgen Straße":              "jurgen strasse",
		"Søren Kierkegård":           "soren kierkegard",
		"Jan in 't Veld":             "jan in t veld",
		"Marc D'Hondt":               "marc d hondt",
		"Ana\u0301 de\u0300 Vries":   "ana de vries", // combining marks
		"IJsbrand Ĳzerman":           "ijsbrand ijzerman",
		"Hélène Dupont-Lefèvre":      "helene dupont lefevre",
		"van den Broek-Çelik, Fatma": "fatma van den broek celik",
	} {
		if got := FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// row runs one table row through a matcher's name matching.
func row(t *testing.T, m *Matcher, cols []string, cells ...string) []scanner.SubjectHit {
	t.Helper()
	rm := m.ForTable("t", cols)
	if rm == nil {
		t.Fatal("no row matcher")
	}
	bs := make([][]byte, len(cells))
	for i, c := range cells {
		bs[i] = []byte(c)
	}
	return rm.Row(bs, nil)
}

func TestNameMatch(t *testing.T) {
	m, err := NewMatcher([]Subject{
		{Label: "anna", Names: []string{"Anna de Vries"}},
		{Label: "jan", Names: []string{"van der Berg-Jansen, Jan"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		subject  int
		possible bool
	}
	cases := []struct {
		name  string
		cols  []string
		cells []string
		want  []want // distinct subjects, exact before possible
	}{
		{"dutch parts", []string{"voornaam", "tussenvoegsel", "achternaam", "email"}, []string{"Anna", "de", "Vries", "x@y.nl"}, []want{{0, false}}},
		{"english parts", []string{"FirstName", "LastName"}, []string{"anna", "De Vries"}, []want{{0, false}}},
		{"suitecrm parts", []string{"first_name", "last_name"}, []string{"Ánna", "de Vries"}, []want{{0, false}}},
		{"last name sorted", []string{"voornaam", "achternaam"}, []string{"Anna", "Vries, de"}, []want{{0, false}}},
		{"dynamics fullname", []string{"fullname"}, []string{"Anna de Vries"}, []want{{0, false}}},
		{"salesforce Name", []string{"Name", "Email"}, []string{"Vries, Anna de", ""}, []want{{0, false}}},
		{"odoo name", []string{"name"}, []string{"de Vries, Anna"}, []want{{0, false}}},
		{"hyphen and particles", []string{"Naam"}, []string{"Jan van der Berg Jansen"}, []want{{1, false}}},
		{"typo is possible", []string{"Naam"}, []string{"Anna de Vris"}, []want{{0, true}}},
		{"initial is possible", []string{"voorletters", "tussenvoegsel", "achternaam"}, []string{"A.", "de", "Vries"}, []want{{0, true}}},
		{"initial in a full name", []string{"contactpersoon"}, []string{"A. de Vries"}, []want{{0, true}}},
		{"other first name", []string{"voornaam", "achternaam"}, []string{"Pieter", "de Vries"}, nil},
		{"other surname", []string{"voornaam", "achternaam"}, []string{"Anna", "Jansen"}, nil},
		{"in a note", []string{"id", "notitie"}, []string{"7", "Gesprek met anna de vries over haar bestelling"}, []want{{0, false}}},
		{"not a fuzzy note", []string{"notitie"}, []string{"Gesprek met Anna de Vris"}, nil},
		{"part of a longer word", []string{"notitie"}, []string{"Gesprek met Johanna de Vriesland"}, nil},
		// A sole trader's business carries her name: a mention, not her record.
		{"sole trader", []string{"bedrijfsnaam"}, []string{"Anna de Vries"}, []want{{0, false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits := row(t, m, tc.cols, tc.cells...)
			var got []want
			seen := map[int]bool{}
			for _, h := range hits {
				if h.Kind != "name" {
					t.Errorf("kind %q", h.Kind)
				}
				if h.Possible && (h.Score < PossibleThreshold || h.Score >= 1) || !h.Possible && h.Score != 1 {
					t.Errorf("score %v (possible %v)", h.Score, h.Possible)
				}
				if !seen[h.Subject] {
					seen[h.Subject] = true
					got = append(got, want{h.Subject, h.Possible})
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v (hits %+v)", got, tc.want, hits)
			}
		})
	}
}

func TestJaroWinkler(t *testing.T) {
	for _, tc := range []struct {
		a, b   string
		lo, hi float64
	}{
		{"martha", "marhta", 0.96, 0.962},
		{"dwayne", "duane", 0.84, 0.841},
		{"anna de vries", "anna de vris", 0.95, 1},
		{"anna de vries", "pieter jansen", 0, 0.6},
		{"", "x", 0, 0},
	} {
		if s := jaroWinkler([]byte(tc.a), tc.b); s < tc.lo || s > tc.hi {
			t.Errorf("jaroWinkler(%q, %q) = %v, want [%v, %v]", tc.a, tc.b, s, tc.lo, tc.hi)
		}
	}
}

// A subject file of 1,000 people is one pass: each row costs map lookups,
// not a comparison with every person.
func TestNameMatchThousand(t *testing.T) {
	subs := make([]Subject, 1000)
	for i := range subs {
		subs[i] = Subject{Names: []string{fmt.Sprintf("Voornaam%d van Achternaam%d", i, i)}}
	}
	subs[500].Names = []string{"Anna de Vries"}
	m, err := NewMatcher(subs)
	if err != nil {
		t.Fatal(err)
	}
	hits := row(t, m, []string{"voornaam", "tussenvoegsel", "achternaam"}, "Anna", "de", "Vries")
	if len(hits) == 0 || hits[0].Subject != 500 || hits[0].Possible {
		t.Fatalf("hits %+v", hits)
	}
	// Each row costs map lookups and compares with the few people who
	// share a first name or surname, never with all 1,000.
	rm := m.ForTable("t", []string{"voornaam", "tussenvoegsel", "achternaam", "opmerking"}).(*tableNames)
	for _, r := range [][]string{
		{"Pieter", "van", "Dam", "belde over de levering van zijn bestelling"},
		{"Voornaam12", "van", "Achternaam13", ""},
		{"Anna", "de", "Vris", "Anna de Vries belde"},
	} {
		rm.compared = 0
		cells := make([][]byte, len(r))
		for i, c := range r {
			cells[i] = []byte(c)
		}
		rm.Row(cells, nil)
		if rm.compared > 4 {
			t.Errorf("%q: %d comparisons with 1,000 subjects", r[0], rm.compared)
		}
	}
}

func BenchmarkNameRow(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			subs := make([]Subject, n)
			for i := range subs {
				subs[i] = Subject{Names: []string{fmt.Sprintf("Voornaam%d van Achternaam%d", i, i)}}
			}
			m, _ := NewMatcher(subs)
			rm := m.ForTable("t", []string{"voornaam", "tussenvoegsel", "achternaam", "opmerking"})
			cells := [][]byte{[]byte("Pieter"), []byte("van"), []byte("Dam"), []byte("belde over de levering van zijn bestelling")}
			var h []scanner.SubjectHit
			for b.Loop() {
				h = rm.Row(cells, h[:0])
			}
		})
	}
}

// FuzzNameRow: any cells, in any column layout, never panic, and a folded
// name holds only lower-case letters, digits and single spaces.
func FuzzNameRow(f *testing.F) {
	f.Add("Anna", "de", "Vries", "Gesprek met Ánna de Vries")
	f.Add("", ",", "Vries, de", "ß\u0301\xff")
	f.Add("A.", "in 't", ",,", "de Vries, Anna")
	m, err := NewMatcher([]Subject{{Names: []string{"Anna de Vries"}}, {Names: []string{"Jan in 't Veld"}}})
	if err != nil {
		f.Fatal(err)
	}
	rm := m.ForTable("t", []string{"voornaam", "tussenvoegsel", "achternaam", "notitie", "naam"})
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		cells := [][]byte{[]byte(a), []byte(b), []byte(c), []byte(d), []byte(d)}
		for _, h := range rm.Row(cells, nil) {
			if h.Subject < 0 || h.Subject > 1 || h.Column < 0 || h.Column > 4 {
				t.Fatalf("hit %+v", h)
			}
		}
		n := FoldName(a + " " + d)
		if strings.Contains(n, "  ") || strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") {
			t.Fatalf("FoldName(%q) = %q", a+" "+d, n)
		}
		for _, r := range n {
			if r >= 'A' && r <= 'Z' || r < 0x80 && r != ' ' && !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				t.Fatalf("FoldName(%q) = %q", a+" "+d, n)
			}
		}
	})
}
