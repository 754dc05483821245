// Package scanner opens targets as sources, streams their tables in batches
// through the detectors on several cores, and aggregates what was found into
// column profiles and findings: one masked Report.
//
// The stages are bounded and joined by channels: readers (one per file being
// read) frame batches; workers parse and scan them; a single aggregator
// goroutine owns all counts, so no locks guard them. Raw values exist only
// inside a worker, which masks what it found before the batch result leaves it.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"

	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/blobsrc"
	"github.com/crmscan/crmscan/scanner/fingerprint"
	"github.com/crmscan/crmscan/scanner/source"
)

// Options configure a scan.
type Options struct {
	// FileLimit is the number of rows read per file table; 0 reads files
	// whole (the default: a CI gate must not miss row 50,000).
	FileLimit int64
	// TableLimit is the number of rows read per database table (the
	// --sample default of 10000); 0 reads every row.
	TableLimit int64
	// Sample is the value shown in the report's scan.sample.
	Sample int64
	// DB are the options of database targets (--password-env, --views,
	// --schema, --table, --query-timeout); its Limit and Workers are set
	// from TableLimit and Workers.
	DB      OpenOptions
	Workers int // detector workers; 0 = number of CPUs
	// SourceTimeout, when set, stops reading a source (a file with all it
	// holds, a database) after this long: an error for that source, with
	// what was read until then kept (--source-timeout).
	SourceTimeout time.Duration
	Include       []string
	Exclude       []string
	// ShowValues puts raw values in samples instead of masked ones.
	ShowValues bool
	Lang       string // "en" or "nl"
	Rules      *rules.Set
	Key        *fingerprint.Key
	Version    string
	// Profile forces a CRM vendor profile (rules/profiles.toml) instead of
	// recognising it from each table's columns.
	Profile string
	// MinAge, when set, is the age of digital consent for children.minor
	// (--country: 16 in the Netherlands, 13 in Belgium); a table's own
	// min_age in the config still wins.
	MinAge float64
	// Country is the ISO 3166 alpha-2 code (upper case) of the country
	// whose national numbering the phone numbers of a phone column follow
	// when they carry no country code (--country); "" is the Netherlands.
	Country string
	// Progress, when set, is told the total bytes to read and then each
	// chunk read; it is called from several goroutines.
	Progress Progress
	// Now returns the time; tests fix it. Defaults to time.Now.
	Now func() time.Time
	// Subject, when set, makes the scan a data-subject search (crmscan
	// subject): each kept match is looked up in it, and the rows that hold
	// a subject's identifier leave the worker with their raw values, for
	// ScanSubject to return. The report itself stays masked.
	Subject SubjectMatcher
	// Shard, when its Count is set, reads one shard's units only
	// (--shard i/n; shard.go) and records the shard in the report.
	Shard Shard
}

// SubjectMatcher says whose identifier a found value is.
type SubjectMatcher interface {
	// Match returns the subjects (indexes) whose identifier of this kind
	// (a detector ID) has this canonical form (the detector's
	// Match.Normalized), or nil. It is called from several workers at once
	// and must not retain or log the value.
	Match(kind, normalized string) []int
}

// SubjectRowMatcher is a SubjectMatcher that also matches what only a
// whole row shows: a person's name assembled from its first, middle and
// last name columns, or written inside free text.
type SubjectRowMatcher interface {
	SubjectMatcher
	// ForTable prepares the matching of one table's rows from its name
	// and column names. It is called once per table and worker; the
	// RowMatch it returns is used by that worker alone.
	ForTable(table string, columns []string) RowMatch
}

// RowMatch matches the rows of one table within one worker.
type RowMatch interface {
	// Row appends the subjects that the row's raw cells show to hits. It
	// must not retain or log the cells.
	Row(cells [][]byte, hits []SubjectHit) []SubjectHit
}

// MaxSubjectRows bounds the rows collected per subject.
const MaxSubjectRows = 10000

// SubjectHit is one identifier of one subject found in a row.
type SubjectHit struct {
	Subject   int
	Kind      string // detector ID, or "name"
	Column    int    // index into SubjectRow.Columns
	WholeCell bool   // the cell is the value (a structured column), not free text
	// Possible marks a fuzzy match (a name with a typo, an initial for a
	// first name): to be confirmed by a person, with its Score (0..1).
	Possible bool
	Score    float64
}

