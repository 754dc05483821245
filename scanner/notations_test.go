package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/gen"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner/source"
)

func TestCountryColumn(t *testing.T) {
	for name, want := range map[string]bool{
		"land": true, "Country": true, "MailingCountry": true, "address1_country": true, "billing_country_code": true,
		"pays": true, "geboorteland": false, "country_of_birth": false, "nationality": false, "landbouw": false, "telefoon": false,
	} {
		got := countryColumn([]source.Column{{Name: "naam"}, {Name: name}}) == 1
		if got != want {
			t.Errorf("countryColumn(%q) = %v, want %v", name, got, want)
		}
	}
}

// A phone column of American customers is read with --country us: the
// national numbers are phones and the amounts next to them are not.
func TestPhoneColumnOfAnotherCountry(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,phone,tax\n")
	forms := []string{"(714) 741-%04d", "617-555-%04d", "415256%04d", "1403333%04d"}
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "customer %d,"+forms[i%len(forms)]+",0.%08d\n", i, 1000+i, 90000000+i)
	}
	path := filepath.Join(t.TempDir(), "us.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	count := func(rep *reporters.Report) map[string]int64 {
		got := map[string]int64{}
		for _, f := range rep.Findings {
			if strings.HasPrefix(f.Rule, "pii.") {
				got[f.Rule+" "+f.Location.Column] = f.Count
			}
		}
		return got
	}
	opt := testOptions(t)
	opt.Country = "US"
	got := count(scan(t, opt, path))
	if got["pii.phone phone"] != 200 || len(got) != 1 {
		t.Errorf("--country us: findings %v, want pii.phone phone 200 only", got)
	}
	// Without --country the ten-digit numbers are still read as North
	// American: nine digits follow a Dutch or Belgian trunk 0.
	got = count(scan(t, testOptions(t), path))
	if got["pii.phone phone"] != 200 || len(got) != 1 {
		t.Errorf("default country: findings %v, want pii.phone phone 200 only", got)
	}
}

// A column of Dutch IBANs typed with irregular spaces (NL 40 ABNA 0366
// 4856 28, NL19 SNSB 050 7590631) holds IBANs, not the phone numbers their
// digit groups resemble, whether or not its name says so.
func TestSpacedIBANColumn(t *testing.T) {
	g := gen.New(15)
	var b strings.Builder
	b.WriteString("naam,rekening,kolom3\n")
	for i := 0; i < 100; i++ {
		s := g.IBAN(false)
		var v string
		if i%2 == 0 {
			v = s[:2] + " " + s[2:4] + " " + s[4:8] + " " + s[8:12] + " " + s[12:16] + " " + s[16:]
		} else {
			v = s[:4] + " " + s[4:8] + " " + s[8:11] + " " + s[11:]
		}
		fmt.Fprintf(&b, "klant %d,%s,%s\n", i, v, v)
	}
	path := filepath.Join(t.TempDir(), "rekeningen.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := map[string]int64{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "pii.") {
			got[f.Rule+" "+f.Location.Column] = f.Count
		}
	}
	want := map[string]int64{"pii.iban rekening": 100, "pii.iban kolom3": 100}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: count %d, want %d (findings %v)", k, got[k], v, got)
		}
	}
	for k := range got {
		if want[k] == 0 {
			t.Errorf("unexpected finding %s (%d)", k, got[k])
		}
	}
}

// Version strings are not IP addresses: in a column named for versions,
// nor in a column whose values all read as versions (small leading
// numbers, nothing from the address ranges in use); a column of real
// addresses without a telling name still is one.
func TestVersionColumnsAreNotIPs(t *testing.T) {
	var b strings.Builder
	b.WriteString("Softwareversie,kolom2,kolom3,last_ip\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "4.%d.%d.%d,%d.%d.0.%d,%d.%d.%d.%d,%d.%d.%d.%d\n",
			i%20, i%7, i%13, 1+i%9, i%30, i%11,
			62+i*3%150, 100+i%120, i*7%250, 1+i%200,
			2+i%9, i%4, i%5, i%8)
	}
	path := filepath.Join(t.TempDir(), "apparaten.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := map[string]int64{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "pii.") {
			got[f.Rule+" "+f.Location.Column] = f.Count
		}
	}
	want := map[string]int64{"pii.ip_address kolom3": 60, "pii.ip_address last_ip": 60}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: count %d, want %d (findings %v)", k, got[k], v, got)
		}
	}
	for k := range got {
		if want[k] == 0 {
			t.Errorf("unexpected finding %s (%d)", k, got[k])
		}
	}
}

// A country column on the row reads the national numbers of the phone
// column beside it: 030 is Berlin for a German customer and Utrecht for a
// Dutch one, and (714) 741-6622 is American. The cache of repeated values
// must not carry one row's reading to another's.
func TestPhoneCountryOfTheRow(t *testing.T) {
	var b strings.Builder
	b.WriteString("naam,telefoon,land\n")
	for i := 0; i < 90; i++ {
		n := i / 3 % 2 // the same numbers for German and Dutch rows
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "klant %d,030 12345%02d,Deutschland\n", i, n)
		case 1:
			fmt.Fprintf(&b, "klant %d,030 12345%02d,NL\n", i, n)
		default:
			fmt.Fprintf(&b, "klant %d,(714) 741-66%02d,United States\n", i, n)
		}
	}
	path := filepath.Join(t.TempDir(), "klanten.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cache := range []bool{true, false} {
		noCellCache = !cache
		rep := scan(t, testOptions(t), path)
		noCellCache = false
		var found bool
		for _, f := range rep.Findings {
			if f.Rule != "pii.phone" || f.Location.Column != "telefoon" {
				continue
			}
			found = true
			if f.Count != 90 {
				t.Errorf("cache %v: pii.phone telefoon count %d, want 90", cache, f.Count)
			}
			// The masks keep the country code of the reading.
			all := strings.Join(f.Samples, " | ")
			for _, cc := range []string{"+49 ", "+31 3 ", "+1 "} {
				if !strings.Contains(all, cc) {
					t.Errorf("cache %v: samples %q lack a number read as %s", cache, all, cc)
				}
			}
		}
		if !found {
			t.Errorf("cache %v: no pii.phone finding in telefoon", cache)
		}
	}
}
