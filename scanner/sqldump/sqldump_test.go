package sqldump

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/scanner/source"
)

type table struct {
	name string
	cols []source.Column
	rows [][]string
}

func readAll(t testing.TB, data []byte, opt Options) ([]table, error) {
	var out []table
	err := Tables(context.Background(), bytes.NewReader(data), opt, func(tr *Table) error {
		tb := table{name: tr.Name(), cols: tr.Columns()}
		for {
			b, err := tr.Next(context.Background())
			if err != nil {
				if err.Error() == "EOF" {
					break
				}
				return err
			}
			b.Each(func(_ int64, cells [][]byte) {
				var r []string
				for _, c := range cells {
					r = append(r, string(c))
				}
				tb.rows = append(tb.rows, r)
			})
			b.Release()
		}
		out = append(out, tb)
		return nil
	})
	return out, err
}

// The fixtures are written by the real pg_dump and mysqldump
// (testdata/make_dumps.sh).
func TestRealDumps(t *testing.T) {
	for _, tc := range []struct {
		file, table, optIn, city string
		cols                     int
	}{
		{"pg_dump.sql", "public.contacts", "true", "Utrecht", 11},
		{"pg_dump_inserts.sql", "public.contacts", "true", "Utrecht", 11},
		{"mysqldump.sql", "contacts", "1", "Utrecht", 10},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			tabs, err := readAll(t, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(tabs) != 2 {
				t.Fatalf("%d tables, want 2 (contacts, products)", len(tabs))
			}
			c := tabs[0]
			if c.name != tc.table || len(c.cols) != tc.cols || len(c.rows) != 20 {
				t.Fatalf("table %q with %d columns and %d rows, want %q, %d, 20", c.name, len(c.cols), len(c.rows), tc.table, tc.cols)
			}
			byName := map[string]source.Column{}
			for _, col := range c.cols {
				byName[col.Name] = col
			}
			if d := byName["newsletter_opt_in"].Default; d != tc.optIn {
				t.Errorf("newsletter_opt_in default %q, want %q", d, tc.optIn)
			}
			if d := byName["city"].Default; d != tc.city {
				t.Errorf("city default %q, want %q", d, tc.city)
			}
			if byName["first_name"].Nullable || !byName["last_name"].Nullable {
				t.Errorf("nullability wrong: %+v", c.cols)
			}
			r := c.rows[0]
			if !strings.Contains(r[3], "@") || !strings.HasPrefix(r[5], "NL") || !strings.HasPrefix(r[4], "06 ") {
				t.Errorf("row 1 = %q", r)
			}
			if r[9] != "Belde op "+r[4]+"; it's \"urgent\"\tmet tab" {
				t.Errorf("notes = %q: escapes not undone", r[9])
			}
			if tabs[1].rows[1][2] != "4.25" {
				t.Errorf("products row 2 = %q", tabs[1].rows[1])
			}
		})
	}
}

func TestCustomFormatRefused(t *testing.T) {
	data, err := os.ReadFile("testdata/pg_dump.custom")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readAll(t, data, Options{}); !errors.Is(err, ErrCustomFormat) {
		t.Errorf("err = %v, want ErrCustomFormat", err)
	}
}

func TestSQLServerScript(t *testing.T) {
	script := `SET IDENTITY_INSERT [dbo].[Contacts] ON
CREATE TABLE [dbo].[Contacts](
	[Id] [int] IDENTITY(1,1) NOT NULL,
	[Email] [nvarchar](200) NULL,
	[OptIn] [bit] NOT NULL,
 CONSTRAINT [PK_Contacts] PRIMARY KEY CLUSTERED ([Id] ASC)
) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Contacts] ADD  CONSTRAINT [DF_Contacts_OptIn]  DEFAULT ((1)) FOR [OptIn]
GO
INSERT INTO [dbo].[Contacts] ([Id], [Email], [OptIn]) VALUES (1, N'jan@voorbeeld.nl', 1)
INSERT [dbo].[Contacts] ([Id], [Email], [OptIn]) VALUES (2, N'o''brien@voorbeeld.nl', CAST(0 AS bit))
GO
`
	tabs, err := readAll(t, []byte(script), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 1 || len(tabs[0].rows) != 2 {
		t.Fatalf("tables = %+v, %v, want 1 with 2 rows", tabs, err)
	}
	if tabs[0].name != "dbo.Contacts" || tabs[0].cols[2].Default != "1" || tabs[0].rows[1][1] != "o'brien@voorbeeld.nl" {
		t.Errorf("got %+v", tabs[0])
	}
}

func TestLimitSkipsToNextTable(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "INSERT INTO a VALUES (%d,'x');\n", i)
	}
	b.WriteString("INSERT INTO b VALUES (1,'y'),(2,'z');\n")
	tabs, err := readAll(t, []byte(b.String()), Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 2 || len(tabs[0].rows) != 10 || len(tabs[1].rows) != 2 {
		t.Errorf("tables = %d, rows %v", len(tabs), tabs)
	}
}

