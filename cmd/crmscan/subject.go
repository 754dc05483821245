package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/crmscan/crmscan/internal/atomicfile"
	"github.com/crmscan/crmscan/scanner"
	"github.com/crmscan/crmscan/subject"
)

const subjectUsage = `Usage: crmscan subject [--email ADDR] [--phone NUMBER] [--iban IBAN] [--bsn BSN]
                       [--name NAME] [--subject-file FILE] [-f FORMAT] [-o FILE] [flags] TARGET...

Finds one person's data (or that of every person in --subject-file) across
the targets, for an access, erasure or portability request. Identifiers
match after normalisation: e-mail case (and Gmail dots and +tags), a phone
number in any notation (compared in E.164), an IBAN printed or compact, a
BSN, a name with diacritics, case and tussenvoegsels folded ("de Vries,
Anna" is "Anna de Vries", also from voornaam/tussenvoegsel/achternaam
columns); in structured columns and inside free text. A similar name (a
typo, an initial) is listed apart as a possible match with its score, and
a row found by name alone is marked for confirmation. Rows that refer to a
found row (foreign keys in databases; a contact_id column in a dump or
export) are reported as linked rows. The search is one pass of the scan,
whatever the number of people. Nothing is changed in any source.

Database tables are read whole (--full) unless --sample is given.

Formats (-f):
  text          a masked summary on stdout: where the person was found (default)
  access        JSON disclosure with the actual values (art. 15), schema crmscan.access/v1
  access-html   the access report for the person as a self-contained HTML
                page: their data, and the information of art. 15(1) and (2)
                from --org, in the language of --lang (en or nl)
  access-text   the same access report as plain text (for an e-mail)
  portability   the person's rows as JSON per source and table (art. 20)
  erasure-plan  per location the advised action (delete, anonymise,
                purge-from-backup-or-let-expire), without any values (art. 17)
access, access-html, access-text and portability hold personal data: they are written
only to the file named by -o (mode 0600), to stdout only with -o -.

Exit codes: 0 done (whether the person was found or not); 2 usage error
or nothing could be scanned; 3 done, but some sources could not be read.

Flags (besides those of 'crmscan scan'):
  --email, --phone, --iban, --bsn VALUE   an identifier (repeatable)
  --name NAME         the person's name, "Anna de Vries" or "de Vries, Anna" (repeatable)
  --subject-file FILE several people: TOML ([[subject]] id, email, phone,
                      iban, bsn, name) or CSV with a header of those names
  --org FILE          the organisation's art. 15 information (TOML: controller,
                      contact, purposes, recipients, retention, source,
                      automated_decisions, ...), filled in once; see
                      testdata/org.example.toml
  --show-paths        name sources by path in access-html and access-text
                      (default: by file name or "database" only)

Run 'crmscan scan --help' for the scan flags.
`

var subjectFormats = map[string]bool{"text": true, "access": true, "access-html": true, "access-text": true, "portability": true, "erasure-plan": true}

