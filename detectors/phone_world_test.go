package detectors_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/crmscan/crmscan/detectors"
)

// TestPhoneCountry covers numbers only the numbering-plan library settles:
// national numbers of another country in a phone column (--country),
// Dutch short and non-geographic numbers, and amounts that are no phones.
func TestPhoneCountry(t *testing.T) {
	d := mustGet(t, "phone")
	tests := []struct {
		cell, country string
		hint          bool
		want          string // E.164, "" for no match
	}{
		{"(714) 741-6622", "US", true, "+17147416622"},
		{"617-555-0143", "US", true, "+16175550143"},
		{"4152568563", "US", true, "+14152568563"},
		{"14033335568", "US", true, "+14033335568"},
		{"1 (403) 333-5568", "US", true, "+14033335568"},
		{"06-12345678", "US", true, "+31612345678"},  // the fast path still reads Dutch numbers
		{"(714) 741-6622", "", true, "+17147416622"}, // ten digits without a trunk 0: North American
		{"4152568563", "", true, "+14152568563"},
		{"4152568563", "US", false, ""},             // national numbers need a phone column
		{"1152568563", "", true, ""},                // no area code 115
		{"030 1234567", "DE", true, "+49301234567"}, // the column's country wins over the Dutch look-alike
		{"14 020", "", true, "+3114020"},            // municipal number
		{"14 020", "", false, ""},
		{"088 123 4567", "", false, "+31881234567"},
		{"0800 1234", "", false, "+318001234"},
		{"0906 1234", "", false, "+319061234"},
		{"066 2345678", "", false, "+31662345678"},
		{"066 2345678", "", true, "+31662345678"},
		{"0.90000000", "", false, ""},
		{"0.90000000", "", true, ""},
		{"12.50", "", true, ""},
		{"1234567.89", "", true, ""},
		{"0.90000000", "US", true, ""},
		{"+1 (714) 741-6622", "", false, "+17147416622"},
		{"+1 714 000 0000", "", false, ""}, // no such US area code
	}
	for _, tt := range tests {
		got := d.Find([]byte(tt.cell), detectors.Context{Column: "phone", Hint: tt.hint, Country: tt.country}, nil)
		g := ""
		if len(got) > 0 {
			g = got[0].Normalized
		}
		if len(got) > 1 || g != tt.want {
			t.Errorf("Find(%q, country %q, hint %v) = %v, want %q", tt.cell, tt.country, tt.hint, got, tt.want)
		}
	}
}

// phoneExampleCountries are NL, BE and ten countries a Dutch CRM holds
// customers of.
var phoneExampleCountries = []string{"NL", "BE", "DE", "FR", "GB", "US", "ES", "IT", "PL", "TR", "MA", "IN"}

// phoneNotations writes an example number the five ways people do.
func phoneNotations(n *phonenumbers.PhoneNumber) []string {
	intl := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	nat := phonenumbers.Format(n, phonenumbers.NATIONAL)
	dashed := nat
	if !strings.ContainsAny(nat, "()-") {
		dashed = strings.ReplaceAll(nat, " ", "-")
	}
	return []string{
		phonenumbers.Format(n, phonenumbers.E164), // +31101234567
		intl,                                 // +31 10 123 4567
		nat,                                  // 010 123 4567
		dashed,                               // 010-123-4567, (201) 555-0123
		"00" + strings.TrimPrefix(intl, "+"), // 0031 10 123 4567
	}
}

// TestPhoneExampleNumbers finds the library's example number of every
// number type of twelve countries, in five notations each, in a phone
// column of the number's country.
func TestPhoneExampleNumbers(t *testing.T) {
	d := mustGet(t, "phone")
	total, found := 0, 0
	for _, region := range phoneExampleCountries {
		for typ := phonenumbers.FIXED_LINE; typ < phonenumbers.UNKNOWN; typ++ {
			n := phonenumbers.GetExampleNumberForType(region, typ)
			if n == nil {
				continue
			}
			want := phonenumbers.Format(n, phonenumbers.E164)
			for _, cell := range phoneNotations(n) {
				total++
				ms := d.Find([]byte(cell), detectors.Context{Column: "phone", Hint: true, Country: region}, nil)
				if len(ms) == 1 && ms[0].Normalized == want && ms[0].WholeCell {
					found++
				} else {
					t.Logf("%s type %d: %q not found (got %v)", region, typ, cell, ms)
				}
			}
		}
	}
	rate := float64(found) / float64(total)
	t.Logf("found %d of %d example notations (%.3f)", found, total, rate)
	if rate < 0.97 {
		t.Errorf("found %.3f of the example numbers, want >= 0.97", rate)
	}
}

// BenchmarkPhoneColumnUS is a phone column of American numbers read with
// --country us: every cell goes past the fast path to the numbering-plan
// library. Distinct numbers miss the verdict cache (the worst case); the
// Cached variant repeats 64 numbers.
func BenchmarkPhoneColumnUS(b *testing.B) {
	for _, tc := range []struct {
		name     string
		distinct int
	}{{"Distinct", 1 << 16}, {"Cached", 64}} {
		b.Run(tc.name, func(b *testing.B) {
			cells := make([][]byte, 4096)
			total := 0
			for i := range cells {
				cells[i] = []byte(fmt.Sprintf("(714) 741-%04d", (i*7919)%tc.distinct%10000))
				if tc.distinct > 10000 {
					cells[i] = []byte(fmt.Sprintf("(%03d) 555-%04d", 201+i%700, i%10000))
				}
				total += len(cells[i])
			}
			d := detectors.Phone{}
			ctx := detectors.Context{Column: "phone", Hint: true, Country: "US", SkipNormalized: true}
			out := make([]detectors.Match, 0, 8)
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range cells {
					out = d.Find(c, ctx, out[:0])
				}
			}
		})
	}
}

func TestCountryOf(t *testing.T) {
	for in, want := range map[string]string{
		"NL": "NL", " nl ": "NL", "Nederland": "NL", "The Netherlands": "NL", "België": "BE", "Deutschland": "DE",
		"USA": "US", "United States": "US", "uk": "GB", "UK": "GB", "fr": "FR", "Marokko": "MA",
		"": "", "XX": "", "Atlantis": "", "12": "", "Amsterdam": "",
	} {
		if got := detectors.CountryOf([]byte(in)); got != want {
			t.Errorf("CountryOf(%q) = %q, want %q", in, got, want)
		}
	}
	cell := []byte("Deutschland")
	if n := testing.AllocsPerRun(100, func() { detectors.CountryOf(cell) }); n != 0 {
		t.Errorf("CountryOf allocates %v times", n)
	}
}
