package csvsrc

import (
	"errors"
	"io"
	"unicode/utf8"
)

// cp1252 maps the bytes 0x80..0x9F of Windows-1252 to Unicode. The five
// bytes Windows-1252 leaves undefined map to the C1 control of the same
// value, as the WHATWG encoding standard does; 0xA0..0xFF equal Latin-1.
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// enc1252 holds the UTF-8 form of every byte 0x80..0xFF: length, bytes.
var enc1252 [128][4]byte

func init() {
	for i := range enc1252 {
		c := rune(0x80 + i)
		if c < 0xA0 {
			c = cp1252[c-0x80]
		}
		var tmp [4]byte
		n := utf8.EncodeRune(tmp[:], c)
		enc1252[i][0] = byte(n)
		copy(enc1252[i][1:], tmp[:n])
	}
}

// append1252 appends src, read as Windows-1252, to dst as UTF-8.
func append1252(dst, src []byte) []byte {
	for len(src) > 0 {
		// copy the run of ASCII in one go
		i := 0
		for i < len(src) && src[i] < utf8.RuneSelf {
			i++
		}
		dst = append(dst, src[:i]...)
		for i < len(src) && src[i] >= utf8.RuneSelf {
			e := &enc1252[src[i]-0x80]
			dst = append(dst, e[1:1+e[0]]...)
			i++
		}
		src = src[i:]
	}
	return dst
}

// utf16Reader transcodes a UTF-16 stream (without its BOM) to UTF-8 as it
// is read. Unpaired surrogates and a trailing odd byte become U+FFFD.
type utf16Reader struct {
	src  io.Reader
	be   bool
	in   []byte
	inR  int
	inW  int
	out  []byte
	outR int
	err  error
}

func newUTF16Reader(src io.Reader, bigEndian bool) *utf16Reader {
	return &utf16Reader{src: src, be: bigEndian, in: make([]byte, 32<<10), out: make([]byte, 0, 48<<10)}
}

var errNoProgress = errors.New("csvsrc: reader returned no data")

func (u *utf16Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for u.outR == len(u.out) {
		if u.err != nil && u.inW-u.inR < 2 {
			if u.inW > u.inR && u.err == io.EOF { // odd trailing byte
				u.inR = u.inW
				u.out = utf8.AppendRune(u.out[:0], utf8.RuneError)
				u.outR = 0
				break
			}
			return 0, u.err
		}
		if u.err == nil {
			// move the unread tail to the front and read more
			n := copy(u.in, u.in[u.inR:u.inW])
			u.inR, u.inW = 0, n
			tries := 0
			for u.inW < 4 && u.err == nil {
				m, err := u.src.Read(u.in[u.inW:])
				u.inW += m
				if err != nil {
					u.err = err
				} else if m == 0 {
					if tries++; tries > 100 {
						u.err = errNoProgress
					}
				}
				if u.inW >= 2 && m > 0 {
					break
				}
			}
		}
		u.decode()
	}
	n := copy(p, u.out[u.outR:])
	u.outR += n
	return n, nil
}

// decode turns the buffered input into output, keeping a trailing
// incomplete unit or surrogate pair for the next read unless at the end.
func (u *utf16Reader) decode() {
	out := u.out[:0]
	in := u.in[u.inR:u.inW]
	atEnd := u.err != nil
	i := 0
	for i+1 < len(in) {
		var c rune
		if u.be {
			c = rune(in[i])<<8 | rune(in[i+1])
		} else {
			c = rune(in[i+1])<<8 | rune(in[i])
		}
		if c < utf8.RuneSelf {
			out = append(out, byte(c))
			i += 2
			continue
		}
		if c >= 0xD800 && c < 0xDC00 { // high surrogate
			if i+3 >= len(in) {
				if !atEnd {
					break // wait for the low half
				}
				out = utf8.AppendRune(out, utf8.RuneError)
				i += 2
				continue
			}
			var c2 rune
			if u.be {
				c2 = rune(in[i+2])<<8 | rune(in[i+3])
			} else {
				c2 = rune(in[i+3])<<8 | rune(in[i+2])
			}
			if c2 >= 0xDC00 && c2 < 0xE000 {
				out = utf8.AppendRune(out, 0x10000+(c-0xD800)<<10+(c2-0xDC00))
				i += 4
				continue
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			i += 2
			continue
		}
		if c >= 0xDC00 && c < 0xE000 {
			c = utf8.RuneError
		}
		out = utf8.AppendRune(out, c)
		i += 2
	}
	u.inR += i
	u.out = out
	u.outR = 0
}
