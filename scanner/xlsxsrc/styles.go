package xlsxsrc

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
)

// Kinds of number format, as far as reading a value needs to know.
const (
	fmtGeneral = iota // the number as Excel's General shows it
	fmtDate           // a date or time: the serial is rendered by the format
	fmtText           // "@": the value as stored
	fmtZeros          // "0000": an integer padded with zeros (postcodes, phones)
)

// cellStyle is what a cell style (an xf of cellXfs, the cell's s) says
// about the display of a number.
type cellStyle struct {
	kind  uint8
	zeros int      // fmtZeros: the width
	date  *dateFmt // fmtDate
}

// builtinDates are the built-in number formats that show dates and times,
// with the format codes excelize renders them by.
var builtinDates = map[int]string{
	14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "hh:mm", 21: "hh:mm:ss", 22: "m/d/yy hh:mm",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0",
}

type xStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// readStyles reads the cell styles of xl/styles.xml. A styles part that
// cannot be read leaves every cell General: the values are still read.
func readStyles(f *zip.File, opt *Options) []cellStyle {
	if f == nil {
		return nil
	}
	pr, rc, err := openPart(f, opt)
	if err != nil {
		return nil
	}
	defer rc.Close()
	var st xStyles
	if err := xml.NewDecoder(io.LimitReader(pr, 64<<20)).Decode(&st); err != nil {
		return nil
	}
	custom := map[int]string{}
	for _, n := range st.NumFmts {
		custom[n.ID] = n.Code
	}
	if len(st.CellXfs) > 1<<20 {
		st.CellXfs = st.CellXfs[:1<<20]
	}
	out := make([]cellStyle, len(st.CellXfs))
	compiled := map[int]cellStyle{}
	for i, xf := range st.CellXfs {
		if cs, ok := compiled[xf.NumFmtID]; ok {
			out[i] = cs
			continue
		}
		var cs cellStyle
		if code, ok := custom[xf.NumFmtID]; ok {
			cs = styleOf(code)
		} else if code, ok := builtinDates[xf.NumFmtID]; ok {
			cs = cellStyle{kind: fmtDate, date: dayFirst(compileDate(code))}
		} else if xf.NumFmtID == 49 {
			cs = cellStyle{kind: fmtText}
		}
		compiled[xf.NumFmtID] = cs
		out[i] = cs
	}
	return out
}

// styleOf classifies a custom format code by its first section.
func styleOf(code string) cellStyle {
	sec := firstSection(code)
	switch {
	case sec == "@":
		return cellStyle{kind: fmtText}
	case len(sec) > 0 && len(sec) <= 32 && strings.Trim(sec, "0") == "":
		return cellStyle{kind: fmtZeros, zeros: len(sec)}
	case isDateFormat(sec):
		return cellStyle{kind: fmtDate, date: dayFirst(compileDate(sec))}
	}
	return cellStyle{}
}

// dayFirst returns the format a date with the month before the day reads
// by: ISO 8601 (1984-03-15), since 03-15-84 would be misread by every
// Dutch rule (a day of 15, a month of 3... or no date at all) and 03-04-84
// is ambiguous. Built-in format 14, the short date that Excel shows in
// the reader's locale (d-m-yyyy in the Netherlands), is such a format as
// excelize writes it. Day-first and ISO formats stay as they are.
func dayFirst(df *dateFmt) *dateFmt {
	// index of the first token of kind k written at most max times
	// (a numeric month or day, not a name), -1 if none
	first := func(k byte, max int) int {
		for i, t := range df.toks {
			if t.kind == k && t.n <= max {
				return i
			}
		}
		return -1
	}
	m, d := first('M', 2), first('d', 2)
	if first('y', 4) < 0 || m < 0 || d < 0 || m > d {
		return df
	}
	switch {
	case first('s', 2) >= 0:
		return compileDate("yyyy-mm-dd hh:mm:ss")
	case first('h', 2) >= 0:
		return compileDate("yyyy-mm-dd hh:mm")
	}
	return compileDate("yyyy-mm-dd")
}

// firstSection returns the format for positive numbers: the code up to the
// first ';' outside quotes.
func firstSection(code string) string {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			quoted = !quoted
		case '\\':
			i++
		case ';':
			if !quoted {
				return code[:i]
			}
		}
	}
	return code
}

// isDateFormat reports whether a format code shows a date or a time: it
// has d, m, y, h or s outside quotes, escapes and [..] brackets (except
// the elapsed-time brackets [h], [mm], [ss]).
func isDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i] | 0x20; {
		case code[i] == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case code[i] == '\\' || code[i] == '_' || code[i] == '*':
			i++
		case code[i] == '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			if in := strings.ToLower(code[i+1 : i+1+j]); strings.Trim(in, "hms") == "" && in != "" {
				return true
			}
			i += j + 1
		case c == 'd' || c == 'm' || c == 'y' || c == 'h' || c == 's':
			return true
		}
	}
	return false
}
