package detectors_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/rules"
)

// TestHotwordConditionIsSound writes each hotword detector's example
// values beside its hotwords, in random case and punctuation, into cells
// outside a hinted column, and checks that the prefilter admits every cell
// Find matches: the hotword condition only skips work.
func TestHotwordConditionIsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	before := []string{"", " ", "\n", "(", "Klant: ", "x-", "1 ", "é", "Notitie "}
	between := []string{" ", ": ", " - ", ":", " nr. ", "\t", " is ", ", ", "", ".", "s ", "e: "}
	for _, d := range detectors.All() {
		p := d.Prefilter()
		if len(p.Hotwords) == 0 {
			continue
		}
		spec, ok := rules.Detector(d.ID())
		if !ok || len(spec.Examples.Positives) == 0 {
			t.Fatalf("%s: no example positives to test the hotword condition with", d.ID())
		}
		ctx := detectors.NewContext(d, "Kolom")
		if ctx.Hint {
			t.Fatalf("%s: hint for column Kolom", d.ID())
		}
		matched := 0
		for i := 0; i < 4000; i++ {
			w := p.Hotwords[r.IntN(len(p.Hotwords))]
			switch r.IntN(3) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			v := spec.Examples.Positives[r.IntN(len(spec.Examples.Positives))]
			var cell string
			if r.IntN(4) == 0 {
				cell = before[r.IntN(len(before))] + v + " (" + w + ")"
			} else {
				cell = before[r.IntN(len(before))] + w + between[r.IntN(len(between))] + v
			}
			if r.IntN(3) == 0 {
				cell += " , verder niets"
			}
			ms := d.Find([]byte(cell), ctx, nil)
			if len(ms) > 0 && !p.AdmitCell([]byte(cell), false) {
				t.Fatalf("%s: the prefilter rejects %q, but Find matched %+v", d.ID(), cell, ms)
			}
			if len(ms) > 0 {
				matched++
			}
		}
		if matched < 100 {
			t.Errorf("%s: only %d of 4000 cells matched: the test proves little", d.ID(), matched)
		}
	}
}

// "Né 10-09-1980" has one ASCII letter: the prefilter once asked for two
// and skipped it.
func TestBirthDateAfterNe(t *testing.T) {
	d, _ := detectors.Get("date_of_birth")
	p := d.Prefilter()
	for _, cell := range []string{"Né 10-09-1980", "(né: 10-09-1980)", "née 1980-09-10"} {
		ms := d.Find([]byte(cell), detectors.NewContext(d, "Kolom"), nil)
		if len(ms) == 0 || !p.AdmitCell([]byte(cell), false) {
			t.Errorf("%q: matches %v, admitted %v", cell, ms, p.AdmitCell([]byte(cell), false))
		}
	}
}
