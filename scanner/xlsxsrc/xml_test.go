package xlsxsrc

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// zipBook builds a workbook from its sheet XML, shared strings and styles
// (empty: the part is left out).
func zipBook(t testing.TB, sheet, sst, styles string, date1904 bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			pr + `<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
		"xl/sharedStrings.xml":     sst,
		"xl/styles.xml":            styles,
	}
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"} {
		if parts[name] == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="3" max="3" hidden="1"/></cols><sheetData>` +
		rows + `</sheetData></worksheet>`
}

const testStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="3"><numFmt numFmtId="164" formatCode="dd\-mm\-yyyy"/><numFmt numFmtId="165" formatCode="0000000000"/><numFmt numFmtId="166" formatCode="&quot;dag&quot; 0"/></numFmts>` +
	`<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="49"/><xf numFmtId="166"/></cellXfs></styleSheet>`

const testSST = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">` +
	`<si><t>Naam</t></si>` +
	`<si><t xml:space="preserve"> Telefoon </t></si>` +
	`<si><r><rPr><b/></rPr><t>Jan </t></r><r><t>de Vries</t></r><rPh sb="0" eb="1"><t>ヤン</t></rPh><phoneticPr fontId="1"/></si>` +
	`<si><t>a &amp; b &lt;c&gt; &#10;&#x41;&quot;</t></si>` +
	`<si/>` +
	`<si><t>x_x000D_y_x005F_x0041_</t></si></sst>`

// readSheet reads the one sheet of a workbook with the package's Tables.
func readSheet(t *testing.T, data []byte, opt Options) ([][]string, *Sheet, error) {
	t.Helper()
	rows, sheets, err := readBook(t, data, opt)
	return rows["Data"], sheets["Data"], err
}

func TestCellTypes(t *testing.T) {
	sheet := sheetXML(
		`<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Geboren</t></is></c><c r="D1" t="inlineStr"><is><t>Notitie</t></is></c></row>` +
			`<row r="2" hidden="1"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>612345678</v></c><c r="C2" s="1"><v>29358</v></c><c r="D2" t="s"><v>3</v></c></row>` +
			// no r on the row nor on the cells
			`<row><c t="s"><v>5</v></c><c t="b"><v>1</v></c><c s="2"><v>29358.75</v></c><c t="str"><f>A1&amp;"!"</f><v>r&amp;d</v></c></row>` +
			// sparse cells; an error; a shared string out of range; a formula without value
			`<row r="7"><c r="D7" t="e"><v>#N/A</v></c><c r="B7" s="3"><v>612345678</v></c><c r="A7" t="s"><v>99</v></c><c r="C7"><f>1+1</f></c><c r="F7" s="4"><v>1.5E-3</v></c></row>` +
			`<row r="8"><c r="A8"><v>0.30000000000000004</v></c><c r="B8"><v>1E+20</v></c><c r="C8" t="b"><v>0</v></c><c r="D8" s="5"><v>7</v></c></row>` +
			// an empty row and a row of only white space are not data
			`<row r="9"/><row r="10"><c r="A10" t="inlineStr"><is><t> </t></is></c></row>`)
	data := zipBook(t, sheet, testSST, testStyles, false)
	rows, s, err := readSheet(t, data, Options{PhoneColumn: func(h string) bool { return strings.Contains(h, "Telefoon") }})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"2", "Jan de Vries", "0612345678", "1980-05-17", "a & b <c> \nA\""}, // built-in format 14 reads as ISO (dayFirst)
		{"3", "x\ry_x0041_", "TRUE", "17-05-1980", "r&d"},
		{"7", "", "0612345678", "", "", "", "0.0015"},
		{"8", "0.3", "1E+20", "FALSE", "7"},
	}
	if got, w := fmtRows(rows), fmtRows(want); got != w {
		t.Errorf("rows =\n%s\nwant\n%s", got, w)
	}
	if s.headerRow != 1 || s.cols[1].Name != "Telefoon" || !s.cols[2].Hidden || s.cols[0].Hidden {
		t.Errorf("header row %d, columns %+v", s.headerRow, s.cols)
	}
	d := s.Details()
	if d["hidden_rows"] != "1" || d["phone_leading_zero_restored"] != "1" || d["hidden_columns"] != "Geboren" {
		t.Errorf("details = %v", d)
	}
	if st := s.Stats(); st.Rows != 4 || st.Truncated {
		t.Errorf("stats = %+v", st)
	}
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPrefixedAndDate1904 reads a sheet whose elements carry a namespace
// prefix (x:row, x:c), in a workbook on the 1904 date system.
func TestPrefixedAndDate1904(t *testing.T) {
	sheet := `<?xml version="1.0"?><x:worksheet ` + ns + `><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>naam</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>datum</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:r><x:t>Piet</x:t></x:r></x:is></x:c><x:c r="B2" s="2"><x:v>27896</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	rows, _, err := readSheet(t, zipBook(t, sheet, "", testStyles, true), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmtRows(rows); got != "2|Piet|17-05-1980\n" {
		t.Errorf("rows = %q", got)
	}
}

// TestOptionsLimit stops after Limit data rows and says the sheet was
// truncated.
func TestOptionsLimit(t *testing.T) {
	var rows strings.Builder
	rows.WriteString(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>`)
	for i := 2; i < 2000; i++ {
		rows.WriteString(`<row><c><v>1</v></c><c><v>2</v></c></row><row/>`)
	}
	for _, limit := range []int64{5, 100, 1998, 1999} {
		got, s, err := readSheet(t, zipBook(t, sheetXML(rows.String()), "", "", false), Options{Limit: limit, BatchBytes: 64})
		if err != nil {
			t.Fatal(err)
		}
		want := min(limit, 1998)
		if st := s.Stats(); int64(len(got)) != want || st.Rows != want || st.Truncated != (limit < 1998) {
			t.Errorf("Limit %d: %d rows, stats %+v", limit, len(got), st)
		}
	}
}

