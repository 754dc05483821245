package reporters

import (
	"bufio"
	"embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/crmscan/crmscan/rules"
)

// HTML writes one self-contained page (inline CSS and SVG, no scripts, no
// fonts or images from elsewhere) for a reader who is not at a terminal: a
// cover with scope and date, an executive summary with a severity chart and
// the AP 10-step scorecard, the inventory of personal data per source, table
// and column, the findings grouped by AP step with GDPR articles and
// remediation, the questions a person must answer, the errors and an
// appendix on method. It prints to PDF. Every value goes through
// html/template, so a cell, column or file name holding markup shows as text.
type HTML struct{}

var _ Encoder = HTML{}

func init() { Register("html", HTML{}, ".html", ".htm") }

//go:embed templates/report.html.tmpl templates/register.html.tmpl
var templateFS embed.FS

// htmlTemplate is parsed on first use, not at start-up: most runs write
// no HTML.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html.tmpl").ParseFS(templateFS, "templates/report.html.tmpl", "templates/register.html.tmpl"))
})

// openLimit is how many rows a section may hold and still start open;
// larger ones start collapsed so that a big report stays quick to open.
const openLimit = 40

type htmlView struct {
	Lang, Date, Tool, Schema     string
	L                            map[string]string
	Targets                      []string
	SourceCount                  int
	Rows, Sample, Baseline       string
	Incomplete, ShowValues       bool
	Banner                       string // the scan did not read everything: no step is in order
	Scope                        string // scope and method in two sentences
	Risks                        []string
	Actions                      []htmlAction
	FindingCount, Severe         string
	SevereLabel                  string
	PIIColumns, PIIColumnsLabel  string
	FailSteps, FailStepsLabel    string
	Suppressed                   string
	Chart                        htmlChart
	Trend                        *htmlTrend
	Steps                        []htmlStep
	Legend                       []htmlLegend
	Inventory                    []htmlSource
	Register                     *htmlRegister // the art. 30 draft (register_write.go)
	Groups                       []htmlGroup
	Questions                    []htmlStep
	HasErrors                    bool
	Errors                       []htmlError
	Partly                       []htmlPartly
	Skipped                      string
	Method                       []htmlMethod
	severityCounts, statusCounts map[string]int
}

type htmlChart struct {
	Height, Track int
	Bars          []htmlBar
}

type htmlBar struct {
	Name, Label, Count string
	Y, TextY, CountX   int
	Width              float64
}

type htmlStep struct {
	Step                       int
	Title, Status, StatusLabel string
	Count                      int
	Accepted                   string // "(3 in de baseline)" when a baseline accepted some
	Linked                     bool   // the step has a section to link to
	Questions                  []string
}

type htmlLegend struct{ Status, Label, Meaning string }

// htmlAction is one line of the action plan.
type htmlAction struct {
	ID, Title, Remediation, Step, Priority, People string
	Findings                                       []string // at most maxActionIDs, then "(+n)"
	Prio                                           int
}

type htmlSource struct {
	Name, Kind, Summary string
	Open                bool
	Tables              []*htmlTable
}

type htmlTable struct {
	Name    string
	Columns []htmlColumn
}

type htmlColumn struct {
	Name, Kinds, Confidence, NonEmpty string
	Samples                           []string
}

type htmlGroup struct {
	Step                       int
	Title, Status, StatusLabel string
	CountText                  string
	Count                      int
	Open                       bool
	Rules                      []*htmlRule
	// Also are the findings of other steps' sections that concern this
	// step too, by reference: the section counts them as the scorecard does.
	Also     []*htmlAlso
	accepted int
}

// htmlAlso is one rule's findings listed in full under another step.
type htmlAlso struct {
	Rule, Title, StepTitle, CountText string
	Step                              int
	IDs                               []string
}

type htmlRule struct {
	Rule, Title, Severity, SeverityLabel string
	GDPR, Also, Remediation, CountText   string
	Count                                int
	Open                                 bool
	Findings                             []*htmlFinding
	rank                                 int
}

