package reporters

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// labelLangs are the languages every area of labels.toml must have.
var labelLangs = []string{"en", "nl"}

// fmtVerb finds the fmt verbs of a label (%s, %d, %q, %.2f, %%).
var fmtVerb = regexp.MustCompile(`%[-+# 0]*[0-9.]*[a-zA-Z%]`)

// TestLabelsComplete checks labels.toml, the one translation table of
// every format: it parses strictly (no key the loader ignores), every
// area has every language, a key in one language is in all (no missing
// translation), no word is empty, and a translation keeps the fmt verbs
// of the English label in the same order (a lost %s would print
// %!s(MISSING) or drop a number).
func TestLabelsComplete(t *testing.T) {
	var tab map[string]map[string]map[string]string
	md, err := toml.Decode(labelsTOML, &tab)
	if err != nil {
		t.Fatalf("labels.toml does not parse: %v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("labels.toml has entries the loader does not read: %v", und)
	}
	if len(tab) == 0 {
		t.Fatal("labels.toml is empty")
	}
	for area, langs := range tab {
		for l := range langs {
			if !slices.Contains(labelLangs, l) {
				t.Errorf("[%s.%s]: a language no report offers", area, l)
			}
		}
		en := langs["en"]
		for _, l := range labelLangs {
			m, ok := langs[l]
			if !ok || len(m) == 0 {
				t.Errorf("[%s.%s] is missing or empty", area, l)
				continue
			}
			for _, other := range labelLangs {
				for k := range langs[other] {
					if _, ok := m[k]; !ok {
						t.Errorf("[%s.%s] lacks %q (it is in [%s.%s])", area, l, k, area, other)
					}
				}
			}
			for k, v := range m {
				if strings.TrimSpace(v) == "" {
					t.Errorf("[%s.%s] %s is empty", area, l, k)
				}
				if want, got := fmtVerb.FindAllString(en[k], -1), fmtVerb.FindAllString(v, -1); l != "en" && en[k] != "" && !slices.Equal(want, got) {
					t.Errorf("[%s.%s] %s has verbs %v, English has %v", area, l, k, got, want)
				}
			}
		}
	}
}

// TestLabelAreasUsed checks that every area the code reads exists (a
// typo panics at start, which this makes a readable failure) and that
// the file holds no area the code never reads.
func TestLabelAreasUsed(t *testing.T) {
	used := []string{"report", "text", "csv", "xlsx", "xlsx_sheets", "register", "formats", "details", "values",
		"categories", "subject_text", "access"}
	for _, a := range used {
		if _, ok := labelTable[a]; !ok {
			t.Errorf("labels.toml lacks area %q", a)
		}
	}
	for a := range labelTable {
		if !slices.Contains(used, a) {
			t.Errorf("labels.toml has area %q that no code reads", a)
		}
	}
}

// TestParseLabelsRejectsBadData: a table that does not parse stops the
// program at start rather than printing empty labels.
func TestParseLabelsRejectsBadData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a broken labels.toml did not panic")
		}
	}()
	parseLabels("[report.en\ntitle = ")
}
