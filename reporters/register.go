package reporters

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// RegisterSchema identifies the JSON form of the draft register.
const RegisterSchema = "crmscan.register/v1"

// ProcessingRegister is a draft register of processing activities (GDPR art. 30(1))
// built from a scan: one entry per source and table that holds people.
// A scan sees what data is kept where, how old it is and whether it lies
// about unencrypted; it cannot see why it is kept or on what legal basis,
// so those fields say "to fill in" for the organisation to complete.
type ProcessingRegister struct {
	Schema string `json:"schema"`
	Lang   string `json:"lang"`
	// Date is the day of the scan the register was drawn from.
	Date string `json:"date"`
	// Controller and DPO (art. 30(1)(a)) are never in the data.
	Controller string            `json:"controller"`
	Entries    []ProcessingEntry `json:"entries"`
	// Policies names the recipient policies the recipients and transfers
	// were taken from; empty when none was given.
	Policies []string `json:"policies,omitempty"`
}

// ProcessingEntry is one processing as the data shows it: a table of a
// source with personal data in it. Every field is plain text, never a
// value from the data.
type ProcessingEntry struct {
	Source string `json:"source"`
	Kind   string `json:"kind"`
	Table  string `json:"table"`
	// Role is the table's role from the scan (people, activity, ...).
	Role string `json:"role,omitempty"`
	Rows int64  `json:"rows"`
	// Subjects are the categories of data subjects (art. 30(1)(c)).
	Subjects []string `json:"data_subjects"`
	// Data are the categories of personal data found (art. 30(1)(c));
	// Special the special categories (art. 9) and criminal data (art. 10)
	// apart, since each needs its own exception.
	Data    []string `json:"personal_data"`
	Special []string `json:"special_categories"`
	// Purpose (art. 30(1)(b)) and legal basis (art. 6) are to fill in.
	Purpose    string `json:"purpose"`
	LegalBasis string `json:"legal_basis"`
	// Recipients (art. 30(1)(d)) and transfers outside the EEA (art.
	// 30(1)(e)) come from the recipient policies when given.
	Recipients string `json:"recipients"`
	Transfers  string `json:"transfers"`
	// Retention (art. 30(1)(f)) is what was observed: the oldest record
	// and the retention rule, rows marked deleted.
	Retention string `json:"retention"`
	// Security (art. 30(1)(g)) is what was observed: an unencrypted file.
	Security string `json:"security"`
	// Evidence says why the table is taken as holding people.
	Evidence []string `json:"evidence,omitempty"`
	// Findings are the IDs of the findings about this table.
	Findings []string `json:"findings,omitempty"`
}

// RegisterPolicy is what a recipient policy (crmscan gate --policy) tells
// the register: who receives the data, for what, and where it goes.
type RegisterPolicy struct {
	File      string
	Recipient string
	Purpose   string
	Agreement string
	// Countries are where the recipient processes the data.
	Countries []string
	// OutsideEEA are the countries of Countries outside the EEA, each with
	// its safeguard: "adequacy", "sccs", "dpf" or "" (none).
	OutsideEEA []RegisterTransfer
}

// RegisterTransfer is one country outside the EEA and its safeguard.
type RegisterTransfer struct{ Country, Safeguard string }

// registerLabels, the register's own words, are the [register] area of
// labels.toml; the shared ones (source, table, ...) come from labels.

// RegisterLabel returns a word of the register in language l.
func RegisterLabel(l, key string) string {
	if s, ok := registerLabels[l][key]; ok {
		return s
	}
	if s, ok := registerLabels["en"][key]; ok {
		return s
	}
	return labelIn(l, key)
}

// dataCategories group the detector kinds into the categories a register
// names, in the order a register lists them.
var dataCategories = []struct {
	key   string
	kinds []string
}{
	{"identity", []string{"name"}},
	{"contact", []string{"email", "phone", "address", "postcode"}},
	{"birth", []string{"date_of_birth"}},
	{"national_id", []string{"bsn", "be_national_number", "id_document"}},
	{"financial", []string{"iban", "credit_card"}},
	{"online", []string{"ip_address", "mac_address", "advertising_id", "imei", "hashed_identifier"}},
	{"business", []string{"vat_number", "kvk_number"}},
	{"notes", []string{"note_judgmental"}},
}

