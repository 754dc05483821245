package detectors

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestBSNNoLettersAgrees: on cells without letters, Find told so (the
// whole-cell path) finds exactly what the full walk finds, in a BSN
// column, a phone column and a column of neither.
func TestBSNNoLettersAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	valid := []string{"111222333", "123456782", "850007240", "161506604", "12345672"}
	pieces := []string{" ", "  ", "-", ".", "/", "+", "(", ")", "0", "06", "020", "31", "\t", ":"}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		return string(b)
	}
	var cells []string
	for _, v := range valid {
		cells = append(cells, v, " "+v+" ", v[:3]+" "+v[3:6]+" "+v[6:], v[:4]+"."+v[4:6]+"."+v[6:], "0"+v, v+"0", "+"+v, v+"-1", "1-"+v)
	}
	for range 20000 {
		var b []byte
		for range 1 + rng.IntN(4) {
			if rng.IntN(2) == 0 {
				b = append(b, pieces[rng.IntN(len(pieces))]...)
			} else if rng.IntN(3) == 0 {
				b = append(b, valid[rng.IntN(len(valid))]...)
			} else {
				b = append(b, digits(1+rng.IntN(10))...)
			}
		}
		cells = append(cells, string(b))
	}
	for _, column := range []string{"bsn", "telefoon", "mobile", "notes", ""} {
		for _, skip := range []bool{false, true} {
			ctx := NewContext(BSN{}, column)
			ctx.SkipNormalized = skip
			quick := ctx
			quick.NoLetters = true
			found := 0
			for _, c := range cells {
				want := BSN{}.Find([]byte(c), ctx, nil)
				got := BSN{}.Find([]byte(c), quick, nil)
				found += len(want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("column %q, cell %q: NoLetters finds %+v, want %+v", column, c, got, want)
				}
			}
			if found == 0 && column != "telefoon" && column != "mobile" {
				t.Errorf("column %q: no BSN found at all; the test proves nothing", column)
			}
		}
	}
}
