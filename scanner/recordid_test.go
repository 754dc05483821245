package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
)

// TestRecordIDCellsAreIdentifiers: a cell that is one UUID or Salesforce
// ID is a record's identifier, whatever the column is called. A UUID's
// groups hold no BSN, KvK number or ID document even when they pass those
// checks in a column named after them, and its hex holds no note words
// ("deaf"); an advertising-ID column's UUIDs still are advertising IDs.
func TestRecordIDCellsAreIdentifiers(t *testing.T) {
	owners := []string{"001D000000IqhSLIAZ", "0015000000VALDtAAP"}
	rows := []string{"id;bsn;kvk;documentnummer;opmerkingen;advertising_id;email;OwnerId"}
	for i := 0; i < 12; i++ {
		id := fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", 0x5a3f0000+i*7919, i*31, i*17, i*13, 0xbeef0000+i*104729)
		// Groups that pass the BSN, KvK and ID-document readings in
		// columns of those names (measured before the rule).
		bsn := "05735695-dead-4446-a376-067099704973"
		kvk := "03075598-deaf-4289-a487-060776373247"
		doc := "19330450-abcd-4731-8abc-310743035446"
		if i%2 == 1 {
			bsn, kvk, doc = "{"+strings.ToUpper(bsn)+"}", strings.ToUpper(kvk), "{"+doc+"}"
		}
		rows = append(rows, strings.Join([]string{id, bsn, kvk, doc, kvk, id, fmt.Sprintf("klant%d@example.nl", i), owners[i%2]}, ";"))
	}
	path := filepath.Join(t.TempDir(), "crm_guids.csv")
	if err := os.WriteFile(path, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := classes(rep, rep.Columns[0].Source)
	want := map[string]string{"id": "none", "bsn": "none", "kvk": "none", "documentnummer": "none", "OwnerId": "none",
		"opmerkingen":    "free_text", // by its name; no special category in it
		"advertising_id": "advertising_id", "email": "email"}
	for col, kind := range want {
		if got[col] != kind {
			t.Errorf("column %s = %q, want %q (all: %v)", col, got[col], kind, got)
		}
	}
	for _, f := range rep.Findings {
		if c := f.Location.Column; c != "" && c != "advertising_id" && c != "email" {
			t.Errorf("finding %s on column %s", f.Rule, c)
		}
	}
}

// TestZohoRecordIDsAreNoCards: Zoho CRM numbers its records with 19 digits
// from a fixed prefix; one in ten passes the Luhn check and starts like a
// Visa card. A column of them is no card column, while a column of card
// numbers under a name that does not say so still is.
func TestZohoRecordIDsAreNoCards(t *testing.T) {
	rows := []string{"Record Id;Owner.id;payment_ref"}
	for i := 0; i < 400; i++ {
		rec := fmt.Sprintf("4150868000000%06d", 224000+i*37)
		own := fmt.Sprintf("4876876000000%06d", 670000+i*53)
		rows = append(rows, strings.Join([]string{rec, own, gen.Luhn(fmt.Sprintf("453201511283%03d", i))}, ";"))
	}
	path := filepath.Join(t.TempDir(), "zoho_contacts.csv")
	if err := os.WriteFile(path, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := classes(rep, rep.Columns[0].Source)
	for col, kind := range map[string]string{"Record Id": "none", "Owner.id": "none", "payment_ref": "credit_card"} {
		if got[col] != kind {
			t.Errorf("column %s = %q, want %q (all: %v)", col, got[col], kind, got)
		}
	}
	for _, f := range rep.Findings {
		if c := f.Location.Column; c == "Record Id" || c == "Owner.id" {
			t.Errorf("finding %s on column %s", f.Rule, c)
		}
	}
}
