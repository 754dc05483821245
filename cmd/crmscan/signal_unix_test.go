//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// SIGTERM ends a scan as Ctrl-C does: the report is still written, marked
// incomplete (issue 19).
func TestSIGTERMStopsTheScan(t *testing.T) {
	inRepo(t)
	ctx, stop := signalContext()
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("SIGTERM did not cancel the scan's context")
	}
	out := filepath.Join(t.TempDir(), "report.json")
	var stdout, stderr bytes.Buffer
	run(ctx, []string{"scan", "-q", "-o", out, "testdata/crm"}, &stdout, &stderr)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no report written: %v (%s)", err, stderr.String())
	}
	var rep struct {
		Scan struct {
			Incomplete bool `json:"incomplete"`
		} `json:"scan"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || !rep.Scan.Incomplete {
		t.Errorf("report not marked incomplete (%v): %.300s", err, b)
	}
}
