package scanner

import (
	"strings"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

// Table roles: what a table holds, decided before its columns are judged.
const (
	rolePeople        = "people"        // customers, contacts, leads, members, users, employees
	roleOrganisations = "organisations" // accounts, companies, suppliers
	roleActivity      = "activity"      // orders, invoices, tickets, logins, notes about people
	roleReference     = "reference"     // lookups, configuration, dictionaries, catalogues
)

// aboutPeople reports whether a table's rows are people or activity about
// people: where names, notes and special categories can be personal data and
// where the CRM rules judge.
func aboutPeople(role string) bool { return role == rolePeople || role == roleActivity }

// Words of table names, in the languages and schemas CRM and ERP systems
// use. A table name's words are matched as parts of words ("socpeople",
// "customer_addresses"), so each entry is a stem.
var (
	// tableReferenceEnd are stems that make a table reference data when
	// they end its name ("contact_type", "usergroup", "lead_status").
	tableReferenceEnd = []string{
		"type", "types", "typ", "status", "statut", "state", "group", "groupe", "groep", "role", "rights",
		"right", "perm", "permission", "categ", "config", "conf", "const", "setting", "param", "template",
		"model", "modele", "dict", "lookup", "kind", "level", "stage", "reason", "tag", "option",
		"default", "translation", "lang", "field", "menu", "module", "format", "version", "rule", "mode",
		"unit", "code", "def", "label",
	}
	// tableReferenceWords are stems anywhere in the name of a lookup,
	// configuration or catalogue table.
	tableReferenceWords = []string{
		"country", "countries", "pays", "land", "currenc", "devise", "valuta", "region", "departement",
		"province", "provincie", "language", "langue", "taal", "sprache", "categor", "dictionar", "lookup",
		"config", "setting", "parameter", "param", "template", "menu", "cron", "schedul", "translat",
		"extrafield", "tax", "vat", "tva", "btw", "holiday_type", "paymentterm", "incoterm", "unit",
		"product", "produit", "artikel", "article", "catalog", "film", "movie", "book", "inventory",
		"stock", "propert", "boxes", "widget", "const", "rights", "permission", "sequence", "migration",
		"schema", "cache", "session", "queue", "lock", "counter", "numbering", "accounting", "journal",
		"chart", "ledger", "fiscal", "bookkeeping", "price", "tarif", "rate", "discount", "shipping_method",
		"payment_method", "mode_reglement", "cond_reglement", "civility", "salutation", "title",
		"county", "navigation", "dashboard", "preference", "timezone", "acl", "industr", "sector",
	}
	// tableOrgWords name organisation tables.
	tableOrgWords = []string{
		"company", "companies", "societe", "organi", "supplier", "fournisseur", "vendor", "leverancier",
		"bedrijf", "firma", "firm", "entreprise", "unternehmen", "business", "branch", "vestiging",
		"warehouse", "entrepot", "magazijn", "agency", "bank", "establishment", "institution", "account",
	}
	// tableActivityWords name activity tables: rows about what people did
	// or what was done for them.
	tableActivityWords = []string{
		"order", "commande", "bestelling", "invoice", "facture", "factuur", "rechnung", "ticket", "event",
		"action", "activit", "log", "history", "historie", "audit", "payment", "paiement", "betaling",
		"rental", "loan", "message", "mail", "mailing", "comment", "note", "call", "meeting", "task", "taak", "case",
		"opportunit", "deal", "contract", "contrat", "shipment", "expedition", "booking", "reservation",
		"holiday", "leave", "conge", "verlof", "visit", "bezoek", "login", "donation", "survey",
		"sondage", "vote", "quote", "propal", "offerte", "subscription", "cotisation", "lidmaatschap",
		"appointment", "afspraak", "interaction", "complaint", "klacht", "expense", "intervention",
	}
	// tableNotesEnd end the name of a table of notes about the records it
	// links to (with remarkColumn: the word itself must be a remark word).
	tableNotesEnd = []string{"note", "notes", "comment", "comments", "remark", "remarks", "notitie", "notities",
		"opmerking", "opmerkingen", "commentaire", "commentaires", "notiz", "notizen", "kommentar", "memo"}
	// tablePeopleWords name tables of people.
	tablePeopleWords = []string{
		"contact", "customer", "client", "klant", "relatie", "member", "adherent", "leden", "user",
		"gebruiker", "utilisateur", "benutzer", "employee", "employe", "salarie", "medewerker", "mitarbeiter",
		"personeel", "personnel", "staff", "person", "people", "persoon", "lead", "patient", "student",
		"donor", "donator", "candidate", "kandidaat", "applicant", "sollicitant", "subscriber", "abonnee",
		"recipient", "participant", "deelnemer", "attendee", "guest", "gast", "volunteer", "vrijwilliger",
		"agent", "kunde", "individual", "household", "family", "famil", "prospect", "author",
		"voter", "cible", "target", "owner", "resident", "tenant", "huurder", "pupil", "leerling",
		"parent", "ouder", "child", "kind", "partner", "account_holder", "signator",
	}
)

// tableWords splits a table name into lower-case words: at every character
// that is not a letter and where a lower-case letter meets an upper-case
// one ("ContactEmails" → contact, emails). A schema or file extension is
// dropped ("public.contacts", "contacts.json").
func tableWords(name string) []string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		ext := strings.ToLower(name[i+1:])
		switch ext {
		case "json", "csv", "tsv", "txt", "xlsx", "xls", "ndjson", "jsonl", "sql", "xml":
			name = name[:i]
		}
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:] // schema.table
	}
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		isUp, isLow := c-'A' < 26, c-'a' < 26
		switch {
		case isUp:
			if i > 0 && name[i-1]-'a' < 26 {
				flush()
			}
			cur = append(cur, c)
		case isLow || c >= 0x80:
			cur = append(cur, c)
		default:
			flush()
		}
	}
	flush()
	return out
}