func FuzzSQLDump(f *testing.F) {
	for _, n := range []string{"pg_dump.sql", "mysqldump.sql", "pg_dump_inserts.sql", "pg_dump_fk.sql", "mysqldump_fk.sql"} {
		data, _ := os.ReadFile("testdata/" + n)
		f.Add(data)
	}
	f.Add([]byte("INSERT INTO [x] VALUES (N'a', 0x1F, CAST(N'b' AS date))\nGO\n"))
	f.Add([]byte("COPY t (a) FROM stdin;\n\\x41\\101\\N\n\\.\n"))
	f.Add([]byte("CREATE TABLE o (b int REFERENCES p, FOREIGN KEY (c) REFERENCES q (id));\nINSERT INTO o VALUES (1);\nALTER TABLE o ADD CONSTRAINT f FOREIGN KEY (d) REFERENCES r(id), ADD COLUMN e int REFERENCES p(id);\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readAll(t, data, Options{BatchBytes: 64})
		Tables(context.Background(), bytes.NewReader(data), Options{}, func(tr *Table) error {
			for _, k := range tr.ForeignKeys() {
				if k.Table == "" || k.RefTable == "" || len(k.Columns) == 0 || k.RefColumns != nil && len(k.RefColumns) != len(k.Columns) {
					t.Errorf("key %+v", k)
				}
			}
			return nil
		})
	})
}

