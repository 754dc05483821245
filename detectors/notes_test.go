package detectors_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
	"github.com/crmscan/crmscan/rules"
)

// notePositives are per detector ID terms that must be found alone, in
// text and at the edges; noteNegatives must not match.
var notePositives = map[string][]string{
	"special_health":             {"diabetes", "Diabetisch", "depressie", "depressief", "burn-out", "hartpatiënt", "chemotherapie", "sick leave", "MS", "ziekenhuis", "Alzheimer's", "diabetespatiënt"},
	"special_religion":           {"moskee", "kerkganger", "Jehovah's Witness", "katholiek", "synagogue", "hoofddoek"},
	"special_ethnicity":          {"Marokkaanse", "migratieachtergrond", "asielzoeker", "ethnic background", "skin colour"},
	"special_political":          {"PVV", "partijlid", "voted for", "klimaatactivist", "GroenLinks", "far-right"},
	"special_trade_union":        {"FNV", "vakbondslid", "shop steward", "trade union", "vakbondsafgevaardigde"},
	"special_sexual_orientation": {"homoseksueel", "lesbian", "LHBTI", "uit de kast", "non-binair"},
	"special_criminal":           {"strafblad", "enkelband", "criminal record", "TBS", "veroordeeld", "money laundering"},
	"special_biometric":          {"vingerafdruk", "DNA", "facial recognition", "biometrische", "irisscan"},
	"note_judgmental":            {"hork", "lastige klant", "zeurpiet", "idiot", "difficult customer", "PITA", "wanbetaler"},
}

var noteNegatives = map[string][]string{
	"special_health": {"depressief weer", "het weer is depressief", "public", "diabolo", "ms.", "Ms", "aids",
		"in behandeling bij de afdeling", "sick of waiting", "MS Teams", "blindgedoekt", "ziekelijk"},
	"special_religion":           {"Kerkstraat", "kerkweg", "naast de kerk", "ik geloof", "Kerkstraat 12", "Christiaan", "in good faith", "churchill"},
	"special_ethnicity":          {"ras", "Surinaamse keuken", "Turks", "rasp", "ethnic food"},
	"special_political":          {"sp", "Sp", "volt", "partij", "cda-lid?", "SP1", "activist investor"},
	"special_trade_union":        {"fnv", "union", "staking rewards", "Unie"},
	"special_sexual_orientation": {"homo sapiens", "transport", "trans", "gaya"},
	"special_criminal":           {"tbs", "politie", "diefstalverzekering", "anti-theft", "VOG aangevraagd"},
	"special_biometric":          {"dna", "in ons DNA", "browser fingerprint", "genetica"},
	"note_judgmental":            {"lastig", "klager", "gek", "hulk", "horken", "pita", "agressieve prijzen", "zeur"},
}

func noteDetectors(t testing.TB) []detectors.Detector {
	var out []detectors.Detector
	for _, d := range detectors.All() {
		if _, ok := d.(*detectors.Note); ok {
			out = append(out, d)
		}
	}
	if len(out) != 9 {
		t.Fatalf("%d note detectors registered, want 9", len(out))
	}
	return out
}

func TestNotesAccept(t *testing.T) {
	for _, d := range noteDetectors(t) {
		t.Run(d.ID(), func(t *testing.T) {
			pos, neg := notePositives[d.ID()], noteNegatives[d.ID()]
			if len(pos) == 0 {
				t.Fatalf("no positives for %s", d.ID())
			}
			// Single words are read only in a notes (or category) column;
			// free text is read everywhere (the free-text placements of
			// Accept).
			detectortest.Accept(t, d, detectortest.Cases{Positives: pos, Negatives: neg, Hint: true})
			// No other note category claims these terms.
			for _, o := range noteDetectors(t) {
				if o == d {
					continue
				}
				for _, v := range pos {
					if got := o.Find([]byte(v), detectors.Context{}, nil); len(got) != 0 {
						t.Errorf("%s also matches %q: %v", o.ID(), v, got)
					}
				}
			}
		})
	}
}

