package reporters

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Text writes a readable terminal summary: sources, what each column holds,
// the findings with severity, counts and masked samples, the AP checklist
// and the errors.
type Text struct{}

var _ Encoder = Text{}

func init() { Register("text", Text{}, ".txt") }

// textLabels: the [text] area of labels.toml.

// Encode implements Encoder.
func (Text) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	bw := bufio.NewWriter(w)
	L := textLabels["en"]
	if l, ok := textLabels[r.Scan.Lang]; ok {
		L = l
	}
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }

	var rows int64
	for _, s := range r.Sources {
		rows += s.RowsScanned
	}
	p("%s %s %s: %d %s, %s %s\n", r.Tool.Name, r.Tool.Version, L["scan"], len(r.Sources), L["n_sources"], group(rows), L["rows"])
	if b := CoverageBanner(r); b != "" {
		p("%s\n", b)
	}
	if r.Scan.Incomplete {
		p("%s\n", L["incomplete"])
	}
	if sh := r.Scan.Shard; sh != nil {
		p("%s\n", fmt.Sprintf(labelIn(r.Scan.Lang, "shard"), sh.Index, sh.Count))
	}
	if r.Scan.ShowValues {
		p("%s\n", L["showvalues"])
	}

	textSummary(p, r)

	p("\n%s\n", L["sources"])
	for _, s := range r.Sources {
		line := fmt.Sprintf("  %-4s %-6s %s", s.ID, s.Kind, s.Name)
		if s.Error != "" {
			p("%s  %s: %s\n", line, L["error"], s.Error)
		} else {
			extra := ""
			if s.Sampled {
				extra = " (" + L["sampled"] + ")"
			}
			p("%s  %s %s%s%s\n", line, group(s.RowsScanned), L["rows"], extra, details(r.Scan.Lang, s.Details))
		}
		for _, n := range s.Notes {
			p("         %s: %s\n", L["note"], n)
		}
	}
	if r.Scan.FilesSkipped > 0 {
		p("  %d %s\n", r.Scan.FilesSkipped, L["skipped"])
	}
	if r.Scan.SpecialSkipped > 0 {
		p("  %d %s\n", r.Scan.SpecialSkipped, L["special"])
	}
	if r.Scan.LinksSkipped > 0 {
		p("  %d %s\n", r.Scan.LinksSkipped, L["links"])
	}

	p("\n%s\n", L["columns"])
	names := map[string]string{}
	for _, s := range r.Sources {
		names[s.ID] = s.Name
	}
	found := false
	last := ""
	lowHidden := 0
	for _, c := range r.Columns {
		if len(c.Detections) == 0 {
			continue
		}
		if c.Confidence == "low" {
			lowHidden++ // in the JSON report; the summary shows what is sure
			continue
		}
		found = true
		if key := c.Source + "\x00" + c.Table; key != last {
			last = key
			if n := names[c.Source]; strings.HasSuffix(n, c.Table) {
				p("  %s\n", n)
			} else {
				p("  %s [%s]\n", n, c.Table)
			}
		}
		var kinds []string
		for _, k := range slices.Sorted(maps.Keys(c.Detections)) {
			d := c.Detections[k]
			kinds = append(kinds, fmt.Sprintf("%s %s/%s (%.1f%%)", columnKindName(&c, k), group(d.Count), group(c.NonEmpty), 100*d.Ratio))
		}
		cls := c.Classification
		if cls == "" {
			cls = "-"
		}
		p("    %-28s %-12s %-7s %s\n", clip(c.Column, 28), cls, c.Confidence, strings.Join(kinds, ", "))
	}
	if !found {
		p("  %s\n", L["none"])
	}
	if lowHidden > 0 {
		p("  (%d %s)\n", lowHidden, L["lowhidden"])
	}

	p("\n%s (%d", L["findings"], r.Summary.Findings)
	for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
		if n := r.Summary.BySeverity[sev]; n > 0 {
			p(", %d %s", n, SeverityLabel(r.Scan.Lang, sev))
		}
	}
	p(")\n")
	for _, f := range r.Findings {
		mark := ""
		switch {
		case f.Baseline:
			mark = " [" + labelIn(r.Scan.Lang, "baseline") + "]"
		case f.Changed:
			mark = " [" + fmt.Sprintf(labelIn(r.Scan.Lang, "grown"), groupIn(r.Scan.Lang, f.BaselineCount), groupIn(r.Scan.Lang, f.Count)) + "]"
		}
		p("  %s %-8s %-14s %s%s\n", f.ID, strings.ToUpper(SeverityLabel(r.Scan.Lang, f.Severity)), f.Rule, f.Title, mark)
		loc := f.Location.Path
		if f.Location.Table != "" && !strings.HasSuffix(loc, f.Location.Table) {
			loc += " [" + f.Location.Table + "]"
		}
		if f.Location.Column != "" {
			loc += " › " + f.Location.Column
		}
		count := group(f.Count) + " " + L["values"]
		if f.Estimated {
			count += " (" + L["est"] + ")"
		}
		p("        %s: %s, %s %s, %s %s", loc, count, L["rows"], joinRows(f.Location.Rows), L["confidence"], labelIn(r.Scan.Lang, "conf_"+f.Confidence))
		if len(f.Samples) > 0 {
			p(", %s %s", L["eg"], strings.Join(samplesIn(r.Scan.Lang, f.Samples), "  "))
		}
		p("\n")
		var steps []string
		for _, s := range f.APSteps {
			steps = append(steps, strconv.Itoa(s))
		}
		p("        %s %s · %s\n", L["steps"], strings.Join(steps, ", "), LegalRefs(r.Scan.Lang, f.GDPR))
		if f.Remediation != "" {
			p("        → %s\n", f.Remediation)
		}
	}

	p("\n%s\n", L["checklist"])
	width := 0
	for _, c := range r.Checklist {
		width = max(width, len([]rune(statusLabel(lang(r), c.Status))))
	}
	for _, c := range r.Checklist {
		w := width
		if len(c.Findings) == 0 {
			w = 0 // no trailing blanks
		}
		p("  %2d %-45s %-*s", c.Step, clip(c.Title, 45), w, statusLabel(lang(r), c.Status))
		if len(c.Findings) > 0 {
			p(" %s", clipIDs(c.Findings, 8, " "))
		}
		p("\n")
	}

	if len(r.Errors) > 0 {
		p("\n%s\n", L["errors"])
		for _, e := range r.Errors {
			p("  %s: %s\n", e.Source, e.Message)
		}
	}
	return bw.Flush()
}