type htmlFinding struct {
	ID, Severity, SeverityLabel string
	Path, Column, Extra         string
	Count, Rows, Confidence     string
	Justification               string
	Samples                     []string
	Baseline                    bool
	Grown                       string
}

type htmlError struct{ Source, Message string }

type htmlPartly struct{ Name, Rows string }

type htmlMethod struct{ Title, Text string }

// Encode implements Encoder.
func (HTML) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := htmlTemplate().Execute(bw, buildHTML(r)); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}

func buildHTML(r *Report) *htmlView {
	v := htmlCover(r)
	buildHTMLSummary(v, r)
	buildHTMLActions(v, r)
	buildHTMLInventory(v, r)
	buildHTMLFindings(v, r)
	buildHTMLErrors(v, r)
	buildHTMLMethod(v)
	return v
}

// htmlCover builds the cover: scope, date, sample and the banners.
func htmlCover(r *Report) *htmlView {
	l := lang(r)
	L := map[string]string{}
	for k, v := range labels["en"] {
		L[k] = v
	}
	for k, v := range labels[l] {
		L[k] = v
	}
	g := func(n int64) string { return groupIn(l, n) }
	v := &htmlView{
		Lang: l, L: L, Date: day(r.Scan.Finished), Schema: r.Schema,
		Tool:       strings.TrimSpace(r.Tool.Name + " " + r.Tool.Version),
		Targets:    r.Scan.Targets,
		Incomplete: r.Scan.Incomplete, ShowValues: r.Scan.ShowValues,
		SourceCount: len(r.Sources), Baseline: r.Scan.Baseline,
		Banner: CoverageBanner(r),
	}
	if v.Date == "" {
		v.Date = day(r.Scan.Started)
	}
	var rows int64
	for _, s := range r.Sources {
		rows += s.RowsScanned
	}
	v.Rows = g(rows)
	if r.Scan.Sample > 0 {
		v.Sample = fmt.Sprintf(L["sample_n"], g(r.Scan.Sample))
	} else {
		v.Sample = L["sample_all"]
	}
	return v
}

// stepCount is the one count of an AP step that the scorecard, the step's
// section and the summary show: its findings not accepted in a baseline,
// and the accepted apart.
func stepCount(l string, c *Checklist, baselined map[string]bool) (n int, accepted string) {
	a := 0
	for _, id := range c.Findings {
		if baselined[id] {
			a++
		}
	}
	if a > 0 {
		accepted = fmt.Sprintf(labelIn(l, "accepted_n"), groupIn(l, int64(a)))
	}
	return len(c.Findings) - a, accepted
}

func baselinedIDs(r *Report) map[string]bool {
	b := map[string]bool{}
	for i := range r.Findings {
		if r.Findings[i].Baseline {
			b[r.Findings[i].ID] = true
		}
	}
	return b
}

// buildHTMLSummary builds the executive summary: the cards, the severity
// chart, the scorecard, the trend and the legend.
func buildHTMLSummary(v *htmlView, r *Report) {
	l, L := v.Lang, v.L
	g := func(n int64) string { return groupIn(l, n) }
	v.FindingCount = g(int64(len(r.Findings)))
	sevCount := map[string]int{}
	for i := range r.Findings {
		sevCount[r.Findings[i].Severity]++
	}
	v.Severe = g(int64(sevCount["critical"] + sevCount["high"]))
	v.SevereLabel = L["severe"]
	if r.Summary.Changed > 0 {
		v.Suppressed = changedText(l, r.Summary.Changed) + " "
	}
	if r.Summary.Suppressed > 0 {
		v.Suppressed += suppressedText(l, r.Summary.Suppressed)
	}
	v.Chart = severityChart(l, sevCount)

	baselined := baselinedIDs(r)
	stepTitle := map[int]string{}
	fails := 0
	for i := range r.Checklist {
		c := &r.Checklist[i]
		st := htmlStep{Step: c.Step, Title: c.Title, Status: c.Status, StatusLabel: statusLabel(l, c.Status),
			Questions: c.Questions}
		st.Count, st.Accepted = stepCount(l, c, baselined)
		st.Linked = len(c.Findings) > 0
		v.Steps = append(v.Steps, st)
		if len(c.Questions) > 0 {
			v.Questions = append(v.Questions, st)
		}
		stepTitle[c.Step] = c.Title
		if c.Status == StatusFail {
			fails++
		}
	}
	v.FailSteps, v.FailStepsLabel = strconv.Itoa(fails), L["fail_steps"]
	v.Trend = trendOf(l, r, stepTitle)
	for _, s := range Statuses {
		v.Legend = append(v.Legend, htmlLegend{Status: s, Label: statusLabel(l, s), Meaning: L["mean_"+s]})
	}
}