func TestNotesFind(t *testing.T) {
	type m struct {
		id, norm string
		conf     detectors.Confidence
	}
	const (
		L = detectors.Low
		M = detectors.Medium
		H = detectors.High
	)
	tests := []struct {
		cell, column string
		want         []m
	}{
		{"Klant heeft diabetes en is depressief, bellen na 17:00", "", []m{{"special_health", "health:diabetes", M}, {"special_health", "health:depressief", M}}},
		{"Klant heeft diabetes", "opmerkingen", []m{{"special_health", "health:diabetes", H}}},
		{"Diabetes testkit 50 stuks", "product", []m{{"special_health", "health:diabetes", L}}},
		{"Het weer is depressief vandaag, levering later", "notes", nil},
		{"Woont naast de kerk, Kerkstraat 12", "notes", nil},
		{"Gaat elke zondag naar de kerk", "notes", []m{{"special_religion", "religion:kerk", H}}},
		{"Mevrouw is erg gelovig (Jehovah’s getuige)", "", []m{{"special_religion", "religion:gelovig", M}, {"special_religion", "religion:jehovahs getuige", M}}},
		{"the public licence was renewed", "", nil},
		{"Zit in de gevangenis, strafblad bekend", "", []m{{"special_criminal", "criminal:gevangenis", M}, {"special_criminal", "criminal:strafblad", M}}},
		{"Echte HORK, lastige klant!!", "", []m{{"note_judgmental", "judgmental:hork", M}, {"note_judgmental", "judgmental:lastige klant", M}}},
		{"Patiënt met burn-out", "", []m{{"special_health", "health:burn out", M}}},
		{"chemotherapiebehandeling gestart", "", []m{{"special_health", "health:chemotherap", M}}},
		{"lid_fnv", "", nil},
		{"Lid van FNV sinds 2010", "", []m{{"special_trade_union", "trade_union:fnv", M}}},
		{"Stemt op de PVV", "", []m{{"special_political", "political:stemt op", M}, {"special_political", "political:pvv", M}}},
		{"MS Teams meeting over licenties", "", nil},
		{"patient has MS", "", []m{{"special_health", "health:ms", M}}},
		{"lesbische", "", nil}, // one word outside a notes column: not read
		{"een lesbische klant", "", []m{{"special_sexual_orientation", "sexual_orientation:lesbische", M}}},
		{"DNA in ons DNA", "", []m{{"special_biometric", "biometric:dna", M}}},
	}
	dets := noteDetectors(t)
	for _, tt := range tests {
		var got []m
		for _, d := range dets {
			for _, x := range d.Find([]byte(tt.cell), detectors.Context{Column: tt.column, Hint: d.ColumnHint(tt.column)}, nil) {
				got = append(got, m{d.ID(), x.Normalized, x.Confidence})
			}
		}
		if !equalSlices(got, tt.want) {
			t.Errorf("Find(%q, column %q) = %v, want %v", tt.cell, tt.column, got, tt.want)
		}
	}
}

func TestNotesMask(t *testing.T) {
	d := mustGet(t, "special_health")
	if got, want := d.Mask("health:depressie"), "depressie (health)"; got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
	if r := detectors.RuleOf(d); r != "special.health" {
		t.Errorf("RuleOf(special_health) = %q, want special.health", r)
	}
	if r := detectors.RuleOf(mustGet(t, "note_judgmental")); r != "note.judgmental" {
		t.Errorf("RuleOf(note_judgmental) = %q", r)
	}
}

func TestNotesColumnHint(t *testing.T) {
	d := mustGet(t, "special_health")
	for _, c := range []string{"description", "Description", "notes", "opmerkingen", "Opmerking", "memo", "toelichting",
		"comments", "Remarks", "notitie", "interne_notities", "message", "diagnose", "klantopmerking"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"email", "naam", "product", "city", "", "notebook_model"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzNotes(f *testing.F) {
	for _, vs := range notePositives {
		for _, v := range vs {
			f.Add([]byte(v), false)
		}
	}
	for _, vs := range noteNegatives {
		for _, v := range vs {
			f.Add([]byte(v), true)
		}
	}
	f.Add([]byte("Patiënt — zeurpiet’s “burn-out” ×÷ é\xc3"), true)
	dets := noteDetectors(f)
	var s detectors.Scratch
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) {
		s.NewCell()
		for _, d := range dets {
			fuzzDetector(t, d, cell, hint)
			alone := d.Find(cell, detectors.Context{Hint: hint}, nil)
			if shared := d.Find(cell, detectors.Context{Hint: hint, Scratch: &s}, nil); !slices.Equal(alone, shared) {
				t.Fatalf("%s on %q: alone %v, in the shared pass %v", d.ID(), cell, alone, shared)
			}
		}
	})
}

func BenchmarkNotes(b *testing.B) {
	for _, d := range noteDetectors(b) {
		b.Run(strings.TrimPrefix(d.ID(), "special_"), func(b *testing.B) {
			benchDetector(b, d, notePositives[d.ID()])
		})
	}
}

