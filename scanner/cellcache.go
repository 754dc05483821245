package scanner

import (
	"hash/maphash"

	"github.com/crmscan/crmscan/detectors"
)

// A CRM export repeats many values: places, tussenvoegsels, salutations,
// statuses, countries, the stock phrases of notes. The detectors are pure
// functions of a cell and its column, so a worker remembers the matches of
// the recent distinct values of each column and reuses them when a value
// comes again, skipping the prefilters and detectors. A column whose values
// do not repeat turns the cache off after a trial, so it costs a hash per
// cell for its first cells only.

const (
	cacheSlots  = 64   // per column; direct-mapped by the value's hash
	cacheMaxKey = 160  // longer values are not cached
	cacheTrial  = 1024 // lookups after which a column's hit rate is judged
	cacheTables = 4    // tables whose caches a worker keeps
)

// noCellCache turns the cache off, for tests that compare scans with and
// without it.
var noCellCache bool

// cachedMatch is a match as scanCell left it: with its detector and
// whether it survived the overlap rule.
type cachedMatch struct {
	m     detectors.Match
	owner int
	keep  bool
}

type cacheEntry struct {
	key []byte
	ms  []cachedMatch
	set bool
}

// colCache is one column's cache in one worker.
type colCache struct {
	off           bool
	lookups, hits int
	slots         []cacheEntry
}

// tableCache holds the column caches of one table.
type tableCache struct {
	t    *table
	cols []colCache
}

// cellCaches are a worker's caches of its most recent tables.
type cellCaches struct {
	seed   maphash.Seed
	tables []*tableCache // most recently used first
}

// recentTable returns the entry of t in list (most recently used first,
// at most cacheTables), moved to the front, and true; or else a new entry,
// or the least recently used one to reuse, at the front with its table
// set, and false.
func recentTable[E any](list *[]*E, t *table, tableOf func(*E) **table) (*E, bool) {
	l := *list
	for i, e := range l {
		if *tableOf(e) == t {
			copy(l[1:i+1], l[:i])
			l[0] = e
			return e, true
		}
	}
	var e *E
	if len(l) < cacheTables {
		e = new(E)
		l = append(l, nil)
	} else {
		e = l[len(l)-1] // the least recently used: reuse
	}
	copy(l[1:], l[:len(l)-1])
	l[0] = e
	*tableOf(e) = t
	*list = l
	return e, false
}

// forTable returns the column caches of t, making room if needed.
func (c *cellCaches) forTable(t *table) []colCache {
	tc, ok := recentTable(&c.tables, t, func(tc *tableCache) **table { return &tc.t })
	if ok {
		return tc.cols
	}
	n := len(t.cols) + 1
	if cap(tc.cols) >= n {
		tc.cols = tc.cols[:n]
		for i := range tc.cols {
			// The slots' memory is reused, their entries not: an entry
			// left set would answer for a value of another table's
			// column, whose detector contexts (column name hints) differ,
			// and which entries survive depends on the random hash seed.
			slots := tc.cols[i].slots[:cap(tc.cols[i].slots)]
			for j := range slots {
				slots[j].set = false
			}
			tc.cols[i] = colCache{slots: slots[:0]}
		}
	} else {
		tc.cols = make([]colCache, n)
	}
	return tc.cols
}

// entry returns the slot for cell and whether it holds cell's matches.
func (c *colCache) entry(seed maphash.Seed, cell []byte) (*cacheEntry, bool) {
	if c.slots == nil || cap(c.slots) < cacheSlots {
		c.slots = make([]cacheEntry, cacheSlots)
	}
	c.slots = c.slots[:cacheSlots]
	e := &c.slots[maphash.Bytes(seed, cell)&(cacheSlots-1)]
	c.lookups++
	if e.set && string(e.key) == string(cell) {
		c.hits++
		return e, true
	}
	if c.lookups == cacheTrial && c.hits*5 < c.lookups {
		c.off = true // under one value in five repeats: not worth it
	}
	return e, false
}

// store remembers the worker's current matches for cell.
func (e *cacheEntry) store(cell []byte, w *worker) {
	e.key = append(e.key[:0], cell...)
	e.ms = e.ms[:0]
	for i := range w.matches {
		e.ms = append(e.ms, cachedMatch{m: w.matches[i], owner: w.owner[i], keep: w.keep[i]})
	}
	e.set = true
}

// load makes the entry's matches the worker's current ones.
func (e *cacheEntry) load(w *worker) {
	w.matches, w.owner, w.keep = w.matches[:0], w.owner[:0], w.keep[:0]
	for _, c := range e.ms {
		w.matches = append(w.matches, c.m)
		w.owner = append(w.owner, c.owner)
		w.keep = append(w.keep, c.keep)
	}
}
