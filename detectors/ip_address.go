package detectors

import (
	"bytes"
	"net/netip"
)

// IPAddress finds IPv4 addresses in dotted-quad form (192.168.10.20) and
// IPv6 addresses, full or compressed (2001:db8::8a2e:370:7334), also inside
// free text and log lines. Private and loopback addresses count (in a LAN
// log they identify a device); 0.0.0.0, 255.255.255.255 and :: do not.
//
// Version numbers (v1.2.3.4, versie 10.0.0.1), dates, times (10:15:00) and
// MAC addresses are not addresses.
type IPAddress struct{}

var _ Detector = IPAddress{}

func init() { Register(IPAddress{}) }

// ID returns "ip_address".
func (IPAddress) ID() string { return "ip_address" }

// Priority ranks IP addresses below the checksummed kinds and MAC addresses.
func (IPAddress) Priority() int { return priorityOf("ip_address") }

var ipHint = specHint("ip_address") // words: rules/default.toml, rules."pii.ip_address"

// ColumnHint reports names such as ip, ip_address, ipadres, last_ip,
// hs_ip_address, IPAddress.
func (IPAddress) ColumnHint(column string) bool { return ipHint.match(column) }

// Prefilter implements Detector.
func (IPAddress) Prefilter() Prefilter {
	// Four octets parted by three dots, or eight IPv6 groups parted by
	// seven colons, or fewer around "::".
	return Prefilter{MinLen: 4, Any: ShapeDot | ShapeColon, Seps: [SepKinds]uint8{SepColon: 7, SepDot: 3, SepDoubleColon: 1}}
}

// ipVersionWords before an address make it a version number.
var ipVersionWords = []string{"v", "ver", "versie", "version", "release", "build", "firmware", "software", "update"}

// versionHint names columns of version numbers: version, versie,
// softwareversie, app_version, build, release, firmware.
var versionHint = columnHint{
	contains: []string{"version", "versie", "firmware"},
	tokens:   []string{"build", "release", "ver", "rev", "revision"},
}

// versionColumn reports a column whose name says it holds version numbers.
func versionColumn(column string) bool { return versionHint.match(column) }

// ipv4VersionLike reports an address that reads as a version number: a
// small leading number outside the private 10/8 range and small parts
// (4.12.3.7, 2.0.1.15). A column of real addresses holds many others.
func ipv4VersionLike(a [4]byte) bool {
	return a[0] <= 20 && a[0] != 10 && a[1] < 100 && a[2] < 100 && a[3] < 100
}

// Find returns the IP addresses in the cell.
func (IPAddress) Find(cell []byte, ctx Context, out []Match) []Match {
	conf := Medium
	if ctx.Hint {
		conf = High
	} else if ctx.column().version {
		// Softwareversie 4.12.3.7: a version column holds no addresses.
		return out
	}
	if bytes.IndexByte(cell, '.') >= 0 {
		for i := 0; i < len(cell); {
			if !isDigit(cell[i]) {
				i = indexDigit(cell, i+1)
				continue
			}
			a, end, ok := ipv4At(cell, i)
			if ok && ipv4StartOK(cell, i) && ipv4EndOK(cell, end) && !ipv4Reserved(a) && !ipAfterVersionWord(cell, i) {
				out = append(out, Match{
					Start: i, End: end, Confidence: conf,
					Normalized:  ipString(netip.AddrFrom4(a), &ctx),
					WholeCell:   isWholeCell(cell, i, end),
					AlsoVersion: ipv4VersionLike(a),
				})
				i = end
				continue
			}
			for i < len(cell) && (isDigit(cell[i]) || cell[i] == '.') {
				i++
			}
		}
	}
	if ipv6Possible(cell) {
		for i := 0; i < len(cell); {
			c := cell[i]
			if !isHex(c) && c != ':' || !ipv6StartOK(cell, i) {
				i++
				continue
			}
			a, end, ok := ipv6At(cell, i)
			if ok && ipv6EndOK(cell, end) && !overlapsAny(out, i, end) {
				out = append(out, Match{
					Start: i, End: end, Confidence: conf,
					Normalized: ipString(netip.AddrFrom16(a), &ctx),
					WholeCell:  isWholeCell(cell, i, end),
				})
				i = end
				continue
			}
			i++
			for i < len(cell) && (isHex(cell[i]) || cell[i] == ':') {
				i++
			}
		}
	}
	return out
}

// ipv6Possible reports whether cell may hold an IPv6 address (ipv6At):
// eight groups take seven colons, six when the last two are a dotted IPv4
// address, and fewer groups need a "::".
func ipv6Possible(cell []byte) bool {
	return bytes.Count(cell, []byte{':'}) >= 6 || bytes.Contains(cell, []byte("::"))
}

// overlapsAny reports whether [start,end) overlaps a match in ms.
func overlapsAny(ms []Match, start, end int) bool {
	for k := range ms {
		if ms[k].Start < end && start < ms[k].End {
			return true
		}
	}
	return false
}

// ipv4At reads four decimal octets 0–255 joined by dots, without leading
// zeros, at cell[i].
func ipv4At(cell []byte, i int) (a [4]byte, end int, ok bool) {
	p := i
	for k := 0; k < 4; k++ {
		if k > 0 {
			if p+1 >= len(cell) || cell[p] != '.' {
				return a, 0, false
			}
			p++
		}
		q, v := p, 0
		for q < len(cell) && isDigit(cell[q]) && q-p < 4 {
			v = v*10 + int(cell[q]-'0')
			q++
		}
		if n := q - p; n == 0 || n > 3 || v > 255 || n > 1 && cell[p] == '0' {
			return a, 0, false
		}
		a[k] = byte(v)
		p = q
	}
	return a, p, true
}

