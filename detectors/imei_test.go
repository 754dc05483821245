package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var imeiPositives = []string{
	"490154203237518", "35-209900-176148-1", "352099001761481", "359876543210983", "35 209900 176148 1",
	"860123456789014",
}

// imeisvPositives count only with the column hint or a hotword.
var imeisvPositives = []string{"3520990017614823", "35-209900-176148-23", "35-007752-323751-3", "35007752 323751 3",
	"49015420323751", "35-209900-176148"} // without the check digit

var imeiNegatives = []string{
	"490154203237519",     // Luhn (domain reference, checked)
	"4901542032375181234", // too long
	"35-209900-176148-2",  // Luhn
	"35-2099001-76148-1",  // grouping
	"35-209900 176148-1",  // mixed separators
	"111111111111111",     // repeated digit
	"X490154203237518",
	"490154203237518X",
	"+490154203237518",
	"490154203237518,00",
	"NL91ABNA0417164300",
}

func TestIMEIAccept(t *testing.T) {
	d := mustGet(t, "imei")
	detectortest.Accept(t, d, detectortest.Cases{Positives: imeiPositives, Negatives: imeiNegatives, TextHotword: "imei "})
	hinted := append(append([]string{}, imeiPositives...), imeisvPositives...)
	detectortest.Accept(t, d, detectortest.Cases{Positives: hinted, Negatives: imeiNegatives, Hint: true})
	// Fourteen digits are an IMEI without its check digit only in an IMEI
	// column, even next to the word.
	detectortest.Accept(t, d, detectortest.Cases{Negatives: []string{"49015420323751", "35-209900-176148"}, TextHotword: "imei "})
}

// TestIMEIPresentations: the notations of issue 15 and their canonical
// forms; an IMEI without its check digit gets it, so both spellings of a
// device share one fingerprint.
func TestIMEIPresentations(t *testing.T) {
	d := mustGet(t, "imei")
	tests := []struct {
		cell string
		hint bool
		want string
	}{
		{"35-007752-323751-3", false, "350077523237513"},
		{"35007752 323751 3", false, "350077523237513"},
		{"35-007752-323751-3", true, "350077523237513"},
		{"35007752323751", true, "350077523237513"},
		{"35-007752-323751", true, "350077523237513"},
		{"3500775232375101", true, "3500775232375101"}, // IMEISV
		{"3500775232375101", false, ""},
		{"35007752323751", false, ""},
		{"00000000000000", true, ""},
		{"1234567890123", true, ""},
	}
	for _, tt := range tests {
		ms := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
		got := ""
		if len(ms) == 1 {
			got = ms[0].Normalized
		}
		if len(ms) > 1 || got != tt.want {
			t.Errorf("Find(%q, hint %v) = %v, want %q", tt.cell, tt.hint, ms, tt.want)
		}
	}
}

func TestIMEIFind(t *testing.T) {
	d := mustGet(t, "imei")
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
		test       bool
	}
	tests := []struct {
		cell string
		hint bool
		want []m
	}{
		{"490154203237518", false, []m{{0, 15, "490154203237518", L, true, true}}},
		{"490154203237518", true, []m{{0, 15, "490154203237518", H, true, true}}},
		{"359876543210983", false, []m{{0, 15, "359876543210983", L, true, false}}},
		{"35-209900-176148-1", false, []m{{0, 18, "352099001761481", M, true, true}}},
		{"IMEI: 359876543210983", false, []m{{6, 21, "359876543210983", H, false, false}}},
		{"toestel 359876543210983 retour", false, []m{{8, 23, "359876543210983", H, false, false}}},
		{"359876543210983 (IMEI)", false, []m{{0, 15, "359876543210983", H, false, false}}},
		{"3520990017614823", false, nil},
		{"3520990017614823", true, []m{{0, 16, "3520990017614823", H, true, true}}},
		{"imeisv 35-209900-176148-23", false, []m{{7, 26, "3520990017614823", H, false, true}}},
		{"imei 490154203237519", false, nil},
		{"order 359876543210983", false, []m{{6, 21, "359876543210983", L, false, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.Confidence, x.WholeCell, x.Test})
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestIMEIMask(t *testing.T) {
	d := mustGet(t, "imei")
	for _, tt := range []struct{ in, want string }{
		{"490154203237518", "*************18"},
		{"1", "***"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIMEIColumnHint(t *testing.T) {
	d := mustGet(t, "imei")
	for _, c := range []string{"imei", "IMEI", "imei_nummer", "device_id", "DeviceId", "imeisv", "toestel_id"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"device_type", "naam", "", "time"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzIMEI(f *testing.F) {
	for _, v := range append(append([]string{}, imeiPositives...), imeiNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("IMEI: 359876543210983, imeisv 35-209900-176148-23"), true)
	d := detectors.IMEI{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkIMEI(b *testing.B) {
	benchDetector(b, detectors.IMEI{}, []string{"490154203237518", "35-209900-176148-1", "IMEI 359876543210983"})
}