// subjectWords name a category of data subjects from the words of a table
// name. The first category whose word a name token starts with wins, so
// that "personeel" is employees before "person" makes it contacts; words
// of six letters or more also match inside a token (llx_socpeople).
var subjectWords = []struct {
	key   string
	words []string
}{
	{"employees", []string{"employee", "medewerker", "werknemer", "personeel", "personnel", "staff", "salaris", "payroll"}},
	{"applicants", []string{"applicant", "sollicitant", "candidate", "kandida"}},
	{"patients", []string{"patient", "patiënt"}},
	{"students", []string{"student", "leerling", "pupil"}},
	{"subscribers", []string{"subscriber", "abonnee", "newsletter", "nieuwsbrief", "mailing"}},
	{"members", []string{"member", "lid", "leden"}},
	{"users", []string{"user", "gebruiker", "login"}},
	{"suppliers", []string{"supplier", "leverancier", "vendor", "crediteur", "creditor"}},
	{"prospects", []string{"lead", "prospect"}},
	{"customers", []string{"customer", "klant", "client", "cliënt", "debtor", "debiteur", "buyer", "koper", "afnemer"}},
	{"contacts", []string{"contact", "relatie", "person", "persoon", "people", "partner", "socpeople"}},
}

// subjectCategory returns the category key a table name suggests, or "".
func subjectCategory(table string) string {
	for _, tok := range nameTokens(bareName(table)) {
		for _, c := range subjectWords {
			for _, w := range c.words {
				if strings.HasPrefix(tok, w) || (len(w) >= 6 && strings.Contains(tok, w)) {
					return c.key
				}
			}
		}
	}
	return ""
}

// bareName is a table's own name: without the archive member's path, the
// workbook or schema before it and a file extension.
func bareName(t string) string {
	if i := strings.LastIndexAny(t, "!/\\"); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.LastIndexByte(t, '.'); i > 0 {
		switch strings.ToLower(t[i+1:]) {
		case "csv", "tsv", "txt", "json", "ndjson", "jsonl", "xlsx", "xls", "ods", "sql", "xml", "parquet":
			t = t[:i]
		default:
			t = t[i+1:] // schema.table
		}
	}
	return t
}

