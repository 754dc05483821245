package atomicfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// failAfter is a device that fills up after n bytes.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k, _ := f.w.Write(p[:f.n])
		f.n = 0
		return k, errors.New("no space left on device (simulated)")
	}
	f.n -= len(p)
	return f.w.Write(p)
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestFullDisk: a write that fails half way leaves the previous report as
// it was and no temporary file.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	old := `{"old": true}` + "\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	wrap = func(w io.Writer) io.Writer { return &failAfter{w: w, n: 10} }
	defer func() { wrap = nil }()
	err := Write(path, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Repeat(`{"new": 1}`, 100))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("err = %v, want the device's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != old {
		t.Errorf("the previous report changed: %q", b)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only report.json", got)
	}

	// A writer that fails by itself (an encoder's error) is the same.
	err = Write(filepath.Join(dir, "new.json"), 0o644, func(w io.Writer) error {
		io.WriteString(w, "{")
		return errors.New("encode failed")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only report.json", got)
	}
}

// TestConcurrentWriters: reports written at once to one path never leave
// an invalid one, nor temporary files.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				err := Write(path, 0o644, func(w io.Writer) error {
					fmt.Fprintf(w, `{"writer": %d, "round": %d, "pad": "`, i, j)
					for range 200 {
						io.WriteString(w, strings.Repeat("x", 512)) // many small writes
					}
					_, err := io.WriteString(w, "\"}\n")
					return err
				})
				if err != nil {
					t.Error(err)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Error(err)
					continue
				}
				if !json.Valid(b) {
					t.Errorf("invalid JSON after a write (%d bytes)", len(b))
				}
			}
		}()
	}
	wg.Wait()
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q, want only report.json", got)
	}
}

// TestModes: the mode asked for, also over a file that had a wider one;
// a symbolic link keeps pointing at the replaced file.
func TestModes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "raw.json")
	os.WriteFile(path, []byte("{}"), 0o644)
	os.Chmod(path, 0o644)
	if err := Write(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(path, link); err != nil {
		t.Skip(err)
	}
	if err := Write(link, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, `{"via": "link"}`); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(path); string(b) != `{"via": "link"}` {
		t.Errorf("target holds %q", b)
	}
}

// TestNotRegular: /dev/null (and any device or FIFO) is written directly.
func TestNotRegular(t *testing.T) {
	if _, err := os.Stat(os.DevNull); err != nil {
		t.Skip(err)
	}
	if err := Write(os.DevNull, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s was replaced: %v %v", os.DevNull, fi, err)
	}
}
