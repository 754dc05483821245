package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var ipPositives = []string{
	"192.168.10.20", "10.0.0.1", "8.8.8.8", "127.0.0.1", "213.75.12.255", "1.2.3.4",
	"2001:db8::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a",
	"2001:DB8::1", "::ffff:192.0.2.128", "2a02:a440:1234:5678::1",
}

var ipNegatives = []string{
	"0.0.0.0", "255.255.255.255", // no host
	"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.02.03.04", "192.168.010.1",
	"v1.2.3.4", "versie 10.0.0.1", "version 10.0.0.1", "v 1.2.3.4",
	"12.03.2024", "12.03.2024.10", "1.234.567,89", "10:15:00", "10:15", "09:30:15",
	"d0:50:99:84:a2:a0", "D0-50-99-84-A2-A0", "::", "::1", "a::", "std::vector", "1:2:3:4:5:6:7",
	"1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "2001:db8:::1", "12345::1", "x2001:db8::1", "2001:db8::1g",
	"192.168.1.1.", // followed by nothing: fine? no: see table
}

func TestIPAddressAccept(t *testing.T) {
	d := mustGet(t, "ip_address")
	neg := ipNegatives[:len(ipNegatives)-1]
	detectortest.Accept(t, d, detectortest.Cases{Positives: ipPositives, Negatives: neg})
	detectortest.Accept(t, d, detectortest.Cases{Positives: ipPositives, Negatives: neg, Hint: true})
}

func TestIPAddressFind(t *testing.T) {
	d := mustGet(t, "ip_address")
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
		{"192.168.10.20", false, []m{{0, 13, "192.168.10.20", M, true}}},
		{"192.168.10.20", true, []m{{0, 13, "192.168.10.20", H, true}}},
		{"login vanaf 84.241.7.1 om 10:15", false, []m{{12, 22, "84.241.7.1", M, false}}},
		{"IP:192.168.1.1:8080", false, []m{{3, 14, "192.168.1.1", M, false}}},
		{"10.0.0.0/8", false, []m{{0, 8, "10.0.0.0", M, false}}},
		{"(10.1.2.3)", false, []m{{1, 9, "10.1.2.3", M, false}}},
		{"192.168.1.1.", false, []m{{0, 11, "192.168.1.1", M, false}}},
		{"10.0.0.1, 10.0.0.2", false, []m{{0, 8, "10.0.0.1", M, false}, {10, 18, "10.0.0.2", M, false}}},
		{"2001:DB8:0:0:0:0:0:1", false, []m{{0, 20, "2001:db8::1", M, true}}},
		{"2001:db8::", false, []m{{0, 10, "2001:db8::", M, true}}},
		{"IP:2001:db8::1", false, []m{{3, 14, "2001:db8::1", M, false}}},
		{"[2001:db8::1]:443", false, []m{{1, 12, "2001:db8::1", M, false}}},
		{"::ffff:192.0.2.128", false, []m{{0, 18, "::ffff:192.0.2.128", M, true}}},
		{"versie 10.0.0.1", false, nil},
		{"Version: 10.0.0.1", false, nil},
		{"v1.2.3.4", false, nil},
		{"om 10:15:00 gebeld", false, nil},
		{"d0:50:99:84:a2:a0", false, nil},
		{"0.0.0.0", true, nil},
		{"255.255.255.255", true, nil},
		{"€ 1.234.567,89", false, nil},
		{"1.2.3.4.5", false, nil},
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

func TestIPAddressMask(t *testing.T) {
	d := mustGet(t, "ip_address")
	tests := []struct{ in, want string }{
		{"192.168.10.20", "192.*.*.*"},
		{"2001:db8::1", "2001:****"},
		{"::ffff:192.0.2.128", ":****"},
		{"x", "****"},
	}
	for _, tt := range tests {
		if got := d.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIPAddressColumnHint(t *testing.T) {
	d := mustGet(t, "ip_address")
	for _, c := range []string{"ip", "IP", "ip_address", "IPAddress", "ipadres", "last_ip", "lastIP", "hs_ip_address", "client_ip", "ipv4"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"zip", "shipping_address", "ship_address", "description", "", "tip"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzIPAddress(f *testing.F) {
	for _, v := range append(append([]string{}, ipPositives...), ipNegatives...) {
		f.Add([]byte(v), false)
	}
	f.Add([]byte("login vanaf 84.241.7.1 en [2001:db8::1]:443, versie 10.0.0.1"), true)
	d := detectors.IPAddress{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkIPAddress(b *testing.B) {
	benchDetector(b, detectors.IPAddress{}, []string{"84.241.7.1", "2001:db8::8a2e:370:7334", "10.0.0.12"})
}

// TestIPVersionColumn: a version string in a column named for versions is
// no address; the same value in an IP column is.
func TestIPVersionColumn(t *testing.T) {
	d := mustGet(t, "ip_address")
	for _, col := range []string{"Softwareversie", "version", "app_version", "Build", "release", "firmware", "versie"} {
		ctx := detectors.NewContext(d, col)
		if ms := d.Find([]byte("4.12.3.7"), ctx, nil); len(ms) != 0 {
			t.Errorf("column %q: Find(4.12.3.7) = %v, want none", col, ms)
		}
	}
	for _, col := range []string{"ip", "last_ip", "opmerking", ""} {
		ms := d.Find([]byte("4.12.3.7"), detectors.NewContext(d, col), nil)
		if len(ms) != 1 || !ms[0].AlsoVersion {
			t.Errorf("column %q: Find(4.12.3.7) = %v, want one address that reads as a version too", col, ms)
		}
	}
	for _, v := range []string{"82.94.12.7", "10.0.0.12", "192.168.1.20", "4.12.3.200", "31.13.64.35"} {
		ms := d.Find([]byte(v), detectors.NewContext(d, ""), nil)
		if len(ms) != 1 || ms[0].AlsoVersion {
			t.Errorf("Find(%s) = %v, want an address that is no version", v, ms)
		}
	}
}