// TestNotesSharedPass checks that the one pass over a cell that finds every
// category's terms for the worker (with a Scratch) finds exactly what each
// category's Find finds on its own, on cells built from the lexicons' own
// terms, stems, phrases and false friends.
func TestNotesSharedPass(t *testing.T) {
	lx, err := rules.Lexicons()
	if err != nil {
		t.Fatal(err)
	}
	var pool []string
	for _, l := range lx {
		pool = append(pool, l.Terms...)
		pool = append(pool, l.Upper...)
		pool = append(pool, l.FalseFriends...)
		for _, s := range l.Stems {
			pool = append(pool, s, s+"isch", s+"en")
		}
	}
	pool = append(pool, "de", "klant", "belde", "over", "zijn", "het", "weer", "was", "Kerkstraat 12", "patiënt", "burn-out", "€ 1.250,00", "17:00")
	seps := []string{" ", ", ", " - ", "/", ". ", "  ", "’", "\t"}
	r := rand.New(rand.NewPCG(9, 10))
	dets := noteDetectors(t)
	var s detectors.Scratch
	found := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := 1 + r.IntN(8); n > 0; n-- {
			w := pool[r.IntN(len(pool))]
			if r.IntN(4) == 0 {
				w = strings.ToUpper(w)
			}
			b.WriteString(w)
			b.WriteString(seps[r.IntN(len(seps))])
		}
		cell := []byte(b.String())
		s.NewCell()
		for _, d := range dets {
			for _, hint := range []bool{false, true} {
				alone := d.Find(cell, detectors.Context{Hint: hint}, nil)
				shared := d.Find(cell, detectors.Context{Hint: hint, Scratch: &s}, nil)
				if !slices.Equal(alone, shared) {
					t.Fatalf("%s on %q (hint %v): alone %v, in the shared pass %v", d.ID(), cell, hint, alone, shared)
				}
				found += len(alone)
			}
		}
	}
	if found < 20000 {
		t.Errorf("only %d terms found in the generated cells: the test does not exercise the lexicons", found)
	}
}

// NoNoteTerms holds only after a category looked at the current cell and
// found nothing, so that skipping the other categories loses no match.
func TestNoNoteTerms(t *testing.T) {
	var s detectors.Scratch
	var cats []detectors.Detector
	for _, d := range detectors.All() {
		if detectors.IsNote(d) {
			cats = append(cats, d)
		}
	}
	if len(cats) < 2 {
		t.Fatalf("%d note categories", len(cats))
	}
	for _, cell := range []string{"klant is erg ziek en lastig", "levering op dinsdag", "diabetes", "een hork", "Jansen"} {
		for _, hint := range []bool{false, true} {
			s.NewCell()
			if s.NoNoteTerms() {
				t.Fatalf("%q: no terms before any category looked", cell)
			}
			ctx := detectors.Context{Hint: hint, Scratch: &s}
			any := false
			for _, d := range cats {
				if s.NoNoteTerms() {
					if ms := d.Find([]byte(cell), detectors.Context{Hint: hint}, nil); len(ms) > 0 {
						t.Fatalf("%q: %s matches %v after NoNoteTerms", cell, d.ID(), ms)
					}
					continue
				}
				any = any || len(d.Find([]byte(cell), ctx, nil)) > 0
			}
			if any && s.NoNoteTerms() {
				t.Fatalf("%q: NoNoteTerms though a category matched", cell)
			}
		}
	}
}

// BenchmarkNotesSharedPass runs the nine note categories on everyday CRM
// remarks, as the worker does: one shared pass per cell.
func BenchmarkNotesSharedPass(b *testing.B) {
	cells := [][]byte{[]byte("Pakket kwam beschadigd aan\nStoring gemeld aan de monteur, afspraak op dinsdag om 12:30."),
		[]byte("Geïnteresseerd in het nieuwe abonnement voor de zaak."), []byte("Betalingsherinnering verstuurd, termijn van 14 dagen."),
		[]byte("Wil graag gebeld worden na 17:00 uur."), []byte("Heeft vragen over de privacyverklaring en de nieuwsbrief."),
		[]byte("Offerte verstuurd voor € 1.234,56 excl. btw, reactie verwacht volgende week."),
		[]byte("Adreswijziging doorgevoerd in het systeem."), []byte("Contactpersoon is gewijzigd, zie e-mail van collega."),
		[]byte("Klant is tevreden over de service en beveelt ons aan. Bereikbaar op 06-48301516."),
		[]byte("Factuur 2021-0001 betaald op 12-03-2022."), []byte("Nieuwe inlog aangevraagd via de klantenservice."),
		[]byte("Retour ontvangen, creditnota aangemaakt."), []byte("Vraagt om korting bij verlenging voor 12 maanden."),
		[]byte("Terugbellen over de opzegging van het contract."), []byte("Klant belde over de levering van de bestelling, alles opgelost.")}
	dets := noteDetectors(b)
	var s detectors.Scratch
	out := make([]detectors.Match, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			s.NewCell()
			for _, d := range dets {
				out = d.Find(c, detectors.Context{Hint: true, Scratch: &s}, out[:0])
				if s.NoNoteTerms() {
					break
				}
			}
		}
	}
}
