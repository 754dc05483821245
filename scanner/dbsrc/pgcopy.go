package dbsrc

import (
	"bytes"
	"errors"
	"fmt"
)

// copyParser decodes PostgreSQL's text COPY format as it arrives: one row
// a line ending in '\n', fields separated by tabs, \N alone for NULL, and
// backslash escapes (\b \f \n \r \t \v \\, octal \ooo, hex \xhh, and a
// backslash before any other character, a tab or newline included, for
// that character). It is an io.Writer, so pgconn's CopyTo can write the
// server's CopyData messages to it in whatever pieces they come; each
// whole row goes to row.
type copyParser struct {
	ncols int // fields a row must have
	// row receives each row's fields; a NULL is nil. The fields are valid
	// until row returns.
	row func(fields [][]byte) error

	part    []byte   // the start of a row cut off by the end of a Write
	fields  [][]byte // per-row scratch
	scratch []byte   // decoded fields of a row with escapes
	ended   bool     // the end marker \. was seen
}

func newCopyParser(ncols int, row func(fields [][]byte) error) *copyParser {
	return &copyParser{ncols: ncols, row: row, fields: make([][]byte, 0, ncols)}
}

var errCopyFormat = errors.New("malformed COPY data")

// Write parses every whole row in b and keeps the rest for the next Write.
func (p *copyParser) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		esc := false
		if len(p.part) > 0 {
			esc = trailingEscape(p.part)
		}
		end := lineEnd(b, esc)
		if end < 0 {
			p.part = append(p.part, b...)
			break
		}
		line := b[:end]
		if len(p.part) > 0 {
			p.part = append(p.part, line...)
			line = p.part
		}
		if err := p.parseLine(line); err != nil {
			return 0, err
		}
		p.part = p.part[:0]
		b = b[end+1:]
	}
	return n, nil
}

// close reports data that ended inside a row.
func (p *copyParser) close() error {
	if len(p.part) > 0 {
		return fmt.Errorf("%w: the data ends inside a row", errCopyFormat)
	}
	return nil
}

// trailingEscape reports whether a line so far ends in a backslash that
// escapes the next byte: an odd run of backslashes, since the line starts
// unescaped.
func trailingEscape(b []byte) bool {
	n := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// lineEnd returns the index of the first newline in b that no backslash
// escapes, or -1; esc says b follows a backslash that escapes its first
// byte. A run of backslashes pairs up from its start, so a newline is
// escaped when the run right before it is odd.
func lineEnd(b []byte, esc bool) int {
	from := 0
	for {
		i := bytes.IndexByte(b[from:], '\n')
		if i < 0 {
			return -1
		}
		i += from
		j := i
		for j > 0 && b[j-1] == '\\' {
			j--
		}
		odd := (i-j)%2 == 1
		if j == 0 && esc {
			odd = !odd
		}
		if !odd {
			return i
		}
		from = i + 1
	}
}

// parseLine splits one row (without its newline) into fields.
func (p *copyParser) parseLine(line []byte) error {
	if p.ended {
		return fmt.Errorf("%w: data after the end marker", errCopyFormat)
	}
	if len(line) == 2 && line[0] == '\\' && line[1] == '.' {
		p.ended = true
		return nil
	}
	f := p.fields[:0]
	if bytes.IndexByte(line, '\\') < 0 {
		// The common row: no escapes, no NULL; fields are slices of line.
		for {
			i := bytes.IndexByte(line, '\t')
			if i < 0 {
				f = append(f, line)
				break
			}
			f = append(f, line[:i])
			line = line[i+1:]
		}
	} else {
		// A row with a NULL or an escape: each field is cut at the next
		// tab and, unless it holds a backslash, is a slice of line; only
		// a field with a backslash is decoded (decodeField, which finds
		// its real end: "\<tab>" is an escaped tab). Decoding never
		// lengthens a field, so scratch does not move while fields point
		// into it.
		if cap(p.scratch) < len(line) {
			p.scratch = make([]byte, 0, len(line))
		}
		out := p.scratch[:0]
		for i := 0; ; {
			end := len(line)
			if t := bytes.IndexByte(line[i:], '\t'); t >= 0 {
				end = i + t
			}
			switch field := line[i:end:end]; {
			case bytes.IndexByte(field, '\\') < 0:
				f = append(f, field)
			case len(field) == 2 && field[1] == 'N':
				f = append(f, nil)
			default:
				start := len(out)
				var err error
				if out, end, err = decodeField(out, line, i); err != nil {
					return err
				}
				f = append(f, out[start:len(out):len(out)])
			}
			if end >= len(line) {
				break
			}
			i = end + 1
		}
	}
	p.fields = f
	if len(f) != p.ncols {
		return fmt.Errorf("%w: a row of %d fields, want %d", errCopyFormat, len(f), p.ncols)
	}
	err := p.row(f)
	clear(f)
	return err
}

// decodeField decodes the field that starts at line[i] onto out, up to the
// first tab that no backslash escapes, and returns out and the index of
// that tab (len(line) for the last field).
func decodeField(out, line []byte, i int) ([]byte, int, error) {
	for ; i < len(line); i++ {
		c := line[i]
		switch c {
		case '\t':
			return out, i, nil
		case '\\':
			i++
			if i == len(line) {
				return out, i, fmt.Errorf("%w: a backslash ends the row", errCopyFormat)
			}
			c = line[i]
			switch c {
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'v':
				c = '\v'
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(c - '0')
				for k := 0; k < 2 && i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '7'; k++ {
					i++
					v = v<<3 + int(line[i]-'0')
				}
				c = byte(v) // PostgreSQL keeps the low 8 bits too
			case 'x':
				if i+1 < len(line) && hexVal(line[i+1]) >= 0 {
					i++
					v := hexVal(line[i])
					if i+1 < len(line) && hexVal(line[i+1]) >= 0 {
						i++
						v = v<<4 + hexVal(line[i])
					}
					c = byte(v)
				}
			}
		}
		out = append(out, c)
	}
	return out, len(line), nil
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// parseKey reads a COPY field holding an integer key.
func parseKey(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > 1<<63-1 {
		return 0, false
	}
	return int64(v), true
}
