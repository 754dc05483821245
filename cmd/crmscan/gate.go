package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/gate"
	"github.com/crmscan/crmscan/reporters"
)

// gateNow is the gate's clock: an agreement ends by it, and the scan's row
// rules use it too. Tests fix it.
var gateNow = time.Now

const gateUsage = `Usage: crmscan gate --policy FILE [flags] TARGET...
       crmscan gate --init-policy [-o POLICY.toml] [--recipient NAME] [flags] TARGET...

Scans an export like 'crmscan scan' and checks it against the data-sharing
policy of the recipient it is meant for (a TOML file, see README "Export
gate"). The gate fails (exit 1) on any kind of personal data the policy
does not allow, on rows of people who opted out or records marked deleted,
on tables over max_rows, on a missing required column, on an expired
processor agreement and on processing outside the EEA without an adequacy
decision or safeguards. An export that keeps to its policy passes (exit 0),
even though it holds personal data. The report (every format, SARIF too)
names per column the policy clause it breaks; the scan's findings of kinds
the policy allows are marked accepted.

--init-policy scans a known-good export and writes a starting policy that
allows exactly what it holds, with comments, for a team to review and commit.

Exit codes: 0 the export keeps to the policy; 1 it breaks the policy (or,
with --fail-on, another finding reaches that severity); 2 usage error, a
bad policy file, or nothing could be scanned; 3 the export keeps to the
policy, but some sources could not be read.

Flags (besides those of 'crmscan scan'):
  --policy FILE        the recipient's policy
  --init-policy        write a starting policy instead of gating (-o FILE,
                       default stdout; an existing file is never overwritten)
  --recipient NAME     the recipient's name in a starting policy (default:
                       the name of the first TARGET)

Run 'crmscan scan --help' for the scan flags.
`

// runGate implements `crmscan gate`.
func runGate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var sf scanFlags
	fset := newScanFlagSet(&sf, stderr)
	fset.Init("gate", flag.ContinueOnError)
	var policyPath, recipient string
	var initPolicy bool
	fset.StringVar(&policyPath, "policy", "", "the recipient's policy `FILE` (TOML)")
	fset.BoolVar(&initPolicy, "init-policy", false, "write a starting policy from a scan of a known-good export")
	fset.StringVar(&recipient, "recipient", "", "recipient `NAME` for --init-policy")
	fset.Usage = func() { fmt.Fprint(stderr, gateUsage) }
	targets, code, ok := parseArgs(fset, args)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan gate: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case initPolicy && policyPath != "":
		return usageErr("--init-policy writes a policy; --policy checks one: give one of them")
	case !initPolicy && policyPath == "":
		return usageErr("--policy FILE is required (or --init-policy to write one)")
	case !initPolicy && recipient != "":
		return usageErr("--recipient is for --init-policy; the policy names its recipient")
	}

	if initPolicy {
		return runInitPolicy(ctx, &sf, fset, targets, recipient, stdout, stderr)
	}

	p, err := gate.Load(policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan gate: invalid policy:\n%s\n", indent(err.Error()))
		return exitUsage
	}
	if !sf.quiet {
		for _, f := range []struct{ key, val string }{{"recipient", p.Recipient}, {"agreement", p.Agreement}, {"purpose", p.Purpose}} {
			if strings.Contains(f.val, "TODO") {
				fmt.Fprintf(stderr, "crmscan gate: notice: %s: %s is still a placeholder\n", policyPath, f.key)
			}
		}
	}
	sr, rep, code, ok := gateScan(ctx, &sf, fset, targets, stderr)
	if !ok {
		return code
	}
	vs := gate.Evaluate(p, rep, gateNow())
	n := gate.Apply(rep, p, vs, sr.rules, sr.key)
	if code := sr.write(rep, stdout, stderr); code != exitOK {
		return code
	}
	code = exitCode(rep, sr.failOn, stderr)
	if code == exitUsage {
		return code // nothing could be scanned: the gate cannot vouch for the export
	}
	if n > 0 {
		fmt.Fprintf(stderr, "crmscan gate: FAIL: %d violations of %s (recipient %s):\n", n, policyPath, p.Recipient)
		for _, f := range rep.Findings {
			if strings.HasPrefix(f.Rule, "gate.") {
				where := f.Location.Path
				if f.Location.Table != "" && !strings.HasSuffix(where, f.Location.Table) {
					where += " [" + f.Location.Table + "]"
				}
				if f.Location.Column != "" {
					where += " › " + f.Location.Column
				}
				fmt.Fprintf(stderr, "  %s %s (%s, clause %s): %s\n", strings.ToUpper(f.Severity), where, f.Rule, f.Details["clause"], f.Title)
			}
		}
		return exitFindings
	}
	if !sf.quiet {
		fmt.Fprintf(stderr, "crmscan gate: PASS: the export keeps to %s (recipient %s)\n", policyPath, p.Recipient)
	}
	return code
}

// runInitPolicy implements `crmscan gate --init-policy`.
func runInitPolicy(ctx context.Context, sf *scanFlags, fset *flag.FlagSet, targets []string, recipient string, stdout, stderr io.Writer) int {
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan gate: "+format+"\n", a...)
		return exitUsage
	}
	// -o names the policy file here, not a report.
	out := "-"
	switch len(sf.outputs) {
	case 0:
	case 1:
		out = sf.outputs[0]
		if out != "-" && !strings.EqualFold(filepath.Ext(out), ".toml") {
			return usageErr("--init-policy -o %s: a policy file ends in .toml", out)
		}
	default:
		return usageErr("--init-policy writes one policy: give -o once")
	}
	sf.outputs = nil
	if out != "-" {
		if _, err := os.Stat(out); err == nil {
			return usageErr("%s exists; review and edit it, or remove it first", out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return usageErr("%v", err)
		}
	}
	if len(targets) > 0 && recipient == "" {
		base := filepath.Base(filepath.Clean(targets[0]))
		recipient = strings.TrimSuffix(base, filepath.Ext(base))
	}
	_, rep, code, ok := gateScan(ctx, sf, fset, targets, stderr)
	if !ok {
		return code
	}
	code = exitCode(rep, 0, stderr)
	if code == exitUsage {
		return code
	}
	b, notes := gate.Init(rep, gate.InitOptions{Recipient: recipient, Targets: rep.Scan.Targets, Now: gateNow()})
	name := out
	if out == "-" {
		name = "(policy)"
	}
	if _, err := gate.Parse(name, b); err != nil { // what we write must load
		fmt.Fprintf(stderr, "crmscan gate: internal error: the starting policy does not load:\n%s\n", indent(err.Error()))
		return exitUsage
	}
	if out == "-" {
		if _, err := stdout.Write(b); err != nil {
			return usageErr("%v", err)
		}
	} else {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.Write(b)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return usageErr("%v", err)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "crmscan gate: notice: %s\n", n)
	}
	if out != "-" && !sf.quiet {
		fmt.Fprintf(stderr, "crmscan gate: wrote %s; review it, fill in the TODOs and commit it\n", out)
	}
	return code
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// gateScan scans the targets as a gate run does (the gate's clock), for both
// the gate itself and --init-policy.
func gateScan(ctx context.Context, sf *scanFlags, fset *flag.FlagSet, targets []string, stderr io.Writer) (*scanRun, *reporters.Report, int, bool) {
	sr, code, ok := prepareScan("gate", sf, fset, targets, stderr)
	if !ok {
		return nil, nil, code, false
	}
	sr.opt.Now = gateNow
	rep, code, ok := sr.scan(ctx, targets, stderr)
	return sr, rep, code, ok
}
