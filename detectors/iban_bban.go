package detectors

import (
	_ "embed"
	"strconv"
	"strings"
)

// The BBAN (the account part of an IBAN after its first four characters)
// has a structure per country in the SWIFT IBAN registry: so many digits
// (n), upper-case letters (a) or either (c) per position. A string whose
// mod-97 check passes but whose BBAN breaks that structure (a letter in a
// Dutch account number) is no IBAN. Where the country has national check
// digits inside the BBAN (BE, ES, FR, IT), they are checked too.

// ibanStruct maps a country (index (a-'A')*26 + b-'A') to its BBAN's
// position classes, one byte per position: 'n', 'a' or 'c'.
var ibanStruct = func() (t [26 * 26]string) {
	for _, line := range strings.Split(ibanLengthsData, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "|")
		var b strings.Builder
		spec := f[2]
		for len(spec) > 0 {
			k := 0
			for k < len(spec) && isDigit(spec[k]) {
				k++
			}
			n, err := strconv.Atoi(spec[:k])
			if err != nil || k+2 > len(spec) || spec[k] != '!' || !strings.ContainsRune("nac", rune(spec[k+1])) {
				panic("detectors: bad BBAN structure in iban_lengths.txt: " + line)
			}
			b.WriteString(strings.Repeat(spec[k+1:k+2], n))
			spec = spec[k+2:]
		}
		if want, _ := strconv.Atoi(f[3]); b.Len()+4 != want {
			panic("detectors: BBAN structure and length disagree in iban_lengths.txt: " + line)
		}
		t[int(f[0][0]-'A')*26+int(f[0][1]-'A')] = b.String()
	}
	return t
}()

//go:embed nl_bank_codes.tsv
var nlBankCodesData string

// nlBankCodes are the Dutch bank codes (IBAN positions 5–8) of the
// Betaalvereniging's list, as an open-addressed hash set of the codes' four
// bytes (nlBankSlot), with 0 for an empty slot: a lookup per Dutch IBAN
// costs a multiplication and a comparison or two.
var nlBankCodes = func() (t [256]uint32) {
	n := 0
	for _, line := range strings.Split(nlBankCodesData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		code, _, _ := strings.Cut(line, "\t")
		if len(code) != 4 || code[0] == 0 {
			panic("detectors: bad line in nl_bank_codes.tsv: " + line)
		}
		if n++; n > len(t)/2 {
			panic("detectors: more bank codes than nlBankCodes holds")
		}
		k := uint32(code[0])<<24 | uint32(code[1])<<16 | uint32(code[2])<<8 | uint32(code[3])
		i := nlBankSlot(k)
		for t[i] != 0 && t[i] != k {
			i = (i + 1) % len(t)
		}
		t[i] = k
	}
	return t
}()

func nlBankSlot(k uint32) int { return int(k * 0x9E3779B1 >> 24) }

// nlBankCode reports whether a, b, c, d are a bank code on the list.
func nlBankCode(a, b, c, d byte) bool {
	k := uint32(a)<<24 | uint32(b)<<16 | uint32(c)<<8 | uint32(d)
	for i := nlBankSlot(k); ; i = (i + 1) % len(nlBankCodes) {
		switch nlBankCodes[i] {
		case k:
			return k != 0
		case 0:
			return false
		}
	}
}

// bbanOK checks the BBAN of a compact upper-case IBAN against its
// country's structure and national check digits. known is false for a
// Dutch IBAN whose bank code is not on the list (a bank newer than the
// list, or an invented number): still an IBAN, with less confidence.
func bbanOK(s []byte) (ok, known bool) {
	st := ibanStruct[int(s[0]-'A')*26+int(s[1]-'A')]
	b := s[4:]
	if len(b) != len(st) {
		return false, false
	}
	for k, c := range b {
		switch st[k] {
		case 'n':
			if !isDigit(c) {
				return false, false
			}
		case 'a':
			if c-'A' >= 26 {
				return false, false
			}
		}
	}
	switch string(s[:2]) {
	case "NL":
		return true, nlBankCode(b[0], b[1], b[2], b[3])
	case "BE":
		return beBBANCheck(b), true
	case "ES":
		return esBBANCheck(b), true
	case "FR", "MC":
		return frBBANCheck(b), true
	case "IT", "SM":
		return itBBANCheck(b), true
	}
	return true, true
}

// beBBANCheck: the last two digits are the first ten mod 97 (0 as 97).
func beBBANCheck(b []byte) bool {
	n := 0
	for _, c := range b[:10] {
		n = n*10 + int(c-'0')
	}
	r := n % 97
	if r == 0 {
		r = 97
	}
	return r == int(b[10]-'0')*10+int(b[11]-'0')
}

// esBBANCheck checks the two control digits (dígitos de control) of a
// Spanish account: bank(4) branch(4) DC(2) account(10).
func esBBANCheck(b []byte) bool {
	weights := [10]int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}
	dc := func(d []byte) int {
		s := 0
		for i, c := range d {
			s += int(c-'0') * weights[i+10-len(d)]
		}
		v := 11 - s%11
		switch v {
		case 11:
			return 0
		case 10:
			return 1
		}
		return v
	}
	return dc(b[:8]) == int(b[8]-'0') && dc(b[10:20]) == int(b[9]-'0')
}

// frBBANCheck checks the French RIB key: bank(5) branch(5) account(11,
// letters as digits) key(2), 97 - (89 bank + 15 branch + 3 account) mod 97.
func frBBANCheck(b []byte) bool {
	r := 0
	for _, c := range b[:21] {
		d := int(c - '0')
		if !isDigit(c) {
			// A–I, J–R and S–Z count as 1–9 (S as 2).
			switch l := int(c - 'A'); {
			case l < 9:
				d = l + 1
			case l < 18:
				d = l - 8
			default:
				d = l - 16
			}
		}
		r = (r*10 + d) % 97
	}
	// r is bank‖branch‖account mod 97; the key makes bank‖branch‖account‖key
	// divisible by 97, which is the same as the weighted formula.
	key := int(b[21]-'0')*10 + int(b[22]-'0')
	return (r*100+key)%97 == 0
}

// itOdd are the values of the characters in odd positions for the Italian
// CIN (digits 0–9 and letters A–Z share the table by their index).
var itOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// itBBANCheck checks the Italian CIN letter over ABI(5) CAB(5) account(12).
func itBBANCheck(b []byte) bool {
	s := 0
	for i, c := range b[1:23] {
		v := int(c - '0')
		if !isDigit(c) {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			s += itOdd[v]
		} else {
			s += v
		}
	}
	return int(b[0]-'A') == s%26
}