// canary is a value that must never appear in an error.
const canary = "jan.canary@voorbeeld.nl"

func TestLimits(t *testing.T) {
	row := `<row r="1"><c t="inlineStr"><is><t>` + canary + `</t></is></c></row>`
	big := sheetXML(row + strings.Repeat(`<row><c t="inlineStr"><is><t>`+canary+`</t></is></c></row>`, 20000))
	sst := `<sst>` + strings.Repeat(`<si><t>`+canary+`</t></si>`, 100) + `</sst>`
	cases := []struct {
		name  string
		sheet string
		opt   Options
		text  string
	}{
		{"ratio", big, Options{MaxRatio: 2, MaxPartBytes: 1 << 20}, "decompressed 2 times"},
		{"part", big, Options{MaxPartBytes: 100 << 10}, "MiB decompressed per part"},
		{"strings", sheetXML(row), Options{MaxSharedStrings: 10}, "over 10 shared strings"},
		{"string bytes", sheetXML(row), Options{MaxSharedBytes: 1000}, "shared strings over"},
		{"row bytes", sheetXML(`<row r="1"><c t="inlineStr"><is><t>` + strings.Repeat(canary, 100000) + `</t></is></c></row>`), Options{MaxRowBytes: 1 << 20}, "row over 1 MiB"},
		{"row number", sheetXML(`<row r="1048577"><c><v>1</v></c></row>`), Options{}, "row numbers end at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.opt.MaxRatio != 0 {
				old := ratioAllowance
				defer func() { ratioAllowance = old }()
				ratioAllowance = 0
			}
			_, _, err := readSheet(t, zipBook(t, c.sheet, sst, "", false), c.opt)
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.text) {
				t.Errorf("err = %v, want ErrLimit saying %q", err, c.text)
			}
			if err != nil && strings.Contains(err.Error(), "canary") {
				t.Errorf("err quotes a cell: %v", err)
			}
		})
	}
}

