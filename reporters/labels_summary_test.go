package reporters

import (
	"os"
	"regexp"
	"testing"
)

// Every label the HTML template uses exists in English and Dutch: a
// missing one renders as an empty heading.
func TestTemplateLabelsExist(t *testing.T) {
	b, err := os.ReadFile("templates/report.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\.L\.([a-z_0-9]+)`).FindAllStringSubmatch(string(b), -1) {
		for _, l := range []string{"en", "nl"} {
			if labels[l][m[1]] == "" {
				t.Errorf("label %q missing in %s", m[1], l)
			}
		}
	}
	for _, s := range Statuses {
		for _, l := range []string{"en", "nl"} {
			if labels[l]["status_"+s] == "" || labels[l]["mean_"+s] == "" {
				t.Errorf("status %s has no label or meaning in %s", s, l)
			}
		}
	}
}
