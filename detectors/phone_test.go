package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var phonePositives = []string{
	"06-12345678", "06 1234 5678", "+31 6 12345678", "+31 (0)6 1234 5678", "0031612345678",
	"020-1234567", "(020) 123 4567", "010 123 4567", "0111-123456", "0800-1234", "0900-1234567",
	"085 123 4567", "088 123 4567", "0612345678", "+31612345678", "0201234567",
	"+32 470 12 34 56", "0470/12.34.56", "0470 12 34 56", "02 512 34 56", "0032 2 512 34 56",
	"+44 20 7946 0958", "+49 30 1234567", "+1 212 555 0123", "0044 20 7946 0958",
}

var phoneNegatives = []string{
	"06-0123456", "0612345", // invalid (domain reference, checked)
	"1.234,56", "€ 0612,00", "0612,00",
	"12-03-2024", "2024-03-12", "12/03/2024 10:15", "01-03-2024", "01/03/2024 10:15", "01.03.2024", "10:15", "09:30:15",
	"1234 AB", "ORD0612345678", "0612345678X", "NL91ABNA0417164300", "ORD-0612345678",
	"111222333", "012345672", "2023004512", "v1.0.612345678", "10.0.0.1", "192.168.0.100",
	"02 123 45 67",  // Belgian single-digit zone followed by 1
	"020 123456",    // too short
	"06123456789",   // too long
	"+31 6 1234567", // too short
	"+99 1234 5678", // no such country code
	"+1 012 555 0123",
	"0612345678901234",
	"#0612345678",
	"3.0612345678",
}

func TestPhoneAccept(t *testing.T) {
	d := mustGet(t, "phone")
	detectortest.Accept(t, d, detectortest.Cases{Positives: phonePositives, Negatives: phoneNegatives})
	detectortest.Accept(t, d, detectortest.Cases{Positives: phonePositives, Hint: true})
}