// SubjectRow is a row that holds a subject's identifier, with its raw
// values: personal data, for a disclosure only.
type SubjectRow struct {
	SourceID, Path, Kind string // the source, as in the report
	Table, Sheet         string
	Row                  int64    // primary key, or the row number as a spreadsheet user sees it
	Columns              []string // column names; cells beyond the header are "column N"
	Values               []string // raw cells, "" when empty
	Hits                 []SubjectHit
	tindex               int // the table's order within its source
}

// SubjectResult is what a data-subject search found, in report order
// (source, table, row).
type SubjectResult struct {
	Rows []SubjectRow
	// Capped lists the subjects of whom more than MaxSubjectRows rows
	// were found; the rest were not kept.
	Capped []int
	// Linked are the rows that refer to a found row (an order's
	// contact_id), by a foreign key or, in files, by a column named for
	// the found row's table holding its id. They hold no identifier of
	// the subject themselves.
	Linked []LinkedRow
}

// LinkedRow is a row that refers to a row found by an exact match.
type LinkedRow struct {
	SourceID, Path, Kind string
	Table, Sheet         string
	Row                  int64
	Columns, Values      []string // raw: for a disclosure only
	Subjects             []int    // whose found rows it refers to
	// Via is the link: "main.orders.contact_id → main.contacts.id".
	Via      string
	Declared bool  // a declared foreign key (else by column name)
	Parent   int64 // the found row's key (Row) in the referenced table
	// ParentTable is the referenced table, as in SubjectRow.Table.
	ParentTable string
	tindex      int
}

// Progress receives progress events.
type Progress interface {
	Start(totalBytes int64)
	Read(n int64)
	Rows(n int64)
}

// SourceProgress is implemented by a Progress that also wants to know
// which source is being read and when each is done.
type SourceProgress interface {
	SourceStarted(name string)
	SourceDone(name string)
}

// Scan scans the targets and returns the report. It returns an error only
// for a problem with the options; problems with a target are recorded in the
// report and the scan goes on. When ctx is cancelled, Scan stops soon and
// returns what was found, marked incomplete.
func Scan(ctx context.Context, targets []string, opt Options) (*reporters.Report, error) {
	rep, _, err := ScanSubject(ctx, targets, opt)
	return rep, err
}

