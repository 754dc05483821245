package detectors

import (
	"strings"
)

// Address finds street addresses: a street name with a house number, Dutch
// ("Kerkstraat 12a", "Laan van Meerdervoort 1-3", "Oude Gracht 7 bis") or
// English ("12 Baker Street", "221B Baker Street"). The street is a
// capitalised word that ends in a street word (straat, laan, weg, plein,
// gracht, kade, ...), or starts with one ("Laan van ..."), or an English
// street word after the name. Medium anywhere, High in an address column.
//
// A place column (plaats, woonplaats, city, MailingCity, address1_city)
// holds no number, so there a cell of letters is the match (High), and in a
// street column a street name without a number counts too. Place and street
// both report under pii.address: a place alone is the coarse part of an
// address.
type Address struct{}

var _ Detector = Address{}

func init() { Register(Address{}) }

// ID returns "address".
func (Address) ID() string { return "address" }

// Priority ranks addresses below postcodes and phone numbers, whose digits
// are never a house number.
func (Address) Priority() int { return priorityOf("address") }

var addressHint = specHint("address") // words: rules/default.toml, rules."pii.address"

// ColumnHint reports street and place columns.
func (Address) ColumnHint(column string) bool {
	k := columnKind(column)
	if strings.HasPrefix(k, "address.") {
		return true
	}
	if k != "" {
		return false
	}
	n := normColumn(column)
	if strings.Contains(n, "email") || strings.Contains(n, "mailadres") || ipColumn(column) {
		return false // e-mail and IP addresses are other kinds
	}
	return addressHint.match(column)
}

// ipColumn reports a column named for IP addresses ("IP-adres", "ip_address",
// "Client IP"), which are no street addresses; "ShipAddress" is one.
func ipColumn(column string) bool {
	for _, t := range columnTokens(column) {
		switch t {
		case "ip", "ipaddress", "ipadres", "ipaddr":
			return true
		}
	}
	return false
}

// Prefilter implements Detector: a street and a house number (letters, a
// digit and a space), or any place in a hinted column.
func (Address) Prefilter() Prefilter {
	return Prefilter{MinLen: 2, All: ShapeLetter, TextOrHint: true, NoHintDigits: 1}
}

// streetSuffixes end a Dutch street name written as one word (Kerkstraat,
// Dorpsweg, Stationsplein) and stand alone as its first or last word
// ("Laan van Meerdervoort", "Oude Gracht").
var streetSuffixes = []string{
	"straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dreef", "hof", "pad", "steeg", "dijk", "markt",
	"park", "plantsoen", "baan", "veld", "wal", "haven", "burgwal", "kwartier", "dam", "dwarsstraat",
	"boulevard", "allee", "hoven", "akker", "straatweg", "lei", "vest", "wijk", "berg", "steenweg", "dries", "kaai",
	// German (Hauptstraße, Hauptstrasse, Hauptstr., Marktplatz, Kurfürstendamm)
	"straße", "strasse", "str.", "platz", "gasse", "damm", "ufer", "chaussee",
}

// streetTypesFront stand before the name of a street in French, Spanish,
// Italian and Portuguese ("Rue Neuve 12", "12 rue de la Paix", "Calle
// Mayor 5", "Chaussée de Wavre 100"). "Via" and "route" are left out: in
// Dutch and English text they are ordinary words.
var streetTypesFront = []string{
	"rue", "avenue", "boulevard", "bd", "chaussée", "chaussee", "place", "allée", "impasse", "quai", "chemin",
	"square", "calle", "avenida", "avda", "plaza", "paseo", "carrer", "camino", "viale", "piazza", "corso",
	"rua", "travessa", "largo",
}

// streetParticles join the words of a French or Spanish street name ("rue
// de la Paix", "Calle de Alcalá").
var streetParticles = []string{"de", "la", "le", "les", "du", "des", "d'", "l'", "del", "los", "las", "di", "da", "do", "dos"}

