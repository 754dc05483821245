package reporters

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX writes the report as an Excel workbook for a consultant who works
// on in a spreadsheet: sheets for the summary, the action plan, the
// inventory, the findings, the AP steps and the draft art. 30 register,
// each with a frozen header row, a filter on every column and fixed
// column widths, in the report's language. Samples are as the report holds
// them: masked unless the scan ran with --show-values. Rows are written
// with excelize's StreamWriter, which keeps a sheet's rows on disk rather
// than in memory, so a report of 100,000 findings stays small in memory.
type XLSX struct{}

var _ Encoder = XLSX{}

func init() { Register("xlsx", XLSX{}, ".xlsx") }

// Encode implements Encoder.
func (XLSX) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	return writeXLSX(w, r, BuildRegister(r, nil, lang(r)))
}

// xlsxMaxCell is the most characters Excel holds in a cell (32,767),
// less room for the ellipsis.
const xlsxMaxCell = 32000

// xlsxSheet is one sheet as it is written: names, column widths, rows.
type xlsxSheet struct {
	name, table string // sheet name; table name (for the filter): letters only
	widths      []float64
	header      []string
	rows        func(emit func(cells ...any) error) error
}

// xlsxSheetNames and xlsxLabels: the [xlsx_sheets] and [xlsx] areas of
// labels.toml.

// writeXLSX writes the workbook: the six sheets of a report, or only the
// register when r is nil (crmscan register -f xlsx).
func writeXLSX(w io.Writer, r *Report, reg *ProcessingRegister) error {
	l := reg.Lang
	if r != nil {
		l = lang(r)
	}
	X := func(k string) string { return xlsxLabels[l][k] }
	N := xlsxSheetNames[l]
	var sheets []xlsxSheet
	if r != nil {
		sheets = append(sheets,
			xlsxSummary(r, l, N["summary"], X),
			xlsxActions(r, l, N["actions"], X),
			xlsxInventory(r, l, N["inventory"], X),
			xlsxFindings(r, l, N["findings"]),
			xlsxSteps(r, l, N["steps"], X))
	}
	sheets = append(sheets, xlsxRegister(reg, N["register"]))

	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		if err := writeXLSXSheet(f, s, head, body); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeXLSXSheet(f *excelize.File, s xlsxSheet, head, body int) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	// The header row stays in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	for i, wd := range s.widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	hdr := make([]any, len(s.header))
	for i, h := range s.header {
		hdr[i] = excelize.Cell{StyleID: head, Value: h}
	}
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{StyleID: head}); err != nil {
		return err
	}
	row := 1
	cells := make([]any, 0, len(s.header))
	err = s.rows(func(vals ...any) error {
		row++
		cells = cells[:0]
		for _, v := range vals {
			if str, ok := v.(string); ok {
				v = xlsxText(str)
			}
			cells = append(cells, excelize.Cell{StyleID: body, Value: v})
		}
		return sw.SetRow("A"+strconv.Itoa(row), cells)
	})
	if err != nil {
		return err
	}
	// A table over the rows gives every column its filter button.
	last, _ := excelize.CoordinatesToCellName(len(s.header), max(row, 2))
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: s.table, StyleName: "TableStyleLight1"}); err != nil {
		return err
	}
	return sw.Flush()
}

