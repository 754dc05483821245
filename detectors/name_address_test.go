package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var namePositives = []string{"Jan", "Jan de Vries", "Anne-Marie", "O'Brien", "Zoë", "J.P.", "van der Berg", "Vries, Jan de", "Ömer Yılmaz"}

var nameNegatives = []string{"n.v.t.", "onbekend", "-", "N/A", "test", "12345", "jan@example.nl", "Unknown", "Bakkerij Jansen B.V.", "06-12345678"}

func TestNameAccept(t *testing.T) {
	d := mustGet(t, "name")
	detectortest.Accept(t, d, detectortest.Cases{Positives: namePositives, Negatives: nameNegatives, Hint: true, NoFreeText: true})
}

func TestNameFind(t *testing.T) {
	d := mustGet(t, "name")
	const (
		L = detectors.Low
		M = detectors.Medium
		H = detectors.High
	)
	tests := []struct {
		cell, column string
		want         detectors.Confidence // 0: no match
	}{
		{"Jan", "voornaam", H}, {"de", "tussenvoegsel", H}, {"Jansen", "achternaam", H}, {"Jansen", "LastName", H},
		{"Sanne Bakker", "fullname", H}, {"Sanne Bakker", "Name", M}, {"Pieter van den Berg", "naam", M},
		{"Premium Abonnement", "name", L}, {"Bakkerij Jansen B.V.", "name", 0}, {"n.v.t.", "voornaam", 0},
		{"", "voornaam", 0}, {"Kees", "first_name", H}, {"Kees", "First Name", H}, {"Jan 2", "voornaam", 0},
	}
	for _, tt := range tests {
		hint := d.ColumnHint(tt.column)
		if !hint {
			t.Errorf("ColumnHint(%q) = false", tt.column)
		}
		got := d.Find([]byte(tt.cell), detectors.Context{Column: tt.column, Hint: hint}, nil)
		var c detectors.Confidence
		if len(got) > 0 {
			c = got[0].Confidence
		}
		if c != tt.want {
			t.Errorf("Find(%q, %q) = %v, want confidence %v", tt.cell, tt.column, got, tt.want)
		}
	}
}

func TestNameColumnHint(t *testing.T) {
	d := mustGet(t, "name")
	for _, c := range []string{"voornaam", "Achternaam", "tussenvoegsel", "naam", "Volledige naam", "roepnaam", "FirstName",
		"first_name", "lastname", "last_name", "middlename", "fullname", "full_name", "contactname", "Name", "yomifullname",
		"Naam klant", "klant_voornaam", "Geadresseerde", "Debiteurnaam"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"company name", "bedrijfsnaam", "productnaam", "accountname", "Account Name", "username",
		"bestandsnaam", "email", "city", "", "Product Name", "campaign_name"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzName(f *testing.F) {
	for _, v := range append(append([]string{}, namePositives...), nameNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.Name{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkName(b *testing.B) {
	benchDetector(b, detectors.Name{}, namePositives)
}

var addressPositives = []string{"Kerkstraat 12", "Kerkstraat 12a", "Laan van Meerdervoort 1-3", "Oude Gracht 7",
	"Burgemeester de Withstraat 45", "12 Baker Street", "221B Baker Street", "Stationsplein 1", "Dorpsweg 123-2"}

var addressNegatives = []string{"week 14", "order 4711", "versie 2", "Kerkstraat", "12:30", "1.234,56", "Spring 2024",
	"ORD-2023-004512", "25 licenties", "Kerkstraat12", "Hoofdstuk 3", "1234 AB"}

const addressClean = "Jan de Vries belde; klant sinds 2019 (order 4711) @ balie, 3 x gebeld over 25 licenties"

func TestAddressAccept(t *testing.T) {
	d := mustGet(t, "address")
	detectortest.Accept(t, d, detectortest.Cases{Positives: addressPositives, Negatives: addressNegatives, Clean: addressClean})
	detectortest.Accept(t, d, detectortest.Cases{Positives: addressPositives, Hint: true, Clean: addressClean})
}

func TestAddressFind(t *testing.T) {
	d := mustGet(t, "address")
	type m struct {
		start, end int
		conf       detectors.Confidence
	}
	const (
		M = detectors.Medium
		H = detectors.High
	)
	tests := []struct {
		cell, column string
		want         []m
	}{
		{"Kerkstraat 12, 1234 AB Utrecht", "", []m{{0, 13, M}}},
		{"verhuisd naar de Dorpsweg 3 in Zwolle", "", []m{{17, 27, M}}},
		{"Kerkstraat 12", "address1_line1", []m{{0, 13, H}}},
		{"Utrecht", "woonplaats", []m{{0, 7, H}}},
		{"'s-Hertogenbosch", "address1_city", []m{{0, 16, H}}},
		{"Utrecht", "opmerkingen", nil},
		{"Kerkstraat", "MailingStreet", []m{{0, 10, H}}},
		{"n.v.t.", "city", nil},
		{"levering 12 stuks", "", nil},
		{"bel na 17:00 op 12 maart", "", nil},
		{"Spring 2019", "", nil},
		{"10 via ferrata,\r\nMadrid", "owner_address", []m{{0, 23, H}}},
		// In a street column, a name and a number in any order and script.
		{"Mataderos  2312", "address", []m{{0, 15, H}}},
		{"Laukaantie 82", "address_line1", []m{{0, 13, H}}},
		{"R Cimo Vila 6", "street", []m{{0, 13, H}}},
		{"Σκαφίδια 105", "address_line1", []m{{0, 20, H}}},
		{"12345", "address", nil},
		{"12 rue", "adresse", nil},
		{"Gl. Sygehusvej 41", "address_line1", []m{{0, 17, H}}},
		{"room 1", "ip_address", nil},
		{"jan@example.nl 12", "address", nil},
		// A street without a number in a street column.
		{"Jackson Path", "street_name", []m{{0, 12, H}}},
		{"Rue Lepic", "street", []m{{0, 9, H}}},
		{"Office", "street", nil},
	}
	for _, tt := range tests {
		hint := d.ColumnHint(tt.column)
		var gm []m
		for _, x := range d.Find([]byte(tt.cell), detectors.Context{Column: tt.column, Hint: hint}, nil) {
			gm = append(gm, m{x.Start, x.End, x.Confidence})
		}
		if !equalSlices(gm, tt.want) {
			t.Errorf("Find(%q, %q) = %v, want %v", tt.cell, tt.column, gm, tt.want)
		}
	}
}

func TestAddressColumnHint(t *testing.T) {
	d := mustGet(t, "address")
	for _, c := range []string{"adres", "address1_line1", "MailingStreet", "primary_address_street", "street2", "huisnummer",
		"plaats", "woonplaats", "city", "MailingCity", "address1_city", "primary_address_city", "stad", "Straat",
		"ShipAddress", "Shipping Address"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"email", "emailaddress1", "ip_address", "postcode", "", "naam", "IPAddress", "IP-adres",
		"Client IP", "Geadresseerde"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzAddress(f *testing.F) {
	for _, v := range append(append([]string{}, addressPositives...), addressNegatives...) {
		f.Add([]byte(v), false)
	}
	d := detectors.Address{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkAddress(b *testing.B) {
	benchDetector(b, detectors.Address{}, addressPositives)
}
