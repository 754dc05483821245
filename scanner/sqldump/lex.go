package sqldump

import (
	"bytes"
	"io"
)

// lexer reads a dump byte by byte from its own buffer, counting lines. It
// never holds more than one statement's head or one value. Comments are
// read as the server reads them: "--" (in MySQL only when a blank or a
// control character follows), "#" in MySQL, "/* */" (nested in
// PostgreSQL), and MySQL's versioned comments "/*!NNNNN ... */" and
// MariaDB's "/*M!NNNNN ... */", whose content the server executes and so
// the lexer reads as code.
type lexer struct {
	rd   io.Reader
	buf  []byte
	r, w int
	rerr error // the reader's error once it has one (io.EOF at the end)
	line int64
	n    int64 // bytes consumed
	err  error // a read error other than io.EOF

	// mysql is set when the dump is MySQL's or MariaDB's: backslash
	// escapes in strings (unless NO_BACKSLASH_ESCAPES), "#" comments,
	// versioned comments, no dollar quotes.
	mysql bool
	// backslash: backslash escapes in plain '...' strings (MySQL, or
	// PostgreSQL with standard_conforming_strings off).
	backslash bool
	// versioned counts the open versioned comments whose "*/" is still to
	// come.
	versioned int
	// noBackslash: the dump turned backslash escapes off
	// (NO_BACKSLASH_ESCAPES).
	noBackslash bool
	// delim is the statement delimiter (MySQL's DELIMITER command).
	delim []byte
	// onBroken is told of an unterminated string (see unterminated).
	onBroken func(start, resumed int64)
}

// setMySQL switches to MySQL's lexical rules once the dump shows it is
// MySQL's (a backquoted name, a versioned comment).
func (l *lexer) setMySQL() {
	if !l.mysql {
		l.mysql = true
		l.backslash = !l.noBackslash
	}
}

const lexBuf = 64 << 10

func newLexer(r io.Reader) *lexer {
	return &lexer{rd: r, buf: make([]byte, lexBuf), line: 1, delim: []byte{';'}}
}

// fill reads more input; it keeps the byte before r so that back works.
// False when nothing more can be read.
func (l *lexer) fill() bool {
	if l.rerr != nil {
		return false
	}
	if keep := l.r - 1; keep > 0 {
		copy(l.buf, l.buf[keep:l.w])
		l.w -= keep
		l.r -= keep
	}
	if l.w == len(l.buf) {
		return false // a peek as large as the buffer
	}
	for range 100 {
		k, err := l.rd.Read(l.buf[l.w:])
		l.w += k
		if err != nil {
			l.rerr = err
			if err != io.EOF && l.err == nil {
				l.err = err
			}
		}
		if k > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	l.rerr = io.ErrNoProgress
	l.err = io.ErrNoProgress
	return false
}

func (l *lexer) next() (byte, bool) {
	if l.r == l.w && !l.fill() {
		return 0, false
	}
	c := l.buf[l.r]
	l.r++
	l.n++
	if c == '\n' {
		l.line++
	}
	return c, true
}

// back undoes the last next, which returned c.
func (l *lexer) back(c byte) {
	l.r--
	l.n--
	if c == '\n' {
		l.line--
	}
}

func (l *lexer) peek() (byte, bool) {
	if l.r == l.w && !l.fill() {
		return 0, false
	}
	return l.buf[l.r], true
}

// peekN returns up to k bytes ahead (fewer at the end of the input).
func (l *lexer) peekN(k int) []byte {
	for l.w-l.r < k && l.fill() {
	}
	return l.buf[l.r:min(l.w, l.r+k)]
}

// buffered returns the bytes read ahead, filling the buffer when empty.
func (l *lexer) buffered() []byte {
	if l.r == l.w {
		l.fill()
	}
	return l.buf[l.r:l.w]
}

// discard consumes k buffered bytes.
func (l *lexer) discard(k int) {
	l.line += int64(bytes.Count(l.buf[l.r:l.r+k], []byte{'\n'}))
	l.r += k
	l.n += int64(k)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// comment reads a comment, or the start or end of a versioned comment,
// when c (just read) begins one; false (c not consumed further) otherwise.
func (l *lexer) comment(c byte) bool {
	switch c {
	case '-':
		p := l.peekN(2)
		if len(p) < 1 || p[0] != '-' {
			return false
		}
		if l.mysql && len(p) == 2 && !(isSpace(p[1]) || p[1] < 0x20) {
			return false // MySQL: "--1" is minus minus one
		}
		l.skipLine()
		return true
	case '#':
		if !l.mysql {
			return false
		}
		l.skipLine()
		return true
	case '/':
		if p, _ := l.peek(); p != '*' {
			return false
		}
		l.next()
		p := l.peekN(2)
		if len(p) > 0 && (p[0] == '!' || p[0] == 'M' && len(p) == 2 && p[1] == '!') {
			// a versioned comment (MySQL's alone): its content is code
			l.setMySQL()
			if p[0] == 'M' {
				l.next()
			}
			l.next()
			for k := 0; k < 6; k++ {
				if d, ok := l.peek(); ok && d >= '0' && d <= '9' {
					l.next()
				} else {
					break
				}
			}
			l.versioned++
			return true
		}
		l.skipBlock()
		return true
	case '*':
		if l.versioned == 0 {
			return false
		}
		if p, _ := l.peek(); p != '/' {
			return false
		}
		l.next()
		l.versioned--
		return true
	}
	return false
}

// space skips white space and comments.
func (l *lexer) space() {
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		if isSpace(c) || l.comment(c) {
			continue
		}
		l.back(c)
		return
	}
}

func (l *lexer) skipLine() {
	for {
		buf := l.buffered()
		if len(buf) == 0 {
			return
		}
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			l.discard(i + 1)
			return
		}
		l.discard(len(buf))
	}
}