// xlsxText keeps a cell under Excel's limit.
func xlsxText(s string) string {
	if len(s) <= xlsxMaxCell {
		return s
	}
	cut := xlsxMaxCell
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// xlsxSummary is the scan's key figures, one per row.
//
// After the figures come the summary in words: scope and method, the
// people concerned and the top risks (Summary, built by Finalize).
func xlsxSummary(r *Report, l, name string, X func(string) string) xlsxSheet {
	g := func(n int64) string { return groupIn(l, n) }
	return xlsxSheet{name: name, table: "Summary", widths: []float64{38, 90}, header: []string{X("item"), X("value")},
		rows: func(emit func(...any) error) error {
			var rows int64
			failed := 0
			for _, s := range r.Sources {
				rows += s.RowsScanned
				if s.Error != "" {
					failed++
				}
			}
			date := day(r.Scan.Finished)
			if date == "" {
				date = day(r.Scan.Started)
			}
			kv := [][2]string{
				{labelIn(l, "title"), labelIn(l, "subtitle")},
				{labelIn(l, "date"), date},
				{X("targets"), strings.Join(r.Scan.Targets, ", ")},
				{X("sources_read"), g(int64(len(r.Sources) - failed))},
				{X("sources_failed"), g(int64(failed))},
				{X("rows_scanned"), g(rows)},
				{labelIn(l, "findings"), g(int64(len(r.Findings)))},
			}
			for _, s := range severities {
				kv = append(kv, [2]string{labelIn(l, "severity") + ": " + SeverityLabel(l, s), g(int64(r.Summary.BySeverity[s]))})
			}
			pii := 0
			for i := range r.Columns {
				if len(r.Columns[i].Detections) > 0 {
					pii++
				}
			}
			kv = append(kv, [2]string{labelIn(l, "pii_columns"), g(int64(pii))})
			if r.Summary.Suppressed > 0 {
				kv = append(kv, [2]string{labelIn(l, "baseline_h"), suppressedText(l, r.Summary.Suppressed)})
			}
			if r.Scan.Incomplete {
				kv = append(kv, [2]string{X("incomplete"), labelIn(l, "incomplete")})
			}
			if r.Scan.ShowValues {
				kv = append(kv, [2]string{"--show-values", labelIn(l, "showvalues")})
			}
			kv = append(kv, [2]string{labelIn(l, "tool"), strings.TrimSpace(r.Tool.Name + " " + r.Tool.Version)})
			// The summary in words: scope and method, people concerned,
			// the top risks.
			if r.Summary.Scope != "" {
				kv = append(kv, [2]string{labelIn(l, "summary"), r.Summary.Scope})
			}
			if r.Summary.People > 0 {
				kv = append(kv, [2]string{X("people"), g(r.Summary.People)})
			}
			for i, k := range r.Summary.TopRisks {
				kv = append(kv, [2]string{X("top_risk") + " " + strconv.Itoa(i+1), SeverityLabel(l, k.Severity) + ": " + k.Text})
			}
			for _, p := range kv {
				if err := emit(p[0], p[1]); err != nil {
					return err
				}
			}
			return nil
		}}
}

// xlsxActions is the action plan: one action per problem, priority
// first, with the findings it covers and an owner and deadline to fill in.
//
// The report model's action plan (Summary.Actions) rolls actions up
// across the copies that share a problem; an older report without one
// gets one action per AP step and rule.
func xlsxActions(r *Report, l, name string, X func(string) string) xlsxSheet {
	header := []string{labelIn(l, "step"), X("priority"), labelIn(l, "rule"), X("action"), labelIn(l, "remediation"),
		labelIn(l, "count"), X("finding_ids"), X("owner"), X("deadline")}
	return xlsxSheet{name: name, table: "ActionPlan", widths: []float64{7, 12, 42, 28, 70, 9, 30, 18, 14}, header: header,
		rows: func(emit func(...any) error) error {
			if len(r.Summary.Actions) > 0 {
				// The report model's plan: one action per problem, rolled
				// up across the copies that share it.
				for _, a := range r.Summary.Actions {
					ids, more := a.Findings, ""
					if len(ids) > 20 {
						more = " " + fmt.Sprintf(labelIn(l, "more"), groupIn(l, int64(len(ids)-20)))
						ids = ids[:20]
					}
					if err := emit(a.APStep, strconv.Itoa(a.Priority)+" ("+SeverityLabel(l, a.Severity)+")", a.Rule, a.Title,
						a.Remediation, len(a.Findings), strings.Join(ids, ", ")+more, a.Owner, a.Deadline); err != nil {
						return err
					}
				}
				return nil
			}
			// A report without a plan (an older JSON report): one action
			// per AP step and rule.
			type action struct {
				step              int
				rule, title, todo string
				worst             string
				ids               []string
			}
			idx := map[string]*action{}
			var list []*action
			for i := range r.Findings {
				f := &r.Findings[i]
				if f.Baseline {
					continue // accepted: no action
				}
				step := 0
				if len(f.APSteps) > 0 {
					step = f.APSteps[0]
				}
				k := strconv.Itoa(step) + "\x00" + f.Rule
				a := idx[k]
				if a == nil {
					a = &action{step: step, rule: f.Rule, title: RuleTitle(f), todo: f.Remediation, worst: f.Severity}
					idx[k] = a
					list = append(list, a)
				}
				if sevRank(f.Severity) > sevRank(a.worst) {
					a.worst = f.Severity
				}
				a.ids = append(a.ids, f.ID)
			}
			slices.SortStableFunc(list, func(a, b *action) int {
				if d := sevRank(b.worst) - sevRank(a.worst); d != 0 {
					return d
				}
				return a.step - b.step
			})
			for _, a := range list {
				ids := a.ids
				more := ""
				if len(ids) > 20 {
					more = " " + fmt.Sprintf(labelIn(l, "more"), groupIn(l, int64(len(ids)-20)))
					ids = ids[:20]
				}
				if err := emit(a.step, SeverityLabel(l, a.worst), a.rule, a.title, a.todo, len(a.ids),
					strings.Join(ids, ", ")+more, "", ""); err != nil {
					return err
				}
			}
			return nil
		}}
}

func xlsxInventory(r *Report, l, name string, X func(string) string) xlsxSheet {
	header := []string{labelIn(l, "source"), labelIn(l, "table"), labelIn(l, "column"), labelIn(l, "kinds"),
		labelIn(l, "confidence"), labelIn(l, "non_empty"), labelIn(l, "rows_scanned"), X("holder"), labelIn(l, "samples")}
	return xlsxSheet{name: name, table: "Inventory", widths: []float64{40, 30, 24, 36, 11, 11, 12, 14, 44}, header: header,
		rows: func(emit func(...any) error) error {
			names := map[string]string{}
			for _, s := range r.Sources {
				names[s.ID] = s.Name
			}
			samples := columnSamples(r, l) // as the HTML inventory shows them
			holder := func(h string) string {
				if x := X("holder_" + h); x != "" {
					return x
				}
				return h
			}
			for i := range r.Columns {
				c := &r.Columns[i]
				if len(c.Detections) == 0 {
					continue
				}
				var kinds []string
				for _, k := range slices.Sorted(maps.Keys(c.Detections)) {
					d := c.Detections[k]
					kinds = append(kinds, fmt.Sprintf("%s %s (%s%%)", kindLabel(l, k), groupIn(l, d.Count), percent(l, d.Ratio)))
				}
				src := names[c.Source]
				if src == "" {
					src = c.Source
				}
				if err := emit(src, c.Table, c.Column, strings.Join(kinds, ", "), labelIn(l, "conf_"+c.Confidence),
					c.NonEmpty, c.RowsScanned, holder(c.Holder), strings.Join(samples[colKey{c.Source, c.Table, c.Column}], " | ")); err != nil {
					return err
				}
			}
			return nil
		}}
}

func xlsxFindings(r *Report, l, name string) xlsxSheet {
	// The CSV's column names, as headings: "ap_stappen" → "AP-stappen".
	header := make([]string, len(csvHeader(l)))
	for i, h := range csvHeader(l) {
		switch {
		case h == "id" || h == "avg" || h == "gdpr":
			h = strings.ToUpper(h)
		case strings.HasPrefix(h, "ap_"):
			h = "AP" + map[string]string{"en": " ", "nl": "-"}[l] + h[3:]
		default:
			h = strings.ToUpper(h[:1]) + strings.ReplaceAll(h[1:], "_", " ")
		}
		header[i] = h
	}
	widths := []float64{8, 10, 26, 50, 16, 10, 40, 14, 24, 20, 18, 9, 9, 36, 10, 22, 70, 9, 30, 20}
	return xlsxSheet{name: name, table: "Findings", widths: widths, header: header,
		rows: func(emit func(...any) error) error {
			yes := xlsxLabels[l]["yes"]
			for i := range r.Findings {
				f := &r.Findings[i]
				est, base := "", ""
				if f.Estimated {
					est = yes
				}
				if f.Baseline {
					base = yes
				}
				if err := emit(f.ID, SeverityLabel(l, f.Severity), f.Rule, f.Title, f.Category, labelIn(l, "conf_"+f.Confidence),
					f.Location.Path, f.Location.Sheet, f.Location.Table, f.Location.Column, rowRanges(f.Location.Rows),
					f.Count, est, strings.Join(samplesIn(l, f.Samples), " | "), stepsOf(f), LegalRefs(l, f.GDPR),
					f.Remediation, base, f.Justification, f.Fingerprint); err != nil {
					return err
				}
			}
			return nil
		}}
}

func xlsxSteps(r *Report, l, name string, X func(string) string) xlsxSheet {
	header := []string{labelIn(l, "step"), labelIn(l, "scorecard_title"), labelIn(l, "status"), labelIn(l, "count"),
		X("finding_ids"), X("questions")}
	return xlsxSheet{name: name, table: "APSteps", widths: []float64{7, 36, 14, 9, 40, 80}, header: header,
		rows: func(emit func(...any) error) error {
			for _, c := range r.Checklist {
				if err := emit(c.Step, c.Title, statusLabel(l, c.Status), len(c.Findings), strings.Join(c.Findings, ", "),
					strings.Join(c.Questions, "\n")); err != nil {
					return err
				}
			}
			return nil
		}}
}

func xlsxRegister(reg *ProcessingRegister, name string) xlsxSheet {
	return xlsxSheet{name: name, table: "Register", widths: []float64{36, 28, 14, 9, 28, 40, 26, 22, 22, 30, 26, 36, 36, 36},
		header: reg.header(),
		rows: func(emit func(...any) error) error {
			for i := range reg.Entries {
				rec := reg.record(&reg.Entries[i])
				vals := make([]any, len(rec))
				for j, s := range rec {
					vals[j] = Escape(s)
				}
				vals[3] = reg.Entries[i].Rows
				if err := emit(vals...); err != nil {
					return err
				}
			}
			return nil
		}}
}
