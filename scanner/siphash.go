package scanner

import (
	"encoding/binary"
	"encoding/hex"
	"math/bits"

	"github.com/crmscan/crmscan/scanner/fingerprint"
)

// sipKey is a SipHash-2-4 key. SipHash is a keyed pseudo-random function
// built for short inputs: a value's hash says nothing of the value to whom
// lacks the key, and costs tens of nanoseconds where an HMAC-SHA256 costs
// a microsecond. The key is derived from the scan's fingerprint key, so
// the shards of one scan (which share that key; merge checks key_id) hash
// a value alike and their sketches of distinct people add up.
type sipKey struct{ k0, k1 uint64 }

// sketchKey derives the value-sketch key from the fingerprint key; nil
// (tests that set no key) gives a fixed key, which is fine for counting.
func sketchKey(k *fingerprint.Key) sipKey {
	if k == nil {
		return sipKey{0x0706050403020100, 0x0f0e0d0c0b0a0908}
	}
	b, err := hex.DecodeString(k.Sum("value-sketch"))
	if err != nil || len(b) < 16 {
		return sipKey{}
	}
	return sipKey{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])}
}

// sum is SipHash-2-4 of p (Aumasson and Bernstein, 2012).
func (k sipKey) sum(p []byte) uint64 {
	v0 := k.k0 ^ 0x736f6d6570736575
	v1 := k.k1 ^ 0x646f72616e646f6d
	v2 := k.k0 ^ 0x6c7967656e657261
	v3 := k.k1 ^ 0x7465646279746573
	round := func() {
		v0 += v1
		v1 = bits.RotateLeft64(v1, 13)
		v1 ^= v0
		v0 = bits.RotateLeft64(v0, 32)
		v2 += v3
		v3 = bits.RotateLeft64(v3, 16)
		v3 ^= v2
		v0 += v3
		v3 = bits.RotateLeft64(v3, 21)
		v3 ^= v0
		v2 += v1
		v1 = bits.RotateLeft64(v1, 17)
		v1 ^= v2
		v2 = bits.RotateLeft64(v2, 32)
	}
	b := uint64(len(p)) << 56
	for len(p) >= 8 {
		m := binary.LittleEndian.Uint64(p)
		v3 ^= m
		round()
		round()
		v0 ^= m
		p = p[8:]
	}
	if n := len(p); cap(p) >= 8 {
		// The last bytes in one load, the bytes past them masked off
		// (valueHash's buffer has room).
		b |= binary.LittleEndian.Uint64(p[:8]) & (1<<(8*n) - 1)
	} else {
		for i, c := range p {
			b |= uint64(c) << (8 * i)
		}
	}
	v3 ^= b
	round()
	round()
	v0 ^= b
	v2 ^= 0xff
	round()
	round()
	round()
	round()
	return v0 ^ v1 ^ v2 ^ v3
}
