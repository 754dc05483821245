package detectors

// IsRecordID reports whether cell is one record ID and nothing else, the
// key a CRM gives a record and writes into every reference to it:
//   - a UUID: 32 hex digits (either case) in groups of 8, 4, 4, 4 and 12
//     parted by dashes, bare or in braces as .NET and Dynamics 365 write a
//     GUID (SuiteCRM keys every record with one, Dynamics 365 an entity's
//     five to ten lookups);
//   - a Salesforce ID of 18 characters: 15 letters and digits whose case
//     the last three spell out (each encodes which of five characters are
//     capitals), so one in 32,768 strings of that length passes by chance,
//     and no IBAN, card or phone number does (they hold no lower-case
//     letter, or digits where the check needs letters). An export carries
//     several per row: Id, AccountId, OwnerId, CreatedById.
//
// No part of a record ID is a phone number, a card number, a date or a
// word (a "-deaf-" group is no hearing impairment), so only the detectors
// whose Prefilter has WholeID are asked about such a cell.
func IsRecordID(cell []byte) bool {
	switch len(cell) {
	case sfIDLen:
		return isSalesforceID(cell)
	case uuidLen, uuidLen + 2:
		return isUUID(cell)
	}
	return false
}

// isUUID: a UUID, bare or in braces.
func isUUID(cell []byte) bool {
	switch len(cell) {
	case uuidLen:
	case uuidLen + 2:
		if cell[0] != '{' || cell[uuidLen+1] != '}' {
			return false
		}
		cell = cell[1 : uuidLen+1]
	default:
		return false
	}
	if cell[8] != '-' || cell[13] != '-' || cell[18] != '-' || cell[23] != '-' {
		return false
	}
	var bad byte
	for i, c := range cell {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			continue
		}
		bad |= notHex[c]
	}
	return bad == 0
}

// sfIDLen is the length of a Salesforce ID with its case-check suffix.
const sfIDLen = 18

// sfCheck spells a 5-bit capitals mask in a Salesforce ID's suffix.
const sfCheck = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

// isSalesforceID: 15 ASCII letters and digits, then for each run of five
// the character of sfCheck at the mask of its capitals (bit i for the
// i-th character).
func isSalesforceID(cell []byte) bool {
	if len(cell) != sfIDLen {
		return false
	}
	for c := 0; c < 3; c++ {
		mask := 0
		for i, ch := range cell[5*c : 5*c+5] {
			switch {
			case ch-'A' < 26:
				mask |= 1 << i
			case ch-'a' < 26, ch-'0' < 10:
			default:
				return false
			}
		}
		if cell[15+c] != sfCheck[mask] {
			return false
		}
	}
	return true
}

// notHex is 1 for a byte that is no hex digit.
var notHex = func() (t [256]byte) {
	for c := range t {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			t[c] = 1
		}
	}
	return t
}()
