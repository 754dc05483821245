package gate

import (
	"strings"
	"testing"
)

// TestTagAliases checks that the aliases derive from the detectors'
// descriptions: a tag in allow or deny stands for every kind that carries
// it, national IDs and credentials are sensitive, and the new kinds are
// policy kinds.
func TestTagAliases(t *testing.T) {
	ks := " " + strings.Join(Kinds(), " ") + " "
	for _, k := range []string{"gender", "username", "security.credential_stored", "geo_location", "nationality", "contact", "financial", "location"} {
		if !strings.Contains(ks, " "+k+" ") {
			t.Errorf("Kinds() lacks %s: %s", k, ks)
		}
	}
	if got := canonical("credential"); got != "security.credential_stored" {
		t.Errorf("canonical(credential) = %q, want the credential rule", got)
	}
	contact := map[string]bool{"contact": true}
	for kind, want := range map[string]bool{"email": true, "phone": true, "iban": false, "bsn": false} {
		if got := inList(contact, kind); got != want {
			t.Errorf("inList(contact, %s) = %v, want %v", kind, got, want)
		}
	}
	for kind, want := range map[string]bool{"bsn": true, "id_document": true, "be_national_number": true, "email": false} {
		if got := inList(map[string]bool{AliasNationalID: true}, kind); got != want {
			t.Errorf("inList(national_id, %s) = %v, want %v", kind, got, want)
		}
		if got := critical(kind); got != want {
			t.Errorf("critical(%s) = %v, want %v", kind, got, want)
		}
	}
	if !inList(map[string]bool{AliasSpecial: true}, "special.health") {
		t.Error("special does not stand for special.health")
	}
	if !sensitive("security.credential_stored") || sensitive("gender") {
		t.Error("credentials must be sensitive, gender not")
	}
}
