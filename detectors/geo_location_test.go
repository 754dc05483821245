package detectors_test

import (
	"encoding/hex"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var geoPositives = []string{"52.3702, 4.8952", "52.370216,4.895168", "-33.8688 151.2093", "51.9225; 4.47917", "40.7128, -74.0060"}

var geoNegatives = []string{
	"1.5, 2.5", "52, 4", "1.234,56", "12.03.2024", "200.1234, 4.8952", "52.3702, 190.1234", "0.0000, 0.0000",
	"v1.2.3.4", "1.2345.6789", "52.3702.4, 4.8952", "€ 12.5000, 13.2500x",
}

func TestGeoLocationAccept(t *testing.T) {
	d := mustGet(t, "geo_location")
	detectortest.Accept(t, d, detectortest.Cases{Positives: geoPositives, Negatives: geoNegatives})
	detectortest.Accept(t, d, detectortest.Cases{Positives: geoPositives, Negatives: geoNegatives, Hint: true})
}

func TestGeoLocationFind(t *testing.T) {
	H, M := detectors.High, detectors.Medium
	checkKind(t, "geo_location", []kindCase{
		{"52.37, 4.89", "location", H}, {"52.37, 4.89", "coordinates", H}, {"52.37, 4.89", "notes", 0},
		{"52.3702, 4.8952", "notes", H}, {"bezocht op 52.3702, 4.8952 gisteren", "notities", M},
		{"POINT(4.8952 52.3702)", "location", H}, {"POINT(4.8952 52.3702)", "data", H},
		{"52.370216", "Location__Latitude__s", M}, {"4.895168", "Location__Longitude__s", M}, {"-122.4194", "lng", M},
		{"52.370216", "latitude", M}, {"152.37", "latitude", 0}, {"52", "latitude", 0}, {"52.3", "lat", 0},
		{"1.25, 2.50", "versions", 0}, {"12.50, 13.75", "amounts", 0}, {"1.234,56", "location", 0},
	})
}

// TestGeoLocationWKB reads binary points as a GEOMETRY column holds them
// (MySQL: SRID, then well-known binary), only in a location column.
func TestGeoLocationWKB(t *testing.T) {
	d := mustGet(t, "geo_location")
	point, _ := hex.DecodeString("0000000001010000003E0A325D63345CC0761FDB8D99D94840") // sakila address 1
	zero, _ := hex.DecodeString("00000000010100000000000000000000000000000000000000")
	whole, _ := hex.DecodeString("00000000010100000000000000000059400000000000004940") // 100, 50: whole degrees
	for _, tt := range []struct {
		cell   []byte
		column string
		want   int
	}{{point, "location", 1}, {point, "notes", 0}, {point[4:], "geo", 1}, {zero, "location", 0}, {whole, "location", 0}, {point[:24], "location", 0}} {
		ms := d.Find(tt.cell, detectors.NewContext(d, tt.column), nil)
		if len(ms) != tt.want {
			t.Errorf("Find(%x) in %q = %+v, want %d matches", tt.cell, tt.column, ms, tt.want)
		}
		if len(ms) == 1 && d.Mask(ms[0].Normalized) != "49.****,-112.****" {
			t.Errorf("Mask(%q) = %q", ms[0].Normalized, d.Mask(ms[0].Normalized))
		}
	}
}

func FuzzGeoLocation(f *testing.F) {
	for _, v := range append(append([]string{}, geoPositives...), geoNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.GeoLocation{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkGeoLocation(b *testing.B) {
	benchDetector(b, detectors.GeoLocation{}, geoPositives)
}
