package header

import (
	"strings"
	"testing"
)

// table splits lines at ; into rows.
func table(lines ...string) [][]string {
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = strings.Split(l, ";")
	}
	return rows
}

func knownPII(s string) bool {
	switch strings.ToLower(s) {
	case "naam", "email", "e-mail", "voornaam", "achternaam", "plaats", "telefoon":
		return true
	}
	return false
}

func TestIs(t *testing.T) {
	cases := []struct {
		name string
		rows [][]string
		want bool
	}{
		// headers
		{"element codes, empty first cell, amounts below", table(
			";01.01.20;01.01.30;01.02.10",
			"Jan Jansen;1234,56;200,00;15,5",
			"Piet de Vries;300,10;45,00;0",
			"Klaas Bakker;12,00;0,00;7"), true},
		{"element codes over words and numbers", table(
			";01.01.20;01.01.30",
			"Jan Jansen;Amsterdam;12",
			"Piet de Vries;Utrecht;7"), true},
		{"identifier codes over amounts", table(
			"A100;A200;B-10",
			"12,50;7;100",
			"3,00;8;200"), true},
		{"tiny all-text, generic column words", table(
			"Product;Colour",
			"Shirt;Red",
			"Trousers;Blue"), true},
		{"tiny all-text, Dutch column words", table(
			"Omschrijving;Soort;Status",
			"Intake gesprek;Afspraak;Gepland",
			"Offerte;Document;Verstuurd"), true},
		{"snake_case names", table(
			"first_name;last_name;city",
			"Jan;Jansen;Amsterdam",
			"Piet;de Vries;Utrecht"), true},
		{"capitals", table(
			"KLANT;WOONPLAATS",
			"Jan Jansen;Amsterdam",
			"Piet de Vries;Utrecht"), true},
		{"camelCase", table(
			"givenName;familyName",
			"Jan;Jansen",
			"Piet;Vries"), true},
		{"PascalCase of column words", table(
			"AccountName;OrderDate",
			"Acme;Tomorrow",
			"Foo;Yesterday"), true},
		{"known column names", table(
			"voornaam;plaats",
			"Jan;Amsterdam"), true},
		{"labels over numbers", table(
			"Klant;Bedrag",
			"Jan;12,50",
			"Piet;7,00"), true},
		{"a header alone", table("naam;email"), true},
		{"a header of one column over words", table("Name", "Jan", "Piet"), true},

		// data
		{"a person's name, e-mail and phone", table(
			"Jan Jansen;jan@example.nl;0612345678",
			"Piet de Vries;piet@example.nl;0687654321"), false},
		{"people, all text", table(
			"Jan;Jansen;Amsterdam",
			"Piet;de Vries;Utrecht",
			"Klaas;Bakker;Leiden"), false},
		{"a surname in camel case", table(
			"Jan;McDonald",
			"Piet;Jansen"), false},
		{"a company with a group", table(
			"Jan Jansen;Acme Group",
			"Piet de Vries;Foo BV"), false},
		{"ISO dates", table(
			"Jan;2024-01-05",
			"Piet;2023-12-01"), false},
		{"dotted dates like codes", table(
			"01.01.20;Jan",
			"02.01.20;Piet",
			"03.01.20;Klaas"), false},
		{"codes as data", table(
			"A100;Jan Jansen;Amsterdam",
			"A101;Piet de Vries;Utrecht"), false},
		{"numbers", table("1;2;3", "4;5;6"), false},
		{"a repeated code", table(";01.01;01.01", "Jan;1,5;2,5"), false},
		{"one row of data", table("Jan Jansen;jan@example.nl"), false},
		{"capitals in every row", table(
			"JAN;JANSEN",
			"PIET;DE VRIES"), false},
		{"nothing", table(";;"), false},
	}
	for _, c := range cases {
		if got := Is(c.rows, knownPII); got != c.want {
			t.Errorf("%s: Is = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFind(t *testing.T) {
	cases := []struct {
		name string
		rows [][]string
		want int
	}{
		{"title block, then a header", table(
			"Export klanten;;",
			"2024-05-01;;",
			"Naam;Email;Plaats",
			"Jan Jansen;jan@example.nl;Amsterdam"), 2},
		{"codes after a title", table(
			"Loonstaat;;;",
			";01.01.20;01.01.30;01.02.10",
			"Jan Jansen;1234,56;200,00;15,5",
			"Piet de Vries;300,10;45,00;0"), 1},
		{"data from the first row", table(
			"Jan Jansen;jan@example.nl;0612345678",
			"Piet de Vries;piet@example.nl;0687654321"), -1},
		{"people, all text", table(
			"Jan;Jansen;Amsterdam",
			"Piet;de Vries;Utrecht"), -1},
	}
	for _, c := range cases {
		if got := Find(c.rows, knownPII); got != c.want {
			t.Errorf("%s: Find = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestPattern(t *testing.T) {
	for in, want := range map[string]string{"01.01.20": "9.9.9", "1234,56": "9,9", "A-100": "a-9", "Jan Jansen": "a a"} {
		if got := pattern(in); got != want {
			t.Errorf("pattern(%q) = %q, want %q", in, got, want)
		}
	}
}

// Is and Find never panic, whatever the cells.
func FuzzIs(f *testing.F) {
	f.Add(";01.01.20;01.01.30\nJan Jansen;1234,56;200,00", true)
	f.Add("Product;Colour\nShirt;Red", false)
	f.Add("Jan Jansen;jan@example.nl;0612345678\n\xff;", false)
	f.Fuzz(func(t *testing.T, in string, known bool) {
		rows := table(strings.Split(in, "\n")...)
		var k func(string) bool
		if known {
			k = knownPII
		}
		Is(rows, k)
		Find(rows, k)
	})
}
