package detectors

// IMEI finds mobile device identities: 15 digits ending in a Luhn check
// digit, plain (490154203237518) or printed 2-6-6-1 (35-209900-176148-1)
// or 8-6-1, the 16-digit IMEISV (software version instead of the check
// digit), and in an IMEI column the 14 digits without the check digit.
//
// Fifteen Luhn-valid digits are common (one number in ten), so a plain IMEI
// is Low unless the column or a nearby word says IMEI or device; an IMEISV
// has no check at all and counts only then.
type IMEI struct{}

var _ Detector = IMEI{}

func init() { Register(IMEI{}) }

// ID returns "imei".
func (IMEI) ID() string { return "imei" }

// Priority ranks IMEIs below card numbers (an Amex number is 15 Luhn-valid
// digits too) and above the other numbers.
func (IMEI) Priority() int { return priorityOf("imei") }

var imeiHint = specHint("imei") // words: rules/default.toml, rules."pii.imei"

// ColumnHint reports names such as imei, IMEI_nummer, device_id, toestel_id.
func (IMEI) ColumnHint(column string) bool { return imeiHint.match(column) }

// Prefilter implements Detector: 14 digits (an IMEI without its check
// digit) only in an IMEI column.
func (IMEI) Prefilter() Prefilter {
	return Prefilter{MinDigits: 14, NoHintDigits: 15, MinGroup: 14, NoHintGroup: 15}
}

const imeiHotWindow = 40

var imeiHotwords = []string{
	"imei", "imeisv", "imei-nummer", "imeinummer", "device id", "device-id", "deviceid",
	"toestel", "toestel-id", "toestelnummer", "serienummer toestel",
}

// imeiTestNumbers are published example IMEIs without their check digit
// (TAC and serial), so that the IMEISV of an example counts as one too.
var imeiTestNumbers = []string{"49015420323751", "35209900176148"}

// Find returns the IMEIs in the cell.
func (IMEI) Find(cell []byte, ctx Context, out []Match) []Match {
	var t numToken
	for i := 0; i < len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		readNum(cell, i, "- ", false, &t)
		if (t.n >= 15 || t.n == 14 && ctx.Hint) && numStartOK(cell, i) {
			if m, ok := imeiMatch(cell, i, &t, ctx); ok {
				out = append(out, m)
			}
		}
		i = t.last
	}
	return out
}

// imeiMatch finds the longest prefix of the token's groups that is an IMEI.
func imeiMatch(cell []byte, i int, t *numToken, ctx Context) (Match, bool) {
	for k := t.ng; k >= 1; k-- {
		n := int(t.cum[k-1])
		if n < 14 {
			break
		}
		if !t.prefixOK(cell, k) {
			continue
		}
		printed := false
		switch {
		case k == 1 && n >= 14 && n <= 16:
		// AA-BBBBBB-CCCCCC-D as devices print it (TAC in two parts), or
		// TAC-serial-check (35007752 323751 3); the last group is the
		// check digit, the IMEISV's two software-version digits, or none.
		case t.groups(k, 2, 6, 6, 1), t.groups(k, 2, 6, 6, 2), t.groups(k, 2, 6, 6),
			t.groups(k, 8, 6, 1), t.groups(k, 8, 6, 2), t.groups(k, 8, 6):
			printed = true
		default:
			continue
		}
		// Fourteen digits are an IMEI without its check digit (TAC and
		// serial) only in a column that says IMEI: elsewhere they are
		// any number.
		if n == 14 && !ctx.Hint {
			continue
		}
		d := t.d[:n]
		if sameDigits(d) || n == 15 && !luhn(d) {
			continue
		}
		end := t.end[k-1]
		context := ctx.Hint || hotwordNear(cell, i, end, imeiHotwords, imeiHotWindow)
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end)}
		switch {
		case context:
			m.Confidence = High
		case n == 16:
			continue // an IMEISV has no check digit
		case printed:
			m.Confidence = Medium
		default:
			m.Confidence = Low
		}
		if n == 14 {
			// Normalised with its check digit, so that the same device
			// written both ways has one fingerprint.
			var buf [15]byte
			copy(buf[:], d)
			buf[14] = luhnCheckDigit(d)
			m.Normalized = ctx.norm(buf[:])
		} else {
			m.Normalized = ctx.norm(d)
		}
		m.Test = isTestBytes(d[:14], imeiTestNumbers)
		return m, true
	}
	return Match{}, false
}

// luhnCheckDigit returns the Luhn check digit that completes d.
func luhnCheckDigit(d []byte) byte {
	return byte('0' + (10-luhnSum(d, true)%10)%10)
}

// Mask keeps the last two digits: *************18.
func (IMEI) Mask(normalized string) string {
	if len(normalized) < 8 {
		return "***"
	}
	return stars(len(normalized)-2) + normalized[len(normalized)-2:]
}
