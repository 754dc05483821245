package detectors

// IsUUID reports whether cell is one UUID and nothing else: 32 hex digits
// (either case) in groups of 8, 4, 4, 4 and 12 parted by dashes, bare or
// in braces as .NET and Dynamics 365 write a GUID. CRM tables and their
// exports carry many of them (record, owner and lookup IDs); they are
// identifiers of records, and no part of one is a phone number, a card
// number, a date or a word (a "-deaf-" group is no hearing impairment), so
// only the detectors whose Prefilter has WholeUUID are asked about such a
// cell.
func IsUUID(cell []byte) bool {
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

// notHex is 1 for a byte that is no hex digit.
var notHex = func() (t [256]byte) {
	for c := range t {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			t[c] = 1
		}
	}
	return t
}()
