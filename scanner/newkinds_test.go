package scanner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewKindsInAMembersExport scans a members export with the kinds of
// issue 15: logins, plain-text passwords and password hashes, gender,
// nationality and coordinates. Each column gets its kind; a plain-text
// password column is a high security finding, a hash column a medium one,
// and no password reaches the report, not even with --show-values.
func TestNewKindsInAMembersExport(t *testing.T) {
	rows := []string{"email;login;password;password_hash;geslacht;nationaliteit;location"}
	plain := []string{"Welkom01!", "hunter2", "zomer2023", "Amsterdam1!", "qwerty12", "P@ssw0rd"}
	hashes := []string{
		"$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a",
		"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"$1$abcdefgh$vhxKZ/s1ygZHyCEDPyqtQ/",
		"$5$abcdefgh$XEPmEiAJvPG31m/DaIsyckkv.Sxd.8NrmElXxCKFQr/",
		"5f4dcc3b5aa765d61d8327deb882cf99",
		"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
	}
	logins := []string{"vsmith", "pcurie", "j.devries", "mbakker", "sanne_k", "tvandijk"}
	genders := []string{"M", "V", "V", "M", "X", "V"}
	nats := []string{"Nederlandse", "Belgische", "NL", "Marokkaanse", "Duitse", "Nederlandse"}
	geos := []string{"52.3702, 4.8952", "51.9225, 4.4792", "52.0907, 5.1214", "50.8503, 4.3517", "53.2194, 6.5665", "51.4416, 5.4697"}
	for i := range plain {
		rows = append(rows, strings.Join([]string{logins[i] + "@ziggo.nl", logins[i], plain[i], hashes[i], genders[i], nats[i], geos[i]}, ";"))
	}
	path := filepath.Join(t.TempDir(), "leden.csv")
	if err := os.WriteFile(path, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, show := range []bool{false, true} {
		opt := testOptions(t)
		opt.ShowValues = show
		rep := scan(t, opt, path)
		got := classes(rep, rep.Columns[0].Source)
		want := map[string]string{"login": "username", "password": "credential", "password_hash": "credential",
			"geslacht": "gender", "nationaliteit": "nationality", "location": "geo_location"}
		for col, kind := range want {
			if got[col] != kind {
				t.Errorf("show=%v: column %s = %q, want %q (all: %v)", show, col, got[col], kind, got)
			}
		}
		sev := map[string]string{}
		for _, f := range rep.Findings {
			if f.Rule == "security.credential_stored" {
				sev[f.Location.Column] = f.Severity
			}
			for _, s := range f.Samples {
				for _, v := range append(append([]string{}, plain...), hashes...) {
					if strings.Contains(s, v) {
						t.Errorf("show=%v: finding %s on %s shows a password: %q", show, f.Rule, f.Location.Column, s)
					}
				}
			}
		}
		if sev["password"] != "high" || sev["password_hash"] != "medium" {
			t.Errorf("show=%v: credential severities = %v, want password high and password_hash medium", show, sev)
		}
	}
}
