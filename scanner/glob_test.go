package scanner

import "testing"

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, rel string
		want         bool
	}{
		{"*.csv", "contacts.csv", true},
		{"*.csv", "exports/2024/contacts.csv", true},
		{"*.csv", "contacts.tsv", false},
		{"exports/*.csv", "exports/a.csv", true},
		{"exports/*.csv", "exports/x/a.csv", false},
		{"exports/**/*.csv", "exports/x/y/a.csv", true},
		{"exports/**/*.csv", "exports/a.csv", true},
		{"**/old/**", "a/old/b/c.csv", true},
		{"**/old/**", "a/new/b/c.csv", false},
		{"[", "x", false},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.rel); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.rel, got, tt.want)
		}
	}
	if ValidGlob("[") == nil {
		t.Error("ValidGlob(\"[\") = nil, want an error")
	}
	f := filter{include: []string{"*.csv"}, exclude: []string{"tmp/**"}}
	if !f.wanted("a/b.csv") || f.wanted("tmp/b.csv") || f.wanted("a/b.tsv") {
		t.Error("filter include/exclude wrong")
	}
}