// stemIn returns the first stem that a word contains, or "". A stem of
// four letters or fewer must be the whole word (or it with a plural s), so
// that "vat" is not found in "private" nor "log" in "catalog".
func stemIn(word string, stems []string) string {
	for _, s := range stems {
		if len(s) <= 4 {
			if word == s || word == s+"s" || word == s+"es" {
				return s
			}
			continue
		}
		if strings.Contains(word, s) {
			return s
		}
	}
	return ""
}

// stemEnd returns the stem a word ends with (or is, allowing a plural s),
// or "".
func stemEnd(word string, stems []string) string {
	w := strings.TrimSuffix(word, "s")
	for _, s := range stems {
		if strings.HasSuffix(word, s) || strings.HasSuffix(w, s) {
			return s
		}
	}
	return ""
}

// roleEvidence is a table's role and why.
type roleEvidence struct {
	role     string
	evidence []string
	// byName: the table is one of people by its own name (customers,
	// users) and no column names a person specifically, so whose name a
	// bare "name" column holds is the row's person.
	byName bool
	// notes: an activity table named for notes or comments about the
	// records it links to (civicrm_note, crm_notes, opmerkingen).
	notes bool
}

// decideRole judges what a table holds from the kinds found in its columns
// (after the values were read), its columns' names and its own name. The
// columns' values weigh most: a table with first and last names or dates of
// birth holds people whatever it is called.
func decideRole(t *table, cols []reporters.Column, rows int64) roleEvidence {
	var personCols, contactCols, textCols []string
	var personalValues int
	for i, c := range cols {
		if i >= len(t.cols) || c.NonEmpty == 0 {
			continue
		}
		kind := rules.ColumnKind(c.Column)
		switch c.Classification {
		case "name":
			if detectors.SpecificNameColumn(c.Column) {
				personCols = append(personCols, c.Column)
			}
		case "date_of_birth", "bsn", "be_national_number", "gender":
			personCols = append(personCols, c.Column)
		case "email", "phone", "iban", "address", "postcode":
			if kind == "address.city" {
				break // a list of places is no list of people
			}
			contactCols = append(contactCols, c.Column)
		}
		if c.Classification != "none" && c.Classification != "mixed" && kind != "address.city" &&
			(c.Classification != "name" || detectors.SpecificNameColumn(c.Column)) {
			// A bare name column's values are judged by the role, so
			// they cannot decide it (campaign and product names).
			personalValues++
		}
		if kind == rules.KindNotes {
			textCols = append(textCols, c.Column)
		}
	}
	words := tableWords(t.name)
	find := func(stems []string, end bool) (string, string) {
		for i := len(words) - 1; i >= 0; i-- {
			w := words[i]
			if end {
				if i != len(words)-1 {
					break
				}
				if s := stemEnd(w, stems); s != "" {
					return w, s
				}
				continue
			}
			if s := stemIn(w, stems); s != "" {
				return w, s
			}
		}
		return "", ""
	}
	name := strings.Join(words, "_")
	peopleWord, _ := find(tablePeopleWords, false)
	activityWord, _ := find(tableActivityWords, false)
	if activityWord == "" && len(words) > 0 {
		activityWord = stemEnd(words[len(words)-1], []string{"log", "logs", "event", "mail", "note", "order"})
	}
	if w, _ := find(tableReferenceEnd, true); w != "" && len(personCols) == 0 {
		return roleEvidence{role: roleReference, evidence: []string{"table name: " + name + " (lookup word " + w + ")"}}
	}
	if len(personCols) == 0 && len(contactCols) == 0 && len(words) > 1 {
		// A lookup word inside the name: a dictionary of a kind of thing
		// ("c_type_contact", "status_lead"), when no column holds a
		// person's data.
		for _, w := range words[:len(words)-1] {
			if s := stemEnd(w, tableReferenceEnd); s != "" && len(w) <= len(s)+1 {
				return roleEvidence{role: roleReference, evidence: []string{"table name: " + name + " (lookup word " + w + ")"}}
			}
		}
	}
	if activityWord != "" && peopleWord == "" {
		// An order, a log or a message names people without being a
		// table of people.
		ev := []string{"table name: " + name + " (activity word " + activityWord + ")"}
		if len(personCols) > 0 {
			ev = append(ev, "person columns: "+list(personCols))
		}
		last := words[len(words)-1]
		return roleEvidence{role: roleActivity, evidence: ev, notes: stemEnd(last, tableNotesEnd) != "" && remarkColumn(last)}
	}
	if len(personCols) > 0 {
		return roleEvidence{role: rolePeople, evidence: []string{"person columns: " + list(personCols)}}
	}
	if w, _ := find(tableReferenceWords, false); w != "" {
		return roleEvidence{role: roleReference, evidence: []string{"table name: " + name + " (reference word " + w + ")"}}
	}
	if w, _ := find(tableOrgWords, false); w != "" && peopleWord == "" {
		ev := []string{"table name: " + name + " (organisation word " + w + ")"}
		if len(contactCols) > 0 {
			ev = append(ev, "business contact columns: "+list(contactCols))
		}
		return roleEvidence{role: roleOrganisations, evidence: ev}
	}
	if peopleWord != "" {
		ev := []string{"table name: " + name + " (people word " + peopleWord + ")"}
		if len(contactCols) > 0 {
			ev = append(ev, "contact columns: "+list(contactCols))
		}
		return roleEvidence{role: rolePeople, evidence: ev, byName: true}
	}
	if len(contactCols) > 0 {
		return roleEvidence{role: rolePeople, evidence: []string{"contact columns: " + list(contactCols)}}
	}
	if fk := personLinks(t); len(fk) > 0 {
		return roleEvidence{role: roleActivity, evidence: []string{"links to people: " + list(fk)}}
	}
	if personalValues == 0 {
		return roleEvidence{role: roleReference, evidence: []string{"no personal data found in its columns"}}
	}
	return roleEvidence{role: rolePeople, evidence: []string{"personal data found in its columns"}}
}

