package scanner

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

// One value written in different ways is one value; different values are
// not.
func TestValueHashCanonical(t *testing.T) {
	same := [][2]string{
		{"email", "Jan.Jansen@Example.NL"}, {"email", "jan.jansen@example.nl"},
		{"phone", "06-12345678"}, {"phone", "+31 6 12345678"},
		{"phone", "0031612345678"}, {"phone", "+31612345678"},
		{"iban", "NL91 ABNA 0417 1643 00"}, {"iban", "nl91abna0417164300"},
		{"bsn", "111.222.333"}, {"bsn", "111222333"},
	}
	k := sketchKey(nil)
	for i := 0; i < len(same); i += 2 {
		a, b := same[i], same[i+1]
		if valueHash(k, a[0], []byte(a[1])) != valueHash(k, b[0], []byte(b[1])) {
			t.Errorf("%s %q and %q hash apart", a[0], a[1], b[1])
		}
	}
	if valueHash(k, "phone", []byte("0612345678")) == valueHash(k, "phone", []byte("0612345679")) {
		t.Error("two phone numbers hash alike")
	}
	if valueHash(k, "bsn", []byte("111222333")) == valueHash(k, "iban", []byte("111222333")) {
		t.Error("kinds are not kept apart")
	}
}

func BenchmarkValueHash(b *testing.B) {
	k := sketchKey(nil)
	v := []byte("+31 6 12345678")
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		valueHash(k, "phone", v)
	}
}

// valueHashReference is valueHash as first written, a byte at a time
// through a closure: the table-driven one must hash every value alike.
func valueHashReference(k sipKey, kind string, v []byte) uint64 {
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
			n = start + copy(d, d[2:])
		case len(d) > 1 && d[0] == '0' && n < len(buf):
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

func TestLower8(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			x := uint64(0x5a41405b7a61605f) // neighbours: Z A @ [ z a ` _
			x = x&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			var want uint64
			for k := 0; k < 8; k++ {
				want |= uint64(foldLower[byte(x>>(8*k))]) << (8 * k)
			}
			if got := lower8(x); got != want {
				t.Fatalf("lower8(%#x) = %#x, want %#x", x, got, want)
			}
		}
	}
}

func TestValueHashAgreesWithReference(t *testing.T) {
	k := sipKey{1, 2}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aZ09+-@. ()é\x00\xffAMZ[`z{\xc1\xda"
	for i := 0; i < 100000; i++ {
		v := make([]byte, r.IntN(120))
		for j := range v {
			if r.IntN(8) == 0 {
				v[j] = byte(r.IntN(256))
			} else {
				v[j] = alphabet[r.IntN(len(alphabet))]
			}
		}
		for _, kind := range []string{"email", "phone", "iban", "bsn"} {
			if got, want := valueHash(k, kind, v), valueHashReference(k, kind, v); got != want {
				t.Fatalf("%s %q: %x, reference %x", kind, v, got, want)
			}
		}
	}
}

// A column's people sketch is the sketch of all its values, however the
// batches that the workers scanned kept theirs below the limits of those
// sent before: the same hashes, so the same count of people. 60,000 rows
// (many batches over two workers), 45,000 distinct addresses, a third of
// them twice.
func TestPeopleSketchOfBatchesIsTheWhole(t *testing.T) {
	opt := testOptions(t)
	var b strings.Builder
	b.WriteString("id,email\n")
	want := reporters.NewValueSketch("email")
	k := sketchKey(opt.Key)
	for i := range 60000 {
		n := i
		if i%4 == 3 {
			n = i / 3 // a copy of an earlier row's address
		}
		e := fmt.Sprintf("klant.%d@voorbeeld%d.nl", n*7919%100003, n%17)
		fmt.Fprintf(&b, "%d,%s\n", i, e)
		want.Add(valueHash(k, "email", []byte(e)))
	}
	path := filepath.Join(t.TempDir(), "klanten.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, opt, path)
	var got *reporters.ValueSketch
	for _, f := range rep.Findings {
		if f.Location.Column == "email" && f.Values != nil {
			got = f.Values
		}
	}
	if got == nil {
		t.Fatal("no people sketch for the e-mail column")
	}
	dg, dw := got.Data(), want.Data()
	if dg.Full != dw.Full || !slices.Equal(dg.Hashes, dw.Hashes) || got.Count() != want.Count() {
		t.Errorf("sketch of the batches: full %v, %d hashes, count %d; of all values: %v, %d, %d",
			dg.Full, len(dg.Hashes), got.Count(), dw.Full, len(dw.Hashes), want.Count())
	}
}
