package scanner

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/source"
)

// srcState is one source as the aggregator sees it. Only the aggregator
// goroutine changes it (path fields are set before any message is sent).
type srcState struct {
	id, path, rel string
	size          int64
	kind          string
	err           error
	tables        []*tableState
	finished      bool // its srcDone is in
}

type tableState struct {
	t     *table
	rows  int64
	cols  []colStats
	stats source.Stats
	info  map[string]string
	done  bool
	rowSt rowStats
	// batches counted, and how many there are (known once done)
	merged, batches int
	// recount, when set, is the table's reader, whose stats and details
	// its batches complete (countedInBatches): read again once they are
	// all counted.
	recount source.TableReader
}

// countedInBatches is a table reader some of whose Stats and Details its
// batches count as the workers parse them (a CSV file's ragged rows, and
// its encoding when a later batch turns out to be Windows-1252): they are
// final only once every batch has been scanned, not when the reader is
// at its end.
type countedInBatches interface{ CountedInBatches() }

func isCountedInBatches(tr source.TableReader) bool {
	if r, ok := tr.(renamed); ok {
		tr = r.TableReader // an archive member's
	}
	_, ok := tr.(countedInBatches)
	return ok
}

// settle releases the table's worker state once it is done and every
// batch of it counted, and reads again what the batches counted.
func (ts *tableState) settle() {
	if ts.done && ts.merged == ts.batches {
		if ts.recount != nil {
			ts.stats, ts.info = ts.recount.Stats(), detailsOf(ts.recount)
			ts.recount = nil
		}
		ts.t.release()
	}
}

// aggregator owns every count; it runs on one goroutine.
type aggregator struct {
	units   []unit
	sources map[string]*srcState
	tables  map[*table]*tableState
	ndets   int
	prog    Progress
	// a data-subject search's rows, and how many each subject has
	subRows  []SubjectRow
	subCount map[int]int
	subCap   map[int]bool
	// shardTables are a shard's database tables with their places (shard.go)
	shardTables []reporters.ShardTable
	// build, when set, summarises each source as soon as it is complete
	// (a scan without a data-subject search, whose linked rows can still
	// add an error to a source after the scan).
	build *builder
}

func newAggregator(units []unit, dets []detectors.Detector) *aggregator {
	a := &aggregator{units: units, sources: map[string]*srcState{}, tables: map[*table]*tableState{}, ndets: len(dets)}
	for _, u := range units {
		a.sources[u.id] = &srcState{id: u.id, path: u.path, rel: u.rel, size: u.size, kind: "file"}
	}
	return a
}

func (a *aggregator) table(t *table) *tableState {
	ts, ok := a.tables[t]
	if !ok {
		ts = &tableState{t: t, cols: newColStats(len(t.cols) + 1)}
		a.tables[t] = ts
		s := a.sources[t.src.id]
		s.tables = append(s.tables, ts)
	}
	return ts
}

func (a *aggregator) handle(m any) {
	if a.build != nil {
		defer a.advance() // last, after a table's settle
	}
	switch m := m.(type) {
	case srcStart:
		a.sources[m.id].kind = m.kind
	case *batchResult:
		ts := a.table(m.t)
		ts.merged++
		defer ts.settle()
		if m.err != nil {
			a.fail(m.t.src.id, m.err)
			return
		}
		ts.rows += m.rows
		if a.prog != nil {
			a.prog.Rows(m.rows)
		}
		for i := range m.cols {
			ts.cols[i].merge(&m.cols[i])
		}
		ts.rowSt.merge(&m.rowSt)
		if len(m.subject) > 0 {
			a.addSubjectRows(m.subject)
		}
	case tableDone:
		ts := a.table(m.t)
		ts.stats, ts.info, ts.done, ts.batches = m.stats, m.info, true, m.batches
		if isCountedInBatches(m.tr) {
			ts.recount = m.tr
		}
		ts.settle()
	case srcDone:
		if m.err != nil {
			a.fail(m.id, m.err)
		}
		a.sources[m.id].finished = true
	}
}

