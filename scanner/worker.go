package scanner

import (
	"fmt"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner/source"
)

const (
	maxRows    = 5 // row numbers kept per finding
	maxSamples = 3 // masked samples kept per finding
	// maskTries bounds the Mask calls spent per batch and column looking
	// for distinct samples, so a column of look-alike values costs little.
	maskTries = 16
)

// cacheLine is the size of a CPU cache line, to keep memory that each
// worker writes all the time off the lines of other workers.
const cacheLine = 64

// worker scans batches. It is the only place raw values live: it masks what
// it keeps before the batch result leaves it.
type worker struct {
	_          [cacheLine]byte // the fields below are written per cell: no line shared with another worker
	dets       []detectors.Detector
	showValues bool
	matches    []detectors.Match
	renorm     []detectors.Match // normalize's
	owner      []int
	keep       []bool
	seen       []detectors.Confidence // per detector, best confidence in the current cell
	emailDet   int                    // the e-mail detector's index, -1 without it (role mailboxes are counted)
	piiCols    []bool                 // per column, personal data in the current row
	scratch    detectors.Scratch      // shared by the detectors on one cell
	subject    SubjectMatcher         // set in a data-subject search
	cache      cellCaches             // matches of repeated values, per column
	noCache    bool                   // the cache is off (tests compare with and without)
	person     []string               // per detector, its kind when it tells people apart (peopleKinds)
	note       []bool                 // per detector, a note category (detectors.IsNote)
	sketchKey  sipKey                 // keys the value hashes of the people sketches
	floors     peopleFloors           // limits of the people sketches, per table
	facts      detectors.CellFacts    // detect's, of the current cell
	feat       detectors.Features     // the current cell's, when featOK (the text probe read it whole)
	featOK     bool
	floorT     *tableFloors // the current table's limits (peopleFloors)
	floor      []uint64     // and floorT.limits
	floorCol   int          // the current column's first limit in floor
	_          [cacheLine]byte
	rowCtx     []detectors.Context // a column's contexts with the row's country
	hits       []SubjectHit        // the current row's, in a data-subject search
	rowMatch   map[*table]RowMatch // per table, when subject is a SubjectRowMatcher
	arena      cellArena           // the current batch's cells (runColumns)
	rowCC      []string            // per row of the arena, its country
	piiRows    []bool              // per row of the arena and column, personal data
	anyPII     []bool              // per row of the arena, personal data
	scans      []colScan           // the current batch's columns
}

func newWorker(dets []detectors.Detector, showValues bool) *worker {
	// seen is written for every match: at least a cache line of its own,
	// or two workers' few bytes can share one and stall both cores.
	seen := make([]detectors.Confidence, 2*len(dets), max(2*len(dets), cacheLine))
	w := &worker{dets: dets, showValues: showValues, seen: seen, cache: newCellCaches(), emailDet: -1}
	w.person = make([]string, len(dets))
	w.note = make([]bool, len(dets))
	for i, d := range dets {
		w.note[i] = detectors.IsNote(d)
		if d.ID() == "email" {
			w.emailDet = i
		}
		if peopleKinds[d.ID()] {
			w.person[i] = d.ID()
		}
	}
	return w
}

// batchResult is what one batch adds to one table.
type batchResult struct {
	t     *table
	rows  int64
	cols  []colStats // one per column, plus one for cells beyond the header
	rowSt rowStats   // the row rules' counts
	// subject are the rows holding a subject's identifier, raw: only in a
	// data-subject search (Options.Subject), whose purpose is disclosure.
	subject []SubjectRow
	err     error
}

// colStats counts what one column held, in one batch or in total. It
// keeps a kindStats only for the detector slots that matched (slots[i] is
// kinds[i]'s): a column matches a few kinds at most, and a table's, a
// batch's and every finished file's columns would otherwise each hold one
// per detector, tens of kilobytes a column.
type colStats struct {
	nonEmpty int64
	bytes    int64 // bytes in non-empty cells, to tell free text from codes
	// mentions counts the cells of a remark column that speak of a person
	// (a personal pronoun or a form of address: "he", "hij", "Mme").
	mentions int64
	// text counts the cells long enough for free text (textMinBytes) that
	// read as words: a space, and twice as many letters as digits (a
	// sentence, not a tracking code or a list of numbers).
	text    int64
	slots   []int32
	kinds   []kindStats
	leanSet uint64 // detectors (the first 64) whose matches need no normalized value
}

