package detectors_test

import (
	"strings"
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
	"github.com/crmscan/crmscan/rules"
)

// Hash formats as the libraries write them (openssl passwd -1/-5/-6, the
// bcrypt and argon2 reference examples, Django, LDAP).
var credentialHashes = map[string]string{
	"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy":                                       "bcrypt",
	"$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW":                                       "bcrypt",
	"$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG":                        "argon2",
	"$1$abcdefgh$vhxKZ/s1ygZHyCEDPyqtQ/":                                                                 "md5-crypt",
	"$5$abcdefgh$XEPmEiAJvPG31m/DaIsyckkv.Sxd.8NrmElXxCKFQr/":                                            "sha256-crypt",
	"$6$abcdefgh$M/eYsB4rVXAm3ZNc88J.UD9rCKAT6FB1rahiwJCHtEndQNORCub5qhjxn50qbqVVthkM.9HpEwtf0t.iV9uH0/": "sha512-crypt",
	"$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7":                          "yescrypt",
	"pbkdf2_sha256$260000$Yf4dB2mGyp3bCqJ9hA1zXq$0aX2bQk3n4R5s6T7u8V9w0Y1z2A3b4C5d6E7f8G9h0I=":           "pbkdf2",
	"{SSHA}DkMTwBl+a/3DQTxCYEApdUtNXGgdUac3":                                                             "ldap",
}

var credentialPlainPositives = []string{"Welkom01!", "hunter2", "geheim", "P@ssw0rd", "correct horse"}

var credentialNegatives = []string{"NULL", "*", "********", "md5", "2024-03-12 10:15:00", "01/03/2024", "ja", "a", "Dit is geen wachtwoord maar een zin"}

func TestCredentialAccept(t *testing.T) {
	d := mustGet(t, "credential")
	var hashes []string
	for h := range credentialHashes {
		hashes = append(hashes, h)
	}
	detectortest.Accept(t, d, detectortest.Cases{Positives: append(hashes, credentialPlainPositives...), Negatives: credentialNegatives, Hint: true, NoFreeText: true})
	detectortest.Accept(t, d, detectortest.Cases{Positives: hashes, NoFreeText: true})
}

func TestCredentialFormats(t *testing.T) {
	d := mustGet(t, "credential")
	for h, want := range credentialHashes {
		// A hash format is recognised in any column.
		ms := d.Find([]byte(h), detectors.NewContext(d, "data"), nil)
		if len(ms) != 1 || ms[0].Normalized != "credential:"+want || ms[0].Confidence != detectors.High {
			t.Errorf("Find(%q) = %+v, want one %s match of high confidence", h, ms, want)
		}
		// Broken: one byte short.
		if ms := d.Find([]byte(h[:len(h)-1]), detectors.NewContext(d, "data"), nil); len(ms) != 0 && want != "argon2" && want != "yescrypt" && want != "pbkdf2" && want != "ldap" {
			t.Errorf("Find(%q) = %+v, want no match", h[:len(h)-1], ms)
		}
	}
	H, M := detectors.High, detectors.Medium
	checkKind(t, "credential", []kindCase{
		{"5f4dcc3b5aa765d61d8327deb882cf99", "password", H},                // md5
		{"5F4DCC3B5AA765D61D8327DEB882CF99", "pass_crypted", H},            // md5, upper case
		{"5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", "password", H},        // sha1
		{"*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", "authentication", 0}, // MySQL, no password column
		{"*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", "user_password", H},
		{"5f4dcc3b5aa765d61d8327deb882cf99", "email_hash", 0}, // a hashed identifier, not a password
		{"Welkom01!", "wachtwoord", M}, {"hunter2", "pass", M}, {"geheim", "pwd", M}, {"geheim", "Passwort", M},
		{"geheim", "remarks", 0}, {"hunter2", "passport", 0}, {"NW12KL3P4", "passport_number", 0},
		{"2024-03-12", "password_changed", 0}, {"NULL", "password", 0},
	})
}

func TestCredentialNeverShown(t *testing.T) {
	d := mustGet(t, "credential")
	if !detectors.IsSecret(d) {
		t.Fatal("credential is not Secret: --show-values would print passwords")
	}
	for _, v := range append([]string{"Welkom01!", "hunter2"}, "$1$abcdefgh$vhxKZ/s1ygZHyCEDPyqtQ/") {
		for _, m := range d.Find([]byte(v), detectors.NewContext(d, "password"), nil) {
			if strings.Contains(m.Normalized, v[1:4]) || strings.Contains(d.Mask(m.Normalized), v[1:4]) {
				t.Errorf("match of %q carries part of the value: %q / %q", v, m.Normalized, d.Mask(m.Normalized))
			}
		}
	}
	sv, ok := d.(detectors.Severer)
	if !ok {
		t.Fatal("credential is not a Severer")
	}
	if got := sv.Severity(rules.High, []string{"[plain-text password]", "[md5 hash]"}); got != rules.High {
		t.Errorf("Severity(plain text) = %v, want high", got)
	}
	if got := sv.Severity(rules.High, []string{"[bcrypt hash]", "[bcrypt hash]"}); got != rules.Medium {
		t.Errorf("Severity(hashes) = %v, want medium", got)
	}
}

func TestCredentialColumnHint(t *testing.T) {
	d := mustGet(t, "credential")
	for _, c := range []string{"password", "wachtwoord", "pass", "pass_crypted", "user_pwd", "Passwort", "mot_de_passe", "PasswordHash", "passwd"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"passport", "paspoort", "passage", "compass", "email", "bypass_reason"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzCredential(f *testing.F) {
	for h := range credentialHashes {
		f.Add([]byte(h), false)
	}
	for _, v := range append(append([]string{}, credentialPlainPositives...), credentialNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.Credential{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}