// ScanSubject is Scan that also returns the rows found for opt.Subject
// (nil when it is not set).
func ScanSubject(ctx context.Context, targets []string, opt Options) (*reporters.Report, *SubjectResult, error) {
	if opt.Rules == nil {
		return nil, nil, errors.New("scanner: no rules")
	}
	if opt.Key == nil {
		return nil, nil, errors.New("scanner: no fingerprint key")
	}
	for _, g := range append(append([]string(nil), opt.Include...), opt.Exclude...) {
		if err := ValidGlob(g); err != nil {
			return nil, nil, fmt.Errorf("bad pattern %q: %w", g, err)
		}
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	started := opt.Now()

	all, skipped, buckets := enumerate(ctx, targets, filter{include: opt.Include, exclude: opt.Exclude}, openers)
	defer func() {
		for _, b := range buckets {
			b.Close()
		}
	}()
	// Every shard enumerates every unit, so that source IDs are the same
	// in each shard's report as in a whole scan, and keeps its own.
	units := opt.Shard.shardUnits(all)
	var total int64
	for _, u := range units {
		total += u.size
	}
	if opt.Progress != nil {
		opt.Progress.Start(total)
	}

	dets := enabledDetectors(opt.Rules)
	agg := newAggregator(units, dets)
	agg.prog = opt.Progress
	if opt.Subject == nil {
		// Each source goes into the report as soon as it is counted; a
		// data-subject search links rows after the scan, which can still
		// fail a source, so it builds the report at the end.
		agg.build = newBuilder(opt, dets)
	}
	p := newPipeline(opt, dets, agg)
	p.all = all
	p.run(ctx, units)
	var sub *SubjectResult
	if opt.Subject != nil {
		sub = agg.subjectResult()
		p.linkSubjectRows(ctx, units, sub)
	}

	rep := agg.report(opt, dets)
	rep.Scan.Started = started.UTC().Format(time.RFC3339)
	rep.Scan.Finished = opt.Now().UTC().Format(time.RFC3339)
	rep.Scan.Targets = make([]string, len(targets))
	for i, t := range targets {
		rep.Scan.Targets[i] = t
		if o := urlOpenerFor(t); o != nil {
			rep.Scan.Targets[i] = o.Redact(t) // never a password
		} else if blobsrc.IsTarget(t) {
			rep.Scan.Targets[i] = blobsrc.Redact(t)
		}
	}
	rep.Scan.FilesSkipped = skipped.files
	rep.Scan.SpecialSkipped = skipped.special
	rep.Scan.LinksSkipped = skipped.links
	rep.Scan.Incomplete = ctx.Err() != nil
	if sh := shardInfo(opt, len(all)); sh != nil {
		sh.Tables = agg.shardTables
		rep.Scan.Shard = sh
		for i := range rep.Findings {
			f := &rep.Findings[i]
			f.ValuesSketch = f.Values.Data() // merge counts people from them
		}
	}
	return rep, sub, nil
}

// enabledDetectors returns the detectors whose rules are enabled. A
// detector without a rule is a programming error (its rule block is
// missing from rules/default.toml); it used to be dropped without a word,
// and now stops the scan at once.
func enabledDetectors(rs *rules.Set) []detectors.Detector {
	var out []detectors.Detector
	for _, d := range detectors.All() {
		r, ok := rs.Rule(detectors.RuleOf(d))
		if !ok {
			panic(fmt.Sprintf("scanner: detector %s has no rule %s (add its block to rules/default.toml)", d.ID(), detectors.RuleOf(d)))
		}
		if !r.Disabled {
			out = append(out, d)
		}
	}
	return out
}

// table is what the reader knows of one table; workers only read it.
type table struct {
	src   *srcState
	index int // order within the source
	name  string
	sheet string // the worksheet, for a spreadsheet's table
	cols  []source.Column
	// ctx[col][det] is each detector's context for each column; the last
	// column collects cells beyond the header (ragged rows).
	ctx [][]detectors.Context
	// gates[col] are the prefilters of the detectors that can match in
	// the column, compiled for it, in priority order; columns with the
	// same gates share one set.
	gates []*detectors.GateSet
	// remark[col] marks the columns whose name says they hold remarks
	// (note, comment, opmerking): their cells are read for mentions of a
	// person (mentionsPerson).
	remark []bool
	// roles are the columns the row rules read (deleted flags, dates).
	roles *roles
	check rowCheck
	dets  []detectors.Detector // the scan's detectors, in ctx order
	// hints[col*len(dets)+det] is ctx[col][det].Hint, kept when the
	// table is done and ctx, gates and check are let go (release).
	hints []bool
	// countryCol is the column that holds each row's country (land,
	// country, MailingCountry), or -1; rowCountry[col] is set for the
	// columns whose detectors read it (a phone column's national numbers
	// are read in the row's country).
	countryCol int
	rowCountry []bool
}

// hasHint reports whether column col's name hints at detector det's kind.
func (t *table) hasHint(col, det int) bool {
	if t.ctx != nil {
		return t.ctx[col][det].Hint
	}
	return t.hints[col*len(t.dets)+det]
}

// release lets go of what only the workers read (each column's detector
// contexts and prefilters), once the table is read and
// every batch of it counted: a scan of 50,000 files keeps every table for
// the report, and these were most of each.
func (t *table) release() {
	if t.ctx == nil {
		return
	}
	nd := len(t.dets)
	t.hints = make([]bool, len(t.ctx)*nd)
	for ci, cs := range t.ctx {
		for di := range cs {
			t.hints[ci*nd+di] = cs[di].Hint
		}
	}
	t.ctx, t.gates = nil, nil
}

type job struct {
	t     *table
	batch source.Batch
}

type pipeline struct {
	opt  Options
	dets []detectors.Detector
	pf   []detectors.Prefilter // each detector's, read once
	agg  *aggregator
	// schemas are the tables the scan's SQL dumps declare, for dumps
	// whose INSERTs name no columns; built on first use.
	schemas *schemaCatalog
	// gateSets interns the columns' compiled gates: most columns of most
	// tables have the same ones.
	gateMu   sync.Mutex
	gateSets map[string]*detectors.GateSet
	// all are the units of every shard: a dump's CREATE TABLE in another
	// shard's file still names the columns of this shard's INSERTs.
	all []unit
}

func newPipeline(opt Options, dets []detectors.Detector, agg *aggregator) *pipeline {
	p := &pipeline{opt: opt, dets: dets, agg: agg}
	for _, d := range dets {
		p.pf = append(p.pf, d.Prefilter())
	}
	return p
}

func (p *pipeline) run(ctx context.Context, units []unit) {
	defer startGCFloor()()
	all := p.all
	if all == nil {
		all = units
	}
	p.schemas = &schemaCatalog{ctx: ctx, units: all}
	jobs := make(chan job, p.opt.Workers)
	results := make(chan any, 4*p.opt.Workers)

	aggDone := make(chan struct{})
	go func() {
		defer close(aggDone)
		for m := range results {
			p.agg.handle(m)
		}
	}()

	var workers sync.WaitGroup
	sketch := sketchKey(p.opt.Key)
	for i := 0; i < p.opt.Workers; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			w := newWorker(p.dets, p.opt.ShowValues)
			w.sketchKey = sketch
			w.noCache = noCellCache
			w.subject = p.opt.Subject
			for j := range jobs {
				results <- w.run(j)
			}
		}()
	}

	// Readers: as many files at once as there are workers, each feeding
	// the shared job queue; a large file keeps every worker busy by itself.
	var readers sync.WaitGroup
	sem := make(chan struct{}, readerSlots(p.opt.Workers, units))
	for i := range units {
		u := &units[i]
		if ctx.Err() != nil {
			results <- srcDone{id: u.id, err: ctx.Err(), skipped: true}
			continue
		}
		sem <- struct{}{}
		readers.Add(1)
		go func() {
			defer readers.Done()
			defer func() { <-sem }()
			p.read(ctx, u, jobs, results)
		}()
	}
	readers.Wait()
	close(jobs)
	workers.Wait()
	close(results)
	<-aggDone
}

