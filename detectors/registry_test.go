package detectors

import (
	"sort"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/rules"
)

// TestAllOrder checks that All orders the detectors by the priorities
// their descriptions give (rules/default.toml), highest first, with no two
// alike: the order is data, not a list kept here by hand.
func TestAllOrder(t *testing.T) {
	specs, err := rules.Detectors()
	if err != nil {
		t.Fatal(err)
	}
	byPrio := append([]*rules.DetectorSpec{}, specs...)
	sort.SliceStable(byPrio, func(i, j int) bool { return byPrio[i].Priority > byPrio[j].Priority })
	var ids, want []string
	for _, d := range All() {
		ids = append(ids, d.ID())
	}
	for _, s := range byPrio {
		want = append(want, s.ID)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("All() = %v, want %v (by the priorities in rules/default.toml)", ids, want)
	}
	all := All()
	for i := 1; i < len(all); i++ {
		if all[i-1].Priority() <= all[i].Priority() {
			t.Errorf("All()[%d].Priority() = %d, not above All()[%d].Priority() = %d", i-1, all[i-1].Priority(), i, all[i].Priority())
		}
	}
}

// revealed counts the letters and digits a mask shows.
func revealed(mask string) int {
	n := 0
	for i := 0; i < len(mask); i++ {
		if isAlnum(mask[i]) {
			n++
		}
	}
	return n
}

func TestMasksHideValues(t *testing.T) {
	tests := []struct {
		id    string
		cells []string
		// max letters and digits the mask may show for a normalized value
		max func(norm string) int
	}{
		{"email", []string{"jan.jansen@ziggo.nl", "a@b.nl", "piet.de.vries@mail.kpn.nl", "x@xn--bcher-kva.example"},
			func(n string) int { return 2 + len(n) - strings.LastIndexByte(n, '.') - 1 }},
		{"phone", []string{"06-12345678", "+31 20 123 4567", "0470/12.34.56", "+44 20 7946 0958", "+1 212 555 0123", "0800-1234"},
			func(n string) int { return 3 + 3 }},
		{"iban", []string{"NL91ABNA0417164300", "BE68539007547034", "DE89370400440532013000", "NO9386011117947"},
			func(n string) int {
				if n[:2] == "NL" {
					return 8
				}
				return 4
			}},
		{"bsn", []string{"111222333", "12345672", "1112.22.333"}, func(string) int { return 2 }},
	}
	for _, tt := range tests {
		d, ok := Get(tt.id)
		if !ok {
			t.Fatalf("Get(%q) = false", tt.id)
		}
		for _, cell := range tt.cells {
			ms := d.Find([]byte(cell), Context{Hint: true}, nil)
			if len(ms) != 1 {
				t.Errorf("%s: Find(%q) = %v, want one match", tt.id, cell, ms)
				continue
			}
			norm := ms[0].Normalized
			mask := d.Mask(norm)
			if strings.Contains(mask, norm) || strings.Contains(mask, cell) {
				t.Errorf("%s: Mask(%q) = %q contains the value", tt.id, norm, mask)
			}
			if got, limit := revealed(mask), tt.max(norm); got > limit {
				t.Errorf("%s: Mask(%q) = %q shows %d characters, want at most %d", tt.id, norm, mask, got, limit)
			}
		}
	}
}

func TestColumnTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"klantBSN", "klant,bsn"},
		{"BSN_nummer", "bsn,nummer"},
		{"e-mail adres", "e,mail,adres"},
		{"MobilePhone", "mobile,phone"},
		{"telephone1", "telephone1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(columnTokens(tt.in), ","); got != tt.want {
			t.Errorf("columnTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIBANLengthTable(t *testing.T) {
	tests := []struct {
		cc   string
		want int
	}{{"NL", 18}, {"BE", 16}, {"DE", 22}, {"FR", 27}, {"NO", 15}, {"GB", 22}, {"US", 0}, {"XX", 0}}
	for _, tt := range tests {
		if got := ibanLength(tt.cc[0], tt.cc[1]); got != tt.want {
			t.Errorf("ibanLength(%q) = %d, want %d", tt.cc, got, tt.want)
		}
	}
}

func TestCountryCodeLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{{"31612345678", 2}, {"12125550123", 1}, {"35312345678", 3}, {"4420", 2}, {"2591234", 0}, {"0612", 0}, {"", 0}}
	for _, tt := range tests {
		if got := countryCodeLen([]byte(tt.in)); got != tt.want {
			t.Errorf("countryCodeLen(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
