package detectors

import (
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// phoneLibrary is false only in tests that pin the NL/BE fast path's own
// verdicts against the library's.
var phoneLibrary = true

// DefaultCountry is the region national numbers are read in when the
// context names none: crmscan is built for Dutch organisations.
const DefaultCountry = "NL"

// ValidCountry reports whether cc (ISO 3166 alpha-2, any case) is a region
// the numbering-plan library knows.
func ValidCountry(cc string) bool {
	if len(cc) != 2 {
		return false
	}
	return phonenumbers.GetCountryCodeForRegion(string([]byte{upperByte(cc[0]), upperByte(cc[1])})) != 0
}

// phoneLib decides a number the NL/BE fast path leaves open with the
// numbering plans of libphonenumber (github.com/nyaruka/phonenumbers): an
// international number (intl: d starts with the country code) of any
// country, or a national number d of region. It returns the E.164 form.
//
// The library parses with regular expressions and allocates, so it only
// ever sees tokens the zero-allocation finder has already read as a
// plausible number: digits with phone separators, starting with + or 00,
// or standing in a phone column.
func phoneLib(d []byte, intl bool, region string) (string, bool) {
	if len(d) < 3 || len(d) > phoneMaxDigits {
		return "", false
	}
	if len(region) != 2 {
		region = DefaultCountry
	}
	// The cache key: the region, then the digits as written with a + for
	// an international number.
	var key [2 + 1 + phoneMaxDigits]byte
	n := copy(key[:], region)
	if intl {
		key[n] = '+'
		n++
	}
	n += copy(key[n:], d)
	slot := &phoneCache[phoneHash(key[:n])%uint32(len(phoneCache))]
	if v := slot.Load(); v != nil && v.key == string(key[:n]) {
		return v.norm, v.ok
	}
	v := &phoneVerdict{key: string(key[:n])}
	var num phonenumbers.PhoneNumber
	if err := phonenumbers.ParseToNumber(v.key[2:], region, &num); err == nil && phonenumbers.IsValidNumber(&num) {
		v.norm, v.ok = phonenumbers.Format(&num, phonenumbers.E164), true
	}
	slot.Store(v)
	return v.norm, v.ok
}

// phoneVerdict is the library's verdict on one written number in one
// region.
type phoneVerdict struct {
	key  string // region + number
	norm string // E.164 when ok
	ok   bool
}

// phoneCache remembers the library's latest verdicts, one per slot chosen
// by a hash of the number: a column repeats its numbers (a company's
// switchboard on every contact), and a hit costs no allocation. Slots are
// replaced whole, so workers share the cache without a lock.
var phoneCache [4096]atomic.Pointer[phoneVerdict]

// phoneHash is FNV-1a.
func phoneHash(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}
