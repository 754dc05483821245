package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/merge"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

const mergeUsage = `Usage: crmscan merge [flags] SHARD.json...

Joins the JSON reports of the n shards of one scan (crmscan scan --shard i/n
-o shard-i.json, i = 0..n-1) into the report one run of the same targets
would have written: the same sources, findings (IDs, fingerprints), counts,
checklist and errors; only the start and finish times are those of the
first and last shard. Refuses reports of different fingerprint keys, rule
sets, options or targets, and says which shard is missing or given twice.
Arguments may be globs ('reports/shard-*.json'), for shells that do not
expand them.

Exit codes as crmscan scan: 0 done; 1 findings at or above --fail-on;
2 usage error or reports that do not make one scan; 3 some sources could
not be read.

Flags:
`

// runMerge implements `crmscan merge r1.json ... rn.json -o report.json`.
func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var outputs listFlag
	var format, failOn, config string
	var quiet bool
	fs.VarP(&outputs, "output", "o", "write the merged report to `FILE`; the format follows the extension (.json .sarif .html .md .csv .txt); repeatable; - is stdout")
	fs.StringVarP(&format, "format", "f", "text", "report `format` on stdout: "+joinNames())
	fs.StringVar(&failOn, "fail-on", "", "exit 1 when a finding has this `severity` or higher: info|low|medium|high|critical")
	fs.BoolVarP(&quiet, "quiet", "q", false, "no summary line on stderr")
	fs.StringVar(&config, "config", "", "TOML `file` that changed the rules of the shards (the same as their --config)")
	fs.Usage = func() {
		fmt.Fprint(stderr, mergeUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	usageErr := func(f string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan merge: "+f+"\n", a...)
		return exitUsage
	}
	var paths []string
	for _, p := range pos {
		m, err := filepath.Glob(p)
		if err != nil || len(m) == 0 {
			paths = append(paths, p) // not a glob, or no match: Load says what is wrong
			continue
		}
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		return usageErr("no shard reports given (the JSON reports of crmscan scan --shard i/n)")
	}
	var sev rules.Severity
	if failOn != "" {
		var err error
		if sev, err = rules.ParseSeverity(failOn); err != nil {
			return usageErr("--fail-on: %v", err)
		}
	}
	stdoutEnc, err := reporters.Get(format)
	if err != nil {
		return usageErr("--format: %v", err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var outs []output
	for _, o := range outputs {
		if o == "-" {
			outs = append(outs, output{path: "-", enc: stdoutEnc})
			continue
		}
		name, err := reporters.ForPath(o)
		if err != nil {
			if !set["format"] && regularOrAbsent(o) {
				return usageErr("--output: %v (or give its format with --format)", err)
			}
			name = format
		}
		enc, _ := reporters.Get(name)
		outs = append(outs, output{path: o, enc: enc})
	}
	if len(outputs) == 0 || (set["format"] && !slices.Contains(outputs, "-")) {
		outs = append(outs, output{path: "-", enc: stdoutEnc})
	}

	var in []merge.Input
	for _, p := range paths {
		r, err := merge.Load(p)
		if err != nil {
			return usageErr("%v", err)
		}
		in = append(in, merge.Input{Name: p, Report: r})
	}
	rs, err := rules.Default()
	if err == nil && config != "" {
		err = rs.LoadFile(config)
	}
	if err != nil {
		return usageErr("--config: %v", err)
	}
	rep, err := merge.Merge(in, rs)
	if err != nil {
		return usageErr("%v", err)
	}
	for _, o := range outs {
		if err := writeReport(o.path, o.enc, rep, stdout, rep.Scan.ShowValues); err != nil {
			fmt.Fprintf(stderr, "crmscan merge: write report: %v\n", err)
			return exitUsage
		}
	}
	code = exitCode(rep, sev, stderr)
	if !quiet {
		fmt.Fprintf(stderr, "crmscan: merged %d shards\n", len(in))
		fmt.Fprintln(stderr, summaryLine(rep, code))
	}
	return code
}

func joinNames() string {
	s := ""
	for i, n := range reporters.Names() {
		if i > 0 {
			s += "|"
		}
		s += n
	}
	return s
}