// streetWordsEN follow an English street name ("Baker Street").
var streetWordsEN = []string{
	"street", "st", "st.", "road", "rd", "rd.", "avenue", "ave", "ave.", "lane", "drive", "close", "way", "court",
	"place", "square", "crescent", "terrace", "gardens", "grove", "hill", "row", "mews", "boulevard", "parade",
}

// streetPrefixWords may stand before the name of a street ("Oude Gracht",
// "Burgemeester de Withstraat").
var streetPrefixWords = []string{
	"van", "de", "der", "den", "het", "ten", "ter", "'t", "oude", "nieuwe", "lange", "korte", "hoge", "lage",
	"grote", "kleine", "burgemeester", "burg.", "dokter", "dr.", "sint", "st.", "prins", "prinses", "koningin",
	"koning", "graaf", "generaal", "president", "professor", "prof.", "admiraal", "jonkheer", "mr.", "pastoor",
	"binnen", "buiten", "achter", "voor", "noorder", "zuider", "ooster", "wester", "op", "aan", "in",
}

// Find returns the addresses in the cell.
func (Address) Find(cell []byte, ctx Context, out []Match) []Match {
	found := false
	for i := 0; i < len(cell); i++ {
		if !isDigit(cell[i]) {
			i = indexDigit(cell, i+1) - 1 // the loop's i++ steps onto the next digit
			continue
		}
		if i > 0 && !isBlank(cell[i-1]) && cell[i-1] != ',' {
			continue
		}
		nEnd, ok := houseNumber(cell, i)
		if !ok {
			for i < len(cell) && isDigit(cell[i]) {
				i++
			}
			continue
		}
		// Dutch: street before the number.
		if s, ok := streetBefore(cell, i); ok {
			out = appendAddress(out, cell, s, nEnd, &ctx)
			found = true
			i = nEnd
			continue
		}
		// French, Spanish: number, then a street type and the name.
		if e, ok := streetTypeAfter(cell, nEnd); ok {
			out = appendAddress(out, cell, i, e, &ctx)
			found = true
			i = e
			continue
		}
		// English: number, then the name, then a street word.
		if e, ok := streetAfter(cell, nEnd, ctx.Hint); ok {
			out = appendAddress(out, cell, i, e, &ctx)
			found = true
			i = e
			continue
		}
		i = nEnd
	}
	if found || !ctx.Hint {
		return out
	}
	start, end := trimBlank(cell)
	v := cell[start:end]
	if ctx.kind() != "address.city" && !ctx.column().city && streetShape(v) {
		// In a street column a name and a house number in any language's
		// order is a street address: "Mataderos 2312", "Laukaantie 82",
		// "Gl. Sygehusvej 41", "10 via ferrata", "R Cimo Vila 6".
		return append(out, Match{Start: start, End: end, Normalized: ctx.lower(v), Confidence: High, WholeCell: true})
	}
	// A place, or a street without a number, in an address column.
	if len(v) < 2 || len(v) > 60 || !placeLike(v) {
		return out
	}
	switch ctx.kind() {
	case "address.city":
	case "address.street":
		if !endsWithStreetWord(v) && !namedStreet(v) {
			return out
		}
	default:
		if !endsWithStreetWord(v) && !namedStreet(v) && !ctx.column().city {
			return out
		}
	}
	return append(out, Match{Start: start, End: end, Normalized: ctx.lower(v), Confidence: High, WholeCell: true})
}

// PlaceColumn reports a column named for a place of residence (plaats,
// woonplaats, city, MailingCity, town): its values are places, not street
// addresses, and a report says so (its own classification and rule,
// pii.place, without advice about streets and house numbers).
func PlaceColumn(column string) bool {
	return columnKind(column) == "address.city" || cityColumn(column) || foldContainsAlnum(column, "town")
}

