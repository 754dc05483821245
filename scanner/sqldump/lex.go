package sqldump

import (
	"bufio"
	"bytes"
	"io"
)

// lexer reads a dump byte by byte, counting lines. It never holds more than
// one statement's head or one value.
type lexer struct {
	br        *bufio.Reader
	line      int64
	backslash bool // MySQL: backslash escapes in strings
	n         int64
	err       error
}

func (l *lexer) next() (byte, bool) {
	c, err := l.br.ReadByte()
	if err != nil {
		if err != io.EOF && l.err == nil {
			l.err = err
		}
		return 0, false
	}
	l.n++
	if c == '\n' {
		l.line++
	}
	return c, true
}

func (l *lexer) back(c byte) {
	l.br.UnreadByte()
	l.n--
	if c == '\n' {
		l.line--
	}
}

func (l *lexer) peek() (byte, bool) {
	b, err := l.br.Peek(1)
	if err != nil {
		return 0, false
	}
	return b[0], true
}

// space skips white space and comments.
func (l *lexer) space() {
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		switch c {
		case ' ', '\t', '\r', '\n', '\f':
			continue
		case '-':
			if p, _ := l.peek(); p == '-' {
				l.skipLine()
				continue
			}
		case '#':
			l.skipLine()
			continue
		case '/':
			if p, _ := l.peek(); p == '*' {
				l.next()
				l.skipBlock()
				continue
			}
		}
		l.back(c)
		return
	}
}

func (l *lexer) skipLine() {
	for {
		c, ok := l.next()
		if !ok || c == '\n' {
			return
		}
	}
}

func (l *lexer) skipBlock() {
	prev := byte(0)
	for {
		c, ok := l.next()
		if !ok || prev == '*' && c == '/' {
			return
		}
		prev = c
	}
}

// word reads an identifier-like word (letters, digits, _ and $).
func (l *lexer) word(buf []byte) []byte {
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		if c == '_' || c == '$' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80 {
			buf = append(buf, c)
			continue
		}
		l.back(c)
		return buf
	}
}

// name reads a possibly qualified and quoted name: public.contacts,
// `crm`.`contacts`, [dbo].[contacts], "Contacts". It returns the parts.
func (l *lexer) name() []string {
	var parts []string
	for {
		l.space()
		c, ok := l.next()
		if !ok {
			return parts
		}
		var part []byte
		switch c {
		case '`', '"':
			part = l.quoted(c, nil, false)
		case '[':
			part = l.quoted(']', nil, false)
		default:
			l.back(c)
			part = l.word(nil)
			if len(part) == 0 {
				return parts
			}
		}
		parts = append(parts, string(part))
		if p, _ := l.peek(); p != '.' {
			return parts
		}
		l.next()
	}
}

// quoted reads the rest of a quoted token closed by q (doubled q is a q;
// with esc, backslash escapes as MySQL writes them) and appends its content.
func (l *lexer) quoted(q byte, buf []byte, esc bool) []byte {
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		if c == q {
			if p, _ := l.peek(); p == q {
				l.next()
				buf = append(buf, q)
				continue
			}
			return buf
		}
		if c == '\\' && esc {
			e, ok := l.next()
			if !ok {
				return buf
			}
			buf = append(buf, unescapeMySQL(e))
			continue
		}
		buf = append(buf, c)
	}
}

func unescapeMySQL(e byte) byte {
	switch e {
	case '0':
		return 0
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'Z':
		return 0x1A
	}
	return e // \' \" \\ \% \_ and others: the character
}

// skipStatement skips to the end of a statement: a ';' outside quotes, or
// the end of a line followed by a line that starts a data statement or GO
// (SQL Server scripts end statements with newlines).
func (l *lexer) skipStatement() {
	depth := 0
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		switch c {
		case ';':
			if depth == 0 {
				return
			}
		case '(':
			depth++
		case ')':
			depth--
		case '\'':
			l.quoted('\'', nil, l.backslash)
		case '"':
			l.quoted('"', nil, false)
		case '`':
			l.quoted('`', nil, false)
		case '$':
			l.dollar()
		case '-':
			if p, _ := l.peek(); p == '-' {
				l.skipLine()
				if l.startsStatement() {
					return
				}
			}
		case '/':
			if p, _ := l.peek(); p == '*' {
				l.next()
				l.skipBlock()
			}
		case '\n':
			if depth <= 0 && l.startsStatement() {
				return
			}
		}
	}
}

// startsStatement reports whether the next line starts with INSERT, COPY,
// CREATE TABLE, ALTER TABLE or GO.
func (l *lexer) startsStatement() bool {
	p, _ := l.br.Peek(13)
	u := bytes.ToUpper(p)
	return bytes.HasPrefix(u, []byte("INSERT ")) || bytes.HasPrefix(u, []byte("GO\n")) || bytes.HasPrefix(u, []byte("GO\r")) ||
		bytes.HasPrefix(u, []byte("CREATE TABLE ")) || bytes.HasPrefix(u, []byte("ALTER TABLE ")) || bytes.HasPrefix(u, []byte("COPY "))
}

// dollar skips a PostgreSQL dollar-quoted string after its first '$'.
func (l *lexer) dollar() {
	tag := []byte{'$'}
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		tag = append(tag, c)
		if c == '$' {
			break
		}
		if !(c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z') || len(tag) > 64 {
			return // a parameter like $1, not a quote
		}
	}
	// find the closing tag
	m := 0
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		if c == tag[m] {
			m++
			if m == len(tag) {
				return
			}
		} else if c == tag[0] {
			m = 1
		} else {
			m = 0
		}
	}
}

// statement reads the rest of a statement into buf (up to max bytes; the
// rest is skipped) with quotes kept, for CREATE and ALTER.
func (l *lexer) statement(buf []byte, max int) []byte {
	depth := 0
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		if len(buf) >= max {
			l.back(c)
			l.skipStatement()
			return buf
		}
		switch c {
		case ';':
			if depth == 0 {
				return buf
			}
		case '(':
			depth++
		case ')':
			depth--
		case '\'', '"', '`':
			buf = append(buf, c)
			buf = l.quotedRaw(c, buf)
			continue
		case '[':
			buf = append(buf, c)
			buf = l.quotedRaw(']', buf)
			continue
		case '-':
			if p, _ := l.peek(); p == '-' {
				l.skipLine()
				buf = append(buf, ' ')
				continue
			}
		case '\n':
			if depth <= 0 && l.startsStatement() {
				return buf
			}
		}
		buf = append(buf, c)
	}
}

// quotedRaw copies a quoted token as written, closing quote included.
func (l *lexer) quotedRaw(q byte, buf []byte) []byte {
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		buf = append(buf, c)
		if c == '\\' && l.backslash && q == '\'' {
			if e, ok := l.next(); ok {
				buf = append(buf, e)
			}
			continue
		}
		if c == q {
			if p, _ := l.peek(); p == q && q != ']' {
				l.next()
				buf = append(buf, q)
				continue
			}
			return buf
		}
	}
}
