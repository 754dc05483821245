package dbsrc

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// parseCopy feeds data to a copyParser in pieces cut at the given offsets
// and returns the rows, a NULL as nil.
func parseCopy(ncols int, data []byte, cuts ...int) ([][][]byte, error) {
	var rows [][][]byte
	p := newCopyParser(ncols, func(f [][]byte) error {
		row := make([][]byte, len(f))
		for i, c := range f {
			if c != nil {
				row[i] = append([]byte{}, c...)
			}
		}
		rows = append(rows, row)
		return nil
	})
	prev := 0
	for _, c := range append(cuts, len(data)) {
		c = min(max(c, prev), len(data))
		if _, err := p.Write(data[prev:c]); err != nil {
			return rows, err
		}
		prev = c
	}
	return rows, p.close()
}

// encodeCopy writes rows as PostgreSQL writes text COPY data: the
// reference the parser must invert.
func encodeCopy(rows [][][]byte) []byte {
	var b bytes.Buffer
	for _, row := range rows {
		for i, c := range row {
			if i > 0 {
				b.WriteByte('\t')
			}
			if c == nil {
				b.WriteString(`\N`)
				continue
			}
			for _, ch := range c {
				switch ch {
				case '\\':
					b.WriteString(`\\`)
				case '\b':
					b.WriteString(`\b`)
				case '\f':
					b.WriteString(`\f`)
				case '\n':
					b.WriteString(`\n`)
				case '\r':
					b.WriteString(`\r`)
				case '\t':
					b.WriteString(`\t`)
				case '\v':
					b.WriteString(`\v`)
				default:
					b.WriteByte(ch)
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestCopyParser(t *testing.T) {
	bs := func(s ...string) [][]byte {
		out := make([][]byte, len(s))
		for i, x := range s {
			if x != "<NULL>" {
				out[i] = []byte(x)
			}
		}
		return out
	}
	cases := []struct {
		name  string
		ncols int
		in    string
		want  [][][]byte
		err   bool
	}{
		{"plain rows", 3, "1\tJan\tjan@example.nl\n2\tPiet\t\n",
			[][][]byte{bs("1", "Jan", "jan@example.nl"), bs("2", "Piet", "")}, false},
		{"NULL and empty differ", 3, "1\t\\N\t\n",
			[][][]byte{bs("1", "<NULL>", "")}, false},
		{"a literal backslash-N is text", 2, "1\t\\\\N\n2\tx\\N\n",
			[][][]byte{bs("1", `\N`), bs("2", "xN")}, false},
		{"escapes", 2, "7\ta\\tb\\nc\\\\d\\re\\bf\\fg\\vh\n",
			[][][]byte{bs("7", "a\tb\nc\\d\re\bf\fg\vh")}, false},
		{"octal and hex", 2, "1\t\\101\\x42\\x4a\\7\\0x\\xg\n",
			[][][]byte{bs("1", "ABJ\a\x00xxg")}, false},
		{"octal keeps the low byte", 2, "1\t\\777\n",
			[][][]byte{bs("1", "\xff")}, false},
		{"escaped tab and newline are data", 2, "1\ta\\\tb\\\nc\n",
			[][][]byte{bs("1", "a\tb\nc")}, false},
		{"one column", 1, "x\n\n",
			[][][]byte{bs("x"), bs("")}, false},
		{"UTF-8 passes", 2, "1\tRenée Dûbois\n",
			[][][]byte{bs("1", "Renée Dûbois")}, false},
		{"end marker", 2, "1\ta\n\\.\n", [][][]byte{bs("1", "a")}, false},
		{"data after the end marker", 2, "\\.\n1\ta\n", nil, true},
		{"too few fields", 3, "1\ta\n", nil, true},
		{"too many fields", 2, "1\ta\tb\n", nil, true},
		{"ends inside a row", 2, "1\ta\n2\tb", [][][]byte{bs("1", "a")}, true},
		{"ends in a backslash", 2, "1\ta\\\n", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// whole, and cut at every offset: the pieces CopyTo writes
			// need not be rows
			for cut := -1; cut <= len(c.in); cut++ {
				var got [][][]byte
				var err error
				if cut < 0 {
					got, err = parseCopy(c.ncols, []byte(c.in))
				} else {
					got, err = parseCopy(c.ncols, []byte(c.in), cut)
				}
				if (err != nil) != c.err {
					t.Fatalf("cut %d: err = %v, want error %v", cut, err, c.err)
				}
				if err != nil && !errors.Is(err, errCopyFormat) {
					t.Fatalf("cut %d: err = %v, not errCopyFormat", cut, err)
				}
				if !c.err && !reflect.DeepEqual(got, c.want) {
					t.Fatalf("cut %d: rows = %q, want %q", cut, got, c.want)
				}
			}
		})
	}
}

func TestCopyRoundTrip(t *testing.T) {
	rows := [][][]byte{
		{[]byte("1"), []byte("a\\\tb\n\r"), nil},
		{[]byte("2"), []byte(""), []byte("\\N")},
		{[]byte("3"), []byte("\\\\\n\\"), []byte("x\x00\xffy")},
	}
	data := encodeCopy(rows)
	for cut := 0; cut <= len(data); cut++ {
		got, err := parseCopy(3, data, cut)
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Fatalf("cut %d: %q, %v; want %q", cut, got, err, rows)
		}
	}
}

func TestParseKey(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"42", 42, true}, {"-7", -7, true},
		{"9223372036854775807", 1<<63 - 1, true}, {"-9223372036854775808", -1 << 63, true},
		{"9223372036854775808", 0, false}, {"", 0, false}, {"-", 0, false}, {"1e3", 0, false}, {`\N`, 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, ok := parseKey([]byte(c.in))
		if got != c.want || ok != c.ok {
			t.Errorf("parseKey(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// FuzzCopyParser: any data cut anywhere parses as it does whole, without
// panicking; and cells encoded as PostgreSQL encodes them come back
// exactly.
func FuzzCopyParser(f *testing.F) {
	f.Add([]byte("1\tJan\t\\N\n2\ta\\tb\\\\\t\n"), 3, 5, []byte("a\tb"), []byte("c\\d\n"))
	f.Add([]byte("1\t\\101\\x4\\\nx\n\\.\n"), 2, 9, []byte(`\N`), []byte{})
	f.Add([]byte("\\"), 1, 0, []byte("\x00\xff"), []byte("\r\v\b\f"))
	f.Fuzz(func(t *testing.T, data []byte, ncols, cut int, c1, c2 []byte) {
		ncols = 1 + int(uint(ncols)%4)
		whole, werr := parseCopy(ncols, data)
		cut = int(uint(cut) % uint(len(data)+1))
		split, serr := parseCopy(ncols, data, cut)
		if (werr == nil) != (serr == nil) || !reflect.DeepEqual(whole, split) {
			t.Fatalf("%q cut at %d: %q, %v; whole: %q, %v", data, cut, split, serr, whole, werr)
		}
		if werr != nil && !errors.Is(werr, errCopyFormat) {
			t.Fatalf("%q: error %v is not errCopyFormat", data, werr)
		}
		rows := [][][]byte{{c1, c2}, {c2, nil}}
		enc := encodeCopy(rows)
		got, err := parseCopy(2, enc, cut%(len(enc)+1))
		for _, r := range rows {
			for i := range r {
				if r[i] != nil && len(r[i]) == 0 {
					r[i] = nil // parseCopy copies an empty cell to nil
				}
			}
		}
		for _, r := range got {
			for i := range r {
				if r[i] != nil && len(r[i]) == 0 {
					r[i] = nil
				}
			}
		}
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Fatalf("round trip of %q: %q, %v", rows, got, err)
		}
	})
}

// parseLineReference is the escape path of parseLine as first written,
// decoding every byte of the row: the faster one must agree with it.
func parseLineReference(line []byte) ([][]byte, error) {
	var f [][]byte
	var scratch []byte
	// Decoding never lengthens a field, so scratch does not move
	// while fields point into it.
	if cap(scratch) < len(line) {
		scratch = make([]byte, 0, len(line))
	}
	out := scratch[:0]
	start := 0
	fieldRaw := 0 // index in line where the field began
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch c {
		case '\t':
			f = appendField(f, out[start:], line[fieldRaw:i])
			start, fieldRaw = len(out), i+1
			continue
		case '\\':
			i++
			if i == len(line) {
				return nil, fmt.Errorf("%w: a backslash ends the row", errCopyFormat)
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
	f = appendField(f, out[start:], line[fieldRaw:])
	return f, nil
}

// appendField adds a decoded field, or nil when the raw field is \N.
func appendField(f [][]byte, decoded, raw []byte) [][]byte {
	if len(raw) == 2 && raw[0] == '\\' && raw[1] == 'N' {
		return append(f, nil)
	}
	return append(f, decoded[:len(decoded):len(decoded)])
}

// TestParseLineAgrees: on rows with escapes, NULLs and stray backslashes,
// parseLine's fields are those of the byte-by-byte reference.
func TestParseLineAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "Jan", "\\t", "\\N", "\\", "\\\\", "\\n", "\\x4", "\\x4g", "\\101", "\\7", "\\8", "\t", "\\\t", "N", "é", "\x00"}
	lines := []string{"\\N", "\\N\t\\N", "a\\\tb", "\\N\\\tx", "\t\\N\t", "x\\"}
	for range 50000 {
		var b []byte
		for range rng.IntN(8) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		lines = append(lines, string(b))
	}
	for _, l := range lines {
		line := []byte(l)
		if bytes.IndexByte(line, '\\') < 0 {
			continue // the other path
		}
		want, werr := parseLineReference(line)
		var got [][]byte
		p := newCopyParser(len(want), func(f [][]byte) error {
			for _, c := range f {
				if c != nil {
					c = append([]byte{}, c...)
				}
				got = append(got, c)
			}
			return nil
		})
		gerr := p.parseLine(line)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: error %v, want %v", line, gerr, werr)
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fields %q, want %q", line, got, want)
		}
	}
}
