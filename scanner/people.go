package scanner

import (
	"encoding/binary"
	"math"

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
	// 128 bytes, of which the first 96 hold the hashed bytes: an index
	// masked with 127 needs no bounds check, and a word stored at 88
	// stays inside.
	var buf [128]byte
	const room = 96
	n := 0
	// The kind's name and a NUL, copied as constants (no memmove).
	switch kind {
	case "email":
		n = copy(buf[:], "email\x00")
	case "phone":
		n = copy(buf[:], "phone\x00")
	case "iban":
		n = copy(buf[:], "iban\x00")
	case "bsn":
		n = copy(buf[:], "bsn\x00")
	default:
		n = copy(buf[:room-1], kind)
		buf[n] = 0
		n++
	}
	// At most what fits: a longer value is hashed by its first bytes.
	switch kind {
	case "email":
		v = v[:min(len(v), room-n)]
		i := 0
		for ; i+8 <= len(v); i += 8 {
			binary.LittleEndian.PutUint64(buf[n+i:], lower8(binary.LittleEndian.Uint64(v[i:])))
		}
		for ; i < len(v); i++ {
			buf[(n+i)&127] = foldLower[v[i]]
		}
		n += len(v)
	case "phone":
		start := n
		for _, c := range v {
			if n == room {
				break
			}
			buf[n&127] = c
			n += int(isDigitByte[c])
		}
		d := buf[start:n]
		switch {
		case len(d) > 2 && d[0] == '0' && d[1] == '0':
			n = start + copy(d, d[2:]) // 0031 6 ...
		case len(d) > 1 && d[0] == '0' && n < room:
			// A national number: the Netherlands' 31 for the trunk 0.
			copy(buf[start+2:], d[1:])
			buf[start], buf[start+1] = '3', '1'
			n++
		}
	default:
		for _, c := range v {
			if n == room {
				break
			}
			u := foldUpper[c]
			buf[n&127] = u
			n += int(isAlnumByte[u])
		}
	}
	return k.sum(buf[:n]) // the room past n lets sum read its last word whole
}

// lower8 lower-cases the ASCII capitals of eight bytes at once, as
// foldLower does one at a time: a byte with its high bit clear gets bit 5
// set when its low seven bits are 'A' to 'Z'.
func lower8(x uint64) uint64 {
	const hi = 0x8080808080808080
	t := x &^ hi
	ge := t + 0x3f3f3f3f3f3f3f3f // bit 7 set from 'A' (0x41) on
	gt := t + 0x2525252525252525 // bit 7 set from '[' (0x5b), past 'Z', on
	return x | (ge&^gt&^x&hi)>>2
}

// Byte tables of valueHash: ASCII case folds, and 1 for a digit or for an
// ASCII letter or digit.
var foldLower, foldUpper, isDigitByte, isAlnumByte = func() (lo, up, dig, alnum [256]byte) {
	for c := 0; c < 256; c++ {
		lo[c], up[c] = byte(c), byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		lo[c], up[c+32] = byte(c+32), byte(c)
		alnum[c] = 1
	}
	for c := '0'; c <= '9'; c++ {
		dig[c], alnum[c] = 1, 1
	}
	return
}()

// addPerson adds a kept match's value to its column's sketch. floor is the
// worker's limit for the column and detector (peopleFloors).
func (k *kindStats) addPerson(key sipKey, kind string, v []byte, floor uint64) {
	if k.people == nil {
		k.people = reporters.NewValueSketchBelow(kind, floor)
	}
	k.people.Add(valueHash(key, kind, v))
}

// peopleFloors are a worker's limits for the people sketches of its most
// recent tables: per column and detector, the Limit of the merge of the
// batch sketches it sent (reporters.NewValueSketchBelow). A table's
// batches all merge into its statistics, so a later batch's sketch drops
// at once what cannot be among the kept hashes, instead of sorting each
// batch's thousands of distinct values only to drop them at the merge.
// The merge of the batches sent, not each batch's own limit: a batch of
// a thousand rows keeps 512 hashes below its own 512th smallest, and the
// next batches would keep two in three of theirs (sorting them) for ever;
// below the merge's, a column's batches keep fewer and fewer.
type peopleFloors struct {
	tables []*tableFloors // most recently used first, at most cacheTables
}

type tableFloors struct {
	t      *table
	limits []uint64 // column*detectors + detector
	// sent are the kept hashes of the batch sketches sent, merged, per
	// limit (nil: none yet)
	sent []*reporters.ValueSketch
}

// forTable returns t's limits, ndets per column, making room if needed.
func (p *peopleFloors) forTable(t *table, ndets int) *tableFloors {
	tf, ok := recentTable(&p.tables, t, func(tf *tableFloors) **table { return &tf.t })
	if ok {
		return tf
	}
	n := (len(t.cols) + 1) * ndets
	if cap(tf.limits) < n {
		tf.limits = make([]uint64, n)
		tf.sent = make([]*reporters.ValueSketch, n)
	}
	tf.limits, tf.sent = tf.limits[:n], tf.sent[:n]
	for i := range tf.limits {
		tf.limits[i] = math.MaxUint64
	}
	clear(tf.sent)
	return tf
}

// lower lowers the limits to what the batch's sketches, merged with those
// sent before, keep.
func (tf *tableFloors) lower(ndets int, cols []colStats) {
	for c := range cols {
		cs := &cols[c]
		for i, slot := range cs.slots {
			if p := cs.kinds[i].people; p != nil && int(slot) < ndets {
				j := c*ndets + int(slot)
				if tf.sent[j] == nil {
					tf.sent[j] = reporters.NewValueSketch(p.Kind)
				}
				// The merge holds p's kept hashes, so its limit is at or
				// below p's own.
				tf.sent[j].Merge(p)
				tf.limits[j] = min(tf.limits[j], tf.sent[j].Limit())
			}
		}
	}
}
