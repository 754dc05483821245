package detectors

// KvKNumber finds Dutch Chamber of Commerce (KvK) numbers: exactly eight
// digits, with no checksum. Any eight-digit number fits, so it counts only
// in a KvK column or next to a word such as "KvK" or "KvK-nummer". A KvK
// number is personal data for a sole trader (eenmanszaak).
type KvKNumber struct{}

var _ Detector = KvKNumber{}

func init() { Register(KvKNumber{}) }

// ID returns "kvk_number".
func (KvKNumber) ID() string { return "kvk_number" }

// Priority ranks KvK numbers low: a BSN or phone number on the same digits
// wins.
func (KvKNumber) Priority() int { return priorityOf("kvk_number") }

var kvkHint = specHint("kvk_number") // words: rules/default.toml, rules."pii.kvk_number"

// ColumnHint reports names such as kvk, kvk_nummer, KvKNummer,
// chamber_of_commerce, coc.
func (KvKNumber) ColumnHint(column string) bool { return kvkHint.match(column) }

// Prefilter implements Detector.
func (KvKNumber) Prefilter() Prefilter {
	// Outside a KvK column a number needs a hotword.
	return Prefilter{MinDigits: 8, HintOrLetters: true, MinGroup: 8, Runs: []int{8}, Hotwords: kvkHotwords}
}

const kvkHotWindow = 30

var kvkHotwords = []string{
	"kvk", "kvk-nummer", "kvknummer", "kvk-nr", "kvknr", "kvk nr", "kvk nummer", "kamer van koophandel",
	"chamber of commerce", "coc", "coc number", "handelsregister",
}

// Find returns the KvK numbers in the cell.
func (KvKNumber) Find(cell []byte, ctx Context, out []Match) []Match {
	for i := 0; i+8 <= len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		run := i
		for run < len(cell) && isDigit(cell[run]) {
			run++
		}
		if run-i == 8 && numStartOK(cell, i) && numEndOK(cell, run) && !sameDigits(cell[i:run]) &&
			(ctx.Hint || hotwordNear(cell, i, run, kvkHotwords, kvkHotWindow)) {
			out = append(out, Match{Start: i, End: run, Normalized: ctx.norm(cell[i:run]), Confidence: Medium, WholeCell: isWholeCell(cell, i, run)})
		}
		i = run
	}
	return out
}

// Mask keeps the last two digits: ******78.
func (KvKNumber) Mask(normalized string) string {
	if len(normalized) < 4 {
		return "***"
	}
	return stars(len(normalized)-2) + normalized[len(normalized)-2:]
}
