package detectors_test

import (
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var hashPositives = []string{
	"5d41402abc4b2a76b9719d911017c592",                                 // md5
	"AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D",                         // sha1, upper case
	"973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b", // sha256
}

var hashNegatives = []string{
	"5d41402abc4b2a76b9719d911017c59",   // 31
	"5d41402abc4b2a76b9719d911017c5922", // 33
	"5d41402abc4b2a76b9719d911017c59g",
	"5D41402abc4b2a76b9719d911017c592", // mixed case
	"12345678901234567890123456789012", // digits only
	"a0f3c9e2-7b1d-4c4e-9a55-3f1e2d9b8c71",
}

func TestHashedIdentifierAccept(t *testing.T) {
	d := mustGet(t, "hashed_identifier")
	detectortest.Accept(t, d, detectortest.Cases{Positives: hashPositives, Negatives: hashNegatives, Hint: true, NoFreeText: true})
}

func TestHashedIdentifierFind(t *testing.T) {
	d := mustGet(t, "hashed_identifier")
	md5 := hashPositives[0]
	tests := []struct {
		cell string
		hint bool
		want int
	}{
		{md5, true, 1},
		{md5, false, 0},
		{" " + md5 + "\t", true, 1},
		{"hash " + md5, true, 0}, // whole cell only
		{strings.ToUpper(md5), true, 1},
	}
	for _, tt := range tests {
		got := d.Find([]byte(tt.cell), detectors.Context{Hint: tt.hint}, nil)
		if len(got) != tt.want {
			t.Errorf("Find(%q, hint %v) = %v, want %d matches", tt.cell, tt.hint, got, tt.want)
			continue
		}
		if tt.want == 1 && (got[0].Normalized != md5 || got[0].Confidence != detectors.Medium || !got[0].WholeCell) {
			t.Errorf("Find(%q) = %+v, want %s, medium, whole cell", tt.cell, got[0], md5)
		}
	}
}

func TestHashedIdentifierMask(t *testing.T) {
	d := mustGet(t, "hashed_identifier")
	if got, want := d.Mask(hashPositives[0]), "5d41"+strings.Repeat("*", 28); got != want {
		t.Errorf("Mask() = %q, want %q", got, want)
	}
	if got := d.Mask("x"); got != "****" {
		t.Errorf("Mask(x) = %q, want ****", got)
	}
}

func TestHashedIdentifierColumnHint(t *testing.T) {
	d := mustGet(t, "hashed_identifier")
	for _, c := range []string{"email_hash", "hashed_email", "email_sha256", "sha256_email", "phone_hash", "email_md5", "hem", "HashedEmail", "customer_id_sha1"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"email", "hash", "file_md5", "checksum", "", "them", "password_hash"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzHashedIdentifier(f *testing.F) {
	for _, v := range append(append([]string{}, hashPositives...), hashNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.HashedIdentifier{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}

func BenchmarkHashedIdentifier(b *testing.B) {
	benchDetector(b, detectors.HashedIdentifier{}, hashPositives)
}
