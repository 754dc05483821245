package main

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubjectAccessReport is the access report for the person (art. 15):
// in Dutch with --lang nl, with the organisation's information from --org,
// the person's own data and nobody else's, and no internal path unless
// --show-paths.
func TestSubjectAccessReport(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	org, err := filepath.Abs("../../testdata/org.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	access := func(t *testing.T, format string, extra ...string) (string, string) {
		t.Helper()
		out := filepath.Join(tmp, "access."+format)
		args := append([]string{"subject", "-f", format, "-o", out, "--email", anna.email}, extra...)
		code, _, stderr := crmscan(t, append(args, targets(dir)...)...)
		if code != exitOK {
			t.Fatalf("%s: exit %d; stderr: %s", format, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return html.UnescapeString(string(b)), stderr
	}
	dutch := []string{"Uw persoonsgegevens", "De gegevens die wij hebben gevonden", "Doeleinden (art. 15 lid 1 sub a AVG)",
		"Ontvangers (art. 15 lid 1 sub c AVG)", "Bewaartermijn (art. 15 lid 1 sub d AVG)", "Herkomst van de gegevens (art. 15 lid 1 sub g AVG)",
		"Geautomatiseerde besluitvorming", "Rectificatie (art. 16 AVG)", "Gegevenswissing (art. 17 AVG)", "Beperking van de verwerking (art. 18 AVG)",
		"Bezwaar (art. 21 AVG)", "Autoriteit Persoonsgegevens", "Categorieën persoonsgegevens", "betrokkene 1", "gevonden op e-mailadres in kolom",
		// from the organisation's file
		"Voorbeeld Handel B.V.", "Uitvoeren van uw bestellingen", "Mailhuis Noord B.V.", "tot 2 jaar na de laatste bestelling"}
	english := []string{"Personal data disclosure", "Your personal data", "Searched by", "found by", "Row ", "to fill in", "Linked records",
		"Possible matches", "subject 1", "column value", "sheet "}
	for _, format := range []string{"access-html", "access-text"} {
		t.Run(format, func(t *testing.T) {
			got, _ := access(t, format, "-q", "--lang", "nl", "--org", org)
			for _, want := range dutch {
				if !strings.Contains(got, want) {
					t.Errorf("lacks %q", want)
				}
			}
			for _, label := range english {
				if strings.Contains(got, label) {
					t.Errorf("English label %q in the Dutch access report", label)
				}
			}
			// The person's own data, as the access report intends.
			for _, v := range []string{anna.email, anna.phone, anna.iban} {
				if !strings.Contains(got, v) {
					t.Errorf("her value %q is missing", v)
				}
			}
			// Nobody else's: not the look-alike with her name.
			for _, v := range otherValues {
				if strings.Contains(got, v) {
					t.Errorf("the look-alike's %q appears", v)
				}
			}
			// No internal path: not the folder scanned, nor an archive's.
			for _, p := range []string{dir, filepath.Base(dir), "crm/pg_dump.sql"} {
				if strings.Contains(got, p) {
					t.Errorf("internal path %q appears", p)
				}
			}
		})
	}

	t.Run("text summary in Dutch", func(t *testing.T) {
		args := append([]string{"subject", "-q", "--lang", "nl", "--email", anna.email, "--name", "Anna de Vries"}, targets(dir)...)
		code, got, stderr := crmscan(t, args...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"betrokkene 1 (e-mail ", "rij(en)", "advies: ", "gevonden in ", "gekoppelde rij(en)", "anonimiseren"} {
			if !strings.Contains(got, want) {
				t.Errorf("lacks %q:\n%s", want, got)
			}
		}
		for _, english := range []string{"subject 1", "row(s)", "advised", "found in", "linked row(s)", "possible matches"} {
			if strings.Contains(got, english) {
				t.Errorf("English %q in the Dutch summary:\n%s", english, got)
			}
		}
		for _, v := range append(append([]string{}, annaValues...), otherValues...) {
			if strings.Contains(strings.ToLower(got), strings.ToLower(v)) {
				t.Errorf("a value %q in the masked summary", v)
			}
		}
	})
	t.Run("show-paths", func(t *testing.T) {
		got, _ := access(t, "access-html", "-q", "--lang", "nl", "--show-paths")
		if !strings.Contains(got, dir) {
			t.Errorf("--show-paths: the path %s is not shown", dir)
		}
	})
	t.Run("without org", func(t *testing.T) {
		got, stderr := access(t, "access-text", "--lang", "nl")
		if !strings.Contains(got, "[in te vullen door de organisatie") || !strings.Contains(stderr, "no --org file") {
			t.Errorf("without --org the fields are not marked to fill in:\n%s\nstderr: %s", got, stderr)
		}
	})
	t.Run("english", func(t *testing.T) {
		got, _ := access(t, "access-html", "-q", "--org", org)
		for _, want := range []string{`<html lang="en">`, "Your personal data", "Purposes (GDPR art. 15(1)(a))", "Autoriteit Persoonsgegevens", "person 1"} {
			if !strings.Contains(got, want) {
				t.Errorf("lacks %q", want)
			}
		}
	})
	t.Run("bad org file", func(t *testing.T) {
		bad := filepath.Join(tmp, "bad.toml")
		if err := os.WriteFile(bad, []byte("controller = \"X\"\npurpose = \"typo\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"subject", "-q", "-f", "access-html", "-o", filepath.Join(tmp, "x.html"), "--email", anna.email, "--org", bad}, targets(dir)...)
		code, _, stderr := crmscan(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "purpose") {
			t.Errorf("an unknown field: exit %d, stderr %s", code, stderr)
		}
	})
}
