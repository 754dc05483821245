package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var vatPositives = []string{
	"NL004495445B01", "NL002455799B11", "NL 004495445 B01", "NL0044.95.445.B01", "nl004495445b01",
	"BE0403019261", "BE 428759497", "BE 0403.019.261", "BE403.019.261",
}

var vatNegatives = []string{
	"NL123456789B90", "BE431150351", // domain reference, checked
	"NL004495445B00", "NL004495445B1", "NL004495445B012", "NL00449544B01", "NL0044954450B01",
	"XNL004495445B01", "NL004495445B01X", "BE04030192611", "BE2403019261", "BE0403019262",
	"NL004495445", "BE68539007547034", "NL91ABNA0417164300",
}

func TestVATNumberAccept(t *testing.T) {
	d := mustGet(t, "vat_number")
	detectortest.Accept(t, d, detectortest.Cases{Positives: vatPositives, Negatives: vatNegatives})
}

func TestVATNumberFind(t *testing.T) {
	d := mustGet(t, "vat_number")
	const H = detectors.High
	type m struct {
		start, end int
		norm       string
		conf       detectors.Confidence
		whole      bool
	}
	tests := []struct {
		cell string
		want []m
	}{
		{"NL004495445B01", []m{{0, 14, "NL004495445B01", H, true}}},
		{"NL0044.95.445.B01", []m{{0, 17, "NL004495445B01", H, true}}},
		{"btw: NL002455799B11.", []m{{5, 19, "NL002455799B11", H, false}}},
		{"BE 428759497", []m{{0, 12, "BE0428759497", H, true}}},
		{"BTW BE 0403.019.261 en NL004495445B01", []m{{4, 19, "BE0403019261", H, false}, {23, 37, "NL004495445B01", H, false}}},
		{"NL123456789B90", nil},
		{"NL004495445B00", nil},
		{"BE68539007547034", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{}, nil)
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

func TestVATNumberMask(t *testing.T) {
	d := mustGet(t, "vat_number")
	for _, tt := range []struct{ in, want string }{
		{"NL004495445B01", "NL*********B01"},
		{"BE0403019261", "BE********61"},
		{"x", "****"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVATNumberColumnHint(t *testing.T) {
	d := mustGet(t, "vat_number")
	for _, c := range []string{"btw_nummer", "BTW-nummer", "vat_number", "VAT", "vatid", "ondernemingsnummer", "tva"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "private", "", "activated"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzVATNumber(f *testing.F) {
	for _, v := range append(append([]string{}, vatPositives...), vatNegatives...) {
		f.Add([]byte(v))
	}
	f.Add([]byte("BTW BE 0403.019.261 en NL0044.95.445.B01"))
	d := detectors.VATNumber{}
	f.Fuzz(func(t *testing.T, cell []byte) { fuzzDetector(t, d, cell, false) })
}

func BenchmarkVATNumber(b *testing.B) {
	benchDetector(b, detectors.VATNumber{}, []string{"NL004495445B01", "BE 0403.019.261", "btw NL002455799B11"})
}
