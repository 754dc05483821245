package reporters

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// RegisterFormats are the formats WriteRegister writes.
var RegisterFormats = []string{"html", "md", "csv", "json", "xlsx"}

// registerColumns are the register's columns as a table (CSV, xlsx), in
// the order of art. 30(1).
var registerColumns = []string{"source", "table", "role", "rows", "subjects", "data", "special", "purpose", "legal_basis",
	"recipients", "transfers", "retention", "security", "evidence"}

// header is the register's column headings in its language.
func (reg *ProcessingRegister) header() []string {
	h := make([]string, len(registerColumns))
	for i, c := range registerColumns {
		switch c {
		case "source", "table":
			h[i] = labelIn(reg.Lang, c)
		default:
			h[i] = RegisterLabel(reg.Lang, c)
		}
	}
	return h
}

// record is one entry as the cells of registerColumns.
func (reg *ProcessingRegister) record(e *ProcessingEntry) []string {
	special := strings.Join(e.Special, ", ")
	if special == "" {
		special = RegisterLabel(reg.Lang, "none_special")
	}
	return []string{e.Source, e.Table, RoleLabel(reg.Lang, e.Role), strconv.FormatInt(e.Rows, 10),
		strings.Join(e.Subjects, ", "), strings.Join(e.Data, ", "), special, e.Purpose, e.LegalBasis,
		e.Recipients, e.Transfers, e.Retention, e.Security, strings.Join(e.Evidence, "; ")}
}

// WriteRegister writes the register in a format of RegisterFormats.
func WriteRegister(w io.Writer, reg *ProcessingRegister, format string) error {
	switch format {
	case "json":
		return writeJSONIndent(w, reg)
	case "csv":
		return writeRegisterCSV(w, reg)
	case "md":
		return writeRegisterMD(w, reg)
	case "html":
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := htmlTemplate().ExecuteTemplate(bw, "register-page", registerView(reg)); err != nil {
			return fmt.Errorf("html register: %w", err)
		}
		return bw.Flush()
	case "xlsx":
		return writeXLSX(w, nil, reg)
	}
	return fmt.Errorf("unknown register format %q (known: %s)", format, strings.Join(RegisterFormats, ", "))
}

func writeJSONIndent(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	js := &jsonStream{w: bw}
	js.value(v, "")
	js.raw("\n")
	if js.err != nil {
		return js.err
	}
	return bw.Flush()
}

