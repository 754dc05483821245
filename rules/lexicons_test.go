package rules

import "testing"

func TestLexicons(t *testing.T) {
	lx, err := Lexicons()
	if err != nil {
		t.Fatalf("Lexicons() error: %v", err)
	}
	s, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	want := []string{"health", "religion", "ethnicity", "political", "trade_union", "sexual_orientation", "criminal", "biometric", "judgmental"}
	if len(lx) != len(want) {
		t.Errorf("Lexicons() has %d categories, want %d", len(lx), len(want))
	}
	for _, c := range want {
		l, ok := lx[c]
		if !ok {
			t.Errorf("lexicon %q missing", c)
			continue
		}
		r, ok := s.Rule(l.Rule)
		if !ok {
			t.Errorf("lexicon %q reports under %q, which is not a rule", c, l.Rule)
			continue
		}
		if r.NL.Title == "" || r.NL.Remediation == "" || r.EN.Title == "" {
			t.Errorf("rule %s lacks English or Dutch text", r.ID)
		}
		if len(l.Terms) < 20 {
			t.Errorf("lexicon %q has %d terms, want at least 20 (NL and EN)", c, len(l.Terms))
		}
	}
}

func TestColumnKind(t *testing.T) {
	if _, err := ColumnTable(); err != nil {
		t.Fatalf("ColumnTable() error: %v", err)
	}
	tests := []struct{ col, want string }{
		{"voornaam", "name.first"}, {"FirstName", "name.first"}, {"first_name", "name.first"},
		{"Achternaam", "name.last"}, {"tussenvoegsel", "name.middle"}, {"fullname", "name.full"},
		{"Name", "name.generic"}, {"naam", "name.generic"}, {"bedrijfsnaam", "not_person"},
		{"Company Name", "not_person"}, {"accountname", "not_person"},
		{"emailaddress1", "email"}, {"email1", "email"}, {"E-mail adres", "email"}, {"telephone1", "phone"},
		{"MobilePhone", "phone"}, {"phone_mobile", "phone"}, {"Mobile Phone Number", "phone"},
		{"birthdate", "date_of_birth"}, {"Birthdate", "date_of_birth"}, {"date_of_birth", "date_of_birth"},
		{"address1_line1", "address.street"}, {"MailingStreet", "address.street"},
		{"primary_address_street", "address.street"}, {"street2", "address.street"},
		{"address1_city", "address.city"}, {"woonplaats", "address.city"}, {"MailingCity", "address.city"},
		{"Description", "notes"}, {"opmerkingen", "notes"}, {"comment", "notes"},
		{"zip", "postcode"}, {"acc_number", "iban"}, {"", ""}, {"order_id", ""}, {"amount", ""},
	}
	for _, tt := range tests {
		if got := ColumnKind(tt.col); got != tt.want {
			t.Errorf("ColumnKind(%q) = %q, want %q", tt.col, got, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { ColumnKind("address1_line1") }); n != 0 {
		t.Errorf("ColumnKind allocates %v times, want 0", n)
	}
}
