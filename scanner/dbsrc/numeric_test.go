package dbsrc

import "testing"

func TestNumericIdentifier(t *testing.T) {
	for _, c := range []struct {
		name, typ string
		want      bool
	}{
		{"bsn", "integer", true},
		{"BurgerServiceNummer", "INT", true},
		{"phone_number", "bigint", true},
		{"tel_2", "bigint(20) unsigned", true},
		{"mobile", "numeric(10,0)", true},
		{"kvk_nr", "int(11)", true},
		{"zip", "INTEGER", true},
		{"postcode", "smallint", false}, // too small to hold an identifier worth reading
		{"date_of_birth", "int", true},
		{"dob", "bigint", true},
		{"id", "integer", false},
		{"customer_id", "bigint", false},
		{"amount", "numeric(12,2)", false},
		{"phone", "numeric(12,2)", false},
		{"hotel_id", "integer", false},
		{"quantity", "int", false},
		{"bsn", "boolean", false},
		{"iban", "double precision", false},
	} {
		if got := numericIdentifier(c.name, c.typ); got != c.want {
			t.Errorf("numericIdentifier(%q, %q) = %v, want %v", c.name, c.typ, got, c.want)
		}
	}
}