// writeRegisterCSV writes one row per entry, as the findings CSV does:
// semicolons and Dutch headings with nl, a byte-order mark for Excel, and
// text a spreadsheet would run as a formula defused.
func writeRegisterCSV(w io.Writer, reg *ProcessingRegister) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	if reg.Lang == "nl" {
		cw.Comma = ';'
	}
	if err := cw.Write(reg.header()); err != nil {
		return err
	}
	for i := range reg.Entries {
		rec := reg.record(&reg.Entries[i])
		for j := range rec {
			rec[j] = cell(Escape(rec[j]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeRegisterMD writes a heading per entry with its fields as a list:
// fourteen columns do not fit a Markdown table anyone can read.
func writeRegisterMD(w io.Writer, reg *ProcessingRegister) error {
	ew := &mdErrWriter{w: bufio.NewWriter(w)}
	L := func(k string) string { return RegisterLabel(reg.Lang, k) }
	ew.printf("# %s\n\n", L("register"))
	ew.printf("%s\n\n", L("register_intro"))
	ew.printf("- **%s**: %s\n", labelIn(reg.Lang, "date"), reg.Date)
	ew.printf("- **%s**: %s\n", L("controller"), reg.Controller)
	if len(reg.Policies) > 0 {
		ew.printf("- **%s**: %s\n", L("policies"), mdEscape(strings.Join(reg.Policies, ", ")))
	}
	ew.printf("\n")
	if len(reg.Entries) == 0 {
		ew.printf("%s\n", L("no_entries"))
	}
	h := reg.header()
	for i := range reg.Entries {
		rec := reg.record(&reg.Entries[i])
		title := rec[0]
		if rec[1] != "" && !strings.HasSuffix(rec[0], rec[1]) {
			title += " — " + rec[1]
		}
		ew.printf("## %d. %s\n\n", i+1, mdCode(Escape(title)))
		for j := 2; j < len(rec); j++ {
			if rec[j] == "" {
				continue
			}
			ew.printf("- **%s**: %s\n", h[j], mdEscape(Escape(rec[j])))
		}
		ew.printf("\n")
	}
	if ew.err != nil {
		return ew.err
	}
	return ew.w.Flush()
}

type mdErrWriter struct {
	w   *bufio.Writer
	err error
}

func (e *mdErrWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// htmlRegister is the register as the HTML templates show it.
type htmlRegister struct {
	Lang, Title, Intro, Date string
	DateLabel, Controller    string
	ControllerLabel, Empty   string
	Policies                 string
	PoliciesLabel            string
	Entries                  []htmlRegisterEntry
	// The report's section is one compact table: the fields every entry
	// shares (purpose, legal basis to fill in; the recipients) said once
	// above it, and a row per entry for what differs.
	Common  []htmlRegisterField
	Head    []string
	Widths  []int // per column, percent of the table
	Rows    [][]htmlRegisterField
	Special string // heading of the special-categories column
}

type htmlRegisterEntry struct {
	N      int
	Title  string
	Fields []htmlRegisterField
}

type htmlRegisterField struct {
	Label, Value string
	Fill         bool // still to fill in: shown so that it stands out
}

func registerView(reg *ProcessingRegister) *htmlRegister {
	L := func(k string) string { return RegisterLabel(reg.Lang, k) }
	v := &htmlRegister{Lang: reg.Lang, Title: L("register"), Intro: L("register_intro"), Date: reg.Date,
		DateLabel: labelIn(reg.Lang, "date"), Controller: reg.Controller, ControllerLabel: L("controller"),
		Empty: L("no_entries"), Policies: Escape(strings.Join(reg.Policies, ", ")), PoliciesLabel: L("policies")}
	h := reg.header()
	fill := L("fill")
	for i := range reg.Entries {
		rec := reg.record(&reg.Entries[i])
		title := rec[0]
		if rec[1] != "" && !strings.HasSuffix(rec[0], rec[1]) {
			title += " — " + rec[1]
		}
		he := htmlRegisterEntry{N: i + 1, Title: Escape(title)}
		for j := 2; j < len(rec); j++ {
			if rec[j] == "" {
				continue
			}
			he.Fields = append(he.Fields, htmlRegisterField{Label: h[j], Value: Escape(rec[j]), Fill: strings.Contains(rec[j], fill)})
		}
		v.Entries = append(v.Entries, he)
	}

	// Compact form: columns 7..12 (purpose .. transfers) said once when
	// every entry has the same value; the rest per row.
	shared := map[int]bool{}
	if len(reg.Entries) > 0 {
		first := reg.record(&reg.Entries[0])
		for j := 7; j <= 10; j++ {
			shared[j] = true
			for i := range reg.Entries[1:] {
				if reg.record(&reg.Entries[i+1])[j] != first[j] {
					shared[j] = false
				}
			}
			if shared[j] {
				v.Common = append(v.Common, htmlRegisterField{Label: h[j], Value: Escape(first[j]), Fill: strings.Contains(first[j], fill)})
			}
		}
	}
	cols := []int{0, 4, 5, 6}
	for j := 7; j <= 10; j++ {
		if !shared[j] {
			cols = append(cols, j)
		}
	}
	cols = append(cols, 11, 12)
	// Widths that leave the source and table its room (a fixed layout,
	// so that a long path wraps instead of squeezing the column to a
	// letter); the columns of the shared fields, when they differ, take
	// theirs from the data column.
	width := map[int]int{0: 21, 4: 17, 5: 21, 6: 11, 11: 15, 12: 15}
	for _, j := range cols {
		v.Head = append(v.Head, h[j])
		w, ok := width[j]
		if !ok {
			w = 8
			width[5] -= 2
			width[0] -= 2
		}
		v.Widths = append(v.Widths, w)
	}
	for i, j := range cols { // after the shrinking above
		if j == 0 || j == 5 {
			v.Widths[i] = width[j]
		}
	}
	v.Head[0] = labelIn(reg.Lang, "source") + " / " + strings.ToLower(labelIn(reg.Lang, "table"))
	v.Head[3] = L("special_short")
	for i := range reg.Entries {
		rec := reg.record(&reg.Entries[i])
		rec[0] = v.Entries[i].Title
		var row []htmlRegisterField
		for _, j := range cols {
			row = append(row, htmlRegisterField{Value: Escape(rec[j]), Fill: strings.Contains(rec[j], fill)})
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}