func cityColumn(column string) bool {
	return foldContainsAlnum(column, "woonplaats") || foldContainsAlnum(column, "city") ||
		foldContainsAlnum(column, "plaatsnaam") || foldEqualString(column, "plaats") || foldEqualString(column, "stad")
}

func foldEqualString(s, w string) bool {
	if len(s) != len(w) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lowerByte(s[i]) != w[i] {
			return false
		}
	}
	return true
}

// placeLike reports a value of letters, spaces, hyphens, apostrophes and
// dots that is no placeholder: "Den Haag", "'s-Hertogenbosch", "Alphen a/d
// Rijn".
func placeLike(v []byte) bool {
	letters := 0
	for _, c := range v {
		switch {
		case isLetter(c) || c >= 0x80:
			letters++
		case c == ' ' || c == '-' || c == '\'' || c == '.' || c == '/' || c == '(' || c == ')':
		default:
			return false
		}
	}
	return letters >= 2 && !isPlaceholderName(v)
}

func appendAddress(out []Match, cell []byte, s, e int, ctx *Context) []Match {
	conf := Medium
	if ctx.Hint {
		conf = High
	}
	return append(out, Match{Start: s, End: e, Normalized: ctx.lower(cell[s:e]), Confidence: conf,
		WholeCell: isWholeCell(cell, s, e)})
}

// houseNumber reads a house number at the digit cell[i]: 1-5 digits not
// starting with 0, an optional letter (12a, 12-A, 12 bis), an optional range
// or addition (1-3, 12-2), and a boundary after it.
func houseNumber(cell []byte, i int) (int, bool) {
	p := i
	for p < len(cell) && isDigit(cell[p]) {
		p++
	}
	if p-i > 5 || cell[i] == '0' {
		return 0, false
	}
	if p < len(cell) && isLetter(cell[p]) && (p+1 == len(cell) || !isAlnum(cell[p+1])) {
		p++ // 12a
	}
	if p+1 < len(cell) && cell[p] == '-' && isAlnum(cell[p+1]) {
		q := p + 1
		for q < len(cell) && isAlnum(cell[q]) && q-p <= 4 {
			q++
		}
		if q == len(cell) || !isAlnum(cell[q]) {
			p = q // 1-3, 12-A, 12-2hg
		}
	}
	if p < len(cell) {
		c := cell[p]
		switch {
		case isAlnum(c) || c >= 0x80 || c == '@' || c == '%' || c == '_':
			return 0, false
		case c == '.' || c == ',' || c == ':' || c == '/' || c == '-':
			if p+1 < len(cell) && isDigit(cell[p+1]) {
				return 0, false // 12.50, 12:30, 12/3
			}
		}
	}
	return p, true
}

