package detectors_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
)

// ibanRegistry reads the test's own copy of the SWIFT registry structure:
// country → BBAN structure such as 4!a10!n.
func ibanRegistry(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("iban_lengths.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "|")
		m[f[0]] = f[2]
	}
	return m
}

// ibanBBAN returns a random BBAN of a structure.
func ibanBBAN(r *rand.Rand, spec string) string {
	var b strings.Builder
	for spec != "" {
		var n int
		var class byte
		k := strings.IndexByte(spec, '!')
		fmt.Sscanf(spec[:k], "%d", &n)
		class = spec[k+1]
		for i := 0; i < n; i++ {
			switch {
			case class == 'n' || class == 'c' && r.IntN(2) == 0:
				b.WriteByte(byte('0' + r.IntN(10)))
			default:
				b.WriteByte(byte('A' + r.IntN(26)))
			}
		}
		spec = spec[k+2:]
	}
	return b.String()
}

func ibanCheck(cc, bban string) string {
	rem := 0
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			rem = (rem*100 + int(c-'A') + 10) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return fmt.Sprintf("%s%02d%s", cc, 98-rem, bban)
}

// ibanNational are valid IBANs (the SWIFT registry's examples) of the
// countries whose BBAN has national check digits or, for NL, a bank code
// list: random BBANs would fail those.
var ibanNational = map[string]string{
	"NL": "NL91ABNA0417164300", "BE": "BE68539007547034", "ES": "ES9121000418450200051332",
	"FR": "FR1420041010050500013M02606", "IT": "IT60X0542811101000000123456",
	"MC": "MC5811222000010123456789030", "SM": "SM86U0322509800000000270100",
}

// ibanGroupings writes an IBAN compact, in groups of four, and in
// irregular groupings people type.
func ibanGroupings(s string) []string {
	four := func(sep string) string {
		var b strings.Builder
		for i := 0; i < len(s); i += 4 {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(s[i:min(i+4, len(s))])
		}
		return b.String()
	}
	mid := 4 + (len(s)-4)/2
	return []string{
		s, four(" "), four("-"), strings.ToLower(s),
		s[:2] + " " + s[2:4] + " " + four(" ")[5:],            // NL 91 ABNA 0417 1643 00
		s[:4] + " " + s[4:mid] + " " + s[mid:],                // NL91 ABNA04171 64300
		s[:2] + " " + s[2:4] + "-" + s[4:mid] + "-" + s[mid:], // BE 07-0682455012-66
		s[:4] + " " + s[4:8] + " " + s[8:11] + " " + s[11:],   // NL19 SNSB 050 7590631
	}
}

// TestIBANForms finds IBANs of every registry country in compact, grouped
// and irregular forms in an IBAN column, and rejects ones whose mod-97
// check passes but whose BBAN breaks the country's structure or national
// check digits.
func TestIBANForms(t *testing.T) {
	d := mustGet(t, "iban")
	r := rand.New(rand.NewPCG(15, 2))
	reg := ibanRegistry(t)
	if len(reg) < 80 {
		t.Fatalf("only %d registry countries", len(reg))
	}
	ctx := detectors.Context{Column: "iban", Hint: true}
	for cc, spec := range reg {
		ibans := []string{ibanNational[cc]}
		if ibans[0] == "" {
			ibans = []string{ibanCheck(cc, ibanBBAN(r, spec)), ibanCheck(cc, ibanBBAN(r, spec))}
		}
		for _, iban := range ibans {
			for _, cell := range ibanGroupings(iban) {
				ms := d.Find([]byte(cell), ctx, nil)
				if len(ms) != 1 || ms[0].Normalized != iban || !ms[0].WholeCell {
					t.Errorf("%s: Find(%q) = %v, want %s", cc, cell, ms, iban)
				}
			}
			// Break the structure at a fixed digit or letter position and
			// repair the mod-97 check: no longer an IBAN.
			bban := []byte(iban[4:])
			for k := 0; k < len(bban); k++ {
				if strings.Contains(structureAt(spec, k), "n") {
					bban[k] = 'A'
					break
				}
				if structureAt(spec, k) == "a" {
					bban[k] = '7'
					break
				}
			}
			bad := ibanCheck(cc, string(bban))
			if strings.ContainsAny(spec, "na") && bad[4:] != iban[4:] {
				if ms := d.Find([]byte(bad), ctx, nil); len(ms) != 0 {
					t.Errorf("%s: Find(%q), a BBAN of the wrong structure = %v, want none", cc, bad, ms)
				}
			}
		}
	}
	for _, bad := range []struct{ iban, why string }{
		{ibanCheck("NL", "ABNA04171643O0"[:4]+"0417A64300"), "a letter in a Dutch account number"},
		{ibanCheck("BE", "539007547035"), "Belgian national check"},
		{ibanCheck("ES", "21000418460200051332"), "Spanish control digits"},
		{ibanCheck("FR", "20041010050500013M02607"), "French RIB key"},
		{ibanCheck("IT", "Y0542811101000000123456"), "Italian CIN"},
	} {
		if ms := d.Find([]byte(bad.iban), ctx, nil); len(ms) != 0 {
			t.Errorf("Find(%q) = %v, want none (%s)", bad.iban, ms, bad.why)
		}
	}
}

