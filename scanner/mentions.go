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

// mentionsPerson reports whether a cell holds a word of mentionWords. It
// reads the cell once and does not allocate.
func mentionsPerson(cell []byte) bool {
	var buf [16]byte
	n, long := 0, false
	check := func() bool {
		ok := n > 0 && !long && mentionWords[string(buf[:n])]
		n, long = 0, false
		return ok
	}
	for _, c := range cell {
		switch {
		case c-'A' < 26:
			c |= 0x20
			fallthrough
		case c-'a' < 26 || c >= 0x80:
			if n == len(buf) {
				long = true
				continue
			}
			buf[n] = c
			n++
		default:
			if check() {
				return true
			}
		}
	}
	return check()
}
