package detectors

import (
	"math/rand/v2"
	"testing"
)

// TestGateAgreesWithPrefilter checks that a prefilter compiled for a column
// admits exactly the cells its Admit does, for every detector, with and
// without the column hint.
func TestGateAgreesWithPrefilter(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := []Shape{ShapeLetter, ShapeUpper, ShapeAt, ShapePlus, ShapeSpace, ShapeDot, ShapeColon, ShapeDash, ShapeSlash, ShapeSigil}
	for _, d := range All() {
		p := d.Prefilter()
		for _, hint := range []bool{false, true} {
			g, ok := p.Compile(hint, 7)
			if ok && g.Det != 7 {
				t.Fatalf("%s: gate for detector %d", d.ID(), g.Det)
			}
			for i := 0; i < 20000; i++ {
				f := Features{Len: r.IntN(80), Digits: r.IntN(20), Letters: r.IntN(20)}
				for _, s := range shapes {
					if r.IntN(3) == 0 {
						f.Shape |= s
					}
				}
				want := p.Admit(f, hint)
				got := ok && g.Admit(f)
				if got != want {
					t.Fatalf("%s (hint %v): gate admits %+v: %v, prefilter: %v", d.ID(), hint, f, got, want)
				}
			}
		}
	}
}