func TestPhoneFind(t *testing.T) {
	d := mustGet(t, "phone")
	const (
		L = detectors.Low
		M = detectors.Medium
		H = detectors.High
	)
	type m struct {
		start, end int
		norm       string
		conf       detectors.Confidence
	}
	tests := []struct {
		cell string
		hint bool
		want []m
	}{
		{"06-12345678", false, []m{{0, 11, "+31612345678", M}}},
		// A phone column whose numbers lost the leading zero or the plus.
		{"612345678", true, []m{{0, 9, "+31612345678", M}}},
		{"06 - 12345678", false, []m{{0, 13, "+31612345678", M}}},
		{"020 - 123 4567", true, []m{{0, 14, "+31201234567", H}}},
		{"bel 06 - 12345678 of mail", false, []m{{4, 17, "+31612345678", M}}},
		{"612345678", false, nil},
		{"201234567", true, []m{{0, 9, "+31201234567", M}}},
		{"31612345678", true, []m{{0, 11, "+31612345678", H}}},
		{"32470123456", true, []m{{0, 11, "+32470123456", H}}},
		{"31612345678", false, nil},
		{"601234567", true, nil},   // 060: no Dutch mobile
		{"44207946000", true, nil}, // another country without its plus: not guessed
		{"06 1234 5678", false, []m{{0, 12, "+31612345678", M}}},
		{"+31 6 12345678", false, []m{{0, 14, "+31612345678", H}}},
		{"+31 (0)6 1234 5678", false, []m{{0, 18, "+31612345678", H}}},
		{"+31(0)612345678", false, []m{{0, 15, "+31612345678", H}}},
		{"0031612345678", false, []m{{0, 13, "+31612345678", H}}},
		{"0031 (0)20 1234567", false, []m{{0, 18, "+31201234567", H}}},
		{"0612345678", false, []m{{0, 10, "+31612345678", M}}},
		{"0612345678", true, []m{{0, 10, "+31612345678", H}}},
		{"0201234567", false, []m{{0, 10, "+31201234567", L}}},
		{"0201234567", true, []m{{0, 10, "+31201234567", H}}},
		{"020-1234567", false, []m{{0, 11, "+31201234567", M}}},
		{"(020) 123 4567", false, []m{{0, 14, "+31201234567", M}}},
		{"(020)1234567", false, []m{{0, 12, "+31201234567", M}}},
		{"010 123 4567", false, []m{{0, 12, "+31101234567", M}}},
		{"0111-123456", false, []m{{0, 11, "+31111123456", M}}},
		{"011-1123456", false, nil}, // 011 is a three-digit area code
		{"0123456789", false, nil},  // no area code 012
		{"0421234567", false, nil},  // no area code 042
		{"0751234567", false, []m{{0, 10, "+31751234567", L}}},
		{"0591 123456", false, []m{{0, 11, "+31591123456", M}}},
		{"0201-234567", false, nil}, // 020 is a two-digit area code
		{"0800-1234", false, []m{{0, 9, "+318001234", M}}},
		{"0800-1234567", false, []m{{0, 12, "+318001234567", M}}},
		{"0900-1234567", false, []m{{0, 12, "+319001234567", M}}},
		{"085 123 4567", false, []m{{0, 12, "+31851234567", M}}},
		{"088 123 4567", false, []m{{0, 12, "+31881234567", M}}},
		{"091 123 4567", false, []m{{0, 12, "+31911234567", M}}},
		{"06-0123456", false, nil},
		{"0612345", false, nil},
		{"+32 470 12 34 56", false, []m{{0, 16, "+32470123456", H}}},
		{"0032470123456", false, []m{{0, 13, "+32470123456", H}}},
		{"0470/12.34.56", false, []m{{0, 13, "+32470123456", M}}},
		{"0470 12 34 56", false, []m{{0, 13, "+32470123456", M}}},
		{"02 512 34 56", false, []m{{0, 12, "+3225123456", M}}},
		{"02/512.34.56", false, []m{{0, 12, "+3225123456", M}}},
		{"050 12 34 56", false, []m{{0, 12, "+3250123456", M}}},
		{"02 123 45 67", false, nil},
		{"025123456", false, nil},
		{"025123456", true, []m{{0, 9, "+3225123456", H}}},
		{"+44 20 7946 0958", false, []m{{0, 16, "+442079460958", M}}},
		{"+44 (0)20 7946 0958", false, []m{{0, 19, "+442079460958", M}}},
		// The trunk 0 is not dialled from abroad, but people write it; the
		// numbering-plan library drops it.
		{"+44 020 7946 0958", false, []m{{0, 17, "+442079460958", M}}},
		{"+39 06 1234 5678", false, []m{{0, 16, "+390612345678", M}}},
		{"+1 212 555 0123", false, []m{{0, 15, "+12125550123", M}}},
		{"+1 212 555 0123", true, []m{{0, 15, "+12125550123", H}}},
		{"+49 30 1234567", false, []m{{0, 14, "+49301234567", M}}},
		{"+99 1234 5678", false, nil},
		{"mail of bel 06-12345678 graag", false, []m{{12, 23, "+31612345678", M}}},
		{"tel:0612345678", false, []m{{4, 14, "+31612345678", M}}},
		{"tel. 06-12345678 of 020-1234567", false, []m{{5, 16, "+31612345678", M}, {20, 31, "+31201234567", M}}},
		{"0612345678, 0201234567", false, []m{{0, 10, "+31612345678", M}, {12, 22, "+31201234567", L}}},
		{"0612345678/0201234567", false, nil},
		{"gebeld 06 12345678 2x", false, []m{{7, 18, "+31612345678", M}}},
		{"(06-12345678)", false, []m{{1, 12, "+31612345678", M}}},
		{"06-12345678.", false, []m{{0, 11, "+31612345678", M}}},
		{"1.234,56", false, nil},
		{"€ 0612,00", false, nil},
		{"12-03-2024", false, nil},
		{"01-03-2024", false, nil},
		{"01/03/2024 10:15", false, nil},
		{"2024-03-12", false, nil},
		{"12/03/2024 10:15", false, nil},
		{"1234 AB", false, nil},
		{"ORD0612345678", false, nil},
		{"ORD-0612345678", false, nil},
		{"0612345678X", false, nil},
		{"NL91ABNA0417164300", false, nil},
		{"111222333", false, nil},
		{"2023004512", false, nil},
		{"v1.0.612345678", false, nil},
		{"192.168.0.100", false, nil},
		{"0612345678:12", false, nil},
		{"06.12.34.56.78", false, []m{{0, 14, "+31612345678", M}}},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.Confidence})
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestPhoneMask(t *testing.T) {
	d := mustGet(t, "phone")
	tests := []struct{ in, want string }{
		{"+31612345678", "+31 6 ****** 78"},
		{"+31201234567", "+31 2 ****** 67"},
		{"+318001234", "+31 8 **** 34"},
		{"+32470123456", "+32 4 ****** 56"},
		{"+442079460958", "+44 ******** 58"},
		{"+12125550123", "+1 ******** 23"},
		{"0612", "***"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhoneColumnHint(t *testing.T) {
	d := mustGet(t, "phone")
	for _, c := range []string{"telefoon", "Tel", "phone", "Mobile", "mobiel", "GSM", "MobilePhone", "telephone1",
		"mobiel nummer", "fax", "phone_home", "phone_mobile", "Telefoonnummer", "tel_nr", "HomePhone"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "email", "hotel", "", "postcode"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzPhone(f *testing.F) {
	for _, v := range append(append([]string{}, phonePositives...), phoneNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("tel. 06-12345678 of 020-1234567, +44 (0)20 7946 0958"), true)
	d := detectors.Phone{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkPhone(b *testing.B) {
	benchDetector(b, detectors.Phone{}, []string{"06-12345678", "+31 20 123 4567", "0470/12.34.56", "0201234567"})
}
