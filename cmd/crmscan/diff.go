package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/baseline"
	"github.com/crmscan/crmscan/history"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/fingerprint"
)

const diffUsage = `Usage: crmscan diff [flags] OLD.json NEW.json
       crmscan diff [flags] audit.db [OLD [NEW]]

With an audit history (scan --history audit.db), OLD and NEW are scan IDs,
latest, previous or -N (N scans before the latest); the default compares
previous with latest, and one selector is compared with latest.

Compares two JSON reports of the same targets: new findings, resolved ones,
and findings whose count grew or shrank, per AP step. Findings match by rule,
location and fingerprint, so both scans need the same key (CRMSCAN_KEY).
Exit 1 with --fail-on when a new or grown finding has that severity or higher.

Flags:
`

// runDiff implements `crmscan diff OLD.json NEW.json`.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var format, lang, failOn string
	fs.StringVarP(&format, "format", "f", "text", "output `format`: text|md|json")
	fs.StringVar(&lang, "lang", "", "`language` of the labels: en|nl (default: that of NEW)")
	fs.StringVar(&failOn, "fail-on", "", "exit 1 when a new or grown finding has this `severity` or higher")
	fs.Usage = func() {
		fmt.Fprint(stderr, diffUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan diff: "+format+"\n", a...)
		return exitUsage
	}
	var old, cur *reporters.Report
	if len(pos) >= 1 && isHistory(pos[0]) {
		var err error
		if old, cur, pos, err = historyPair(ctx, pos); err != nil {
			return usageErr("%v", err)
		}
	} else if len(pos) != 2 {
		return usageErr("want OLD.json and NEW.json (or audit.db [OLD [NEW]])")
	}
	if format != "text" && format != "md" && format != "json" {
		return usageErr("--format must be text, md or json, not %q", format)
	}
	if lang != "" && lang != "en" && lang != "nl" {
		return usageErr("--lang must be en or nl, not %q", lang)
	}
	var threshold rules.Severity
	if failOn != "" {
		var err error
		if threshold, err = rules.ParseSeverity(failOn); err != nil {
			return usageErr("--fail-on: %v", err)
		}
	}
	var err error
	if old == nil {
		if old, err = baseline.LoadReport(pos[0]); err != nil {
			return usageErr("%v", err)
		}
		if cur, err = baseline.LoadReport(pos[1]); err != nil {
			return usageErr("%v", err)
		}
	}
	if lang == "" {
		lang = cur.Scan.Lang
		if lang != "nl" {
			lang = "en"
		}
	}
	// Fingerprints of different keys never match: comparing them would
	// report every finding as resolved and new again.
	switch {
	case old.KeyID != "" && cur.KeyID != "" && old.KeyID != cur.KeyID:
		return usageErr("%s was made with key %s and %s with key %s: their fingerprints cannot match; scan both with the same %s",
			pos[0], old.KeyID, pos[1], cur.KeyID, fingerprint.EnvKey)
	case old.KeyID != cur.KeyID:
		fmt.Fprintf(stderr, "crmscan diff: warning: only one report names its key (%q, %q); if they were made with different keys, every finding shows as new and resolved\n",
			old.KeyID, cur.KeyID)
	}
	d := baseline.Compare(old, cur)
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(d)
	case "md":
		err = diffMarkdown(stdout, d, lang)
	default:
		err = diffText(stdout, d, lang)
	}
	if err != nil {
		fmt.Fprintf(stderr, "crmscan diff: %v\n", err)
		return exitUsage
	}
	if threshold > 0 {
		worse := func(f *reporters.Finding) bool {
			s, err := rules.ParseSeverity(f.Severity)
			return err == nil && s >= threshold && !f.Baseline
		}
		for i := range d.Added {
			if worse(&d.Added[i]) {
				return exitFindings
			}
		}
		for i := range d.Changed {
			if c := &d.Changed[i]; c.NewCount > c.OldCount && worse(&c.Finding) {
				return exitFindings
			}
		}
	}
	return exitOK
}

// diffEntry is one line of a diff under an AP step.
type diffEntry struct {
	sign string // + new, - resolved, ~ changed
	f    *reporters.Finding
	c    *baseline.Change
}

// byStep lists the differences under each AP step they concern (a finding
// of two steps shows under both); step 0 holds findings without a step.
func byStep(d *baseline.Diff) map[int][]diffEntry {
	m := map[int][]diffEntry{}
	put := func(e diffEntry) {
		if len(e.f.APSteps) == 0 {
			m[0] = append(m[0], e)
		}
		for _, n := range e.f.APSteps {
			m[n] = append(m[n], e)
		}
	}
	for i := range d.Added {
		put(diffEntry{sign: "+", f: &d.Added[i]})
	}
	for i := range d.Resolved {
		put(diffEntry{sign: "-", f: &d.Resolved[i]})
	}
	for i := range d.Changed {
		put(diffEntry{sign: "~", f: &d.Changed[i].Finding, c: &d.Changed[i]})
	}
	return m
}

func location(f *reporters.Finding) string {
	loc := f.Location.Path
	if f.Location.Table != "" && !strings.HasSuffix(loc, f.Location.Table) {
		loc += " [" + f.Location.Table + "]"
	}
	if f.Location.Column != "" {
		loc += " › " + f.Location.Column
	}
	return loc
}

