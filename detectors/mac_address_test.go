package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var macPositives = []string{
	"d0:50:99:84:a2:a0", "D0-50-99-84-A2-A0", "d050.9984.a2a0", "00:1A:2b:3C:4d:5E", "3a:f1:0c:77:20:9b",
	"00-50-56-c0-00-08", "AC:DE:48:00:11:22",
}

var macNegatives = []string{
	"ff:ff:ff:ff:ff:ff", "FF-FF-FF-FF-FF-FF", "00:00:00:00:00:00", "0000.0000.0000", // broadcast, zero
	"d0:50:99:84:a2", "d0:50:99:84:a2:a0:11", "d0:50:99-84:a2:a0", "d0:50:99:84:a2:g0",
	"d0:50:99:84:a2:a00", "xd0:50:99:84:a2:a0", "d050.9984.a2a", "d050.9984.a2a0.1234",
	"d0509984a2a0", "2001:db8::8a2e:370:7334", "10:15:00", "12-03-2024", "1.234.567,89",
}

func TestMACAddressAccept(t *testing.T) {
	d := mustGet(t, "mac_address")
	detectortest.Accept(t, d, detectortest.Cases{Positives: macPositives, Negatives: macNegatives})
	detectortest.Accept(t, d, detectortest.Cases{Positives: macPositives, Negatives: macNegatives, Hint: true})
}

func TestMACAddressFind(t *testing.T) {
	d := mustGet(t, "mac_address")
	const (
		L = detectors.Low
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
		{"D0-50-99-84-A2-A0", false, []m{{0, 17, "d0:50:99:84:a2:a0", M, true}}},
		{"D0-50-99-84-A2-A0", true, []m{{0, 17, "d0:50:99:84:a2:a0", H, true}}},
		{"d050.9984.a2a0", false, []m{{0, 14, "d0:50:99:84:a2:a0", M, true}}},
		{"wifi mac 3a:f1:0c:77:20:9b gezien", false, []m{{9, 26, "3a:f1:0c:77:20:9b", M, false}}},
		{"12-34-56-78-90-12", false, []m{{0, 17, "12:34:56:78:90:12", L, true}}},
		{"12-34-56-78-90-12", true, []m{{0, 17, "12:34:56:78:90:12", H, true}}},
		{"1234.5678.9012", false, []m{{0, 14, "12:34:56:78:90:12", L, true}}},
		{"d0:50:99:84:a2:a0, d0:50:99:84:a2:a1", false, []m{{0, 17, "d0:50:99:84:a2:a0", M, false}, {19, 36, "d0:50:99:84:a2:a1", M, false}}},
		{"ff:ff:ff:ff:ff:ff", true, nil},
		{"d0:50:99:84:a2:a0:11", false, nil},
		{"1.2345.6789.0123", false, nil},
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

func TestMACAddressMask(t *testing.T) {
	d := mustGet(t, "mac_address")
	for _, tt := range []struct{ in, want string }{
		{"d0:50:99:84:a2:a0", "d0:**:**:**:**:**"},
		{"x", "**:**:**:**:**:**"},
	} {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMACAddressColumnHint(t *testing.T) {
	d := mustGet(t, "mac_address")
	for _, c := range []string{"mac", "MAC", "mac_address", "MACAddress", "macadres", "device_mac", "bssid", "hw_addr"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"machine", "macro", "email", "", "imac_model"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzMACAddress(f *testing.F) {
	for _, v := range append(append([]string{}, macPositives...), macNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("wifi mac 3a:f1:0c:77:20:9b gezien, router d050.9984.a2a0"), true)
	d := detectors.MACAddress{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkMACAddress(b *testing.B) {
	benchDetector(b, detectors.MACAddress{}, []string{"d0:50:99:84:a2:a0", "D0-50-99-84-A2-A0", "d050.9984.a2a0"})
}
