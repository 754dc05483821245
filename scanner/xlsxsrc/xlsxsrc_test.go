package xlsxsrc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/scanner/source"

	"github.com/xuri/excelize/v2"
)

// book writes a workbook with excelize: a title block, numeric phones,
// date serials, a hidden column and a hidden sheet.
func book(t testing.TB, rows int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetColVisible(4, 4, false) // column D, the IBANs
	sw.SetRow("A1", []any{"CRM export"})
	sw.SetRow("A3", []any{"Naam", "Telefoon", "Geboortedatum", "IBAN"})
	for i := 0; i < rows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		sw.SetRow(cell, []any{fmt.Sprintf("Jan %d", i), 612345678, excelize.Cell{StyleID: style, Value: time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC)}, "NL91ABNA0417164300"})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.NewSheet("Verborgen")
	f.SetSheetRow("Verborgen", "A1", &[]any{"email", "note"})
	f.SetSheetRow("Verborgen", "A2", &[]any{"jan@voorbeeld.nl", "x"})
	f.SetSheetVisible("Verborgen", false)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readBook(t testing.TB, data []byte, opt Options) (map[string][][]string, map[string]*Sheet, error) {
	out := map[string][][]string{}
	sheets := map[string]*Sheet{}
	err := Tables(context.Background(), bytes.NewReader(data), opt, func(s *Sheet) error {
		sheets[s.Name()] = s
		for {
			b, err := s.Next(context.Background())
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			// The cells must read as they did once Each returned.
			cells, nums, err := testutil.EachStays(b)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cells {
				out[s.Name()] = append(out[s.Name()], append([]string{fmt.Sprint(nums[i])}, c...))
			}
			b.Release()
		}
	})
	return out, sheets, err
}

func TestWorkbook(t *testing.T) {
	data := book(t, 3)
	if !IsWorkbook(data) {
		t.Errorf("IsWorkbook = false")
	}
	rows, sheets, err := readBook(t, data, Options{PhoneColumn: func(h string) bool { return strings.Contains(strings.ToLower(h), "telefoon") }})
	if err != nil {
		t.Fatal(err)
	}
	s := sheets["Sheet1"]
	if s.headerRow != 3 || s.cols[1].Name != "Telefoon" || !s.cols[3].Hidden || s.cols[0].Hidden {
		t.Errorf("header row %d, columns %+v", s.headerRow, s.cols)
	}
	got := rows["Sheet1"]
	if len(got) != 3 || got[0][0] != "4" || got[0][2] != "0612345678" || got[0][3] != "1980-05-17" {
		t.Errorf("rows = %q, want row 4 with 0612345678 and the date shown as one", got)
	}
	if d := sheets["Verborgen"].Details(); d["hidden_sheet"] != "hidden" || len(rows["Verborgen"]) != 1 {
		t.Errorf("hidden sheet: details %v, rows %q", d, rows["Verborgen"])
	}
	if d := s.Details(); d["hidden_columns"] != "IBAN" || d["phone_leading_zero_restored"] != "3" {
		t.Errorf("details = %v", d)
	}
}

func TestDamagedAndLegacy(t *testing.T) {
	data := book(t, 50)
	if _, _, err := readBook(t, data[:len(data)/2], Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("truncated: err = %v, want ErrDamaged", err)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	if _, _, err := readBook(t, ole, Options{}); !errors.Is(err, ErrLegacy) {
		t.Errorf("xls: err = %v, want ErrLegacy", err)
	}
}

func FuzzWorkbook(f *testing.F) {
	f.Add(book(f, 2))
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipBook(f, sheetXML(`<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row hidden="1"><c t="s"><v>2</v></c><c s="3"><v>612345678</v></c></row>`), testSST, testStyles, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		readBook(t, data, Options{BatchBytes: 16})
	})
}

