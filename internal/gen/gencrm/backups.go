package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmscan/crmscan/internal/gen"
)

// contact is one row of the backups' contacts table.
type contact struct {
	ID                 int
	First, Last, Email string
	Phone              string // "06 12345678"
	Digits             int    // the same number as Excel keeps it: 612345678
	IBAN, City         string
	Birth              time.Time
	OptIn              bool
}

// contacts returns the contacts every file in backups/ holds.
func contacts() []contact {
	g := gen.New(4242)
	var cs []contact
	for i := 1; i <= 20; i++ {
		p := g.Person()
		d := 612000000 + (i*7919*104729)%40000000
		cs = append(cs, contact{ID: i, First: p.First, Last: p.Last, Email: p.Email,
			Phone: fmt.Sprintf("0%d %08d", d/100000000, d%100000000), Digits: d, IBAN: g.IBAN(false), City: p.City,
			Birth: time.Date(1950+i*2, time.Month(1+i%12), 1+i, 0, 0, 0, 0, time.UTC), OptIn: i%3 == 0})
	}
	return cs
}

// contactsSQL writes the script that loads the contacts into a database,
// for scanner/sqldump/testdata/make_dumps.sh (the same SQL serves
// PostgreSQL and MariaDB).
func contactsSQL() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE contacts (\n  id integer PRIMARY KEY,\n  first_name varchar(60) NOT NULL,\n  last_name varchar(60),\n" +
		"  email varchar(120),\n  phone varchar(30),\n  iban varchar(34),\n  city varchar(60) DEFAULT 'Utrecht',\n" +
		"  birth_date date,\n  newsletter_opt_in boolean DEFAULT true,\n  notes text\n);\n")
	b.WriteString("CREATE TABLE products (sku varchar(20) PRIMARY KEY, name varchar(80), price numeric(8,2) DEFAULT 0);\n")
	for _, c := range contacts() {
		fmt.Fprintf(&b, "INSERT INTO contacts VALUES (%d, '%s', '%s', '%s', '%s', '%s', '%s', '%s', %t, '%s');\n",
			c.ID, q(c.First), q(c.Last), c.Email, c.Phone, c.IBAN, q(c.City), c.Birth.Format("2006-01-02"), c.OptIn,
			q("Belde op "+c.Phone+"; it's \"urgent\"\tmet tab"))
	}
	b.WriteString("INSERT INTO products VALUES ('P-1', 'Koffie', 12.50), ('P-2', 'Thee', 4.25);\n")
	return b.String()
}

func q(s string) string { return strings.ReplaceAll(s, "'", "''") }

var header = []string{"id", "first_name", "last_name", "email", "phone", "iban", "city", "birth_date", "newsletter_opt_in"}

func (c contact) cells() []string {
	return []string{fmt.Sprint(c.ID), c.First, c.Last, c.Email, c.Phone, c.IBAN, c.City, c.Birth.Format("2006-01-02"), fmt.Sprint(c.OptIn)}
}

