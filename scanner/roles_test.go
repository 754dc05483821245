package scanner

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func column(rep *reporters.Report, table, col string) reporters.Column {
	for _, c := range rep.Columns {
		if c.Table == table && c.Column == col {
			return c
		}
	}
	return reporters.Column{}
}

func role(rep *reporters.Report, table string) (string, []string) {
	for _, t := range rep.Tables {
		if t.Table == table {
			return t.Role, t.Evidence
		}
	}
	return "", nil
}

// A table's role decides what its name, note and contact columns mean: the
// "name" of a country list or a department is no person's name, a company's
// switchboard number is business contact data, a contact's remark without
// a lexicon word is still free text about a person.
func TestTableRoles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"country.csv":         "id,name,code\n1,France,FR\n2,Belgique,BE\n3,Nederland,NL\n4,Deutschland,DE\n5,Maroc,MA\n",
		"department_type.csv": "id,nom,active\n1,Ventes,1\n2,Achats,1\n3,Sick leave,0\n4,Support,1\n",
		"contacts.csv": "id,first_name,last_name,email,note\n" +
			"1,Jan,Jansen,jan.jansen@example.nl,Called about the renewal last week\n" +
			"2,Fatima,El Amrani,f.elamrani@example.com,Prefers to be reached in the morning\n" +
			"3,Pierre,Dupont,pdupont@example.fr,Met at the trade fair in Lyon\n",
		"companies.csv":     "id,name,phone,city\n1,Acme Holding BV,020 123 4567,Amsterdam\n2,Globex,010 765 4321,Rotterdam\n3,Initech,030 111 2233,Utrecht\n",
		"members.csv":       "id,name,email\n1,Emma de Vries,emma@example.nl\n2,Mohamed Yilmaz,m.yilmaz@example.com\n3,Sophie Martin,sophie@example.fr\n",
		"leave_reasons.csv": "id,description\n1,Sick leave because of a hernia\n2,Religious holiday\n",
	})
	rep := scan(t, testOptions(t), dir)
	for table, want := range map[string]string{
		"country.csv": "reference", "department_type.csv": "reference", "contacts.csv": "people",
		"companies.csv": "organisations", "members.csv": "people", "leave_reasons.csv": "reference",
	} {
		if got, ev := role(rep, table); got != want || len(ev) == 0 {
			t.Errorf("%s: role %q evidence %v, want %q with evidence", table, got, ev, want)
		}
	}
	for _, tc := range []struct{ table, col, class, holder string }{
		{"country.csv", "name", "none", ""},
		{"department_type.csv", "nom", "none", ""},
		{"companies.csv", "name", "none", ""},
		{"companies.csv", "phone", "phone", "organisation"},
		{"members.csv", "name", "name", ""},
		{"contacts.csv", "note", "free_text", ""},
		{"contacts.csv", "first_name", "name", ""},
		{"leave_reasons.csv", "description", "none", ""},
	} {
		c := column(rep, tc.table, tc.col)
		if c.Classification != tc.class || c.Holder != tc.holder {
			t.Errorf("%s.%s: classification %q holder %q, want %q %q", tc.table, tc.col, c.Classification, c.Holder, tc.class, tc.holder)
		}
	}
	for _, f := range rep.Findings {
		l := f.Location
		if l.Table == "leave_reasons.csv" && (strings.HasPrefix(f.Rule, "special.") || strings.HasPrefix(f.Rule, "note.")) {
			t.Errorf("a special-category finding in a reference table: %s %s", f.Rule, l.Column)
		}
		if (l.Table == "country.csv" || l.Table == "companies.csv") && f.Rule == "pii.name" {
			t.Errorf("a person-name finding on %s.%s", l.Table, l.Column)
		}
		if l.Table == "companies.csv" && f.Rule == "pii.phone" && (f.Severity != "low" || f.Details["holder"] != "organisation") {
			t.Errorf("company phone: severity %s details %v, want low, holder organisation", f.Severity, f.Details)
		}
		if l.Table != "contacts.csv" && l.Table != "members.csv" && (strings.HasPrefix(f.Rule, "consent.") || strings.HasPrefix(f.Rule, "erasure.")) {
			t.Errorf("a CRM rule on a table without people: %s on %s", f.Rule, l.Table)
		}
	}
}