// streetBefore reports a street name ending just before the house number at
// cell[n] and returns its start.
func streetBefore(cell []byte, n int) (int, bool) {
	end := n
	for end > 0 && isBlank(cell[end-1]) {
		end--
	}
	if end == n || end == 0 {
		return 0, false
	}
	// Walk back over up to five words: the last must be a street word (or
	// one of the words before it must start with one: "Laan van X").
	start := -1
	bare := false // the street word stands alone ("Straße", "Gracht")
	p := end
	for k := 0; k < 5 && p > 0; k++ {
		ws := p
		for ws > 0 && !isBlank(cell[ws-1]) && cell[ws-1] != ',' && cell[ws-1] != ';' && cell[ws-1] != '(' && cell[ws-1] != ':' {
			ws--
		}
		w := cell[ws:p]
		if len(w) == 0 {
			break
		}
		switch {
		case k == 0 && isStreetName(w):
			start = ws
			bare = isStreetWord(w)
		case start >= 0 && isPrefixWord(w):
			start = ws // "Oude Gracht", "Burgemeester de Withstraat"
		case start >= 0 && bare && k == 1 && capital(w) && wordOK(w):
			start = ws // "Berliner Straße": a street word alone takes the name before it
		case start < 0 && k > 0 && (isStreetWord(w) || isWordIn(w, streetTypesFront)) && capital(w):
			start = ws // "Laan van Meerdervoort", "Rue Neuve", "Chaussée de Wavre"
		case start < 0 && k > 0 && isWordIn(w, streetParticles):
			// "Chaussée de Wavre": a particle inside the name
		case start < 0 && (capital(w) || isPrefixWord(w)) && wordOK(w):
			// a name word of a street that starts further back
		default:
			k = 5
		}
		if k == 5 {
			break
		}
		// Move before the word and its blanks; stop at punctuation.
		p = ws
		if p == 0 || !isBlank(cell[p-1]) {
			break
		}
		for p > 0 && isBlank(cell[p-1]) {
			p--
		}
	}
	if start < 0 {
		return 0, false
	}
	// A leading particle without a capitalised word after it is text ("de
	// Kerkstraat" keeps "Kerkstraat").
	for start < end {
		e := start
		for e < end && !isBlank(cell[e]) {
			e++
		}
		w := cell[start:e]
		if capital(w) || isStreetName(w) {
			break
		}
		for e < end && isBlank(cell[e]) {
			e++
		}
		start = e
	}
	return start, start < end
}

// streetAfter reports an English street name after the house number ending
// at cell[n]: one to three capitalised words, the last a street word.
//
// In an address column the words may be written in lower case ("11 big
// road"); elsewhere they must be capitalised.
func streetAfter(cell []byte, n int, hint bool) (int, bool) {
	p := n
	for k := 0; k < 4; k++ {
		if p >= len(cell) || cell[p] != ' ' {
			return 0, false
		}
		p++
		s := p
		for p < len(cell) && !isBlank(cell[p]) && cell[p] != ',' && cell[p] != ';' && cell[p] != ')' {
			p++
		}
		w := cell[s:p]
		if len(w) == 0 || !capital(w) && !(hint && w[0]-'a' < 26) {
			return 0, false
		}
		if k > 0 && isWordIn(w, streetWordsEN) {
			return p, true
		}
	}
	return 0, false
}

// streetTypeAfter reports a street type and a name after the house number
// ending at cell[n] ("12 rue de la Paix", "5, Calle Mayor"): the type word
// in any case, then up to four words, particles or capitalised, with at
// least one capitalised. It returns the end of the name.
func streetTypeAfter(cell []byte, n int) (int, bool) {
	p := n
	if p < len(cell) && cell[p] == ',' {
		p++
	}
	if p >= len(cell) || cell[p] != ' ' {
		return 0, false
	}
	p++
	s := p
	for p < len(cell) && isLetter(cell[p]) || p < len(cell) && cell[p] >= 0x80 {
		p++
	}
	if !isWordIn(cell[s:p], streetTypesFront) {
		return 0, false
	}
	end := 0
	for k := 0; k < 4 && p < len(cell) && cell[p] == ' '; k++ {
		s := p + 1
		q := s
		for q < len(cell) && !isBlank(cell[q]) && cell[q] != ',' && cell[q] != ';' && cell[q] != ')' {
			q++
		}
		w := cell[s:q]
		switch {
		case len(w) > 1 && capital(w) && wordOK(w):
			end = q
		case isWordIn(w, streetParticles):
		default:
			k = 4
			continue
		}
		p = q
	}
	return end, end > 0
}

func capital(w []byte) bool { return len(w) > 0 && (w[0]-'A' < 26 || w[0] == '\'' && len(w) > 2) }

func wordOK(w []byte) bool {
	for _, c := range w {
		if !isLetter(c) && c < 0x80 && c != '-' && c != '\'' && c != '.' {
			return false
		}
	}
	return true
}

// isStreetName reports a capitalised word ending in a street suffix
// (Kerkstraat, Dorpsweg) or a street word itself (Laan, Gracht).
func isStreetName(w []byte) bool {
	if !capital(w) || !wordOK(w) {
		return false
	}
	return endsWithStreetWord(w)
}

