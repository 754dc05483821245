package sqldump

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// seeds returns the fuzz seeds: the hardest lines of the real dumps
// (testdata/seeds) and the dumps of testdata.
func seeds(f *testing.F) [][]byte {
	var out [][]byte
	data, err := os.ReadFile("testdata/seeds/realworld_lines.sql")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range strings.Split(string(data), "-- seed\n") {
		out = append(out, []byte(s))
	}
	for _, n := range []string{"pg_dump.sql", "mysqldump.sql", "pg_dump_inserts.sql", "pg_dump_fk.sql", "mysqldump_fk.sql"} {
		d, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, d)
	}
	for _, s := range []string{
		`INSERT INTO t VALUES (E'a\'b\\c\x41\101\u00e9',U&'d\0061t',$q$x'y$q$,'1'::int,CAST(N'b' AS date),-1.5e-3,TRUE,NULL,DEFAULT);`,
		"-- MySQL dump\nINSERT INTO `t` VALUES (_binary 'x\\0',_utf8mb4'y' COLLATE utf8mb4_bin,X'4142',0x4344,/*!50705 0x01,*/\"q\\\"\",--  c\n1 # d\n);",
		"INSERT INTO t VALUES (1,'unterminated);\nINSERT INTO t VALUES (2,'ok');\n",
		"/* a /* nested */ b */ INSERT INTO t VALUES (1);\nDELIMITER //\nCREATE PROCEDURE p() BEGIN INSERT INTO x VALUES (1); END //\nDELIMITER ;\n",
		"COPY t (a, b) FROM stdin;\n\\x41\\101\\N\t\\N\r\n\\.\n",
	} {
		out = append(out, []byte(s))
	}
	return out
}

type readRows struct {
	names []string
	rows  []string
	err   string
	// longest is the longest cell
	longest int
}

func read(data []byte, opt Options) readRows {
	var r readRows
	err := Tables(context.Background(), bytes.NewReader(data), opt, func(tr *Table) error {
		r.names = append(r.names, tr.Name())
		for {
			b, err := tr.Next(context.Background())
			if err != nil {
				if err.Error() != "EOF" {
					return err
				}
				return nil
			}
			b.Each(func(_ int64, cells [][]byte) {
				var q []string
				for _, c := range cells {
					r.longest = max(r.longest, len(c))
					q = append(q, strconvQuote(string(c)))
				}
				r.rows = append(r.rows, strings.Join(q, ","))
			})
			b.Release()
		}
	})
	if err != nil {
		r.err = err.Error()
	}
	return r
}

// FuzzLiterals reads any bytes as the values of an INSERT, in both
// dialects: no panic, no cell longer than MaxCell, and batches of any
// size give the same rows.
func FuzzLiterals(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, prefix := range []string{"INSERT INTO t VALUES (", "-- MySQL dump\nINSERT INTO `t` VALUES ("} {
			script := append([]byte(prefix), data...)
			script = append(script, ");\nINSERT INTO z VALUES ('end');\n"...)
			a := read(script, Options{MaxCell: 64})
			b := read(script, Options{MaxCell: 64, BatchBytes: 1})
			if strings.Join(a.rows, "\n") != strings.Join(b.rows, "\n") || a.err != b.err {
				t.Fatalf("batch size changes the rows:\n%q\n%q", a.rows, b.rows)
			}
			if a.longest > 64 {
				t.Fatalf("a cell of %d bytes", a.longest)
			}
		}
	})
}

// FuzzComments reads any bytes as the blank and comments before a
// statement: the lexer ends, and when the comments are closed the
// statement after them is read.
func FuzzComments(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Add([]byte("/*!50705 x */ -- y\n# z\n/* a /* b */ c */"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mysql := range []bool{false, true} {
			l := newLexer(bytes.NewReader(data))
			l.mysql = mysql
			for range len(data) + 1 {
				l.space()
				if _, ok := l.next(); !ok {
					break
				}
			}
			if _, ok := l.next(); ok {
				t.Fatal("the lexer did not reach the end")
			}
			if l.n != int64(len(data)) {
				t.Fatalf("consumed %d of %d bytes", l.n, len(data))
			}
		}
		// a closed comment hides nothing after it
		// (a "/*" inside nests in PostgreSQL; "/*!" opens MySQL's code)
		closed := !bytes.Contains(data, []byte("*/")) && !bytes.Contains(data, []byte("/*")) && !bytes.HasSuffix(data, []byte("/")) &&
			!bytes.HasPrefix(data, []byte("!")) && !bytes.HasPrefix(data, []byte("M!"))
		if closed && !bytes.ContainsAny(data, "\n\r") {
			script := append(append([]byte("/*"), data...), "*/ INSERT INTO t VALUES (1);\n"...)
			if r := read(script, Options{}); len(r.rows) != 1 || r.rows[0] != `"1"` {
				t.Fatalf("after a comment: %q %s", r.rows, r.err)
			}
		}
	})
}

// FuzzStatements reads any bytes as a dump: no panic, no hang, the
// catalog's pass agrees with the reader, and batches of any size give
// the same rows.
func FuzzStatements(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a := read(data, Options{})
		b := read(data, Options{BatchBytes: 64, MaxCell: 1 << 20})
		if strings.Join(a.rows, "\n") != strings.Join(b.rows, "\n") {
			t.Fatalf("batch size changes the rows")
		}
		c := NewCatalog()
		c.Collect(context.Background(), bytes.NewReader(data))
		Tables(context.Background(), bytes.NewReader(data), Options{Catalog: func() *Catalog { return c }}, func(tr *Table) error {
			for _, k := range tr.ForeignKeys() {
				if k.Table == "" || k.RefTable == "" || len(k.Columns) == 0 || k.RefColumns != nil && len(k.RefColumns) != len(k.Columns) {
					t.Errorf("key %+v", k)
				}
			}
			return nil
		})
	})
}