func TestTableWords(t *testing.T) {
	for in, want := range map[string]string{
		"llx_socpeople":             "llx socpeople",
		"public.ContactEmails":      "contact emails",
		"lwc-recipes_Contacts.json": "lwc recipes contacts",
		"res_country_state":         "res country state",
	} {
		if got := strings.Join(tableWords(in), " "); got != want {
			t.Errorf("tableWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// Evidence of issue 14's second round: a note in an order that speaks of a
// person, a bare name column in a table named for people, a list of places
// and a dictionary of contact types.
func TestTableRolesPeopleEvidence(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"invoices.csv": "id,amount,note_private\n1,10,The customer called on 24 April. He agreed to pay the rest in May.\n" +
			"2,20,Payment invoice FA1108-0003\n3,30,Payment invoice FA1108-0004\n",
		"orders.csv":         "id,amount,note\n1,10,Payment invoice FA1108-0003\n2,20,Delivered to the warehouse in Lyon\n",
		"voters.csv":         "id,nom,answers\n1,gfdgdf,01\n2,John Doe,110\n3,hhhh,000\n4,kkk,010\n5,azerty,100\n",
		"city.csv":           "city_id,city,country_id\n1,Lyon,1\n2,Gent,2\n3,Utrecht,3\n",
		"c_type_contact.csv": "rowid,element,code,libelle\n1,propal,BILLING,Contact client facturation\n2,commande,SHIPPING,Contact client livraison\n",
		"settings.csv": "id,name,note\n" + strings.Repeat("1,MAIN_LANG,Default language of the interface\n", 25) +
			strings.Repeat(`2,MAIN_VERSION,"{""authorid"":""1"",""ip"":""82.65.12.34""}"`+"\n", 6),
		"app_config.csv": "id,note\n" + strings.Repeat(`1,"{""lang"":""fr"",""size"":""12""}"`+"\n", 30) +
			strings.Repeat(`2,"{""authorid"":""1"",""ip"":""82.65.12.34""}"`+"\n", 6),
		"shop_contacts.csv": "id,first_name,email\n1,Jan,info@bakkerij-jansen.nl\n2,Emma,sales@globex.com\n3,Pierre,Accueil@hotel-lyon.fr\n4,Sophie,sophie.martin@gmail.com\n",
		"crm_notes.csv":     "id,contact_id,note\n1,12,Wants the quote for the garden project by Friday\n2,14,Asked for a call back about the renewal\n",
		"leads.csv":         "id,name,amount\n1,Office Design Project,1000\n2,Website Redesign Deal,2000\n3,Annual Support Contract,500\n",
	})
	rep := scan(t, testOptions(t), dir)
	for table, want := range map[string]string{
		"invoices.csv": "activity", "voters.csv": "people", "city.csv": "reference", "c_type_contact.csv": "reference",
	} {
		if got, ev := role(rep, table); got != want {
			t.Errorf("%s: role %q evidence %v, want %q", table, got, ev, want)
		}
	}
	if c := column(rep, "shop_contacts.csv", "email"); c.Classification != "email" || c.Holder != "organisation" {
		t.Errorf("role mailboxes: classification %q holder %q, want email of an organisation", c.Classification, c.Holder)
	}
	for _, f := range rep.Findings {
		if f.Location.Table == "shop_contacts.csv" && f.Rule == "pii.email" && (f.Severity != "low" || f.Details["holder"] != "organisation") {
			t.Errorf("role mailboxes: severity %s details %v, want low, holder organisation", f.Severity, f.Details)
		}
	}
	for _, tc := range []struct{ table, col, class string }{
		{"invoices.csv", "note_private", "free_text"},
		{"orders.csv", "note", "none"},
		{"voters.csv", "nom", "name"},
		{"settings.csv", "note", "ip_address"},
		{"app_config.csv", "note", "ip_address"},
		{"crm_notes.csv", "note", "free_text"},
		{"leads.csv", "name", "none"},
	} {
		if c := column(rep, tc.table, tc.col); c.Classification != tc.class {
			t.Errorf("%s.%s: classification %q, want %q", tc.table, tc.col, c.Classification, tc.class)
		}
	}
}

func TestMentionsPerson(t *testing.T) {
	for cell, want := range map[string]bool{
		"The customer called us. He agreed to pay.": true,
		"Klant belde, hij wil later betalen":        true,
		"Rappeler Mme Dupont demain":                true,
		"Payment invoice FA1108-0003":               false,
		"Job took 120 ms on the server":             false,
		"Er is een fout in de levering":             false,
		"Lieferung an Herrn Schmidt":                true,
		"":                                          false,
	} {
		if got := mentionsPerson([]byte(cell)); got != want {
			t.Errorf("mentionsPerson(%q) = %v, want %v", cell, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { mentionsPerson([]byte("Payment invoice FA1108-0003 for her")) }); n != 0 {
		t.Errorf("mentionsPerson allocates %v times", n)
	}
}

func TestRoleMailbox(t *testing.T) {
	for addr, want := range map[string]bool{
		"info@example.nl": true, "Sales@globex.com": true, "no-reply@shop.de": true, "factuur@bedrijf.nl": true,
		"jan.jansen@example.nl": false, "information.desk.of.the.company.xyz@x.nl": false, "info": false, "@x.nl": false,
	} {
		if got := roleMailbox([]byte(addr)); got != want {
			t.Errorf("roleMailbox(%q) = %v, want %v", addr, got, want)
		}
	}
	// Every role passes the quick checks before the lookup, in any case.
	for role := range roleMailboxes {
		for _, addr := range []string{role + "@x.nl", strings.ToUpper(role) + "@x.nl"} {
			if !roleMailbox([]byte(addr)) {
				t.Errorf("roleMailbox(%q) = false", addr)
			}
		}
	}
}

// mentionsPersonReference is mentionsPerson as first written, copying
// every byte of a word: the faster one must agree with it.
func mentionsPersonReference(cell []byte) bool {
	var buf [16]byte
	n, long := 0, false
	check := func() bool {
		ok := n > 0 && !long && mentionFirst[n]&(1<<(buf[0]&63)) != 0 && mentionWords[string(buf[:n])]
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

func TestMentionsPersonAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	words := []string{"he", "She", "HIS", "hij", "Mevr", "mme", "señor", "Señora", "herrn", "mademoiselle", "the", "er", "zij", "klant",
		"heb", "hee", "mr", "mrs", "Mrs.", "x", "é", "ñ", "a", "zichzelfzichzelfzichzelf", "herself", "herselfs"}
	seps := []string{" ", ", ", ".", "-", "1", "\n", "", "_", "é", "\xc3", "\xff"}
	for i := 0; i < 200000; i++ {
		var b []byte
		for k := r.IntN(8); k >= 0; k-- {
			b = append(b, words[r.IntN(len(words))]...)
			b = append(b, seps[r.IntN(len(seps))]...)
		}
		if got, want := mentionsPerson(b), mentionsPersonReference(b); got != want {
			t.Fatalf("mentionsPerson(%q) = %v, reference %v", b, got, want)
		}
	}
}
