package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmscan/crmscan/reporters"
)

func report(n int) *reporters.Report {
	r := &reporters.Report{Schema: reporters.Schema, KeyID: "k-12345678",
		Scan:    reporters.ScanInfo{Started: fmt.Sprintf("2026-0%d-01T10:00:00Z", n), Finished: fmt.Sprintf("2026-0%d-01T10:01:00Z", n), Targets: []string{"exports/"}},
		Sources: []reporters.Source{{ID: "s1", RowsScanned: 100}},
		Summary: reporters.Summary{Findings: n, BySeverity: map[string]int{"high": n}},
	}
	for i := range n {
		r.Findings = append(r.Findings, reporters.Finding{ID: fmt.Sprintf("F-%06d", i), Rule: "pii.iban", Severity: "high"})
	}
	r.Checklist = []reporters.Checklist{{Step: 3, Status: "fail", Findings: []string{"F-000000"}}, {Step: 6, Status: "manual"}}
	return r
}

func TestStoreListResolve(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for i := 1; i <= 4; i++ {
		if _, err := h.Store(ctx, report(i)); err != nil {
			t.Fatal(err)
		}
	}
	scans, err := h.List(ctx)
	if err != nil || len(scans) != 4 {
		t.Fatalf("List = %d scans, %v", len(scans), err)
	}
	if s := scans[3]; s.Findings != 4 || s.BySeverity["high"] != 4 || s.Steps[3].Findings != 1 || s.Steps[3].Status != "fail" || s.KeyID != "k-12345678" || s.RowsScanned != 100 {
		t.Errorf("scan 4 = %+v", s)
	}
	for sel, want := range map[string]int64{"latest": 4, "previous": 3, "-2": 2, "1": 1} {
		if id, err := h.Resolve(ctx, sel); err != nil || id != want {
			t.Errorf("Resolve(%q) = %d, %v; want %d", sel, id, err, want)
		}
	}
	if _, err := h.Resolve(ctx, "9"); !errors.Is(err, ErrNoScan) {
		t.Errorf("Resolve(9) = %v, want ErrNoScan", err)
	}
	rep, err := h.Report(ctx, 2)
	if err != nil || len(rep.Findings) != 2 || rep.Scan.Started != "2026-02-01T10:00:00Z" {
		t.Errorf("Report(2) = %+v, %v", rep, err)
	}
	if tr := Trend(scans, 3); len(tr) != 3 || tr[2].Findings != 4 || tr[0].Scan != 2 || tr[2].ByStep["3"] != 1 {
		t.Errorf("Trend = %+v", tr)
	}
	raw := report(1)
	raw.Scan.ShowValues = true
	if _, err := h.Store(ctx, raw); !errors.Is(err, ErrRawValues) {
		t.Errorf("Store of a report with raw values = %v, want ErrRawValues", err)
	}
	// Reopening migrates nothing and keeps everything.
	h.Close()
	h2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	if scans, _ := h2.List(ctx); len(scans) != 4 {
		t.Errorf("after reopening: %d scans", len(scans))
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, err := Open(path) // a writer of its own, as another process would be
			if err != nil {
				errs <- err
				return
			}
			defer h.Close()
			for i := range 2 {
				if _, err := h.Store(ctx, report(1+(w+i)%5)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	h, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if scans, err := h.List(ctx); err != nil || len(scans) != 8 {
		t.Errorf("after 4 writers of 2 scans: %d scans, %v", len(scans), err)
	}
}

// TestKilledMidWrite kills a process while it stores a scan: the earlier
// scans are intact and the database opens.
func TestKilledMidWrite(t *testing.T) {
	if path := os.Getenv("CRMSCAN_HISTORY_CHILD"); path != "" {
		h, err := Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		storeHook = func() {
			fmt.Println("in transaction")
			time.Sleep(time.Minute)
		}
		h.Store(context.Background(), report(5))
		os.Exit(0)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := h.Store(ctx, report(i)); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledMidWrite$")
	cmd.Env = append(os.Environ(), "CRMSCAN_HISTORY_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf) // blocks until the child is inside the transaction
	if !strings.Contains(string(buf[:n]), "in transaction") {
		t.Fatalf("child said %q", buf[:n])
	}
	cmd.Process.Kill()
	cmd.Wait()
	h, err = Open(path)
	if err != nil {
		t.Fatalf("after a killed writer: %v", err)
	}
	defer h.Close()
	scans, err := h.List(ctx)
	if err != nil || len(scans) != 3 {
		t.Fatalf("after a killed writer: %d scans, %v; want the 3 earlier ones", len(scans), err)
	}
	if _, err := h.Store(ctx, report(4)); err != nil {
		t.Errorf("storing after a killed writer: %v", err)
	}
}

func TestDamagedOrForeignDatabase(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a database ", 400)), 0o600)
	if _, err := Open(junk); err == nil || !strings.Contains(err.Error(), junk) {
		t.Errorf("Open of a junk file = %v, want an error naming it", err)
	}
	if b, _ := os.ReadFile(junk); !strings.HasPrefix(string(b), "not a database") {
		t.Error("the junk file was overwritten")
	}
	foreign := filepath.Join(dir, "crm.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE contacts (email TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(foreign); err == nil || !strings.Contains(err.Error(), "not a crmscan audit history") {
		t.Errorf("Open of another SQLite database = %v", err)
	}
	// A history whose file was cut short is an error, not an empty history.
	path := filepath.Join(dir, "audit.db")
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		h.Store(context.Background(), report(i))
	}
	h.Close()
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)/2], 0o600)
	os.Remove(path + "-wal")
	if h, err := Open(path); err == nil {
		_, lerr := h.List(context.Background())
		h.Close()
		if lerr == nil {
			t.Error("a history cut in half opened and listed without an error")
		}
	}
}