// kind returns the counts of detector slot slot, added when missing. The
// pointer is good until the next call that adds one.
func (c *colStats) kind(slot int) *kindStats {
	if k := c.peek(slot); k != nil {
		return k
	}
	c.slots = append(c.slots, int32(slot))
	c.kinds = append(c.kinds, kindStats{})
	return &c.kinds[len(c.kinds)-1]
}

// peek returns the counts of detector slot slot, nil when it never matched.
func (c *colStats) peek(slot int) *kindStats {
	for i, s := range c.slots {
		if int(s) == slot {
			return &c.kinds[i]
		}
	}
	return nil
}

// lean reports whether detector di's matches in the column need no
// normalized value any more (kindStats.wantNormalized, remembered).
func (c *colStats) lean(di int) bool {
	if di < 64 {
		return c.leanSet&(1<<di) != 0
	}
	return c.leanPast64(di)
}

// leanPast64 is lean for the rare detector index of 64 or more, kept out
// of line so that lean inlines in detect.
//
//go:noinline
func (c *colStats) leanPast64(di int) bool {
	k := c.peek(di)
	return k != nil && !k.wantNormalized()
}

// kindStats counts one detector's matches in one column.
type kindStats struct {
	cellsAny int64 // cells with a match of any confidence
	cellsMH  int64 // cells with a medium or high confidence match
	role     int64 // e-mail addresses of a role mailbox (info@, sales@): an organisation's
	low, mh  evidence
	high     int64 // high-confidence matches
	// alsoVersion counts the matches that read as version numbers too
	// (Match.AlsoVersion).
	alsoVersion int64
	tries       int
	// people sketches the distinct values of a kind that tells people
	// apart (peopleKinds), for the summary's estimate of people affected.
	people *reporters.ValueSketch
}

// evidence is the matches of one confidence class.
type evidence struct {
	values  int64
	rows    rowSet
	samples sampleSet
}

// rowSet keeps the smallest row numbers seen, in order.
type rowSet struct {
	n    int
	rows [maxRows]int64
}

func (s *rowSet) add(r int64) {
	if s.n == maxRows && r >= s.rows[maxRows-1] {
		return // the common case once full: rows come in order
	}
	for _, x := range s.rows[:s.n] {
		if x == r {
			return
		}
	}
	if s.n < maxRows {
		s.rows[s.n] = r
		s.n++
		insertionSort(s.rows[:s.n])
		return
	}
	if r < s.rows[maxRows-1] {
		s.rows[maxRows-1] = r
		insertionSort(s.rows[:])
	}
}

func (s *rowSet) merge(o *rowSet) {
	for _, r := range o.rows[:o.n] {
		s.add(r)
	}
}

func (s *rowSet) list() []int64 { return append([]int64{}, s.rows[:s.n]...) }

