package detectors_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var ibanPositives = []string{
	"NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89370400440532013000",
	"DE89 3704 0044 0532 0130 00", "BE68539007547034", "BE68 5390 0754 7034", "GB82WEST12345698765432",
	"FR1420041010050500013M02606", "FR14 2004 1010 0505 0001 3M02 606", "NO9386011117947",
	"LU280019400644750000", "CH9300762011623852957", "NL02ABNA0123456789", "NL02-ABNA-0123-4567-89",
}

var ibanNegatives = []string{
	"NL91ABNA0517164300",       // checksum (domain reference, checked)
	"NL91ABNA041716430",        // too short for NL
	"NL91ABNA04171643001",      // too long for NL
	"XX91ABNA0417164300",       // no such country
	"US91ABNA0417164300",       // country without IBAN
	"NL91ABNA0417164300X",      // glued to a letter
	"XNL91ABNA0417164300",      // glued to a letter
	"0NL91ABNA0417164300",      // glued to a digit
	"BE00539007547034",         // check digits 00
	"ORD0612345678 2023004512", // order number
}

// ibanIrregular are IBANs in an irregular grouping: found as a whole cell
// (TestIBANForms), not inside free text, where only the strict forms
// (compact, groups of four) count.
var ibanIrregular = []string{
	"NL91 ABNA 0417 164 300",  // groups of four only
	"NL91  ABNA 0417 1643 00", // double space
	"NL91 ABNA-0417-1643-00",  // mixed separators
}

func TestIBANAccept(t *testing.T) {
	d := mustGet(t, "iban")
	detectortest.Accept(t, d, detectortest.Cases{Positives: ibanPositives, Negatives: ibanNegatives})
	for _, v := range ibanIrregular {
		cell := "klant belde, rekening " + v + " volgens notitie"
		if got := d.Find([]byte(cell), detectors.Context{Hint: true}, nil); len(got) != 0 {
			t.Errorf("Find(%q) = %v, want no match in free text", cell, got)
		}
	}
}

func TestIBANFind(t *testing.T) {
	d := mustGet(t, "iban")
	type m struct {
		start, end int
		norm       string
		whole      bool
	}
	tests := []struct {
		cell string
		want []m
	}{
		{"NL91ABNA0417164300", []m{{0, 18, "NL91ABNA0417164300", true}}},
		{" nl91abna0417164300 ", []m{{1, 19, "NL91ABNA0417164300", true}}},
		{"NL91 ABNA 0417 1643 00", []m{{0, 22, "NL91ABNA0417164300", true}}},
		{"IBAN: NL91 ABNA 0417 1643 00.", []m{{6, 28, "NL91ABNA0417164300", false}}},
		{"rek NL91ABNA0417164300/BE68539007547034", []m{{4, 22, "NL91ABNA0417164300", false}, {23, 39, "BE68539007547034", false}}},
		{"NL91 ABNA 0417 1643 00 12", []m{{0, 22, "NL91ABNA0417164300", false}}},
		{"DE89 3704 0044 0532 0130 00", []m{{0, 27, "DE89370400440532013000", true}}},
		{"NL91ABNA0517164300", nil},
		{"NL91ABNA0417164300X", nil},
		{"ANL91ABNA0417164300", nil},
		{"NL91 ABNA 0417 1643 0", nil},
		{"rek NL91 ABNA 0417 164300", nil},
		{"rek NL91ABNA 0417 1643 00", nil},
		{"Kerkstraat 12, 1234 AB Utrecht", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.WholeCell})
				if x.Confidence != detectors.High {
					t.Errorf("Find(%q) confidence = %v, want high", tt.cell, x.Confidence)
				}
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestIBANMask(t *testing.T) {
	d := mustGet(t, "iban")
	tests := []struct{ in, want string }{
		{"NL91ABNA0417164300", "NL** ABNA **** **** 00"},
		{"BE68539007547034", "BE** **** **** **34"},
		{"DE89370400440532013000", "DE** **** **** **** **** 00"},
		{"NO9386011117947", "NO** **** **** *47"},
		{"x", "****"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIBANColumnHint(t *testing.T) {
	d := mustGet(t, "iban")
	for _, c := range []string{"iban", "IBAN", "rekeningnummer", "Bankrekening", "acc_number", "bank_account", "account number", "rekening", "iban_nummer"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"accountid", "account_name", "naam", ""} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzIBAN(f *testing.F) {
	for _, v := range append(append([]string{}, ibanPositives...), ibanNegatives...) {
		f.Add([]byte(v))
	}
	f.Add([]byte("IBAN: NL91 ABNA 0417 1643 00, BE68539007547034"))
	d := detectors.IBAN{}
	f.Fuzz(func(t *testing.T, cell []byte) { fuzzDetector(t, d, cell, false) })
}

func BenchmarkIBAN(b *testing.B) {
	benchDetector(b, detectors.IBAN{}, []string{"NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "BE68539007547034"})
}

// BenchmarkIBANColumn reads an IBAN column's cells, compact and printed,
// with the check digits of each bank code worked out here.
func BenchmarkIBANColumn(b *testing.B) {
	var cells [][]byte
	for k, bank := range []string{"ABNA", "INGB", "RABO", "BUNQ", "TRIO", "ASNB", "SNSB", "KNAB"} {
		acct := fmt.Sprintf("%010d", 417164300+k*7919)
		num := new(big.Int)
		digits := ""
		for _, c := range bank + acct + "NL00" {
			if c >= 'A' {
				digits += fmt.Sprint(c - 'A' + 10)
			} else {
				digits += string(c)
			}
		}
		num.SetString(digits, 10)
		check := 98 - new(big.Int).Mod(num, big.NewInt(97)).Int64()
		iban := fmt.Sprintf("NL%02d%s%s", check, bank, acct)
		cells = append(cells, []byte(iban), []byte(iban[:4]+" "+iban[4:8]+" "+iban[8:12]+" "+iban[12:16]+" "+iban[16:]))
	}
	d := detectors.IBAN{}
	ctx := detectors.Context{Hint: true, SkipNormalized: true}
	out := make([]detectors.Match, 0, 4)
	for _, c := range cells {
		if len(d.Find(c, ctx, nil)) != 1 {
			b.Fatalf("%s: no IBAN", c)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			out = d.Find(c, ctx, out[:0])
		}
	}
}
