package detectors

// Gender finds a person's gender or sex as CRM forms record it: a code (M,
// V, F, W, X, U), a word in Dutch, English, French, German or Spanish (man,
// vrouw, female, homme, männlich, mujer) or a salutation that implies it
// (dhr., mevr., Mr, Mme). These values are everyday words and letters, so
// they count only as the whole cell of a column whose name says gender
// (geslacht, sex, civility, aanhef...: rules/default.toml).
type Gender struct{}

var _ Detector = Gender{}

func init() { Register(Gender{}) }

// ID returns "gender".
func (Gender) ID() string { return "gender" }

// Priority ranks gender low: any identifier on the same letters wins.
func (Gender) Priority() int { return priorityOf("gender") }

var genderHint = specHint("gender")

// ColumnHint reports names such as geslacht, gender, sex, Geschlecht,
// civility, aanhef.
func (Gender) ColumnHint(column string) bool { return genderHint.match(column) }

// Prefilter implements Detector: a letter, in a gender column.
func (Gender) Prefilter() Prefilter { return Prefilter{MinLen: 1, Any: ShapeLetter, HintOnly: true} }

// genderWords map a folded value to its canonical code: m(ale), f(emale),
// x (another gender). "Unknown" and the like say nothing about a person
// and are left out. Salutations are the forms CRMs store in a
// civility or aanhef column.
var genderWords = map[string]string{
	"m": "m", "man": "m", "male": "m", "mannelijk": "m", "homme": "m", "masculin": "m", "mann": "m",
	"männlich": "m", "maennlich": "m", "hombre": "m", "masculino": "m", "jongen": "m", "boy": "m",
	"dhr": "m", "dhr.": "m", "de heer": "m", "heer": "m", "mr": "m", "mr.": "m", "monsieur": "m", "m.": "m",
	"herr": "m", "sr": "m", "sr.": "m", "señor": "m", "senor": "m",
	"v": "f", "f": "f", "w": "f", "vrouw": "f", "female": "f", "woman": "f", "vrouwelijk": "f", "femme": "f",
	"féminin": "f", "feminin": "f", "frau": "f", "weiblich": "f", "mujer": "f", "femenino": "f", "meisje": "f",
	"girl": "f", "mevr": "f", "mevr.": "f", "mevrouw": "f", "mw": "f", "mw.": "f", "mrs": "f", "mrs.": "f",
	"ms": "f", "ms.": "f", "miss": "f", "mme": "f", "mme.": "f", "mlle": "f", "mlle.": "f", "madame": "f",
	"mademoiselle": "f", "sra": "f", "sra.": "f", "señora": "f", "senora": "f",
	"x": "x", "u": "x", "o": "x", "anders": "x", "other": "x", "overig": "x", "divers": "x", "autre": "x",
	"non-binary": "x", "nonbinary": "x", "non-binair": "x", "nonbinair": "x", "genderneutraal": "x",
}

// Find returns the gender in a gender column's cell.
func (Gender) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint {
		return out
	}
	start, end, ok := wholeValue(cell, 16)
	if !ok {
		return out
	}
	var buf [16]byte
	w := foldInto(buf[:], cell[start:end])
	code, ok := genderWords[string(w)]
	if !ok {
		return out
	}
	return append(out, Match{Start: start, End: end, Normalized: code, Confidence: High, WholeCell: true})
}

// Mask shows nothing of the value: one letter is a quarter of it.
func (Gender) Mask(string) string { return "*" }
