package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

// TestPublishedExamples checks that published example values are marked
// Test and keep their usual confidence, and that real-looking values are
// not marked.
func TestPublishedExamples(t *testing.T) {
	tests := []struct {
		id, cell string
		hint     bool
		test     bool
		conf     detectors.Confidence
	}{
		{"iban", "NL91ABNA0417164300", false, true, detectors.High},
		{"iban", "NL91 ABNA 0417 1643 00", false, true, detectors.High},
		{"iban", "DE89370400440532013000", false, true, detectors.High},
		{"iban", "GB82WEST12345698765432", false, true, detectors.High},
		{"iban", "BE68539007547034", false, false, detectors.High},
		{"iban", "NL02ABNA0123456789", false, false, detectors.High},
		{"phone", "0612345678", false, true, detectors.Medium},
		{"phone", "+31612345678", false, true, detectors.High},
		{"phone", "06-12345678", true, true, detectors.High},
		{"phone", "06-23456789", false, false, detectors.Medium},
		{"email", "jan@example.com", false, true, detectors.High},
		{"email", "jan@mail.example.org", false, true, detectors.High},
		{"email", "jan@example.net", false, true, detectors.High},
		{"email", "jan@test.nl", false, true, detectors.High},
		{"email", "jan@test.com", false, true, detectors.High},
		{"email", "jan@shop.example", false, true, detectors.High},
		{"email", "jan@foo.test", false, true, detectors.High},
		{"email", "jan@foo.invalid", false, true, detectors.High},
		{"email", "jan@ziggo.nl", false, false, detectors.High},
		{"email", "jan@mytest.nl", false, false, detectors.High},
		{"email", "jan@example.com.evil.nl", false, false, detectors.High},
		{"bsn", "111222333", true, true, detectors.High},
		{"bsn", "123456782", false, true, detectors.Low},
		{"bsn", "bsn 999999990", false, true, detectors.High},
		{"bsn", "232262536", true, false, detectors.High},
		{"credit_card", "4111 1111 1111 1111", false, true, detectors.High},
		{"credit_card", "4532015112830366", false, false, detectors.High},
		{"imei", "imei 490154203237518", false, true, detectors.High},
		{"imei", "490154203237518", false, true, detectors.Low},
		{"imei", "imei 359876543210983", false, false, detectors.High},
	}
	for _, tt := range tests {
		d := mustGet(t, tt.id)
		got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
		if len(got) != 1 {
			t.Errorf("%s: Find(%q) = %v, want one match", tt.id, tt.cell, got)
			continue
		}
		if got[0].Test != tt.test || got[0].Confidence != tt.conf {
			t.Errorf("%s: Find(%q) = Test %v, %v; want Test %v, %v", tt.id, tt.cell, got[0].Test, got[0].Confidence, tt.test, tt.conf)
		}
	}
}
