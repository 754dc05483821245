package detectors

// MACAddress finds hardware (MAC) addresses: six hex octets joined by ':'
// or '-' (d0:50:99:84:a2:a0, D0-50-99-84-A2-A0) and the Cisco dotted form
// (d050.9984.a2a0). The broadcast and all-zero addresses do not count.
//
// An address of digits only (12-34-56-78-90-12, 1234.5678.9012) may be
// another kind of number, so it is Low unless the column says MAC.
type MACAddress struct{}

var _ Detector = MACAddress{}

func init() { Register(MACAddress{}) }

// ID returns "mac_address".
func (MACAddress) ID() string { return "mac_address" }

// Priority ranks MAC addresses just above IP addresses.
func (MACAddress) Priority() int { return priorityOf("mac_address") }

var macHint = specHint("mac_address") // words: rules/default.toml, rules."pii.mac_address"

// ColumnHint reports names such as mac, mac_address, MACAddress, device_mac.
func (MACAddress) ColumnHint(column string) bool { return macHint.match(column) }

// Prefilter implements Detector.
func (MACAddress) Prefilter() Prefilter {
	// Six pairs parted by five colons or dashes, or three groups of four
	// parted by two dots.
	return Prefilter{MinLen: 14, Any: ShapeColon | ShapeDash | ShapeDot, Seps: [SepKinds]uint8{SepColon: 5, SepDash: 5, SepDot: 2}}
}

// Find returns the MAC addresses in the cell.
func (MACAddress) Find(cell []byte, ctx Context, out []Match) []Match {
	for i := 0; i+14 <= len(cell); {
		if c := cell[i]; !isHex(c) || !macStartOK(cell, i) {
			// Every byte after a word byte is glued to it (macStartOK):
			// skip the rest of the word.
			for i++; isWordByte(c) && i < len(cell) && isWordByte(cell[i]); i++ {
			}
			continue
		}
		a, end, ok := macAt(cell, i)
		if !ok || a == [6]byte{} || a == [6]byte{255, 255, 255, 255, 255, 255} {
			for i < len(cell) && isAlnum(cell[i]) {
				i++
			}
			continue
		}
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end), Confidence: Medium}
		switch {
		case ctx.Hint:
			m.Confidence = High
		case !hasHexLetter(cell[i:end]):
			m.Confidence = Low
		}
		var buf [17]byte
		for k, b := range a {
			buf[3*k] = "0123456789abcdef"[b>>4]
			buf[3*k+1] = "0123456789abcdef"[b&15]
			if k < 5 {
				buf[3*k+2] = ':'
			}
		}
		m.Normalized = ctx.norm(buf[:])
		out = append(out, m)
		i = end
	}
	return out
}

func hasHexLetter(b []byte) bool {
	for _, c := range b {
		if isLetter(c) {
			return true
		}
	}
	return false
}

// macStartOK rejects an address glued to a word or to a longer run of
// groups.
func macStartOK(cell []byte, i int) bool {
	if i == 0 {
		return true
	}
	c := cell[i-1]
	if isWordByte(c) {
		return false
	}
	return !(c == ':' || c == '-' || c == '.') || i < 2 || !isAlnum(cell[i-2])
}

// macAt reads the six octets of a MAC address at cell[i].
func macAt(cell []byte, i int) (a [6]byte, end int, ok bool) {
	switch sep := cell[i+2]; {
	case sep == ':' || sep == '-':
		if i+17 > len(cell) {
			return a, 0, false
		}
		for k := 0; k < 6; k++ {
			p := i + 3*k
			if !isHex(cell[p]) || !isHex(cell[p+1]) || k < 5 && cell[p+2] != sep {
				return a, 0, false
			}
			a[k] = byte(hexVal(cell[p])<<4 | hexVal(cell[p+1]))
		}
		end = i + 17
	case isHex(sep) && cell[i+4] == '.':
		for k := 0; k < 3; k++ {
			p := i + 5*k
			if !isHex(cell[p]) || !isHex(cell[p+1]) || !isHex(cell[p+2]) || !isHex(cell[p+3]) || k < 2 && cell[p+4] != '.' {
				return a, 0, false
			}
			a[2*k] = byte(hexVal(cell[p])<<4 | hexVal(cell[p+1]))
			a[2*k+1] = byte(hexVal(cell[p+2])<<4 | hexVal(cell[p+3]))
		}
		end = i + 14
	default:
		return a, 0, false
	}
	if end < len(cell) {
		c := cell[end]
		if isWordByte(c) || (c == ':' || c == '-' || c == '.') && end+1 < len(cell) && isAlnum(cell[end+1]) {
			return a, 0, false
		}
	}
	return a, end, true
}

// Mask keeps the first octet: d0:**:**:**:**:**.
func (MACAddress) Mask(normalized string) string {
	if len(normalized) != 17 {
		return "**:**:**:**:**:**"
	}
	return normalized[:2] + ":**:**:**:**:**"
}