// The header rule of package header, in a workbook: a row of element
// codes with an empty first cell under a title is the header; a sheet of
// people from its first row has none (and its first row is row 1).
func TestHeaderRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Loonstaat 2024"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"", "01.01.20", "01.01.30", "01.02.10"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Jan Jansen", 1234.56, 200, 15.5})
	f.SetSheetRow("Sheet1", "A4", &[]any{"Piet de Vries", 300.1, 45, 0})
	f.NewSheet("Mensen")
	f.SetSheetRow("Mensen", "A1", &[]any{"Jan", "Jansen", "Amsterdam"})
	f.SetSheetRow("Mensen", "A2", &[]any{"Piet", "de Vries", "Utrecht"})
	f.SetSheetRow("Mensen", "A3", &[]any{"Klaas", "Bakker", "Leiden"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	rows, sheets, err := readBook(t, buf.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := sheets["Sheet1"]
	if s.headerRow != 2 || len(s.cols) != 4 || s.cols[0].Name != "A" || s.cols[1].Name != "01.01.20" || s.cols[3].Name != "01.02.10" {
		t.Errorf("codes: header row %d, columns %+v", s.headerRow, s.cols)
	}
	if got := rows["Sheet1"]; len(got) != 2 || got[0][0] != "3" || got[0][1] != "Jan Jansen" {
		t.Errorf("codes: rows %q, want rows 3 and 4", got)
	}
	m := sheets["Mensen"]
	if m.headerRow != 0 || m.cols[0].Name != "A" {
		t.Errorf("people: header row %d, columns %+v, want no header", m.headerRow, m.cols)
	}
	if got := rows["Mensen"]; len(got) != 3 || got[0][0] != "1" || got[0][1] != "Jan" {
		t.Errorf("people: rows %q, want rows 1 to 3", got)
	}
}

// TestSharedBudget: the shared strings of the workbooks open at once share
// one budget; a workbook that would go over it is refused with ErrLimit,
// and a workbook read gives its part back.
func TestSharedBudget(t *testing.T) {
	data := book(t, 3)
	budget := NewBudget(100 << 10) // one small workbook's first block (64 KiB), not two
	opt := Options{Budget: budget}
	var inner error
	err := readBookWith(data, opt, func() {
		if inner == nil {
			_, _, inner = readBook(t, data, opt)
			if inner == nil {
				inner = errors.New("no error")
			}
		}
	})
	if err != nil {
		t.Fatalf("the first workbook: %v", err)
	}
	if !errors.Is(inner, ErrLimit) || !strings.Contains(inner.Error(), "open at once") {
		t.Errorf("a second workbook open beside it: %v, want the shared budget's ErrLimit", inner)
	}
	if n := budget.Used(); n != 0 {
		t.Errorf("%d bytes still charged after the workbooks were read", n)
	}
	if _, _, err := readBook(t, data, opt); err != nil {
		t.Errorf("the second workbook alone: %v", err)
	}
}

// readBookWith reads a workbook and calls during while its first sheet is
// open.
func readBookWith(data []byte, opt Options, during func()) error {
	called := false
	err := Tables(context.Background(), bytes.NewReader(data), opt, func(s *Sheet) error {
		if !called {
			called = true
			during()
		}
		for {
			b, err := s.Next(context.Background())
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			b.Release()
		}
	})
	return err
}

// TestSharedStringsWhileLoading reads a sheet while its 60,000 shared
// strings still load (startSharedStrings): batches parsed on several
// goroutines, rows that use the strings in order, others that reach far
// ahead and wait, strings of 255 bytes and more, rich items. Every cell
// must read as when the strings were loaded first; run with -race.
func TestSharedStringsWhileLoading(t *testing.T) {
	const nStrings, nRows = 60_000, 15_000
	str := func(i int) string {
		switch {
		case i%997 == 0:
			return fmt.Sprintf("lang %d %s", i, strings.Repeat("x", 250+i%40))
		case i%13 == 0:
			return fmt.Sprintf("Jan de Vries %d", i)
		}
		return fmt.Sprintf("s%d", i)
	}
	var sst strings.Builder
	sst.WriteString(`<sst>`)
	for i := range nStrings {
		if i%13 == 0 && i%997 != 0 {
			fmt.Fprintf(&sst, `<si><r><t>Jan </t></r><r><t>de Vries %d</t></r></si>`, i)
		} else {
			fmt.Fprintf(&sst, `<si><t>%s</t></si>`, str(i))
		}
	}
	sst.WriteString(`</sst>`)
	var rows strings.Builder
	want := map[int64][]string{}
	rows.WriteString(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c><c t="inlineStr"><is><t>d</t></is></c></row>`)
	for r := range nRows {
		refs := []int{4 * r, 4*r + 1, 4*r + 2, (4*r + 3) / 2}
		if r%3000 == 1 {
			refs[3] = nStrings - 1 - r // far ahead of the rows
		}
		fmt.Fprintf(&rows, `<row r="%d">`, r+2)
		var cells []string
		for k, i := range refs {
			fmt.Fprintf(&rows, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+k, r+2, i)
			cells = append(cells, str(i))
		}
		rows.WriteString(`</row>`)
		want[int64(r+2)] = cells
	}
	data := zipBook(t, sheetXML(rows.String()), sst.String(), "", false)
	{
		var mu sync.Mutex
		got := map[int64][]string{}
		var wg sync.WaitGroup
		read := func(b source.Batch) {
			defer wg.Done()
			b.Each(func(row int64, cells [][]byte) {
				r := make([]string, len(cells))
				for i, c := range cells {
					r[i] = string(c)
				}
				mu.Lock()
				got[row] = r
				mu.Unlock()
			})
			b.Release()
		}
		err := Tables(context.Background(), bytes.NewReader(data), Options{}, func(s *Sheet) error {
			for {
				b, err := s.Next(context.Background())
				if err == io.EOF {
					wg.Wait()
					return nil
				}
				if err != nil {
					return err
				}
				wg.Add(1)
				go read(b)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != nRows {
			t.Fatalf("%d rows, want %d", len(got), nRows)
		}
		for r, w := range want {
			if g := got[r]; !slices.Equal(g, w) {
				t.Fatalf("row %d = %q, want %q", r, g, w)
			}
		}
	}
}

// bigSharedBook is a workbook of n shared strings whose one sheet uses
// the first rows of them, in order.
func bigSharedBook(t *testing.T, n, rows int) []byte {
	var sst, sheet strings.Builder
	sst.WriteString(`<sst>`)
	for i := range n {
		fmt.Fprintf(&sst, `<si><t>s%d</t></si>`, i)
	}
	sst.WriteString(`</sst>`)
	for r := range rows {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, r+1, r+1, r)
	}
	return zipBook(t, sheetXML(sheet.String()), sst.String(), "", false)
}

// TestSharedStringsFailWhileLoading: shared strings that go over a limit
// while the sheet is read fail the workbook with the limit's error, as
// when they were loaded first, without a hang, and give the budget back.
func TestSharedStringsFailWhileLoading(t *testing.T) {
	data := bigSharedBook(t, 200_000, 5_000)
	budget := NewBudget(1 << 30)
	done := make(chan error, 1)
	go func() {
		_, _, err := readBook(t, data, Options{MaxSharedStrings: 150_000, Budget: budget})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "over 150000 shared strings") {
			t.Errorf("err = %v, want the shared strings' ErrLimit", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("no end a minute after the shared strings failed")
	}
	if n := budget.Used(); n != 0 {
		t.Errorf("%d bytes still charged", n)
	}
}

// TestSharedStringsStopped: a reader that gives up on the first sheet
// while the shared strings still load gets its own error back at once;
// the loader stops and gives the budget back.
func TestSharedStringsStopped(t *testing.T) {
	data := bigSharedBook(t, 400_000, 10)
	budget := NewBudget(1 << 30)
	stop := errors.New("enough")
	start := time.Now()
	err := Tables(context.Background(), bytes.NewReader(data), Options{Budget: budget}, func(s *Sheet) error {
		return stop
	})
	if err != stop {
		t.Errorf("err = %v, want the reader's own", err)
	}
	if n := budget.Used(); n != 0 {
		t.Errorf("%d bytes still charged after Tables returned", n)
	}
	t.Logf("stopped after %v", time.Since(start))
}

// TestCellsStay reads a sheet whose cells are formatted into the parser's
// scratch (dates, fractions, a zero-padded number) on every row: readBook
// reads every cell again after Each, as a worker scanning a column at a
// time does.
func TestCellsStay(t *testing.T) {
	f := excelize.NewFile()
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	zeros, _ := f.NewStyle(&excelize.Style{CustomNumFmt: func() *string { s := "000000000"; return &s }()})
	f.SetSheetRow("Sheet1", "A1", &[]any{"naam", "geboortedatum", "saldo", "kenmerk"})
	for i := 0; i < 500; i++ {
		cell := fmt.Sprintf("A%d", i+2)
		f.SetSheetRow("Sheet1", cell, &[]any{fmt.Sprintf("Klant %d", i), time.Date(1950+i%50, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), float64(i) + 0.1 + float64(i%7)/3, 1234567 + i})
		f.SetCellStyle("Sheet1", fmt.Sprintf("B%d", i+2), fmt.Sprintf("B%d", i+2), date)
		f.SetCellStyle("Sheet1", fmt.Sprintf("D%d", i+2), fmt.Sprintf("D%d", i+2), zeros)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, _, err := readBook(t, buf.Bytes(), Options{BatchBytes: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	got := rows["Sheet1"]
	if len(got) != 500 || !slices.Equal(got[1], []string{"3", "Klant 1", "1951-02-02", "1.43333333333333", "001234568"}) {
		t.Errorf("%d rows, the second %q", len(got), got[min(1, len(got)-1)])
	}
}
