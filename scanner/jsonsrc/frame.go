package jsonsrc

import "errors"

// mode says where the records of a document are.
type mode uint8

const (
	modeValues mode = iota // each top-level value (NDJSON, JSON Lines, one object)
	modeArray              // the elements of a top-level array
	modeObject             // the elements of the arrays held by a top-level object ({"contacts": [...]})
)

var (
	errMalformed = errors.New("malformed JSON")
	errTooDeep   = errors.New("JSON nested too deeply")
)

const maxDepth = 512

// framer finds record boundaries in a JSON stream, tracking strings and
// nesting only; records are parsed later, by the workers.
type framer struct {
	mode  mode
	depth int
	stack []byte // '{' or '[' for each open container
	inStr bool
	esc   bool
	inRec bool
	line  int64 // current line, 1-based
	// recLine is the line a record started on.
	recLine int64
	// key holds the last string seen at depth 1 of an object document (its
	// record array's name, for the report).
	started bool
}

func newFramer(m mode) framer { return framer{mode: m, line: 1, stack: make([]byte, 0, 16)} }

// startsRecord reports whether a container opening at the current depth is
// a record.
func (f *framer) startsRecord() bool {
	switch f.mode {
	case modeValues:
		return f.depth == 0
	case modeArray:
		return f.depth == 1 && f.stack[0] == '['
	default:
		return f.depth == 2 && f.stack[0] == '{' && f.stack[1] == '['
	}
}

// scan advances over p. It returns the offset just past the end of the
// first record that ends in p (end > 0), and the offset where the record
// began if it began in p (start >= 0, else -1). A caller feeds the rest of
// p again after a record ends.
func (f *framer) scan(p []byte) (start, end int, err error) {
	start = -1
	for i := 0; i < len(p); i++ {
		c := p[i]
		if f.inStr {
			// fast path over the string's body
			for ; i < len(p); i++ {
				c = p[i]
				if f.esc {
					f.esc = false
					continue
				}
				if c == '\\' {
					f.esc = true
				} else if c == '"' {
					f.inStr = false
					break
				} else if c == '\n' {
					f.line++ // invalid in JSON, but keep lines right
				}
			}
			continue
		}
		switch c {
		case '"':
			f.inStr = true
		case '{', '[':
			if !f.inRec && f.startsRecord() {
				f.inRec = true
				f.recLine = f.line
				start = i
			}
			if f.depth >= maxDepth {
				return start, 0, errTooDeep
			}
			f.stack = append(f.stack, c)
			f.depth++
		case '}', ']':
			if f.depth == 0 {
				return start, 0, errMalformed
			}
			open := f.stack[f.depth-1]
			if (c == '}') != (open == '{') {
				return start, 0, errMalformed
			}
			f.stack = f.stack[:f.depth-1]
			f.depth--
			if f.inRec && f.startsRecord() {
				f.inRec = false
				return start, i + 1, nil
			}
		case '\n':
			f.line++
		}
	}
	return start, 0, nil
}

// detectMode decides where the records are from the head of the input.
func detectMode(head []byte, eof bool) (mode, error) {
	i := skipSpace(head, 0)
	if i == len(head) {
		return 0, errEmpty
	}
	switch head[i] {
	case '[':
		return modeArray, nil
	case '{':
	default:
		return 0, errNotJSON
	}
	f := newFramer(modeValues)
	_, end, err := f.scan(head[i:])
	if err != nil {
		return 0, err
	}
	if end == 0 {
		return modeObject, nil // one document larger than the head
	}
	j := skipSpace(head, i+end)
	if j < len(head) {
		return modeValues, nil // another value follows: NDJSON
	}
	if !eof {
		return modeObject, nil
	}
	// One whole document: its arrays if it has any, else itself.
	f = newFramer(modeObject)
	if _, end, _ := f.scan(head[i:]); end > 0 {
		return modeObject, nil
	}
	return modeValues, nil
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t' || p[i] == 0xEF || p[i] == 0xBB || p[i] == 0xBF) {
		i++
	}
	return i
}