// addSubjectRows keeps a data-subject search's rows, at most
// MaxSubjectRows per subject.
func (a *aggregator) addSubjectRows(rows []SubjectRow) {
	if a.subCount == nil {
		a.subCount, a.subCap = map[int]int{}, map[int]bool{}
	}
	for _, r := range rows {
		keep := false
		for _, h := range r.Hits {
			if a.subCount[h.Subject] < MaxSubjectRows {
				keep = true
			} else {
				a.subCap[h.Subject] = true
			}
		}
		if !keep {
			continue
		}
		seen := map[int]bool{}
		for _, h := range r.Hits {
			if !seen[h.Subject] {
				seen[h.Subject] = true
				a.subCount[h.Subject]++
			}
		}
		a.subRows = append(a.subRows, r)
	}
}

// subjectResult sorts the data-subject search's rows in report order.
func (a *aggregator) subjectResult() *SubjectResult {
	order := map[string]int{}
	for i, u := range a.units {
		order[u.id] = i
	}
	res := &SubjectResult{Rows: a.subRows, Capped: []int{}}
	for i := range res.Rows {
		res.Rows[i].Kind = a.sources[res.Rows[i].SourceID].kind
	}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		x, y := &res.Rows[i], &res.Rows[j]
		if x.SourceID != y.SourceID {
			return order[x.SourceID] < order[y.SourceID]
		}
		if x.tindex != y.tindex {
			return x.tindex < y.tindex
		}
		if x.Table != y.Table {
			return x.Table < y.Table
		}
		return x.Row < y.Row
	})
	for s := range a.subCap {
		res.Capped = append(res.Capped, s)
	}
	sort.Ints(res.Capped)
	return res
}

func (a *aggregator) fail(id string, err error) {
	s := a.sources[id]
	if s.err == nil {
		s.err = err
	}
}

// builder turns each source's counts into its part of the Report as
// soon as the source is read and counted, in the order of the units, so
// that a scan of 50,000 files does not hold every file's counts until the
// end: the counts of a source live only while it is in flight.
type builder struct {
	opt  Options
	dets []detectors.Detector
	rep  *reporters.Report
	// found holds the findings of the source being built, with what the
	// source rules need; when the source is done they move into pool (the
	// report's findings in the order found) and keys (what orders them),
	// so that 250,000 findings are held once, not once per stage.
	found []ranked
	pool  []reporters.Finding
	keys  []rankKey
	next  int // the first unit not yet in the report
	in    interner
	lowGC bool // the garbage collector is set for a large report
}

// A report of more than bigReport findings is most of the heap, and it
// lives until it is written: with the default GC percent (100) the heap
// grows to twice it before a collection, twice the memory for nothing
// but a place to put garbage. From then on the collector runs at
// reportGC percent (unless GOGC asks for less or turns it off): 50,000
// small files then peak at about 430 MiB instead of 700 MiB, for about
// a third more CPU in the collector. A scan of fewer findings is not
// touched; the setting stays for the writing of the report.
const (
	bigReport = 64 << 10
	reportGC  = 20
)

// tuneGC lowers the GC percent once the report is large.
func (b *builder) tuneGC() {
	if b.lowGC || len(b.pool) < bigReport {
		return
	}
	b.lowGC = true
	lowerGCPercent(reportGC)
}

func newBuilder(opt Options, dets []detectors.Detector) *builder {
	return &builder{opt: opt, dets: dets, rep: &reporters.Report{
		Schema:    reporters.Schema,
		Tool:      reporters.Tool{Name: "crmscan", Version: opt.Version},
		KeyID:     opt.Key.ID(),
		Scan:      reporters.ScanInfo{Sample: opt.Sample, Lang: opt.Lang, ShowValues: opt.ShowValues},
		Sources:   []reporters.Source{},
		Columns:   []reporters.Column{},
		Findings:  []reporters.Finding{},
		Checklist: []reporters.Checklist{},
		Errors:    []reporters.Error{},
	}}
}

// complete reports whether source s is read and every batch of every
// table of it counted. A reader sends each table's tableDone before its
// srcDone, so every table is known by then; workers' batches may follow.
func (s *srcState) complete() bool {
	if !s.finished {
		return false
	}
	for _, ts := range s.tables {
		if !ts.done || ts.merged < ts.batches {
			return false
		}
	}
	return true
}

// advance summarises the sources that are complete, in unit order.
func (a *aggregator) advance() {
	for a.build.next < len(a.units) {
		s := a.sources[a.units[a.build.next].id]
		if !s.complete() {
			return
		}
		a.summarise(a.build.next)
		a.build.next++
	}
}

