package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRegisterCommand writes the art. 30 draft of the demo exports from a
// JSON report and from a scan, in each format the extension picks, with
// the recipients and transfers of a policy.
func TestRegisterCommand(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	if code, _, errOut := crmscan(t, "scan", "-q", "--lang", "nl", "-o", report, "testdata/crm/profiles"); code != exitOK && code != exitFindings {
		t.Fatalf("scan exit %d: %s", code, errOut)
	}

	code, out, errOut := crmscan(t, "register", "--lang", "nl", report)
	if code != exitOK {
		t.Fatalf("register exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# Concept-verwerkingsregister (art. 30 lid 1 AVG)", "salesforce_Contact.csv", "minderjarigen", "gezondheid", "in te vullen"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown register lacks %q", want)
		}
	}

	for _, ext := range []string{"html", "md", "csv", "json", "xlsx"} {
		path := filepath.Join(dir, "register."+ext)
		code, _, errOut := crmscan(t, "register", "-q", "--policy", "testdata/policies/analytics-us.toml", "-o", path, report)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", ext, code, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch ext {
		case "json":
			var reg struct {
				Schema  string `json:"schema"`
				Lang    string `json:"lang"`
				Entries []struct {
					Recipients string `json:"recipients"`
					Transfers  string `json:"transfers"`
				} `json:"entries"`
			}
			if err := json.Unmarshal(b, &reg); err != nil || reg.Schema != "crmscan.register/v1" || len(reg.Entries) == 0 {
				t.Fatalf("json: %v %+v", err, reg)
			}
			// The report's language unless --lang says otherwise.
			if reg.Lang != "nl" || !strings.Contains(reg.Entries[0].Recipients, "Example Analytics Inc.") ||
				!strings.Contains(reg.Entries[0].Transfers, "US: EU-VS Data Privacy Framework") {
				t.Errorf("json register: lang %q, entry %+v", reg.Lang, reg.Entries[0])
			}
		case "xlsx":
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.GetSheetList(); len(got) != 1 || got[0] != "Verwerkingsregister" {
				t.Errorf("xlsx sheets %q", got)
			}
			f.Close()
		case "html":
			if !strings.Contains(string(b), "Concept-verwerkingsregister") {
				t.Errorf("html register lacks its title")
			}
		}
	}

	// Scanning targets instead of reading a report; English.
	code, out, errOut = crmscan(t, "register", "-q", "-f", "csv", "testdata/crm/nl/contacten_export.csv")
	if code != exitOK {
		t.Fatalf("register of a target: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Categories of data subjects") || !strings.Contains(out, "contacten_export.csv") {
		t.Errorf("csv register of a scan:\n%s", out)
	}

	// Usage errors.
	for _, args := range [][]string{
		{"register"},
		{"register", "-f", "pdf", report},
		{"register", "--policy", "missing.toml", report},
	} {
		if code, _, _ := crmscan(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestScanXLSX writes the workbook of a scan with -o report.xlsx: six
// sheets in Dutch, and no raw value of the export in any cell; with
// --show-values the samples are the raw values, as the user asked.
func TestScanXLSX(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	raw := []string{"sanne.mulder53@kpnmail.nl", "NL31 RABO 0207 4292 44", "06-29867974"}
	for _, show := range []bool{false, true} {
		out := filepath.Join(dir, "r.xlsx")
		args := []string{"scan", "-q", "--lang", "nl", "-o", out, "testdata/crm/nl/contacten_export.csv"}
		if show {
			args = append(args, "--show-values")
		}
		if code, _, errOut := crmscan(t, args...); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		if strings.Join(sheets, ",") != "Samenvatting,Actieplan,Inventaris,Bevindingen,AP-stappen,Verwerkingsregister" {
			t.Errorf("sheets %q", sheets)
		}
		var all strings.Builder
		for _, s := range sheets {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				all.WriteString(strings.Join(r, "\t") + "\n")
			}
		}
		f.Close()
		found := 0
		for _, v := range raw {
			if strings.Contains(all.String(), v) {
				found++
			}
		}
		if !show && found > 0 {
			t.Errorf("raw values in the workbook of a masked scan")
		}
		if show && found == 0 {
			t.Errorf("--show-values: no raw sample in the workbook")
		}
		st, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]os.FileMode{false: 0o644, true: 0o600}[show]; st.Mode().Perm() != want {
			t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
		}
		os.Remove(out)
	}
}