// maxActionIDs is how many finding IDs an action plan line lists; the JSON
// report lists them all.
const maxActionIDs = 6

// buildHTMLActions builds the summary in words and the action plan.
func buildHTMLActions(v *htmlView, r *Report) {
	l := v.Lang
	v.Scope = r.Summary.Scope
	for _, k := range r.Summary.TopRisks {
		v.Risks = append(v.Risks, k.Text)
	}
	for _, a := range r.Summary.Actions {
		ids := append([]string{}, a.Findings[:min(len(a.Findings), maxActionIDs)]...)
		if n := len(a.Findings) - maxActionIDs; n > 0 {
			ids = append(ids, fmt.Sprintf("(+%s)", groupIn(l, int64(n))))
		}
		people := a.peopleText(l, "≥ ")
		v.Actions = append(v.Actions, htmlAction{ID: a.ID, Title: a.Title, Remediation: a.Remediation,
			Step: strconv.Itoa(a.APStep), Priority: labelIn(l, "prio_"+strconv.Itoa(a.Priority)), Prio: a.Priority,
			People: people, Findings: ids})
	}
}

// buildHTMLInventory builds the inventory: the sources that hold personal
// data, their tables and columns with kinds, confidence and samples.
func buildHTMLInventory(v *htmlView, r *Report) {
	l, L := v.Lang, v.L
	g := func(n int64) string { return groupIn(l, n) }
	samples := columnSamples(r, l)

	// Inventory: sources in report order, tables in order of appearance.
	srcIdx := map[string]int{}
	for _, s := range r.Sources {
		summary := g(s.RowsScanned) + " " + L["rows"]
		if s.Sampled {
			summary += " (" + L["sampled"] + ")"
		}
		if s.Error != "" {
			summary = L["not_read"]
		}
		if len(s.Notes) > 0 {
			summary += " · " + strings.Join(s.Notes, " · ")
		}
		srcIdx[s.ID] = len(v.Inventory)
		v.Inventory = append(v.Inventory, htmlSource{Name: s.Name, Kind: s.Kind, Summary: summary})
	}
	tblIdx := map[[2]string]*htmlTable{}
	piiCols := 0
	for _, c := range r.Columns {
		if len(c.Detections) == 0 {
			continue
		}
		piiCols++
		i, ok := srcIdx[c.Source]
		if !ok {
			i = len(v.Inventory)
			srcIdx[c.Source] = i
			v.Inventory = append(v.Inventory, htmlSource{Name: c.Source})
		}
		src := &v.Inventory[i]
		t := tblIdx[[2]string{c.Source, c.Table}]
		if t == nil {
			name := c.Table
			if strings.HasSuffix(src.Name, name) {
				name = "" // a file's only table is the file
			}
			t = &htmlTable{Name: name}
			tblIdx[[2]string{c.Source, c.Table}] = t
			src.Tables = append(src.Tables, t)
		}
		var kinds []string
		for _, k := range slices.Sorted(maps.Keys(c.Detections)) {
			d := c.Detections[k]
			kinds = append(kinds, fmt.Sprintf("%s %s (%s%%)", kindLabel(l, columnKindName(&c, k)), g(d.Count), percent(l, d.Ratio)))
		}
		conf := c.Confidence
		if x, ok := L["conf_"+conf]; ok {
			conf = x
		}
		t.Columns = append(t.Columns, htmlColumn{Name: c.Column, Kinds: strings.Join(kinds, ", "), Confidence: conf,
			NonEmpty: g(c.NonEmpty), Samples: samples[colKey{c.Source, c.Table, c.Column}]})
	}
	// Keep only the sources that hold personal data.
	inv := v.Inventory[:0]
	for _, s := range v.Inventory {
		if len(s.Tables) > 0 {
			n := 0
			for _, t := range s.Tables {
				n += len(t.Columns)
			}
			s.Open = n <= openLimit && len(v.Inventory) <= openLimit
			s.Summary = plural(l, n, "column") + " · " + s.Summary
			inv = append(inv, s)
		}
	}
	v.Inventory = inv
	v.PIIColumns, v.PIIColumnsLabel = g(int64(piiCols)), L["pii_columns"]
	v.Register = registerView(BuildRegister(r, nil, l))

}