// report turns the counts into the Report: column profiles, findings with
// the rules' verdicts, the AP checklist and the summary, sorted so that the
// same input gives the same bytes.
func (a *aggregator) report(opt Options, dets []detectors.Detector) *reporters.Report {
	if a.build == nil {
		a.build = newBuilder(opt, dets)
	}
	b := a.build
	for ; b.next < len(a.units); b.next++ {
		a.summarise(b.next)
	}
	rep, pool, keys := b.rep, b.pool, b.keys
	a.build = nil

	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.sev != b.sev {
			return a.sev > b.sev
		}
		if a.src != b.src {
			return a.src < b.src
		}
		if a.tbl != b.tbl {
			return a.tbl < b.tbl
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.det < b.det
	})
	permute(pool, keys)
	keys = nil
	if pool != nil {
		rep.Findings = pool
	}
	reporters.Finalize(rep, opt.Rules)
	return rep
}

// summarise puts unit si's source into the report being built and lets
// go of its counts.
func (a *aggregator) summarise(si int) {
	b := a.build
	opt, dets, rep := b.opt, b.dets, b.rep
	u := a.units[si]
	found := b.found
	s := a.sources[u.id]
	found = found[:0]
	srcFound := 0 // this source's findings start here
	sort.Slice(s.tables, func(i, j int) bool { return s.tables[i].t.index < s.tables[j].t.index })
	if opt.Shard.Count > 0 && u.url != nil {
		for _, ts := range s.tables {
			a.shardTables = append(a.shardTables, reporters.ShardTable{Source: s.id, Table: ts.t.name, Index: ts.t.index})
		}
	}
	out := reporters.Source{ID: s.id, Kind: s.kind, Name: s.path, Tables: len(s.tables)}
	totals := make([]int64, len(s.tables)) // each table's rows, estimated when sampled
	for ti, ts := range s.tables {
		out.RowsScanned += ts.rows
		total := ts.rows
		if ts.stats.Truncated {
			out.Sampled = true
			if ts.stats.Bytes > 0 && s.size > ts.stats.Bytes {
				total = int64(float64(ts.rows) * float64(s.size) / float64(ts.stats.Bytes))
			}
			if ts.stats.RowsEstimate > total {
				total = ts.stats.RowsEstimate // a database's statistics
			}
		}
		totals[ti] = total
		out.RowsTotal += total
		if len(s.tables) == 1 && len(ts.info) > 0 {
			out.Details = ts.info
		}
		if v, ok := ts.info["note"]; ok {
			out.Notes = append(out.Notes, "table "+ts.t.name+": "+v)
		}
		if v, ok := ts.info["encrypted_members"]; ok { // an archive's, on each of its tables
			if out.Details == nil {
				out.Details = map[string]string{}
			}
			out.Details["encrypted_members"] = v
		}
	}
	if s.err != nil {
		out.Error = errorText(s.err)
		rep.Errors = append(rep.Errors, reporters.Error{Source: s.id, Message: out.Error})
	}
	out.Details = b.in.details(out.Details)
	rep.Sources = append(rep.Sources, out)

	for ti, ts := range s.tables {
		firstCol, firstFound := len(rep.Columns), len(found)
		scale := 1.0
		estimated := false
		if ts.stats.Truncated && ts.rows > 0 && totals[ti] > ts.rows {
			scale = float64(totals[ti]) / float64(ts.rows)
			estimated = true
		}
		for ci := range ts.cols {
			cs := &ts.cols[ci]
			name := ""
			if ci < len(ts.t.cols) {
				name = ts.t.cols[ci].Name
			} else if cs.nonEmpty == 0 {
				continue
			} else {
				name = "(cells beyond the header)"
			}
			col := reporters.Column{Source: s.id, Table: ts.t.name, Column: name,
				RowsScanned: ts.rows, NonEmpty: cs.nonEmpty, Detections: map[string]reporters.Detection{},
				Classification: "none"}
			var best *verdict
			colFound := len(found) // this column's findings start here
			for slot := 0; slot < 2*len(dets); slot++ {
				di, test := slot, slot >= len(dets)
				if test {
					di -= len(dets)
				}
				d := dets[di]
				rule, _ := opt.Rules.Rule(detectors.RuleOf(d))
				v := judge(cs.peek(slot), cs.nonEmpty, rule.MinRatio)
				if v == nil {
					continue
				}
				v.kind = d.ID()
				if ci < len(ts.t.cols) {
					v.hint = ts.t.hasHint(ci, di)
				}
				if versionColumnOf(cs.peek(slot), v.hint) {
					continue
				}
				severity := rule.Severity
				if rule.ID == "pii.bsn" && severity < rules.Critical && (!dbKinds[s.kind] || v.ratio < 0.5) {
					// UAVG art. 46: a BSN in notes or in an export file
					// that leaves the CRM is worse than one in a column.
					severity = rules.Critical
				}
				if sv, ok := d.(detectors.Severer); ok {
					severity = sv.Severity(severity, v.samples)
				}
				if test {
					severity = rules.Info
					if real, ok := col.Detections[d.ID()]; ok {
						col.Detections[d.ID()] = reporters.Detection{Count: real.Count + v.cells,
							Ratio: round3(float64(real.Count+v.cells) / float64(cs.nonEmpty))}
					} else {
						col.Detections[d.ID()] = reporters.Detection{Count: v.cells, Ratio: round3(v.ratio)}
					}
				} else {
					col.Detections[d.ID()] = reporters.Detection{Count: v.cells, Ratio: round3(v.ratio)}
				}
				if best == nil || v.ratio > best.ratio {
					best = v
				}
				txt := rule.Text(opt.Lang)
				count := v.values
				if detectors.CountsRows(d) {
					count = v.cells // a note category counts the rows that mention it
				}
				if estimated {
					count = int64(float64(count)*scale + 0.5)
				}
				f := reporters.Finding{
					Rule: rule.ID, Title: txt.Title, Severity: severity.String(), TestValue: test,
					Confidence: v.confidence, Category: rule.Category,
					Location: reporters.Location{Source: s.id, Path: s.path, Table: ts.t.name, Sheet: ts.t.sheet, Column: name, Rows: v.rows},
					Count:    count, Estimated: estimated, Samples: v.samples,
					APSteps: sharedSlice(rule.APSteps), GDPR: sharedSlice(rule.GDPR),
					Remediation: txt.Remediation,
					Fingerprint: findingPrint(opt, rule.ID, s.rel, ts.t.name, name, test),
				}
				if test {
					f.Title += testSuffix(opt.Lang)
				} else if k := cs.peek(slot); k != nil {
					f.Values = k.people // the people it concerns, for the summary
				}
				found = append(found, ranked{f: f, sev: severity, src: si, tbl: ti, col: ci, det: slot})
			}
			if best != nil {
				switch {
				case best.ratio >= 0.5 || best.hint && best.ratio >= 0.3:
					col.Classification, col.Confidence = best.kind, columnConfidence(best)
					if confRank[best.confidence] > confRank[col.Confidence] {
						// The values themselves are sure of their kind
						// (checksums, nearly every cell): so is the column.
						col.Confidence = best.confidence
					}
				case cs.nonEmpty > 0 && cs.bytes/cs.nonEmpty >= textMinBytes && 2*cs.text >= cs.nonEmpty:
					// Long cells, most of them words: text that
					// mentions a kind now and then.
					col.Classification, col.Confidence = "free_text", "medium"
				default:
					col.Classification, col.Confidence = "mixed", "low"
				}
				settleColumn(opt, s, ts, &col, found[colFound:], dets)
			}
			rep.Columns = append(rep.Columns, col)
		}
		role := decideRole(ts.t, rep.Columns[firstCol:], ts.rows)
		found = applyRole(role, ts, rep.Columns[firstCol:], found, firstFound, dets)
		for i := range rep.Columns[firstCol:] { // settled: share equal ones
			c := &rep.Columns[firstCol+i]
			c.Detections = b.in.detections(c.Detections)
		}
		sum := tableSummary(s, ts, estimated, scale)
		sum.Role, sum.Evidence = role.role, role.evidence
		rep.Tables = append(rep.Tables, sum)
		found = append(found, tableFindings(opt, tableRef{si: si, ti: ti, src: s, ts: ts,
			cols: rep.Columns[firstCol:], estimated: estimated, scale: scale, role: role.role})...)
	}
	found = append(found, sourceFindings(opt, si, s, found[srcFound:])...)
	// The source is in the report: its counts can go, so that the
	// report of 50,000 files does not sit beside all their counts.
	for _, ts := range s.tables {
		delete(a.tables, ts.t)
		ts.cols = nil
	}
	s.tables = nil
	for i := range found {
		r := &found[i]
		b.keys = append(b.keys, rankKey{sev: r.sev, src: r.src, tbl: r.tbl, col: r.col, det: r.det, idx: len(b.pool)})
		r.f.Details = b.in.details(r.f.Details)
		b.pool = append(b.pool, r.f)
		*r = ranked{}
	}
	b.found = found[:0]
	b.tuneGC()
}

