package detectors

// IDDocument finds identity document numbers: Dutch passport and identity
// card numbers (two letters, six letters or digits, a digit; never the
// letter O: XR1001R58), Dutch and Belgian driving licence numbers (ten
// digits) and Belgian eID card numbers (591-1917064-58, mod 97).
//
// None of these has a checksum strong enough to stand alone, so they count
// only in a column named for the document or next to a word such as
// "paspoort" or "rijbewijs"; then they are High, as a copied ID document
// also exposes the BSN. A ten-digit number counts only as a driving licence:
// in a licence column or next to "rijbewijs".
type IDDocument struct{}

var _ Detector = IDDocument{}

func init() { Register(IDDocument{}) }

// ID returns "id_document".
func (IDDocument) ID() string { return "id_document" }

// Priority ranks ID document numbers above phone numbers.
func (IDDocument) Priority() int { return priorityOf("id_document") }

var idDocHint = specHint("id_document") // words: rules/default.toml, rules."pii.id_document"

// ColumnHint reports names such as paspoortnummer, passport, id_nummer,
// documentnummer, rijbewijsnummer, drivers_license.
func (IDDocument) ColumnHint(column string) bool { return idDocHint.match(column) }

// Prefilter implements Detector.
func (IDDocument) Prefilter() Prefilter {
	// Outside a document column a number needs a hotword.
	return Prefilter{MinLen: 9, MinDigits: 1, HintOrLetters: true, Hotwords: idDocAllHotwords}
}

const idDocHotWindow = 40

var idDocHotwords = []string{
	"paspoort", "paspoortnummer", "paspoortnr", "paspoort nr", "paspoort nummer", "passport",
	"passport number", "passport no", "id-kaart", "idkaart", "identiteitskaart", "identiteitsbewijs",
	"id-bewijs", "legitimatie", "legitimatiebewijs", "documentnummer", "document number", "document nr",
	"id-nummer", "eid", "eid-kaart", "carte d'identité", "carte d'identite", "identity card", "id card",
	"kaartnummer identiteitskaart",
}

var licenceHotwords = []string{
	"rijbewijs", "rijbewijsnummer", "rijbewijs nummer", "rijbewijsnr", "rijbewijs nr", "driving licence",
	"driving license", "driver's license", "drivers license", "driver license", "driver's licence",
	"permis de conduire", "licence number", "license number",
}

// idDocAllHotwords are the hotwords of both kinds of document.
var idDocAllHotwords = append(append([]string{}, idDocHotwords...), licenceHotwords...)

// Find returns the document numbers in the cell.
func (IDDocument) Find(cell []byte, ctx Context, out []Match) []Match {
	var t numToken
	for i := 0; i+9 <= len(cell); {
		if !isAlnum(cell[i]) {
			i++
			continue
		}
		if i > 0 && isWordByte(cell[i-1]) {
			i = alnumRun(cell, i)
			continue
		}
		run := alnumRun(cell, i)
		if run-i == 9 && isLetter(cell[i]) {
			if run < len(cell) && isWordByte(cell[run]) || !idDocNL(cell[i:run]) ||
				!ctx.Hint && !hotwordNear(cell, i, run, idDocHotwords, idDocHotWindow) {
				i = run
				continue
			}
			var buf [9]byte
			for k := range buf {
				buf[k] = upperByte(cell[i+k])
			}
			out = append(out, Match{Start: i, End: run, Normalized: ctx.norm(buf[:]), Confidence: High, WholeCell: isWholeCell(cell, i, run)})
			i = run
			continue
		}
		if !isDigit(cell[i]) {
			i = run
			continue
		}
		readNum(cell, i, "-", false, &t)
		if !t.over && numStartOK(cell, i) && numEndOK(cell, t.last) {
			if m, ok := idDocNumber(cell, i, &t, ctx); ok {
				out = append(out, m)
			}
		}
		i = max(t.last, i+1)
	}
	return out
}

// idDocNL checks the Dutch passport and identity card format: two letters,
// six letters or digits, a digit, no letter O.
func idDocNL(v []byte) bool {
	for k, c := range v {
		u := upperByte(c)
		switch {
		case u == 'O':
			return false
		case k < 2 && !isLetter(c), k == 8 && !isDigit(c):
			return false
		}
	}
	return true
}

// idDocNumber checks a numeric token: a driving licence number (ten
// digits) or a Belgian eID card number (12 digits, 3-7-2 with dashes).
func idDocNumber(cell []byte, i int, t *numToken, ctx Context) (Match, bool) {
	end := t.last
	d := t.d[:t.n]
	switch {
	case t.ng == 1 && t.n == 10:
		if !(ctx.Hint && idDocLicenceColumn(ctx.Column)) && !hotwordNear(cell, i, end, licenceHotwords, idDocHotWindow) {
			return Match{}, false
		}
	case t.n == 12 && (t.ng == 1 || t.groups(t.ng, 3, 7, 2)):
		cc := mod97(d[:10])
		if cc == 0 {
			cc = 97
		}
		if sameDigits(d) || cc != atoi(d[10:]) || !ctx.Hint && !hotwordNear(cell, i, end, idDocHotwords, idDocHotWindow) {
			return Match{}, false
		}
	default:
		return Match{}, false
	}
	return Match{Start: i, End: end, Normalized: ctx.norm(d), Confidence: High, WholeCell: isWholeCell(cell, i, end)}, true
}

// idDocLicenceColumn reports a column named for a driving licence, or a
// column whose name is unknown (the caller set Hint without a name).
func idDocLicenceColumn(column string) bool {
	return column == "" || foldContains(column, "rijbewijs") || foldContains(column, "licen") ||
		foldContains(column, "permis")
}

// Mask keeps the first two characters of a passport number and the last two
// digits of a number: XR*******, ********12.
func (IDDocument) Mask(normalized string) string {
	n := len(normalized)
	switch {
	case n < 4:
		return "***"
	case isLetter(normalized[0]):
		return normalized[:2] + stars(n-2)
	}
	return stars(n-2) + normalized[n-2:]
}