// buildHTMLFindings builds one section per AP step that has findings (and
// "other" last): the findings whose first step it is in full, grouped by
// rule, and those that concern it as a further step by reference, so that
// the section's count is the scorecard's.
func buildHTMLFindings(v *htmlView, r *Report) {
	l, L := v.Lang, v.L
	stepTitle := map[int]string{}
	stepStatus := map[int]string{}
	for i := range r.Checklist {
		stepTitle[r.Checklist[i].Step] = r.Checklist[i].Title
		stepStatus[r.Checklist[i].Step] = r.Checklist[i].Status
	}
	groupIdx := map[int]*htmlGroup{}
	group := func(step int) *htmlGroup {
		grp := groupIdx[step]
		if grp == nil {
			grp = &htmlGroup{Step: step, Title: stepTitle[step], Status: stepStatus[step]}
			if step == 0 || grp.Title == "" {
				grp.Title = L["other"]
				if step != 0 {
					grp.Title = fmt.Sprintf("%s %d", L["step"], step)
				}
			}
			grp.StatusLabel = statusLabel(l, grp.Status)
			groupIdx[step] = grp
		}
		return grp
	}
	ruleIdx := map[string]*htmlRule{}
	alsoIdx := map[string]*htmlAlso{}
	for i := range r.Findings {
		f := &r.Findings[i]
		step := 0
		if len(f.APSteps) > 0 {
			step = f.APSteps[0]
		}
		grp := group(step)
		grp.Count++
		if f.Baseline {
			grp.accepted++
		}
		for _, n := range f.APSteps[min(1, len(f.APSteps)):] {
			if n == step {
				continue
			}
			og := group(n)
			og.Count++
			if f.Baseline {
				og.accepted++
			}
			key := strconv.Itoa(n) + "\x00" + f.Rule
			a := alsoIdx[key]
			if a == nil {
				a = &htmlAlso{Rule: f.Rule, Title: RuleTitle(f), Step: step, StepTitle: stepTitle[step]}
				alsoIdx[key] = a
				og.Also = append(og.Also, a)
			}
			a.IDs = append(a.IDs, f.ID)
		}
		key := strconv.Itoa(step) + "\x00" + f.Rule
		rg := ruleIdx[key]
		if rg == nil {
			rg = &htmlRule{Rule: f.Rule, Title: RuleTitle(f), Severity: f.Severity, Remediation: f.Remediation,
				GDPR: LegalRefs(l, f.GDPR)}
			ruleIdx[key] = rg
			grp.Rules = append(grp.Rules, rg)
		}
		// The worst severity heads the rule; a test-value variant names it
		// only until a real finding of the rule comes.
		if !f.TestValue && rg.rank == 0 {
			rg.Title, rg.Remediation, rg.rank = RuleTitle(f), f.Remediation, 1
		}
		if sevRank(f.Severity) > sevRank(rg.Severity) {
			rg.Severity = f.Severity
		}
		if len(f.APSteps) > 1 && rg.Also == "" {
			var s []string
			for _, n := range f.APSteps {
				t := strconv.Itoa(n)
				if st := stepTitle[n]; st != "" {
					t += " " + st
				}
				s = append(s, t)
			}
			rg.Also = strings.Join(s, "; ")
		}
		rg.Count++
		rg.Findings = append(rg.Findings, htmlFindingOf(l, L, f))
	}
	steps := make([]int, 0, len(groupIdx))
	for s := range groupIdx {
		steps = append(steps, s)
	}
	sort.Ints(steps)
	if len(steps) > 0 && steps[0] == 0 {
		steps = append(steps[1:], 0) // "other" last
	}
	for _, s := range steps {
		grp := groupIdx[s]
		grp.Open = grp.Count <= openLimit
		// The scorecard's count: what is not accepted, the accepted apart.
		grp.CountText = plural(l, grp.Count-grp.accepted, "finding")
		if grp.accepted > 0 {
			grp.CountText += " " + fmt.Sprintf(labelIn(l, "accepted_n"), groupIn(l, int64(grp.accepted)))
		}
		sort.SliceStable(grp.Rules, func(a, b int) bool { return sevRank(grp.Rules[a].Severity) > sevRank(grp.Rules[b].Severity) })
		for _, rg := range grp.Rules {
			rg.SeverityLabel = SeverityLabel(l, rg.Severity)
			rg.Open = grp.Open || rg.Count <= 10
			rg.CountText = plural(l, rg.Count, "finding")
		}
		for _, a := range grp.Also {
			a.CountText = plural(l, len(a.IDs), "finding")
		}
		v.Groups = append(v.Groups, *grp)
	}
}