// settleColumn makes a column's findings say what its profile says: the
// finding of the kind the column is classified as carries the column's
// confidence (the inventory and the finding show one judgement, not two),
// and a place column (woonplaats, city) is a place, reported under
// pii.place, not a street address.
func settleColumn(opt Options, s *srcState, ts *tableState, col *reporters.Column, fs []ranked, dets []detectors.Detector) {
	place := col.Classification == "address" && detectors.PlaceColumn(col.Column)
	if place {
		col.Classification = "place"
	}
	for i := range fs {
		f := &fs[i].f
		kind := dets[fs[i].det%len(dets)].ID()
		if f.TestValue {
			continue
		}
		if kind == col.Classification || place && kind == "address" {
			f.Confidence = col.Confidence
		}
		if place && f.Rule == "pii.address" {
			rule, ok := opt.Rules.Rule("pii.place")
			if !ok || rule.Disabled {
				continue
			}
			txt := rule.Text(opt.Lang)
			f.Rule, f.Title, f.Category, f.Remediation = rule.ID, txt.Title, rule.Category, txt.Remediation
			f.Severity = rule.Severity.String()
			fs[i].sev = rule.Severity
			f.APSteps, f.GDPR = append([]int{}, rule.APSteps...), append([]string{}, rule.GDPR...)
			f.Fingerprint = findingPrint(opt, rule.ID, s.rel, ts.t.name, col.Column, false)
		}
	}
}

