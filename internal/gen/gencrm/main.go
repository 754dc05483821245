// Command gencrm writes the sample CRM exports in testdata/crm (run by
// `make testdata`; the files are committed, so the golden reports are stable),
// and with the argument contacts-sql prints the SQL that make_dumps.sh loads.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmscan/crmscan/internal/gen"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "contacts-sql" {
		// the script make_dumps.sh loads into PostgreSQL and MariaDB
		fmt.Print(contactsSQL())
		return
	}
	dir := "testdata/crm"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	dumps := "scanner/sqldump/testdata"
	if len(os.Args) > 2 {
		dumps = os.Args[2]
	}
	err := run(dir)
	if err == nil {
		err = writeBackups(dir, dumps)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencrm:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	for _, d := range []string{"nl", "en"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	// A Dutch Excel export: ';', Windows-1252, CRLF.
	g := gen.New(2026)
	var nl bytes.Buffer
	if err := g.WriteDutchCSV(&nl, 40); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "nl", "contacten_export.csv"), gen.ToWindows1252(nl.String()), 0o644); err != nil {
		return err
	}

	// A Salesforce-style English export: ',', UTF-8, quoted multi-line notes.
	g = gen.New(7)
	var en strings.Builder
	en.WriteString("Id,FirstName,LastName,Email,Phone,MobilePhone,MailingCity,MailingCountry,Description\n")
	intl := []string{"+44 20 7946 0%03d", "+32 470 %02d %02d %02d", "+49 30 901820%02d", "0032 2 512 %02d %02d"}
	for i := 1; i <= 12; i++ {
		p := g.Person()
		var phone string
		switch i % 4 {
		case 0:
			phone = fmt.Sprintf(intl[0], i)
		case 1:
			phone = fmt.Sprintf(intl[1], i, i+10, i+20)
		case 2:
			phone = fmt.Sprintf(intl[2], i)
		default:
			phone = fmt.Sprintf(intl[3], i+20, i+30)
		}
		desc := "Met at the fair."
		switch i % 3 {
		case 0:
			desc = "\"Prefers e-mail.\nAlternative address: " + strings.Replace(p.Email, "@", ".work@", 1) + "\""
		case 1:
			desc = "\"Asked for a quote, \"\"urgent\"\".\nFollow up in Q3.\""
		}
		fmt.Fprintf(&en, "0035g00000%cBx%02dQAC,%s,%s,%s,%s,%s,%s,%s,%s\n", 'A'+rune(i), i*7, p.First, p.Last, p.Email, phone, g.Mobile(), p.City, "Netherlands", desc)
	}
	if err := os.WriteFile(filepath.Join(dir, "en", "salesforce_contacts.csv"), []byte(en.String()), 0o644); err != nil {
		return err
	}

	// A file without personal data.
	var pr strings.Builder
	pr.WriteString("sku;product;price_eur;stock;updated\n")
	for i := 1; i <= 15; i++ {
		fmt.Fprintf(&pr, "P-%05d;Koffiebonen %d kg;%d,%02d;%d;2026-0%d-1%d\n", 1000+i*7, i%3+1, 10+i, i*7%100, i*13, 1+i%9, i%10)
	}
	return os.WriteFile(filepath.Join(dir, "products.csv"), []byte(pr.String()), 0o644)
}
