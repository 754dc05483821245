// Command gencorpus writes the generated part of the accuracy corpus
// (testdata/eval/corpus.tsv): labelled CRM cells of every kind, with hard
// negatives, built from internal/gen's synthetic contacts. The hand-written
// cases live beside it in testdata/eval/hand.tsv. The output is
// deterministic.
//
//	go run ./internal/eval/gencorpus testdata/eval/corpus.tsv
package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/crmscan/crmscan/internal/gen"
)

type corpus struct {
	w   *bufio.Writer
	rng *rand.Rand
	g   *gen.R
	n   int
}

func (c *corpus) add(label, column, value string) {
	if strings.ContainsAny(value, "\t\n") || strings.ContainsAny(column, "\t\n") {
		panic("tab or newline in a corpus cell")
	}
	fmt.Fprintf(c.w, "%s\t%s\t%s\n", label, column, value)
	c.n++
}

func (c *corpus) pick(s []string) string { return s[c.rng.IntN(len(s))] }

var (
	firstCols  = []string{"voornaam", "FirstName", "first_name", "firstname", "Voornaam", "roepnaam"}
	lastCols   = []string{"achternaam", "LastName", "last_name", "lastname", "Achternaam"}
	fullCols   = []string{"fullname", "Volledige naam", "contactpersoon", "full_name", "yomifullname"}
	streetCols = []string{"address1_line1", "MailingStreet", "adres", "primary_address_street", "street", "Straat + huisnummer"}
	cityCols   = []string{"woonplaats", "address1_city", "MailingCity", "city", "plaats", "primary_address_city"}
	emailCols  = []string{"emailaddress1", "Email", "email1", "e-mail", "E-mailadres"}
	phoneCols  = []string{"telephone1", "MobilePhone", "phone_mobile", "Telefoon", "mobiel"}
	noteCols   = []string{"description", "Description", "opmerkingen", "notes", "memo", "toelichting", "comments", "Notitie"}
	streets    = []string{"Kerkstraat", "Dorpsweg", "Stationsplein", "Molenlaan", "Oudegracht", "Prinsengracht", "Hoofdstraat",
		"Schoolstraat", "Julianalaan", "Beatrixlaan", "Marktplein", "Nieuwe Gracht", "Laan van Meerdervoort", "Burgemeester de Withstraat",
		"Oude Kade", "Havenweg", "Parallelweg", "Wilhelminasingel", "Kastanjedreef", "Industrieweg", "Bergweg", "Lindenhof"}
	enStreets = []string{"Baker Street", "High Street", "Station Road", "Church Lane", "Park Avenue", "Mill Road", "Queens Drive"}
	companies = []string{"Bakkerij Jansen B.V.", "Visser Installatietechniek BV", "De Groot Holding", "Acme Ltd", "Stichting Zorgkracht",
		"Mulder & Zn", "TechSolutions GmbH", "Bos Consultancy", "Smit Transport B.V.", "Dekker Groep"}
	products = []string{"Premium Abonnement", "Laptop Stand", "Office Chair Pro", "Basis Pakket", "Gold Support", "Licentie Jaar",
		"Starter Kit", "Cloud Backup 1TB", "Diabetes Testkit", "Koffiemachine XL"}
	placeholders = []string{"n.v.t.", "onbekend", "-", "N/A", "test", "unknown", "nvt", "?", "xxx", "NULL"}
)