func endsWithStreetWord(w []byte) bool {
	// the last word of w
	s := len(w)
	for s > 0 && w[s-1] != ' ' && w[s-1] != '-' {
		s--
	}
	last := w[s:]
	for _, suf := range streetSuffixes {
		if len(last) >= len(suf) && foldEqual(last[len(last)-len(suf):], suf) {
			return true
		}
	}
	return false
}

func isStreetWord(w []byte) bool { return isWordIn(w, streetSuffixes) }

func isPrefixWord(w []byte) bool { return isWordIn(w, streetPrefixWords) }

func isWordIn(w []byte, list []string) bool {
	for _, s := range list {
		if foldEqual(w, s) {
			return true
		}
	}
	return false
}

// Mask keeps the first letter of the street and hides the number: K***
// **.
func (Address) Mask(normalized string) string {
	if normalized == "" || normalized[0] >= 0x80 {
		return "*** **"
	}
	c := normalized[0]
	if isDigit(c) {
		return "** " + "***"
	}
	return string(upperByte(c)) + "*** **"
}

// streetShape reports a value of at most 100 bytes that reads as a street
// and a house number in a street column: a house number (houseNumber) at a
// word's start and a name word of two letters or more (any script) that is
// not a street word itself ("12 rue" names no street), more letters than
// digits, no '@' or "://" (an e-mail address or a web address).
func streetShape(v []byte) bool {
	if len(v) < 4 || len(v) > 100 {
		return false
	}
	letters, digits, start := 0, 0, -1
	number, name := false, false
	endWord := func(end int) {
		if start >= 0 && end-start >= 2 && !name {
			w := v[start:end]
			name = !isWordIn(w, streetWordsEN) && !isWordIn(w, namedStreetWords) && !isWordIn(w, namedStreetFront) &&
				!isStreetWord(w)
		}
		start = -1
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isLetter(c) || c >= 0x80 {
			letters++
			if start < 0 {
				start = i
			}
			continue
		}
		if c == '.' && start >= 0 {
			continue // "Str.", "Gl." end with their dot
		}
		endWord(i)
		switch {
		case c == '@' || c == ':' && i+2 < len(v) && v[i+1] == '/' && v[i+2] == '/':
			return false
		case isDigit(c):
			digits++
			if !number && (i == 0 || isBlank(v[i-1]) || v[i-1] == ',') {
				_, number = houseNumber(v, i)
			}
		}
	}
	endWord(len(v))
	return number && name && letters > digits
}

// namedStreetWords end an English street name written without a number in
// a street column ("Main St", "Jackson Path", "Moss Bay Blvd.").
var namedStreetWords = []string{
	"blvd", "blvd.", "dr", "dr.", "ln", "ln.", "ct", "ct.", "pl", "pl.", "hwy", "highway", "pkwy", "parkway", "path",
	"trail", "circle", "cir", "loop", "pike", "alley",
}

// namedStreetFront start a Romance street name written without a number
// ("Rue Lepic", "Via Roma", "Calle Mayor").
var namedStreetFront = []string{
	"rue", "avenue", "boulevard", "chemin", "impasse", "quai", "via", "viale", "piazza", "corso", "calle", "avenida",
	"plaza", "paseo", "carrer", "rua", "travessa", "largo", "ulica",
}

// namedStreet reports a street name of two words or more without a number,
// English with the street word last or Romance with the street type first.
func namedStreet(v []byte) bool {
	var first, last []byte
	words := 0
	eachWord(v, func(w []byte) bool {
		if words == 0 {
			first = w
		}
		last = w
		words++
		return true
	})
	return words >= 2 && (isWordIn(last, streetWordsEN) || isWordIn(last, namedStreetWords) || isWordIn(first, namedStreetFront))
}
