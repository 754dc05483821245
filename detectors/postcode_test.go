package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var postcodePositives = []string{"2601 DC", "1000AA", "3511 LX", "9999 ZZ", "1234 AB", "6221 BK", "1011 AC"}

var postcodeNegatives = []string{
	"0123 AB", "2611 SS", "1234SA", "1234 SD", "26112 ET", // domain reference, checked
	"123 AB", "1234  AB", "1234 ABC", "1234 A", "1234-AB", "1234 A1", "X1234 AB", "1234 AB5", "1,1234 AB",
	"12-03-2024", "1.234,56",
}

// postcodeClean has no address, so no postcode in text.
const postcodeClean = "Jan de Vries belde; klant sinds 2019 (order 4711) @ balie, in 2024 EN verder 3 x gebeld"

func TestPostcodeAccept(t *testing.T) {
	d := mustGet(t, "postcode")
	detectortest.Accept(t, d, detectortest.Cases{Positives: postcodePositives, Negatives: postcodeNegatives, TextHotword: "postcode ", Clean: postcodeClean})
	detectortest.Accept(t, d, detectortest.Cases{Positives: postcodePositives, Negatives: postcodeNegatives, Hint: true, Clean: postcodeClean})
}

func TestPostcodeFind(t *testing.T) {
	d := mustGet(t, "postcode")
	const (
		M = detectors.Medium
		H = detectors.High
	)
	type m struct {
		start, end int
		norm       string
		conf       detectors.Confidence
		whole      bool
	}
	tests := []struct {
		cell string
		hint bool
		want []m
	}{
		{"1234 AB", false, []m{{0, 7, "1234AB", M, true}}},
		{"1234ab", false, []m{{0, 6, "1234AB", M, true}}},
		{" 1234 ab ", true, []m{{1, 8, "1234AB", H, true}}},
		{"Kerkstraat 12, 1234 AB Utrecht", false, []m{{15, 22, "1234AB", M, false}}},
		{"Kerkstraat 12a 1234 AB", false, []m{{15, 22, "1234AB", M, false}}},
		{"1234 AB Utrecht", false, []m{{0, 7, "1234AB", M, false}}},
		{"2511 CV, 's-Gravenhage", false, []m{{0, 7, "2511CV", M, false}}},
		{"nieuwe postcode: 3511 LX", false, []m{{17, 24, "3511LX", M, false}}},
		{"verhuisd naar 3511LX", false, []m{{14, 20, "3511LX", M, false}}},
		{"in 2024 EN verder", false, nil},
		{"postcode 2024 EN", false, nil},
		{"in 2024 EN verder", true, nil},
		{"order 2024 ab Utrecht", false, nil}, // lower case in text
		{"tot 2019 BV Utrecht", false, []m{{4, 11, "2019BV", M, false}}},
		{"we leverden 1500 KG aan", false, nil},
		{"uitgesteld tot 2025 XY", false, nil}, // no address
		{"2611 SS", true, nil},
		{"1000", true, []m{{0, 4, "1000", M, true}}}, // Belgian
		{"1000", false, nil},
		{"B 1000 Brussel", true, nil},
		{"0999", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
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

func TestPostcodeMask(t *testing.T) {
	d := mustGet(t, "postcode")
	for _, tt := range []struct{ in, want string }{
		{"1234AB", "12** **"},
		{"1000", "1***"},
		{"x", "****"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPostcodeColumnHint(t *testing.T) {
	d := mustGet(t, "postcode")
	for _, c := range []string{"postcode", "Postcode", "zip", "postal_code", "postalcode", "address1_postalcode",
		"MailingPostalCode", "zip_code", "primary_address_postalcode", "PC"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"plaats", "city", "", "zipper", "topic", "pcs"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzPostcode(f *testing.F) {
	for _, v := range append(append([]string{}, postcodePositives...), postcodeNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("Kerkstraat 12, 1234 AB Utrecht; in 2024 EN verder"), true)
	d := detectors.Postcode{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkPostcode(b *testing.B) {
	benchDetector(b, detectors.Postcode{}, []string{"3511 LX", "Kerkstraat 12, 1234 AB Utrecht", "2601DC"})
}
