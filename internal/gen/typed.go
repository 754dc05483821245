package gen

import (
	"fmt"
	"io"
	"strings"
)

// TypedHeader is the header of a Dutch CRM export in which nearly every
// column is typed, the shape of issue 20's benchmark: names, e-mail, two
// phone columns, an IBAN, a BSN in a column whose name does not say so
// beside order numbers, birth dates, device names and IMEIs, a notes
// column with free text on most rows, amounts, references, card numbers,
// IP addresses, postcodes, dates, UUIDs and version strings.
var TypedHeader = []string{"Klantnummer", "Voornaam", "Achternaam", "E-mail", "Telefoon", "Mobiel", "IBAN", "Kenmerk",
	"Ordernummer", "Geboortedatum", "Apparaat", "IMEI", "Opmerkingen", "Bedrag", "Referentie", "Kaartnummer", "IP-adres",
	"Postcode", "Plaats", "Aangemaakt", "Gewijzigd", "UUID", "Appversie"}

var (
	devices = []string{"iPhone 13", "iPhone 15 Pro", "Samsung Galaxy S23", "Pixel 8", "Fairphone 5", "Nokia G42", "Motorola Edge 40", "Xiaomi 13T", "OnePlus 12", "iPad Air"}
	// noteParts are sentences a CRM note is made of; a note is one to
	// three of them, some with a contact detail in the text.
	noteParts = []string{
		"Klant belde over de levering van de bestelling, alles opgelost.",
		"Offerte verstuurd voor € 1.250,00 excl. btw, reactie verwacht volgende week.",
		"Wil graag gebeld worden na 17:00 uur.",
		"Geïnteresseerd in het nieuwe abonnement voor de zaak.",
		"Factuur 2024-0312 betaald op 12-03-2024.",
		"Contactpersoon is gewijzigd, zie e-mail van collega.",
		"Terugbellen over de opzegging van het contract.",
		"Heeft vragen over de privacyverklaring en de nieuwsbrief.",
		"Storing gemeld aan de monteur, afspraak op dinsdag om 10:30.",
		"Pakket kwam beschadigd aan; vervangend product verstuurd.",
		"Retour ontvangen, creditnota aangemaakt.",
		"Vraagt om korting bij verlenging voor 24 maanden.",
		"Nieuwe inlog aangevraagd via de klantenservice.",
		"Adreswijziging doorgevoerd in het systeem.",
		"Klant is tevreden over de service en beveelt ons aan.",
		"Betalingsherinnering verstuurd, termijn van 14 dagen.",
	}
)

// TypedRow returns one row for TypedHeader.
func (g *R) TypedRow(i int) []string {
	p := g.Person()
	last := p.Last
	if p.Tussen != "" {
		last = p.Tussen + " " + p.Last
	}
	y, m, d := 1940+g.rng.IntN(66), 1+g.rng.IntN(12), 1+g.rng.IntN(28)
	var birth string
	if g.rng.IntN(2) == 0 {
		birth = fmt.Sprintf("%02d-%02d-%d", d, m, y)
	} else {
		birth = fmt.Sprintf("%d-%02d-%02d", y, m, d)
	}
	return []string{
		fmt.Sprintf("K%07d", i), p.First, last, p.Email, g.Landline(), g.Mobile(), g.IBAN(g.rng.IntN(3) == 0), g.BSN(),
		g.OrderNumber(), birth, g.pick(devices), g.IMEI(), g.TypedNote(p), g.Amount(), g.Reference(), g.Card(), g.IPv4(),
		p.Postcode, p.City, g.timestamp(2019), g.timestamp(2023), g.UUID(), g.Version(),
	}
}

// TypedNote returns a note of one to three sentences (a fifth of the
// rows have none), now and then with a phone number or e-mail address in
// the text.
func (g *R) TypedNote(p Person) string {
	if g.rng.IntN(5) == 0 {
		return ""
	}
	n := 1 + g.rng.IntN(3)
	parts := make([]string, 0, n+1)
	for range n {
		parts = append(parts, g.pick(noteParts))
	}
	switch g.rng.IntN(10) {
	case 0:
		parts = append(parts, "Bereikbaar op "+g.Mobile()+".")
	case 1:
		parts = append(parts, "Mail naar "+p.Email+" sturen.")
	}
	return strings.Join(parts, " ")
}

// IMEI returns a 15-digit IMEI with a valid Luhn check digit, now and
// then printed in groups.
func (g *R) IMEI() string {
	s := Luhn("35" + g.digits(12))
	if g.rng.IntN(4) == 0 {
		return s[:2] + "-" + s[2:8] + "-" + s[8:14] + "-" + s[14:]
	}
	return s
}

// Card returns a 16-digit card number with a valid Luhn check digit, in
// groups of four or compact.
func (g *R) Card() string {
	s := Luhn(g.pick([]string{"4", "51", "52", "53", "54", "55"}))
	for len(s) < 15 {
		s += g.digits(1)
	}
	s = Luhn(s)
	if g.rng.IntN(2) == 0 {
		return s[:4] + " " + s[4:8] + " " + s[8:12] + " " + s[12:]
	}
	return s
}

// Luhn returns s (digits) with its Luhn check digit appended.
func Luhn(s string) string {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return s + string(rune('0'+(10-sum%10)%10))
}

// Amount returns an amount in Dutch notation.
func (g *R) Amount() string {
	return fmt.Sprintf("%d,%02d", g.rng.IntN(5000), g.rng.IntN(100))
}

// IPv4 returns a public-looking IPv4 address.
func (g *R) IPv4() string {
	return fmt.Sprintf("%d.%d.%d.%d", 11+g.rng.IntN(200), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
}

// UUID returns a random (version 4) UUID.
func (g *R) UUID() string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		case 14:
			b[i] = '4'
		default:
			b[i] = hex[g.rng.IntN(16)]
		}
	}
	return string(b)
}

// Version returns an app version string such as 4.12.3 or 10.2.1.1045.
func (g *R) Version() string {
	if g.rng.IntN(3) == 0 {
		return fmt.Sprintf("%d.%d.%d.%d", 1+g.rng.IntN(12), g.rng.IntN(20), g.rng.IntN(10), g.rng.IntN(3000))
	}
	return fmt.Sprintf("%d.%d.%d", 1+g.rng.IntN(12), g.rng.IntN(20), g.rng.IntN(10))
}

func (g *R) timestamp(from int) string {
	return fmt.Sprintf("%d-%02d-%02d %02d:%02d:%02d", from+g.rng.IntN(4), 1+g.rng.IntN(12), 1+g.rng.IntN(28),
		g.rng.IntN(24), g.rng.IntN(60), g.rng.IntN(60))
}

// WriteTypedCSV writes a `;`-separated export with TypedHeader and rows
// numbered from 1 until at least size bytes are written.
func (g *R) WriteTypedCSV(w io.Writer, size int64) error {
	cw := &counter{w: w}
	bw := newBuf(cw)
	writeRow(bw, TypedHeader, ';')
	for i := 1; cw.n+int64(bw.Buffered()) < size; i++ {
		writeRow(bw, g.TypedRow(i), ';')
	}
	return bw.Flush()
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
