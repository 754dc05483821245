package detectors

// VATNumber finds Dutch and Belgian VAT identification numbers.
//
// Dutch: NL, nine digits, B and a two-digit suffix above 00
// (NL004495445B01, NL 0044.95.445.B01). The nine digits pass the 11-proef
// (the old btw-nummer: an RSIN, or a sole trader's BSN) or the whole number
// passes ISO 7064 mod 97-10 (the btw-identificatienummer since 2020).
//
// Belgian: BE and the ten-digit enterprise number starting with 0 or 1
// (BE0403019261, BE 0403.019.261; an old nine-digit number gets a leading
// 0), whose first eight digits plus the last two are divisible by 97.
type VATNumber struct{}

var _ Detector = VATNumber{}

func init() { Register(VATNumber{}) }

// ID returns "vat_number".
func (VATNumber) ID() string { return "vat_number" }

// Priority ranks VAT numbers above the BSN: an old Dutch VAT number holds a
// BSN, and the finding is the VAT number.
func (VATNumber) Priority() int { return priorityOf("vat_number") }

var vatHint = specHint("vat_number") // words: rules/default.toml, rules."pii.vat_number"

// ColumnHint reports names such as btw_nummer, vat_number, VATRegistration.
func (VATNumber) ColumnHint(column string) bool { return vatHint.match(column) }

// Prefilter implements Detector.
func (VATNumber) Prefilter() Prefilter {
	// The nine or ten digits after NL or BE are written compact or in
	// groups parted by single dots (vatDigits): one digit group of nine
	// or more (CellFacts), which a UUID or a hash rarely has.
	return Prefilter{MinLen: 11, MinDigits: 9, All: ShapeLetter, MinGroup: 9}
}

// Find returns the VAT numbers in the cell.
func (VATNumber) Find(cell []byte, ctx Context, out []Match) []Match {
	for i := 0; i+11 <= len(cell); i++ {
		a := upperByte(cell[i])
		if a != 'N' && a != 'B' || i > 0 && isWordByte(cell[i-1]) {
			continue
		}
		var buf [14]byte
		var end int
		var ok bool
		switch b := upperByte(cell[i+1]); {
		case a == 'N' && b == 'L':
			end, ok = vatNLAt(cell, i, &buf)
		case a == 'B' && b == 'E':
			end, ok = vatBEAt(cell, i, &buf)
		}
		if !ok || end < len(cell) && !numBoundary(cell, end, false, 0) {
			continue
		}
		n := 14
		if buf[0] == 'B' {
			n = 12
		}
		out = append(out, Match{Start: i, End: end, Normalized: ctx.norm(buf[:n]), Confidence: High, WholeCell: isWholeCell(cell, i, end)})
		i = end - 1
	}
	return out
}

// vatDigits reads n digits at cell[p], compact or in the dotted groups of
// sizes g (0044.95.445), into dst.
func vatDigits(cell []byte, p int, dst []byte, g ...int) (int, bool) {
	n := len(dst)
	if p+n <= len(cell) && allDigits(cell[p:p+n]) && (p+n == len(cell) || !isDigit(cell[p+n])) {
		copy(dst, cell[p:p+n])
		return p + n, true
	}
	k := 0
	for j, size := range g {
		if j > 0 {
			if p >= len(cell) || cell[p] != '.' {
				return 0, false
			}
			p++
		}
		if p+size > len(cell) || !allDigits(cell[p:p+size]) {
			return 0, false
		}
		k += copy(dst[k:], cell[p:p+size])
		p += size
	}
	if p < len(cell) && isDigit(cell[p]) {
		return 0, false
	}
	return p, k == n
}

// vatNLAt reads NL + 9 digits + B + 2 digits at cell[i] into buf.
func vatNLAt(cell []byte, i int, buf *[14]byte) (int, bool) {
	p := i + 2
	if p < len(cell) && cell[p] == ' ' {
		p++
	}
	p, ok := vatDigits(cell, p, buf[2:11], 4, 2, 3)
	if !ok {
		return 0, false
	}
	if p < len(cell) && (cell[p] == ' ' || cell[p] == '.') {
		p++
	}
	if p+3 > len(cell) || upperByte(cell[p]) != 'B' {
		return 0, false
	}
	p++
	if cell[p] == '.' || cell[p] == ' ' {
		p++
	}
	if p+2 > len(cell) || !isDigit(cell[p]) || !isDigit(cell[p+1]) || p+2 < len(cell) && isDigit(cell[p+2]) {
		return 0, false
	}
	buf[0], buf[1], buf[11], buf[12], buf[13] = 'N', 'L', 'B', cell[p], cell[p+1]
	if buf[12] == '0' && buf[13] == '0' {
		return 0, false
	}
	var nine [9]byte
	copy(nine[:], buf[2:11])
	if !elfproef(&nine) && !vatMod97(buf[:]) {
		return 0, false
	}
	return p + 2, true
}

// vatMod97 checks ISO 7064 mod 97-10 over NL…B.. (letters as 10–35).
func vatMod97(s []byte) bool {
	r := 0
	for _, c := range s {
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r == 1
}

// vatBEAt reads BE + a ten-digit enterprise number (or nine digits with the
// leading 0 dropped) at cell[i] into buf.
func vatBEAt(cell []byte, i int, buf *[14]byte) (int, bool) {
	p := i + 2
	if p < len(cell) && cell[p] == ' ' {
		p++
	}
	buf[0], buf[1] = 'B', 'E'
	end, ok := vatDigits(cell, p, buf[2:12], 4, 3, 3)
	if !ok {
		buf[2] = '0'
		if end, ok = vatDigits(cell, p, buf[3:12], 3, 3, 3); !ok {
			return 0, false
		}
	}
	d := buf[2:12]
	if d[0] != '0' && d[0] != '1' || sameDigits(d[1:]) {
		return 0, false
	}
	return end, (atoi(d[:8])+atoi(d[8:]))%97 == 0
}

// Mask keeps the country and the last two characters: NL*********B01,
// BE********61.
func (VATNumber) Mask(normalized string) string {
	n := normalized
	switch {
	case len(n) == 14:
		return n[:2] + "*********B" + n[12:]
	case len(n) > 4:
		return n[:2] + stars(len(n)-4) + n[len(n)-2:]
	}
	return "****"
}