func insertionSort(a []int64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// sampleSet keeps distinct masked samples from the smallest rows.
type sample struct {
	row  int64
	text string
}

type sampleSet struct {
	n int
	s [maxSamples]sample
}

func (s *sampleSet) full() bool { return s.n == maxSamples }

func (s *sampleSet) add(x sample) {
	for i := 0; i < s.n; i++ {
		if s.s[i].text == x.text {
			if x.row < s.s[i].row {
				s.s[i].row = x.row
				s.sort()
			}
			return
		}
	}
	if s.n < maxSamples {
		s.s[s.n] = x
		s.n++
		s.sort()
		return
	}
	if x.row < s.s[maxSamples-1].row {
		s.s[maxSamples-1] = x
		s.sort()
	}
}

func (s *sampleSet) sort() {
	for i := 1; i < s.n; i++ {
		for j := i; j > 0 && (s.s[j].row < s.s[j-1].row || s.s[j].row == s.s[j-1].row && s.s[j].text < s.s[j-1].text); j-- {
			s.s[j], s.s[j-1] = s.s[j-1], s.s[j]
		}
	}
}

func (s *sampleSet) merge(o *sampleSet) {
	for _, x := range o.s[:o.n] {
		s.add(x)
	}
}

func (s *sampleSet) list() []string {
	out := make([]string, s.n)
	for i := range out {
		out[i] = s.s[i].text
	}
	return out
}

func (e *evidence) merge(o *evidence) {
	e.values += o.values
	e.rows.merge(&o.rows)
	e.samples.merge(&o.samples)
}

func (k *kindStats) merge(o *kindStats) {
	k.cellsAny += o.cellsAny
	k.cellsMH += o.cellsMH
	k.role += o.role
	k.high += o.high
	k.alsoVersion += o.alsoVersion
	k.low.merge(&o.low)
	k.mh.merge(&o.mh)
	if o.people != nil {
		if k.people == nil {
			k.people = reporters.NewValueSketch(o.people.Kind)
		}
		k.people.Merge(o.people)
	}
}

func (c *colStats) merge(o *colStats) {
	c.nonEmpty += o.nonEmpty
	c.bytes += o.bytes
	c.mentions += o.mentions
	c.text += o.text
	for i := range o.kinds {
		c.kind(int(o.slots[i])).merge(&o.kinds[i])
	}
}

// wantNormalized reports whether the next matches of detector di in this
// column are likely to become samples, so that Find should normalize them:
// while the column has few of its matches yet. A later match that a sample
// still wants is normalized on demand (normalize).
func (k *kindStats) wantNormalized() bool {
	return k.tries < maskTries && k.low.values+k.mh.values < maskTries &&
		(!k.low.samples.full() || !k.mh.samples.full())
}

func newColStats(ncols int) []colStats { return make([]colStats, ncols) }

// run scans one batch. A panic in a detector or parser is recovered and
// becomes the source's error; the scan goes on.
func (w *worker) run(j job) (res *batchResult) {
	t := j.t
	res = &batchResult{t: t, cols: newColStats(len(t.cols) + 1)}
	defer func() {
		if r := recover(); r != nil {
			res = &batchResult{t: t, err: fmt.Errorf("internal error while scanning (please report): %v", r)}
		}
	}()
	defer j.batch.Release()
	last := len(t.cols)
	var caches []colCache
	if !w.noCache {
		// In a data-subject search, which needs every match's normalized
		// value, Find never skips them, so neither does the cache.
		caches = w.cache.forTable(t)
	}
	rowRules := t.roles.active()
	if rowRules && cap(w.piiCols) < last+1 {
		w.piiCols = make([]bool, last+1)
	}
	nd := len(w.dets)
	w.floorT = w.floors.forTable(t, nd)
	w.floor = w.floorT.limits
	if w.subject == nil && !scanRowMajor {
		w.runColumns(j, res, caches, rowRules)
	} else {
		w.runRows(j, res, caches, rowRules)
	}
	w.floorT.lower(nd, res.cols)
	return res
}

// runRows scans a batch row by row: in a data-subject search, which
// gathers each row's hits.
func (w *worker) runRows(j job, res *batchResult, caches []colCache, rowRules bool) {
	t := j.t
	last := len(t.cols)
	piiCols := w.piiCols[:0]
	if rowRules {
		piiCols = w.piiCols[:last+1]
	}
	scans := w.colScans(t, res, caches)
	j.batch.Each(func(row int64, cells [][]byte) {
		res.rows++
		anyPII := false
		if rowRules {
			clear(piiCols)
		}
		sub := w.subject != nil
		if sub {
			w.hits = w.hits[:0]
		}
		rowCC := t.rowCountryOf(cells)
		for ci, cell := range cells {
			col := min(ci, last)
			cell = trimSpace(cell)
			if len(cell) == 0 {
				continue
			}
			if w.scanAt(&scans[col], cell, row, rowCC) {
				anyPII = true
				if rowRules {
					piiCols[col] = true
				}
			}
			if sub {
				w.matchSubject(ci)
			}
		}
		if rowRules {
			t.check.check(t.roles, row, cells, piiCols, anyPII, &res.rowSt)
		}
		if sub && w.matchSubjectRow(t, cells) {
			res.subject = append(res.subject, w.subjectRow(t, row, cells))
		}
	})
}

// scanRowMajor makes every batch scan row by row, for tests that compare
// the two orders.
var scanRowMajor bool

// rowCountryOf returns the country a row's country column names, "" when
// the table has none or the row is too short.
func (t *table) rowCountryOf(cells [][]byte) string {
	if t.countryCol < 0 || t.countryCol >= len(cells) {
		return ""
	}
	return detectors.CountryOf(cells[t.countryCol])
}

// cellArena holds a batch's cells so that the worker can read them a
// column at a time: the batch's own, when they stay valid
// (source.CellsStay), or copies in data.
type cellArena struct {
	cells [][]byte
	first []int   // each row's first cell in cells, and one past the last row's
	rows  []int64 // each row's number
	data  []byte
	ends  []int // each copied cell's end in data
}

// fill takes the cells of batch b.
func (a *cellArena) fill(b source.Batch) {
	a.cells, a.rows = a.cells[:0], a.rows[:0]
	a.first = append(a.first[:0], 0)
	if f, ok := b.(source.CellsAtOnce); ok {
		a.cells, a.first, a.rows = f.AppendCells(a.cells, a.first, a.rows)
		return
	}
	if _, ok := b.(source.CellsStay); ok {
		b.Each(func(row int64, cells [][]byte) {
			a.cells = append(a.cells, cells...)
			a.rows = append(a.rows, row)
			a.first = append(a.first, len(a.cells))
		})
		return
	}
	a.data, a.ends = a.data[:0], a.ends[:0]
	b.Each(func(row int64, cells [][]byte) {
		for _, c := range cells {
			a.data = append(a.data, c...)
			a.ends = append(a.ends, len(a.data))
		}
		a.rows = append(a.rows, row)
		a.first = append(a.first, len(a.ends))
	})
	s := 0
	for _, e := range a.ends {
		a.cells = append(a.cells, a.data[s:e:e])
		s = e
	}
}

// clear lets go of the batch's cells, and of a copy buffer an outsized
// batch grew.
func (a *cellArena) clear() {
	clear(a.cells)
	if cap(a.data) > 4<<20 {
		a.data = nil
	}
}

// colScan is what scanning a cell of one column of a batch needs.
type colScan struct {
	cs         *colStats
	cache      *colCache // nil without the caches
	ctx        []detectors.Context
	gates      *detectors.GateSet
	floorCol   int // the column's first limit in the worker's floor
	remark     bool
	rowCountry bool
}

// colScans works out the colScan of every column of a batch of t, and of
// the slot of the cells beyond the header (the last).
func (w *worker) colScans(t *table, res *batchResult, caches []colCache) []colScan {
	w.scans = w.scans[:0]
	for col := range res.cols {
		c := colScan{cs: &res.cols[col], ctx: t.ctx[col], gates: t.gates[col], floorCol: col * len(w.dets),
			remark: t.remark != nil && t.remark[col], rowCountry: t.rowCountry != nil && t.rowCountry[col]}
		if caches != nil {
			c.cache = &caches[col]
		}
		w.scans = append(w.scans, c)
	}
	return w.scans
}

// runColumns scans a batch a column at a time: the cells of one column
// go through the same few detectors, whose code and branches stay warm,
// where a row's cells would take turns. Each column's cells are still
// read in row order, so what a column counts and keeps is what a row
// by row scan counts and keeps (TestColumnsAsRows).
func (w *worker) runColumns(j job, res *batchResult, caches []colCache, rowRules bool) {
	t := j.t
	last := len(t.cols)
	a := &w.arena
	a.fill(j.batch)
	defer a.clear()
	nrows := len(a.rows)
	res.rows += int64(nrows)
	w.rowCC = w.rowCC[:0]
	if t.countryCol >= 0 {
		for r := 0; r < nrows; r++ {
			w.rowCC = append(w.rowCC, t.rowCountryOf(a.cells[a.first[r]:a.first[r+1]]))
		}
	}
	var pii, anyPII []bool
	if rowRules {
		w.piiRows = append(w.piiRows[:0], make([]bool, nrows*(last+1))...)
		w.anyPII = append(w.anyPII[:0], make([]bool, nrows)...)
		pii, anyPII = w.piiRows, w.anyPII
	}
	scans := w.colScans(t, res, caches)
	for col := 0; col < last; col++ {
		c := &scans[col]
		for r := 0; r < nrows; r++ {
			if i := a.first[r] + col; i < a.first[r+1] {
				w.scanArenaCell(c, r, i, col, last+1, pii, anyPII)
			}
		}
	}
	// Cells beyond the header all count in the last slot, in row order.
	c := &scans[last]
	for r := 0; r < nrows; r++ {
		for i := a.first[r] + last; i < a.first[r+1]; i++ {
			w.scanArenaCell(c, r, i, last, last+1, pii, anyPII)
		}
	}
	if rowRules {
		for r := 0; r < nrows; r++ {
			t.check.check(t.roles, a.rows[r], a.cells[a.first[r]:a.first[r+1]], pii[r*(last+1):(r+1)*(last+1)], anyPII[r], &res.rowSt)
		}
	}
}

// scanArenaCell scans cell i of the arena, of row r, counted in column
// slot col of c; when the row rules need them, pii (width slots a row)
// and anyPII take whether it holds personal data.
func (w *worker) scanArenaCell(c *colScan, r, i, col, width int, pii, anyPII []bool) {
	a := &w.arena
	cell := trimSpace(a.cells[i])
	if len(cell) == 0 {
		return
	}
	rowCC := ""
	if len(w.rowCC) > 0 {
		rowCC = w.rowCC[r]
	}
	if w.scanAt(c, cell, a.rows[r], rowCC) && pii != nil {
		pii[r*width+col], anyPII[r] = true, true
	}
}

// scanAt scans one non-empty cell of column c. It reports whether a
// medium or high confidence match was kept.
func (w *worker) scanAt(c *colScan, cell []byte, row int64, rowCC string) bool {
	cs := c.cs
	cs.nonEmpty++
	cs.bytes += int64(len(cell))
	var cc *colCache
	var gm *detectors.GateMemo
	if c.cache != nil {
		if !c.cache.off && len(cell) <= cacheMaxKey {
			cc = c.cache
		}
		gm = &c.cache.memo
	}
	ctx := c.ctx
	if rowCC != "" && c.rowCountry && rowCC != ctx[0].Country && (ctx[0].Country != "" || rowCC != detectors.DefaultCountry) {
		// The row's own country reads this phone column's national
		// numbers; the column's cache, keyed by the cell alone, cannot
		// hold that reading.
		w.rowCtx = append(w.rowCtx[:0], ctx...)
		for i := range w.rowCtx {
			w.rowCtx[i].Country = rowCC
		}
		ctx, cc = w.rowCtx, nil
	}
	w.floorCol = c.floorCol
	var e *cacheEntry
	if cc != nil {
		var hit bool
		if e, hit = cc.entry(w.cache.seed, cell); hit {
			// A value seen before in the column: what was read of it then
			// (a note's mention of a person, words or not, the matches)
			// holds again.
			if e.mention {
				cs.mentions++
			}
			if e.text {
				cs.text++
			}
			e.load(w)
			return w.count(cell, row, ctx, cs)
		}
	}
	mention := c.remark && len(cell) >= mentionMinBytes && mentionsPerson(cell)
	if mention {
		cs.mentions++
	}
	text := false
	w.featOK = false
	if len(cell) >= textMinBytes {
		f := detectors.Scan(cell[:min(len(cell), textProbeBytes)])
		if text = f.Shape&detectors.ShapeSpace != 0 && f.Letters >= 2*f.Digits; text {
			cs.text++
		}
		// The whole cell's Features, for detect.
		w.feat, w.featOK = f, len(cell) <= textProbeBytes
	}
	w.detect(cell, ctx, c.gates, cs, gm)
	if e != nil {
		e.store(cell, w)
		e.mention, e.text = mention, text
	}
	return w.count(cell, row, ctx, cs)
}

// matchSubject looks up the kept matches of cell ci in the subject matcher.
func (w *worker) matchSubject(ci int) {
	for i := range w.matches {
		if !w.keep[i] {
			continue
		}
		m := &w.matches[i]
		for _, s := range w.subject.Match(w.dets[w.owner[i]].ID(), m.Normalized) {
			w.hits = append(w.hits, SubjectHit{Subject: s, Kind: w.dets[w.owner[i]].ID(), Column: ci, WholeCell: m.WholeCell})
		}
	}
}

// matchSubjectRow adds what the whole row shows (names) to the row's hits
// and reports whether it has any.
func (w *worker) matchSubjectRow(t *table, cells [][]byte) bool {
	if rm, ok := w.subject.(SubjectRowMatcher); ok {
		m, ok := w.rowMatch[t]
		if !ok {
			if w.rowMatch == nil {
				w.rowMatch = map[*table]RowMatch{}
			}
			names := make([]string, len(t.cols))
			for i, c := range t.cols {
				names[i] = c.Name
			}
			m = rm.ForTable(t.name, names)
			w.rowMatch[t] = m
		}
		if m != nil {
			w.hits = m.Row(cells, w.hits)
		}
	}
	return len(w.hits) > 0
}

// subjectRow copies a matching row out of the worker, with its raw values:
// the one case where values leave it, since the user asked for a disclosure.
func (w *worker) subjectRow(t *table, row int64, cells [][]byte) SubjectRow {
	n := max(len(cells), len(t.cols))
	r := SubjectRow{SourceID: t.src.id, Path: t.src.path, Table: t.name, Sheet: t.sheet, Row: row, tindex: t.index,
		Columns: make([]string, n), Values: make([]string, n), Hits: append([]SubjectHit(nil), w.hits...)}
	for i := range r.Columns {
		if i < len(t.cols) {
			r.Columns[i] = t.cols[i].Name
		} else {
			r.Columns[i] = fmt.Sprintf("column %d", i+1)
		}
		if i < len(cells) {
			r.Values[i] = string(trimSpace(cells[i]))
		}
	}
	return r
}

// detect runs the detectors over one cell into w.matches, w.owner and
// w.keep.
func (w *worker) detect(cell []byte, ctx []detectors.Context, set *detectors.GateSet, cs *colStats, gm *detectors.GateMemo) {
	gates := set.Gates
	facts := &w.facts
	// A cell that is one record ID (a UUID, a Salesforce ID) is a
	// record's key: only the detectors that read one whole (an
	// advertising ID, a login) are asked, and the memo, which would hold
	// a shape per ID, is not.
	id := detectors.IsRecordID(cell)
	var pass uint64
	var memo, letters bool
	if gm != nil && !id {
		// The gates a cell of this shape passes, remembered per column.
		pass, letters, memo = gm.Lookup(cell, set, facts)
	}
	var f detectors.Features
	var mask uint64
	var fast bool
	if !memo {
		if w.featOK {
			f = w.feat // the text probe read the whole cell
		} else {
			f = detectors.Scan(cell)
		}
		mask, fast = set.Admitted(f)
		facts.Reset()
		if id {
			mask &= set.IDGates()
		}
		letters = f.Letters > 0
	}
	noLetters := !letters
	w.matches, w.owner, w.keep = w.matches[:0], w.owner[:0], w.keep[:0]
	w.scratch.NewCell()
	// Detectors run in priority order. A match that overlaps an earlier
	// kept match of another detector loses (an IBAN's digits are no phone),
	// so once a kept match spans the whole cell no later detector can add
	// anything, and the rest are skipped.
	for gi := 0; gi < len(gates); gi++ {
		if memo {
			if gi, pass = detectors.Next(pass); gi < 0 {
				break
			}
		} else {
			if fast {
				// The set's masks have admitted the gates in mask already.
				if gi, mask = detectors.Next(mask); gi < 0 {
					break
				}
			} else if !gates[gi].Admit(f) || id && !gates[gi].WholeID {
				continue
			}
			if !gates[gi].AdmitMore(cell, f, facts) {
				continue
			}
		}
		di := int(gates[gi].Det)
		if w.note[di] && w.scratch.NoNoteTerms() {
			continue // an earlier category's pass found no term of any
		}
		n := len(w.matches)
		c := ctx[di]
		c.Scratch = &w.scratch
		// Normalized values are only read for samples, which a batch
		// takes from its first few matches, and in a subject search.
		c.SkipNormalized = w.subject == nil && (w.showValues || cs.lean(di))
		c.NoLetters = noLetters
		w.matches = w.dets[di].Find(cell, c, w.matches)
		whole := false
		for i := n; i < len(w.matches); i++ {
			w.owner = append(w.owner, di)
			ok := true
			for k := 0; k < n; k++ {
				if w.keep[k] && overlap(&w.matches[k], &w.matches[i]) {
					ok = false
					break
				}
			}
			w.keep = append(w.keep, ok)
			whole = whole || ok && w.matches[i].WholeCell
		}
		if whole {
			break
		}
	}
}

// count counts the matches detect found (or the cache held) in one cell.
// It reports whether a medium or high confidence match was kept (the row
// holds personal data, for the row rules).
func (w *worker) count(cell []byte, row int64, ctx []detectors.Context, cs *colStats) (pii bool) {
	if len(w.matches) == 0 {
		return false
	}
	// Per detector: count the cell once, by its best confidence (seen);
	// a cell of one match, the most common, needs no bookkeeping.
	seen := w.seen
	single := len(w.matches) == 1
	if !single {
		for _, di := range w.owner {
			seen[di] = detectors.ConfidenceNone
			seen[di+len(w.dets)] = detectors.ConfidenceNone
		}
	}
	for i := range w.matches {
		if !w.keep[i] {
			continue
		}
		m := &w.matches[i]
		di := w.owner[i]
		slot := di
		if m.Test {
			// Published example values count apart, reported as info.
			slot += len(w.dets)
		}
		ks := cs.kind(slot)
		ev := &ks.mh
		if m.Confidence <= detectors.Low {
			ev = &ks.low
		} else if m.Confidence == detectors.High {
			ks.high++
		}
		if m.Confidence > detectors.Low {
			pii = true
		}
		ev.values++
		if m.AlsoVersion {
			ks.alsoVersion++
		}
		ev.rows.add(row)
		if di == w.emailDet && m.WholeCell && roleMailbox(cell[m.Start:m.End]) {
			// Alone in its cell: "Jan Jansen <info@...>" names the person
			// the mailbox is read by.
			ks.role++
		}
		if kind := w.person[di]; kind != "" && slot == di {
			ks.addPerson(w.sketchKey, kind, cell[m.Start:m.End], w.floor[w.floorCol+di])
		}
		if !ev.samples.full() && ks.tries < maskTries {
			if m.Normalized == "" && !w.showValues {
				m.Normalized = w.normalize(di, cell, ctx[di], m)
			}
			if w.showValues || m.Normalized != "" {
				ks.tries++
				ev.samples.add(sample{row: row, text: w.render(di, cell, m)})
			}
		}
		if slot == di && di < 64 && cs.leanSet&(1<<di) == 0 && !ks.wantNormalized() {
			cs.leanSet |= 1 << di
		}
		if single {
			ks.cellsAny++
			if m.Confidence > detectors.Low {
				ks.cellsMH++
			}
		} else if m.Confidence > seen[slot] {
			if seen[slot] == detectors.ConfidenceNone {
				ks.cellsAny++
			}
			if m.Confidence > detectors.Low && seen[slot] <= detectors.Low {
				ks.cellsMH++
			}
			seen[slot] = m.Confidence
		}
	}
	return pii
}

// normalize runs detector di again on the cell, this time building the
// normalized values, and returns that of the match with m's span: for a
// sample wanted after Find was told to skip them.
func (w *worker) normalize(di int, cell []byte, c detectors.Context, m *detectors.Match) string {
	w.scratch.NewCell() // the cell may come from the cache: what the scratch holds is not about it
	c.Scratch = &w.scratch
	w.renorm = w.dets[di].Find(cell, c, w.renorm[:0])
	for _, x := range w.renorm {
		if x.Start == m.Start && x.End == m.End {
			return x.Normalized
		}
	}
	return ""
}

// render is the only conversion of a match to text: masked, unless the user
// asked for raw values.
func (w *worker) render(di int, cell []byte, m *detectors.Match) string {
	if w.showValues && !detectors.IsSecret(w.dets[di]) {
		return string(cell[m.Start:m.End])
	}
	return w.dets[di].Mask(m.Normalized)
}

func overlap(a, b *detectors.Match) bool { return a.Start < b.End && b.Start < a.End }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}