// srcStart, tableDone and srcDone are messages to the aggregator.
type srcStart struct {
	id, kind string
}

type tableDone struct {
	t       *table
	batches int // how many batches of it went to the workers
	stats   source.Stats
	info    map[string]string
	tr      source.TableReader // for countedInBatches
}

type srcDone struct {
	id      string
	err     error
	skipped bool // not read at all because the scan was cancelled
}

// errSourceTimeout is wrapped by the error of a source read for longer
// than Options.SourceTimeout.
var errSourceTimeout = errors.New("time budget for this source spent")

// read opens one unit and pumps its tables' batches into jobs.
func (p *pipeline) read(ctx context.Context, u *unit, jobs chan<- job, results chan<- any) {
	var err error
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while reading (please report): %v", r)
		}
		results <- srcDone{id: u.id, err: err}
		if sp, ok := p.opt.Progress.(SourceProgress); ok {
			sp.SourceDone(u.path)
		}
	}()
	if sp, ok := p.opt.Progress.(SourceProgress); ok {
		sp.SourceStarted(u.path)
	}
	if u.err != nil {
		err = u.err
		return
	}
	if d := p.opt.SourceTimeout; d > 0 {
		parent := ctx
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer func() {
			if err != nil && parent.Err() == nil && ctx.Err() == context.DeadlineExceeded {
				err = fmt.Errorf("%w: stopped after %v (--source-timeout); what was read until then is in the report", errSourceTimeout, d)
			}
			cancel()
		}()
	}
	if u.url != nil {
		src := &srcState{id: u.id, path: u.path, rel: u.rel}
		results <- srcStart{id: u.id, kind: u.url.Kind()}
		dbOpt := p.opt.DB
		dbOpt.Limit, dbOpt.Workers = p.opt.TableLimit, p.opt.Workers
		dbOpt.AlsoRead = ruleColumns(p.opt.Rules, p.dets)
		dbOpt.Keep = p.opt.Shard.keep()
		err = u.url.Tables(ctx, u.raw, dbOpt, p.pump(ctx, src, jobs, results))
		return
	}
	in, closer, err := openUnit(ctx, u, p.opt.Progress)
	if err != nil {
		return
	}
	defer closer.Close()

	head, _ := in.Peek(8 << 10)
	lower := strings.ToLower(u.path)
	var op Opener
	for _, o := range openers {
		if o.WantsHead(lower, head, u.explicit) {
			op = o
			break
		}
	}
	if op == nil {
		err = errors.New("not a supported file format")
		return
	}
	src := &srcState{id: u.id, path: u.path, rel: u.rel, size: u.size}
	results <- srcStart{id: u.id, kind: op.Kind()}

	err = op.Tables(ctx, in, baseName(u.path), OpenOptions{Limit: p.opt.FileLimit, SQLCatalog: p.schemas.get}, p.pump(ctx, src, jobs, results))
}

// pump returns the function an opener calls for each table: it sends the
// table's batches to the workers and tells the aggregator when it is done.
func (p *pipeline) pump(ctx context.Context, src *srcState, jobs chan<- job, results chan<- any) func(source.TableReader) error {
	index := 0
	return func(tr source.TableReader) error {
		t := p.newTable(src, index, tr)
		index++
		batches := 0
		// done tells the aggregator the table is read: its batches, and
		// the reader's counts and details as they stand.
		done := func() tableDone {
			return tableDone{t: t, batches: batches, stats: tr.Stats(), info: detailsOf(tr), tr: tr}
		}
		for {
			b, err := tr.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				results <- done()
				return err
			}
			select {
			case jobs <- job{t: t, batch: b}:
				batches++
			case <-ctx.Done():
				b.Release()
				results <- done()
				return ctx.Err()
			}
		}
		results <- done()
		return nil
	}
}