// buildHTMLErrors builds the errors section and what was not scanned.
func buildHTMLErrors(v *htmlView, r *Report) {
	l, L := v.Lang, v.L
	g := func(n int64) string { return groupIn(l, n) }
	names := map[string]string{}
	for _, s := range r.Sources {
		names[s.ID] = s.Name
		if s.Error == "" && (s.Sampled || (s.RowsTotal > 0 && s.RowsScanned < s.RowsTotal)) {
			rows := g(s.RowsScanned)
			if s.RowsTotal > 0 {
				rows += " " + L["of"] + " " + g(s.RowsTotal)
			}
			v.Partly = append(v.Partly, htmlPartly{Name: s.Name, Rows: rows})
		}
	}
	for _, e := range r.Errors {
		n := names[e.Source]
		if n == "" {
			n = e.Source
		}
		v.Errors = append(v.Errors, htmlError{Source: n, Message: e.Message})
	}
	if r.Scan.FilesSkipped > 0 {
		v.Skipped = fmt.Sprintf("%s %s", g(int64(r.Scan.FilesSkipped)), L["skipped"])
	}
	v.HasErrors = len(v.Errors) > 0 || len(v.Partly) > 0 || v.Skipped != "" || r.Scan.Incomplete

}

// buildHTMLMethod builds the appendix on method.
func buildHTMLMethod(v *htmlView) {
	L := v.L
	for _, m := range []string{"sampling", "masking", "fp", "conf", "sev"} {
		text := L["method_"+m+"_text"]
		if m == "sampling" {
			text += " " + L["method_rows"]
		}
		v.Method = append(v.Method, htmlMethod{Title: L["method_"+m], Text: text})
	}
}

