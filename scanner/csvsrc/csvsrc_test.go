package csvsrc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/scanner/source"
)

type row struct {
	n     int64
	cells []string
}

func (r row) String() string { return fmt.Sprintf("%d:%q", r.n, r.cells) }

// collect appends the batch's rows to rows. The batch says its cells stay
// valid after Each (source.CellsStay): collect reads them again once Each
// has returned, and panics if one changed.
func collect(b source.Batch, rows []row) []row {
	cells, nums, err := testutil.EachStays(b)
	if err != nil {
		panic(err)
	}
	for i, c := range cells {
		rows = append(rows, row{nums[i], c})
	}
	return rows
}

func readAll(t testing.TB, in io.Reader, opt Options) ([]row, *Reader) {
	t.Helper()
	r, err := Open(in, opt)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	var rows []row
	for {
		b, err := r.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		rows = collect(b, rows)
		b.Release()
	}
	return rows, r
}

func readFile(t *testing.T, name string, opt Options) ([]row, *Reader) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	opt.Name = name
	return readAll(t, bytes.NewReader(data), opt)
}

func colNames(r *Reader) []string {
	var s []string
	for _, c := range r.Columns() {
		s = append(s, c.Name)
	}
	return s
}

func TestDelimiters(t *testing.T) {
	want := []row{
		{2, []string{"Jan de Vries", "jan@example.nl", "0612345678", "Amsterdam"}},
		{3, []string{"Piet Jansen", "piet@example.nl", "0687654321", "Utrecht"}},
		{4, []string{"Anna Bakker", "anna@example.nl", "0201234567", "Den Haag"}},
	}
	for _, tc := range []struct {
		file  string
		delim byte
	}{
		{"comma.csv", ','},
		{"semicolon.csv", ';'},
		{"tab.tsv", '\t'},
		{"pipe.csv", '|'},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rows, r := readFile(t, tc.file, Options{})
			if r.Delimiter() != tc.delim {
				t.Errorf("delimiter %q, want %q", r.Delimiter(), tc.delim)
			}
			if !r.HasHeader() {
				t.Error("header not detected")
			}
			if got := colNames(r); !reflect.DeepEqual(got, []string{"Naam", "E-mail", "Telefoon", "Plaats"}) {
				t.Errorf("columns %q", got)
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows\n got %v\nwant %v", rows, want)
			}
			if r.Name() != tc.file {
				t.Errorf("name %q", r.Name())
			}
			st := r.Stats()
			if st.Rows != 3 || st.RaggedRows != 0 || st.BrokenQuote != 0 || st.Truncated {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestDelimiterSniffing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		delim byte
		cols  int
	}{
		{"decimal commas in semicolon file", "naam;bedrag;totaal\nJan;1,50;2,00\nPiet;3,25;4,75\n", ';', 3},
		{"quoted delimiters do not count", "a,b\n\"x;y;z\",1\n\"p;q;r\",2\n", ',', 2},
		{"single column", "email\njan@example.nl\npiet@example.nl\n", ',', 1},
		{"single column no header", "jan@example.nl\npiet@example.nl\n", ',', 1},
		{"tab with commas in text", "naam\tnotitie\nJan\tbelt, mailt, komt\nPiet\tja, nee\n", '\t', 2},
		{"most consistent wins", "a|b|c\n1|2|3\n4|5,6|7\n8|9|10\n", '|', 3},
		{"tie goes to higher count", "a,b;c;d\n1,2;3;4\n", ';', 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, r := readAll(t, strings.NewReader(tc.in), Options{})
			if r.Delimiter() != tc.delim {
				t.Errorf("delimiter %q, want %q", r.Delimiter(), tc.delim)
			}
			if len(r.Columns()) != tc.cols {
				t.Errorf("%d columns %q, want %d", len(r.Columns()), colNames(r), tc.cols)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	want := []row{
		{2, []string{"José Müller", "é ë €", "€ 12,50", "jose@example.nl"}},
		{3, []string{"Zoë ’t Hart", "café „goed”", "€ 3,00", "zoe@example.nl"}},
	}
	for _, tc := range []struct{ file, enc string }{
		{"dutch_utf8.csv", "utf-8"},
		{"dutch_utf8_bom.csv", "utf-8-bom"},
		{"dutch_utf16le.csv", "utf-16le"},
		{"dutch_utf16be.csv", "utf-16be"},
		{"dutch_1252.csv", "windows-1252"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			for _, bb := range []int{0, 16} {
				rows, r := readFile(t, tc.file, Options{BatchBytes: bb})
				if r.Encoding() != tc.enc {
					t.Errorf("encoding %q, want %q", r.Encoding(), tc.enc)
				}
				if r.Delimiter() != ';' {
					t.Errorf("delimiter %q", r.Delimiter())
				}
				if got := colNames(r); !reflect.DeepEqual(got, []string{"Naam", "Opmerking", "Bedrag", "Email"}) {
					t.Errorf("columns %q", got)
				}
				if !reflect.DeepEqual(rows, want) {
					t.Errorf("rows\n got %v\nwant %v", rows, want)
				}
				if len(rows) > 0 && rows[0].cells[1] != "é ë €" {
					t.Errorf("cell %q, want %q", rows[0].cells[1], "é ë €")
				}
			}
		})
	}
}

func TestEncodingEdgeCases(t *testing.T) {
	t.Run("utf-16le without bom", func(t *testing.T) {
		in := utf16le("naam,email\r\nJosé,jose@example.nl\r\n")
		rows, r := readAll(t, bytes.NewReader(in), Options{})
		if r.Encoding() != "utf-16le" {
			t.Errorf("encoding %q", r.Encoding())
		}
		want := []row{{2, []string{"José", "jose@example.nl"}}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows %v", rows)
		}
	})
	t.Run("utf-16 surrogate pairs and odd tail", func(t *testing.T) {
		in := append([]byte{0xFF, 0xFE}, utf16le("naam,email\nA😀B,a@b.nl\n")...)
		in = append(in, 'x') // odd trailing byte
		rows, _ := readAll(t, iotest.OneByteReader(bytes.NewReader(in)), Options{})
		want := []row{{2, []string{"A😀B", "a@b.nl"}}, {3, []string{"\uFFFD"}}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows %v", rows)
		}
	})
	t.Run("windows-1252 after the sniff window", func(t *testing.T) {
		var buf bytes.Buffer
		buf.WriteString("naam;email\n")
		for buf.Len() < 200<<10 {
			buf.WriteString("Jan;jan@example.nl\n")
		}
		buf.WriteString("Zo\xeb;zo\xeb@example.nl\n")
		rows, r := readAll(t, &buf, Options{})
		last := rows[len(rows)-1]
		if last.cells[0] != "Zoë" || last.cells[1] != "zoë@example.nl" {
			t.Errorf("last row %v", last)
		}
		if r.Encoding() != "windows-1252" {
			t.Errorf("encoding %q", r.Encoding())
		}
	})
	t.Run("utf-8 cells kept in a batch with 1252 bytes", func(t *testing.T) {
		rows, _ := readAll(t, strings.NewReader("naam;plaats;tel\nJosé;Caf\xe9;0612345678\n"), Options{})
		want := []row{{2, []string{"José", "Café", "0612345678"}}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows %v", rows)
		}
	})
	t.Run("all of 1252", func(t *testing.T) {
		var src []byte
		for c := 0x80; c <= 0xFF; c++ {
			src = append(src, byte(c))
		}
		got := string(append1252(nil, src))
		if []rune(got)[0] != '€' || []rune(got)[0x19] != '™' || []rune(got)[0x7F] != 'ÿ' || len([]rune(got)) != 128 {
			t.Errorf("1252 table wrong: %q", got)
		}
	})
}

func utf16le(s string) []byte {
	var out []byte
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestHeaderDetection(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		header bool
		cols   []string
		first  row
	}{
		{"header", "naam,email\nJan,jan@example.nl\n", true, []string{"naam", "email"}, row{2, []string{"Jan", "jan@example.nl"}}},
		{"no header", "Jan,jan@example.nl\nPiet,piet@example.nl\n", false, []string{"column_1", "column_2"}, row{1, []string{"Jan", "jan@example.nl"}}},
		{"numbers first", "1,2,3\n4,5,6\n", false, []string{"column_1", "column_2", "column_3"}, row{1, []string{"1", "2", "3"}}},
		{"only labels, no differing column", "Jan,Amsterdam\nPiet,Utrecht\n", false, []string{"column_1", "column_2"}, row{1, []string{"Jan", "Amsterdam"}}},
		{"single record of labels", "naam;email;telefoon\n", true, []string{"naam", "email", "telefoon"}, row{}},
		{"date in first row", "Jan 5 2024,x\nFeb 6 2024,y\n", false, []string{"column_1", "column_2"}, row{1, []string{"Jan 5 2024", "x"}}},
		{"iban in first row", "NL91ABNA0417164300,Jan\nNL20INGB0001234567,Piet\n", false, []string{"column_1", "column_2"}, row{1, []string{"NL91ABNA0417164300", "Jan"}}},
		{"labels like Vrij veld 1", "Naam;Vrij veld 1;Vrij veld 2\nJan;0612345678;12\n", true, []string{"Naam", "Vrij veld 1", "Vrij veld 2"}, row{2, []string{"Jan", "0612345678", "12"}}},
		{"duplicate and empty names trimmed", " id ;naam;naam;;#nr;_x\n1;a;b;c;2;3\n", true, []string{"id", "naam", "naam_2", "column_4", "#nr", "_x"}, row{2, []string{"1", "a", "b", "c", "2", "3"}}},
		{"quoted header", "\"naam\",\"e-mail\"\n\"Jan\",\"jan@example.nl\"\n", true, []string{"naam", "e-mail"}, row{2, []string{"Jan", "jan@example.nl"}}},
		{"blank lines before header", "\n\nnaam,tel\nJan,0612345678\n", true, []string{"naam", "tel"}, row{4, []string{"Jan", "0612345678"}}},
		{"element codes, empty first cell", ";01.01.20;01.01.30\nJan Jansen;1234,56;200,00\nPiet de Vries;300,10;45,00\n", true,
			[]string{"column_1", "01.01.20", "01.01.30"}, row{2, []string{"Jan Jansen", "1234,56", "200,00"}}},
		{"tiny all-text file with column words", "Product,Colour\nShirt,Red\nTrousers,Blue\n", true,
			[]string{"Product", "Colour"}, row{2, []string{"Shirt", "Red"}}},
		{"tiny all-text file of people", "Jan,Jansen,Amsterdam\nPiet,de Vries,Utrecht\n", false,
			[]string{"column_1", "column_2", "column_3"}, row{1, []string{"Jan", "Jansen", "Amsterdam"}}},
		{"a person's name, e-mail and phone first", "Jan Jansen,jan@example.nl,+31 6 12345678\nPiet,piet@example.nl,0687654321\n", false,
			[]string{"column_1", "column_2", "column_3"}, row{1, []string{"Jan Jansen", "jan@example.nl", "+31 6 12345678"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, r := readAll(t, strings.NewReader(tc.in), Options{})
			if r.HasHeader() != tc.header {
				t.Errorf("header %v, want %v", r.HasHeader(), tc.header)
			}
			if got := colNames(r); !reflect.DeepEqual(got, tc.cols) {
				t.Errorf("columns %q, want %q", got, tc.cols)
			}
			if tc.first.cells == nil {
				if len(rows) != 0 {
					t.Errorf("rows %v, want none", rows)
				}
				return
			}
			if len(rows) == 0 || !reflect.DeepEqual(rows[0], tc.first) {
				t.Errorf("rows %v, first want %v", rows, tc.first)
			}
		})
	}
}

func TestFraming(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		want   []row
		broken int64
		ragged int64
	}{
		{"embedded newlines", "", []row{
			{2, []string{"1", "Jan", "regel een\nregel twee"}},
			{3, []string{"2", "Piet", "zei \"hallo\"\r\nen ging"}},
			{4, []string{"3", "Anna", "kort"}},
		}, 0, 0},
		{"crlf", "naam,email\r\nJan,jan@example.nl\r\n\r\nPiet,piet@example.nl", []row{
			{2, []string{"Jan", "jan@example.nl"}},
			{4, []string{"Piet", "piet@example.nl"}},
		}, 0, 0},
		{"cr only", "naam,email\rJan,jan@example.nl\r\"Piet\",\"p@x.nl\"\r", []row{
			{2, []string{"Jan", "jan@example.nl"}},
			{3, []string{"Piet", "p@x.nl"}},
		}, 0, 0},
		{"blank lines keep spreadsheet row numbers", "naam,tel\n\nJan,0612345678\n\n\nPiet,0687654321\n\n", []row{
			{3, []string{"Jan", "0612345678"}},
			{6, []string{"Piet", "0687654321"}},
		}, 0, 0},
		{"empty cells and quoted empties", "a,b,c\n,,\n\"\",\"\",\"\"\n1,,\"\"\n", []row{
			{2, []string{"", "", ""}},
			{3, []string{"", "", ""}},
			{4, []string{"1", "", ""}},
		}, 0, 0},
		{"escaped quotes", "a,b\n\"\"\"x\"\"\",\"a \"\"b\"\" c\"\n", []row{
			{2, []string{"\"x\"", "a \"b\" c"}},
		}, 0, 0},
		{"stray quotes in unquoted field", "a,b\n5\" floppy,x\"y\"\n", []row{
			{2, []string{"5\" floppy", "x\"y\""}},
		}, 0, 0},
		{"quote after close is literal and counted once", "a,b\n\"He said \"hi\" to me\",1\nnext,2\n", []row{
			{2, []string{"He said \"hi\" to me", "1"}},
			{3, []string{"next", "2"}},
		}, 1, 0},
		{"broken quote does not run past its line", "naam,email\n\"Jan\" BV,jan@example.nl\nPiet,piet@example.nl\n", []row{
			{2, []string{"Jan\" BV,jan@example.nl"}},
			{3, []string{"Piet", "piet@example.nl"}},
		}, 1, 1},
		{"unterminated quote at eof", "naam,notitie\n12,\"open\nstill open", []row{
			{2, []string{"12", "open\nstill open"}},
		}, 1, 0},
		{"quote closed at eof", "naam,notitie\n12,\"closed\"", []row{
			{2, []string{"12", "closed"}},
		}, 0, 0},
		{"quoted crlf", "naam,notitie\r\n1,\"a\r\nb\"\r\n2,\"c\"\r\n", []row{
			{2, []string{"1", "a\r\nb"}},
			{3, []string{"2", "c"}},
		}, 0, 0},
		{"trailing delimiter", "a;b;c\n1;2;\n", []row{{2, []string{"1", "2", ""}}}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			if tc.name == "embedded newlines" {
				var err error
				if in, err = os.ReadFile("testdata/embedded_newlines.csv"); err != nil {
					t.Fatal(err)
				}
			}
			for _, bb := range []int{0, 1, 7} {
				rows, r := readAll(t, iotest.HalfReader(bytes.NewReader(in)), Options{BatchBytes: bb})
				if !reflect.DeepEqual(rows, tc.want) {
					t.Errorf("batch %d: rows\n got %v\nwant %v", bb, rows, tc.want)
				}
				st := r.Stats()
				if st.Rows != int64(len(tc.want)) || st.BrokenQuote != tc.broken || st.RaggedRows != tc.ragged {
					t.Errorf("batch %d: stats %+v, want rows %d broken %d ragged %d", bb, st, len(tc.want), tc.broken, tc.ragged)
				}
				if st.Bytes != int64(len(in)) {
					t.Errorf("bytes %d, want %d", st.Bytes, len(in))
				}
			}
		})
	}
}

func TestRaggedAndBroken(t *testing.T) {
	rows, r := readFile(t, "ragged_broken.csv", Options{})
	want := []row{
		{2, []string{"Jan", "jan@example.nl", "0612345678"}},
		{3, []string{"Piet", "piet@example.nl"}},
		{4, []string{"Anna", "a\"b@example.nl;0201234567;extra"}},
		{5, []string{"Kees \"K\" Smit", "kees@example.nl", "06 1"}},
		{6, []string{"Lies", "li\"es@example.nl", "0611111111"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
	st := r.Stats()
	if st.Rows != 5 || st.RaggedRows != 2 || st.BrokenQuote != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestQuoteGuard(t *testing.T) {
	t.Run("lowered limit", func(t *testing.T) {
		defer func(old int) { MaxQuotedField = old }(MaxQuotedField)
		MaxQuotedField = 100
		var in strings.Builder
		in.WriteString("naam,notitie\nJan,\"never closed\n")
		for i := 0; i < 50; i++ {
			fmt.Fprintf(&in, "p%d,%d\n", i, i)
		}
		in.WriteString("Anna,\"ok \"\"fine\"\"\"\n")
		for _, bb := range []int{0, 10} {
			rows, r := readAll(t, iotest.OneByteReader(strings.NewReader(in.String())), Options{BatchBytes: bb})
			if len(rows) != 52 {
				t.Fatalf("%d rows, want 52", len(rows))
			}
			if !reflect.DeepEqual(rows[0], row{2, []string{"Jan", "never closed"}}) {
				t.Errorf("first %v", rows[0])
			}
			if !reflect.DeepEqual(rows[1], row{3, []string{"p0", "0"}}) {
				t.Errorf("second %v", rows[1])
			}
			if !reflect.DeepEqual(rows[51], row{53, []string{"Anna", "ok \"fine\""}}) {
				t.Errorf("last %v", rows[51])
			}
			if st := r.Stats(); st.BrokenQuote != 1 || st.Rows != 52 {
				t.Errorf("stats %+v", st)
			}
		}
	})
	t.Run("default 1 MiB across refills", func(t *testing.T) {
		var in bytes.Buffer
		in.WriteString("naam;notitie\nJan;\"never closed\n")
		n := 0
		for in.Len() < 3<<20 {
			n++
			fmt.Fprintf(&in, "Piet;%d\n", n)
		}
		rows, r := readAll(t, &in, Options{})
		if len(rows) != n+1 || rows[n].n != int64(n+2) {
			t.Fatalf("%d rows (last %v), want %d", len(rows), rows[len(rows)-1], n+1)
		}
		if st := r.Stats(); st.BrokenQuote != 1 {
			t.Errorf("stats %+v", st)
		}
	})
	t.Run("over-long record is cut", func(t *testing.T) {
		defer func(old int) { MaxRecordBytes = old }(MaxRecordBytes)
		MaxRecordBytes = 100 << 10
		in := "a,b\n" + strings.Repeat("x", 250<<10) + "\n1,2\n"
		rows, _ := readAll(t, strings.NewReader(in), Options{})
		total := 0
		for _, r := range rows[:len(rows)-1] {
			total += len(r.cells[0])
		}
		if total != 250<<10 || !reflect.DeepEqual(rows[len(rows)-1].cells, []string{"1", "2"}) {
			t.Errorf("cut wrong: %d rows, %d bytes", len(rows), total)
		}
	})
}

func TestLimit(t *testing.T) {
	in := "naam,email\nJan,a@b.nl\nPiet,c@d.nl\n\nAnna,e@f.nl\n"
	for _, tc := range []struct {
		limit     int64
		rows      int
		truncated bool
	}{
		{1, 1, true}, {2, 2, true}, {3, 3, false}, {10, 3, false}, {0, 3, false},
	} {
		t.Run(fmt.Sprint(tc.limit), func(t *testing.T) {
			for _, bb := range []int{0, 1} {
				rows, r := readAll(t, strings.NewReader(in), Options{Limit: tc.limit, BatchBytes: bb})
				st := r.Stats()
				if len(rows) != tc.rows || st.Rows != int64(tc.rows) || st.Truncated != tc.truncated {
					t.Errorf("batch %d: %d rows, stats %+v", bb, len(rows), st)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"bom only", []byte("\xEF\xBB\xBF"), ErrEmpty},
		{"blank lines only", []byte("\n\r\n\n"), ErrEmpty},
		{"utf-16 bom only", []byte("\xFF\xFE"), ErrEmpty},
		{"zip", []byte("PK\x03\x04\x14\x00\x06\x00rest"), ErrNotText},
		{"pdf", []byte("%PDF-1.7\nJan,jan@example.nl\n"), ErrNotText},
		{"png", []byte("\x89PNG\r\n\x1a\n"), ErrNotText},
		{"pg_dump", []byte("PGDMP\x01\x0e\x00"), ErrNotText},
		{"sqlite", []byte("SQLite format 3\x00 Jan jan@example.nl"), ErrNotText},
		{"nul bytes", []byte("naam,email\nJan\x00,jan@example.nl\n"), ErrNotText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(bytes.NewReader(tc.in), Options{Name: "x.csv"})
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if msg := err.Error(); strings.Contains(msg, "Jan") || strings.Contains(msg, "example") || msg != strings.ToLower(msg) {
				t.Errorf("error message %q quotes content or is not lower-case", msg)
			}
		})
	}
	for _, f := range []struct {
		file string
		want error
	}{{"empty.csv", ErrEmpty}, {"binary_zip.csv", ErrNotText}, {"binary_nul.csv", ErrNotText}} {
		t.Run(f.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", f.file))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Open(bytes.NewReader(data), Options{}); !errors.Is(err, f.want) {
				t.Errorf("error %v, want %v", err, f.want)
			}
		})
	}
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("disk on fire")
		var in bytes.Buffer
		in.WriteString("naam,email\n")
		for in.Len() < 300<<10 {
			in.WriteString("Jan,jan@example.nl\n")
		}
		r, err := Open(io.MultiReader(&in, iotest.ErrReader(boom)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			b, err := r.Next(context.Background())
			if err != nil {
				if !errors.Is(err, boom) {
					t.Errorf("error %v, want %v", err, boom)
				}
				if _, err2 := r.Next(context.Background()); err2 != err {
					t.Errorf("error not sticky: %v", err2)
				}
				break
			}
			b.Release()
		}
	})
	t.Run("read error in open", func(t *testing.T) {
		boom := errors.New("disk on fire")
		if _, err := Open(iotest.ErrReader(boom), Options{}); !errors.Is(err, boom) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		r, err := Open(strings.NewReader("a,b\n1,2\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := r.Next(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v", err)
		}
	})
}

// genCRM writes a Dutch CRM export of about size bytes.
func genCRM(size int, seed int64) []byte { return genExport(size, seed, true) }

// genExport writes a Dutch CRM export, with or without a quoted notes column.
func genExport(size int, seed int64, withNotes bool) []byte {
	rng := rand.New(rand.NewSource(seed))
	first := []string{"Jan", "Piet", "Anna", "Sanne", "Daan", "Emma", "Lucas", "Zoë", "Thijs", "Noor", "José", "Ruud"}
	last := []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van Dijk", "Brouwer"}
	cities := []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere"}
	notes := []string{
		"Belt terug na de vakantie",
		"Klant zei \"\"niet bellen\"\" op maandag",
		"Adres gewijzigd;\nnieuwe factuur sturen",
		"VIP, korting 10%",
		"",
		"Heeft klacht ingediend\nafgehandeld door \"\"Karin\"\"\nstatus: gesloten",
	}
	var b bytes.Buffer
	b.Grow(size + 1024)
	b.WriteString("klantnummer;voornaam;achternaam;email;telefoon;iban;straat;postcode;plaats;geboortedatum")
	if withNotes {
		b.WriteString(";notities")
	}
	b.WriteString("\r\n")
	for id := 100000; b.Len() < size; id++ {
		f, l := first[rng.Intn(len(first))], last[rng.Intn(len(last))]
		fmt.Fprintf(&b, "%d;%s;%s;%s.%s@example.nl;06%08d;NL%02dABNA%010d;Kerkstraat %d;%04d %c%c;%s;%02d-%02d-%d",
			id, f, l, strings.ToLower(f), strings.ReplaceAll(strings.ToLower(l), " ", ""), rng.Intn(1e8), rng.Intn(100), rng.Int63n(1e10),
			rng.Intn(200)+1, 1000+rng.Intn(9000), 'A'+rng.Intn(26), 'A'+rng.Intn(26), cities[rng.Intn(len(cities))],
			rng.Intn(28)+1, rng.Intn(12)+1, 1940+rng.Intn(65))
		if withNotes {
			b.WriteByte(';')
			if n := notes[rng.Intn(len(notes))]; n != "" {
				b.WriteString("\"" + n + "\"")
			}
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func TestBatchSizesGiveSameRows(t *testing.T) {
	data := genCRM(400<<10, 1)
	ref, rr := readAll(t, bytes.NewReader(data), Options{BatchBytes: 1 << 30})
	if len(ref) < 1000 {
		t.Fatalf("only %d rows", len(ref))
	}
	for _, tc := range []struct {
		name string
		in   func() io.Reader
		bb   int
	}{
		{"64", func() io.Reader { return bytes.NewReader(data) }, 64},
		{"1", func() io.Reader { return bytes.NewReader(data) }, 1},
		{"default", func() io.Reader { return bytes.NewReader(data) }, 0},
		{"one byte reads", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) }, 1000},
		{"half reads", func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }, 4096},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, r := readAll(t, tc.in(), Options{BatchBytes: tc.bb})
			if !reflect.DeepEqual(rows, ref) {
				t.Fatalf("rows differ from one big batch (%d vs %d)", len(rows), len(ref))
			}
			if r.Stats() != rr.Stats() {
				t.Errorf("stats %+v vs %+v", r.Stats(), rr.Stats())
			}
		})
	}
	// quoted notes with newlines: rows are records, not lines
	if lines := bytes.Count(data, []byte("\n")); int64(lines) <= ref[len(ref)-1].n {
		t.Errorf("row numbers follow lines")
	}
	for i := 1; i < len(ref); i++ {
		if ref[i].n != ref[i-1].n+1 {
			t.Fatalf("row %d follows %d", ref[i].n, ref[i-1].n)
		}
	}
}

func TestConcurrentEach(t *testing.T) {
	data := genCRM(2<<20, 2)
	ref, _ := readAll(t, bytes.NewReader(data), Options{})
	r, err := Open(bytes.NewReader(data), Options{BatchBytes: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		seq  int
		rows []row
	}
	batches := make(chan struct {
		seq int
		b   source.Batch
	})
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range batches {
				rows := collect(it.b, nil)
				// a second pass over the same batch gives the same rows
				if again := collect(it.b, nil); !reflect.DeepEqual(rows, again) {
					t.Error("second Each differs")
				}
				it.b.Release()
				results <- result{it.seq, rows}
			}
		}()
	}
	go func() {
		defer close(batches)
		for seq := 0; ; seq++ {
			b, err := r.Next(context.Background())
			if err != nil {
				if err != io.EOF {
					t.Error(err)
				}
				return
			}
			batches <- struct {
				seq int
				b   source.Batch
			}{seq, b}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	got := map[int][]row{}
	for res := range results {
		got[res.seq] = res.rows
	}
	var all []row
	for i := 0; i < len(got); i++ {
		all = append(all, got[i]...)
	}
	if len(got) < 10 {
		t.Errorf("only %d batches", len(got))
	}
	if !reflect.DeepEqual(all, ref) {
		t.Errorf("concurrent rows differ (%d vs %d)", len(all), len(ref))
	}
	if st := r.Stats(); st.Rows != int64(len(ref)) {
		t.Errorf("stats %+v", st)
	}
}

// endless yields a generated CRM export of n bytes without holding it.
type endless struct {
	chunk []byte
	off   int
	left  int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n := copy(p, e.chunk[e.off:])
	e.off += n
	if e.off == len(e.chunk) {
		e.off = 0
	}
	e.left -= int64(n)
	return n, nil
}

func TestFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MB")
	}
	chunk := genCRM(1<<20, 3)
	chunk = chunk[bytes.Index(chunk, []byte("\r\n"))+2:] // records only
	chunk = chunk[:bytes.LastIndex(chunk, []byte("\r\n1"))+2]
	head := []byte("klantnummer;voornaam;achternaam;email;telefoon;iban;straat;postcode;plaats;geboortedatum;notities\r\n")
	total := int64(len(chunk)) * int64(64<<20/len(chunk))
	in := io.MultiReader(bytes.NewReader(head), &endless{chunk: chunk, left: total})
	r, err := Open(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var cells int64
	for {
		b, err := r.Next(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b.Each(func(_ int64, c [][]byte) { cells += int64(len(c)) })
		b.Release()
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("reading %d MB allocated %d KB", total>>20, alloc>>10)
	if alloc > 8<<20 && !raceEnabled {
		t.Errorf("too much allocated")
	}
	if st := r.Stats(); st.Bytes != total+int64(len(head)) || st.RaggedRows != 0 || cells != 11*st.Rows {
		t.Errorf("stats %+v cells %d", st, cells)
	}
}

func TestNoHeaderFile(t *testing.T) {
	rows, r := readFile(t, "noheader.csv", Options{})
	if r.HasHeader() || !reflect.DeepEqual(colNames(r), []string{"column_1", "column_2", "column_3"}) {
		t.Errorf("header %v columns %q", r.HasHeader(), colNames(r))
	}
	want := []row{
		{1, []string{"Jan", "jan@example.nl", "0612345678"}},
		{2, []string{"Piet", "piet@example.nl", "0687654321"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %v", rows)
	}
}

func TestKnownColumnsMakeAHeader(t *testing.T) {
	in := "voornaam,plaats\nJan,Amsterdam\nPiet,Utrecht\n"
	known := func(s string) bool { return s == "voornaam" || s == "plaats" }
	for _, tt := range []struct {
		name  string
		known func(string) bool
		want  bool
	}{{"without the table", nil, false}, {"with known names", known, true}} {
		rd, err := Open(strings.NewReader(in), Options{Name: "t.csv", KnownColumn: tt.known})
		if err != nil {
			t.Fatal(err)
		}
		if rd.HasHeader() != tt.want {
			t.Errorf("%s: HasHeader() = %v, want %v", tt.name, rd.HasHeader(), tt.want)
		}
	}
}
