package detectors

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// fastPhone runs the phone finder without the numbering-plan library.
func fastPhone(cell string, hint bool, country string) []Match {
	phoneNoLibrary.Store(true)
	defer phoneNoLibrary.Store(false)
	return Phone{}.Find([]byte(cell), Context{Hint: hint, Country: country}, nil)
}

// TestPhoneFastPathPinned pins the zero-allocation NL/BE rules to
// libphonenumber: the fast path finds the library's example number of
// every number type of NL and BE, and every number it accepts near them
// (each digit changed, one dropped, one added) the library finds valid,
// with the same E.164 form.
func TestPhoneFastPathPinned(t *testing.T) {
	checked, agreed, libOnly := 0, 0, 0
	for _, region := range []string{"NL", "BE"} {
		cc := phonenumbers.GetCountryCodeForRegion(region)
		for typ := phonenumbers.FIXED_LINE; typ < phonenumbers.UNKNOWN; typ++ {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			nsn := phonenumbers.GetNationalSignificantNumber(ex)
			e164 := phonenumbers.Format(ex, phonenumbers.E164)
			// Short numbers (the Dutch 14 020) have no trunk 0 and are
			// left to the library in a phone column.
			if len(nsn) >= 7 {
				for _, cell := range []string{e164, phonenumbers.Format(ex, phonenumbers.INTERNATIONAL), phonenumbers.Format(ex, phonenumbers.NATIONAL)} {
					ms := fastPhone(cell, true, region)
					if len(ms) != 1 || ms[0].Normalized != e164 {
						t.Errorf("%s type %d: the fast path reads %q as %v, want %s", region, typ, cell, ms, e164)
					}
				}
			}
			for _, v := range nsnVariants(nsn) {
				num, err := phonenumbers.Parse("+"+itoa(cc)+v, "ZZ")
				libOK := err == nil && phonenumbers.IsValidNumber(num)
				for _, cell := range []string{"+" + itoa(cc) + " " + v, "0" + v} {
					checked++
					ms := fastPhone(cell, true, region)
					if len(ms) == 1 {
						// National numbers may be read as the other
						// country's: the E.164 form must be valid.
						n, err := phonenumbers.Parse(ms[0].Normalized, "ZZ")
						if err != nil || !phonenumbers.IsValidNumber(n) || phonenumbers.Format(n, phonenumbers.E164) != ms[0].Normalized {
							t.Errorf("%s: the fast path reads %q as %s, which the library finds invalid", region, cell, ms[0].Normalized)
							continue
						}
					}
					if len(ms) == 1 || !libOK {
						agreed++
					} else {
						libOnly++ // left to the library: no wrong verdict
					}
				}
			}
		}
	}
	t.Logf("%d variants: %d verdicts agree, %d valid only by the library", checked, agreed, libOnly)
}

// nsnVariants returns nsn with each digit replaced by every other digit,
// with its last digit dropped and with a digit added.
func nsnVariants(nsn string) []string {
	var out []string
	for i := 0; i < len(nsn); i++ {
		for c := byte('0'); c <= '9'; c++ {
			if c != nsn[i] {
				out = append(out, nsn[:i]+string(c)+nsn[i+1:])
			}
		}
	}
	return append(out, nsn[:len(nsn)-1], nsn+"5")
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
