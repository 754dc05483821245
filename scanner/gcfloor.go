package scanner

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The collector runs when the heap has grown by GOGC percent of what was
// live after the last collection. A scan's live heap is small (the
// batches in flight, the caches, the counts: tens of MiB), so with the
// default of 100 a reader that allocates for every value it returns
// (the MySQL driver boxes each one) has the collector run every few MiB:
// 44 collections for a 1,000,000-row MariaDB table, about 8% of its time.
//
// While a scan runs, the GC floor gives the garbage at least gcHeadroom of
// room between collections: after each collection it sets the percent
// that gives that room for the heap that is live, never below the
// percent asked for (GOGC, or the lower one a large report asks for,
// lowerGCPercent), so a heap of hundreds of MiB (a large workbook's shared
// strings, a large report) is collected as before. A GOGC set in the
// environment is left alone.
const (
	gcHeadroom   = 64 << 20
	gcMaxPercent = 2000
)

var gcFloor struct {
	mu    sync.Mutex
	users int // scans running
	base  int // the percent asked for
	set   int // the percent set last
	gen   int // one per start, so that a finalizer of an earlier run stops
	live  []metrics.Sample
	owned bool // the floor set the percent (GOGC was not in the environment)
}

// startGCFloor starts the floor for one scan and returns its stop.
func startGCFloor() (stop func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	f := &gcFloor
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users++
	if f.users == 1 {
		f.base = debug.SetGCPercent(100)
		debug.SetGCPercent(f.base)
		if f.base < 0 {
			f.users--
			return func() {}
		}
		f.set, f.owned = f.base, true
		f.gen++
		f.live = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		armGCFloor(f.gen)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.users--; f.users == 0 && f.owned {
				debug.SetGCPercent(f.base)
				f.owned = false
				f.gen++
			}
		})
	}
}

// gcSentinel is garbage whose finalizer runs after each collection; it is
// large enough not to share a block with other tiny objects, whose
// finalizers may never run.
type gcSentinel struct{ _ [32]byte }

func armGCFloor(gen int) {
	runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) {
		f := &gcFloor
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.gen != gen || !f.owned {
			return // the scans are over, or another run of the floor began
		}
		metrics.Read(f.live)
		p := f.base
		if v := f.live[0].Value; v.Kind() == metrics.KindUint64 && v.Uint64() > 0 {
			p = max(p, int(min(gcHeadroom*100/v.Uint64(), gcMaxPercent)))
		}
		if p != f.set {
			debug.SetGCPercent(p)
			f.set = p
		}
		armGCFloor(gen)
	})
}

// lowerGCPercent lowers the percent to p for the rest of the process,
// unless GOGC asks for less or turns the collector off; the floor stops.
func lowerGCPercent(p int) {
	f := &gcFloor
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.owned {
		if p < f.base {
			// The floor ends: a report that large is most of the heap,
			// and the collector keeps to p until the process ends.
			f.base, f.set, f.owned = p, p, false
			f.gen++
			debug.SetGCPercent(p)
		}
		return
	}
	if prev := debug.SetGCPercent(p); prev < p {
		debug.SetGCPercent(prev) // GOGC asked for less, or off (-1)
	}
}
