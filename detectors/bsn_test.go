package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var bsnPositives = []string{
	"111222333", "123456782", "999999990", "1112.22.333", "111 222 333", "111-222-333",
	"12345672", "232262536", "1112 22 333",
}

var bsnNegatives = []string{
	"123456789",   // 11-proef (domain reference, checked)
	"000000000",   // all zeros
	"1112.52.333", // 11-proef
	"1112223334",  // ten digits
	"11122233",    // eight digits failing the 11-proef
	"111.222.333.444",
	"111 222 333 444",
	"1112.22-333", // mixed separators
	"1112223330",
	"0111222333",
	"A111222333",
	"111222333B",
	"+111222333",
	"111222333,00",
	"€ 111.222.333,50",
	"12-03-2024",
	"2023004512",
}

func TestBSNAccept(t *testing.T) {
	d := mustGet(t, "bsn")
	detectortest.Accept(t, d, detectortest.Cases{Positives: bsnPositives, Negatives: bsnNegatives, TextHotword: "bsn "})
	detectortest.Accept(t, d, detectortest.Cases{Positives: bsnPositives, Negatives: bsnNegatives, TextHotword: "Burgerservicenummer: ", Hint: true})
}

func TestBSNFind(t *testing.T) {
	d := mustGet(t, "bsn")
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
		{"111222333", false, []m{{0, 9, "111222333", detectors.Low, true}}},
		{"111222333", true, []m{{0, 9, "111222333", detectors.High, true}}},
		{" 1112.22.333 ", false, []m{{1, 12, "111222333", detectors.Low, true}}},
		{"12345672", false, []m{{0, 8, "012345672", detectors.Low, true}}},
		{"bsn 123456782", false, []m{{4, 13, "123456782", detectors.High, false}}},
		{"BSN: 123456782", false, []m{{5, 14, "123456782", detectors.High, false}}},
		{"klant, sofinummer is 111-222-333.", false, []m{{21, 32, "111222333", detectors.High, false}}},
		{"Burgerservicenummer van de klant: 111 222 333", false, []m{{34, 45, "111222333", detectors.High, false}}},
		{"citizen service number 999999990", false, []m{{23, 32, "999999990", detectors.High, false}}},
		{"sociaal-fiscaal nummer 999999990", false, []m{{23, 32, "999999990", detectors.High, false}}},
		{"123456782 (bsn)", false, []m{{0, 9, "123456782", detectors.High, false}}},
		{"nummer 123456782", false, nil},                                             // no hotword
		{"nummer 123456782", true, []m{{7, 16, "123456782", detectors.High, false}}}, // the column says bsn
		{"absnet 123456782", false, nil},                                             // not a whole word
		{"bsnr 123456782", false, nil},
		{"bsn is bekend, maar het ordernummer dat de klant noemde was 123456782", false, nil}, // too far
		{"bsn 123456789", false, nil},
		{"bsn 1234567820", false, nil},
		{"bsn 123456782X", false, nil},
		{"bsn 123456782,50", false, nil},
		{"bsn 12 111 222 333", false, nil},
		{"bsn 111222333 en 123456782", false, []m{{4, 13, "111222333", detectors.High, false}, {17, 26, "123456782", detectors.High, false}}},
		{"0612345678", false, nil},
		{"NL91ABNA0417164300", false, nil},
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

func TestBSNMask(t *testing.T) {
	d := mustGet(t, "bsn")
	tests := []struct{ in, want string }{
		{"123456782", "*******82"},
		{"012345672", "*******72"},
		{"1", "***"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBSNColumnHint(t *testing.T) {
	d := mustGet(t, "bsn")
	for _, c := range []string{"bsn", "BSN", "burgerservicenummer", "sofinummer", "sofi_nummer", "citizen_id",
		"CitizenServiceNumber", "bsn_nummer", "persoonsnummer", "klant_bsn", "klantBSN", "BSN-nr", "Burgerservicenr"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"absnet", "subsn", "naam", "telefoon", "", "nummer"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzBSN(f *testing.F) {
	for _, v := range append(append([]string{}, bsnPositives...), bsnNegatives...) {
		f.Add([]byte(v), false)
		f.Add([]byte("bsn "+v), false)
	}
	f.Add([]byte("klant, sofinummer is 111-222-333. ook 123456782 (bsn)"), true)
	d := detectors.BSN{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkBSN(b *testing.B) {
	benchDetector(b, detectors.BSN{}, []string{"111222333", "bsn 123456782", "1112.22.333"})
}
