package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var cardPositives = []string{
	"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4532015112830366",
	"4532 0151 1283 0366", "5500005555555559", "5223 3445 5667 7880", "2223003122003222",
	"378282246310005", "3782 822463 10005", "3742-454554-00126", "6011111111111117",
	"30569309025904", "3056 930902 5904", "3530111333300000", "6767 0300 0000 0007",
	"6200000000000005", "6799 9901 0000 0000 019",
}

var cardNegatives = []string{
	"4111111111111112",       // Luhn (domain reference, checked)
	"1234567812345670",       // no issuer starts with 1
	"4111 1111 1111 111",     // a Visa number has no 15 digits
	"41111111111111111111",   // 20 digits
	"4111.1111.1111.1111",    // dots are not a card's grouping
	"4111-1111 1111-1111",    // mixed separators
	"411 111 111 111 111 1",  // groups of three
	"4111111111111111X",      // glued to a letter
	"X4111111111111111",      // glued to a letter
	"+4111111111111111",      // a phone number's plus
	"1,4111111111111111",     // an amount
	"4111111111111111,50",    // an amount
	"4444444444444444",       // one digit repeated
	"0000000000000000",       // zeros
	"NL91ABNA0417164300",     // IBAN
	"DE89370400440532013000", // IBAN
	"2023004512 2023004513",  // references
	"12-03-2024 10:15",       // date
	"5500 0055 5555 5558",    // Luhn
	"378282246310006",        // Luhn
	"3782 8224 6310 005",     // Amex is not printed 4-4-4-3
	"9999 9999 9999 9995",    // no issuer
}

func TestCreditCardAccept(t *testing.T) {
	d := mustGet(t, "credit_card")
	detectortest.Accept(t, d, detectortest.Cases{Positives: cardPositives, Negatives: cardNegatives})
	detectortest.Accept(t, d, detectortest.Cases{Positives: cardPositives, Negatives: cardNegatives, Hint: true, TextHotword: "creditcard "})
}

func TestCreditCardFind(t *testing.T) {
	d := mustGet(t, "credit_card")
	const (
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
		{"4111111111111111", false, []m{{0, 16, "4111111111111111", H, true, true}}},
		{" 4111 1111 1111 1111 ", false, []m{{1, 20, "4111111111111111", H, true, true}}},
		{"4532015112830366", false, []m{{0, 16, "4532015112830366", H, true, false}}},
		{"kaart 4532-0151-1283-0366 exp 12/27", false, []m{{6, 25, "4532015112830366", H, false, false}}},
		{"3782 822463 10005", false, []m{{0, 17, "378282246310005", H, true, true}}},
		{"5500005555555559", false, []m{{0, 16, "5500005555555559", H, true, true}}},
		{"2223003122003222", false, []m{{0, 16, "2223003122003222", H, true, true}}},
		{"6767030000000007", false, []m{{0, 16, "6767030000000007", M, true, false}}},
		{"6767030000000007", true, []m{{0, 16, "6767030000000007", H, true, false}}},
		{"maestro 6767030000000007", false, []m{{8, 24, "6767030000000007", H, false, false}}},
		{"6767 0300 0000 0007", false, []m{{0, 19, "6767030000000007", H, true, false}}},
		{"4111 1111 1111 1111 2027", false, []m{{0, 19, "4111111111111111", H, false, true}}},
		{"4111111111111111, 5555555555554444", false, []m{{0, 16, "4111111111111111", H, false, true}, {18, 34, "5555555555554444", H, false, true}}},
		{"4111111111111112", false, nil},
		{"4111 1111 1111 111", false, nil},
		{"41111111111111111111", false, nil},
		{"12 4111 1111 1111 1111", false, nil},
		{"€ 4111111111111111,00", false, nil},
		{"4111111111111111.5", false, nil},
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

func TestCreditCardTestNumbers(t *testing.T) {
	d := mustGet(t, "credit_card")
	for _, v := range []string{
		"4111111111111111", "5500005555555559", "378282246310005", "4242424242424242",
		"5555555555554444", "4000056655665556", "371449635398431", "6011111111111117",
		"4012888888881881", "5105105105105100", "3566002020360505", "30569309025904",
	} {
		got := d.Find([]byte(v), detectors.Context{}, nil)
		if len(got) != 1 || !got[0].Test || got[0].Confidence != detectors.High {
			t.Errorf("Find(%q) = %+v, want one high-confidence test match", v, got)
		}
	}
}

func TestCreditCardMask(t *testing.T) {
	d := mustGet(t, "credit_card")
	tests := []struct{ in, want string }{
		{"4111111111111111", "************1111"},
		{"378282246310005", "***********0005"},
		{"41", "****"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCreditCardColumnHint(t *testing.T) {
	d := mustGet(t, "credit_card")
	for _, c := range []string{"credit_card", "CreditCardNumber", "card_number", "kaartnummer", "cc_number", "PAN", "betaalkaart"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"naam", "company", "account", "", "panel", "accent"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzCreditCard(f *testing.F) {
	for _, v := range append(append([]string{}, cardPositives...), cardNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("kaart 4532-0151-1283-0366 exp 12/27, ook 3782 822463 10005"), true)
	d := detectors.CreditCard{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkCreditCard(b *testing.B) {
	benchDetector(b, detectors.CreditCard{}, []string{"4111 1111 1111 1111", "5223344556677880", "3782 822463 10005"})
}

// TestCreditCardInIDColumn: a bare number that is the whole cell of a
// column named for record IDs or numbering is a low-confidence card, for
// its column to judge (one number in ten passes the Luhn check, so Zoho
// CRM's 19-digit record IDs hold "Visa cards"); elsewhere it keeps its
// confidence, and a grouped number or one in text is unchanged.
func TestCreditCardInIDColumn(t *testing.T) {
	d := detectors.CreditCard{}
	for _, tc := range []struct {
		column, cell string
		want         detectors.Confidence
	}{
		{"Record Id", "4532015112830366", detectors.Low},
		{"Owner.id", "4150868000000224006", detectors.Low}, // a Zoho ID that passes the Luhn check
		{"AccountId", "5500005555555559", detectors.Low},
		{"order_number", "4532015112830366", detectors.Low},
		{"Customer No.", "4532015112830366", detectors.Low},
		{"", "4532015112830366", detectors.High},
		{"Opmerkingen", "4532015112830366", detectors.High},
		{"Valid", "4532015112830366", detectors.High}, // "id" inside a word is no ID column
		{"Record Id", "4532 0151 1283 0366", detectors.High},
		{"Record Id", "betaald met 4532015112830366", detectors.High},
		{"card_id", "4532015112830366", detectors.High}, // named for cards
	} {
		ctx := detectors.NewContext(d, tc.column)
		ms := d.Find([]byte(tc.cell), ctx, nil)
		if len(ms) != 1 || ms[0].Confidence != tc.want {
			t.Errorf("column %q, %q: %+v, want one match of confidence %v", tc.column, tc.cell, ms, tc.want)
		}
	}
}
