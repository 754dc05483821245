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
	for _, n := range []string{"pg_dump.sql", "mysqldump.sql", "pg_dump_inserts.sql"} {
		data, _ := os.ReadFile("testdata/" + n)
		f.Add(data)
	}
	f.Add([]byte("INSERT INTO [x] VALUES (N'a', 0x1F, CAST(N'b' AS date))\nGO\n"))
	f.Add([]byte("COPY t (a) FROM stdin;\n\\x41\\101\\N\n\\.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readAll(t, data, Options{BatchBytes: 64})
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