// findingPrint identifies a finding across scans: rule and location, keyed,
// never a value.
func findingPrint(opt Options, rule, rel, table, column string, test bool) string {
	if test {
		return opt.Key.Sum("finding", rule, rel, table, column, "test_value")
	}
	return opt.Key.Sum("finding", rule, rel, table, column)
}

func testSuffix(lang string) string {
	if lang == "nl" {
		return " (bekende test- of voorbeeldwaarden)"
	}
	return " (known test or example values)"
}

// ranked is a finding with what orders it in the report.
type ranked struct {
	f        reporters.Finding
	sev      rules.Severity
	src, tbl int
	col      int
	det      int
}

var confRank = map[string]int{"low": 1, "medium": 2, "high": 3}

// rankKey is what orders a finding, and where it is in the pool.
type rankKey struct {
	sev      rules.Severity
	src, tbl int
	col      int
	det      int
	idx      int
}

// permute puts pool in the order of keys (keys[i].idx is the finding that
// goes to position i) in place, one cycle at a time, so the findings are
// never copied into a second slice. keys is spent.
func permute(pool []reporters.Finding, keys []rankKey) {
	for i := range keys {
		if keys[i].idx == i {
			continue
		}
		tmp := pool[i]
		j := i
		for {
			k := keys[j].idx
			keys[j].idx = j
			if k == i {
				pool[j] = tmp
				break
			}
			pool[j] = pool[k]
			j = k
		}
	}
}

// columnConfidence is how sure the column profile is of its kind: high
// when most values validate and the column's name agrees, medium when the
// values validate without a name or the name says so and some values
// agree, low otherwise.
func columnConfidence(v *verdict) string {
	switch {
	case v.ratio >= 0.8 && v.hint:
		return "high"
	case v.ratio >= 0.5 || v.hint:
		return "medium"
	}
	return "low"
}

// verdict is a rule's reading of one column's matches of one kind.
type verdict struct {
	hint       bool // the column's name says it holds this kind
	kind       string
	cells      int64
	values     int64
	ratio      float64
	confidence string
	rows       []int64
	samples    []string
}

