package main

import (
	"fmt"
	"io"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/baseline"
	"github.com/crmscan/crmscan/internal/atomicfile"
)

const baselineUsage = `Usage: crmscan baseline [flags] REPORT.json

Writes a baseline file from a JSON report (or from an earlier baseline file):
the findings accepted as they are. A later 'crmscan scan --baseline FILE'
marks the findings that match one of them (by rule, location and
fingerprint) as baseline; they no longer count for --fail-on. Add a
"justification" to an entry by hand, or to all entries with --justification.
The fingerprints depend on the key (CRMSCAN_KEY): scan with the same key.

Flags:
`

// runBaseline implements `crmscan baseline REPORT.json -o baseline.json`.
func runBaseline(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out, why string
	fs.StringVarP(&out, "output", "o", "-", "write the baseline to `FILE` (- is stdout)")
	fs.StringVar(&why, "justification", "", "set this `text` as the justification of every entry that has none")
	fs.Usage = func() {
		fmt.Fprint(stderr, baselineUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "crmscan baseline: want exactly one REPORT.json")
		fs.Usage()
		return exitUsage
	}
	b, err := baseline.Load(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "crmscan baseline: %v\n", err)
		return exitUsage
	}
	if why != "" {
		for i := range b.Findings {
			if b.Findings[i].Justification == "" {
				b.Findings[i].Justification = why
			}
		}
	}
	if out == "-" {
		if err := b.Write(stdout); err != nil {
			fmt.Fprintf(stderr, "crmscan baseline: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	if err := atomicfile.Write(out, 0o644, b.Write); err != nil {
		fmt.Fprintf(stderr, "crmscan baseline: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "crmscan baseline: %d findings written to %s\n", len(b.Findings), out)
	return exitOK
}
