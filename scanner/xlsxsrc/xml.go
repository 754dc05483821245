package xlsxsrc

import (
	"bytes"
	"unicode/utf8"
)

// This file holds the hand-written XML scanning that the hot paths (sheet
// rows, shared strings) use instead of encoding/xml: element names,
// attributes, text with its entities. It is lenient: what is not
// well-formed reads as empty rather than failing the sheet.

// isSpace reports an XML white-space byte.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// tagName returns the name at the start of p (just after '<'): up to white
// space, '>' or '/'.
func tagName(p []byte) []byte {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case ' ', '\t', '\n', '\r', '>', '/':
			return p[:i]
		}
	}
	return p
}

// localName strips a namespace prefix ("x:row" → "row").
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// nextAttr returns the first attribute of a start tag's body and what
// follows it. The name is local (prefix stripped); the value is raw (not
// entity-decoded). ok is false when no further attribute is found.
func nextAttr(p []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(p) && (isSpace(p[i]) || p[i] == '/') {
		i++
	}
	s := i
	for i < len(p) && p[i] != '=' && !isSpace(p[i]) {
		i++
	}
	if i == s {
		return nil, nil, nil, false
	}
	name = localName(p[s:i])
	for i < len(p) && isSpace(p[i]) {
		i++
	}
	if i >= len(p) || p[i] != '=' {
		return nil, nil, nil, false
	}
	i++
	for i < len(p) && isSpace(p[i]) {
		i++
	}
	if i >= len(p) || (p[i] != '"' && p[i] != '\'') {
		return nil, nil, nil, false
	}
	q := p[i]
	j := bytes.IndexByte(p[i+1:], q)
	if j < 0 {
		return nil, nil, nil, false
	}
	return name, p[i+1 : i+1+j], p[i+2+j:], true
}

// closeTag returns the offset in p of the end tag "</name>" and its
// length, or -1.
func closeTag(p, name []byte) (int, int) {
	if len(name) == 1 && name[0] == 'c' { // the hot case: the end of a cell
		return bytes.Index(p, []byte("</c>")), 4
	}
	return closeTagAny(p, name)
}

// closeTagAny is closeTag for any name, allowing white space before '>'.
func closeTagAny(p, name []byte) (int, int) {
	off := 0
	for {
		k := bytes.Index(p[off:], []byte("</"))
		if k < 0 {
			return -1, 0
		}
		k += off
		q := p[k+2:]
		if len(q) > len(name) && bytes.HasPrefix(q, name) {
			j := len(name)
			for j < len(q) && isSpace(q[j]) {
				j++
			}
			if j < len(q) && q[j] == '>' {
				return k, 2 + j + 1
			}
		}
		off = k + 2
	}
}

// needsDecode reports whether text holds an entity or a carriage return.
func needsDecode(p []byte) bool {
	return bytes.IndexByte(p, '&') >= 0 || bytes.IndexByte(p, '\r') >= 0
}

// appendText appends XML character data decoded: the five named entities,
// decimal and hexadecimal character references, and line ends normalised
// to \n as an XML parser does. An unknown or broken entity stays literal.
func appendText(dst, src []byte) []byte {
	for len(src) > 0 {
		i := 0
		for i < len(src) && src[i] != '&' && src[i] != '\r' {
			i++
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if len(src) == 0 {
			break
		}
		if src[0] == '\r' {
			dst = append(dst, '\n')
			src = src[1:]
			if len(src) > 0 && src[0] == '\n' {
				src = src[1:]
			}
			continue
		}
		semi := bytes.IndexByte(src[:min(len(src), 12)], ';')
		if semi < 0 {
			dst = append(dst, '&')
			src = src[1:]
			continue
		}
		ent := src[1:semi]
		n := len(dst)
		switch string(ent) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if r, ok := charRef(ent); ok {
				dst = utf8.AppendRune(dst, r)
			}
		}
		if len(dst) == n { // not an entity: keep the ampersand
			dst = append(dst, '&')
			src = src[1:]
			continue
		}
		src = src[semi+1:]
	}
	return dst
}

// charRef decodes "#10" or "#x0A" (without & and ;).
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	ent = ent[1:]
	base := rune(10)
	if ent[0] == 'x' {
		base, ent = 16, ent[1:]
		if len(ent) == 0 {
			return 0, false
		}
	}
	var r rune
	for _, c := range ent {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + d
		if r > utf8.MaxRune {
			return utf8.RuneError, true
		}
	}
	if !utf8.ValidRune(r) || r == 0 {
		return utf8.RuneError, true
	}
	return r, true
}

// unescapeBstr rewrites, in place, the escapes that Office uses for
// characters XML cannot hold: _xHHHH_ is the character U+HHHH and
// _x005F_ a literal underscore. It returns the shortened text.
func unescapeBstr(p []byte) []byte {
	if bytes.Index(p, []byte("_x")) < 0 {
		return p
	}
	w := 0
	for r := 0; r < len(p); {
		if p[r] == '_' && r+7 <= len(p) && p[r+1] == 'x' && p[r+6] == '_' {
			if v, ok := hex4(p[r+2 : r+6]); ok {
				if v == '_' {
					p[w] = '_'
					w++
				} else if utf8.ValidRune(v) {
					w += utf8.EncodeRune(p[w:], v) // at most 3 bytes for 7 read
				}
				r += 7
				continue
			}
		}
		p[w] = p[r]
		w++
		r++
	}
	return p[:w]
}

func hex4(p []byte) (rune, bool) {
	var r rune
	for _, c := range p {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// appendRich appends the text of a string item (the content of <si> or
// <is>): the <t> of plain text and of every rich-text run <r>, without the
// phonetic runs <rPh>. The text is decoded, then its _xHHHH_ escapes.
func appendRich(dst, p []byte) []byte {
	start := len(dst)
	for {
		i := bytes.IndexByte(p, '<')
		if i < 0 {
			break
		}
		p = p[i+1:]
		if len(p) == 0 || p[0] == '/' || p[0] == '?' || p[0] == '!' {
			continue
		}
		name := tagName(p)
		gt := bytes.IndexByte(p, '>')
		if gt < 0 {
			break
		}
		self := gt > 0 && p[gt-1] == '/'
		switch string(localName(name)) {
		case "t":
			p = p[gt+1:]
			if self {
				continue
			}
			e := bytes.IndexByte(p, '<')
			if e < 0 {
				e = len(p)
			}
			dst = appendText(dst, p[:e])
			p = p[e:]
		case "rPh":
			p = p[gt+1:]
			if self {
				continue
			}
			k, n := closeTag(p, name)
			if k < 0 {
				return finishRich(dst, start)
			}
			p = p[k+n:]
		default:
			p = p[gt+1:]
		}
	}
	return finishRich(dst, start)
}

func finishRich(dst []byte, start int) []byte {
	u := unescapeBstr(dst[start:])
	return dst[:start+len(u)]
}