// runSubject implements `crmscan subject`.
func runSubject(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var sf scanFlags
	fset := newScanFlagSet(&sf, stderr)
	fset.Init("subject", flag.ContinueOnError)
	var one subject.Subject
	var emails, phones, ibans, bsns, names listFlag
	var file string
	fset.Var(&emails, "email", "the person's e-mail `ADDRESS` (repeatable)")
	fset.Var(&phones, "phone", "the person's phone `NUMBER`, any notation (repeatable)")
	fset.Var(&ibans, "iban", "the person's `IBAN`, printed or compact (repeatable)")
	fset.Var(&bsns, "bsn", "the person's `BSN` (repeatable)")
	fset.Var(&names, "name", "the person's `NAME`, first name and surname (repeatable)")
	fset.StringVar(&file, "subject-file", "", "several people in a TOML or CSV `FILE`")
	var orgFile string
	var showPaths bool
	fset.StringVar(&orgFile, "org", "", "the organisation's art. 15 information in a TOML `FILE`")
	fset.BoolVar(&showPaths, "show-paths", false, "show internal paths in the access report")
	fset.Usage = func() { fmt.Fprint(stderr, subjectUsage) }
	targets, code, ok := parseArgs(fset, args)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crmscan subject: "+format+"\n", a...)
		return exitUsage
	}
	format := sf.format
	if !subjectFormats[format] {
		return usageErr("--format must be text, access, access-html, access-text, portability or erasure-plan, not %q", format)
	}
	out := ""
	switch len(sf.outputs) {
	case 0:
	case 1:
		out = sf.outputs[0]
	default:
		return usageErr("give -o once")
	}
	if format != "text" && format != "erasure-plan" && out == "" {
		return usageErr("--format %s holds the person's data: name a file with -o FILE (or -o - for stdout)", format)
	}

	var org *subject.Org
	if orgFile != "" {
		var err error
		if org, err = subject.LoadOrg(orgFile); err != nil {
			return usageErr("--org: %v", err)
		}
	}
	if (format == "access-html" || format == "access-text") && !sf.quiet {
		switch {
		case org == nil:
			fmt.Fprintln(stderr, "crmscan subject: notice: no --org file: the art. 15 information (purposes, recipients, retention, ...) is marked to fill in")
		case len(org.Missing()) > 0:
			fmt.Fprintf(stderr, "crmscan subject: notice: %s leaves empty: %s (marked to fill in)\n", orgFile, strings.Join(org.Missing(), ", "))
		}
	}

	one.Emails, one.Phones, one.IBANs, one.BSNs, one.Names = subjectList(emails), subjectList(phones), subjectList(ibans), subjectList(bsns), subjectList(names)
	var subs []subject.Subject
	if len(emails)+len(phones)+len(ibans)+len(bsns)+len(names) > 0 {
		subs = append(subs, one)
	}
	if file != "" {
		fs, err := subject.Load(file)
		if err != nil {
			return usageErr("--subject-file: %v", err)
		}
		subs = append(subs, fs...)
	}
	if len(subs) == 0 {
		return usageErr("give an identifier (--email, --phone, --iban, --bsn, --name) or --subject-file")
	}
	m, err := subject.NewMatcher(subs)
	if err != nil {
		return usageErr("%v", err)
	}

	// A subject search must not miss a row: read database tables whole
	// unless --sample is given.
	explicitSample := false
	fset.Visit(func(f *flag.Flag) { explicitSample = explicitSample || f.Name == "sample" })
	if !explicitSample {
		sf.full = true
	}
	sf.format, sf.outputs, sf.showValues = "text", nil, false
	sr, code, ok := prepareScan("subject", &sf, fset, targets, stderr)
	if !ok {
		return code
	}
	opt := sr.opt
	opt.Subject = m
	var bar *progress
	if !sf.quiet {
		if bar = newProgress(stderr); bar != nil {
			opt.Progress = bar
		}
	}
	rep, found, err := scanner.ScanSubject(ctx, targets, opt)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return usageErr("%v", err)
	}
	res := &subject.Result{Matcher: m, Found: found, Report: rep, Lang: sf.lang, Org: org, ShowPaths: showPaths}

	write := res.WriteText
	switch format {
	case "access":
		write = res.WriteAccess
	case "access-html":
		write = res.WriteAccessHTML
	case "access-text":
		write = res.WriteAccessText
	case "portability":
		write = res.WritePortability
	case "erasure-plan":
		write = res.WriteErasurePlan
	}
	if out == "" || out == "-" {
		if err := write(stdout); err != nil {
			return usageErr("write: %v", err)
		}
	} else {
		// Written aside and renamed, mode 0600 also over an older file.
		if err := atomicfile.Write(out, 0o600, write); err != nil {
			return usageErr("write %s: %v", out, err)
		}
		if !sf.quiet {
			fmt.Fprintf(stderr, "crmscan subject: wrote %s\n", out)
			if format != "text" && format != "erasure-plan" {
				fmt.Fprintln(stderr, "crmscan subject: it holds personal data; send it only to the person and delete it when the request is closed")
			}
		}
	}
	if len(found.Capped) > 0 && !sf.quiet {
		fmt.Fprintf(stderr, "crmscan subject: more than %d rows found for %d subject(s); only the first are kept\n", scanner.MaxSubjectRows, len(found.Capped))
	}
	return exitCode(rep, 0, stderr)
}

func subjectList(l listFlag) []string { return append([]string(nil), l...) }
