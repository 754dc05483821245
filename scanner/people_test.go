package scanner

import "testing"

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