// ipv4StartOK rejects an address glued to a word, to a '+' or to a longer
// dotted number.
func ipv4StartOK(cell []byte, i int) bool {
	if i == 0 {
		return true
	}
	c := cell[i-1]
	if isWordByte(c) || c == '+' {
		return false
	}
	if (c == '.' || c == '-' || c == ',') && i >= 2 && isAlnum(cell[i-2]) {
		return false
	}
	// the tail of an IPv6 address (::ffff:192.0.2.1), not a label (IP:)
	return c != ':' || i < 2 || !isHex(cell[i-2]) && cell[i-2] != ':'
}

// ipv4EndOK rejects an address followed by a letter, a digit or a dot or
// comma with more digits (a fifth group, a decimal).
func ipv4EndOK(cell []byte, e int) bool {
	if e >= len(cell) {
		return true
	}
	c := cell[e]
	if isWordByte(c) {
		return false
	}
	if (c == '.' || c == ',' || c == '-') && e+1 < len(cell) && isAlnum(cell[e+1]) {
		return false
	}
	return true
}

// ipv4Reserved reports 0.0.0.0 and 255.255.255.255, which name no host.
func ipv4Reserved(a [4]byte) bool {
	return a == [4]byte{} || a == [4]byte{255, 255, 255, 255}
}

// ipAfterVersionWord reports a version word (v, versie, version...) just
// before cell[i], separated by at most a space, a colon or a dot.
func ipAfterVersionWord(cell []byte, i int) bool {
	p := i
	for k := 0; k < 2 && p > 0 && (cell[p-1] == ' ' || cell[p-1] == ':' || cell[p-1] == '.'); k++ {
		p--
	}
	s := p
	for s > 0 && isLetter(cell[s-1]) {
		s--
	}
	if s == p || p-s > 8 {
		return false
	}
	for _, w := range ipVersionWords {
		if e, ok := hasWordFold(cell, s, w); ok && e == p {
			return true
		}
	}
	return false
}

// ipv6At reads an IPv6 address at cell[i]: eight hex groups of 1–4 digits
// joined by colons, or fewer with one "::", optionally ending in a dotted
// IPv4 address. A compressed address needs two explicit groups, so that "a::"
// or "::1" in code or prose is not an address.
func ipv6At(cell []byte, i int) (a [16]byte, end int, ok bool) {
	var g [8]uint16
	ng, gap := 0, -1
	p := i
	if cell[p] == ':' {
		if p+1 >= len(cell) || cell[p+1] != ':' {
			return a, 0, false
		}
		gap, p = 0, p+2
	}
	for ng < 8 {
		q, v := p, 0
		for q < len(cell) && isHex(cell[q]) && q-p < 5 {
			v = v<<4 | hexVal(cell[q])
			q++
		}
		n := q - p
		if n == 0 {
			break
		}
		if n > 4 {
			return a, 0, false
		}
		if q < len(cell) && cell[q] == '.' { // embedded IPv4: the last 32 bits
			v4, e, ok4 := ipv4At(cell, p)
			if !ok4 || ng > 6 {
				return a, 0, false
			}
			g[ng], g[ng+1] = uint16(v4[0])<<8|uint16(v4[1]), uint16(v4[2])<<8|uint16(v4[3])
			ng, p = ng+2, e
			break
		}
		g[ng] = uint16(v)
		ng, p = ng+1, q
		if p+1 < len(cell) && cell[p] == ':' {
			if cell[p+1] == ':' {
				if gap >= 0 {
					return a, 0, false
				}
				gap, p = ng, p+2
				continue
			}
			if isHex(cell[p+1]) && ng < 8 {
				p++
				continue
			}
		}
		break
	}
	switch {
	case gap < 0 && ng != 8, gap >= 0 && (ng > 7 || ng < 2):
		return a, 0, false
	}
	if gap < 0 {
		gap = ng
	}
	// groups before the gap at the front, the rest at the back
	for k := 0; k < ng; k++ {
		pos := k
		if k >= gap {
			pos = 8 - ng + k
		}
		a[2*pos], a[2*pos+1] = byte(g[k]>>8), byte(g[k])
	}
	if a == [16]byte{} {
		return a, 0, false
	}
	return a, p, true
}

// ipv6StartOK rejects an address glued to a word or to more groups; a
// label's colon (IP:2001:db8::1) is fine.
func ipv6StartOK(cell []byte, i int) bool {
	if i == 0 {
		return true
	}
	switch c := cell[i-1]; {
	case isWordByte(c), c == '.':
		return false
	case c == ':':
		// a label such as "IP:", not a group of a longer address
		return cell[i] != ':' && (i < 2 || !isHex(cell[i-2]) && cell[i-2] != ':')
	}
	return true
}

// ipv6EndOK rejects an address glued to a word or to more groups.
func ipv6EndOK(cell []byte, e int) bool {
	if e >= len(cell) {
		return true
	}
	c := cell[e]
	if isWordByte(c) {
		return false
	}
	if (c == ':' || c == '.') && e+1 < len(cell) && (isHex(cell[e+1]) || cell[e+1] == ':') {
		return false
	}
	return true
}

// Mask keeps the first IPv4 octet or the first IPv6 group: 192.*.*.*,
// 2001:****.
func (IPAddress) Mask(normalized string) string {
	for i := 0; i < len(normalized); i++ {
		switch normalized[i] {
		case '.':
			if i == 0 {
				return "*.*.*.*"
			}
			return normalized[:i] + ".*.*.*"
		case ':':
			return normalized[:i] + ":****"
		}
	}
	return "****"
}

// ipString is the address's canonical text, or "" when the caller skips
// normalized values.
func ipString(a netip.Addr, ctx *Context) string {
	if ctx.SkipNormalized {
		return ""
	}
	return a.String()
}
