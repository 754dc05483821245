package reporters

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Markdown writes a short report for pull-request comments and tickets: the
// scope, a summary table by severity, the AP 10-step scorecard and the top
// findings. Every value from the data (column names, paths, samples) sits in
// a code span, so it renders as text and never as markup or a mention.
type Markdown struct {
	// Top is how many findings to list; 0 means 25.
	Top int
}

var _ Encoder = Markdown{}

func init() { Register("md", Markdown{}, ".md", ".markdown") }

// statusMark is the sign before an AP step's status.
var statusMark = map[string]string{"pass": "✅", "warn": "⚠️", "fail": "❌", "manual": "❓", "not_shown": "➖", "not_assessed": "⛔"}

// Encode implements Encoder.
func (m Markdown) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	top := m.Top
	if top <= 0 {
		top = 25
	}
	l := lang(r)
	L := func(k string) string { return labelIn(l, k) }
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }

	var rows int64
	for _, s := range r.Sources {
		rows += s.RowsScanned
	}
	p("## %s\n\n", mdEscape(L("title")))
	var targets []string
	for _, t := range r.Scan.Targets {
		targets = append(targets, mdCode(t))
	}
	p("**%s:** %s · %d %s · %s %s", L("scope"), strings.Join(targets, ", "), len(r.Sources),
		strings.ToLower(L("sources")), groupIn(l, rows), L("rows"))
	if d := day(r.Scan.Finished); d != "" {
		p(" · %s", d)
	}
	p(" · %s %s\n\n", mdEscape(r.Tool.Name), mdEscape(r.Tool.Version))
	if b := CoverageBanner(r); b != "" {
		p("> **%s**\n\n", mdEscape(b))
	}
	if r.Scan.Incomplete {
		p("> **%s**\n\n", mdEscape(L("incomplete")))
	}
	if sh := r.Scan.Shard; sh != nil {
		p("> **%s**\n\n", mdEscape(fmt.Sprintf(L("shard"), sh.Index, sh.Count)))
	}
	if r.Scan.ShowValues {
		p("> **%s**\n\n", mdEscape(L("showvalues")))
	}

	if r.Summary.Scope != "" {
		p("%s\n\n", mdEscape(r.Summary.Scope))
	}
	if len(r.Summary.TopRisks) > 0 {
		p("**%s**\n\n", mdEscape(L("top_risks")))
		for i, k := range r.Summary.TopRisks {
			p("%d. %s\n", i+1, mdEscape(k.Text))
		}
		p("\n")
	}

	p("| %s | %s |\n|---|---:|\n", L("severity"), L("findings"))
	for _, sev := range severities {
		p("| %s | %d |\n", SeverityLabel(l, sev), r.Summary.BySeverity[sev])
	}
	p("| **%s** | **%d** |\n\n", L("total"), r.Summary.Findings)
	if r.Summary.Changed > 0 {
		p("%s\n\n", mdEscape(changedText(l, r.Summary.Changed)))
	}
	if r.Summary.Suppressed > 0 {
		p("%s\n\n", mdEscape(suppressedText(l, r.Summary.Suppressed)))
	}

	if len(r.Summary.Actions) > 0 {
		p("### %s\n\n", mdEscape(L("action_plan")))
		p("| %s | %s | %s | %s | %s | %s | %s | %s |\n|---|---|---:|---|---:|---|---|---|\n",
			L("id"), L("action"), L("step"), L("priority"), L("people"), L("covers"), L("owner"), L("deadline"))
		for _, a := range r.Summary.Actions {
			ids, people := clipIDs(a.Findings, 6, ", "), a.peopleText(l, "≥ ")
			p("| %s | %s | %d | %s | %s | %s | | |\n", a.ID, mdEscape(a.Title), a.APStep,
				mdEscape(L("prio_"+strconv.Itoa(a.Priority))), people, mdEscape(ids))
		}
		p("\n")
	}

	p("### %s\n\n", mdEscape(L("scorecard")))
	p("| %s | | %s | %s |\n|---:|---|---|---:|\n", L("step"), L("status"), L("findings"))
	for _, c := range r.Checklist {
		p("| %d | %s | %s %s | %d |\n", c.Step, mdEscape(c.Title), statusMark[c.Status],
			mdEscape(L("status_"+c.Status)), len(c.Findings))
	}
	p("\n")

	if len(r.Findings) > 0 {
		order := make([]int, len(r.Findings))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			fa, fb := &r.Findings[order[a]], &r.Findings[order[b]]
			if fa.Baseline != fb.Baseline {
				return !fa.Baseline
			}
			return sevRank(fa.Severity) > sevRank(fb.Severity)
		})
		p("### %s\n\n", mdEscape(L("top")))
		p("| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---:|---|---|\n",
			L("id"), L("severity"), L("finding"), L("location"), L("count"), L("ap_steps"), L("gdpr"))
		for _, i := range order[:min(top, len(order))] {
			f := &r.Findings[i]
			sev := SeverityLabel(l, f.Severity)
			if f.Baseline {
				sev += " (" + L("baseline") + ")"
			} else if f.Changed {
				sev += " (" + fmt.Sprintf(L("grown"), groupIn(l, f.BaselineCount), groupIn(l, f.Count)) + ")"
			}
			count := groupIn(l, f.Count)
			if f.Estimated {
				count += " (" + L("estimated") + ")"
			}
			p("| %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(f.ID), sev, mdEscape(f.Title),
				mdLocation(f), count, stepsOf(f), mdEscape(LegalRefs(l, f.GDPR)))
		}
		if n := len(order) - top; n > 0 {
			p("\n_%s_\n", mdEscape(fmt.Sprintf(L("more"), groupIn(l, int64(n)))+" "+L("findings_n")))
		}
		p("\n")
	} else {
		p("%s\n\n", mdEscape(L("no_findings")))
	}

	var notes []string
	for _, s := range r.Sources {
		for _, n := range s.Notes {
			notes = append(notes, "- "+mdCode(s.Name)+": "+mdEscape(n))
		}
	}
	if len(notes) > 0 {
		p("### %s\n\n%s\n\n", mdEscape(L("notes")), strings.Join(notes, "\n"))
	}

	if len(r.Errors) > 0 || r.Scan.FilesSkipped > 0 || r.Scan.SpecialSkipped > 0 || r.Scan.LinksSkipped > 0 {
		p("### %s\n\n", mdEscape(L("errors")))
		names := map[string]string{}
		for _, s := range r.Sources {
			names[s.ID] = s.Name
		}
		for _, e := range r.Errors {
			n := names[e.Source]
			if n == "" {
				n = e.Source
			}
			p("- %s: %s\n", mdCode(n), mdEscape(e.Message))
		}
		if r.Scan.FilesSkipped > 0 {
			p("- %d %s\n", r.Scan.FilesSkipped, mdEscape(L("skipped")))
		}
		if r.Scan.SpecialSkipped > 0 {
			p("- %d %s\n", r.Scan.SpecialSkipped, mdEscape(L("special")))
		}
		if r.Scan.LinksSkipped > 0 {
			p("- %d %s\n", r.Scan.LinksSkipped, mdEscape(L("links")))
		}
		p("\n")
	}
	return bw.Flush()
}