// judge decides whether a column holds a kind. Medium and high confidence
// matches always count; low confidence ones (a bare 9-digit number passing
// the 11-proef) count only when at least minRatio of the column's non-empty
// cells hold one, since about 1 in 11 random 9-digit numbers pass.
func judge(k *kindStats, nonEmpty int64, minRatio float64) *verdict {
	if k == nil || k.cellsAny == 0 || nonEmpty == 0 {
		return nil
	}
	ratioAny := float64(k.cellsAny) / float64(nonEmpty)
	// A share needs a few cells to mean anything: one 9-digit number
	// passes the 11-proef by chance one time in eleven.
	withLow := k.low.values > 0 && ratioAny >= minRatio && k.cellsAny >= minLowCells
	if k.mh.values == 0 && !withLow {
		return nil
	}
	v := &verdict{}
	ev := k.mh
	if withLow {
		ev.merge(&k.low)
		v.cells = k.cellsAny
	} else {
		v.cells = k.cellsMH
	}
	v.values = ev.values
	v.ratio = float64(v.cells) / float64(nonEmpty)
	v.rows = ev.rows.list()
	v.samples = ev.samples.list()
	switch {
	case k.high > 0:
		v.confidence = "high"
	case v.ratio >= 0.9 && v.cells >= sureLowCells:
		v.confidence = "high"
	default:
		v.confidence = "medium"
	}
	return v
}

// versionColumnOf reports a column whose every match of a kind reads as a
// version number too (IPv4 addresses 4.12.3.7, 2.0.1.15 in a column
// without a telling name): by its distribution a column of versions,
// not of addresses. A few values are no distribution, and a column named
// for the kind keeps it.
func versionColumnOf(k *kindStats, hint bool) bool {
	n := k.low.values + k.mh.values
	return !hint && n >= minLowCells && k.alsoVersion == n
}

// minLowCells is the fewest cells of low-confidence matches that can make
// a column verdict; sureLowCells make it a sure one when nearly every cell
// of the column agrees.
const (
	minLowCells  = 3
	sureLowCells = 20
)

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

// errorText is an error as the report shows it: one line, valid UTF-8,
// bounded. Source errors are built by crmscan's own readers, which never put
// cell content in an error.
func errorText(err error) string {
	s := strings.ToValidUTF8(err.Error(), "?")
	s = strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s)
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "") + "…"
	}
	return s
}

// sharedSlice gives every finding of a rule the rule's own AP steps and
// articles instead of a copy each (250,000 findings, 250,000 copies):
// capped so an append copies, never nil so JSON says [] not null. Nothing
// writes into a finding's steps or articles.
func sharedSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s[:len(s):len(s)]
}

// interner shares the small maps the report repeats from source to source
// (a CSV's details, a rule's facts, a column's detections): 50,000 files
// of one export give 50,000 equal maps, held once. Only the builder
// writes these maps, before it interns them; nothing writes them after.
type interner struct {
	strs map[string]map[string]string
	dets map[string]map[string]reporters.Detection
	key  []byte
}

// internCap bounds what the interner remembers: maps that do not repeat
// must not grow it without end.
const internCap = 4096

func (in *interner) details(m map[string]string) map[string]string {
	if len(m) == 0 || len(m) > 8 {
		return m
	}
	in.key = in.key[:0]
	for _, k := range slices.Sorted(maps.Keys(m)) {
		in.key = append(in.key, k...)
		in.key = append(in.key, 0)
		in.key = append(in.key, m[k]...)
		in.key = append(in.key, 0)
	}
	if s, ok := in.strs[string(in.key)]; ok {
		return s
	}
	if in.strs == nil {
		in.strs = map[string]map[string]string{}
	}
	if len(in.strs) < internCap {
		in.strs[string(in.key)] = m
	}
	return m
}

func (in *interner) detections(m map[string]reporters.Detection) map[string]reporters.Detection {
	if len(m) > 8 {
		return m
	}
	in.key = in.key[:0]
	for _, k := range slices.Sorted(maps.Keys(m)) {
		d := m[k]
		in.key = append(in.key, k...)
		in.key = append(in.key, 0)
		in.key = strconv.AppendInt(in.key, d.Count, 10)
		in.key = append(in.key, 0)
		in.key = strconv.AppendFloat(in.key, d.Ratio, 'g', -1, 64)
		in.key = append(in.key, 0)
	}
	if s, ok := in.dets[string(in.key)]; ok {
		return s
	}
	if in.dets == nil {
		in.dets = map[string]map[string]reporters.Detection{}
	}
	if len(in.dets) < internCap {
		in.dets[string(in.key)] = m
	}
	return m
}
