package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

// TestForeignNotations covers dates of birth, postcodes and street lines
// as CRMs outside the Netherlands write them (issue 15): under headers in
// French, German and Spanish, with column context where the value alone
// says too little.
func TestForeignNotations(t *testing.T) {
	H, M := detectors.High, detectors.Medium
	checkKind(t, "date_of_birth", []kindCase{
		{"1980-09-10", "birth", H}, {"10/09/1980", "naissance", H}, {"10.09.1980", "geburtsdatum", H},
		{"1980-09-10", "fecha_nacimiento", H}, {"09/10/1980", "dob", H}, {"10 septembre 1980", "date_naissance", H},
		{"10. September 1980", "Geburtstag", H}, {"3. März 1975", "geburtsdatum", H},
		{"10 de septiembre de 1980", "fecha_nacimiento", H}, {"5 de mayo de 1961", "fecha_de_nacimiento", H},
		{"10. September 2099", "geburtsdatum", 0}, {"10 de nada de 1980", "fecha_nacimiento", 0},
	})
	checkKind(t, "postcode", []kindCase{
		{"90210", "zip", M}, {"90210-1234", "zip_code", M}, {"10115", "plz", M}, {"10115", "PLZ", M},
		{"1000", "code_postal", M}, {"75008", "code_postal", M}, {"B-1000", "postcode", M}, {"D-10115", "PLZ", M},
		{"90210", "amount", 0}, {"90210", "notes", 0}, {"B-10", "postcode", 0}, {"SW1A1AA1", "postcode", 0},
		{"ABC DEF", "postcode", 0}, {"90210-", "zip", 0},
	})
	checkKind(t, "address", []kindCase{
		{"12 rue de la Paix", "adresse", H}, {"Rue Neuve 12", "adresse", H}, {"Avenue Louise 54", "address", H},
		{"Chaussée de Wavre 100", "adresse", H}, {"Calle Mayor 5", "direccion", H}, {"Hauptstraße 5", "strasse", H},
		{"Hauptstr. 5", "anschrift", H}, {"Kurfürstendamm 21", "strasse", H}, {"Berliner Straße 12", "anschrift", H},
		{"woont op 12 rue de la Paix in Parijs", "notes", M}, {"Marktplatz 3, 80331 München", "notes", M},
		{"Via Google 2 klanten", "notes", 0}, {"bestelde 3 avenue tickets", "notes", 0}, {"12 rue", "adresse", 0},
	})
}

// TestBerlinerStrasseSpan checks that a street word alone takes the name
// before it ("Berliner Straße 12"), not just "Straße 12".
func TestBerlinerStrasseSpan(t *testing.T) {
	d := mustGet(t, "address")
	cell := "Berliner Straße 12"
	ms := d.Find([]byte(cell), detectors.NewContext(d, "notes"), nil)
	if len(ms) != 1 || ms[0].Start != 0 || ms[0].End != len(cell) {
		t.Errorf("Find(%q) = %+v, want the whole street line", cell, ms)
	}
}