// mdLocation is a finding's place: the path, table and column as code spans.
func mdLocation(f *Finding) string {
	s := mdCode(f.Location.Path)
	if f.Location.Sheet != "" {
		s += " › " + mdCode(f.Location.Sheet)
	}
	if f.Location.Table != "" && !strings.HasSuffix(f.Location.Path, f.Location.Table) {
		s += " › " + mdCode(f.Location.Table)
	}
	if f.Location.Column != "" {
		s += " › " + mdCode(f.Location.Column)
	}
	return s
}

// mdEscape escapes text for a Markdown table cell: the characters that
// start emphasis, links, code, HTML or a new cell, and line breaks.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			// No @mention of a forge user from a report.
			b.WriteString("&#64;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode puts a value in a code span: shown as typed, never as markup,
// link or mention. A pipe is escaped as GitHub tables require even there.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ", "|", `\|`).Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || len(fence) > 1 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// day returns the date part of an RFC 3339 time.
func day(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}

// MarkdownText escapes text for a Markdown table cell (see mdEscape).
func MarkdownText(s string) string { return mdEscape(s) }

// MarkdownCode puts a value from the data in a Markdown code span.
func MarkdownCode(s string) string { return mdCode(s) }

// MarkdownLocation is a finding's location as Markdown code spans.
func MarkdownLocation(f *Finding) string { return mdLocation(f) }