// nameTokens splits a name into lower-case words at non-letters and at
// camelCase humps: "salesforce_Contact" → salesforce, contact.
func nameTokens(s string) []string {
	var out []string
	var b strings.Builder
	prevLower := false
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = unicode.IsLower(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return out
}

// BuildRegister draws the draft register from a report, with the
// recipients and transfers of the policies given (none: to fill in). The
// language is the report's unless lang is en or nl.
func BuildRegister(r *Report, policies []RegisterPolicy, lang string) *ProcessingRegister {
	l := lang
	if l != "en" && l != "nl" {
		l = langOf(r)
	}
	L := func(k string) string { return RegisterLabel(l, k) }
	fill := L("fill")
	reg := &ProcessingRegister{Schema: RegisterSchema, Lang: l, Date: day(r.Scan.Finished), Controller: fill, Entries: []ProcessingEntry{}}
	if reg.Date == "" {
		reg.Date = day(r.Scan.Started)
	}

	// Recipients and transfers: from the policies given, else from the
	// gate's findings in the report (a report of crmscan gate names its
	// policy's recipient), else to fill in.
	recipients, transfers := fill, fill
	var rec, tr []string
	for _, p := range policies {
		reg.Policies = append(reg.Policies, p.File)
		if p.Recipient != "" {
			s := p.Recipient
			var more []string
			if p.Purpose != "" {
				more = append(more, L("purpose_of")+": "+p.Purpose)
			}
			if p.Agreement != "" {
				more = append(more, L("agreement")+": "+p.Agreement)
			}
			if len(more) > 0 {
				s += " (" + strings.Join(more, "; ") + ")"
			}
			rec = append(rec, s)
		}
		if len(p.OutsideEEA) == 0 && len(p.Countries) > 0 {
			tr = append(tr, p.Recipient+": "+strings.Replace(L("no_transfer"), "%s", strings.Join(p.Countries, ", "), 1))
		}
		for _, t := range p.OutsideEEA {
			s := t.Country + ": " + L("sg_"+t.Safeguard)
			if t.Safeguard == "" {
				s = strings.Replace(L("transfer_none"), "%s", t.Country, 1)
			}
			tr = append(tr, p.Recipient+", "+s)
		}
	}
	if len(policies) == 0 {
		seen := map[string]bool{}
		for i := range r.Findings {
			f := &r.Findings[i]
			if !strings.HasPrefix(f.Rule, "gate.") {
				continue
			}
			if rc := f.Details["recipient"]; rc != "" && !seen["r"+rc] {
				seen["r"+rc] = true
				rec = append(rec, rc)
				if p := f.Details["policy"]; p != "" && !slices.Contains(reg.Policies, p) {
					reg.Policies = append(reg.Policies, p)
				}
			}
			if c := f.Details["country"]; c != "" && !seen["c"+c] {
				seen["c"+c] = true
				tr = append(tr, strings.Replace(L("transfer_none"), "%s", c, 1))
			}
		}
	}
	if len(rec) > 0 {
		recipients = strings.Join(rec, "; ")
	}
	if len(tr) > 0 {
		transfers = strings.Join(tr, "; ")
	}

	sources := map[string]*Source{}
	for i := range r.Sources {
		sources[r.Sources[i].ID] = &r.Sources[i]
	}
	type key struct{ src, table string }
	// The person columns of each table, in report order.
	cols := map[key][]*Column{}
	for i := range r.Columns {
		c := &r.Columns[i]
		if len(c.Detections) == 0 || c.Holder == "organisation" {
			continue
		}
		k := key{c.Source, c.Table}
		cols[k] = append(cols[k], c)
	}
	// Findings per table (and per source, for the file-level ones).
	byTable := map[key][]*Finding{}
	bySource := map[string][]*Finding{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Location.Table != "" {
			k := key{f.Location.Source, f.Location.Table}
			byTable[k] = append(byTable[k], f)
		} else {
			bySource[f.Location.Source] = append(bySource[f.Location.Source], f)
		}
	}

	// The tables in report order: those the row rules saw, then those
	// only the column profiles name.
	var order []key
	tables := map[key]*Table{}
	for i := range r.Tables {
		t := &r.Tables[i]
		k := key{t.Source, t.Table}
		if _, dup := tables[k]; !dup {
			tables[k] = t
			order = append(order, k)
		}
	}
	for i := range r.Columns {
		k := key{r.Columns[i].Source, r.Columns[i].Table}
		if _, ok := tables[k]; !ok && len(cols[k]) > 0 {
			tables[k] = nil
			order = append(order, k)
		}
	}

	for _, k := range order {
		t := tables[k]
		role := ""
		if t != nil {
			role = t.Role
		}
		// A reference table (a product catalogue, a lookup) holds no one,
		// whatever a column looks like; any other table is an entry when
		// it has a person column or the scan says it holds people.
		if role == "reference" || (len(cols[k]) == 0 && role != "people" && role != "activity") {
			continue
		}
		e := ProcessingEntry{Source: k.src, Table: k.table, Role: role, Purpose: fill, LegalBasis: fill,
			Recipients: recipients, Transfers: transfers, Subjects: []string{}, Data: []string{}, Special: []string{}}
		src := sources[k.src]
		if src != nil {
			e.Source, e.Kind = src.Name, src.Kind
		}
		if t != nil {
			e.Rows, e.Evidence = t.Rows, t.Evidence
		} else {
			for _, c := range cols[k] {
				e.Rows = max(e.Rows, c.RowsScanned)
			}
		}

		// Categories of data subjects: from the table's name, else its role.
		sc := subjectCategory(k.table)
		switch {
		case sc != "":
			e.Subjects = append(e.Subjects, L("subj_"+sc))
		case role == "activity":
			e.Subjects = append(e.Subjects, L("subj_activity"))
		case role == "organisations":
			e.Subjects = append(e.Subjects, L("subj_org"))
		default:
			e.Subjects = append(e.Subjects, L("subj_people"))
		}

		// Categories of personal data, the special ones apart.
		kinds := map[string]bool{}
		special := map[string]bool{}
		for _, c := range cols[k] {
			for kind := range c.Detections {
				if sp, ok := strings.CutPrefix(kind, "special_"); ok {
					special[sp] = true
				} else {
					kinds[kind] = true
				}
			}
		}
		var retention []string
		for _, f := range byTable[k] {
			e.Findings = append(e.Findings, f.ID)
			if sp, ok := strings.CutPrefix(f.Rule, "special."); ok {
				special[sp] = true
			}
			switch f.Rule {
			case "children.minor":
				age := f.Details["min_age"]
				if age == "" {
					age = "16"
				}
				e.Subjects = append(e.Subjects, strings.Replace(L("subj_minors"), "%s", age, 1))
			case "retention.expired":
				if f.Details["oldest"] != "" {
					s := strings.Replace(L("oldest"), "%s", f.Details["oldest"], 1)
					retention = append(retention, strings.Replace(s, "%s", f.Details["retention_years"], 1))
				}
			}
		}
		e.Data = dataCategoryLabels(l, kinds)
		for _, sp := range slices.Sorted(maps.Keys(special)) {
			s := L("sp_" + sp)
			if s == "sp_"+sp {
				s = sp
			}
			e.Special = append(e.Special, s)
		}
		if t != nil && t.DeletedRows > 0 {
			retention = append(retention, strings.Replace(L("deleted"), "%s", groupIn(l, t.DeletedRows), 1))
		}
		if len(retention) == 0 {
			retention = append(retention, L("no_retention"))
		}
		e.Retention = strings.Join(retention, "; ")

		// Security: a file crmscan read is not encrypted (it has no key);
		// the unencrypted-export finding names it. A database's security
		// is out of a scan's sight.
		switch {
		case src != nil && isDatabase(src.Kind, src.Name):
			e.Security = L("database")
		default:
			e.Security = L("plain_file")
			for _, f := range bySource[k.src] {
				if f.Rule == "security.unencrypted_export" {
					format := f.Details["format"]
					if format == "" && src != nil {
						format = src.Kind
					}
					format = formatLabel(l, format)
					s := strings.Replace(L("unencrypted"), "%s", format, 1)
					e.Security = strings.Replace(s, "%s", f.ID, 1)
					e.Findings = append(e.Findings, f.ID)
				}
			}
		}
		reg.Entries = append(reg.Entries, e)
	}
	return reg
}

// langOf is the report's language, en unless nl.
func langOf(r *Report) string { return lang(r) }

// dataCategoryLabels names the categories of the kinds found, each with
// its kinds: "contactgegevens (e-mail, telefoon)".
func dataCategoryLabels(l string, kinds map[string]bool) []string {
	out := []string{}
	done := map[string]bool{}
	for _, c := range dataCategories {
		var ks []string
		for _, k := range c.kinds {
			if kinds[k] {
				ks = append(ks, kindName(l, k))
				done[k] = true
			}
		}
		if len(ks) == 0 {
			continue
		}
		s := RegisterLabel(l, "cat_"+c.key)
		if len(c.kinds) > 1 {
			in := strings.Join(ks, ", ")
			if ref, ok := registerLabels[l]["ref_"+c.key]; ok {
				in += "; " + ref // the law that limits its use
			}
			s += " (" + in + ")"
		}
		out = append(out, s)
	}
	var rest []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		if !done[k] {
			rest = append(rest, kindName(l, k))
		}
	}
	if len(rest) > 0 {
		out = append(out, RegisterLabel(l, "cat_other")+" ("+strings.Join(rest, ", ")+")")
	}
	return out
}

