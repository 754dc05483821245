package xlsxsrc

import (
	"archive/zip"
	"fmt"
)

// sharedStrings holds the workbook's shared strings, decoded, in one
// buffer: string i is data[offs[i]:offs[i+1]]. Read-only once loaded, it is
// shared by the workers that parse the sheets' rows.
type sharedStrings struct {
	data []byte
	offs []uint32
}

func (s *sharedStrings) get(i int) []byte {
	if s == nil || i < 0 || i+1 >= len(s.offs) {
		return nil
	}
	return s.data[s.offs[i]:s.offs[i+1]:s.offs[i+1]]
}

// span returns the bounds of string i in data.
func (s *sharedStrings) span(i int) (uint32, uint32, bool) {
	if s == nil || i < 0 || i+1 >= len(s.offs) {
		return 0, 0, false
	}
	return s.offs[i], s.offs[i+1], true
}

func (s *sharedStrings) len() int {
	if s == nil || len(s.offs) == 0 {
		return 0
	}
	return len(s.offs) - 1
}

// readSharedStrings loads the shared strings part, up to the limits of
// opt (count and bytes).
func readSharedStrings(f *zip.File, opt *Options) (*sharedStrings, error) {
	pr, rc, err := openPart(f, opt)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := &sharedStrings{offs: []uint32{0}}
	c := newCutter(pr, "si", opt.MaxRowBytes, 16<<10, "shared string")
	for {
		_, _, content, ok, err := c.next()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if !ok {
			return s, nil
		}
		if err := s.add(content, opt); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
}

// add appends one <si> item (its content) to the table.
func (s *sharedStrings) add(content []byte, opt *Options) error {
	if s.len() >= opt.MaxSharedStrings {
		return fmt.Errorf("%w: over %d shared strings", ErrLimit, opt.MaxSharedStrings)
	}
	s.data = appendRich(s.data, content)
	if int64(len(s.data)) > opt.MaxSharedBytes {
		return fmt.Errorf("%w: shared strings over %d MiB", ErrLimit, opt.MaxSharedBytes>>20)
	}
	s.offs = append(s.offs, uint32(len(s.data)))
	return nil
}
