// Command genxlsx writes a large generated Dutch contacts workbook for
// benchmarks: genxlsx -rows 1000000 -o /tmp/export.xlsx. Shared strings
// (the default, as Excel saves) or inline strings (-inline, as streaming
// exporters write). Not for committing: the files are large.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmscan/crmscan/internal/gen"
)

func main() {
	rows := flag.Int("rows", 1000000, "data rows")
	out := flag.String("o", "export.xlsx", "output file")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := write(*out, *rows, *seed); err != nil {
		log.Fatal(err)
	}
}

func write(path string, rows int, seed uint64) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Contacten"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd-mm-yyyy")})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"Export contacten CRM"}); err != nil {
		return err
	}
	header := make([]any, 0, len(gen.DutchHeader)+1)
	for _, h := range gen.DutchHeader {
		header = append(header, h)
	}
	header = append(header, "Geboortedatum")
	if err := sw.SetRow("A3", header); err != nil {
		return err
	}
	g := gen.New(seed)
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	vals := make([]any, len(header))
	for i := 1; i <= rows; i++ {
		r := g.DutchRow(i)
		for j, c := range r {
			vals[j] = c
		}
		// the mobile number typed into a General cell: a number without its leading zero
		if n, err := strconv.ParseInt(r[6][1:], 10, 64); err == nil && len(r[6]) == 10 {
			vals[6] = n
		}
		vals[len(r)] = excelize.Cell{StyleID: dateStyle, Value: birth.AddDate(0, 0, i%20000)}
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SaveAs(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d rows, %d bytes\n", path, rows, st.Size())
	return nil
}

func ptr[T any](v T) *T { return &v }
