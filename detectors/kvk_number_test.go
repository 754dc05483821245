package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var kvkPositives = []string{"12345678", "69599084", "01234567", "30123456"}

var kvkNegatives = []string{
	"1234567", "123456789", "1234 5678", "12.345.678", "12345678X", "X12345678", "+12345678",
	"12345678,00", "00000000", "12-03-2024",
}

func TestKvKNumberAccept(t *testing.T) {
	d := mustGet(t, "kvk_number")
	detectortest.Accept(t, d, detectortest.Cases{Positives: kvkPositives, Negatives: kvkNegatives, Hint: true})
	detectortest.Accept(t, d, detectortest.Cases{Positives: kvkPositives, Negatives: kvkNegatives, Hint: true, TextHotword: "KvK "})
}

func TestKvKNumberFind(t *testing.T) {
	d := mustGet(t, "kvk_number")
	const M = detectors.Medium
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
		{"69599084", true, []m{{0, 8, "69599084", M, true}}},
		{"69599084", false, nil},
		{"KvK 69599084", false, []m{{4, 12, "69599084", M, false}}},
		{"KvK-nummer: 69599084", false, []m{{12, 20, "69599084", M, false}}},
		{"ingeschreven bij de Kamer van Koophandel onder 69599084", false, []m{{47, 55, "69599084", M, false}}},
		{"69599084 (KvK)", false, []m{{0, 8, "69599084", M, false}}},
		{"order 69599084", false, nil},
		{"kvk 695990841", false, nil},
		{"20240312", false, nil},
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

func TestKvKNumberMask(t *testing.T) {
	d := mustGet(t, "kvk_number")
	if got := d.Mask("69599084"); got != "******84" {
		t.Errorf("Mask(69599084) = %q, want ******84", got)
	}
	if got := d.Mask("1"); got != "***" {
		t.Errorf("Mask(1) = %q, want ***", got)
	}
}

func TestKvKNumberColumnHint(t *testing.T) {
	d := mustGet(t, "kvk_number")
	for _, c := range []string{"kvk", "KvK", "kvk_nummer", "kvknummer", "KvKNummer", "chamber_of_commerce", "coc", "coc_number"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"cocoa", "nummer", "", "account"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzKvKNumber(f *testing.F) {
	for _, v := range append(append([]string{}, kvkPositives...), kvkNegatives...) {
		f.Add([]byte(v), false)
		f.Add([]byte("KvK "+v), false)
	}
	d := detectors.KvKNumber{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkKvKNumber(b *testing.B) {
	benchDetector(b, detectors.KvKNumber{}, []string{"KvK 69599084", "KvK-nummer: 30123456"})
}
