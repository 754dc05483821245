// Package detectortest is the acceptance suite every detector passes: it
// finds its positives as a whole cell, inside free text and at the cell's
// edges, ignores its negatives, survives random bytes and allocates nothing
// for a clean cell.
package detectortest

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

// Cases are the values a detector is accepted on.
type Cases struct {
	// Positives must be found standing alone as a whole cell, inside free
	// text, and at the start and end of a cell.
	Positives []string
	// Negatives must not match, alone or inside free text.
	Negatives []string
	// Hint is the Context.Hint passed to Find.
	Hint bool
	// TextHotword is written just before a value in free text ("bsn "), for
	// detectors that only accept free-text values next to a keyword.
	TextHotword string
	// NoFreeText skips the free-text and edge checks, for detectors that
	// only match whole cells.
	NoFreeText bool
	// Clean is a cell without a match for the allocation check; a default
	// cell of words, digits and an '@' is used when empty.
	Clean string
}

// DefaultClean passes every built-in detector's prefilter and holds no match.
const DefaultClean = "Jan de Vries, Kerkstraat 12, 1234 AB Utrecht; klant sinds 2019 (order 4711) @ balie, 3 x gebeld"

// Accept runs the acceptance suite for d.
func Accept(t *testing.T, d detectors.Detector, c Cases) {
	t.Helper()
	ctx := detectors.Context{Hint: c.Hint}
	t.Run("positives", func(t *testing.T) {
		for _, v := range c.Positives {
			checkPositive(t, d, ctx, c, v)
		}
	})
	t.Run("negatives", func(t *testing.T) {
		for _, v := range c.Negatives {
			for _, cell := range []string{v, "klant belde, nummer " + c.TextHotword + v + " volgens notitie"} {
				if got := find(t, d, []byte(cell), ctx); len(got) != 0 {
					t.Errorf("%s: Find(%q) = %v, want no match", d.ID(), cell, got)
				}
			}
		}
	})
	t.Run("random", func(t *testing.T) { random(t, d, c) })
	t.Run("allocs", func(t *testing.T) {
		clean := c.Clean
		if clean == "" {
			clean = DefaultClean
		}
		cell := []byte(clean)
		out := make([]detectors.Match, 0, 8)
		if got := d.Find(cell, ctx, out[:0]); len(got) != 0 {
			t.Fatalf("%s: Find(%q) = %v, want no match in the clean cell", d.ID(), clean, got)
		}
		if pf := d.Prefilter(); !pf.Admit(detectors.Scan(cell), ctx.Hint) {
			t.Logf("%s: the prefilter rejects the clean cell %q: it does not exercise Find", d.ID(), clean)
		}
		if n := testing.AllocsPerRun(200, func() { out = d.Find(cell, ctx, out[:0]) }); n != 0 {
			t.Errorf("%s: Find(%q) allocates %v times, want 0", d.ID(), clean, n)
		}
	})
}

// find runs Find after checking that the prefilter lets the cell through whenever
// Find matches, and validates the matches' offsets.
func find(t *testing.T, d detectors.Detector, cell []byte, ctx detectors.Context) []detectors.Match {
	t.Helper()
	got := d.Find(cell, ctx, nil)
	if pf := d.Prefilter(); len(got) > 0 && !pf.AdmitCell(cell, ctx.Hint) {
		t.Errorf("%s: the prefilter rejects %q, but Find matched %v", d.ID(), cell, got)
	}
	for _, m := range got {
		if m.Start < 0 || m.End > len(cell) || m.Start >= m.End {
			t.Errorf("%s: Find(%q) returned span [%d,%d) out of range", d.ID(), cell, m.Start, m.End)
		}
		if m.Normalized == "" || m.Confidence == detectors.ConfidenceNone {
			t.Errorf("%s: Find(%q) returned %+v without a value or a confidence", d.ID(), cell, m)
		}
	}
	// Skipping the normalized values changes nothing else.
	skip := ctx
	skip.SkipNormalized = true
	lean := d.Find(cell, skip, nil)
	if len(lean) != len(got) {
		t.Errorf("%s: Find(%q) with SkipNormalized = %v, want %v", d.ID(), cell, lean, got)
		return got
	}
	for i := range lean {
		m := lean[i]
		if m.Normalized != "" && m.Normalized != got[i].Normalized {
			t.Errorf("%s: Find(%q) with SkipNormalized: Normalized %q, want empty or %q", d.ID(), cell, m.Normalized, got[i].Normalized)
		}
		m.Normalized = got[i].Normalized
		if m != got[i] {
			t.Errorf("%s: Find(%q) with SkipNormalized = %+v, want %+v but the value", d.ID(), cell, m, got[i])
		}
	}
	return got
}

