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
	case uuidLen:
		return isUUID(cell)
	case uuidLen + 2:
		return cell[0] == '{' && cell[uuidLen+1] == '}' && isUUID(cell[1:uuidLen+1])
	}
	return false
}

// isUUID: a bare UUID of uuidLen bytes.
func isUUID(cell []byte) bool {
	for i, c := range cell {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

// sfIDLen is the length of a Salesforce ID with its case-check suffix.
const sfIDLen = 18

// sfCheck spells a 5-bit capitals mask in a Salesforce ID's suffix.
const sfCheck = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

// isSalesforceID: of sfIDLen bytes, 15 ASCII letters and digits, then for each run of five
// the character of sfCheck at the mask of its capitals (bit i for the
// i-th character).
func isSalesforceID(cell []byte) bool {
	for c := 0; c < 3; c++ {
		mask := 0
		for i, ch := range cell[5*c : 5*c+5] {
			switch {
			case ch-'A' < 26:
				mask |= 1 << i
			case !isAlnum(ch):
				return false
			}
		}
		if cell[15+c] != sfCheck[mask] {
			return false
		}
	}
	return true
}
