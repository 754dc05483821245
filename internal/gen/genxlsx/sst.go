package main

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/internal/gen"
)

// writeShared writes the workbook as Excel saves it: every text in the
// shared strings, the sheets referring to them by index, spread over as
// many sheets as needed to stay within Excel's 1,048,576 rows.
func writeShared(path string, rows, sheets int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name, body string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, body)
		}
		return err
	}
	const main = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	var ct, wbSheets, wbRels strings.Builder
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
		fmt.Fprintf(&wbSheets, `<sheet name="Contacten%d" sheetId="%d" r:id="rId%d"/>`, i, i, i)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i, rel, i)
	}
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + ct.String() + `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ` + main + ` xmlns:r="` + rel + `"><sheets>` + wbSheets.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + wbRels.String() + `<Relationship Id="rIdS" Type="` + rel + `/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="` + rel + `/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ` + main + `><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\-mm\-yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, p := range parts {
		if err := put(p[0], p[1]); err != nil {
			return err
		}
	}
	index := map[string]int{}
	var order []string
	ref := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(order)
			index[s] = i
			order = append(order, s)
		}
		return i
	}
	g := gen.New(seed)
	header := append(append([]string{}, gen.DutchHeader...), "Geboortedatum")
	perSheet := (rows + sheets - 1) / sheets
	n := 0
	for sh := 1; sh <= sheets; sh++ {
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", sh))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 1<<16)
		bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet ` + main + `><dimension ref="A1"/><sheetData>`)
		fmt.Fprintf(bw, `<row r="1"><c r="A1" t="s"><v>%d</v></c></row><row r="3">`, ref("Export contacten CRM"))
		for j, h := range header {
			fmt.Fprintf(bw, `<c r="%s3" t="s"><v>%d</v></c>`, col(j), ref(h))
		}
		bw.WriteString(`</row>`)
		for r := 4; r < 4+perSheet && n < rows; r++ {
			n++
			cells := g.DutchRow(n)
			fmt.Fprintf(bw, `<row r="%d" spans="1:%d">`, r, len(header))
			for j, c := range cells {
				if c == "" {
					continue
				}
				if j == 6 && strings.HasPrefix(c, "06-") { // a mobile typed as a number
					if v, err := strconv.ParseInt("6"+c[3:], 10, 64); err == nil {
						fmt.Fprintf(bw, `<c r="%s%d"><v>%d</v></c>`, col(j), r, v)
						continue
					}
				}
				fmt.Fprintf(bw, `<c r="%s%d" t="s"><v>%d</v></c>`, col(j), r, ref(c))
			}
			fmt.Fprintf(bw, `<c r="%s%d" s="1"><v>%d</v></c></row>`, col(len(cells)), r, 18264+n%20000)
		}
		bw.WriteString(`</sheetData></worksheet>`)
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst %s count="%d" uniqueCount="%d">`, main, len(order), len(order))
	for _, s := range order {
		bw.WriteString(`<si><t xml:space="preserve">`)
		escape(bw, s)
		bw.WriteString(`</t></si>`)
	}
	bw.WriteString(`</sst>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func col(j int) string { return string(rune('A' + j)) }

func escape(w *bufio.Writer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			w.WriteString("&amp;")
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '\n':
			w.WriteString("&#10;")
		default:
			w.WriteRune(r)
		}
	}
}
