package detectors_test

import (
	"testing"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/detectors/detectortest"
)

var usernamePositives = []string{"vsmith", "aeinstein", "j.devries", "piet_1984", "Mike", "ldestailleur", "jan-willem", "user42"}

var usernameNegatives = []string{"12345", "-", "NULL", "null", "guest", "Jan de Vries", "https://x.nl/u", "C:\\Users", ".hidden", "a"}

func TestUsernameAccept(t *testing.T) {
	d := mustGet(t, "username")
	detectortest.Accept(t, d, detectortest.Cases{Positives: usernamePositives, Negatives: usernameNegatives, Hint: true, NoFreeText: true})
}

func TestUsernameFind(t *testing.T) {
	M := detectors.Medium
	checkKind(t, "username", []kindCase{
		{"vsmith", "login", M}, {"aeinstein", "Login", M}, {"Mike", "username", M}, {"j.devries", "gebruikersnaam", M},
		{"eldy", "user_login", M}, {"piet_1984", "UserName", M}, {"k.jansen", "inlognaam", M},
		{"vsmith", "notes", 0}, {"vsmith", "lastname", 0}, {"12", "login", 0}, {"Jan de Vries", "username", 0},
		{"2024-03-12 10:15", "last_login", 0},
	})
}

func TestUsernameColumnHint(t *testing.T) {
	d := mustGet(t, "username")
	for _, c := range []string{"login", "username", "user_name", "UserName", "gebruikersnaam", "inlognaam", "Benutzername", "user_login"} {
		if !d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"lastname", "name", "company", "email", "status", "password"} {
		if d.ColumnHint(c) {
			t.Errorf("ColumnHint(%q) = true, want false", c)
		}
	}
}

func FuzzUsername(f *testing.F) {
	for _, v := range append(append([]string{}, usernamePositives...), usernameNegatives...) {
		f.Add([]byte(v), true)
	}
	d := detectors.Username{}
	f.Fuzz(func(t *testing.T, cell []byte, hint bool) { fuzzDetector(t, d, cell, hint) })
}
