package dbsrc

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// linkFixture is a small CRM: contacts referred to by orders (by the
// primary key), by invoices (by a unique customer number, not the key),
// by a composite key (not followed) and by a column without a declared key.
func linkFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crm.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE contacts (id INTEGER PRIMARY KEY, nr TEXT UNIQUE, name TEXT, photo BLOB)`,
		`CREATE TABLE orders (id INTEGER PRIMARY KEY, contact_id INTEGER REFERENCES contacts, amount NUMERIC, placed DATE)`,
		`CREATE TABLE invoices (no TEXT PRIMARY KEY, customer_nr TEXT REFERENCES contacts(nr), total REAL)`,
		`CREATE TABLE pairs (a INTEGER, b TEXT, FOREIGN KEY (a, b) REFERENCES contacts(id, nr))`,
		`CREATE TABLE loose (id INTEGER PRIMARY KEY, contact_id INTEGER)`,
		`INSERT INTO contacts VALUES (1, 'K-001', 'Anna', x'00ff'), (2, 'K-002', 'Bram', NULL)`,
		`INSERT INTO orders VALUES (10, 1, 12.5, '2026-01-02'), (11, 2, 99, '2026-01-03'), (12, 1, 7, NULL)`,
		`INSERT INTO invoices VALUES ('F-1', 'K-001', 12.5), ('F-2', 'K-002', 99)`,
		`INSERT INTO pairs VALUES (1, 'K-001')`,
		`INSERT INTO loose VALUES (1, 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path
}

func TestLinkedSQLite(t *testing.T) {
	path := linkFixture(t)
	before, _ := os.ReadFile(path)
	links, err := Linked(context.Background(), path, Options{}, []Parent{{Table: "main.contacts", Key: 1}, {Table: "main.nope", Key: 1}}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		var vals []string
		for i, c := range l.Columns {
			vals = append(vals, c+"="+l.Values[i])
		}
		got = append(got, fmt.Sprintf("%d %s %d [%s] %s", l.Parent, l.Table, l.Row, strings.Join(vals, " "), l.Via))
	}
	sort.Strings(got)
	want := []string{
		"0 main.invoices 0 [no=F-1 customer_nr=K-001 total=12.5] main.invoices.customer_nr → main.contacts.nr",
		"0 main.orders 10 [id=10 contact_id=1 amount=12.5 placed=2026-01-02] main.orders.contact_id → main.contacts.id",
		"0 main.orders 12 [id=12 contact_id=1 amount=7 placed=] main.orders.contact_id → main.contacts.id",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Errorf("the database file changed")
	}

	// The limit holds per parent and key.
	links, err = Linked(context.Background(), path, Options{}, []Parent{{Table: "main.contacts", Key: 1}}, 1)
	if err != nil || len(links) != 2 {
		t.Errorf("limit 1: %d links, %v", len(links), err)
	}
	// A parent with no rows referring to it.
	links, err = Linked(context.Background(), path, Options{}, []Parent{{Table: "main.contacts", Key: 3}}, 10)
	if err != nil || len(links) != 0 {
		t.Errorf("no such contact: %d links, %v", len(links), err)
	}
}

// On the live servers, Chinook's invoices refer to their customer by a
// declared foreign key, and customers to their support employee.
func TestLinkedLive(t *testing.T) {
	for _, tc := range []struct {
		kind, customer, invoice, via string
	}{
		{"postgres", "public.customer", "public.invoice", "public.invoice.customer_id → public.customer.customer_id"},
		{"mysql", "Chinook.Customer", "Chinook.Invoice", "Chinook.Invoice.CustomerId → Chinook.Customer.CustomerId"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			url := liveURL(t, servers[tc.kind].env)
			links, err := Linked(context.Background(), url, Options{}, []Parent{{Table: tc.customer, Key: 1}}, 100)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, l := range links {
				if l.Table != tc.invoice {
					continue
				}
				n++
				if l.Via != tc.via || l.Row <= 0 || len(l.Columns) != len(l.Values) || len(l.Columns) < 5 {
					t.Errorf("link %+v", l)
				}
			}
			if n != 7 { // Chinook's customer 1 has seven invoices
				t.Errorf("%d invoices of customer 1, want 7", n)
			}
		})
	}
}
