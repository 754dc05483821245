package detectors_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/rules"
)

func TestIsUUID(t *testing.T) {
	for _, s := range []string{
		"52fdfc07-2182-454f-963f-5f0f9a621d72",
		"52FDFC07-2182-454F-963F-5F0F9A621D72",
		"{52fdfc07-2182-454f-963f-5f0f9a621d72}",
		"00000000-0000-0000-0000-000000000000",
		"12345678-1234-1234-1234-123456789012", // all digits: still the shape of a GUID
	} {
		if !detectors.IsUUID([]byte(s)) {
			t.Errorf("IsUUID(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "52fdfc07-2182-454f-963f-5f0f9a621d7", "52fdfc07-2182-454f-963f-5f0f9a621d72a",
		"52fdfc07-2182-454f-963f-5f0f9a621d7g", "52fdfc0-72182-454f-963f-5f0f9a621d72",
		"52fdfc07 2182 454f 963f 5f0f9a621d72", "{52fdfc07-2182-454f-963f-5f0f9a621d72",
		"(52fdfc07-2182-454f-963f-5f0f9a621d72)", "52fdfc072182454f963f5f0f9a621d72",
		" 52fdfc07-2182-454f-963f-5f0f9a621d7", "52fdfc07-2182-454f-963f-5f0f9a621d72}",
	} {
		if detectors.IsUUID([]byte(s)) {
			t.Errorf("IsUUID(%q) = true", s)
		}
	}
}

// uuidCorpus returns UUIDs written as CRMs write them, and the ones most
// likely to look like something else: all digits (a phone number, a card
// number, a BSN in a group?), hex words in a group ("deaf"), a country
// code before digits ("be" + ten digits, a Belgian VAT number's shape).
func uuidCorpus() []string {
	r := rand.New(rand.NewSource(7))
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + r.Intn(10)))
		}
		return b.String()
	}
	var out []string
	for i := 0; i < 4000; i++ {
		var b [16]byte
		r.Read(b[:])
		u := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
		switch i % 8 {
		case 1:
			u = strings.ToUpper(u)
		case 2:
			u = "{" + u + "}"
		case 3: // every group digits
			u = digits(8) + "-" + digits(4) + "-" + digits(4) + "-" + digits(4) + "-" + digits(12)
		case 4: // a '0' before nine digits (a mobile number?) and hex words
			u = "0" + digits(7) + "-" + []string{"deaf", "dead", "cafe", "face", "bead", "fade"}[r.Intn(6)] + "-4" + digits(3) + "-a" + digits(3) + "-06" + digits(10)
		case 5: // a country code before digits, a date-like group
			u = "19" + digits(2) + "1231-" + digits(4) + "-" + digits(4) + "-" + []string{"be", "ca", "de", "ae"}[r.Intn(4)] + digits(2) + "-" + []string{"be", "de", "ee", "ad"}[r.Intn(4)] + digits(10)
		case 6: // digits in the first and last groups only
			u = digits(8) + "-abcd-4" + digits(3) + "-8abc-" + digits(12)
		}
		out = append(out, u)
	}
	return out
}

// TestWholeUUIDDeclared holds the worker's UUID rule to the detectors: a
// cell that is one UUID is only offered to the detectors whose Prefilter
// has WholeUUID. The others may find a part of one (an 8-digit group that
// passes the BSN's check in a "bsn" column, "deaf" in a notes column), and
// the rule means to drop exactly those misreadings; but none may read a
// whole UUID as its value, in any column its description names, an
// unnamed column or a notes column. A detector that starts to read UUIDs
// whole fails here until it says so with WholeUUID.
func TestWholeUUIDDeclared(t *testing.T) {
	corpus := uuidCorpus()
	for _, s := range corpus {
		if !detectors.IsUUID([]byte(s)) {
			t.Fatalf("corpus value %q is no UUID", s)
		}
	}
	whole := map[string]bool{}
	for _, d := range detectors.All() {
		spec, ok := rules.Detector(d.ID())
		if !ok {
			t.Fatalf("no description of %s", d.ID())
		}
		columns := append([]string{"", "id", "opmerkingen", "notes", spec.Examples.Column}, spec.AllColumnWords()...)
		p := d.Prefilter()
		for _, col := range columns {
			ctx := detectors.NewContext(d, col)
			ctx.Scratch = &detectors.Scratch{}
			for _, s := range corpus {
				ctx.Scratch.NewCell()
				for _, m := range d.Find([]byte(s), ctx, nil) {
					if m.Start > 1 || m.End < len(s)-1 {
						continue // a part: what the rule drops
					}
					whole[d.ID()] = true
					if !p.WholeUUID {
						t.Errorf("%s reads the UUID %q (column %q) as its value, but its Prefilter has no WholeUUID", d.ID(), s, col)
					}
				}
			}
		}
	}
	// The detectors that read UUIDs do read them: the flag is not stale.
	for _, id := range []string{"advertising_id", "credential", "username"} {
		if !whole[id] {
			t.Errorf("%s read no UUID whole in its own columns; does it still need WholeUUID?", id)
		}
	}
}
