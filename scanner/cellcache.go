package scanner

import (
	"hash/maphash"

	"github.com/crmscan/crmscan/detectors"
)

// A CRM export repeats many values: places, tussenvoegsels, salutations,
// statuses, countries, first names, the stock phrases of notes. The
// detectors are pure functions of a cell and its column, so a worker
// remembers the matches of the recent distinct values of each column and
// reuses them when a value comes again, skipping the prefilters and
// detectors. A column whose values do not repeat turns the cache off after
// a trial, so it costs a hash per cell for its first cells only. A column
// whose values repeat but do not fit (a thousand first names in 64 slots
// push each other out) grows its cache, up to a share of the table's.

const (
	cacheSlotsMin = 64      // per column, to start with; direct-mapped by the value's hash
	cacheSlotsMax = 4096    // per column at most
	cacheEntries  = 1 << 17 // per table at most, all columns together: a wide table's columns grow less
	cacheMaxKey   = 160     // longer values are not cached
	cacheTrial    = 1024    // lookups after which a column's hit rate is judged, and the next windows' evictions
	cacheTables   = 4       // tables whose caches a worker keeps
	// cacheWorkerGrown bounds the slots a worker's columns grow beyond
	// cacheSlotsMin, all its tables together: a worker a core, and a
	// machine of many cores scanning many tables whose columns repeat
	// would otherwise hold cacheEntries for each of cacheTables tables
	// in each worker.
	cacheWorkerGrown = 1 << 17
	// cacheWorkerMemos bounds the gate memo slots of a worker's columns
	// (48 bytes each: 3 MiB, the memos of 256 columns).
	cacheWorkerMemos = 1 << 16
	// cacheShadowFrom is the lookup from which the first window tracks
	// the cache of max slots (colCache.shadow): a table of a few rows
	// never makes one.
	cacheShadowFrom = 128
)

// cacheSlotsFor returns the slots a column of a table of ncols columns
// may grow to: a power of two.
func cacheSlotsFor(ncols int) int {
	n := cacheSlotsMax
	for n > cacheSlotsMin && n*ncols > cacheEntries {
		n /= 2
	}
	return n
}

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
	// mention and text are what scanAt read of the value besides its
	// matches: a note's mention of a person, and words (colStats).
	mention, text bool
}

// colCache is one column's cache in one worker.
type colCache struct {
	// memo: the gates each shape of cell passes (detectors.GateMemo),
	// kept here for the column's lifetime; it serves the cells the cache
	// does not hold, and goes on when the cache is off.
	memo   detectors.GateMemo
	off    bool
	judged bool // the first window's hit rate was judged
	// in the current window of cacheTrial lookups: the lookups, those
	// that found their value, and those that found another in its slot
	lookups, hits, evictions int
	max                      int  // the slots it may grow to (cacheSlotsFor)
	grown                    *int // the worker's slots beyond cacheSlotsMin (cellCaches.grown)
	slots                    []cacheEntry
	// During the first window, from lookup cacheShadowFrom on: the hash
	// tags of a cache of max slots (shadow) and what it would have found
	// (shadowHits), which judge the column by the cache it may have, not
	// by its first slots.
	shadow     []uint32
	shadowHits int
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
	grown  int           // slots beyond cacheSlotsMin, all columns (cacheWorkerGrown)
	// memoFree: the gate memo slots the worker's columns may still take,
	// of cacheWorkerMemos (a table of 10,000 columns would take 120 MB).
	memoFree int
}

func newCellCaches() cellCaches {
	return cellCaches{seed: maphash.MakeSeed(), memoFree: cacheWorkerMemos}
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
	for i := range tc.cols {
		tc.cols[i].memo.Release() // the table's memos are another's
	}
	n := len(t.cols) + 1
	if cap(tc.cols) >= n {
		tc.cols = tc.cols[:n]
		for i := range tc.cols {
			// The slots' memory is reused, their entries not: an entry
			// left set would answer for a value of another table's
			// column, whose detector contexts (column name hints) differ,
			// and which entries survive depends on the random hash seed.
			// A grown cache is let go, and its slots given back.
			slots := tc.cols[i].slots[:cap(tc.cols[i].slots)]
			if len(slots) > cacheSlotsMin {
				c.grown -= len(slots) - cacheSlotsMin
				slots = nil
			}
			for j := range slots {
				slots[j].set = false
			}
			tc.cols[i] = colCache{slots: slots[:0]}
		}
	} else {
		tc.cols = make([]colCache, n)
	}
	max := cacheSlotsFor(n)
	for i := range tc.cols {
		tc.cols[i].max, tc.cols[i].grown = max, &c.grown
		tc.cols[i].memo.Free = &c.memoFree
	}
	return tc.cols
}

// entry returns the slot for cell and whether it holds cell's matches.
func (c *colCache) entry(seed maphash.Seed, cell []byte) (*cacheEntry, bool) {
	if len(c.slots) == 0 {
		if cap(c.slots) < cacheSlotsMin { // else reused from another table
			c.slots = make([]cacheEntry, cacheSlotsMin)
		}
		c.slots = c.slots[:cacheSlotsMin]
	}
	h := maphash.Bytes(seed, cell)
	if !c.judged && c.lookups >= cacheShadowFrom {
		if c.shadow == nil {
			c.shadow = make([]uint32, c.max)
		}
		tag := uint32(h>>32) | 1 // 0: empty
		if t := &c.shadow[h&uint64(c.max-1)]; *t == tag {
			c.shadowHits++
		} else {
			*t = tag
		}
	}
	e := &c.slots[h&uint64(len(c.slots)-1)]
	c.lookups++
	found := e.set && string(e.key) == string(cell)
	if found {
		c.hits++
	} else if e.set {
		c.evictions++
	}
	if c.lookups == cacheTrial {
		grow := 0
		if !c.judged {
			if n := c.lookups - cacheShadowFrom; c.shadowHits*5 < n {
				// Under one value in five repeats, even in the largest
				// cache: not worth it.
				c.off, c.shadow = true, nil
				return e, found
			}
			if c.hits*5*(c.lookups-cacheShadowFrom) < c.shadowHits*4*c.lookups {
				grow = c.max // the values that repeat fit only a larger cache
			}
			c.shadow = nil
		}
		if c.evictions*8 > c.lookups {
			// More than one lookup in eight pushed another value out:
			// the values that repeat do not fit.
			grow = max(grow, 4*len(c.slots))
		}
		grow = min(grow, c.max)
		if c.grown != nil {
			// within what the worker's columns may grow together
			for grow > len(c.slots) && *c.grown+grow-len(c.slots) > cacheWorkerGrown {
				grow /= 2
			}
		}
		if grow > len(c.slots) {
			c.grow(seed, grow)
			if e = &c.slots[h&uint64(len(c.slots)-1)]; found {
				found = e.set && string(e.key) == string(cell)
			}
		}
		c.judged, c.lookups, c.hits, c.evictions, c.shadowHits = true, 0, 0, 0, 0
	}
	return e, found
}

// grow makes the cache n slots large, keeping its entries where they do
// not collide.
func (c *colCache) grow(seed maphash.Seed, n int) {
	old := c.slots
	if c.grown != nil {
		*c.grown += n - len(old)
	}
	c.slots = make([]cacheEntry, n)
	mask := uint64(len(c.slots) - 1)
	for i := range old {
		if old[i].set {
			if e := &c.slots[maphash.Bytes(seed, old[i].key)&mask]; !e.set {
				*e = old[i]
			}
		}
	}
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
