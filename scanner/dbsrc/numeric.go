package dbsrc

import (
	"strings"

	"github.com/crmscan/crmscan/detectors"
)

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

// digitKinds are the detectors whose values a number column can hold
// whole: a BSN, a Belgian national number, a phone number, a KvK number, a
// card number, an IMEI, a postcode, a yyyymmdd birth date.
var digitKinds = []string{"bsn", "be_national_number", "phone", "kvk_number", "credit_card", "imei", "postcode", "date_of_birth"}

// identifierName reports whether a column's name marks personal
// identifiers, by the column words of those detectors' own descriptions
// (rules/default.toml): the vocabulary the scan judges columns by, in
// every language it knows, not a second list kept here.
func identifierName(name string) bool {
	for _, id := range digitKinds {
		if d, ok := detectors.Get(id); ok && d.ColumnHint(name) {
			return true
		}
	}
	return false
}

// numericIdentifier reports whether a number column is read as text.
func numericIdentifier(name, typ string) bool {
	return wholeNumberType(typ) && identifierName(name)
}
