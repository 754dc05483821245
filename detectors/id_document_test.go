package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var idDocPositives = []string{"XR1001R58", "EM0000000", "NW12KL3P4", "bp9876542", "591-1917064-58", "591191706458"}

var licencePositives = []string{"5123456789", "4020567812"}

var idDocNegatives = []string{
	"XR1O01R58",  // letter O (domain reference, checked)
	"XR1001R5X",  // last is a letter
	"1R1001R58",  // first two are letters
	"XR1001R5",   // eight
	"XR1001R580", // ten
	"XXR1001R58",
	"XR1001R58X",
	"XR1001-R58",
	"591-1917064-59", // mod 97
	"591-19170-6458", // grouping
	"5911917064581",
	"Vrijdag123",
}

func TestIDDocumentAccept(t *testing.T) {
	d := mustGet(t, "id_document")
	detectortest.Accept(t, d, detectortest.Cases{Positives: idDocPositives, Negatives: idDocNegatives, Hint: true})
	detectortest.Accept(t, d, detectortest.Cases{Positives: idDocPositives, Negatives: idDocNegatives, TextHotword: "paspoort ", Hint: true})
	detectortest.Accept(t, d, detectortest.Cases{Positives: licencePositives, Negatives: idDocNegatives, TextHotword: "rijbewijs ", Hint: true})
}

func TestIDDocumentFind(t *testing.T) {
	d := mustGet(t, "id_document")
	const H = detectors.High
	type m struct {
		start, end int
		norm       string
		conf       detectors.Confidence
		whole      bool
	}
	tests := []struct {
		cell   string
		column string
		hint   bool
		want   []m
	}{
		{"XR1001R58", "paspoortnummer", true, []m{{0, 9, "XR1001R58", H, true}}},
		{"XR1001R58", "", false, nil}, // no context: a product code
		{"paspoort XR1001R58 verloopt 2030", "", false, []m{{9, 18, "XR1001R58", H, false}}},
		{"ID-kaart: bp9876542", "", false, []m{{10, 19, "BP9876542", H, false}}},
		{"rijbewijsnummer 5123456789", "", false, []m{{16, 26, "5123456789", H, false}}},
		{"paspoort 5123456789", "", false, nil}, // ten digits: only a licence
		{"5123456789", "rijbewijsnummer", true, []m{{0, 10, "5123456789", H, true}}},
		{"5123456789", "drivers_license", true, []m{{0, 10, "5123456789", H, true}}},
		{"2023004512", "documentnummer", true, nil}, // an invoice's document number
		{"eID 591-1917064-58", "", false, []m{{4, 18, "591191706458", H, false}}},
		{"591-1917064-58", "", false, nil},
		{"paspoort XR1O01R58", "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{Column: tt.column, Hint: tt.hint}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.Confidence, x.WholeCell})
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestIDDocumentMask(t *testing.T) {
	d := mustGet(t, "id_document")
	for _, tt := range []struct{ in, want string }{
		{"XR1001R58", "XR*******"},
		{"5123456789", "********89"},
		{"591191706458", "**********58"},
		{"1", "***"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIDDocumentColumnHint(t *testing.T) {
	d := mustGet(t, "id_document")
	for _, c := range []string{"paspoort", "paspoortnummer", "passport_number", "id_nummer", "identiteitskaart",
		"documentnummer", "document_number", "rijbewijs", "rijbewijsnummer", "driving_licence", "drivers_license"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "id", "contactid", "", "document_date"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzIDDocument(f *testing.F) {
	for _, v := range append(append(append([]string{}, idDocPositives...), licencePositives...), idDocNegatives...) {
		f.Add([]byte(v), false)
		f.Add([]byte("paspoort "+v), false)
		f.Add([]byte("rijbewijs "+v), false)
	}
	d := detectors.IDDocument{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkIDDocument(b *testing.B) {
	benchDetector(b, detectors.IDDocument{}, []string{"paspoort XR1001R58", "rijbewijs 5123456789", "eID 591-1917064-58"})
}