func detailsOf(tr source.TableReader) map[string]string {
	if d, ok := tr.(Details); ok {
		return d.Details()
	}
	return nil
}

func (p *pipeline) newTable(src *srcState, index int, tr source.TableReader) *table {
	cols := tr.Columns()
	if o, ok := tr.(interface{ Ordinal() int }); ok {
		// A database table's place among all its tables, the same in a
		// shard that reads some of them as in a whole scan.
		index = o.Ordinal()
	}
	t := &table{src: src, index: index, name: tr.Name(), cols: cols}
	if s, ok := tr.(interface{ Sheet() string }); ok {
		t.sheet = s.Sheet()
	}
	t.ctx = make([][]detectors.Context, len(cols)+1)
	t.gates = make([]*detectors.GateSet, len(cols)+1)
	for ci, c := range cols {
		if remarkColumn(c.Name) {
			if t.remark == nil {
				t.remark = make([]bool, len(cols)+1)
			}
			t.remark[ci] = true
		}
	}
	for ci := range t.ctx {
		t.ctx[ci] = make([]detectors.Context, len(p.dets))
		name := "" // cells beyond the header: no column name to go by
		if ci < len(cols) {
			name = cols[ci].Name
		}
		var gates []detectors.Gate
		hints := make([]byte, len(p.dets)) // which detectors' gates see their column hint: the key of the set
		for di, d := range p.dets {
			c := detectors.NewContext(d, name)
			c.Country = p.opt.Country
			if ci == len(cols) {
				c.Hint = false
			}
			t.ctx[ci][di] = c
			if c.Hint {
				hints[di] = 1
			}
			if g, ok := p.pf[di].Compile(c.Hint, di); ok {
				gates = append(gates, g)
			}
		}
		t.gates[ci] = p.gateSet(string(hints), gates)
	}
	t.dets = p.dets
	t.countryCol = countryColumn(cols)
	if t.countryCol >= 0 {
		t.rowCountry = make([]bool, len(cols)+1)
		for ci := range cols {
			for di, d := range p.dets {
				if r, ok := d.(detectors.CountryReader); ok && r.ReadsCountry() && t.ctx[ci][di].Hint {
					t.rowCountry[ci] = true
				}
			}
		}
	}
	t.roles = resolveRoles(p.opt.Rules, t.name, cols, p.opt.Profile, p.opt.MinAge)
	t.check = newRowCheck(t.roles, p.opt.Now())
	return t
}

// gateSet returns the compiled set of gates, shared with every column that
// has the same gates. A column's gates follow from which detectors' column
// hints it has (each detector's prefilter compiled with its hint), so
// those are the key.
func (p *pipeline) gateSet(key string, gates []detectors.Gate) *detectors.GateSet {
	p.gateMu.Lock()
	defer p.gateMu.Unlock()
	if s, ok := p.gateSets[key]; ok {
		return s
	}
	if p.gateSets == nil {
		p.gateSets = map[string]*detectors.GateSet{}
	}
	s := detectors.NewGateSet(gates)
	p.gateSets[key] = s
	return s
}

// countryColumn returns the column that holds a row's country of
// residence or business (country, land, pays, MailingCountry,
// address1_country, landcode), or -1. A country of birth or a nationality
// says nothing about a phone number.
func countryColumn(cols []source.Column) int {
	for ci, c := range cols {
		var b strings.Builder
		for i := 0; i < len(c.Name); i++ {
			if ch := c.Name[i]; ch < 0x80 && (ch >= '0' && ch <= '9' || ch|0x20 >= 'a' && ch|0x20 <= 'z') {
				b.WriteByte(ch | 0x20)
			}
		}
		n := b.String()
		if strings.Contains(n, "birth") || strings.Contains(n, "geboorte") || strings.Contains(n, "nation") {
			continue
		}
		switch {
		case n == "country" || n == "land" || n == "pays" || n == "landcode" || n == "countrycode" || n == "woonland" || n == "vestigingsland",
			strings.HasSuffix(n, "country") || strings.HasSuffix(n, "countrycode"):
			return ci
		}
	}
	return -1
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

type countingReader struct {
	r io.Reader
	p Progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if c.p != nil && n > 0 {
		c.p.Read(int64(n))
	}
	return n, err
}
