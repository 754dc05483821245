// Package gen makes synthetic CRM exports for tests, the demo and the
// benchmarks: plausible Dutch and English contacts whose identifiers pass
// their checksums but belong to nobody. It is deterministic for a seed.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

var (
	firstNames = []string{"Jan", "Sanne", "Pieter", "Emma", "Daan", "Fleur", "Bram", "Lotte", "Sem", "Anouk", "Thijs", "Noor", "Ruben", "Iris", "Joris", "Zoë", "Loïs", "Chloé", "René", "Maaike"}
	tussen     = []string{"", "", "", "van", "de", "van der", "van den", "ter", ""}
	lastNames  = []string{"Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kok", "Groot", "Mertens", "Claes", "Wouters", "Maes"}
	cities     = []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Leeuwarden", "Maastricht", "Tilburg", "Breda", "Nijmegen"}
	domains    = []string{"ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.com", "xs4all.nl", "planet.nl", "outlook.com", "telenet.be"}
	banks      = []string{"ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"}
	areas      = []string{"20", "10", "30", "70", "40", "50", "38", "58", "43", "13", "76", "24"}
	notesNL    = []string{
		"Klant belde over levering, alles opgelost.",
		"Offerte verstuurd voor € 1.250,00 excl. btw.",
		"Wil graag gebeld worden na 17:00.",
		"Geïnteresseerd in het nieuwe abonnement; café-eigenaar.",
		"Factuur 2024-0312 betaald op 12-03-2024.",
		"Contactpersoon is gewijzigd, zie e-mail van René.",
		"",
		"",
		"Terugbellen over de opzegging.",
		"Heeft vragen over de privacyverklaring.",
	}
)

// R is a seeded generator.
type R struct{ rng *rand.Rand }

// New returns a generator for the seed.
func New(seed uint64) *R { return &R{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (g *R) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *R) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// BSN returns a 9-digit number that passes the 11-proef.
func (g *R) BSN() string {
	for {
		d := []byte(g.digits(9))
		if d[0] == '0' {
			continue
		}
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(d[i]-'0')
		}
		r := sum % 11
		if r == 10 {
			continue
		}
		d[8] = byte('0' + r)
		return string(d)
	}
}

// OrderNumber returns a 9-digit order number (about 1 in 11 pass the
// 11-proef by chance, as real ones do).
func (g *R) OrderNumber() string { return fmt.Sprintf("%d%s", 1+g.rng.IntN(9), g.digits(8)) }

// Reference returns a 10-digit year-prefixed reference.
func (g *R) Reference() string { return fmt.Sprintf("20%02d%s", 10+g.rng.IntN(16), g.digits(6)) }

// IBAN returns a Dutch IBAN with valid check digits, compact or printed.
func (g *R) IBAN(printed bool) string {
	bban := g.pick(banks) + g.digits(10)
	s := ibanWithCheck("NL", bban)
	if !printed {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

func ibanWithCheck(cc, bban string) string {
	rem := 0
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return fmt.Sprintf("%s%02d%s", cc, 98-rem, bban)
}

// Mobile returns a Dutch mobile number in one of the usual notations.
func (g *R) Mobile() string {
	n := fmt.Sprintf("%d%s", 1+g.rng.IntN(5), g.digits(7))
	switch g.rng.IntN(4) {
	case 0:
		return "06-" + n
	case 1:
		return "06 " + n[:4] + " " + n[4:]
	case 2:
		return "+31 6 " + n
	default:
		return "+31 (0)6 " + n[:4] + " " + n[4:]
	}
}

// Landline returns a Dutch geographic number.
func (g *R) Landline() string {
	a := g.pick(areas)
	n := fmt.Sprintf("%d%s", 2+g.rng.IntN(7), g.digits(6))
	if g.rng.IntN(2) == 0 {
		return "0" + a + "-" + n
	}
	return "0" + a + " " + n[:3] + " " + n[3:]
}

// Person is one synthetic contact.
type Person struct {
	First, Tussen, Last, Email, City, Postcode string
}

// Person returns a synthetic contact.
func (g *R) Person() Person {
	p := Person{First: g.pick(firstNames), Tussen: g.pick(tussen), Last: g.pick(lastNames), City: g.pick(cities)}
	local := strings.ToLower(asciiFold(p.First) + "." + strings.ReplaceAll(asciiFold(p.Last), " ", ""))
	p.Email = fmt.Sprintf("%s%d@%s", local, g.rng.IntN(100), g.pick(domains))
	p.Postcode = fmt.Sprintf("%d%s %c%c", 1+g.rng.IntN(9), g.digits(3), 'A'+rune(g.rng.IntN(18)), 'A'+rune(g.rng.IntN(26)))
	return p
}

func asciiFold(s string) string {
	return strings.NewReplacer("ë", "e", "é", "e", "ï", "i", "ö", "o", "è", "e").Replace(s)
}

// Note returns a Dutch CRM note; some mention contact details in free text.
func (g *R) Note(p Person) string {
	switch g.rng.IntN(12) {
	case 0:
		return "Nieuw adres doorgegeven, mail naar " + p.Email + " sturen."
	case 1:
		return "Bereikbaar op " + g.Mobile() + " (privé)."
	}
	return g.pick(notesNL)
}

// DutchHeader is the header of a Dutch Excel-style contacts export.
var DutchHeader = []string{"Klantnummer", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mail", "Telefoon", "Mobiel", "IBAN", "Kenmerk", "Ordernummer", "Referentie", "Postcode", "Plaats", "Opmerkingen"}

// DutchRow returns one row for DutchHeader.
func (g *R) DutchRow(i int) []string {
	p := g.Person()
	return []string{
		fmt.Sprintf("K%06d", i), p.First, p.Tussen, p.Last, p.Email, g.Landline(), g.Mobile(),
		g.IBAN(g.rng.IntN(3) == 0), g.BSN(), g.OrderNumber(), g.Reference(), p.Postcode, p.City, g.Note(p),
	}
}

// WriteDutchCSV writes a `;`-separated export of n rows with a header, CRLF
// line ends and quoted notes, as Dutch Excel saves it (in UTF-8; see
// ToWindows1252 for the legacy encoding).
func (g *R) WriteDutchCSV(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	writeRow(bw, DutchHeader, ';')
	for i := 1; i <= n; i++ {
		writeRow(bw, g.DutchRow(i), ';')
	}
	return bw.Flush()
}

func writeRow(w *bufio.Writer, cells []string, delim byte) {
	for i, c := range cells {
		if i > 0 {
			w.WriteByte(delim)
		}
		if strings.ContainsAny(c, "\";\n,") {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(c, `"`, `""`))
			w.WriteByte('"')
		} else {
			w.WriteString(c)
		}
	}
	w.WriteString("\r\n")
}

var cp1252 = map[rune]byte{'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97}

// ToWindows1252 converts UTF-8 text to Windows-1252; runes it cannot
// represent become '?'.
func ToWindows1252(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r >= 0xA0 && r <= 0xFF:
			out = append(out, byte(r))
		default:
			if b, ok := cp1252[r]; ok {
				out = append(out, b)
			} else {
				out = append(out, '?')
			}
		}
	}
	return out
}

// WriteDutchRows writes n rows for DutchHeader, numbered from first, without
// a header.
func (g *R) WriteDutchRows(w io.Writer, first, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := first; i < first+n; i++ {
		writeRow(bw, g.DutchRow(i), ';')
	}
	return bw.Flush()
}

func newBuf(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<16) }
