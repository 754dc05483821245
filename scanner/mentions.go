package scanner

// A remark about a person need not hold a word of a special-category or
// judgmental lexicon: "The customer has called us. He agreed not to pay the
// rest." What shows that it is about a person is how it speaks of one: a
// personal pronoun of the third person or a form of address. mentionsPerson
// reads a cell for those words, in the languages the column vocabularies
// cover. Words that are also common function words in another of those
// languages are left out: Dutch "er" (there) for German "er" (he), "zij" and
// "ze" (she or they), French "il" (also the impersonal "il y a"), German
// "sie" (she, they or formal you), Dutch "zijn" (his, and "to be").

// mentionMinBytes is the shortest cell read for a mention: shorter ones are
// labels and codes, not remarks.
const mentionMinBytes = 12

// textMinBytes is the average length of a column's cells (and the length of
// a cell) from which they may be free text rather than codes or labels.
const textMinBytes = 24

// textProbeBytes is how much of a long cell is read to tell words from
// codes: its start shows which it is.
const textProbeBytes = 128

// mentionWords are the words, lower case, that speak of a person.
var mentionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		// English
		"he", "she", "him", "his", "her", "hers", "himself", "herself", "mr", "mrs", "miss", // not "ms": milliseconds in a log
		// Dutch
		"hij", "hem", "haar", "zichzelf", "meneer", "mevrouw", "dhr", "mevr", "mw",
		// French
		"elle", "lui", "monsieur", "madame", "mademoiselle", "mme", "mlle",
		// German
		"ihm", "ihn", "herr", "herrn", "frau",
		// Spanish, Italian, Portuguese
		"ella", "lei", "señor", "señora", "sr", "sra", "signor", "signora", "senhor", "senhora",
	} {
		m[w] = true
	}
	return m
}()

// mentionFirst has, per word length, a bit for the first byte (mod 64) of
// every word of mentionWords of that length: most words of a note fail it
// without a map lookup.
var mentionFirst = func() (t [17]uint64) {
	for w := range mentionWords {
		if len(w) >= len(t) {
			panic("scanner: a mention word longer than 16 bytes")
		}
		t[len(w)] |= 1 << (w[0] & 63)
	}
	return t
}()

// mentionsPerson reports whether a cell holds a word of mentionWords. It
// reads the cell once and does not allocate. A word is a run of ASCII
// letters and bytes of multi-byte characters; only a word whose length and
// first byte fit mentionFirst is lower-cased and looked up.
func mentionsPerson(cell []byte) bool {
	for i := 0; i < len(cell); {
		if !mentionByte[cell[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(cell) && mentionByte[cell[j]] {
			j++
		}
		if n := j - i; n <= 16 && mentionFirst[n]&(1<<((cell[i]|0x20)&63)) != 0 && mentionWord(cell[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// mentionByte marks the bytes of a word: ASCII letters, and every byte of
// a multi-byte character.
var mentionByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80
	}
	return t
}()

// mentionWord reports whether w (at most 16 bytes), lower-cased, is a
// word of mentionWords.
func mentionWord(w []byte) bool {
	var buf [16]byte
	for k, c := range w {
		if c-'A' < 26 {
			c |= 0x20
		}
		buf[k] = c
	}
	return mentionWords[string(buf[:len(w)])]
}

// roleMailboxes are the local parts of e-mail addresses that reach a role
// in an organisation, not a person: info@, sales@, factuur@, accueil@.
var roleMailboxes = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"info", "information", "sales", "contact", "contacts", "admin", "administrator", "support", "office", "hello",
		"mail", "email", "service", "services", "customerservice", "billing", "accounts", "accounting", "invoice",
		"invoices", "finance", "orders", "order", "shop", "webshop", "store", "enquiries", "inquiries", "help",
		"helpdesk", "noreply", "no-reply", "donotreply", "do-not-reply", "webmaster", "postmaster", "hostmaster",
		"abuse", "hr", "jobs", "careers", "recruitment", "marketing", "press", "media", "team", "welcome", "reception",
		// Dutch
		"factuur", "facturen", "facturatie", "administratie", "boekhouding", "verkoop", "inkoop", "receptie",
		"secretariaat", "klantenservice", "vacatures", "pers", "bestellingen", "algemeen",
		// French
		"accueil", "compta", "comptabilite", "commercial", "vente", "ventes", "direction", "secretariat",
		"facturation", "recrutement",
		// German, Spanish
		"kontakt", "buero", "buro", "vertrieb", "verkauf", "rechnung", "buchhaltung", "zentrale", "ventas",
		"contacto", "informacion", "oficina",
	} {
		m[w] = true
	}
	return m
}()

// roleMailbox reports whether an e-mail address's local part names a role
// mailbox (info@, Sales@, no-reply@). It does not allocate.
func roleMailbox(addr []byte) bool {
	at := -1
	for i, c := range addr {
		if c == '@' {
			at = i
			break
		}
	}
	if at <= 0 || at > roleMaxLen {
		return false
	}
	var buf [roleMaxLen]byte
	for i, c := range addr[:at] {
		if c-'A' < 26 {
			c |= 0x20
		}
		if c-'a' >= 26 && c != '-' {
			// A role's name is letters and hyphens: a person's address
			// (jan.jansen83@) is told apart without the lookup.
			return false
		}
		buf[i] = c
	}
	return roleMailboxes[string(buf[:at])]
}

// roleMaxLen bounds the local parts roleMailbox looks up (the longest
// role, customerservice, has 15 bytes).
const roleMaxLen = 24
