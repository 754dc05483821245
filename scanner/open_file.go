package scanner

import (
	"os"
	"syscall"
)

// openRegular opens a file for reading without ever blocking in open(2): a
// FIFO put in a file's place after the walk would otherwise hang the scan
// (O_NONBLOCK makes open return at once; it changes nothing for a regular
// file). Anything but a regular file is refused before a byte is read.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, describeStatErr(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, describeStatErr(err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, errNotRegular
	}
	return f, nil
}
