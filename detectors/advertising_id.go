package detectors

// AdvertisingID finds mobile advertising identifiers (Apple IDFA, Google
// GAID/AAID): a UUID (8-4-4-4-12 hex digits) in a column named for one, or
// next to a word such as "idfa" or "advertising id". CRM keys are GUIDs too,
// so a UUID without that context is not a match; the all-zero UUID (tracking
// limited) never is.
type AdvertisingID struct{}

var _ Detector = AdvertisingID{}

func init() { Register(AdvertisingID{}) }

// ID returns "advertising_id".
func (AdvertisingID) ID() string { return "advertising_id" }

// Priority ranks advertising IDs low: they need context to count at all.
func (AdvertisingID) Priority() int { return priorityOf("advertising_id") }

var adIDHint = specHint("advertising_id") // words: rules/default.toml, rules."pii.advertising_id"

// ColumnHint reports names such as idfa, gaid, advertising_id, device_ad_id,
// ad_id.
func (AdvertisingID) ColumnHint(column string) bool {
	if adIDHint.match(column) {
		return true
	}
	toks := columnTokens(column)
	for k := 0; k+1 < len(toks); k++ {
		if toks[k] == "ad" && toks[k+1] == "id" {
			return true
		}
	}
	return false
}

// Prefilter implements Detector.
func (AdvertisingID) Prefilter() Prefilter {
	// Outside an advertising-ID column a UUID needs a hotword.
	return Prefilter{MinLen: uuidLen, All: ShapeDash, HintOrLetters: true, Hotwords: adIDHotwords, WholeID: true}
}

const (
	uuidLen       = 36
	adIDHotWindow = 40
)

var adIDHotwords = []string{
	"idfa", "gaid", "aaid", "adid", "ad id", "ad-id", "maid", "advertising id", "advertising-id",
	"advertisingid", "advertising identifier", "advertentie-id", "advertentieid", "advertentie id",
	"reclame-id", "google ad id",
}

// Find returns the advertising IDs in the cell.
func (AdvertisingID) Find(cell []byte, ctx Context, out []Match) []Match {
	for i := 0; i+uuidLen <= len(cell); {
		if !isHex(cell[i]) || i > 0 && (isWordByte(cell[i-1]) || cell[i-1] == '-') {
			i++
			continue
		}
		if !uuidAt(cell, i) {
			for i < len(cell) && isAlnum(cell[i]) {
				i++
			}
			continue
		}
		end := i + uuidLen
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end)}
		switch {
		case ctx.Hint:
			m.Confidence = High
		case hotwordNear(cell, i, end, adIDHotwords, adIDHotWindow):
			m.Confidence = Medium
		default:
			i = end
			continue
		}
		var buf [uuidLen]byte
		for k := range buf {
			buf[k] = lowerByte(cell[i+k])
		}
		m.Normalized = ctx.norm(buf[:])
		out = append(out, m)
		i = end
	}
	return out
}

// uuidAt reports a UUID at cell[i] that is not all zeros and is not glued
// to more letters, digits or groups.
func uuidAt(cell []byte, i int) bool {
	nonzero := false
	for k := 0; k < uuidLen; k++ {
		c := cell[i+k]
		switch k {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
			nonzero = nonzero || c != '0'
		}
	}
	if e := i + uuidLen; e < len(cell) && (isWordByte(cell[e]) || cell[e] == '-' && e+1 < len(cell) && isAlnum(cell[e+1])) {
		return false
	}
	return nonzero
}

// Mask keeps the first four hex digits: 3f2a****-****-****-****-************.
func (AdvertisingID) Mask(normalized string) string {
	if len(normalized) != uuidLen {
		return "****"
	}
	return normalized[:4] + "****-****-****-****-************"
}