// note templates: %s is the term.
var (
	nlTemplates = []string{
		"Klant gaf aan: %s. Terugbellen volgende week.", "Let op, %s volgens collega.", "Gesprek gevoerd; %s, daarom later leveren.",
		"Mevrouw belde, %s. Offerte aangepast.", "Notitie: %s (zie eerder contact).", "%s - doorgegeven aan accountmanager.",
		"Meneer vertelde over %s, afspraak verzet.",
	}
	enTemplates = []string{
		"Customer mentioned %s, call back next week.", "Note: %s according to the account manager.", "Spoke to him; %s, so delivery later.",
		"She called, %s. Updated the quote.", "%s - passed on to sales.",
	}
	terms = map[string][]string{
		"health": {"heeft diabetes", "is depressief", "zit met een burn-out thuis", "ligt in het ziekenhuis", "heeft kanker", "is zwanger",
			"krijgt chemotherapie", "gebruikt zware medicatie", "heeft epilepsie", "loopt bij de psycholoog", "zit in een rolstoel",
			"is hartpatiënt", "heeft dementie", "ziekgemeld", "diabetespatiënt", "heeft astma", "is slechthorend", "revalidatie na operatie",
			"has diabetes", "is depressed", "is on sick leave", "is in hospital", "has cancer", "is pregnant", "takes medication",
			"suffers from anxiety", "uses a wheelchair", "had a heart attack", "has dementia", "diagnosed with asthma", "is disabled"},
		"religion": {"gaat elke zondag naar de kerk", "is moslim", "viert de ramadan", "is streng gereformeerd", "draagt een hoofddoek", "is joods",
			"eet alleen koosjer", "is katholiek", "bezoekt de moskee op vrijdag", "is Jehova's getuige", "is kerkganger", "is religieus",
			"goes to church every Sunday", "is a devout Muslim", "is Jewish", "observes the Sabbath", "is a practising Christian", "visits the mosque",
			"is Catholic", "is Hindu", "is a Jehovah's Witness"},
		"ethnicity": {"is van Marokkaanse afkomst", "heeft een migratieachtergrond", "is asielzoeker", "is statushouder", "Surinaamse man",
			"tolk nodig bij gesprek", "is vluchteling", "volgt inburgeringscursus", "donkere huidskleur", "is allochtoon",
			"is of Moroccan descent", "is a refugee", "needs an interpreter", "ethnic background noted", "is an asylum seeker", "is Hispanic"},
		"political": {"stemt op de PVV", "is partijlid van GroenLinks", "is klimaatactivist", "lid van de SP", "is VVD-raadslid",
			"politieke voorkeur: D66", "is extreemrechts", "stemde op het CDA", "is actief bij Extinction Rebellion", "is communist",
			"voted for Labour", "is a party member", "is a far-right activist", "has strong political views", "is a protester", "is a socialist"},
		"trade_union": {"is lid van de FNV", "is vakbondslid", "vakbondsafgevaardigde bij zijn werkgever", "doet mee aan de staking",
			"is kaderlid van CNV", "lid van de vakbond", "is union member", "is a shop steward", "joined the trade union",
			"is on strike", "is a union rep", "union membership confirmed"},
		"sexual_orientation": {"is homoseksueel", "is lesbisch", "is biseksueel", "is transgender", "is non-binair", "is uit de kast gekomen",
			"heeft het over haar seksuele geaardheid", "is homo", "actief in LHBTI-vereniging", "is gay", "is lesbian", "is bisexual",
			"same-sex partner", "talked about his sexual orientation", "is non-binary", "LGBTQ community"},
		"criminal": {"heeft een strafblad", "zat in de gevangenis", "draagt een enkelband", "is veroordeeld voor fraude", "verdacht van diefstal",
			"is gearresteerd", "staat onder reclassering", "kreeg een taakstraf", "heeft TBS gehad", "witwassen", "has a criminal record",
			"was in prison", "was arrested", "is on parole", "convicted of fraud", "involved in money laundering", "theft reported"},
		"biometric": {"vingerafdruk afgenomen", "gezichtsherkenning bij de deur", "DNA-test gedaan", "heeft een erfelijke aandoening",
			"biometrische gegevens opgeslagen", "irisscan voor toegang", "stemherkenning ingesteld", "genetische test uitgevoerd",
			"fingerprint on file", "facial recognition enrolled", "DNA sample taken", "genetic test results", "biometric login set up",
			"hereditary condition", "voice recognition enabled"},
		"judgmental": {"echte hork", "lastige klant", "zeurpiet", "is een idioot", "wanbetaler", "asociaal type", "mierenneuker",
			"betweter", "onbeschoft aan de telefoon", "staat op de zwarte lijst", "niet te vertrouwen", "agressief", "zeikerd",
			"difficult customer", "total idiot", "rude on the phone", "time waster", "bad payer", "complete moron", "pain in the neck",
			"annoying", "not to be trusted", "troublemaker"},
	}
	// cleanNotes hold no personal data of any kind: hard negatives,
	// including look-alikes and false friends of the lexicons.
	cleanNotes = []string{
		"Klant belde over de factuur van maart, teruggebeld.", "Offerte verstuurd voor € 1.250,00 excl. btw.",
		"Wil graag gebeld worden na 17:00.", "Het weer is depressief vandaag, levering een dag later.", "Woont naast de kerk, makkelijk te vinden.",
		"Ik geloof dat hij volgende week belt.", "Uw aanvraag is in behandeling bij de afdeling facturatie.", "MS Teams meeting gepland over licenties.",
		"Staking rewards voor crypto-klanten uitgelegd.", "Browser fingerprint wordt gebruikt voor fraudepreventie van het portaal.",
		"Service zit in ons DNA, aldus de folder.", "Catering: Surinaamse keuken, 40 personen.", "Publieke licentie verlengd tot 2026.",
		"Diefstalverzekering afgesloten voor de bus.", "Agressieve prijzen van de concurrent besproken.", "Levering uitgesteld tot week 14.",
		"Versie 2.14.3 geïnstalleerd op de server.", "Order ORD-2023-004512 verzonden.", "Contract verlengd, korting 15%.",
		"Demonstratie van de software gegeven.", "Partij van 500 stuks geleverd.", "De kerkdienst-app is een klant van ons (product).",
		"Nieuwe prijslijst verstuurd.", "Wachtwoord reset gedaan.", "Geen interesse meer in het abonnement.", "Heeft vragen over de privacyverklaring.",
		"Customer asked about the invoice, resolved.", "Sent the quote for 25 licences.", "Meeting moved to Tuesday 14:30.",
		"Good faith estimate sent.", "The public licence was renewed.", "Delivery delayed because of the strike at the port? No, traffic.",
		"Sick of waiting for the parts, says the supplier.", "Policy document v1.2 updated.", "Ticket closed after update.",
		"Requested a demo for the new module.", "Invoice 2024-0312 paid on 12-03-2024.", "Terugbellen over de opzegging.",
		"Kerkstraat-vestiging heeft nieuwe openingstijden.", "Licentiesleutel opnieuw verstuurd.", "De operatie verliep soepel: migratie klaar.",
		"Klant wil de blauwe variant.", "Ramen van de showroom gelapt.", "Hoofdkantoor verhuist naar het centrum.",
		"Past in het plaatje; geen bijzonderheden.", "Graag factuur per post.", "Prefers e-mail over phone.", "Budget approved for Q3.",
	}
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus FILE")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := &corpus{w: bufio.NewWriter(f), rng: rand.New(rand.NewPCG(7, 11)), g: gen.New(42)}
	fmt.Fprintln(c.w, "# label\tcolumn\tvalue (generated by internal/eval/gencorpus; labels: kinds and note categories, comma-separated; none = no personal data)")
	c.generate()
	if err := c.w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d cells to %s\n", c.n, os.Args[1])
}