func details(l string, d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(d)) {
		switch {
		case k == "header" && d[k] == "false":
			parts = append(parts, labelIn(l, "no_header"))
		case k == "header":
		default:
			parts = append(parts, detailKey(l, k)+" "+detailValue(l, d[k]))
		}
	}
	return "  (" + strings.Join(parts, ", ") + ")"
}

func joinRows(rows []int64) string {
	if len(rows) == 0 {
		return "-"
	}
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = strconv.FormatInt(r, 10)
	}
	return strings.Join(s, ", ")
}

// group formats n with thousands separators: 12,345.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// textSummary writes the summary in words and the action plan.
func textSummary(p func(string, ...any), r *Report) {
	l := lang(r)
	if r.Summary.Scope == "" {
		return
	}
	p("\n%s\n", strings.ToUpper(labelIn(l, "summary_words")))
	p("  %s\n", r.Summary.Scope)
	if len(r.Summary.TopRisks) > 0 {
		p("\n  %s\n", labelIn(l, "top_risks"))
		for i, k := range r.Summary.TopRisks {
			p("  %d. %s\n", i+1, k.Text)
		}
	}
	if len(r.Summary.Actions) == 0 {
		return
	}
	p("\n%s\n", strings.ToUpper(labelIn(l, "action_plan")))
	for _, a := range r.Summary.Actions {
		ids, people := clipIDs(a.Findings, 8, " "), a.peopleText(l, ">=")
		p("  %-4s P%d %s %-2d %s %s  %s\n", a.ID, a.Priority, labelIn(l, "step"), a.APStep, labelIn(l, "people"), people, a.Title)
		p("       %s: %s\n", labelIn(l, "covers"), ids)
	}
}
