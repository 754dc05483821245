package subject

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ kind, in, want string }{
		{"email", "Jan.Jansen@Example.NL", "jan.jansen@example.nl"},
		{"email", "J.an.Sen+crm@GoogleMail.com", "jansen@gmail.com"},
		{"email", "jan.sen@gmail.com", "jansen@gmail.com"},
		{"phone", "06-48123907", "+31648123907"},
		{"phone", "+31 6 4812 3907", "+31648123907"},
		{"phone", "0031648123907", "+31648123907"},
		{"phone", "06 48 12 39 07", "+31648123907"},
		{"iban", "nl02 abna 0123 4567 89", "NL02ABNA0123456789"},
		{"iban", "NL02ABNA0123456789", "NL02ABNA0123456789"},
		{"bsn", "111222333", "111222333"},
	}
	for _, tc := range cases {
		t.Run(tc.kind+" "+tc.in, func(t *testing.T) {
			got, err := Normalize(tc.kind, tc.in)
			if err != nil || got != tc.want {
				t.Errorf("Normalize = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	for _, bad := range []struct{ kind, in string }{{"email", "no-at-sign"}, {"phone", "12"}, {"iban", "NL00ABNA0123456789"}, {"bsn", "123456789"}} {
		_, err := Normalize(bad.kind, bad.in)
		if err == nil {
			t.Errorf("%s %q: no error", bad.kind, bad.in)
		} else if strings.Contains(err.Error(), bad.in) {
			t.Errorf("error %q holds the value", err)
		}
	}
}

func TestMatcher(t *testing.T) {
	m, err := NewMatcher([]Subject{
		{Emails: []string{"Jan.Sen@gmail.com"}, Phones: []string{"06-48123907"}},
		{Label: "REQ-2", Phones: []string{"+31 6 4812 3907"}, IBANs: []string{"NL02ABNA0123456789"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subjects[0].Label != "subject 1" {
		t.Errorf("label %q", m.Subjects[0].Label)
	}
	cases := []struct {
		kind, norm string
		want       []int
	}{
		{"email", "jan.sen+news@gmail.com", []int{0}}, // as the e-mail detector finds it
		{"email", "jansen@gmail.com", []int{0}},
		{"email", "jan.sen@example.nl", nil},
		{"phone", "+31648123907", []int{0, 1}}, // a shared number: both
		{"phone", "+31648123970", nil},
		{"iban", "NL02ABNA0123456789", []int{1}},
		{"name", "jan", nil},
	}
	for _, tc := range cases {
		if got := m.Match(tc.kind, tc.norm); len(got) != len(tc.want) || len(got) > 0 && (got[0] != tc.want[0] || got[len(got)-1] != tc.want[len(tc.want)-1]) {
			t.Errorf("Match(%s, %s) = %v, want %v", tc.kind, tc.norm, got, tc.want)
		}
	}
	if _, err := NewMatcher([]Subject{{Names: []string{"Jan"}}}); err == nil {
		t.Error("a subject with only a name: no error")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"s.toml": "[[subject]]\nid = \"A\"\nemail = \"a@example.nl\"\nphone = [\"06-48123907\", \"020-1234567\"]\n[[subject]]\nid = \"B\"\niban = \"NL02ABNA0123456789\"\n",
		"s.csv":  "id,email,phone,iban\nA,a@example.nl,06-48123907;020-1234567,\nB,,,NL02ABNA0123456789\n",
	}
	for name, body := range files {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			os.WriteFile(p, []byte(body), 0o600)
			subs, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(subs) != 2 || subs[0].Label != "A" || len(subs[0].Phones) != 2 || len(subs[1].IBANs) != 1 {
				t.Errorf("%+v", subs)
			}
		})
	}
	for name, body := range map[string]string{"bad.toml": "[[subject]]\nmail = \"x\"\n", "bad.csv": "who,email\nx,y\n", "empty.csv": "id,email\n"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := Load(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
