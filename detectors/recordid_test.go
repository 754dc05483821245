package detectors_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/rules"
)

func TestIsRecordID(t *testing.T) {
	for _, s := range []string{
		"52fdfc07-2182-454f-963f-5f0f9a621d72",
		"52FDFC07-2182-454F-963F-5F0F9A621D72",
		"{52fdfc07-2182-454f-963f-5f0f9a621d72}",
		"00000000-0000-0000-0000-000000000000",
		"12345678-1234-1234-1234-123456789012", // all digits: still the shape of a GUID
		// Salesforce's own examples of 18-character IDs.
		"001D000000IqhSLIAZ", "0015000000VALDtAAP",
	} {
		if !detectors.IsRecordID([]byte(s)) {
			t.Errorf("IsRecordID(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "52fdfc07-2182-454f-963f-5f0f9a621d7", "52fdfc07-2182-454f-963f-5f0f9a621d72a",
		"52fdfc07-2182-454f-963f-5f0f9a621d7g", "52fdfc0-72182-454f-963f-5f0f9a621d72",
		"52fdfc07 2182 454f 963f 5f0f9a621d72", "{52fdfc07-2182-454f-963f-5f0f9a621d72",
		"(52fdfc07-2182-454f-963f-5f0f9a621d72)", "52fdfc072182454f963f5f0f9a621d72",
		" 52fdfc07-2182-454f-963f-5f0f9a621d7", "52fdfc07-2182-454f-963f-5f0f9a621d72}",
		// A Salesforce ID with its case changed, cut or padded.
		"001D000000IqhSLIAz", "001d000000IqhSLIAZ", "001D000000IqhSL", "001D000000IqhSLIAZ ", "001D000000Iqh-LIAZ",
		// Personal data of 18 characters: IBANs (NL, DK, FI), a card
		// number, a Chinese citizen number, a phone number with a prefix.
		"NL91ABNA0417164300", "DK5000400440116243", "FI2112345600000785", "4111111111111111111",
		"11010519491231002X", "+31612345678900000", "AAAAAAAAAAAAAAAZZZ",
	} {
		if detectors.IsRecordID([]byte(s)) {
			t.Errorf("IsRecordID(%q) = true", s)
		}
	}
}

// salesforceID returns an 18-character Salesforce ID: a key prefix, a pod
// and a serial of letters and digits, and the suffix that spells the case
// of each five (bit i for a capital at i).
func salesforceID(r *rand.Rand, serial string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	id := []string{"001", "003", "005", "006", "00Q", "500", "a0B", "0Q0"}[r.Intn(8)] + "5g0000" + serial
	id = id[:15]
	for c := 0; c < 3; c++ {
		v := 0
		for i := 0; i < 5; i++ {
			if ch := id[5*c+i]; 'A' <= ch && ch <= 'Z' {
				v += 1 << i
			}
		}
		id += alphabet[v : v+1]
	}
	return id
}

// salesforceCorpus returns Salesforce IDs whose serials hold what other
// detectors read: runs of digits (a date, a BSN, a phone number's tail),
// letters before digits (a country code), words.
func salesforceCorpus() []string {
	r := rand.New(rand.NewSource(8))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var out []string
	for i := 0; i < 4000; i++ {
		var serial string
		switch i % 4 {
		case 0:
			b := make([]byte, 6)
			for k := range b {
				b[k] = alnum[r.Intn(len(alnum))]
			}
			serial = string(b)
		case 1:
			serial = fmt.Sprintf("%06d", r.Intn(1000000))
		case 2:
			serial = []string{"NL", "BE", "nl", "DE"}[r.Intn(4)] + fmt.Sprintf("%04d", r.Intn(10000))
		case 3:
			serial = []string{"deaf01", "Jansen", "doof12", "HIV123", "islam1"}[r.Intn(5)]
		}
		out = append(out, salesforceID(r, serial))
	}
	return out
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

// TestWholeIDDeclared holds the worker's record-ID rule to the detectors:
// a cell that is one record ID is only offered to the detectors whose
// Prefilter has WholeID. The others may find a part of one (an 8-digit
// group that passes the BSN's check in a "bsn" column, "deaf" in a notes
// column), and the rule means to drop exactly those misreadings; but none
// may read a whole record ID as its value, in any column its description
// names, an unnamed column or a notes column. A detector that starts to
// read record IDs whole fails here until it says so with WholeID.
func TestWholeIDDeclared(t *testing.T) {
	corpus := append(uuidCorpus(), salesforceCorpus()...)
	for _, s := range corpus {
		if !detectors.IsRecordID([]byte(s)) {
			t.Fatalf("corpus value %q is no record ID", s)
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
					if !p.WholeID {
						t.Errorf("%s reads the record ID %q (column %q) as its value, but its Prefilter has no WholeID", d.ID(), s, col)
					}
				}
			}
		}
	}
	// The detectors that read record IDs do read them: the flag is not
	// stale.
	for _, id := range []string{"advertising_id", "credential", "username"} {
		if !whole[id] {
			t.Errorf("%s read no record ID whole in its own columns; does it still need WholeID?", id)
		}
	}
}
