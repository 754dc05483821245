package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/crmscan/crmscan/scanner"
)

// progress shows, on stderr, bytes read of bytes known, sources done of
// sources found, rows read and the current source; only when stderr is a
// terminal and not in CI.
type progress struct {
	w       io.Writer
	bar     *progressbar.ProgressBar
	rows    atomic.Int64
	mu      sync.Mutex
	current string
	done    int
	started int
}

var _ scanner.SourceProgress = (*progress)(nil)

func newProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("CI") != "" {
		return nil
	}
	return &progress{w: stderr}
}

func (p *progress) Start(total int64) {
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("scanning"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)
}

func (p *progress) Read(n int64) {
	if p.bar != nil {
		_ = p.bar.Add64(n)
	}
}

func (p *progress) Rows(n int64) {
	p.rows.Add(n)
	p.describe()
}

func (p *progress) SourceStarted(name string) {
	p.mu.Lock()
	p.current = filepath.Base(name)
	p.started++
	p.mu.Unlock()
	p.describe()
}

func (p *progress) SourceDone(string) {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
	p.describe()
}

func (p *progress) describe() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	d := fmt.Sprintf("%d/%d sources, %d rows, %s", p.done, p.started, p.rows.Load(), p.current)
	p.mu.Unlock()
	p.bar.Describe(d)
}

func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