// BenchmarkMysqldump reads a generated mysqldump of 200,000 contacts.
func BenchmarkMysqldump(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("-- MySQL dump 10.13\nCREATE TABLE `contacts` (`id` int NOT NULL, `email` varchar(99) DEFAULT NULL, `phone` varchar(20), `iban` varchar(34), `notes` text);\n")
	for i := 0; i < 200000; i++ {
		if i%1000 == 0 {
			if i > 0 {
				buf.WriteString(";\n")
			}
			buf.WriteString("INSERT INTO `contacts` VALUES ")
		} else {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, "(%d,'jan.jansen%d@voorbeeld.nl','06 %08d','NL91ABNA0417164300','it\\'s a note with some text, \\\"quoted\\\"')", i, i, i)
	}
	buf.WriteString(";\n")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		err := Tables(context.Background(), bytes.NewReader(data), Options{}, func(t *Table) error {
			for {
				bt, err := t.Next(context.Background())
				if err != nil {
					return nil
				}
				bt.Each(func(int64, [][]byte) {})
				bt.Release()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// foreignKeys reads a dump to its end and returns the keys it declared.
func foreignKeys(t *testing.T, data []byte) []string {
	t.Helper()
	var last *Table
	err := Tables(context.Background(), bytes.NewReader(data), Options{}, func(tr *Table) error {
		last = tr
		return nil // Tables skips the rows
	})
	if err != nil {
		t.Fatal(err)
	}
	if last == nil {
		t.Fatal("no table")
	}
	var out []string
	for _, k := range last.ForeignKeys() {
		out = append(out, fmt.Sprintf("%s: %s(%s) → %s(%s)", k.Name, k.Table, strings.Join(k.Columns, ","), k.RefTable, strings.Join(k.RefColumns, ",")))
	}
	return out
}

// The real pg_dump declares its keys in ALTER TABLE after the data, the
// real mysqldump in each CREATE TABLE (testdata/make_fk_dumps.sh); a key
// declared twice is listed once, composite keys are kept.
func TestForeignKeysRealDumps(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"pg_dump_fk.sql", []string{
			"Tickets_Contact_fkey: public.Tickets(Contact) → public.contacts(id)",
			"order_lines_order_fkey: public.order_lines(order_id) → public.orders(id)",
			"orders_buyer_fkey: public.orders(buyer) → public.contacts(id)",
			"tickets_line_fkey: public.Tickets(order_id,line) → public.order_lines(order_id,line)"}},
		{"mysqldump_fk.sql", []string{
			"Tickets_ibfk_1: Tickets(Contact) → contacts(id)",
			"tickets_line_fkey: Tickets(order_id,line) → order_lines(order_id,line)",
			"order_lines_order_fkey: order_lines(order_id) → orders(id)",
			"orders_buyer_fkey: orders(buyer) → contacts(id)"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if got := foreignKeys(t, data); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("ForeignKeys() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			// the declarations change nothing in the rows
			tabs, err := readAll(t, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			rows := map[string]int{}
			for _, tb := range tabs {
				rows[strings.TrimPrefix(tb.name, "public.")] = len(tb.rows)
			}
			if fmt.Sprint(rows) != "map[Tickets:2 contacts:3 order_lines:3 orders:3]" {
				t.Errorf("rows per table %v", rows)
			}
		})
	}
}

// Keys become known where the dump declares them: mysqldump's before the
// table's rows, pg_dump's only once the dump is read to its end.
func TestForeignKeysKnownAfterDeclaration(t *testing.T) {
	for _, tc := range []struct {
		file        string
		atFirstRows int // keys known when the last table's rows start
	}{
		{"pg_dump_fk.sql", 0},
		{"mysqldump_fk.sql", 4},
	} {
		data, err := os.ReadFile("testdata/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var known, after int
		var last *Table
		Tables(context.Background(), bytes.NewReader(data), Options{}, func(tr *Table) error {
			last = tr
			known = len(tr.ForeignKeys())
			return nil
		})
		after = len(last.ForeignKeys())
		if known != tc.atFirstRows || after != 4 {
			t.Errorf("%s: %d keys at the last table's start, %d at the end; want %d, 4", tc.file, known, after, tc.atFirstRows)
		}
	}
}

func TestForeignKeysDialects(t *testing.T) {
	for _, tc := range []struct {
		name, script string
		want         []string
	}{
		{"pg_dump without ONLY, quoted, ON DELETE", `CREATE TABLE "CRM"."Orders" ("Id" integer, "Buyer" integer);
INSERT INTO "CRM"."Orders" VALUES (1, 2);
ALTER TABLE "CRM"."Orders" ADD CONSTRAINT "Orders_Buyer_fkey" FOREIGN KEY ("Buyer") REFERENCES "CRM"."People"("Id") ON UPDATE CASCADE ON DELETE SET DEFAULT DEFERRABLE;
ALTER TABLE IF EXISTS ONLY public.notes ADD CONSTRAINT notes_fk FOREIGN KEY (author) REFERENCES public.people(id) NOT VALID;
`, []string{"Orders_Buyer_fkey: CRM.Orders(Buyer) → CRM.People(Id)", "notes_fk: public.notes(author) → public.people(id)"}},
		{"mysqldump CREATE TABLE", "-- MySQL dump 10.19\nCREATE TABLE `orders` (\n  `id` int(11) NOT NULL,\n  `buyer` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `orders_buyer` (`buyer`),\n" +
			"  CONSTRAINT `orders_ibfk_1` FOREIGN KEY (`buyer`) REFERENCES `contacts` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION\n) ENGINE=InnoDB;\nINSERT INTO `orders` VALUES (1,2);\n",
			[]string{"orders_ibfk_1: orders(buyer) → contacts(id)"}},
		{"phpMyAdmin ALTER with several ADD", "CREATE TABLE `orders` (`id` int, `buyer` int, `payer` int);\nINSERT INTO `orders` VALUES (1,2,3);\n" +
			"ALTER TABLE `orders`\n  ADD CONSTRAINT `fk_buyer` FOREIGN KEY (`buyer`) REFERENCES `contacts` (`id`) ON DELETE CASCADE,\n  ADD CONSTRAINT `fk_payer` FOREIGN KEY (`payer`) REFERENCES `contacts` (`id`);\n",
			[]string{"fk_buyer: orders(buyer) → contacts(id)", "fk_payer: orders(payer) → contacts(id)"}},
		{"generic inline and table-level", `CREATE TABLE people (id int PRIMARY KEY, name text);
CREATE TABLE orders (
  id int PRIMARY KEY,
  buyer int NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  seller int CONSTRAINT orders_seller REFERENCES people,
  lead int,
  FOREIGN KEY (lead) REFERENCES people (id),
  tenant int, region int,
  FOREIGN KEY (tenant, region) REFERENCES regions (tenant, id)
);
INSERT INTO orders VALUES (1, 2, 3, 4, 5, 6);
ALTER TABLE orders ADD COLUMN referrer int REFERENCES people(id);
`, []string{": orders(buyer) → people(id)", "orders_seller: orders(seller) → people(id)", ": orders(lead) → people(id)",
			": orders(tenant,region) → regions(tenant,id)", ": orders(referrer) → people(id)"}},
		{"SQL Server script", `CREATE TABLE [dbo].[Contacts](
	[Id] [int] IDENTITY(1,1) NOT NULL,
 CONSTRAINT [PK_Contacts] PRIMARY KEY CLUSTERED ([Id] ASC)
) ON [PRIMARY]
GO
CREATE TABLE [dbo].[Orders](
	[Id] [int] NOT NULL,
	[Koper] [int] NULL,
	[Owner] [int] NULL FOREIGN KEY REFERENCES [dbo].[Contacts],
	CONSTRAINT [FK_Orders_Koper] FOREIGN KEY([Koper]) REFERENCES [dbo].[Contacts] ([Id])
)
GO
INSERT [dbo].[Orders] ([Id], [Koper]) VALUES (1, 2)
ALTER TABLE [dbo].[Orders]  WITH CHECK ADD  CONSTRAINT [FK_Orders_Owner] FOREIGN KEY([Owner])
REFERENCES [dbo].[Contacts] ([Id])
GO
ALTER TABLE [dbo].[Orders] CHECK CONSTRAINT [FK_Orders_Owner]
GO
`, []string{"FK_Orders_Owner: dbo.Orders(Owner) → dbo.Contacts(Id)", "FK_Orders_Koper: dbo.Orders(Koper) → dbo.Contacts(Id)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := foreignKeys(t, []byte(tc.script)); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("ForeignKeys() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
