package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/history"
)

const historyUsage = `Usage: crmscan history [flags] audit.db

Lists the scans stored with 'crmscan scan --history audit.db': when, what was
read, how many findings by severity, and the key that made the fingerprints.
Compare two of them with 'crmscan diff audit.db [OLD [NEW]]'.

Flags:
`

// runHistory implements `crmscan history audit.db`.
func runHistory(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var format string
	fs.StringVarP(&format, "format", "f", "text", "output `format`: text|json")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), historyUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "crmscan history: want one audit.db")
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "crmscan history: --format must be text or json, not %q\n", format)
		return exitUsage
	}
	if !isHistory(pos[0]) {
		fmt.Fprintf(stderr, "crmscan history: %s is not an audit history (make one with crmscan scan --history %s)\n", pos[0], pos[0])
		return exitUsage
	}
	h, err := history.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "crmscan history: %v\n", err)
		return exitUsage
	}
	defer h.Close()
	scans, err := h.List(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan history: %v\n", err)
		return exitUsage
	}
	if format == "json" {
		if scans == nil {
			scans = []history.Scan{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(scans); err != nil {
			fmt.Fprintf(stderr, "crmscan history: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCAN\tSTARTED\tKEY\tSOURCES\tROWS\tFINDINGS\tCRITICAL\tHIGH\tMEDIUM\tLOW\tERRORS\tTARGETS")
	for _, s := range scans {
		inc := ""
		if s.Incomplete {
			inc = " (incomplete)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d%s\t%d\t%d\t%d\t%d\t%d\t%s\n", s.ID, s.Started, s.KeyID, s.Sources, s.RowsScanned,
			s.Findings, inc, s.BySeverity["critical"], s.BySeverity["high"], s.BySeverity["medium"], s.BySeverity["low"],
			s.Errors, clip(strings.Join(s.Targets, " "), 60))
	}
	return exitFlush(tw, stderr)
}

func exitFlush(tw *tabwriter.Writer, stderr io.Writer) int {
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "crmscan history: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