// structureAt returns the class (n, a or c) of BBAN position k.
func structureAt(spec string, k int) string {
	for spec != "" {
		var n int
		i := strings.IndexByte(spec, '!')
		fmt.Sscanf(spec[:i], "%d", &n)
		if k < n {
			return spec[i+1 : i+2]
		}
		k -= n
		spec = spec[i+2:]
	}
	return ""
}

// TestIBANIssueForms are the notations of issue 15, in an IBAN column and
// as whole cells elsewhere; inside free text only the strict forms count.
func TestIBANIssueForms(t *testing.T) {
	d := mustGet(t, "iban")
	for _, v := range []string{"BE 03 7310 1866 4084", "BE 07-0682455012-66", "BE 099790 8568 5357", "NL 40 ABNA 0366 4856 28", "NL19 SNSB 050 7590631"} {
		for _, hint := range []bool{true, false} {
			ms := d.Find([]byte(v), detectors.Context{Hint: hint}, nil)
			if len(ms) != 1 || !ms[0].WholeCell {
				t.Errorf("Find(%q, hint %v) = %v, want the IBAN", v, hint, ms)
			}
		}
		cell := "graag terugbetalen op " + v + " dank"
		if ms := d.Find([]byte(cell), detectors.Context{Hint: true}, nil); len(ms) != 0 {
			t.Errorf("Find(%q) = %v, want none in free text", cell, ms)
		}
	}
}

// TestCountryStartConditionIsSound writes the IBANs of every registry
// country in every grouping, alone and inside text, into cells in and
// outside an IBAN column, and checks that the IBAN detector never matches
// a cell its prefilter (Prefilter.CountryStart) rejects.
func TestCountryStartConditionIsSound(t *testing.T) {
	d := mustGet(t, "iban")
	p := d.Prefilter()
	if !p.CountryStart {
		t.Fatal("the IBAN prefilter has no country-start condition")
	}
	r := rand.New(rand.NewPCG(41, 42))
	reg := ibanRegistry(t)
	fillers := []string{"", " ", "  ", "\t", "IBAN: ", "iban ", "rek. ", "x", "(", ")", ", ", "; ", "-", "/", ".", "@", "nr.", "9",
		"Graag storten op ", " t.n.v. J. Jansen", "\u00a0", "é"}
	matched := 0
	for cc, spec := range reg {
		ibans := []string{ibanCheck(cc, ibanBBAN(r, spec))}
		if n := ibanNational[cc]; n != "" {
			ibans = append(ibans, n)
		}
		for _, iban := range ibans {
			for _, form := range ibanGroupings(iban) {
				for k := 0; k < 6; k++ {
					cell := []byte(form)
					if k > 0 {
						cell = []byte(fillers[r.IntN(len(fillers))] + form + fillers[r.IntN(len(fillers))])
					}
					for _, hint := range []bool{false, true} {
						ms := d.Find(cell, detectors.Context{Hint: hint}, nil)
						if len(ms) > 0 {
							matched++
							if !p.AdmitCell(cell, hint) {
								t.Fatalf("%s (hint %v): the prefilter rejects %q, but Find matched %+v", cc, hint, cell, ms)
							}
						}
					}
				}
			}
		}
	}
	if matched < 2000 {
		t.Errorf("only %d cells matched", matched)
	}
	t.Logf("%d cells matched", matched)
	// What the condition is for: words that cannot start an IBAN.
	for _, cell := range []string{"thijs.dijkstra91@outlook.com", "134c15c3-31bc-4de7-ff0c-3b9c56a80d01", "Retour ontvangen, creditnota aangemaakt."} {
		if p.AdmitCell([]byte(cell), false) {
			t.Errorf("the prefilter admits %q", cell)
		}
	}
}
