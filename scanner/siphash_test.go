package scanner

import "testing"

// The test vector of the SipHash paper (appendix A): key 00..0f, message
// 00..0e.
func TestSipHashVector(t *testing.T) {
	k := sipKey{0x0706050403020100, 0x0f0e0d0c0b0a0908}
	msg := make([]byte, 15)
	for i := range msg {
		msg[i] = byte(i)
	}
	if got := k.sum(msg); got != 0xa129ca6149be45e5 {
		t.Fatalf("SipHash-2-4 = %#x, want 0xa129ca6149be45e5", got)
	}
	// The same with room after the message, which sum reads in one load
	// and masks off: garbage there changes nothing.
	buf := append(msg[:15:15], 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88)
	if got := k.sum(buf[:15]); got != 0xa129ca6149be45e5 {
		t.Fatalf("SipHash-2-4 with room after = %#x, want 0xa129ca6149be45e5", got)
	}
}

// Every length, with the last bytes read one by one (no room after the
// message) or in one masked load (garbage after it), hashes alike.
func TestSipHashTail(t *testing.T) {
	k := sipKey{0x0123456789abcdef, 0xfedcba9876543210}
	buf := make([]byte, 80)
	for i := range buf {
		buf[i] = byte(i*37 + 11)
	}
	for n := 0; n <= 64; n++ {
		exact := append([]byte(nil), buf[:n]...)
		if a, b := k.sum(exact[:n:n]), k.sum(buf[:n]); a != b {
			t.Fatalf("%d bytes: %#x one by one, %#x in one load", n, a, b)
		}
	}
}
