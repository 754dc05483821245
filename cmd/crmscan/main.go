// Command crmscan finds personal data in CRM databases, exports and backups,
// judges it against the GDPR (AVG) and reports the risks mapped to the
// Autoriteit Persoonsgegevens' 10-step plan.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/baseline"
	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/history"
	"github.com/crmscan/crmscan/internal/atomicfile"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner"
	"github.com/crmscan/crmscan/scanner/dbsrc"
	"github.com/crmscan/crmscan/scanner/fingerprint"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// defaultTableSample is the rows read per database table without --sample.
const defaultTableSample = 10000

// Exit codes (DESIGN.md §3).
const (
	exitOK       = 0 // done, nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // usage error, or nothing could be scanned
	exitPartial  = 3 // done, but some sources could not be read
)

func main() {
	ctx, stop := signalContext()
	stopProfile := cpuProfile(os.Getenv("CRMSCAN_CPUPROFILE"), os.Stderr)
	heap := heapProfile(os.Getenv("CRMSCAN_MEMPROFILE"), os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	heap()
	stopProfile()
	stop()
	os.Exit(code)
}

// signalContext is cancelled by Ctrl-C (SIGINT) and by SIGTERM (a CI
// runner's or a service manager's stop): the scan stops cleanly and
// writes what it found, marked incomplete.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// cpuProfile writes a CPU profile of the whole run to path (for
// `go tool pprof`) when path is set: CRMSCAN_CPUPROFILE, for a report
// about speed. A profile holds function names and timings, no data.
func cpuProfile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan: CRMSCAN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(stderr, "crmscan: CRMSCAN_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// heapProfile writes a heap profile at the end of the run to path when
// CRMSCAN_MEMPROFILE is set: the memory in use at the last collection,
// which during a scan's report writing is the whole report.
func heapProfile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	return func() {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintf(stderr, "crmscan: CRMSCAN_MEMPROFILE: %v\n", err)
			return
		}
		defer f.Close()
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			fmt.Fprintf(stderr, "crmscan: CRMSCAN_MEMPROFILE: %v\n", err)
		}
	}
}

