package detectors_test

import (
	"time"

	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var beNNPositives = []string{
	"85073003328", "85.07.30-033.28", "17073003384", "17.07.30-033.84", "850730-033-28", "850730 033 28",
	"85 07 30 033 28", "85.27.30-033.xx",
}

var beNNNegatives = []string{
	"12345678901",       // check (domain reference, checked)
	"85073003329",       // check
	"85.07.30-033.29",   // check
	"85133003328",       // month 13
	"850730033280",      // twelve digits
	"8507300332",        // ten digits
	"85.07.30-033.28.1", // one more group
	"85.073.0-033.28",   // grouping
	"X85073003328",
	"85073003328X",
	"+85073003328",
	"85073003328,00",
	"00000000097",
}

func init() {
	// A BIS number: month + 20, check recomputed.
	beNNPositives[len(beNNPositives)-1] = bisExample()
}

// bisExample returns 85.27.30-033.CC with its check digits.
func bisExample() string {
	n := 852730033
	cc := 97 - n%97
	return "85.27.30-033." + string(rune('0'+cc/10)) + string(rune('0'+cc%10))
}

func TestBENationalNumberAccept(t *testing.T) {
	d := mustGet(t, "be_national_number")
	detectortest.Accept(t, d, detectortest.Cases{Positives: beNNPositives, Negatives: beNNNegatives})
	detectortest.Accept(t, d, detectortest.Cases{Positives: beNNPositives, Negatives: beNNNegatives, Hint: true, TextHotword: "rijksregisternummer "})
}

func TestBENationalNumberFind(t *testing.T) {
	d := mustGet(t, "be_national_number")
	const (
		L = detectors.Low
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
		{"85073003328", false, []m{{0, 11, "85073003328", L, true}}},
		{"85073003328", true, []m{{0, 11, "85073003328", M, true}}},
		{"85.07.30-033.28", false, []m{{0, 15, "85073003328", H, true}}},
		{"INSZ: 85073003328", false, []m{{6, 17, "85073003328", M, false}}},
		{"Numéro national 85073003328", false, []m{{17, 28, "85073003328", M, false}}},
		{"rijksregisternummer van de klant is 17073003384.", false, []m{{36, 47, "17073003384", M, false}}},
		{"17.07.30-033.84", false, []m{{0, 15, "17073003384", H, true}}},
		{"85.07.30-033.28 en 17.07.30-033.84", false, []m{{0, 15, "85073003328", H, false}, {19, 34, "17073003384", H, false}}},
		{"85.07.30-033.28 3x gebeld", false, []m{{0, 15, "85073003328", H, false}}},
		{"12345678901", true, nil},
		{"85.07.30-033.29", false, nil},
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

func TestBENationalNumberCentury(t *testing.T) {
	d := mustGet(t, "be_national_number")
	saved := detectors.Today
	defer func() { detectors.Today = saved }()
	// 17073003384 is valid only under the 2000+ rule, so not before 2017.
	detectors.Today = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := d.Find([]byte("17.07.30-033.84"), detectors.Context{}, nil); len(got) != 0 {
		t.Errorf("Find(17.07.30-033.84) in 2016 = %v, want no match", got)
	}
	detectors.Today = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := d.Find([]byte("17.07.30-033.84"), detectors.Context{}, nil); len(got) != 1 {
		t.Errorf("Find(17.07.30-033.84) in 2026 = %v, want one match", got)
	}
}

func TestBENationalNumberMask(t *testing.T) {
	d := mustGet(t, "be_national_number")
	for _, tt := range []struct{ in, want string }{
		{"85073003328", "*********28"},
		{"1", "***"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBENationalNumberColumnHint(t *testing.T) {
	d := mustGet(t, "be_national_number")
	for _, c := range []string{"rijksregisternummer", "Rijksregister_nr", "INSZ", "niss", "national_number", "NationalRegisterNumber", "numero_national", "klant_insz"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "nummer", "", "business", "nationality"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzBENationalNumber(f *testing.F) {
	for _, v := range append(append([]string{}, beNNPositives...), beNNNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("INSZ: 85073003328, 17.07.30-033.84"), true)
	d := detectors.BENationalNumber{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkBENationalNumber(b *testing.B) {
	benchDetector(b, detectors.BENationalNumber{}, []string{"85.07.30-033.28", "INSZ 17073003384", "85073003328"})
}
