package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var nationalityPositives = []string{"Nederlandse", "Dutch", "NL", "NLD", "BE", "Belgisch", "française", "German", "deutsch", "Marokkaans", "Turkey", "TUR", "Surinaamse", "British"}

var nationalityNegatives = []string{"12", "ja", "XX", "QQQ", "nl", "onbekend", "Amsterdam", "Nederlandse taal", "-"}

func TestNationalityAccept(t *testing.T) {
	d := mustGet(t, "nationality")
	detectortest.Accept(t, d, detectortest.Cases{Positives: nationalityPositives, Negatives: nationalityNegatives, Hint: true, NoFreeText: true})
}

func TestNationalityFind(t *testing.T) {
	H := detectors.High
	checkKind(t, "nationality", []kindCase{
		{"Nederlandse", "nationaliteit", H}, {"NL", "Nationality", H}, {"Belge", "nationalite", H}, {"TUR", "nationality_code", H},
		{"Deutsch", "Staatsangehoerigkeit", H}, {"US", "citizenship", H},
		// A country or language column is no nationality.
		{"NL", "country", 0}, {"Nederland", "land", 0}, {"Dutch", "language", 0}, {"Nederlandse", "notes", 0},
		{"nl", "nationaliteit", 0}, {"XX", "nationaliteit", 0},
	})
}

func TestNationalityColumnHint(t *testing.T) {
	d := mustGet(t, "nationality")
	for _, c := range []string{"nationaliteit", "Nationality", "nationality_code", "nationalite", "citizenship", "Staatsburgerschap"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"country", "land", "language", "taal", "nationalnumber", "rijksregisternummer"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzNationality(f *testing.F) {
	for _, v := range append(append([]string{}, nationalityPositives...), nationalityNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.Nationality{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}
