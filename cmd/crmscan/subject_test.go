package main

import (
	"archive/zip"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crmscan/crmscan/internal/gen"
)

// The planted person and a look-alike (same name, other identifiers).
var (
	anna = struct{ first, last, email, phone, iban, ibanCompact string }{
		"Anna", "de Vries", "Anna.deVries@Voorbeeld-Mail.nl", "+31 6 4812 3907", "NL02 ABNA 0123 4567 89", "NL02ABNA0123456789"}
	other = struct{ first, last, email, phone, iban string }{
		"Anna", "de Vries", "anna.devries@andere-mail.nl", "+31 6 4812 3970", "NL18 RABO 0123 4598 76"}
)

// makeSubjectSources builds a folder with a SQLite CRM (contacts, orders,
// notes), an .xlsx export and a .zip holding a pg_dump, each with Anna, the
// look-alike and synthetic people.
func makeSubjectSources(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	g := gen.New(8)

	db, err := sql.Open("sqlite", filepath.Join(dir, "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, a ...any) {
		t.Helper()
		if _, err := db.Exec(q, a...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, iban TEXT)`)
	exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id), amount TEXT, ordered_on TEXT)`)
	exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id), body TEXT)`)
	for i := 1; i <= 20; i++ {
		p := g.Person()
		first, last, email, phone, iban := p.First, p.Last, p.Email, g.Mobile(), g.IBAN(true)
		switch i {
		case 7:
			first, last, email, phone, iban = anna.first, anna.last, anna.email, anna.phone, anna.iban
		case 8:
			first, last, email, phone, iban = other.first, other.last, other.email, other.phone, other.iban
		}
		exec(`INSERT INTO contacts VALUES (?,?,?,?,?,?)`, i, first, last, email, phone, iban)
		exec(`INSERT INTO orders (contact_id, amount, ordered_on) VALUES (?,?,?)`, i, fmt.Sprintf("%d.95", 10+i), "2026-03-01")
	}
	exec(`INSERT INTO orders (contact_id, amount, ordered_on) VALUES (7, '99.00', '2026-04-01')`)
	exec(`INSERT INTO notes (contact_id, body) VALUES (3, 'Wil geen nieuwsbrief meer')`)
	exec(`INSERT INTO notes (contact_id, body) VALUES (7, 'Klant belde over levering, bel 06-48123907 terug')`)
	exec(`INSERT INTO notes (contact_id, body) VALUES (8, 'Bel haar terug op 06-48123970 na vijven')`)
	exec(`INSERT INTO notes (contact_id, body) VALUES (7, 'Retour besproken met Ánna de  Vries, krijgt tegoedbon')`)
	// Someone whose name is like hers but who is not her.
	exec(`INSERT INTO contacts VALUES (21, 'Anne', 'de Vries-Bakker', 'a.bakker@elders.nl', '+31 6 1122 3344', NULL)`)
	exec(`INSERT INTO orders (contact_id, amount, ordered_on) VALUES (21, '55.55', '2026-05-01')`)
	db.Close()

	x := excelize.NewFile()
	sheet := "Contacten"
	x.SetSheetName("Sheet1", sheet)
	rows := [][]any{{"Naam", "E-mail", "Telefoon", "IBAN"}}
	for i := 0; i < 15; i++ {
		p := g.Person()
		rows = append(rows, []any{p.First + " " + p.Last, p.Email, g.Mobile(), g.IBAN(false)})
		if i == 4 {
			rows = append(rows, []any{"Anna de Vries", strings.ToUpper(anna.email), "06 48 12 39 07", anna.ibanCompact})
			rows = append(rows, []any{"Anna de Vries", other.email, "06-48123970", strings.ReplaceAll(other.iban, " ", "")})
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SaveAs(filepath.Join(dir, "export.xlsx")); err != nil {
		t.Fatal(err)
	}

	var dump strings.Builder
	dump.WriteString("--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.customers (\n    id integer NOT NULL,\n    name character varying(80),\n    email character varying(120),\n    phone character varying(30),\n    iban character varying(34)\n);\n\n")
	dump.WriteString("COPY public.customers (id, name, email, phone, iban) FROM stdin;\n")
	for i := 1; i <= 12; i++ {
		p := g.Person()
		name, email, phone, iban := p.First+" "+p.Last, p.Email, g.Mobile(), g.IBAN(true)
		switch i {
		case 5:
			name, email, phone, iban = "Anna de Vries", strings.ToLower(anna.email), "0031648123907", strings.ToLower(anna.iban)
		case 6:
			name, email, phone, iban = "Anna de Vries", other.email, "0031648123970", other.iban
		}
		fmt.Fprintf(&dump, "%d\t%s\t%s\t%s\t%s\n", i, name, email, phone, iban)
	}
	dump.WriteString("\\.\n\n")
	dump.WriteString("CREATE TABLE public.orders (\n    id integer NOT NULL,\n    customer_id integer,\n    amount numeric(10,2),\n    ordered_on date\n);\n\n")
	dump.WriteString("COPY public.orders (id, customer_id, amount, ordered_on) FROM stdin;\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&dump, "%d\t%d\t%d.50\t2026-02-%02d\n", 100+i, i, 20+i, i)
	}
	dump.WriteString("113\t5\t77.70\t2026-03-03\n\\.\n\n")
	dump.WriteString("ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);\n\n")
	f, err := os.Create(filepath.Join(dir, "backup.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("crm/pg_dump.sql")
	w.Write([]byte(dump.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return dir
}

// targets are the three sources: a folder walk does not open SQLite files.
func targets(dir string) []string {
	return []string{filepath.Join(dir, "crm.db"), filepath.Join(dir, "export.xlsx"), filepath.Join(dir, "backup.zip")}
}

// annaValues are her values in every form they take in the sources and the
// searches; otherValues the look-alike's.
var (
	annaValues = []string{anna.email, strings.ToLower(anna.email), anna.phone, "+31648123907", "0648123907", "06-48123907",
		"06 48 12 39 07", "0031648123907", anna.iban, anna.ibanCompact, "de Vries"}
	otherValues = []string{other.email, other.phone, "+31648123970", "06-48123970", other.iban, strings.ReplaceAll(other.iban, " ", "")}
)

type accessOut struct {
	Schema   string `json:"schema"`
	Subjects []struct {
		Sources []struct {
			Path   string `json:"path"`
			Kind   string `json:"kind"`
			Tables []struct {
				Table string `json:"table"`
				Rows  []struct {
					Row     int64 `json:"row"`
					Matched []struct {
						Identifier string `json:"identifier"`
						Column     string `json:"column"`
					} `json:"matched"`
					Values []struct{ Column, Value string } `json:"values"`
				} `json:"rows"`
			} `json:"tables"`
		} `json:"sources"`
	} `json:"subjects"`
}

func TestSubjectFoundEverywhere(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	cases := []struct {
		name string
		flag []string
		// want: table → rows (by primary key or row number)
		want map[string][]int64
	}{
		{"email", []string{"--email", "anna.devries@voorbeeld-mail.NL"},
			map[string][]int64{"main.contacts": {7}, "Contacten": {7}, "crm/pg_dump.sql!public.customers": {5}}},
		{"phone in another notation", []string{"--phone", "06 4812 3907"},
			map[string][]int64{"main.contacts": {7}, "main.notes": {2}, "Contacten": {7}, "crm/pg_dump.sql!public.customers": {5}}},
		{"iban compact", []string{"--iban", anna.ibanCompact},
			map[string][]int64{"main.contacts": {7}, "Contacten": {7}, "crm/pg_dump.sql!public.customers": {5}}},
		{"iban printed", []string{"--iban", "nl02 abna 0123 4567 89"},
			map[string][]int64{"main.contacts": {7}, "Contacten": {7}, "crm/pg_dump.sql!public.customers": {5}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "access.json")
			args := append(append([]string{"subject", "-q", "-f", "access", "-o", out}, tc.flag...), targets(dir)...)
			code, stdout, stderr := crmscan(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("access went to stdout: %q", stdout)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want 0600", st.Mode().Perm())
			}
			var doc accessOut
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Schema != "crmscan.access/v1" || len(doc.Subjects) != 1 {
				t.Fatalf("schema %q, %d subjects", doc.Schema, len(doc.Subjects))
			}
			got := map[string][]int64{}
			for _, s := range doc.Subjects[0].Sources {
				for _, tb := range s.Tables {
					for _, r := range tb.Rows {
						got[tb.Table] = append(got[tb.Table], r.Row)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("found %v, want %v", got, tc.want)
			}
			for _, v := range otherValues {
				if strings.Contains(string(b), v) {
					t.Errorf("the look-alike's %q is in the disclosure", v)
				}
			}
		})
	}
}

func TestSubjectOutputs(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	ids := []string{"--email", "ANNA.DEVRIES@voorbeeld-mail.nl", "--phone", "0648123907", "--iban", anna.ibanCompact}
	run := func(t *testing.T, format, out string) (string, string) {
		t.Helper()
		args := append(append([]string{"subject", "-q", "-f", format}, ids...), targets(dir)...)
		if out != "" {
			args = append(args, "-o", out)
		}
		code, stdout, stderr := crmscan(t, args...)
		if code != exitOK {
			t.Fatalf("%s: exit %d; stderr: %s", format, code, stderr)
		}
		if out != "" && out != "-" {
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			return string(b), stderr
		}
		return stdout, stderr
	}
	tmp := t.TempDir()
	cases := []struct {
		format, out string
		annaIn      []string // her values that must be present
		annaOut     bool     // none of her values may be present
	}{
		{"access", filepath.Join(tmp, "a.json"), []string{anna.email, anna.phone, anna.iban, "06 48 12 39 07", "bel 06-48123907 terug", "0031648123907"}, false},
		{"access-html", filepath.Join(tmp, "a.html"), []string{anna.email, anna.phone, "de Vries"}, false},
		{"portability", filepath.Join(tmp, "p.json"), []string{anna.email, anna.iban, "06 48 12 39 07"}, false},
		{"erasure-plan", "", nil, true},
		{"text", "", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			got, _ := run(t, tc.format, tc.out)
			if tc.format == "access-html" {
				got = html.UnescapeString(got)
			}
			for _, v := range tc.annaIn {
				if !strings.Contains(got, v) {
					t.Errorf("%q missing", v)
				}
			}
			if tc.annaOut {
				for _, v := range annaValues {
					if strings.Contains(strings.ToLower(got), strings.ToLower(v)) {
						t.Errorf("her value %q appears:\n%s", v, got)
					}
				}
			}
			for _, v := range otherValues {
				if strings.Contains(got, v) {
					t.Errorf("the look-alike's %q appears", v)
				}
			}
			if tc.format == "portability" && strings.Contains(got, "bel 06-48123907") {
				t.Errorf("a note mentioning her is not data she provided")
			}
		})
	}

	t.Run("erasure actions", func(t *testing.T) {
		got, _ := run(t, "erasure-plan", "")
		var plan struct {
			Subjects []struct {
				Locations []struct {
					Table, Kind, Action string
					LinkedVia           string `json:"linked_via"`
					Rows                []int64
				}
			}
		}
		if err := json.Unmarshal([]byte(got), &plan); err != nil {
			t.Fatal(err)
		}
		act := map[string]string{}
		for _, l := range plan.Subjects[0].Locations {
			k := l.Table
			if l.LinkedVia != "" {
				k += " (linked)"
			}
			act[k] = l.Action
		}
		want := map[string]string{"main.contacts": "anonymise", "main.notes": "anonymise", "main.notes (linked)": "delete",
			"main.orders (linked)": "anonymise", "Contacten": "delete", "crm/pg_dump.sql!public.customers": "purge-from-backup-or-let-expire",
			"crm/pg_dump.sql!public.orders (linked)": "purge-from-backup-or-let-expire"}
		if fmt.Sprint(act) != fmt.Sprint(want) {
			t.Errorf("actions %v, want %v", act, want)
		}
	})

	t.Run("refuses stdout without -o -", func(t *testing.T) {
		for _, f := range []string{"access", "access-html", "portability"} {
			code, stdout, _ := crmscan(t, append(append([]string{"subject", "-q", "-f", f}, ids...), targets(dir)...)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("%s without -o: exit %d, stdout %q", f, code, stdout)
			}
		}
		got, _ := run(t, "access", "-")
		if !strings.Contains(got, anna.email) {
			t.Errorf("-o -: no disclosure on stdout")
		}
	})
}

func TestSubjectFile(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	tmp := t.TempDir()
	toml := filepath.Join(tmp, "subjects.toml")
	os.WriteFile(toml, []byte("[[subject]]\nid = \"REQ-1\"\nemail = \"anna.devries@voorbeeld-mail.nl\"\n\n[[subject]]\nid = \"REQ-2\"\nphone = [\"06-48123970\"]\n"+
		"\n[[subject]]\nid = \"REQ-3\"\nname = \"de Vries-Bakker, Anne\"\n"), 0o600)
	csvf := filepath.Join(tmp, "subjects.csv")
	os.WriteFile(csvf, []byte("id,email,phone,naam\nREQ-1,anna.devries@voorbeeld-mail.nl,,\nREQ-2,,06-48123970,\nREQ-3,,,\"de Vries-Bakker, Anne\"\n"), 0o600)
	for _, f := range []string{toml, csvf} {
		t.Run(filepath.Ext(f), func(t *testing.T) {
			code, stdout, stderr := crmscan(t, append([]string{"subject", "-q", "--subject-file", f, "-f", "erasure-plan"}, targets(dir)...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var plan struct {
				Subjects []struct {
					Label     string
					Locations []struct {
						Table string
						Rows  []int64
					}
				}
			}
			if err := json.Unmarshal([]byte(stdout), &plan); err != nil {
				t.Fatal(err)
			}
			if len(plan.Subjects) != 3 || plan.Subjects[0].Label != "REQ-1" || len(plan.Subjects[0].Locations) != 6 || len(plan.Subjects[1].Locations) != 6 {
				t.Fatalf("plan %+v", plan)
			}
			// By name alone: her contact row and, linked, her order.
			if got := fmt.Sprint(plan.Subjects[2].Locations); got != "[{main.contacts [21]} {main.orders [22]}]" {
				t.Errorf("REQ-3: %s", got)
			}
		})
	}
}

func TestSubjectUsage(t *testing.T) {
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	for _, args := range [][]string{
		{"subject", "testdata"},
		{"subject", "--phone", "12", "testdata"},
		{"subject", "--email", "a@b.nl", "-f", "json", "testdata"},
		{"subject", "--email", "a@b.nl"},
	} {
		code, _, stderr := crmscan(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if args[1] == "--phone" && strings.Contains(stderr, " 12") {
			t.Errorf("%v: the value is echoed: %s", args, stderr)
		}
	}
}

// subjectDoc is the access disclosure's fields that the name and link tests read.
type subjectDoc struct {
	Subjects []struct {
		Sources []struct {
			Tables []struct {
				Table string
				Rows  []struct {
					Row      int64
					NameOnly bool `json:"name_only"`
					Matched  []struct{ Identifier, Match string }
				}
			}
		}
		Linked []struct {
			Table, Via, Link string
			ParentTable      string `json:"parent_table"`
			Row              int64
			ParentRow        int64 `json:"parent_row"`
			Values           []struct{ Column, Value string }
		}
		Possible []struct {
			Table   string
			Row     int64
			Score   float64
			Match   string
			Columns []string
		}
		Notes []string
	}
}

func runSubjectJSON(t *testing.T, dir, format string, flags ...string) (string, []byte) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.json")
	args := append(append([]string{"subject", "-q", "-f", format, "-o", out}, flags...), targets(dir)...)
	code, _, stderr := crmscan(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return stderr, b
}

// Her two orders hold no identifier of hers, only contact_id: they are
// found as linked rows, by the foreign key in SQLite and by the one the
// dump declares after its data (customer_id); the look-alike's orders are
// not.
func TestSubjectLinkedRows(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	for _, by := range [][]string{{"--email", anna.email}, {"--phone", "0648123907"}, {"--iban", anna.ibanCompact}} {
		t.Run(by[0], func(t *testing.T) {
			_, b := runSubjectJSON(t, dir, "access", by...)
			var doc subjectDoc
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			got := map[string][]int64{}
			for _, l := range doc.Subjects[0].Linked {
				if l.Table == "main.notes" {
					continue // her notes are linked too; the one with her phone is found itself
				}
				got[l.Table+" via "+l.Link] = append(got[l.Table+" via "+l.Link], l.Row)
				if l.Table == "main.orders" && (l.Via != "main.orders.contact_id → main.contacts.id" || l.ParentRow != 7) {
					t.Errorf("link %+v", l)
				}
			}
			want := map[string][]int64{"main.orders via foreign-key": {7, 21}, "crm/pg_dump.sql!public.orders via foreign-key": {5, 13}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("linked %v, want %v", got, want)
			}
			for _, v := range []string{"17.95", "99.00", "25.50", "77.70"} {
				if !strings.Contains(string(b), v) {
					t.Errorf("her order amount %s missing", v)
				}
			}
			for _, v := range []string{"18.95", "26.50", "55.55"} {
				if strings.Contains(string(b), v) {
					t.Errorf("someone else's order amount %s in her disclosure", v)
				}
			}
		})
	}
	t.Run("portability and erasure plan", func(t *testing.T) {
		_, b := runSubjectJSON(t, dir, "portability", "--email", anna.email)
		for _, v := range []string{"99.00", "77.70"} {
			if !strings.Contains(string(b), v) {
				t.Errorf("portability: her order %s missing", v)
			}
		}
		if strings.Contains(string(b), "18.95") {
			t.Errorf("portability: the look-alike's order")
		}
		_, b = runSubjectJSON(t, dir, "erasure-plan", "--email", anna.email)
		for _, v := range append(annaValues, "99.00", "77.70", "17.95") {
			if strings.Contains(strings.ToLower(string(b)), strings.ToLower(v)) {
				t.Errorf("erasure plan holds the value %q", v)
			}
		}
		var plan struct {
			Subjects []struct {
				Locations []struct {
					Table, Action string
					LinkedVia     string `json:"linked_via"`
					Rows          []int64
				}
			}
		}
		json.Unmarshal(b, &plan)
		found := false
		for _, l := range plan.Subjects[0].Locations {
			if l.Table == "main.orders" {
				found = true
				if l.Action != "anonymise" || l.LinkedVia == "" || fmt.Sprint(l.Rows) != "[7 21]" {
					t.Errorf("orders in the plan: %+v", l)
				}
			}
		}
		if !found {
			t.Errorf("no orders in the erasure plan: %s", b)
		}
	})
}

// By name: exact in every source after folding, whichever way the name is
// written or split over columns; the look-alike with the same name is
// found too, and both are marked name-only; a typo is only possible.
func TestSubjectByName(t *testing.T) {
	dir := makeSubjectSources(t)
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	for _, name := range []string{"Anna de Vries", "de Vries, Anna", "VRIES, Ánna de"} {
		t.Run(name, func(t *testing.T) {
			_, b := runSubjectJSON(t, dir, "access", "--name", name)
			var doc subjectDoc
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			got := map[string][]int64{}
			for _, s := range doc.Subjects[0].Sources {
				for _, tb := range s.Tables {
					for _, r := range tb.Rows {
						got[tb.Table] = append(got[tb.Table], r.Row)
						if !r.NameOnly {
							t.Errorf("%s row %d: not marked name-only", tb.Table, r.Row)
						}
						for _, m := range r.Matched {
							if m.Identifier != "name" || m.Match != "exact" {
								t.Errorf("%s row %d: matched %+v", tb.Table, r.Row, m)
							}
						}
					}
				}
			}
			want := map[string][]int64{"main.contacts": {7, 8}, "main.notes": {4}, "Contacten": {7, 8}, "crm/pg_dump.sql!public.customers": {5, 6}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("found %v, want %v", got, want)
			}
			for _, p := range doc.Subjects[0].Possible {
				if p.Table == "main.contacts" && p.Row != 21 {
					t.Errorf("possible %+v", p)
				}
			}
			if len(doc.Subjects[0].Notes) == 0 || !strings.Contains(doc.Subjects[0].Notes[0], "confirm") {
				t.Errorf("no note that name-only matches need confirming: %v", doc.Subjects[0].Notes)
			}
			if strings.Contains(string(b), "a.bakker@elders.nl") || strings.Contains(string(b), "55.55") {
				t.Errorf("Anne de Vries-Bakker's data in the disclosure")
			}
		})
	}
	t.Run("typo is possible", func(t *testing.T) {
		_, b := runSubjectJSON(t, dir, "access", "--name", "Anna de Vris")
		var doc subjectDoc
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.Subjects[0]
		if len(s.Sources) != 0 || len(s.Linked) != 0 {
			t.Errorf("a typo gave exact matches: %+v", s.Sources)
		}
		got := map[string][]int64{}
		for _, p := range s.Possible {
			if p.Match != "possible" || p.Score < 0.88 || p.Score >= 1 {
				t.Errorf("possible %+v", p)
			}
			got[p.Table] = append(got[p.Table], p.Row)
		}
		for _, tb := range []string{"main.contacts", "Contacten", "crm/pg_dump.sql!public.customers"} {
			if len(got[tb]) < 2 {
				t.Errorf("%s: possible rows %v", tb, got[tb])
			}
		}
		if strings.Contains(string(b), anna.email) {
			t.Errorf("a possible match discloses values")
		}
		_, b = runSubjectJSON(t, dir, "portability", "--name", "Anna de Vris")
		if strings.Contains(string(b), "de Vries") {
			t.Errorf("possible matches in the portability export: %s", b)
		}
		code, stdout, _ := crmscan(t, append([]string{"subject", "-q", "--name", "Anna de Vris"}, targets(dir)...)...)
		if code != exitOK || !strings.Contains(stdout, "possible matches") || !strings.Contains(stdout, "similarity 0.9") {
			t.Errorf("text output:\n%s", stdout)
		}
		if strings.Contains(strings.ToLower(stdout), "vries") {
			t.Errorf("text output shows the name:\n%s", stdout)
		}
	})
	t.Run("name and e-mail", func(t *testing.T) {
		// Her rows are found by e-mail and name; the look-alike's by name
		// alone, marked so.
		_, b := runSubjectJSON(t, dir, "access", "--name", "Anna de Vries", "--email", anna.email)
		var doc subjectDoc
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		nameOnly := map[string]bool{}
		for _, s := range doc.Subjects[0].Sources {
			for _, tb := range s.Tables {
				for _, r := range tb.Rows {
					nameOnly[fmt.Sprintf("%s %d", tb.Table, r.Row)] = r.NameOnly
				}
			}
		}
		want := map[string]bool{"main.contacts 7": false, "main.contacts 8": true, "main.notes 4": true, "Contacten 7": false, "Contacten 8": true,
			"crm/pg_dump.sql!public.customers 5": false, "crm/pg_dump.sql!public.customers 6": true}
		if fmt.Sprint(nameOnly) != fmt.Sprint(want) {
			t.Errorf("name-only %v, want %v", nameOnly, want)
		}
	})
}

// On the live PostgreSQL (Chinook): Leonie Köhler is found by e-mail and
// by her name written without the umlaut, and her invoices, which hold no
// identifier of hers, are linked by the declared foreign key.
func TestSubjectLivePostgres(t *testing.T) {
	url := os.Getenv("CRMSCAN_TEST_PG_URL")
	if url == "" {
		t.Skip("CRMSCAN_TEST_PG_URL not set (the CI setup scripts start the server)")
	}
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	out := filepath.Join(t.TempDir(), "access.json")
	code, _, stderr := crmscan(t, "subject", "-q", "--email", "LeoneKohler@surfeu.de", "--name", "Kohler, Leonie",
		"--schema", "public", "-f", "access", "-o", out, url)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc subjectDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Subjects[0]
	by := map[string]bool{}
	for _, src := range s.Sources {
		for _, tb := range src.Tables {
			for _, r := range tb.Rows {
				for _, m := range r.Matched {
					by[fmt.Sprintf("%s %d %s", tb.Table, r.Row, m.Identifier)] = true
				}
			}
		}
	}
	if !by["public.customer 2 email"] || !by["public.customer 2 name"] {
		t.Errorf("customer 2 matched by %v", by)
	}
	invoices := 0
	for _, l := range s.Linked {
		if l.Table == "public.invoice" && l.ParentRow == 2 && l.Link == "foreign-key" {
			invoices++
		}
	}
	if invoices != 7 {
		t.Errorf("%d linked invoices, want 7: %+v", invoices, s.Linked)
	}
}

// linkedIn runs a disclosure for her email over the files and returns the
// linked rows as "table row via link", with the document.
func linkedIn(t *testing.T, files ...string) (map[string]bool, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.json")
	args := append([]string{"subject", "-q", "-f", "access", "-o", out, "--email", "anna@voorbeeld.nl"}, files...)
	if code, _, stderr := crmscan(t, args...); code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc subjectDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, l := range doc.Subjects[0].Linked {
		got[fmt.Sprintf("%s %d via %s (%s)", l.Table, l.Row, l.Link, l.Via)] = true
	}
	return got, string(b)
}

// Dumps written by the real pg_dump (keys declared after the data) and
// mysqldump (keys in CREATE TABLE): her orders refer to her by buyer, her
// ticket by "Contact", names the column-name rule does not know, so they
// are linked only thanks to the declared keys; without the declarations
// they are not.
func TestSubjectDumpDeclaredKeys(t *testing.T) {
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	dir := t.TempDir()
	var files, undeclared []string
	for _, f := range []string{"pg_dump_fk.sql", "mysqldump_fk.sql"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "scanner", "sqldump", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
		// the same dump with its foreign keys made unique constraints
		p = filepath.Join(dir, "plain_"+f)
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "FOREIGN KEY", "UNIQUE")), 0o644); err != nil {
			t.Fatal(err)
		}
		undeclared = append(undeclared, p)
	}

	got, doc := linkedIn(t, files...)
	want := map[string]bool{
		"public.orders 1 via foreign-key (public.orders.buyer → public.contacts.id)":     true,
		"public.orders 3 via foreign-key (public.orders.buyer → public.contacts.id)":     true,
		"public.Tickets 1 via foreign-key (public.Tickets.Contact → public.contacts.id)": true,
		"orders 1 via foreign-key (orders.buyer → contacts.id)":                          true,
		"orders 3 via foreign-key (orders.buyer → contacts.id)":                          true,
		"Tickets 1 via foreign-key (Tickets.Contact → contacts.id)":                      true,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("linked %v, want %v", got, want)
	}
	for _, v := range []string{"25.50", "77.70", "Levering kwijt"} {
		if !strings.Contains(doc, v) {
			t.Errorf("her %q missing", v)
		}
	}
	for _, v := range []string{"9.95", "Vraag over factuur"} {
		if strings.Contains(doc, v) {
			t.Errorf("someone else's %q in her disclosure", v)
		}
	}

	if got, _ := linkedIn(t, undeclared...); len(got) != 0 {
		t.Errorf("without declarations linked %v, want none", got)
	}
}

// A declared key decides for its column: invoices.customer_id refers to
// accounts, so it does not link to her customer row although the column
// name would; notes.customer_id, declared nowhere, still links by the
// column-name rule.
func TestSubjectDumpDeclaredKeyOverridesName(t *testing.T) {
	t.Setenv("CRMSCAN_KEY", "subject-test-key")
	dump := `--