const usage = `crmscan finds personal data in CRM exports and databases and maps the GDPR
risks to the Autoriteit Persoonsgegevens' 10-step plan.

Usage:
  crmscan scan [flags] TARGET...     scan files and folders (--shard i/n: one part of n)
  crmscan rules [--format text|json] list detectors and rules
  crmscan baseline REPORT.json -o baseline.json
                                     accept a report's findings (for --baseline)
  crmscan diff OLD.json NEW.json     new, resolved and changed findings per AP step
  crmscan diff audit.db [OLD [NEW]]  the same between scans of a history (default: previous, latest)
  crmscan gate --policy FILE TARGET...
                                     check an export against its recipient's policy
  crmscan gate --init-policy [-o FILE] TARGET...
                                     write a starting policy from a known-good export
  crmscan subject [--email|--phone|--iban|--bsn VALUE] [-f FORMAT] [-o FILE] TARGET...
                                     find one person's data for an access or erasure request
  crmscan history audit.db           the scans stored with scan --history
  crmscan register [-f html|md|csv|json|xlsx] [-o FILE] REPORT.json|TARGET...
                                     a draft register of processing (GDPR art. 30)
  crmscan merge SHARD.json... -o report.json
                                     join the reports of scan --shard i/n into one
  crmscan version

Run 'crmscan help COMMAND' for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, args[1:], stdout, stderr)
	case "rules":
		return runRules(args[1:], stdout, stderr)
	case "baseline":
		return runBaseline(args[1:], stdout, stderr)
	case "diff":
		return runDiff(ctx, args[1:], stdout, stderr)
	case "gate":
		return runGate(ctx, args[1:], stdout, stderr)
	case "subject":
		return runSubject(ctx, args[1:], stdout, stderr)
	case "history":
		return runHistory(ctx, args[1:], stdout, stderr)
	case "register":
		return runRegister(ctx, args[1:], stdout, stderr)
	case "merge":
		return runMerge(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "crmscan %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitOK
	case "help", "-h", "--help", "-help":
		if len(args) > 1 && args[0] == "help" {
			if _, ok := commands[args[1]]; ok {
				// crmscan help scan: the command's own help, on stdout.
				run(ctx, []string{args[1], "--help"}, stdout, stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "crmscan help: unknown command %q\n\n%s", args[1], usage)
			return exitUsage
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if s := nearestCommand(args[0]); s != "" {
		fmt.Fprintf(stderr, "crmscan: unknown command %q; did you mean %q?\n", args[0], s)
		return exitUsage
	}
	fmt.Fprintf(stderr, "crmscan: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// commands are the sub-commands, for help and suggestions.
var commands = map[string]bool{"merge": true, "register": true, "history": true, "scan": true, "rules": true, "baseline": true, "diff": true, "gate": true, "subject": true, "version": true}

func nearestCommand(c string) string {
	best, dist := "", 3
	for name := range commands {
		if d := editDistance(c, name); d < dist || (d == dist && name < best) {
			best, dist = name, d
		}
	}
	return best
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
func (l *listFlag) Type() string       { return "list" }

type scanFlags struct {
	outputs    listFlag
	format     string
	config     string
	sample     int64
	full       bool
	failOn     string
	lang       string
	workers    int
	include    listFlag
	exclude    listFlag
	quiet      bool
	showValues bool
	profile    string
	country    string
	set        map[string]bool
	baseline   string // --baseline FILE
	history    string // --history FILE

	// database targets
	passwordEnv  string
	views        bool
	schemas      listFlag
	tables       listFlag
	queryTimeout time.Duration

	sourceTimeout time.Duration

	shard string // --shard i/n (scan only)
}

func newScanFlagSet(sf *scanFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.VarP(&sf.outputs, "output", "o", "write the report to `FILE`; the format follows the extension (.json .sarif .html .md .csv .txt .xlsx); repeatable; - is stdout")
	fs.StringVarP(&sf.format, "format", "f", "text", "report `format` on stdout: "+strings.Join(reporters.Names(), "|"))
	fs.StringVar(&sf.config, "config", "", "TOML `file` that changes rules (severity, disabled, min_ratio)")
	fs.Int64Var(&sf.sample, "sample", defaultTableSample, "read at most `N` rows per table (database tables; files are read whole unless this is given)")
	fs.BoolVar(&sf.full, "full", false, "read every row (same as --sample 0)")
	fs.StringVar(&sf.failOn, "fail-on", "", "exit 1 when a finding has this `severity` or higher: info|low|medium|high|critical")
	fs.StringVar(&sf.lang, "lang", "en", "report `language`: en|nl")
	fs.IntVar(&sf.workers, "workers", runtime.GOMAXPROCS(0), "detector workers (`N`)")
	fs.Var(&sf.include, "include", "scan only files matching `GLOB` (repeatable; '**' spans folders)")
	fs.Var(&sf.exclude, "exclude", "skip files and folders matching `GLOB` (repeatable)")
	fs.BoolVarP(&sf.quiet, "quiet", "q", false, "no progress bar and no notices on stderr")
	fs.StringVar(&sf.profile, "profile", "", "CRM vendor `profile` for the row rules instead of recognising it: dynamics365|salesforce|suitecrm|hubspot|odoo|generic")
	fs.StringVar(&sf.country, "country", "nl", "`country` (ISO 3166 alpha-2) whose national phone numbers a phone column holds, and whose age of digital consent applies (children.minor): nl (16), be (13), others the rule's min_age")
	fs.StringVar(&sf.baseline, "baseline", "", "mark findings accepted in `FILE` (a JSON report or a 'crmscan baseline' file); they do not count for --fail-on")
	fs.StringVar(&sf.history, "history", "", "also store the masked report in the audit history `FILE` (SQLite; created when absent); the HTML report then shows the trend")
	fs.BoolVar(&sf.showValues, "show-values", false, "put raw values in the report instead of masked ones (handle the report as personal data)")
	fs.StringVar(&sf.passwordEnv, "password-env", "", "read the database password from environment variable `NAME` (default: PGPASSWORD for PostgreSQL, MYSQL_PWD for MySQL)")
	fs.BoolVar(&sf.views, "views", false, "scan database views too")
	fs.Var(&sf.schemas, "schema", "scan only database schemas matching `GLOB`; !GLOB skips (repeatable)")
	fs.Var(&sf.tables, "table", "scan only database tables matching `GLOB` (table or schema.table); !GLOB skips (repeatable)")
	fs.DurationVar(&sf.queryTimeout, "query-timeout", dbsrc.DefaultQueryTimeout, "cancel a database query after `DURATION` without progress")
	fs.DurationVar(&sf.sourceTimeout, "source-timeout", 0, "stop reading one source (a file with all it holds, a database) after `DURATION`: an error for it, what was read is kept (0 = no limit)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: crmscan scan [flags] TARGET...\n\nTARGET is a file, a folder (scanned recursively), a database URL or a bucket:\n  postgres://user@host/db?sslmode=disable  sqlserver://user:pass@host?database=crm\n  mysql://user:pass@tcp(host:3306)/crm     sqlite:///path/crm.db (or a .db/.sqlite/.sqlite3 file)\n  s3://bucket/prefix  gs://bucket/prefix  azblob://container/prefix (credentials from the cloud's standard chain)\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nExit codes: 0 done, nothing at or above --fail-on; 1 findings at or above --fail-on;\n2 usage error or nothing could be scanned; 3 done, but some sources could not be read.\n")
	}
	return fs
}

// parseArgs parses a sub-command's flags and positional arguments, GNU
// style (flags may come after the targets; -- ends the flags); when it
// returns ok false, the command ends with code (0 after --help). An
// unknown flag gets a one-line error with the nearest known flag, not the
// whole usage.
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	if err := fs.Parse(singleDashLong(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK, false
		}
		w := fs.Output()
		fmt.Fprintf(w, "crmscan %s: %v\n", fs.Name(), err)
		if s := suggestFlag(fs, err); s != "" {
			fmt.Fprintf(w, "Did you mean %s?\n", s)
		}
		fmt.Fprintf(w, "Run 'crmscan help %s' for its flags.\n", fs.Name())
		return nil, exitUsage, false
	}
	return fs.Args(), 0, true
}

// singleDashLong rewrites -name and -name=value to --name for the flags
// that have a long name, as Go's flag package accepted them, so scripts
// written for earlier versions keep working; -o, -f, -q stay short flags.
func singleDashLong(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && fs.Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

// suggestFlag names the known flag nearest to the unknown one in err.
func suggestFlag(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	i := strings.Index(msg, "unknown flag: --")
	if i < 0 {
		return ""
	}
	bad := strings.TrimPrefix(msg[i:], "unknown flag: --")
	best, dist := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(bad, f.Name); d < dist || (d == dist && best != "" && f.Name < best) {
			best, dist = f.Name, d
		}
	})
	if best == "" {
		return ""
	}
	return "--" + best
}

// editDistance is the Damerau-Levenshtein distance (adjacent swaps count
// once: fial-on is one step from fail-on).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var sf scanFlags
	fs := newScanFlagSet(&sf, stderr)
	fs.StringVar(&sf.shard, "shard", "", "scan shard `i/n` only (i is 0-based, 0..n-1, like a Kubernetes JOB_COMPLETION_INDEX): each file, archive and database table goes to one of n shards by a hash of its location; join the n JSON reports with crmscan merge")
	targets, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	sr, code, ok := prepareScan("scan", &sf, fs, targets, stderr)
	if !ok {
		return code
	}
	rep, code, ok := sr.scan(ctx, targets, stderr)
	if !ok {
		return code
	}
	histErr := storeHistory(ctx, sf.history, rep, stderr, sf.quiet)
	if code := sr.write(rep, stdout, stderr); code != exitOK {
		return code
	}
	code = exitCode(rep, sr.failOn, stderr)
	if histErr && code == exitOK {
		code = exitPartial // the scan is reported, but the history missed it
	}
	if !sf.quiet {
		fmt.Fprintln(stderr, summaryLine(rep, code))
	}
	return code
}

// storeHistory stores the report in the audit history and gives the report
// the trend of the stored scans. A history that cannot be opened or written
// never costs the scan: the reports are still written; it returns true so
// that the exit code says something went wrong.
func storeHistory(ctx context.Context, path string, rep *reporters.Report, stderr io.Writer, quiet bool) bool {
	if path == "" {
		return false
	}
	h, err := history.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan scan: %v; the scan was not stored (the reports are written)\n", err)
		return true
	}
	defer h.Close()
	id, err := h.Store(context.WithoutCancel(ctx), rep)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan scan: %v; the scan was not stored (the reports are written)\n", err)
		return true
	}
	scans, err := h.List(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "crmscan scan: %v\n", err)
		return true
	}
	for _, s := range scans {
		if s.KeyID != rep.KeyID && s.KeyID != "" && !quiet {
			fmt.Fprintf(stderr, "crmscan scan: notice: the history %s holds scans of key %s; this one is key %s, so diff will refuse to compare them\n", path, s.KeyID, rep.KeyID)
			break
		}
	}
	rep.Trend = history.Trend(scans, 12)
	if !quiet {
		fmt.Fprintf(stderr, "crmscan: stored as scan %d in %s (%d scans)\n", id, path, len(scans))
	}
	return false
}

// summaryLine is the one line a scan ends with on stderr (after the
// progress bar): what was read, what was found, and the exit code's reason.
func summaryLine(rep *reporters.Report, code int) string {
	var rows int64
	for _, s := range rep.Sources {
		rows += s.RowsScanned
	}
	var sev []string
	for _, s := range []string{"critical", "high", "medium", "low", "info"} {
		if n := rep.Summary.BySeverity[s]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, s))
		}
	}
	line := fmt.Sprintf("crmscan: %d sources, %d rows, %d findings", len(rep.Sources), rows, rep.Summary.Findings)
	if len(sev) > 0 {
		line += " (" + strings.Join(sev, ", ") + ")"
	}
	if n := rep.Summary.Suppressed; n > 0 {
		line += fmt.Sprintf(", %d in the baseline", n)
	}
	if n := len(rep.Errors); n > 0 {
		line += fmt.Sprintf(", %d errors", n)
	}
	reason := map[int]string{exitOK: "ok", exitFindings: "findings at or above --fail-on", exitUsage: "nothing could be scanned", exitPartial: "some sources could not be read"}[code]
	return fmt.Sprintf("%s; exit %d (%s)", line, code, reason)
}

// output is one report destination: a file, or "-" for stdout.
type output struct {
	path string
	enc  reporters.Encoder
}

// scanRun is a scan prepared from the scan flags, shared by the commands
// that scan (scan, gate).
type scanRun struct {
	cmd    string
	sf     *scanFlags
	opt    scanner.Options
	outs   []output
	failOn rules.Severity
	base   *baseline.File
	rules  *rules.Set
	key    *fingerprint.Key
}

// prepareScan checks the scan flags and builds the scanner's options; when
// it returns ok false, the command ends with code.
func prepareScan(cmd string, sf *scanFlags, fs *flag.FlagSet, targets []string, stderr io.Writer) (sr *scanRun, code int, ok bool) {
	sf.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { sf.set[f.Name] = true })
	usageErr := func(format string, a ...any) (*scanRun, int, bool) {
		fmt.Fprintf(stderr, "crmscan "+cmd+": "+format+"\n", a...)
		return nil, exitUsage, false
	}
	if len(targets) == 0 {
		return usageErr("no TARGET given (a file or a folder)")
	}
	if sf.history != "" && cmd != "scan" {
		return usageErr("--history is for crmscan scan")
	}
	if sf.history != "" && sf.showValues {
		return usageErr("--history stores masked reports only; it cannot be used with --show-values")
	}
	if sf.lang != "en" && sf.lang != "nl" {
		return usageErr("--lang must be en or nl, not %q", sf.lang)
	}
	country := detectors.CountryOf([]byte(sf.country)) // nl, NL, uk, Germany
	if country == "" {
		return usageErr("--country must be an ISO 3166 alpha-2 country code such as nl, be or us, not %q", sf.country)
	}
	// Only the Dutch and Belgian ages of digital consent are built in;
	// elsewhere the rule's own min_age (16 unless configured) applies.
	minAge := map[string]float64{"NL": 16, "BE": 13}[country]
	if !sf.set["country"] {
		minAge = 0 // the rule's own min_age (16 unless configured)
	}
	if sf.sample < 0 {
		return usageErr("--sample must be 0 or more")
	}
	if sf.workers < 1 {
		return usageErr("--workers must be 1 or more")
	}
	if sf.queryTimeout <= 0 {
		return usageErr("--query-timeout must be more than 0")
	}
	if sf.sourceTimeout < 0 {
		return usageErr("--source-timeout must be 0 (no limit) or more")
	}
	for _, g := range append(append([]string{}, sf.schemas...), sf.tables...) {
		if err := dbsrc.ValidGlob(g); err != nil {
			return usageErr("bad pattern %q: %v", g, err)
		}
	}
	if sf.passwordEnv != "" {
		if _, ok := os.LookupEnv(sf.passwordEnv); !ok {
			return usageErr("--password-env: environment variable %s is not set", sf.passwordEnv)
		}
	}
	var shard scanner.Shard
	if sf.shard != "" {
		var err error
		if shard, err = scanner.ParseShard(sf.shard); err != nil {
			return usageErr("--shard: %v", err)
		}
		if sf.history != "" {
			return usageErr("--history stores whole scans: store the report of crmscan merge, not a shard's")
		}
	}
	sr = &scanRun{cmd: cmd, sf: sf}
	if sf.failOn != "" {
		var err error
		if sr.failOn, err = rules.ParseSeverity(sf.failOn); err != nil {
			return usageErr("--fail-on: %v", err)
		}
	}
	stdoutEnc, err := reporters.Get(sf.format)
	if err != nil {
		return usageErr("--format: %v", err)
	}
	formatUsed := false
	for _, o := range sf.outputs {
		if o == "-" {
			sr.outs = append(sr.outs, output{path: "-", enc: stdoutEnc})
			continue
		}
		name, err := reporters.ForPath(o)
		if err != nil {
			// No known extension: /dev/null, a pipe, or a file whose format
			// --format names.
			switch {
			case sf.set["format"]:
				name, formatUsed = sf.format, true
			case !regularOrAbsent(o):
				name = sf.format
			default:
				return usageErr("--output: %v (or give its format with --format)", err)
			}
		}
		enc, _ := reporters.Get(name)
		sr.outs = append(sr.outs, output{path: o, enc: enc})
	}
	// The report goes to stdout unless it goes only to files (-o - or an
	// explicit --format also send it there).
	if len(sf.outputs) == 0 || (sf.set["format"] && !formatUsed && !slices.Contains(sf.outputs, "-")) {
		sr.outs = append(sr.outs, output{path: "-", enc: stdoutEnc})
	}
	for _, g := range append(append([]string{}, sf.include...), sf.exclude...) {
		if err := scanner.ValidGlob(g); err != nil {
			return usageErr("bad pattern %q: %v", g, err)
		}
	}

	if sf.baseline != "" {
		if sr.base, err = baseline.Load(sf.baseline); err != nil {
			return usageErr("--baseline: %v", err)
		}
	}

	rs, err := rules.Default()
	if err != nil {
		fmt.Fprintf(stderr, "crmscan: %v\n", err)
		return nil, exitUsage, false
	}
	if sf.config != "" {
		if err := rs.LoadFile(sf.config); err != nil {
			return usageErr("%v", err)
		}
	}
	key, err := fingerprint.Load()
	if key == nil {
		fmt.Fprintf(stderr, "crmscan: %v\n", err)
		return nil, exitUsage, false
	}
	if err != nil && !sf.quiet {
		fmt.Fprintf(stderr, "crmscan: notice: %v\n", err)
	}
	if key.Created {
		// Never silent: a new key matches no earlier report or baseline.
		fmt.Fprintf(stderr, "crmscan: notice: created a new fingerprint key %s in %s; reports made with another key do not match this one (set %s to share a key)\n",
			key.ID(), key.Origin, fingerprint.EnvKey)
	}
	if sr.base != nil && sr.base.KeyID != "" && sr.base.KeyID != key.ID() {
		return usageErr("--baseline %s was made with key %s, this scan uses key %s: no fingerprint can match; run with the baseline's key (%s)",
			sf.baseline, sr.base.KeyID, key.ID(), fingerprint.EnvKey)
	}
	sr.rules, sr.key = rs, key
	if sf.showValues {
		fmt.Fprintln(stderr, "crmscan: WARNING: --show-values puts raw personal data in the report; store and share it as personal data")
	}

	opt := scanner.Options{
		Workers: sf.workers, Include: sf.include, Exclude: sf.exclude,
		ShowValues: sf.showValues, Lang: sf.lang, Rules: rs, Key: key, Version: version,
		Profile: sf.profile, MinAge: minAge, Country: country,
	}
	if sf.profile != "" {
		if _, ok := rs.Profile(sf.profile); !ok {
			return usageErr("--profile: unknown profile %q", sf.profile)
		}
	}
	// Database tables are sampled (10000 rows) unless --full; files are
	// read whole unless --sample is given.
	opt.TableLimit = defaultTableSample
	switch {
	case sf.full:
		opt.TableLimit = 0
	case sf.set["sample"]:
		opt.FileLimit, opt.TableLimit = sf.sample, sf.sample
	}
	opt.Sample = opt.TableLimit
	opt.SourceTimeout = sf.sourceTimeout
	opt.Shard = shard
	opt.DB = scanner.OpenOptions{PasswordEnv: sf.passwordEnv, Views: sf.views, Schemas: sf.schemas,
		Tables: sf.tables, QueryTimeout: sf.queryTimeout}
	sr.opt = opt
	return sr, exitOK, true
}

// scan runs the scan with a progress bar and applies the baseline.
func (sr *scanRun) scan(ctx context.Context, targets []string, stderr io.Writer) (*reporters.Report, int, bool) {
	opt := sr.opt
	var bar *progress
	if !sr.sf.quiet {
		bar = newProgress(stderr)
		if bar != nil {
			opt.Progress = bar
		}
	}
	rep, err := scanner.Scan(ctx, targets, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		fmt.Fprintf(stderr, "crmscan %s: %v\n", sr.cmd, err)
		return nil, exitUsage, false
	}
	if sr.base != nil {
		rep.Scan.Baseline = sr.sf.baseline
		n := sr.base.Apply(rep)
		reporters.Finalize(rep, sr.rules) // the summary's actions leave out what the baseline accepted
		if !sr.sf.quiet {
			fmt.Fprintf(stderr, "crmscan: %d of %d findings match the baseline %s", n, len(rep.Findings), sr.sf.baseline)
			if rep.Summary.Changed > 0 {
				fmt.Fprintf(stderr, "; %d grew beyond it and count again", rep.Summary.Changed)
			}
			fmt.Fprintln(stderr)
		}
	}
	return rep, exitOK, true
}

// write writes the report to every output; exitUsage when one fails.
func (sr *scanRun) write(rep *reporters.Report, stdout, stderr io.Writer) int {
	code := exitOK
	for _, o := range sr.outs {
		if err := writeReport(o.path, o.enc, rep, stdout, sr.sf.showValues); err != nil {
			fmt.Fprintf(stderr, "crmscan: write report: %v\n", err)
			code = exitUsage
		}
	}
	return code
}

// regularOrAbsent reports whether path is a regular file or does not exist
// yet: where a report file would be made. /dev/null and pipes are not.
func regularOrAbsent(path string) bool {
	st, err := os.Stat(path)
	return err != nil || st.Mode().IsRegular()
}

func writeReport(path string, enc reporters.Encoder, rep *reporters.Report, stdout io.Writer, raw bool) error {
	if path == "-" {
		return enc.Encode(stdout, rep)
	}
	mode := os.FileMode(0o644)
	if raw {
		mode = 0o600
	}
	// A temporary file renamed over the target: two scans writing one
	// report, or a full disk, never leave a partial one.
	return atomicfile.Write(path, mode, func(w io.Writer) error { return enc.Encode(w, rep) })
}

func exitCode(rep *reporters.Report, failOn rules.Severity, stderr io.Writer) int {
	scanned := 0
	for _, s := range rep.Sources {
		if s.Error == "" || s.RowsScanned > 0 { // a database with one unreadable table was still scanned
			scanned++
		}
	}
	if scanned == 0 && !(rep.Scan.Shard != nil && len(rep.Sources) == 0) { // a shard may get no unit at all
		fmt.Fprintln(stderr, "crmscan: nothing could be scanned")
		return exitUsage
	}
	if failOn > 0 {
		for _, f := range rep.Findings {
			if f.Baseline {
				continue // accepted in the baseline
			}
			if s, err := rules.ParseSeverity(f.Severity); err == nil && s >= failOn {
				return exitFindings
			}
		}
	}
	if len(rep.Errors) > 0 || rep.Scan.Incomplete {
		return exitPartial
	}
	return exitOK
}

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.StringP("format", "f", "text", "output `format`: text|json")
	lang := fs.String("lang", "en", "`language` of titles and headings: en|nl")
	config := fs.String("config", "", "TOML `file` that changes rules")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: crmscan rules [flags]\n\nLists every detector and rule with its category, severity, AP steps and GDPR\narticles, as the defaults and the --config file set them.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if _, code, ok := parseArgs(fs, args); !ok {
		return code
	}
	rs, err := rules.Default()
	if err == nil && *config != "" {
		err = rs.LoadFile(*config)
	}
	if err != nil {
		fmt.Fprintf(stderr, "crmscan rules: %v\n", err)
		return exitUsage
	}
	type ruleOut struct {
		ID          string   `json:"id"`
		Detector    string   `json:"detector,omitempty"`
		Title       string   `json:"title"`
		Category    string   `json:"category"`
		Severity    string   `json:"severity"`
		Enabled     bool     `json:"enabled"`
		APSteps     []int    `json:"ap_steps"`
		GDPR        []string `json:"gdpr"`
		Remediation string   `json:"remediation"`
	}
	var list []ruleOut
	for _, id := range rs.IDs() {
		r, _ := rs.Rule(id)
		t := r.Text(*lang)
		o := ruleOut{ID: id, Title: t.Title, Category: r.Category, Severity: r.Severity.String(),
			Enabled: !r.Disabled, APSteps: r.APSteps, GDPR: r.GDPR, Remediation: t.Remediation}
		for _, d := range detectors.All() {
			if detectors.RuleOf(d) == id {
				o.Detector = d.ID()
			}
		}
		list = append(list, o)
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"rules": list}); err != nil {
			return exitUsage
		}
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, reporters.Label(*lang, "rules_header"))
		for _, r := range list {
			steps := make([]string, len(r.APSteps))
			for i, s := range r.APSteps {
				steps[i] = strconv.Itoa(s)
			}
			sev := reporters.SeverityLabel(*lang, r.Severity)
			if !r.Enabled {
				sev += reporters.Label(*lang, "rule_disabled")
			}
			// The category stays an identifier, as the rule's ID does.
			cat := r.Category
			gdpr := strings.Join(r.GDPR, "; ")
			if *lang == "nl" {
				gdpr = reporters.LegalRefs("nl", r.GDPR)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, cat, sev, strings.Join(steps, ","), gdpr, r.Title)
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "crmscan rules: --format must be text or json\n")
		return exitUsage
	}
	return exitOK
}
