package scanner

import (
	"hash/maphash"

	"github.com/crmscan/crmscan/reporters"
)

// peopleKinds are the detector kinds whose values tell people apart, for
// the summary's estimate of the people a problem concerns: one person has
// one e-mail address, phone number, IBAN or BSN, whichever copy holds it.
var peopleKinds = map[string]bool{"email": true, "phone": true, "iban": true, "bsn": true}

// valueSeed keys the value hashes of this process. The hashes only ever
// feed counts (reporters.ValueSketch) and are never written anywhere, so a
// seed per process, not the report's fingerprint key, is enough; the
// maphash is a few nanoseconds where an HMAC per value would cost a
// microsecond in the hot loop.
var valueSeed = maphash.MakeSeed()

// valueHash hashes a match's bytes in a canonical form, without allocating:
// an e-mail address in lower case; a phone number's digits with a Dutch
// trunk 0 or an international 00 read as the E.164 country code (06-1234
// 5678 and +31 6 12345678 are one number); an IBAN's or BSN's letters and
// digits, letters in upper case.
func valueHash(kind string, v []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(valueSeed)
	h.WriteString(kind)
	h.WriteByte(0)
	switch kind {
	case "email":
		for _, c := range v {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			h.WriteByte(c)
		}
	case "phone":
		var d [24]byte
		n := 0
		for _, c := range v {
			if c >= '0' && c <= '9' && n < len(d) {
				d[n] = c
				n++
			}
		}
		digits := d[:n]
		switch {
		case len(digits) > 2 && digits[0] == '0' && digits[1] == '0':
			digits = digits[2:] // 0031 6 ...
		case len(digits) > 1 && digits[0] == '0':
			h.WriteString("31") // a national number: the Netherlands
			digits = digits[1:]
		}
		h.Write(digits)
	default:
		for _, c := range v {
			switch {
			case c >= 'a' && c <= 'z':
				h.WriteByte(c - ('a' - 'A'))
			case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
				h.WriteByte(c)
			}
		}
	}
	return h.Sum64()
}

// addPerson adds a kept match's value to its column's sketch.
func (k *kindStats) addPerson(kind string, v []byte) {
	if k.people == nil {
		k.people = reporters.NewValueSketch(kind)
	}
	k.people.Add(valueHash(kind, v))
}
