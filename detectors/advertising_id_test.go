package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var adIDPositives = []string{
	"6D92078A-8246-4BA4-AE5B-76104861E7DC", "38400000-8cf0-11bd-b23e-10b96e40000d", "a0f3c9e2-7b1d-4c4e-9a55-3f1e2d9b8c71",
	"EA7583CD-A667-48BC-B806-42ECB2B48606",
}

var adIDNegatives = []string{
	"00000000-0000-0000-0000-000000000000", // tracking limited
	"6D92078A-8246-4BA4-AE5B-76104861E7D",  // short
	"6D92078A-8246-4BA4-AE5B-76104861E7DCA",
	"6D92078A8246-4BA4-AE5B-76104861E7DC",
	"6D92078A-8246-4BA4-AE5B-76104861E7DG",
	"x6D92078A-8246-4BA4-AE5B-76104861E7DC",
	"6D92078A-8246-4BA4-AE5B-76104861E7DC-01",
	"{6D92078A-8246-4BA4-AE5B}",
}

func TestAdvertisingIDAccept(t *testing.T) {
	d := mustGet(t, "advertising_id")
	detectortest.Accept(t, d, detectortest.Cases{Positives: adIDPositives, Negatives: adIDNegatives, Hint: true})
	detectortest.Accept(t, d, detectortest.Cases{Positives: adIDPositives, Negatives: adIDNegatives, Hint: true, TextHotword: "IDFA "})
}

func TestAdvertisingIDFind(t *testing.T) {
	d := mustGet(t, "advertising_id")
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
		{"6D92078A-8246-4BA4-AE5B-76104861E7DC", true, []m{{0, 36, "6d92078a-8246-4ba4-ae5b-76104861e7dc", H, true}}},
		{"6D92078A-8246-4BA4-AE5B-76104861E7DC", false, nil}, // a GUID key
		{"a0f3c9e2-7b1d-4c4e-9a55-3f1e2d9b8c71", false, nil},
		{"IDFA: 6D92078A-8246-4BA4-AE5B-76104861E7DC", false, []m{{6, 42, "6d92078a-8246-4ba4-ae5b-76104861e7dc", M, false}}},
		{"advertising id van het toestel is 38400000-8cf0-11bd-b23e-10b96e40000d", false, []m{{34, 70, "38400000-8cf0-11bd-b23e-10b96e40000d", M, false}}},
		{"Advertentie-ID 38400000-8cf0-11bd-b23e-10b96e40000d", false, []m{{15, 51, "38400000-8cf0-11bd-b23e-10b96e40000d", M, false}}},
		{"38400000-8cf0-11bd-b23e-10b96e40000d (gaid)", false, []m{{0, 36, "38400000-8cf0-11bd-b23e-10b96e40000d", M, false}}},
		{"00000000-0000-0000-0000-000000000000", true, nil},
		{"idfa 00000000-0000-0000-0000-000000000000", false, nil},
		{"paid 38400000-8cf0-11bd-b23e-10b96e40000d", false, nil},
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

func TestAdvertisingIDMask(t *testing.T) {
	d := mustGet(t, "advertising_id")
	if got, want := d.Mask("6d92078a-8246-4ba4-ae5b-76104861e7dc"), "6d92****-****-****-****-************"; got != want {
		t.Errorf("Mask() = %q, want %q", got, want)
	}
	if got := d.Mask("x"); got != "****" {
		t.Errorf("Mask(x) = %q, want ****", got)
	}
}

func TestAdvertisingIDColumnHint(t *testing.T) {
	d := mustGet(t, "advertising_id")
	for _, c := range []string{"idfa", "GAID", "aaid", "adid", "advertising_id", "AdvertisingId", "maid", "device_ad_id", "ad_id", "google_advertising_id"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"contactid", "id", "guid", "accountid", "", "address_id", "paid", "ad_name"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzAdvertisingID(f *testing.F) {
	for _, v := range append(append([]string{}, adIDPositives...), adIDNegatives...) {
		f.Add([]byte(v), false)
		f.Add([]byte("idfa "+v), false)
	}
	d := detectors.AdvertisingID{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkAdvertisingID(b *testing.B) {
	benchDetector(b, detectors.AdvertisingID{}, []string{"IDFA 6D92078A-8246-4BA4-AE5B-76104861E7DC", "gaid: 38400000-8cf0-11bd-b23e-10b96e40000d"})
}