-- PostgreSQL database dump
--

CREATE TABLE public.customers (id integer NOT NULL, name text, email text);
CREATE TABLE public.accounts (id integer NOT NULL, label text);
CREATE TABLE public.orders (id integer NOT NULL, buyer integer, amount numeric(10,2));
CREATE TABLE public.invoices (id integer NOT NULL, customer_id integer, total numeric(10,2));
CREATE TABLE public.notes (id integer NOT NULL, customer_id integer, body text);

COPY public.customers (id, name, email) FROM stdin;
1	Jan Jansen	jan@voorbeeld.nl
2	Anna de Vries	anna@voorbeeld.nl
3	Piet Bakker	piet@voorbeeld.nl
\.

COPY public.accounts (id, label) FROM stdin;
1	Kas
2	Bank
3	Debiteuren
\.

COPY public.orders (id, buyer, amount) FROM stdin;
10	2	25.50
11	1	9.95
12	2	77.70
\.

COPY public.invoices (id, customer_id, total) FROM stdin;
20	2	111.11
21	3	222.22
\.

COPY public.notes (id, customer_id, body) FROM stdin;
30	2	Belt terug over levering
31	1	Wil geen nieuwsbrief
\.

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_buyer_fkey FOREIGN KEY (buyer) REFERENCES public.customers(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.accounts(id);
`
	p := filepath.Join(t.TempDir(), "crm.sql")
	if err := os.WriteFile(p, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	got, doc := linkedIn(t, p)
	want := map[string]bool{
		"public.orders 1 via foreign-key (public.orders.buyer → public.customers.id)":     true,
		"public.orders 3 via foreign-key (public.orders.buyer → public.customers.id)":     true,
		"public.notes 1 via column-name (public.notes.customer_id → public.customers.id)": true,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("linked %v, want %v", got, want)
	}
	if strings.Contains(doc, "111.11") {
		t.Errorf("an invoice of account 2 is in her disclosure")
	}
}