// checkPositive finds v as a whole cell, padded, in free text and at the
// edges of a cell.
func checkPositive(t *testing.T, d detectors.Detector, ctx detectors.Context, c Cases, v string) {
	t.Helper()
	type place struct {
		cell  string
		start int
		whole bool
	}
	places := []place{{v, 0, true}, {"  " + v + " ", 2, true}}
	if !c.NoFreeText {
		prefix := "klant belde, nummer " + c.TextHotword
		after := " volgens notitie"
		if hw := strings.TrimSpace(c.TextHotword); hw != "" {
			after = " " + hw + " volgens notitie"
		}
		end := "notitie: " + c.TextHotword
		places = append(places,
			place{prefix + v + " volgens notitie", len(prefix), false},
			place{v + after, 0, false},
			place{end + v, len(end), false},
		)
	}
	// A match costs no allocation when the caller skips normalized values.
	skip := ctx
	skip.SkipNormalized = true
	cell, out := []byte(v), make([]detectors.Match, 0, 8)
	if n := testing.AllocsPerRun(50, func() { out = d.Find(cell, skip, out[:0]) }); n != 0 {
		t.Errorf("%s: Find(%q) with SkipNormalized allocates %v times, want 0", d.ID(), v, n)
	}
	var norm string
	for _, p := range places {
		buf := []byte(p.cell)
		got := find(t, d, buf, ctx)
		var hit *detectors.Match
		for i := range got {
			if got[i].Start == p.start && got[i].End == p.start+len(v) {
				hit = &got[i]
			}
		}
		if hit == nil {
			t.Errorf("%s: Find(%q) = %v, want a match at [%d,%d)", d.ID(), p.cell, got, p.start, p.start+len(v))
			continue
		}
		if hit.WholeCell != p.whole {
			t.Errorf("%s: Find(%q).WholeCell = %v, want %v", d.ID(), p.cell, hit.WholeCell, p.whole)
		}
		if norm == "" {
			norm = hit.Normalized
		} else if hit.Normalized != norm {
			t.Errorf("%s: Find(%q).Normalized = %q, want %q as for the whole cell", d.ID(), p.cell, hit.Normalized, norm)
		}
		// The match must not alias the cell, which the caller reuses.
		saved := strings.Clone(hit.Normalized)
		for i := range buf {
			buf[i] = 'x'
		}
		if hit.Normalized != saved {
			t.Errorf("%s: Find(%q).Normalized aliases the cell", d.ID(), p.cell)
		}
		if mk := d.Mask(hit.Normalized); mk == hit.Normalized || strings.Contains(mk, hit.Normalized) {
			t.Errorf("%s: Mask(%q) = %q reveals the value", d.ID(), hit.Normalized, mk)
		}
	}
}

// random feeds random and mutated cells and checks that Find neither panics
// nor returns offsets outside the cell.
func random(t *testing.T, d detectors.Detector, c Cases) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789012345678900++((..--//  @@abcxyzNLBE ,:;<>\t\n"
	ctx := detectors.Context{Hint: c.Hint}
	for i := 0; i < 4000; i++ {
		var cell []byte
		switch i % 4 {
		case 0: // arbitrary bytes
			cell = make([]byte, r.IntN(64))
			for k := range cell {
				cell[k] = byte(r.UintN(256))
			}
		case 1, 2: // bytes a detector looks at
			cell = make([]byte, r.IntN(64))
			for k := range cell {
				cell[k] = alphabet[r.IntN(len(alphabet))]
			}
		default: // a positive with some bytes changed, cut or doubled
			if len(c.Positives) == 0 {
				continue
			}
			cell = []byte(c.Positives[r.IntN(len(c.Positives))])
			for n := r.IntN(3); n >= 0 && len(cell) > 0; n-- {
				cell[r.IntN(len(cell))] = alphabet[r.IntN(len(alphabet))]
			}
			switch r.IntN(4) {
			case 0:
				cell = cell[:r.IntN(len(cell)+1)]
			case 1:
				cell = cell[r.IntN(len(cell)+1):]
			case 2:
				cell = bytes.Repeat(cell, 2)
			}
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%s: Find(%q) panicked: %v", d.ID(), cell, p)
				}
			}()
			find(t, d, cell, ctx)
		}()
	}
}
