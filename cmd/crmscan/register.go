package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/baseline"
	"github.com/crmscan/crmscan/gate"
	"github.com/crmscan/crmscan/internal/atomicfile"
	"github.com/crmscan/crmscan/reporters"
)

const registerUsage = `Usage: crmscan register [-f html|md|csv|json|xlsx] [-o FILE] [--lang nl] [--policy FILE]... REPORT.json
       crmscan register [flags] TARGET...

Writes a draft register of processing activities (GDPR art. 30(1)) from a
JSON report of 'crmscan scan', or from a scan of the targets: one entry per
source and table that holds people, with the categories of data subjects
and of personal data (special categories apart), the retention and
security the scan observed, and the recipients and transfers outside the
EEA of the recipient policies given with --policy (the files of 'crmscan
gate'). Purpose and legal basis are left "to fill in": a scan cannot see
them. The register holds no values from the data.

The format follows -o's extension (.html .md .csv .json .xlsx), else -f
(default md on stdout).

Flags (besides those of 'crmscan scan', used when scanning targets):
  --policy FILE   a recipient's policy (repeatable)

Exit codes: 0 done; 2 usage error or nothing could be scanned; 3 done,
but some sources could not be read.
`

// runRegister implements `crmscan register`.
func runRegister(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var sf scanFlags
	fset := newScanFlagSet(&sf, stderr)
	fset.Init("register", flag.ContinueOnError)
	var policies listFlag
	fset.Var(&policies, "policy", "a recipient's policy `FILE` (TOML, as for crmscan gate; repeatable)")
	fset.Usage = func() { fmt.Fprint(stderr, registerUsage) }
	pos, code, ok := parseArgs(fset, args)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan register: "+format+"\n", a...)
		return exitUsage
	}
	if len(pos) == 0 {
		return usageErr("give a JSON report or TARGETs to scan")
	}
	formatSet := false
	fset.Visit(func(f *flag.Flag) { formatSet = formatSet || f.Name == "format" })
	out := ""
	switch len(sf.outputs) {
	case 0:
	case 1:
		out = sf.outputs[0]
	default:
		return usageErr("give -o once")
	}
	format := "md"
	switch {
	case formatSet:
		format = sf.format
	case out != "" && out != "-":
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		if format == "htm" {
			format = "html"
		}
		if format == "markdown" {
			format = "md"
		}
	}
	if !slices.Contains(reporters.RegisterFormats, format) {
		return usageErr("format %q: want one of %s (-f, or the extension of -o)", format, strings.Join(reporters.RegisterFormats, ", "))
	}
	if sf.lang != "en" && sf.lang != "nl" {
		return usageErr("--lang must be en or nl, not %q", sf.lang)
	}
	langSet := false
	fset.Visit(func(f *flag.Flag) { langSet = langSet || f.Name == "lang" })

	var pols []reporters.RegisterPolicy
	for _, path := range policies {
		p, err := gate.Load(path)
		if err != nil {
			return usageErr("--policy: %v", err)
		}
		rp := reporters.RegisterPolicy{File: path, Recipient: p.Recipient, Purpose: p.Purpose, Agreement: p.Agreement,
			Countries: p.Countries}
		for _, t := range p.OutsideEEA() {
			rp.OutsideEEA = append(rp.OutsideEEA, reporters.RegisterTransfer{Country: t.Country, Safeguard: t.Safeguard})
		}
		pols = append(pols, rp)
	}

	// One .json argument that is a crmscan report is read; anything else
	// is scanned.
	var rep *reporters.Report
	code = exitOK
	if len(pos) == 1 && strings.EqualFold(filepath.Ext(pos[0]), ".json") && isReport(pos[0]) {
		var err error
		if rep, err = baseline.LoadReport(pos[0]); err != nil {
			return usageErr("%v", err)
		}
	} else {
		sf.format, sf.outputs = "text", nil
		sr, c, ok := prepareScan("register", &sf, fset, pos, stderr)
		if !ok {
			return c
		}
		r, c, ok := sr.scan(ctx, pos, stderr)
		if !ok {
			return c
		}
		rep = r
		code = exitCode(rep, 0, stderr)
		if code == exitUsage {
			return code
		}
	}
	l := ""
	if langSet {
		l = sf.lang
	}
	reg := reporters.BuildRegister(rep, pols, l)
	write := func(w io.Writer) error { return reporters.WriteRegister(w, reg, format) }
	if out == "" || out == "-" {
		if err := write(stdout); err != nil {
			fmt.Fprintf(stderr, "crmscan register: write: %v\n", err)
			return exitUsage
		}
		return code
	}
	mode := os.FileMode(0o644)
	if rep.Scan.ShowValues {
		mode = 0o600 // the register holds no values, but keep the report's care
	}
	if err := atomicfile.Write(out, mode, write); err != nil {
		fmt.Fprintf(stderr, "crmscan register: write %s: %v\n", out, err)
		return exitUsage
	}
	if !sf.quiet {
		fmt.Fprintf(stderr, "crmscan register: wrote %s (%d entries)\n", out, len(reg.Entries))
	}
	return code
}

// isReport reports whether a file is a JSON report of crmscan (rather
// than a JSON export to scan): its first bytes name the report schema.
func isReport(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	return strings.Contains(string(head[:n]), `"schema": "`+reporters.Schema+`"`)
}
