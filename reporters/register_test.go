package reporters

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSubjectCategory(t *testing.T) {
	cases := map[string]string{
		"llx_socpeople":                  "contacts",
		"Personeel":                      "employees",
		"salesforce_Contact.csv":         "contacts",
		"export/contacts.xlsx!Contacten": "contacts",
		"public.customer":                "customers",
		"Klanten":                        "customers",
		"res_partner":                    "contacts",
		"salesforce_Lead.csv":            "prospects",
		"hr.employees":                   "employees",
		"newsletter_subscribers":         "subscribers",
		"products.csv":                   "",
		"orders":                         "",
	}
	for table, want := range cases {
		if got := subjectCategory(table); got != want {
			t.Errorf("subjectCategory(%q) = %q, want %q", table, got, want)
		}
	}
}

func entryOf(t *testing.T, reg *ProcessingRegister, table string) *ProcessingEntry {
	t.Helper()
	for i := range reg.Entries {
		if reg.Entries[i].Table == table {
			return &reg.Entries[i]
		}
	}
	t.Fatalf("no register entry for table %q in %+v", table, reg.Entries)
	return nil
}

// TestBuildRegister draws the register from the fixture (a report without
// tables[], so the column profiles name the tables) and checks what a scan
// can know and what it must leave to fill in.
func TestBuildRegister(t *testing.T) {
	reg := BuildRegister(fixture(t, "nl"), nil, "")
	if reg.Lang != "nl" || len(reg.Entries) == 0 {
		t.Fatalf("lang %q, %d entries", reg.Lang, len(reg.Entries))
	}
	sf := entryOf(t, reg, "salesforce_Contact.csv")
	join := func(s []string) string { return strings.Join(s, " | ") }
	for _, want := range []string{"contactpersonen", "minderjarigen (jonger dan 16)"} {
		if !strings.Contains(join(sf.Subjects), want) {
			t.Errorf("subjects %q lack %q", sf.Subjects, want)
		}
	}
	if !strings.Contains(join(sf.Special), "gezondheid") {
		t.Errorf("special categories %q lack health", sf.Special)
	}
	if strings.Contains(join(sf.Data), "special") || strings.Contains(join(sf.Data), "gezondheid") {
		t.Errorf("a special category is among the ordinary data: %q", sf.Data)
	}
	if !strings.Contains(sf.Retention, "oudste record") || !strings.Contains(sf.Retention, "7 jaar") {
		t.Errorf("retention %q: want the oldest record and the rule's period", sf.Retention)
	}
	if !strings.Contains(sf.Security, "onversleuteld") {
		t.Errorf("security %q: want the unencrypted export", sf.Security)
	}
	for _, f := range []string{sf.Purpose, sf.LegalBasis, sf.Recipients, sf.Transfers, reg.Controller} {
		if f != "in te vullen" {
			t.Errorf("a field the scan cannot know is %q, want in te vullen", f)
		}
	}
	nl := entryOf(t, reg, "contacten_export.csv")
	if !strings.Contains(join(nl.Data), "nationaal identificatienummer (BSN; art. 46 UAVG; art. 87 AVG)") {
		t.Errorf("data %q: want the BSN with its legal reference", nl.Data)
	}
	for _, e := range reg.Entries {
		if strings.HasPrefix(e.Source, "postgres://") && !strings.Contains(e.Security, "database") {
			t.Errorf("database entry security %q", e.Security)
		}
	}
}

func TestBuildRegisterPolicies(t *testing.T) {
	pols := []RegisterPolicy{
		{File: "analytics.toml", Recipient: "Example Analytics Inc.", Purpose: "usage analytics", Countries: []string{"US", "IN", "BR"},
			OutsideEEA: []RegisterTransfer{{"US", "dpf"}, {"IN", "sccs"}, {"BR", ""}}},
		{File: "mail.toml", Recipient: "Mailhuis", Countries: []string{"NL"}},
	}
	reg := BuildRegister(fixture(t, "en"), pols, "en")
	e := reg.Entries[0]
	for _, want := range []string{"Example Analytics Inc. (purpose: usage analytics)", "Mailhuis"} {
		if !strings.Contains(e.Recipients, want) {
			t.Errorf("recipients %q lack %q", e.Recipients, want)
		}
	}
	for _, want := range []string{"US: EU-US Data Privacy Framework", "IN: standard contractual clauses", "BR: no safeguard", "Mailhuis: none outside the EEA (NL)"} {
		if !strings.Contains(e.Transfers, want) {
			t.Errorf("transfers %q lack %q", e.Transfers, want)
		}
	}
	if strings.Join(reg.Policies, ",") != "analytics.toml,mail.toml" {
		t.Errorf("policies %q", reg.Policies)
	}
}

// TestRegisterFormats writes the register in each format, in Dutch: the
// labels are Dutch, and no sample of the report (let alone a raw value)
// appears in it.
func TestRegisterFormats(t *testing.T) {
	r := fixture(t, "nl")
	reg := BuildRegister(r, nil, "")
	for _, format := range RegisterFormats {
		var b bytes.Buffer
		if err := WriteRegister(&b, reg, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := b.String()
		switch format {
		case "json":
			var back ProcessingRegister
			if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Schema != RegisterSchema || len(back.Entries) != len(reg.Entries) {
				t.Errorf("json: %v, %+v", err, back)
			}
		case "xlsx":
			continue // TestXLSX
		case "html":
			if !strings.Contains(out, `<html lang="nl">`) || !strings.Contains(out, "Concept-verwerkingsregister") {
				t.Errorf("html register lacks its Dutch title")
			}
		}
		for _, want := range []string{"Categorieën betrokkenen", "in te vullen"} {
			if format != "json" && !strings.Contains(out, want) {
				t.Errorf("%s: lacks %q", format, want)
			}
		}
		for _, english := range []string{"to fill in", "Data subjects", "Recipients"} {
			if strings.Contains(out, english) {
				t.Errorf("%s: English label %q in the Dutch register", format, english)
			}
		}
		for i := range r.Findings {
			for _, s := range r.Findings[i].Samples {
				if len(s) > 4 && strings.Contains(out, s) {
					t.Errorf("%s: sample %q in the register", format, s)
				}
			}
		}
	}
	if err := WriteRegister(&bytes.Buffer{}, reg, "pdf"); err == nil {
		t.Error("an unknown format is no error")
	}
}

// TestHTMLRegisterSection: the HTML report holds the register as a
// section, listed in its contents.
func TestHTMLRegisterSection(t *testing.T) {
	out := encode(t, "html", fixture(t, "nl"))
	for _, want := range []string{`<section id="register">`, `href="#register"`, "Concept-verwerkingsregister (art. 30 lid 1 AVG)",
		"contacten_export.csv"} {
		if !strings.Contains(out, want) {
			t.Errorf("html report lacks %q", want)
		}
	}
}
