package dbsrc

import "strings"

// Number columns are not read by default: ids, foreign keys, amounts and
// quantities are the bulk of a schema and hold nobody's data. But a CRM
// also stores identifiers as numbers: a BSN in an INTEGER column, a phone
// number in a BIGINT, a KvK number, a Belgian or German postcode, a date of
// birth as yyyymmdd. Skipping those would be a silent miss, so a whole-
// number column is read when its name says it holds such an identifier.

// wholeNumberType reports whether a declared type, of any dialect, holds
// whole numbers (integers, or decimals that may have scale 0).
func wholeNumberType(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 {
		// numeric(9,0) keeps its scale; numeric(12,2) is an amount.
		args := t[i+1:]
		t = strings.TrimSpace(t[:i])
		if t == "numeric" || t == "decimal" || t == "number" {
			if j := strings.IndexByte(args, ','); j >= 0 {
				scale := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(args[j+1:]), ")"))
				return scale == "0"
			}
			return true
		}
	}
	t = strings.TrimSuffix(t, " unsigned")
	switch t {
	case "int", "integer", "bigint", "int8", "int4", "mediumint", "numeric", "decimal", "number":
		return true
	}
	// SQLite's affinity rule: any declared type containing INT.
	return strings.Contains(t, "int") && !strings.Contains(t, "interval") && !strings.Contains(t, "point") &&
		t != "tinyint" && t != "smallint" && t != "int2"
}

// idWords are name parts that mark a column of personal identifiers; they
// match anywhere in the lower-cased name with separators removed.
var idWords = []string{
	"bsn", "sofinummer", "sofinr", "burgerservice", "socialsecurity", "socsec", "rijksregister",
	"nationalnumber", "nationalid", "insz", "personnummer", "steuerid", "taxid",
	"phone", "telefoon", "telefon", "mobile", "mobiel", "mobil", "portable", "gsm", "handy",
	"kvk", "chamberofcommerce", "handelsregister",
	"iban", "bankaccount", "accountnumber", "rekeningnummer", "rekeningnr", "kontonummer",
	"creditcard", "cardnumber", "kaartnummer",
	"imei", "passport", "paspoort", "reisepass", "idnumber", "documentnumber", "documentnr",
	"postcode", "postalcode", "zipcode", "postleitzahl", "codepostal",
	"birth", "geboorte", "naissance", "geburt",
}

// idTokens are short words that mark such a column only as a whole token of
// the name (tel_1, zip, dob), so "hotel" or "zipper" do not.
var idTokens = map[string]bool{
	"tel": true, "fax": true, "ssn": true, "zip": true, "plz": true, "cp": true, "dob": true,
	"nin": true, "nino": true, "sin": true, "msisdn": true, "pan": true,
}

// identifierName reports whether a column's name marks personal identifiers.
func identifierName(name string) bool {
	low := strings.ToLower(name)
	var compact strings.Builder
	for _, tok := range strings.FieldsFunc(low, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if idTokens[strings.TrimRight(tok, "0123456789")] {
			return true
		}
		compact.WriteString(tok)
	}
	c := compact.String()
	for _, w := range idWords {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// numericIdentifier reports whether a number column is read as text.
func numericIdentifier(name, typ string) bool {
	return wholeNumberType(typ) && identifierName(name)
}
