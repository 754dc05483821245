package detectors

// CreditCard finds payment card numbers (PAN): 13–19 digits passing the
// Luhn check, with an issuer prefix and a length that issuer uses, written
// plain (4111111111111111) or in groups (4111 1111 1111 1111,
// 3782-822463-10005).
//
// Random 16-digit numbers pass Luhn one time in ten, so a number counts only
// when issuer, length and checksum agree; the loose Maestro and UnionPay
// ranges written plain are Medium unless the column or a nearby word says
// card.
type CreditCard struct{}

var _ Detector = CreditCard{}

func init() { Register(CreditCard{}) }

// ID returns "credit_card".
func (CreditCard) ID() string { return "credit_card" }

// Priority ranks card numbers just below IBAN: their digits are not an
// IMEI, a BSN or a phone number.
func (CreditCard) Priority() int { return priorityOf("credit_card") }

var cardHint = specHint("credit_card") // words: rules/default.toml, rules."pii.credit_card"

// ColumnHint reports names such as credit_card, card_number, kaartnummer.
func (CreditCard) ColumnHint(column string) bool { return cardHint.match(column) }

// Prefilter implements Detector.
func (CreditCard) Prefilter() Prefilter {
	return Prefilter{MinDigits: cardMinLen, MinGroup: cardMinLen}
}

const (
	cardMinLen    = 13
	cardMaxLen    = 19
	cardHotWindow = 40
)

var cardHotwords = []string{
	"creditcard", "credit card", "credit-card", "creditcardnummer", "kaartnummer", "card number",
	"card no", "card", "kaart", "pas", "pasnummer", "betaalpas", "visa", "mastercard", "amex",
	"american express", "maestro", "cc", "pan",
}

// cardTestNumbers are issuers' and payment providers' published test
// numbers.
var cardTestNumbers = []string{
	"4111111111111111", "4012888888881881", "4242424242424242",
	"4000056655665556", "4000000000000002", "4000000000000077", "4000000000003220",
	"5500005555555559", "5555555555554444", "5105105105105100", "2223003122003222",
	"5200828282828210", "378282246310005", "371449635398431", "378734493671000",
	"6011111111111117", "6011000990139424", "3056930009020004", "36227206271667",
	"30569309025904", "38520000023237", "3566002020360505", "3530111333300000",
	"6200000000000005", "6759649826438453", "6799990100000000019",
}

// cardTestSet holds cardTestNumbers: one lookup instead of a comparison
// with each.
var cardTestSet = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range cardTestNumbers {
		m[v] = true
	}
	return m
}()

// Find returns the card numbers in the cell.
func (CreditCard) Find(cell []byte, ctx Context, out []Match) []Match {
	var t numToken
	for i := 0; i < len(cell); {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1)
			continue
		}
		readNum(cell, i, " -", false, &t)
		if t.n >= cardMinLen && numStartOK(cell, i) {
			if m, ok := cardMatch(cell, i, &t, ctx); ok {
				out = append(out, m)
			}
		}
		i = t.last
	}
	return out
}

// cardMatch finds the longest prefix of the token's groups that is a card
// number.
func cardMatch(cell []byte, i int, t *numToken, ctx Context) (Match, bool) {
	for k := t.ng; k >= 1; k-- {
		n := int(t.cum[k-1])
		if n < cardMinLen {
			break
		}
		if n > cardMaxLen || !t.prefixOK(cell, k) || !cardGrouping(t, k) {
			continue
		}
		d := t.d[:n]
		strict, ok := cardIssuer(d)
		if !ok || !luhn(d) || sameDigits(d) {
			continue
		}
		end := t.end[k-1]
		m := Match{Start: i, End: end, WholeCell: isWholeCell(cell, i, end), Confidence: High}
		if k == 1 && !ctx.Hint && !hotwordNear(cell, i, end, cardHotwords, cardHotWindow) {
			switch {
			case m.WholeCell && ctx.column().identifier:
				// A bare number that is the whole cell of a record-ID
				// column: one number in ten passes the Luhn check, so a
				// column of IDs (Zoho CRM's are 19 digits from a fixed
				// prefix) holds "cards" by chance. The column decides by
				// its share (the rule's min_ratio), as for a bare BSN.
				m.Confidence = Low
			case !strict:
				m.Confidence = Medium
			}
		}
		m.Normalized = ctx.norm(d)
		m.Test = cardTestSet[string(d)]
		return m, true
	}
	return Match{}, false
}

// cardGrouping accepts a number written plain, in groups of four with a
// shorter last group after the fourth (4-4-4-4, 4-4-4-4-3), or as Amex and Diners print them
// (4-6-5, 4-6-4).
func cardGrouping(t *numToken, k int) bool {
	switch {
	case k == 1:
		return true
	case t.groups(k, 4, 6, 5), t.groups(k, 4, 6, 4):
		return true
	case k != 4 && k != 5:
		return false
	}
	return t.size[0] == 4 && t.size[1] == 4 && t.size[2] == 4 && t.size[3] == 4
}

// cardIssuer checks the issuer prefix (IIN) and the length that issuer
// uses. strict is set for the major brands at their usual lengths, where
// prefix, length and Luhn together leave few false positives.
func cardIssuer(d []byte) (strict, ok bool) {
	n := len(d)
	p2 := atoi(d[:2])
	p3 := atoi(d[:3])
	p4 := atoi(d[:4])
	p6 := atoi(d[:6])
	switch {
	case d[0] == '4': // Visa (493698 is Maestro, also at Visa's lengths)
		return n == 16, n == 16 || n == 18 || n == 19 || p6 == 493698 && n >= 12
	case p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720: // Mastercard
		return true, n == 16
	case p2 == 34 || p2 == 37: // American Express
		return true, n == 15
	case p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39: // Diners Club
		return n == 14 || n == 16, n == 14 || n == 16 || n == 19
	case p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65: // Discover
		return n == 16, n == 16 || n == 19
	case p4 >= 3528 && p4 <= 3589: // JCB
		return n == 16, n >= 16
	case p4 >= 2200 && p4 <= 2204: // Mir
		return n == 16, n >= 16
	case p2 == 62 || p2 == 81: // UnionPay
		return false, n >= 14
	case p6 >= 500000 && p6 <= 508999 && p6 != 504175 && (p6 < 506699 || p6 > 506778),
		p2 >= 56 && p2 <= 59, p2 == 63, p2 == 67: // Maestro (67 03 is Bancontact)
		return false, true
	}
	return false, false
}

// Mask keeps the last four digits: ************1111.
func (CreditCard) Mask(normalized string) string {
	n := len(normalized)
	if n < 12 {
		return "****"
	}
	return stars(n-4) + normalized[n-4:]
}