// RoleLabel names a table's role in language l.
func RoleLabel(l, role string) string {
	if role == "" {
		return ""
	}
	if s, ok := registerLabels[l]["role_"+role]; ok {
		return s
	}
	return role
}

// formatNames (the [formats] area of labels.toml) name a source's format
// for a reader; others keep their ID.

func formatLabel(l, f string) string {
	if s, ok := formatNames[l][f]; ok {
		return s
	}
	return f
}

// kindEN names the detector kinds in English prose; others keep their ID.
var kindEN = map[string]string{
	"email": "e-mail", "iban": "IBAN", "bsn": "BSN", "date_of_birth": "date of birth", "credit_card": "payment card",
	"ip_address": "IP address", "id_document": "identity document", "vat_number": "VAT number", "kvk_number": "KvK number",
	"be_national_number": "Belgian national number", "mac_address": "MAC address", "advertising_id": "advertising ID",
	"imei": "IMEI", "hashed_identifier": "hashed identifier",
}

// kindName names a detector kind for a reader in language l.
func kindName(l, kind string) string {
	if l == "nl" {
		return kindLabel(l, kind)
	}
	if s, ok := kindEN[kind]; ok {
		return s
	}
	return kind
}

// DataCategories names the categories of personal data of the detector
// kinds given, in language l: the ordinary ones ("contactgegevens (e-mail,
// telefoon)") and the special categories apart ("gezondheid"), as the
// register names them; for the access report of a data subject.
func DataCategories(l string, kinds []string) (ordinary, special []string) {
	if l != "nl" {
		l = "en"
	}
	ks := map[string]bool{}
	sp := map[string]bool{}
	for _, k := range kinds {
		if s, ok := strings.CutPrefix(k, "special_"); ok {
			sp[s] = true
		} else {
			ks[k] = true
		}
	}
	ordinary = dataCategoryLabels(l, ks)
	for _, s := range slices.Sorted(maps.Keys(sp)) {
		name := RegisterLabel(l, "sp_"+s)
		if name == "sp_"+s {
			name = s
		}
		special = append(special, name)
	}
	return ordinary, special
}
