// Command genxlsx writes a large generated Dutch contacts workbook for
// benchmarks: genxlsx -rows 1000000 -o /tmp/export.xlsx. Shared strings
// (the default, as Excel saves them) or inline strings (-inline, as
// excelize's stream writer and other exporters write them). The mobile
// numbers are typed as numbers (their leading zero lost) and the birth
// dates are date serials. Not for committing: the files are large.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crmscan/crmscan/internal/gen"
)

func main() {
	rows := flag.Int("rows", 1000000, "data rows")
	out := flag.String("o", "export.xlsx", "output file")
	seed := flag.Uint64("seed", 1, "random seed")
	inline := flag.Bool("inline", false, "inline strings written by excelize's stream writer (one sheet), instead of shared strings as Excel saves them")
	flag.Parse()
	var err error
	if *inline {
		err = write(*out, *rows, *seed)
	} else {
		err = writeShared(*out, *rows, (*rows+1048000)/1048000, *seed)
	}
	if err != nil {
		log.Fatal(err)
	}
	if st, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "%s: %d rows, %d bytes\n", *out, *rows, st.Size())
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
		if n, err := strconv.ParseInt("6"+strings.TrimPrefix(r[6], "06-"), 10, 64); err == nil && strings.HasPrefix(r[6], "06-") {
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
	return f.SaveAs(path)
}

func ptr[T any](v T) *T { return &v }
