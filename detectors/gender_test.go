package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var genderPositives = []string{"M", "V", "F", "X", "m", "man", "Vrouw", "MALE", "female", "homme", "femme", "männlich", "weiblich", "mujer", "Dhr.", "Mevr.", "Mme", "non-binair"}

var genderNegatives = []string{"Q", "ja", "nee", "12", "onbekend", "unknown", "manager", "Mannheim", "vrouwen", "man en vrouw", "M2", "-"}

func TestGenderAccept(t *testing.T) {
	d := mustGet(t, "gender")
	detectortest.Accept(t, d, detectortest.Cases{Positives: genderPositives, Negatives: genderNegatives, Hint: true, NoFreeText: true})
}

// kindCase is a cell in a named column and the confidence expected of the
// detector (0: no match).
type kindCase struct {
	cell, column string
	want         detectors.Confidence
}

func checkKind(t *testing.T, id string, cases []kindCase) {
	t.Helper()
	d := mustGet(t, id)
	for _, tt := range cases {
		ctx := detectors.NewContext(d, tt.column)
		var got detectors.Confidence
		cell := []byte(tt.cell)
		pf := d.Prefilter()
		ms := d.Find(cell, ctx, nil)
		if len(ms) > 0 && !pf.AdmitCell(cell, ctx.Hint) {
			t.Errorf("%s: the prefilter rejects %q in %q, but Find matched", id, tt.cell, tt.column)
		}
		for _, m := range ms {
			got = max(got, m.Confidence)
		}
		if got != tt.want {
			t.Errorf("%s: Find(%q) in column %q = %+v, want confidence %v", id, tt.cell, tt.column, ms, tt.want)
		}
	}
}

func TestGenderFind(t *testing.T) {
	H := detectors.High
	checkKind(t, "gender", []kindCase{
		{"M", "geslacht", H}, {"V", "Geslacht", H}, {"vrouw", "gender", H}, {"Female", "Sex", H}, {"homme", "sexe", H},
		{"männlich", "Geschlecht", H}, {"mujer", "sexo", H}, {"MR", "civility", H}, {"Mevr.", "aanhef", H},
		{"man", "llx_user.gender", H}, {"woman", "gender", H},
		// Without a gender column the letters and words are everyday text.
		{"M", "size", 0}, {"V", "status", 0}, {"man", "omschrijving", 0}, {"vrouw", "", 0},
		{"onbekend", "geslacht", 0}, {"12", "gender", 0},
	})
}

func TestGenderColumnHint(t *testing.T) {
	d := mustGet(t, "gender")
	for _, c := range []string{"geslacht", "Gender", "sex", "SEXE", "Geschlecht", "gender_code", "civility", "contact_salutation", "Aanhef"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	// "genre" is French for gender, but a music catalogue's genre_id
	// (Chinook) is no gender column: the word is left out.
	for _, c := range []string{"sexual_orientation", "genre", "genre_id", "status", "name", "size", "sessie"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzGender(f *testing.F) {
	for _, v := range append(append([]string{}, genderPositives...), genderNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.Gender{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}