func countChange(c *baseline.Change) string {
	delta := c.NewCount - c.OldCount
	return fmt.Sprintf("%d → %d (%+d)", c.OldCount, c.NewCount, delta)
}

func diffText(w io.Writer, d *baseline.Diff, lang string) error {
	L := func(k string) string { return reporters.Label(lang, k) }
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "crmscan diff: %s → %s: %d %s, %d %s, %d %s\n", dash(d.Old.Finished), dash(d.New.Finished),
		len(d.Added), strings.ToLower(L("new")), len(d.Resolved), strings.ToLower(L("resolved")),
		len(d.Changed), strings.ToLower(L("changed")))
	if d.Empty() {
		fmt.Fprintln(bw, L("unchanged"))
		return bw.Flush()
	}
	entries := byStep(d)
	for _, s := range d.Steps {
		es := entries[s.Step]
		if len(es) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s %d %s: %d %s, %d %s, %d %s\n", strings.ToUpper(L("step")), s.Step, s.Title,
			s.Added, strings.ToLower(L("new")), s.Resolved, strings.ToLower(L("resolved")), s.Changed, strings.ToLower(L("changed")))
		for _, e := range es {
			writeTextEntry(bw, e, lang)
		}
	}
	if es := entries[0]; len(es) > 0 {
		fmt.Fprintf(bw, "\n%s\n", strings.ToUpper(L("other")))
		for _, e := range es {
			writeTextEntry(bw, e, lang)
		}
	}
	return bw.Flush()
}

func writeTextEntry(w io.Writer, e diffEntry, lang string) {
	f := e.f
	fmt.Fprintf(w, "  %s %-5s %-8s %-24s %s\n", e.sign, f.ID, strings.ToUpper(reporters.SeverityLabel(lang, f.Severity)), f.Rule, f.Title)
	detail := fmt.Sprintf("%d", f.Count)
	if e.c != nil {
		detail = countChange(e.c)
	}
	fmt.Fprintf(w, "          %s: %s\n", location(f), detail)
}

func diffMarkdown(w io.Writer, d *baseline.Diff, lang string) error {
	L := func(k string) string { return reporters.Label(lang, k) }
	md := reporters.MarkdownText
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## %s\n\n", md(L("diff_title")))
	fmt.Fprintf(bw, "%s → %s\n\n", md(dash(d.Old.Finished)), md(dash(d.New.Finished)))
	if d.Empty() {
		fmt.Fprintf(bw, "%s\n", md(L("unchanged")))
		return bw.Flush()
	}
	fmt.Fprintf(bw, "| %s | | %s | %s | %s |\n|---:|---|---:|---:|---:|\n", L("step"), L("new"), L("resolved"), L("changed"))
	for _, s := range d.Steps {
		fmt.Fprintf(bw, "| %d | %s | %d | %d | %d |\n", s.Step, md(s.Title), s.Added, s.Resolved, s.Changed)
	}
	fmt.Fprintf(bw, "| | **%s** | **%d** | **%d** | **%d** |\n", L("total"), len(d.Added), len(d.Resolved), len(d.Changed))
	entries := byStep(d)
	section := func(title string, es []diffEntry) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n### %s\n\n", md(title))
		fmt.Fprintf(bw, "| | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---:|\n",
			L("id"), L("severity"), L("finding"), L("location"), L("count"))
		for _, e := range es {
			count := fmt.Sprintf("%d", e.f.Count)
			if e.c != nil {
				count = countChange(e.c)
			}
			sign := map[string]string{"+": L("new"), "-": L("resolved"), "~": L("changed")}[e.sign]
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", md(sign), md(e.f.ID), md(reporters.SeverityLabel(lang, e.f.Severity)),
				md(e.f.Title), reporters.MarkdownLocation(e.f), count)
		}
	}
	for _, s := range d.Steps {
		section(fmt.Sprintf("%s %d: %s", L("step"), s.Step, s.Title), entries[s.Step])
	}
	section(L("other"), entries[0])
	return bw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// isHistory reports whether path is an SQLite file (an audit history)
// rather than a JSON report.
func isHistory(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [16]byte
	n, _ := io.ReadFull(f, magic[:])
	return n == 16 && string(magic[:]) == "SQLite format 3\x00"
}

// historyPair loads the two scans a diff of an audit history compares;
// names are what the diff calls them ("audit.db#3").
func historyPair(ctx context.Context, pos []string) (old, cur *reporters.Report, names []string, err error) {
	if len(pos) > 3 {
		return nil, nil, nil, errors.New("want audit.db [OLD [NEW]]")
	}
	h, err := history.Open(pos[0])
	if err != nil {
		return nil, nil, nil, err
	}
	defer h.Close()
	sel := []string{"previous", "latest"}
	switch len(pos) {
	case 2:
		sel[0] = pos[1]
	case 3:
		sel = pos[1:]
	}
	var reps [2]*reporters.Report
	for i, s := range sel {
		id, err := h.Resolve(ctx, s)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", pos[0], err)
		}
		if reps[i], err = h.Report(ctx, id); err != nil {
			return nil, nil, nil, err
		}
		names = append(names, fmt.Sprintf("%s#%d", pos[0], id))
	}
	return reps[0], reps[1], names, nil
}