// TestCellLimits cuts an overlong cell and drops cells past XFD, and says
// so in the details.
func TestCellLimits(t *testing.T) {
	sheet := sheetXML(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>` +
		`<row r="2"><c t="inlineStr"><is><t>` + strings.Repeat("é", 100) + `</t></is></c><c r="XFE2"><v>1</v></c><c r="B2"><v>2</v></c></row>`)
	rows, s, err := readSheet(t, zipBook(t, sheet, "", "", false), Options{MaxCellBytes: 51})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0][1] != strings.Repeat("é", 25) || rows[0][2] != "2" {
		t.Errorf("rows = %q", rows)
	}
	if d := s.Details(); d["cells_cut_at_limit"] != "1" || d["cells_beyond_last_column"] != "1" {
		t.Errorf("details = %v", d)
	}
}

func TestSharedStringsText(t *testing.T) {
	var opt Options
	opt.defaults()
	s := newSharedStrings(opt.MaxCellBytes)
	c := newCutter(strings.NewReader(testSST), "si", 1<<20, 0, "shared string")
	for {
		_, _, content, ok, err := c.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if _, err := s.add(content, &opt); err != nil {
			t.Fatal(err)
		}
	}
	s.publish(true)
	want := []string{"Naam", " Telefoon ", "Jan de Vries", "a & b <c> \nA\"", "", "x\ry_x0041_"}
	if s.len() != len(want) {
		t.Fatalf("%d strings, want %d", s.len(), len(want))
	}
	for i, w := range want {
		if got := string(s.get(i)); got != w {
			t.Errorf("string %d = %q, want %q", i, got, w)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

// TestStreamInput reads a workbook from a plain io.Reader (no ReadAt):
// held in memory up to MaxBytes.
func TestStreamInput(t *testing.T) {
	data := zipBook(t, sheetXML(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c><v>1</v></c><c><v>2</v></c></row>`), "", "", false)
	read := func(r io.Reader, opt Options) (int, error) {
		n := 0
		err := Tables(context.Background(), r, opt, func(s *Sheet) error {
			got, err := drain(s)
			n += got
			return err
		})
		return n, err
	}
	if n, err := read(struct{ io.Reader }{bytes.NewReader(data)}, Options{}); err != nil || n != 1 {
		t.Errorf("stream: %d rows, err %v", n, err)
	}
	if _, err := read(struct{ io.Reader }{bytes.NewReader(data)}, Options{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("stream over MaxBytes: err %v, want ErrTooLarge", err)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	if _, err := read(struct{ io.Reader }{bytes.NewReader(ole)}, Options{}); !errors.Is(err, ErrLegacy) {
		t.Errorf("stream of an .xls: err %v, want ErrLegacy", err)
	}
}

// drain reads a sheet's batches and returns the number of rows.
func drain(s *Sheet) (int, error) {
	n := 0
	for {
		b, err := s.Next(context.Background())
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		b.Each(func(int64, [][]byte) { n++ })
		b.Release()
	}
}

// TestSharedStringsBlocks reads back strings of every length, short and
// of 255 bytes or more, over many blocks and groups that straddle them.
func TestSharedStringsBlocks(t *testing.T) {
	var opt Options
	opt.defaults()
	opt.Budget = NewBudget(1 << 30)
	s := newSharedStrings(opt.MaxCellBytes)
	s.block = 100 << 10
	var want []string
	x := uint32(7)
	for i := range 30000 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		n := int(x % 700)
		if i%5 != 0 {
			n %= 40
		}
		v := strings.Repeat(string(rune('a'+i%26)), n)
		if _, err := s.add([]byte("<t>"+v+"</t>"), &opt); err != nil {
			t.Fatal(err)
		}
		want = append(want, v)
	}
	s.publish(true)
	if len(s.blocks) < 20 {
		t.Fatalf("%d blocks", len(s.blocks))
	}
	for i, w := range want {
		if got := string(s.get(i)); got != w {
			t.Fatalf("string %d = %d bytes, want %d", i, len(got), len(w))
		}
	}
	if s.get(len(want)) != nil || s.get(-1) != nil {
		t.Error("a string beyond the table")
	}
	// A parser's cursor gives the same strings: read in order, with
	// repeats from rows before and jumps ahead between, as sheets read.
	var c sstCursor
	for i := 0; i < len(want); i++ {
		for _, k := range []int{i, int(x) % (i + 1), i} {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			if got := string(s.getAt(k, &c)); got != want[k] {
				t.Fatalf("cursor: string %d = %d bytes, want %d", k, len(got), len(want[k]))
			}
		}
		if x%50 == 0 {
			i += int(x % 40)
		}
	}
	if s.getAt(len(want), &c) != nil || s.getAt(-1, &c) != nil {
		t.Error("cursor: a string beyond the table")
	}
}

// TestDigits8: digits8 and parse8 read eight bytes as a loop over them
// would, whatever the bytes after the digits.
func TestDigits8(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b [8]byte
		for i := range b {
			switch rng.IntN(4) {
			case 0:
				b[i] = byte(rng.IntN(256))
			default:
				b[i] = byte('0' + rng.IntN(10))
			}
		}
		if rng.IntN(3) == 0 {
			b[rng.IntN(8)] = "\"<:/\xfa\xff\x00"[rng.IntN(7)]
		}
		k, n := 0, 0
		for k < 8 && b[k]-'0' <= 9 {
			n = n*10 + int(b[k]-'0')
			k++
		}
		x := binary.LittleEndian.Uint64(b[:])
		if got := digits8(x); got != k {
			t.Fatalf("digits8(%q) = %d, want %d", b, got, k)
		}
		if k > 0 && k < 8 {
			if got := parse8(x, k); got != n {
				t.Fatalf("parse8(%q, %d) = %d, want %d", b, k, got, n)
			}
		}
	}
}

// TestCursorOfAnotherWorkbook: a parser comes back from the pool for
// another workbook with its cursor still on a group of the first one's
// shared strings. The second workbook's strings of that group must be
// its own, not the bytes at the first one's places in its memory (which
// read as NULs and fragments of other strings before the cursor knew its
// owner).
func TestCursorOfAnotherWorkbook(t *testing.T) {
	book := func(words ...string) *bookState {
		x := `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
		for _, w := range words {
			x += "<si><t>" + w + "</t></si>"
		}
		_, bk, _ := openBook(t, zipBook(t, sheetXML(""), x+"</sst>", "", false))
		t.Cleanup(bk.sst.release)
		return bk
	}
	a := book("naam", "email", "Jan Jansen met een lange naam", "jan.jansen@voorbeeld.nl")
	b := book("n", "e", "Piet", "p@x.nl")
	row := []byte(`<c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>`)
	p := rowParser{bk: a}
	for _, c := range []struct {
		bk   *bookState
		want string
	}{{a, "Jan Jansen met een lange naam|jan.jansen@voorbeeld.nl"}, {b, "Piet|p@x.nl"}, {a, "Jan Jansen met een lange naam|jan.jansen@voorbeeld.nl"}} {
		p.bk = c.bk
		cells, _ := p.parse(row)
		var got []string
		for _, x := range cells {
			got = append(got, string(x))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("cells %q, want %s", got, c.want)
		}
	}
}