// writeBackups writes dir/backups: the same contacts as an Excel workbook,
// JSON, NDJSON, a gzipped CSV, a zip (workbook and NDJSON), a tar.gz of a
// dump (the tests add a truncated workbook beside them). The SQL dumps are copied from
// scanner/sqldump/testdata (made by the real pg_dump and mysqldump).
func writeBackups(dir, dumps string) error {
	dir = filepath.Join(dir, "backups")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cs := contacts()
	xlsx, err := workbook(cs)
	if err != nil {
		return err
	}
	nd := ndjson(cs)
	files := map[string][]byte{
		"contacts.xlsx":   xlsx,
		"contacts.json":   jsonDoc(cs),
		"contacts.ndjson": nd,
	}
	var csv bytes.Buffer
	csv.WriteString(strings.Join(header, ",") + "\n")
	for _, c := range cs {
		csv.WriteString(strings.Join(c.cells(), ",") + "\n")
	}
	files["contacts.csv.gz"] = gz(csv.Bytes(), "contacts.csv")

	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, m := range []struct {
		name string
		data []byte
	}{{"export/contacts.xlsx", xlsx}, {"export/contacts.ndjson", nd}} {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	files["backup.zip"] = zb.Bytes()

	for _, d := range []string{"pg_dump.sql", "mysqldump.sql"} {
		data, err := os.ReadFile(filepath.Join(dumps, d))
		if err != nil {
			return err
		}
		files[d] = data
	}
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	dump := files["mysqldump.sql"]
	tw.WriteHeader(&tar.Header{Name: "backup/crm.sql", Mode: 0o644, Size: int64(len(dump)), ModTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Typeflag: tar.TypeReg})
	tw.Write(dump)
	if err := tw.Close(); err != nil {
		return err
	}
	files["crm-backup.tar.gz"] = gz(tb.Bytes(), "")
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func gz(data []byte, name string) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Name = name
	w.ModTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// workbook writes the contacts as Excel does: a title block above the
// header, phones typed as numbers (their leading zero lost), birth dates as
// date serials, a hidden IBAN column and a hidden sheet of notes.
func workbook(cs []contact) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Contacten"
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", "Export contacten CRM")
	f.SetCellValue(sh, "A2", "Gemaakt op 2026-01-02")
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd-mm-yyyy")})
	if err != nil {
		return nil, err
	}
	for i, h := range []string{"Klantnummer", "Voornaam", "Achternaam", "E-mail", "Telefoon", "IBAN", "Plaats", "Geboortedatum"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		f.SetCellValue(sh, cell, h)
	}
	for i, c := range cs {
		r := 5 + i
		vals := []any{c.ID, c.First, c.Last, c.Email, c.Digits, c.IBAN, c.City, c.Birth}
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			f.SetCellValue(sh, cell, v)
		}
		cell, _ := excelize.CoordinatesToCellName(8, r)
		f.SetCellStyle(sh, cell, cell, dateStyle)
	}
	f.SetColVisible(sh, "F", false)

	f.NewSheet("Notities")
	f.SetSheetRow("Notities", "A1", &[]any{"Klant", "Notitie"})
	for i, c := range cs[:5] {
		f.SetSheetRow("Notities", fmt.Sprintf("A%d", i+2), &[]any{c.ID, "Nieuw e-mailadres: " + c.Email})
	}
	f.SetSheetVisible("Notities", false)

	f.NewSheet("Producten")
	f.SetSheetRow("Producten", "A1", &[]any{"sku", "naam", "prijs"})
	f.SetSheetRow("Producten", "A2", &[]any{"P-1", "Koffie", 12.5})
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func ptr[T any](v T) *T { return &v }

type jsonContact struct {
	ID     int `json:"id"`
	Person struct {
		First   string `json:"first_name"`
		Last    string `json:"last_name"`
		Contact struct {
			Email  string   `json:"email"`
			Phones []string `json:"phones"`
		} `json:"contact"`
	} `json:"person"`
	Billing struct {
		IBAN string `json:"iban"`
	} `json:"billing"`
	City  string `json:"city"`
	Birth string `json:"birth_date"`
	OptIn bool   `json:"newsletter_opt_in"`
}

func toJSON(c contact) jsonContact {
	var j jsonContact
	j.ID, j.City, j.Birth, j.OptIn = c.ID, c.City, c.Birth.Format("2006-01-02"), c.OptIn
	j.Person.First, j.Person.Last = c.First, c.Last
	j.Person.Contact.Email = c.Email
	j.Person.Contact.Phones = []string{c.Phone}
	j.Billing.IBAN = c.IBAN
	return j
}

func jsonDoc(cs []contact) []byte {
	doc := struct {
		Exported string        `json:"exported"`
		Contacts []jsonContact `json:"contacts"`
	}{Exported: "2026-01-02T03:04:05Z"}
	for _, c := range cs {
		doc.Contacts = append(doc.Contacts, toJSON(c))
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n')
}

func ndjson(cs []contact) []byte {
	var b bytes.Buffer
	for _, c := range cs {
		line, _ := json.Marshal(toJSON(c))
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
