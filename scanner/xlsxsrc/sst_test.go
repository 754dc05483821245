package xlsxsrc

import "archive/zip"

// readSharedStrings loads the shared strings part whole, up to the limits
// of opt (count and bytes), for the tests that read a part on its own.
func readSharedStrings(f *zip.File, opt *Options) (*sharedStrings, error) {
	s, err := startSharedStrings(f, opt)
	if err != nil {
		return nil, err
	}
	if err := s.wait(); err != nil {
		s.release()
		return nil, err
	}
	return s, nil
}

// get returns string i of those published, or nil when there is none.
func (s *sharedStrings) get(i int) []byte {
	if s == nil {
		return nil
	}
	return s.view.Load().get(i)
}