// personLinks are the columns that point at a person (user_id, fk_user,
// contact_id, customer_id): a table with them records something about
// people.
func personLinks(t *table) []string {
	var out []string
	for _, c := range t.cols {
		n := strings.ToLower(c.Name)
		if !(strings.HasPrefix(n, "fk") || strings.HasSuffix(n, "id")) {
			continue
		}
		for _, w := range []string{"user", "contact", "customer", "client", "klant", "member", "adherent", "person", "employee", "lead", "patient", "socpeople"} {
			if strings.Contains(n, w) {
				out = append(out, c.Name)
				break
			}
		}
	}
	return out
}

func list(xs []string) string {
	if len(xs) > 4 {
		return strings.Join(xs[:4], ", ") + ", …"
	}
	return strings.Join(xs, ", ")
}

// Value evidence a bare "name" column needs: the share of its values that
// read as a person's name (a known first name or surname, a particle
// between capitalised words) in a table of people or activity, and
// elsewhere.
const (
	freeTextBytes     = 12 // average bytes of a notes column's cells read as free text
	genericNamePeople = 0.2
	genericNameOther  = 0.5
	genericNameShaped = 0.8 // name-shaped values of a bare name column in a table named for people, one known name among them
)

// applyRole judges a table's columns by its role: names, notes and special
// categories count only in tables about people; a bare "name" column needs
// names among its values; an organisation's contact data is business
// contact data (holder "organisation", lower severity). cols are the
// table's column profiles and found[from:] its column findings; the
// findings that no longer hold are dropped and the rest returned.
func applyRole(re roleEvidence, ts *tableState, cols []reporters.Column, found []ranked, from int, dets []detectors.Detector) []ranked {
	nameDet, emailDet := -1, -1
	for i, d := range dets {
		switch d.ID() {
		case "name":
			nameDet = i
		case "email":
			emailDet = i
		}
	}
	drop := map[int]map[string]bool{} // column → rules whose findings go
	business := map[int]bool{}
	dropRule := func(ci int, rule string) {
		if drop[ci] == nil {
			drop[ci] = map[string]bool{}
		}
		drop[ci][rule] = true
	}
	people := aboutPeople(re.role)
	for ci := range cols {
		c := &cols[ci]
		if ci >= len(ts.t.cols) {
			continue
		}
		cs := &ts.cols[ci]
		if !people {
			// No person behind the text: no note categories, no free
			// text about a person.
			for di, d := range dets {
				if detectors.CountsRows(d) {
					dropRule(ci, detectors.RuleOf(d))
					delete(c.Detections, d.ID())
					_ = di
				}
			}
			if c.Classification == "free_text" || c.Classification == "mixed" || isNoteKind(c.Classification) {
				if c.Classification != "mixed" {
					c.Classification, c.Confidence = "none", ""
				}
				// The text is no remark about a person, but an
				// identifier that points at one stays one: an
				// administrator's IP address logged in a setting's
				// note, in one cell of every few.
				for _, kind := range textIdentifiers {
					if re.role != roleReference {
						break // an organisation's text: its own contact data
					}
					if d, ok := c.Detections[kind]; ok && d.Count >= textIdentifierCells && d.Ratio >= textIdentifierShare {
						c.Classification, c.Confidence = kind, "low"
						break
					}
				}
			}
		}
		if _, ok := c.Detections["name"]; ok && nameDet >= 0 {
			keep := true
			switch {
			case re.role == roleReference:
				keep = false
			case !detectors.SpecificNameColumn(c.Column):
				var mh, any int64
				for _, slot := range []int{nameDet, nameDet + len(dets)} {
					if k := cs.peek(slot); k != nil {
						mh += k.cellsMH
						any += k.cellsAny
					}
				}
				share := float64(mh) / float64(max(cs.nonEmpty, 1))
				switch {
				case re.role == roleOrganisations:
					keep = false // company names
				case re.role == rolePeople && re.byName:
					// A table named for people without a first-name or
					// surname column: its name column is the person's,
					// when its values are shaped as names at all.
					// One known name at least: a deal's or a campaign's
					// title is shaped as a name too.
					keep = share >= genericNamePeople ||
						mh > 0 && float64(any)/float64(max(cs.nonEmpty, 1)) >= genericNameShaped
				case re.role == rolePeople:
					keep = share >= genericNamePeople
				default:
					keep = share >= genericNameOther
				}
			}
			if !keep {
				dropRule(ci, "pii.name")
				delete(c.Detections, "name")
				if c.Classification == "name" {
					c.Classification, c.Confidence = "none", ""
				}
			}
		}
		if c.Classification == "none" && remarkColumn(c.Column) && cs.nonEmpty > 0 {
			switch {
			case re.role == rolePeople && cs.bytes/cs.nonEmpty >= freeTextBytes:
				// A note about a person without a lexicon word is still
				// free text about a person.
				c.Classification, c.Confidence = "free_text", "low"
			case re.role == roleActivity && re.notes && cs.bytes/cs.nonEmpty >= freeTextBytes:
				// A table of notes (a CRM's note or comment table,
				// linked to its contacts): its text is the remark.
				c.Classification, c.Confidence = "free_text", "low"
			case re.role == roleActivity && cs.mentions > 0:
				// An order's or an invoice's note is mostly about the
				// goods ("Payment invoice FA1108"); one that speaks of a
				// person ("He agreed not to pay the rest") is about them.
				c.Classification, c.Confidence = "free_text", "low"
			}
		}
		if re.role == roleOrganisations {
			switch c.Classification {
			case "phone", "address", "postcode", "city", "kvk_number", "vat_number":
				c.Holder = "organisation"
				business[ci] = true
			}
		}
		if c.Classification == "email" && emailDet >= 0 {
			// A column of role mailboxes (info@, sales@, factuur@)
			// reaches organisations, whatever table it is in.
			var role, values int64
			for _, slot := range []int{emailDet, emailDet + len(dets)} {
				if k := cs.peek(slot); k != nil {
					role += k.role
					values += k.low.values + k.mh.values
				}
			}
			if values > 0 && 2*role >= values {
				c.Holder = "organisation"
				business[ci] = true
			}
		}
		if len(c.Detections) == 0 && c.Classification == "mixed" {
			c.Classification, c.Confidence = "none", ""
		}
	}
	out := found[:from]
	for _, f := range found[from:] {
		if drop[f.col][f.f.Rule] {
			continue
		}
		if business[f.col] && strings.HasPrefix(f.f.Rule, "pii.") {
			f.sev = rules.Low
			f.f.Severity = rules.Low.String()
			if f.f.Details == nil {
				f.f.Details = map[string]string{}
			}
			f.f.Details["holder"] = "organisation"
		}
		out = append(out, f)
	}
	return out
}

