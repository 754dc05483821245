package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

// crmCells are ordinary CRM cells without personal identifiers of the
// detectors' kinds: names, cities, notes, amounts, dates, codes.
var crmCells = []string{
	"Jan", "de Vries", "Jansen-Bakker", "Maria José", "Kerkstraat 12", "1234 AB", "Utrecht",
	"Amsterdam", "Gent", "Antwerpen", "Nederland", "België", "1.234,56", "€ 612,00", "0,50",
	"12-03-2024", "2024-03-12", "12/03/2024 10:15", "10:15", "true", "false", "1", "0", "NULL",
	"ORD-2023-004512", "2023004512", "v2.14.3", "192.168.10.20", "Klant belde over de factuur van maart, teruggebeld.",
	"Wil graag een offerte voor 25 licenties, korting 15% besproken met Piet.",
	"Levering uitgesteld tot week 14; contact opnemen na 01-04-2024.",
	"Premium", "Gold customer since 2019", "Rotterdam Zuid", "Prospect", "Hr.", "Mevr.",
	"Afspraak gepland op dinsdag 14:30 met de accountmanager over verlenging contract 2025",
	"https://www.example.com/klanten/4711", "a0f3c9e2-7b1d-4c4e-9a55-3f1e2d9b8c71",
}

// mixCells mixes the ordinary cells with the detector's own values, one in
// ten cells, as a whole cell or inside a note.
func mixCells(values []string) [][]byte {
	var out [][]byte
	for i := 0; i < 2000; i++ {
		if i%10 == 0 && len(values) > 0 {
			v := values[(i/10)%len(values)]
			if i%20 == 0 {
				v = "Klant gaf door: " + v + ", graag bevestigen."
			}
			out = append(out, []byte(v))
			continue
		}
		out = append(out, []byte(crmCells[(i*7)%len(crmCells)]))
	}
	return out
}

// benchDetector runs Scan, the prefilter and Find over the mixed cells and reports
// throughput.
func benchDetector(b *testing.B, d detectors.Detector, values []string) {
	cells := mixCells(values)
	total := 0
	for _, c := range cells {
		total += len(c)
	}
	ctx := detectors.Context{}
	pf := d.Prefilter()
	out := make([]detectors.Match, 0, 8)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			if pf.AdmitCell(c, false) {
				out = d.Find(c, ctx, out[:0])
			}
		}
	}
}

// fuzzDetector checks the properties every match must have.
func fuzzDetector(t *testing.T, d detectors.Detector, cell []byte, hint bool) {
	ms := d.Find(cell, detectors.Context{Hint: hint}, nil)
	if pf := d.Prefilter(); len(ms) > 0 && !pf.AdmitCell(cell, hint) {
		t.Fatalf("the prefilter rejects %q, but Find matched %v", cell, ms)
	}
	for _, m := range ms {
		if m.Start < 0 || m.End > len(cell) || m.Start >= m.End {
			t.Fatalf("Find(%q) span [%d,%d) out of range", cell, m.Start, m.End)
		}
		if m.Normalized == "" {
			t.Fatalf("Find(%q) match %+v has no Normalized", cell, m)
		}
		if mk := d.Mask(m.Normalized); mk == m.Normalized {
			t.Fatalf("Mask(%q) = %q, the value itself", m.Normalized, mk)
		}
	}
}

// BenchmarkNumberDetectorsOnRemarks runs detectors of numbers over everyday
// CRM remarks, where they step over long runs of letters to the few digits.
func BenchmarkNumberDetectorsOnRemarks(b *testing.B) {
	cells := [][]byte{[]byte("Pakket kwam beschadigd aan\nStoring gemeld aan de monteur, afspraak op dinsdag om 12:30."),
		[]byte("Geïnteresseerd in het nieuwe abonnement voor de zaak."), []byte("Betalingsherinnering verstuurd, termijn van 14 dagen."),
		[]byte("Offerte verstuurd voor € 1.234,56 excl. btw, reactie verwacht volgende week."),
		[]byte("Klant is tevreden over de service en beveelt ons aan. Bereikbaar op 06-48301516."),
		[]byte("Klant belde over de levering van de bestelling, alles opgelost.")}
	for _, id := range []string{"address", "date_of_birth", "postcode", "bsn", "ip_address", "credit_card", "imei", "kvk_number", "be_national_number", "mac_address", "iban", "geo_location", "email"} {
		d, ok := detectors.Get(id)
		if !ok {
			b.Fatalf("no detector %s", id)
		}
		b.Run(id, func(b *testing.B) {
			ctx := detectors.Context{SkipNormalized: true}
			out := make([]detectors.Match, 0, 4)
			for b.Loop() {
				for _, c := range cells {
					out = d.Find(c, ctx, out[:0])
				}
			}
		})
	}
}
