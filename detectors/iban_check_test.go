package detectors

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIBANCheckAgreesWithBigInt compares the mod 97 check with the
// textbook computation on big integers, for random strings of digits and
// capitals of every IBAN length.
func TestIBANCheckAgreesWithBigInt(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	valid := 0
	for i := 0; i < 200000; i++ {
		n := 15 + r.IntN(20)
		b := make([]byte, n)
		b[0], b[1] = chars[10+r.IntN(26)], chars[10+r.IntN(26)]
		b[2], b[3] = chars[r.IntN(10)], chars[r.IntN(10)]
		for k := 4; k < n; k++ {
			if r.IntN(3) == 0 {
				b[k] = chars[10+r.IntN(26)]
			} else {
				b[k] = chars[r.IntN(10)]
			}
		}
		if i%2 == 0 { // make half of them valid: set the check digits
			b[2], b[3] = '0', '0'
			cd := 98 - textbookMod97(b)
			b[2], b[3] = byte('0'+cd/10), byte('0'+cd%10)
		}
		cd := int(b[2]-'0')*10 + int(b[3]-'0')
		want := cd >= 2 && cd <= 98 && textbookMod97(b) == 1
		if got := ibanValid(b); got != want {
			t.Fatalf("ibanValid(%s) = %v, want %v", b, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < 90000 {
		t.Errorf("only %d valid IBANs generated", valid)
	}
}

func textbookMod97(b []byte) int {
	s := string(b[4:]) + string(b[:4])
	var digits strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		} else {
			digits.WriteRune(c)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

// TestIBANCheckRejectsOtherBytes puts a byte that is no digit or capital
// into an otherwise valid IBAN: never valid.
func TestIBANCheckRejectsOtherBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	good := []byte("NL91ABNA0417164300")
	if !ibanValid(good) {
		t.Fatal("the example IBAN is not valid")
	}
	for c := 0; c < 256; c++ {
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' {
			continue
		}
		for range 8 {
			b := append([]byte{}, good...)
			b[4+r.IntN(len(b)-4)] = byte(c)
			if ibanValid(b) {
				t.Fatalf("ibanValid(%q) = true", b)
			}
		}
	}
}

// TestNLBankCodes checks the bank-code set against the list it is built
// from, and against codes that are not on it.
func TestNLBankCodes(t *testing.T) {
	want := map[string]bool{}
	for _, line := range strings.Split(nlBankCodesData, "\n") {
		if line != "" && line[0] != '#' {
			code, _, _ := strings.Cut(line, "\t")
			want[code] = true
		}
	}
	if len(want) < 50 {
		t.Fatalf("only %d bank codes", len(want))
	}
	for code := range want {
		if !nlBankCode(code[0], code[1], code[2], code[3]) {
			t.Errorf("%s: not a bank code", code)
		}
	}
	r := rand.New(rand.NewPCG(27, 28))
	for i := 0; i < 200000; i++ {
		var b [4]byte
		for k := range b {
			b[k] = byte('A' + r.IntN(26))
			if r.IntN(50) == 0 {
				b[k] = byte(r.IntN(256))
			}
		}
		if got := nlBankCode(b[0], b[1], b[2], b[3]); got != want[string(b[:])] {
			t.Fatalf("%q: bank code %v", b, got)
		}
	}
}
