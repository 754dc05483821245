// Command genprofiles writes CRM-vendor-style exports with known row-rule
// facts (deleted rows, old records, minors, consent columns) to
// testdata/crm/profiles, for the tests of the CRM rules and the demo.
package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"

	"github.com/crmscan/crmscan/internal/gen"
)

func main() {
	dir := "testdata/crm/profiles"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "genprofiles:", err)
		os.Exit(1)
	}
}

// The facts the tests assert (rows counted from the first data row, 1-based):
//   - rows 21-26 are deleted/inactive (6 rows, all holding personal data);
//   - rows 25-30 were last active in 2015 (6 rows, past a 7-year retention);
//   - rows 5-7 belong to children born in 2014 (3 minors).
const rows = 30

func deleted(i int) bool { return i >= 21 && i <= 26 }
func old(i int) bool     { return i >= 25 }
func minor(i int) bool   { return i >= 5 && i <= 7 }

func note(i int) string {
	switch i {
	case 3:
		return "Klant heeft diabetes, graag rekening mee houden bij levering."
	case 8:
		return "Wat een hork aan de telefoon, lastige klant."
	case 12:
		return "Belde terug over offerte."
	}
	return ""
}

func write(path string, header []string, row func(i int) []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	for i := 1; i <= rows; i++ {
		w.Write(row(i))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	g := gen.New(365)
	birth := func(i int) string {
		if minor(i) {
			return fmt.Sprintf("2014-0%d-1%d", 1+i%9, i%10)
		}
		return fmt.Sprintf("19%d-0%d-%02d", 60+i, 1+i%9, 1+i%28)
	}
	if err := write(filepath.Join(dir, "dynamics365_contacts.csv"),
		[]string{"contactid", "firstname", "lastname", "emailaddress1", "telephone1", "birthdate", "statecode", "statuscode", "modifiedon", "donotemail", "description"},
		func(i int) []string {
			p := g.Person()
			state, status := "0", "1"
			if deleted(i) {
				state, status = "1", "2"
			}
			mod := fmt.Sprintf("2025-%02d-%02dT10:15:00Z", 1+i%12, 1+i%28)
			if old(i) {
				mod = fmt.Sprintf("2015-%02d-%02dT09:00:00Z", 1+i%12, 1+i%28)
			}
			return []string{fmt.Sprintf("6f1c%04d-aaaa-4bbb-8ccc-0000000%05d", i, i), p.First, p.Last, p.Email, g.Landline(), birth(i), state, status, mod, "0", note(i)}
		}); err != nil {
		return err
	}
	g = gen.New(1999)
	if err := write(filepath.Join(dir, "salesforce_Contact.csv"),
		[]string{"Id", "FirstName", "LastName", "Email", "MobilePhone", "Birthdate", "IsDeleted", "LastModifiedDate", "HasOptedOutOfEmail", "Description"},
		func(i int) []string {
			p := g.Person()
			del := "false"
			if deleted(i) {
				del = "true"
			}
			mod := fmt.Sprintf("2026-%02d-%02dT08:00:00.000Z", 1+i%10, 1+i%28)
			if old(i) {
				mod = fmt.Sprintf("2015-%02d-%02dT08:00:00.000Z", 1+i%12, 1+i%28)
			}
			return []string{fmt.Sprintf("0035g00000Ab%03dQAA", i), p.First, p.Last, p.Email, g.Mobile(), birth(i), del, mod, "false", note(i)}
		}); err != nil {
		return err
	}
	g = gen.New(77)
	return write(filepath.Join(dir, "salesforce_Lead.csv"),
		[]string{"Id", "FirstName", "LastName", "Email", "Company", "LastModifiedDate"},
		func(i int) []string {
			p := g.Person()
			return []string{fmt.Sprintf("00Q5g00000Xy%03dEAA", i), p.First, p.Last, p.Email, "Bakkerij " + p.Last, fmt.Sprintf("2026-0%d-1%dT08:00:00.000Z", 1+i%9, i%10)}
		})
}
