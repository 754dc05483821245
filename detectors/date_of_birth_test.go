package detectors_test

import (
	"testing"
	"time"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

// fixToday pins detectors.Today for a test.
func fixToday(t *testing.T, y int, m time.Month, d int) {
	t.Helper()
	saved := detectors.Today
	detectors.Today = time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	t.Cleanup(func() { detectors.Today = saved })
}

var dobPositives = []string{
	"10-09-1980", "9-9-1980", "09-09-80", "10/09/1980", "10.09.1980", "1980-09-10", "10 september 1980",
	"3 mrt 1975", "3 mrt. 1975", "3 Maart 1975", "29-02-2000", "1 janvier 1950", "5 août 1961", "01-01-2026",
}

var dobNegatives = []string{
	"31-02-1980", "32-01-1980", "10-13-1980", "00-01-1980", // no such day
	"10-09-1890", // older than 120
	"01-01-2030", // in the future
	"10-09-19801", "110-09-1980", "10-09/1980", "10 09 1980", "1980-9-10-1", "10-09-1980-2",
	"10 sept 80", "10 septembers 1980", "1.234,56", "v10.09.1980", "12:30",
}

func TestDateOfBirthAccept(t *testing.T) {
	fixToday(t, 2026, time.March, 1)
	d := mustGet(t, "date_of_birth")
	detectortest.Accept(t, d, detectortest.Cases{Positives: dobPositives, Negatives: dobNegatives, Hint: true})
}

func TestDateOfBirthFind(t *testing.T) {
	fixToday(t, 2026, time.March, 1)
	d := mustGet(t, "date_of_birth")
	const (
		M = detectors.Medium
		H = detectors.High
	)
	type m struct {
		start, end int
		norm       string
		conf       detectors.Confidence
		whole      bool
	}
	tests := []struct {
		cell string
		hint bool
		want []m
	}{
		{"10-09-1980", true, []m{{0, 10, "1980-09-10", H, true}}},
		{"10-09-1980", false, nil}, // a date, not a birth date
		{"12-03-2024", false, nil},
		{"9-9-80", true, []m{{0, 6, "1980-09-09", H, true}}},
		{"9-9-20", true, []m{{0, 6, "2020-09-09", H, true}}},
		{"9-9-26", true, []m{{0, 6, "1926-09-09", H, true}}}, // 2026-09-09 is still to come
		{"1980-09-10", true, []m{{0, 10, "1980-09-10", H, true}}},
		{"geboren 10 september 1980 te Utrecht", false, []m{{8, 25, "1980-09-10", M, false}}},
		{"geb. 3 mrt. 1975", false, []m{{5, 16, "1975-03-03", M, false}}},
		{"DOB: 03/03/1975", false, []m{{5, 15, "1975-03-03", M, false}}},
		{"née le 5 août 1961", false, []m{{8, 20, "1961-08-05", M, false}}},
		{"12-03-2024, geboren in Gent", false, nil},
		{"Geboortedatum van de klant: 01.02.2003", false, []m{{28, 38, "2003-02-01", M, false}}},
		{"geboren in Utrecht, klant sinds 12-03-2019", false, nil}, // too far
		{"afspraak 12-03-2024, geboren 9-9-1980", false, []m{{29, 37, "1980-09-09", M, false}}},
		{"31-02-1980", true, nil},
		{"01-01-2030", true, nil},
		{"10-09-1890", true, nil},
		{"12/03/2024 10:15", true, []m{{0, 10, "2024-03-12", H, false}}},
		{"19840315", true, []m{{0, 8, "1984-03-15", H, true}}}, // a database's compact date
		{" 15031984 ", true, []m{{1, 9, "1984-03-15", H, true}}},
		{"19840315", false, nil}, // eight digits outside a birth-date column: a number
		{"20301231", true, nil},
		{"12345678", true, nil},
		{"30941", true, []m{{0, 5, "1984-09-16", M, true}}}, // an Excel serial in a General cell
		{"30941", false, nil},
		{"99999", true, nil}, // 2173
		{"0941", true, nil},
		{"1984-03-15 00:00:00", true, []m{{0, 10, "1984-03-15", H, false}}},
		{"1984-03-15T00:00:00Z", true, []m{{0, 10, "1984-03-15", H, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
			var gm []m
			for _, x := range got {
				gm = append(gm, m{x.Start, x.End, x.Normalized, x.Confidence, x.WholeCell})
			}
			if !equalSlices(gm, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.cell, gm, tt.want)
			}
		})
	}
}

func TestDateOfBirthMask(t *testing.T) {
	d := mustGet(t, "date_of_birth")
	for _, tt := range []struct{ in, want string }{
		{"1980-09-10", "1980-**-**"},
		{"x", "****-**-**"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateOfBirthColumnHint(t *testing.T) {
	d := mustGet(t, "date_of_birth")
	for _, c := range []string{"geboortedatum", "geb_datum", "birthdate", "Birthdate", "date_of_birth", "DateOfBirth", "dob", "birthday", "verjaardag", "geb", "Geboren", "geboren_op"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"createdon", "datum", "", "date", "modified_date", "doboer"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzDateOfBirth(f *testing.F) {
	for _, v := range append(append([]string{}, dobPositives...), dobNegatives...) {
		f.Add([]byte(v), false)
		f.Add([]byte("geboren "+v), false)
	}
	detectors.Today = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	d := detectors.DateOfBirth{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkDateOfBirth(b *testing.B) {
	benchDetector(b, detectors.DateOfBirth{}, []string{"geboren 10-09-1980", "geb. 3 mrt 1975", "DOB 1980-09-10"})
}