// skipBlock skips a block comment after its "/*"; PostgreSQL nests them.
func (l *lexer) skipBlock() {
	prev, depth := byte(0), 1
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		switch {
		case prev == '*' && c == '/':
			depth--
			if depth == 0 || l.mysql {
				return
			}
			c = 0
		case prev == '/' && c == '*' && !l.mysql:
			depth++
			c = 0
		}
		prev = c
	}
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80
}

// word reads an identifier-like word (letters, digits, _ and $).
func (l *lexer) word(buf []byte) []byte {
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		if isWord(c) {
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
		case '`':
			l.setMySQL() // only MySQL quotes names so
			part = l.quoted(c, nil)
		case '"':
			part = l.quoted(c, nil)
		case '[':
			part = l.quoted(']', nil)
		default:
			l.back(c)
			part = l.word(nil)
			if len(part) == 0 {
				return parts
			}
		}
		parts = append(parts, string(part))
		l.space()
		if p, _ := l.peek(); p != '.' {
			return parts
		}
		l.next()
	}
}

// quoted reads the rest of a quoted name closed by q (a doubled q is a q)
// and appends its content, up to 1 KiB.
func (l *lexer) quoted(q byte, buf []byte) []byte {
	for {
		c, ok := l.next()
		if !ok {
			return buf
		}
		if c == q {
			if p, _ := l.peek(); p == q && q != ']' {
				l.next()
			} else {
				return buf
			}
		}
		if len(buf) < 1024 {
			buf = append(buf, c)
		}
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
	return e // \' \" \\ and others: the character (\% and \_ keep their backslash, see strBody)
}

// atDelim reports whether c (just read) starts the statement delimiter;
// it then consumes the rest of it.
func (l *lexer) atDelim(c byte) bool {
	d := l.delim
	if c != d[0] {
		return false
	}
	if len(d) == 1 {
		return true
	}
	if p := l.peekN(len(d) - 1); bytes.Equal(p, d[1:]) {
		l.discard(len(p))
		return true
	}
	return false
}

// skipString skips the rest of a quoted string or name closed by q; esc
// allows backslash escapes. False when it is unterminated (see
// brokenString), the reader then at the end of the input or at the start
// of the next statement.
func (l *lexer) skipString(q byte, esc bool) bool {
	start := l.line
	last := byte(0)
	for {
		buf := l.buffered()
		if len(buf) == 0 {
			l.unterminated(start, 0)
			return false
		}
		k := 0
		for k < len(buf) && buf[k] != q && buf[k] != '\\' && buf[k] != '\n' {
			k++
		}
		last = lastNonBlank(buf[:k], last)
		l.discard(k)
		c, ok := l.next()
		if !ok {
			l.unterminated(start, 0)
			return false
		}
		switch {
		case c == '\\' && esc:
			if e, ok := l.next(); ok {
				last = e
			}
		case c == q:
			if p, _ := l.peek(); p == q {
				l.next()
				last = q
				continue
			}
			return true
		case c == '\n':
			if l.brokenString(last) {
				l.unterminated(start, l.line)
				return false
			}
		case c == '\\':
			last = c
		}
	}
}

// brokenString reports whether a string that has reached a newline after
// last (its last non-blank byte) is unterminated: it ran across the end
// of a statement (';' or ')') into a line that starts the next one. The
// server would refuse the statement; the reader resumes at that line.
func (l *lexer) brokenString(last byte) bool {
	return (last == ';' || last == ')') && l.startsStatement()
}

// unterminated records an unterminated string that starts at line start;
// resumed is the line where the reader goes on, 0 at the end of the input.
func (l *lexer) unterminated(start, resumed int64) {
	if l.onBroken != nil && l.err == nil {
		l.onBroken(start, resumed)
	}
}

func lastNonBlank(p []byte, last byte) byte {
	for j := len(p) - 1; j >= 0; j-- {
		if !isSpace(p[j]) {
			return p[j]
		}
	}
	return last
}

// skipStatement skips to the end of a statement: the delimiter outside
// quotes and comments, or the end of a line followed by a line that starts
// a data statement or GO (SQL Server scripts end statements with
// newlines).
func (l *lexer) skipStatement() {
	depth := 0
	for {
		c, ok := l.next()
		if !ok {
			return
		}
		if l.atDelim(c) && (depth <= 0 || l.mysql) {
			return
		}
		if l.comment(c) {
			if c == '-' && depth <= 0 && l.startsStatement() {
				return
			}
			continue
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '\'', '"', '`':
			if !l.skipString(c, c == '\'' && l.backslash || c == '"' && l.mysql) {
				return
			}
		case '$':
			if !l.mysql {
				l.dollar(nil, 0)
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
	p := l.peekN(13)
	var u [13]byte
	for i, c := range p {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		u[i] = c
	}
	s := u[:len(p)]
	return bytes.HasPrefix(s, []byte("INSERT ")) || bytes.HasPrefix(s, []byte("GO\n")) || bytes.HasPrefix(s, []byte("GO\r")) ||
		bytes.Equal(s, []byte("GO")) || bytes.HasPrefix(s, []byte("CREATE TABLE ")) || bytes.HasPrefix(s, []byte("ALTER TABLE ")) ||
		bytes.HasPrefix(s, []byte("COPY ")) || bytes.HasPrefix(s, []byte("REPLACE INTO "))
}

// dollar reads a PostgreSQL dollar-quoted string after its first '$',
// appending its content to buf up to max bytes; ok is false when the '$'
// starts no quote (a parameter like $1), which is then consumed.
func (l *lexer) dollar(buf []byte, max int) ([]byte, bool) {
	tag := []byte{'$'}
	for {
		c, ok := l.next()
		if !ok {
			return buf, false
		}
		tag = append(tag, c)
		if c == '$' {
			break
		}
		if !(c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80 || c >= '0' && c <= '9' && len(tag) > 2) || len(tag) > 64 {
			l.back(c)
			return buf, false
		}
	}
	// find the closing tag
	m := 0
	var held []byte // bytes that may be the closing tag
	for {
		c, ok := l.next()
		if !ok {
			return buf, true
		}
		if c == tag[m] {
			m++
			held = append(held, c)
			if m == len(tag) {
				return buf, true
			}
			continue
		}
		if m > 0 {
			if len(buf) < max {
				buf = append(buf, held[:min(len(held), max-len(buf))]...)
			}
			held = held[:0]
			m = 0
			if c == tag[0] {
				m = 1
				held = append(held, c)
				continue
			}
		}
		if len(buf) < max {
			buf = append(buf, c)
		}
	}
}

// statement reads the rest of a statement into buf (up to max bytes; the
// rest is skipped) with quotes kept and comments left out, for CREATE,
// ALTER and SET.
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
		if l.atDelim(c) && (depth <= 0 || l.mysql) {
			return buf
		}
		if l.comment(c) {
			buf = append(buf, ' ')
			continue
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '\'', '"', '`', '[':
			q := c
			if q == '[' {
				q = ']'
			}
			buf = append(buf, c)
			var ok bool
			if buf, ok = l.quotedRaw(q, buf, max); !ok {
				return buf
			}
			continue
		case '$':
			if !l.mysql {
				var ok bool
				start := len(buf)
				buf = append(buf, '\'')
				var body []byte
				if body, ok = l.dollar(nil, max); ok {
					// a dollar-quoted body becomes a standard string
					buf = append(buf, bytes.ReplaceAll(body, []byte("'"), []byte("''"))...)
					buf = append(buf, '\'')
					continue
				}
				buf = append(buf[:start], '$')
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

// quotedRaw copies a quoted token as written, closing quote included;
// false when it is unterminated (see skipString).
func (l *lexer) quotedRaw(q byte, buf []byte, max int) ([]byte, bool) {
	esc := q == '\'' && l.backslash || q == '"' && l.mysql
	start := l.line
	last := byte(0)
	for {
		c, ok := l.next()
		if !ok {
			l.unterminated(start, 0)
			return buf, false
		}
		if c == '\n' && q != ']' && l.brokenString(last) {
			l.unterminated(start, l.line)
			return buf, false
		}
		if !isSpace(c) {
			last = c
		}
		if len(buf) < max {
			buf = append(buf, c)
		}
		if c == '\\' && esc {
			if e, ok := l.next(); ok && len(buf) < max {
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
			return buf, true
		}
	}
}
