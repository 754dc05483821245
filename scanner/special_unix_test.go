//go:build unix

package scanner

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO named as a target is an error at once, never opened (open(2) on a
// FIFO with no writer blocks forever); in a folder, FIFOs, sockets and
// symbolic links are counted, not read (issue 19).
func TestSpecialFilesAreNeverOpened(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "contacts.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ok := filepath.Join(dir, "ok.csv")
	os.WriteFile(ok, []byte("email\njan@ziggo.nl\n"), 0o644)
	os.Symlink(ok, filepath.Join(dir, "link.csv"))
	// a socket, with a short path (sun_path holds about 100 bytes)
	sdir, err := os.MkdirTemp("", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sdir)
	sock := filepath.Join(sdir, "x.csv")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		t.Logf("no unix socket: %v", err)
		sock = ""
	}

	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		dbFifo := filepath.Join(sdir, "crm.db")
		if err := syscall.Mkfifo(dbFifo, 0o644); err != nil {
			t.Errorf("mkfifo: %v", err)
		}
		defer os.Remove(dbFifo)
		targets := []string{fifo, dbFifo}
		if sock != "" {
			targets = append(targets, sock)
		}
		rep := scan(t, testOptions(t), targets...)
		if len(rep.Errors) != len(targets) {
			t.Errorf("errors = %+v, want one per special target", rep.Errors)
		}
		for _, e := range rep.Errors {
			if !strings.Contains(e.Message, "not a regular file") {
				t.Errorf("error %q, want not a regular file", e.Message)
			}
		}

		rep = scan(t, testOptions(t), dir)
		if len(rep.Sources) != 1 || rep.Sources[0].Error != "" {
			t.Errorf("sources = %+v, want ok.csv alone", rep.Sources)
		}
		if rep.Scan.SpecialSkipped != 1 || rep.Scan.LinksSkipped != 1 {
			t.Errorf("special %d, links %d skipped, want 1 and 1", rep.Scan.SpecialSkipped, rep.Scan.LinksSkipped)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		// unblock the open so the test binary can end
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("scan of a FIFO blocked")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("scan took %v, want under a second", d)
	}
}

// A file replaced by a FIFO after the walk is refused by openRegular
// without blocking.
func TestOpenRegularRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "x.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := openRegular(fifo)
		if f != nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != errNotRegular {
			t.Errorf("err = %v, want errNotRegular", err)
		}
	case <-time.After(5 * time.Second):
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("openRegular blocked on a FIFO")
	}
}
