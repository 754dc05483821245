package scanner

import (
	"github.com/crmscan/crmscan/reporters"
)

// peopleKinds are the detector kinds whose values tell people apart, for
// the summary's estimate of the people a problem concerns: one person has
// one e-mail address, phone number, IBAN or BSN, whichever copy holds it.
var peopleKinds = map[string]bool{"email": true, "phone": true, "iban": true, "bsn": true}

// valueHash hashes a match's bytes in a canonical form, without allocating:
// an e-mail address in lower case; a phone number's digits with a Dutch
// trunk 0 or an international 00 read as the E.164 country code (06-1234
// 5678 and +31 6 12345678 are one number); an IBAN's or BSN's letters and
// digits, letters in upper case.
//
// The hash is keyed (SipHash-2-4, sketchKey): the hashes feed counts
// (reporters.ValueSketch), and a shard's report carries its sketches so
// that crmscan merge counts people as one run would.
func valueHash(k sipKey, kind string, v []byte) uint64 {
	var buf [96]byte
	n := copy(buf[:], kind)
	buf[n] = 0
	n++
	put := func(c byte) {
		if n < len(buf) {
			buf[n] = c
			n++
		}
	}
	switch kind {
	case "email":
		for _, c := range v {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			put(c)
		}
	case "phone":
		start := n
		for _, c := range v {
			if c >= '0' && c <= '9' {
				put(c)
			}
		}
		d := buf[start:n]
		switch {
		case len(d) > 2 && d[0] == '0' && d[1] == '0':
			n = start + copy(d, d[2:]) // 0031 6 ...
		case len(d) > 1 && d[0] == '0' && n < len(buf):
			// A national number: the Netherlands' 31 for the trunk 0.
			copy(buf[start+2:], d[1:])
			buf[start], buf[start+1] = '3', '1'
			n++
		}
	default:
		for _, c := range v {
			switch {
			case c >= 'a' && c <= 'z':
				put(c - ('a' - 'A'))
			case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
				put(c)
			}
		}
	}
	return k.sum(buf[:n])
}

// addPerson adds a kept match's value to its column's sketch.
func (k *kindStats) addPerson(key sipKey, kind string, v []byte) {
	if k.people == nil {
		k.people = reporters.NewValueSketch(kind)
	}
	k.people.Add(valueHash(key, kind, v))
}
