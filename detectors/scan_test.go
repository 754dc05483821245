package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

func TestScan(t *testing.T) {
	tests := []struct {
		cell string
		want detectors.Features
	}{
		{"", detectors.Features{}},
		{"06-12345678", detectors.Features{Len: 11, Digits: 10, Shape: detectors.ShapeDash}},
		{"Jan@X.nl 1", detectors.Features{Len: 10, Digits: 1, Letters: 6,
			Shape: detectors.ShapeLetter | detectors.ShapeUpper | detectors.ShapeAt | detectors.ShapeDot | detectors.ShapeSpace}},
		{"a+b:c/d", detectors.Features{Len: 7, Letters: 4, Shape: detectors.ShapeLetter | detectors.ShapePlus | detectors.ShapeColon | detectors.ShapeSlash}},
		{"é", detectors.Features{Len: 2}},
	}
	for _, tt := range tests {
		if got := detectors.Scan([]byte(tt.cell)); got != tt.want {
			t.Errorf("Scan(%q) = %+v, want %+v", tt.cell, got, tt.want)
		}
	}
}

func TestPrefilterAdmit(t *testing.T) {
	p := detectors.Prefilter{MinDigits: 4, HintOrLetters: true}
	if p.Admit(detectors.Scan([]byte("12345")), false) {
		t.Error("HintOrLetters admitted a cell without letters and without hint")
	}
	if !p.Admit(detectors.Scan([]byte("12345")), true) || !p.Admit(detectors.Scan([]byte("geb 12345")), false) {
		t.Error("HintOrLetters rejected a hinted column or a cell with a hotword")
	}
	q := detectors.Prefilter{Any: detectors.ShapeDot | detectors.ShapeColon}
	if q.Admit(detectors.Scan([]byte("abc")), true) || !q.Admit(detectors.Scan([]byte("a:b")), false) {
		t.Error("Any wrong")
	}
	h := detectors.Prefilter{HintOnly: true}
	if h.Admit(detectors.Scan([]byte("abc")), false) || !h.Admit(detectors.Scan([]byte("abc")), true) {
		t.Error("HintOnly wrong")
	}
}

func BenchmarkScanFeatures(b *testing.B) {
	cell := []byte("Klant belde over levering; bel 06-12345678 of mail jan@ziggo.nl, alles opgelost.")
	b.SetBytes(int64(len(cell)))
	var sink detectors.Features
	for b.Loop() {
		sink = detectors.Scan(cell)
	}
	_ = sink
}