func htmlFindingOf(l string, L map[string]string, f *Finding) *htmlFinding {
	hf := &htmlFinding{
		ID: f.ID, Severity: f.Severity, SeverityLabel: SeverityLabel(l, f.Severity),
		Path: f.Location.Path, Column: f.Location.Column,
		Count: groupIn(l, f.Count), Rows: rowRanges(f.Location.Rows),
		Samples: samplesIn(l, f.Samples), Baseline: f.Baseline, Justification: f.Justification,
		Confidence: f.Confidence,
	}
	if f.Changed {
		hf.Grown = fmt.Sprintf(labelIn(l, "grown"), groupIn(l, f.BaselineCount), groupIn(l, f.Count))
	}
	if c, ok := L["conf_"+f.Confidence]; ok {
		hf.Confidence = c
	}
	if f.Estimated {
		hf.Count += " (" + L["estimated"] + ")"
	}
	var extra []string
	if f.Location.Sheet != "" {
		extra = append(extra, L["sheet"]+" "+f.Location.Sheet)
	}
	if f.Location.Table != "" && !strings.HasSuffix(f.Location.Path, f.Location.Table) {
		extra = append(extra, L["table"]+" "+f.Location.Table)
	}
	if len(f.Columns) > 0 {
		extra = append(extra, strings.ToLower(L["column"])+": "+strings.Join(f.Columns, ", "))
	}
	extra = append(extra, detailsIn(l, f.Details)...)
	if f.TestValue {
		extra = append(extra, L["test_value"])
	}
	hf.Extra = strings.Join(extra, " · ")
	return hf
}

func statusLabel(l, s string) string {
	if x, ok := labels[l]["status_"+s]; ok {
		return x
	}
	return s
}

func percent(l string, ratio float64) string {
	s := strconv.FormatFloat(100*ratio, 'f', 1, 64)
	if l == "nl" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// severityChart lays out a horizontal bar per severity.
func severityChart(l string, counts map[string]int) htmlChart {
	const track, rowH = 250, 30
	c := htmlChart{Track: track, Height: len(severities)*rowH + 4}
	most := 0
	for _, s := range severities {
		most = max(most, counts[s])
	}
	for i, s := range severities {
		w := 0.0
		if most > 0 {
			w = float64(track) * float64(counts[s]) / float64(most)
			if counts[s] > 0 && w < 3 {
				w = 3
			}
		}
		c.Bars = append(c.Bars, htmlBar{
			Name: s, Label: SeverityLabel(l, s), Count: groupIn(l, int64(counts[s])),
			Y: i*rowH + 4, TextY: i*rowH + 19, Width: float64(int(w*10)) / 10, CountX: 96 + track + 8,
		})
	}
	return c
}

// plural is "1 finding" or "3 findings" in the report's language; the
// nouns are noun_NOUN and noun_NOUNs in labels.toml.
func plural(l string, n int, noun string) string {
	if n == 1 {
		return "1 " + labelIn(l, "noun_"+noun)
	}
	return groupIn(l, int64(n)) + " " + labelIn(l, "noun_"+noun+"s")
}

// rowRanges writes row numbers with runs joined: 2–6, 9, 22–26.
func rowRanges(rows []int64) string {
	if len(rows) == 0 {
		return "–"
	}
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(rows[i], 10))
		if j > i+1 {
			b.WriteString("–" + strconv.FormatInt(rows[j], 10))
		} else if j == i+1 {
			b.WriteString(", " + strconv.FormatInt(rows[j], 10))
		}
		i = j + 1
	}
	return b.String()
}

// columnKindName is the name of a column's detection: a place column's
// addresses are places.
func columnKindName(c *Column, det string) string {
	if det == "address" && c.Classification == "place" {
		return "place"
	}
	return det
}

// kindLabel names a detection kind in Dutch by the detector's own
// description (rules/default.toml, detector.nl); English reports keep the
// detector ID, which is what --format json and the gate policies use.
func kindLabel(l, kind string) string {
	if l == "nl" {
		if kind == "place" { // a classification, not a detector
			return "woonplaats"
		}
		if spec, ok := rules.Detector(kind); ok {
			return spec.NL
		}
	}
	return kind
}
