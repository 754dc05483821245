package rules

import "sync/atomic"

// The embedded tables are parsed (TOML, some 100 million instructions
// together) on first use, which in every scan is at start-up, on the path
// before the first cell is read. init starts that parse on another core
// while the packages initialised after this one (libphonenumber's
// metadata, the cloud storage SDKs) do their own work, in the order they
// are asked for: the detectors' descriptions and the note lexicons (the
// detectors package's init), the Set of the first Default call (the
// command line), the column names (the first header read). A caller that
// comes first waits for the parse in its sync.Once; the first Default
// call waits for its Set.
func init() {
	go func() {
		specs.once.Do(loadSpecs)
		lexicons.once.Do(loadLexicons)
		s, err := parseDefault()
		prefetched <- setResult{s, err}
		columns.once.Do(loadColumns)
	}()
}

// prefetched holds the Set parsed at init for the first Default call;
// later calls parse their own, so that no two callers share one.
var (
	prefetched = make(chan setResult, 1)
	taken      atomic.Bool // the first Default call has taken it
)

type setResult struct {
	s   *Set
	err error
}
