// Package atomicfile writes report files so that a reader never sees a
// partial one: the content goes to a temporary file in the target's
// folder, is synced, and is renamed over the target. On any failure the
// previous file stays as it was and the temporary file is removed.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// wrap, when set (tests), wraps the temporary file's writer: it simulates
// a full disk or a failing device.
var wrap func(io.Writer) io.Writer

// Write calls write with a writer for path and makes what it wrote path's
// content. The file gets mode perm less the umask, also when it replaces
// one: a report with raw values is never left readable by others because
// an older one was.
//
// When path exists and is not a regular file (/dev/null, a FIFO, a
// terminal), write goes straight to it: there is nothing to replace.
func Write(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	target := path
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return writeDirect(path, write)
		}
		// Replace the file a symbolic link points at, not the link.
		if t, err := filepath.EvalSymlinks(path); err == nil {
			target = t
		}
	}
	dir := filepath.Dir(target)
	f, tmp, err := create(dir, filepath.Base(target), perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	var w io.Writer = f
	if wrap != nil {
		w = wrap(f)
	}
	if err = write(w); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(tmp, target); err != nil {
		return err
	}
	// The rename itself is durable once the folder is synced; a folder
	// that cannot be synced (some network file systems) is no failure.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// create makes a new temporary file beside the target, hidden and named
// after it, so that a leftover of a killed process is recognisable.
func create(dir, base string, perm fs.FileMode) (*os.File, string, error) {
	for range 100 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, "", err
		}
		tmp := filepath.Join(dir, "."+base+"."+hex.EncodeToString(r[:])+".tmp")
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm&0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, tmp, err
	}
	return nil, "", fmt.Errorf("%s: no free temporary name", dir)
}

func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
