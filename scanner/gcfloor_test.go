package scanner

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads the collector's percent.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestGCFloor: while a scan runs with a small live heap, a collection
// leaves the garbage its headroom (the percent goes up); a large report's
// lower percent is kept; the percent asked for comes back when the scan
// ends; a GOGC in the environment is left alone.
func TestGCFloor(t *testing.T) {
	if _, set := os.LookupEnv("GOGC"); set {
		t.Skip("GOGC is set: the floor stays off")
	}
	base := gcPercent()
	stop := startGCFloor()
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() <= base && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond) // the finalizer runs on its own goroutine
	}
	if p := gcPercent(); p <= base || p > gcMaxPercent {
		t.Errorf("percent %d with a small live heap, want above %d and at most %d", p, base, gcMaxPercent)
	}
	lowerGCPercent(20)
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if p := gcPercent(); p != 20 {
		t.Errorf("percent %d after a large report asked for 20", p)
	}
	stop()
	stop() // a second stop changes nothing
	if p := gcPercent(); p != 20 {
		t.Errorf("percent %d once the scan ended, want the 20 asked for", p)
	}
	debug.SetGCPercent(base)

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	defer debug.SetGCPercent(base)
	stop = startGCFloor()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if p := gcPercent(); p != 50 {
		t.Errorf("percent %d with GOGC=50", p)
	}
	stop()
}