// textIdentifiers are the kinds whose value points at one person wherever
// it is written, and how often a text column of a table without people
// must hold one to be reported as holding them.
// Phone numbers are left out: a setting's digits read as one too easily.
var textIdentifiers = []string{"ip_address", "email", "iban"}

const (
	textIdentifierCells = 5
	textIdentifierShare = 0.1
)

func isNoteKind(kind string) bool {
	switch kind {
	case "health", "religion", "ethnicity", "political", "trade_union", "sexual_orientation", "criminal", "biometric", "judgmental":
		return true
	}
	return strings.HasPrefix(kind, "special_") || strings.HasPrefix(kind, "note_")
}

// remarkWords are words of column names that hold remarks written about
// the row's person (a description of a product or a project is not one).
var remarkWords = []string{
	"note", "notes", "notitie", "notities", "opmerking", "opmerkingen", "remark", "remarks", "comment",
	"comments", "commentaar", "memo", "remarque", "remarques", "commentaire", "commentaires", "bemerkung",
	"bemerkungen", "kommentar", "notiz", "notizen", "anmerkung", "observation", "observations", "aantekening",
	"aantekeningen", "toelichting", "bio", "about", "annotation", "nota", "notas", "observaciones",
}

// remarkColumn reports a column whose name (or one of its words) says it
// holds remarks: note, note_private, Notes__c, opmerkingen_klant.
func remarkColumn(column string) bool {
	for _, w := range tableWords(column) {
		for _, r := range remarkWords {
			if w == r {
				return true
			}
		}
	}
	return false
}