func (c *corpus) generate() {
	g := c.g
	for i := 0; i < 120; i++ {
		p := g.Person()
		c.add("name", c.pick(firstCols), p.First)
		c.add("name", c.pick(lastCols), p.Last)
		full := p.First + " " + strings.TrimSpace(p.Tussen+" "+p.Last)
		c.add("name", c.pick(fullCols), full)
		if i%3 == 0 {
			c.add("name", "Name", full)
		}
		if p.Tussen != "" {
			c.add("name", "tussenvoegsel", p.Tussen)
		}
		c.add("email", c.pick(emailCols), p.Email)
		if i%2 == 0 {
			c.add("phone", c.pick(phoneCols), g.Mobile())
		} else {
			c.add("phone", c.pick(phoneCols), g.Landline())
		}
		c.add("iban", c.pick([]string{"iban", "IBAN", "acc_number", "rekeningnummer"}), g.IBAN(i%2 == 0))
		if i%2 == 0 {
			c.add("bsn", c.pick([]string{"bsn", "BSN", "burgerservicenummer"}), g.BSN())
		}
		c.add("postcode", c.pick([]string{"postcode", "address1_postalcode", "MailingPostalCode", "zip"}), p.Postcode)
		c.add("address", c.pick(cityCols), p.City)
		street := fmt.Sprintf("%s %d", c.pick(streets), 1+c.rng.IntN(250))
		if i%5 == 0 {
			street += c.pick([]string{"a", "-2", " B", "-1"})
		}
		if i%7 == 0 {
			street = fmt.Sprintf("%d %s", 1+c.rng.IntN(300), c.pick(enStreets))
		}
		c.add("address", c.pick(streetCols), street)
		if i%4 == 0 {
			c.add("address,postcode", "adres", street+", "+p.Postcode+" "+p.City)
		}
		y, m, d := 1940+c.rng.IntN(65), 1+c.rng.IntN(12), 1+c.rng.IntN(28)
		switch i % 3 {
		case 0:
			c.add("date_of_birth", c.pick([]string{"birthdate", "Birthdate", "geboortedatum", "date_of_birth"}), fmt.Sprintf("%02d-%02d-%d", d, m, y))
		case 1:
			c.add("date_of_birth", c.pick([]string{"birthdate", "geb_datum", "dob"}), fmt.Sprintf("%d-%02d-%02d", y, m, d))
		}
		// Hard negatives in other columns.
		c.add("none", c.pick([]string{"order_id", "Ordernummer", "ordernr"}), g.OrderNumber())
		c.add("none", c.pick([]string{"Referentie", "reference", "Kenmerk"}), g.Reference())
		c.add("none", c.pick([]string{"amount", "Bedrag", "totaal"}), fmt.Sprintf("%d.%03d,%02d", 1+c.rng.IntN(9), c.rng.IntN(1000), c.rng.IntN(100)))
		c.add("none", c.pick([]string{"createdon", "CreatedDate", "orderdatum", "date_modified"}), fmt.Sprintf("%02d-%02d-20%02d", d, m, 10+c.rng.IntN(15)))
		c.add("none", c.pick([]string{"version", "app_version"}), fmt.Sprintf("v%d.%d.%d", c.rng.IntN(5), c.rng.IntN(20), c.rng.IntN(30)))
		c.add("none", c.pick([]string{"order_uuid", "id", "contactid"}), fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", c.rng.Uint32(), c.rng.IntN(65536), c.rng.IntN(4096), c.rng.IntN(4096), c.rng.Uint64()&0xffffffffffff))
		c.add("none", c.pick([]string{"product_code", "sku", "artikelnummer"}), fmt.Sprintf("SKU-%04d-%s", c.rng.IntN(10000), c.pick([]string{"NL", "BE", "XL", "A"})))
		c.add("none", c.pick([]string{"bedrijfsnaam", "Company Name", "accountname", "company"}), c.pick(companies))
		c.add("none", c.pick([]string{"productnaam", "Product Name", "product"}), c.pick(products))
		if i%2 == 0 {
			c.add("none", c.pick(append(append([]string{}, firstCols...), emailCols...)), c.pick(placeholders))
		}
		c.add("none", "status", c.pick([]string{"Active", "Inactive", "Prospect", "Klant", "Lead", "Gold"}))
		c.add("none", c.pick(noteCols), c.pick(cleanNotes))
	}
	// Notes with contact details inside the text.
	for i := 0; i < 60; i++ {
		p := g.Person()
		switch i % 4 {
		case 0:
			c.add("email", c.pick(noteCols), "Nieuw adres doorgegeven, mail naar "+p.Email+" sturen.")
		case 1:
			c.add("phone", c.pick(noteCols), "Bereikbaar op "+g.Mobile()+" (privé).")
		case 2:
			c.add("address", c.pick(noteCols), fmt.Sprintf("Verhuisd naar de %s %d in %s.", c.pick(streets), 1+c.rng.IntN(99), p.City))
		default:
			c.add("iban", c.pick(noteCols), "Terugbetalen op rekening "+g.IBAN(true)+" graag.")
		}
	}
	// Special categories and judgmental remarks in notes, Dutch and English.
	cats := []string{"health", "religion", "ethnicity", "political", "trade_union", "sexual_orientation", "criminal", "biometric", "judgmental"}
	for _, cat := range cats {
		ts := terms[cat]
		for k := 0; k < 60; k++ {
			t := ts[k%len(ts)]
			tpl := nlTemplates
			if isEnglish(t) {
				tpl = enTemplates
			}
			col := c.pick(noteCols)
			if k%6 == 5 {
				col = c.pick([]string{"status_description", "extra_info", "veld1"})
			}
			c.add(cat, col, fmt.Sprintf(c.pick(tpl), t))
		}
	}
	for i := 0; i < 250; i++ {
		c.add("none", c.pick(noteCols), c.pick(cleanNotes))
	}
}

func isEnglish(s string) bool {
	for _, w := range []string{" is a", "has ", "was ", "is on", " on ", "is in", "took", "taken", "set up", "enrolled", "results", "goes ",
		"visits", "observes", "voted", "joined", "confirmed", "talked", "suffers", "uses", "takes", "diagnosed", "needs", "noted", "reported",
		"involved", "convicted", "file", "community", "partner", "customer", "idiot", "moron", "payer", "waster", "trusted", "annoying",
		"troublemaker", "neck", "rude", "condition", "enabled", "is Jewish", "is Catholic", "is Hindu", "is pregnant", "is depressed", "is disabled",
		"is gay", "is lesbian", "is bisexual", "is non-binary", "is Hispanic", "is transgender", "is union", "is communist"} {
		if strings.Contains(s, w) {
			return !strings.Contains(s, "is communist") && !strings.Contains(s, "is transgender")
		}
	}
	return false
}
