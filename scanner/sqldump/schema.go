package sqldump

import (
	"strings"

	"github.com/crmscan/crmscan/scanner/source"
)

// tok is a token of a DDL statement.
type tok struct {
	s    string
	kind byte // 'w' word, 'i' quoted identifier, 's' string, 'p' punctuation
}

// tokens splits a statement's text.
func tokens(text []byte, backslash bool) []tok {
	var out []tok
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"' || c == '`' || c == '[':
			q := c
			if q == '[' {
				q = ']'
			}
			var b strings.Builder
			j := i + 1
			for j < len(text) {
				d := text[j]
				if d == '\\' && backslash && q == '\'' && j+1 < len(text) {
					b.WriteByte(unescapeMySQL(text[j+1]))
					j += 2
					continue
				}
				if d == q {
					if j+1 < len(text) && text[j+1] == q && q != ']' {
						b.WriteByte(q)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(d)
				j++
			}
			kind := byte('i')
			if c == '\'' {
				kind = 's'
			}
			out = append(out, tok{b.String(), kind})
			i = j + 1
		case c == '_' || c == '$' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80:
			j := i
			for j < len(text) {
				d := text[j]
				if d == '_' || d == '$' || d >= '0' && d <= '9' || d|0x20 >= 'a' && d|0x20 <= 'z' || d >= 0x80 || d == '.' && j > i && text[j-1] >= '0' && text[j-1] <= '9' {
					j++
					continue
				}
				break
			}
			out = append(out, tok{string(text[i:j]), 'w'})
			i = j
		case c == ':' && i+1 < len(text) && text[i+1] == ':':
			out = append(out, tok{"::", 'p'})
			i += 2
		default:
			out = append(out, tok{string(c), 'p'})
			i++
		}
	}
	return out
}

func (t tok) is(word string) bool { return t.kind == 'w' && strings.EqualFold(t.s, word) }

// qualified reads a dotted name from toks at i; it returns the parts and
// the index after them.
func qualified(toks []tok, i int) ([]string, int) {
	var parts []string
	for i < len(toks) && (toks[i].kind == 'w' || toks[i].kind == 'i') {
		parts = append(parts, toks[i].s)
		i++
		if i < len(toks) && toks[i].s == "." && toks[i].kind == 'p' {
			i++
			continue
		}
		break
	}
	return parts, i
}

// schema is a table's declared columns.
type schema struct {
	cols []source.Column
}

func (s *schema) col(name string) *source.Column {
	for i := range s.cols {
		if strings.EqualFold(s.cols[i].Name, name) {
			return &s.cols[i]
		}
	}
	return nil
}

var constraintWords = map[string]bool{"PRIMARY": true, "UNIQUE": true, "KEY": true, "INDEX": true, "CONSTRAINT": true,
	"FOREIGN": true, "CHECK": true, "FULLTEXT": true, "SPATIAL": true, "EXCLUDE": true, "LIKE": true, "PERIOD": true}

var attrWords = map[string]bool{"NOT": true, "NULL": true, "DEFAULT": true, "PRIMARY": true, "UNIQUE": true, "REFERENCES": true,
	"CHECK": true, "CONSTRAINT": true, "COLLATE": true, "IDENTITY": true, "AUTO_INCREMENT": true, "GENERATED": true,
	"COMMENT": true, "CHARACTER": true, "ON": true, "KEY": true, "ROWGUIDCOL": true, "SPARSE": true, "INVISIBLE": true}

// parseCreate reads CREATE TABLE from the tokens after CREATE; it returns
// the table's name parts and its columns.
func parseCreate(toks []tok) ([]string, *schema) {
	i := 0
	for i < len(toks) && !toks[i].is("TABLE") {
		if toks[i].kind != 'w' || i > 4 {
			return nil, nil
		}
		i++
	}
	i++
	if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("NOT") && toks[i+2].is("EXISTS") {
		i += 3
	}
	name, i := qualified(toks, i)
	if len(name) == 0 || i >= len(toks) || toks[i].s != "(" {
		return nil, nil
	}
	i++
	s := &schema{}
	for i < len(toks) {
		// one definition, to the ',' or ')' at this depth
		start, depth := i, 0
		for i < len(toks) {
			t := toks[i]
			if t.kind == 'p' {
				if t.s == "(" {
					depth++
				} else if t.s == ")" {
					if depth == 0 {
						break
					}
					depth--
				} else if t.s == "," && depth == 0 {
					break
				}
			}
			i++
		}
		if c, ok := parseColumn(toks[start:i]); ok {
			s.cols = append(s.cols, c)
		}
		if i >= len(toks) || toks[i].s == ")" {
			break
		}
		i++
	}
	return name, s
}

func parseColumn(def []tok) (source.Column, bool) {
	if len(def) == 0 || def[0].kind == 'w' && constraintWords[strings.ToUpper(def[0].s)] || def[0].kind == 'p' || def[0].kind == 's' {
		return source.Column{}, false
	}
	c := source.Column{Name: def[0].s, Nullable: true}
	i := 1
	var typ []string
	depth := 0
	for i < len(def) {
		t := def[i]
		if depth == 0 && t.kind == 'w' && attrWords[strings.ToUpper(t.s)] {
			break
		}
		if t.s == "(" && t.kind == 'p' {
			depth++
		} else if t.s == ")" && t.kind == 'p' {
			depth--
		}
		typ = append(typ, t.s)
		i++
	}
	c.Type = joinSQL(typ)
	for i < len(def) {
		t := def[i]
		switch {
		case t.is("NOT") && i+1 < len(def) && def[i+1].is("NULL"):
			c.Nullable = false
			i += 2
			continue
		case t.is("PRIMARY"):
			c.Nullable = false
		case t.is("DEFAULT"):
			j := i + 1
			depth := 0
			for j < len(def) {
				u := def[j]
				if depth == 0 && j > i+1 && u.kind == 'w' && attrWords[strings.ToUpper(u.s)] {
					break
				}
				if u.s == "(" && u.kind == 'p' {
					depth++
				} else if u.s == ")" && u.kind == 'p' {
					depth--
				}
				j++
			}
			c.Default = defaultValue(def[i+1 : j])
			i = j
			continue
		}
		i++
	}
	return c, true
}

// defaultValue renders a DEFAULT expression: a literal without its quotes,
// parentheses (SQL Server's ((1))) and casts ('x'::character varying).
func defaultValue(expr []tok) string {
	for len(expr) >= 2 && expr[0].s == "(" && expr[0].kind == 'p' && expr[len(expr)-1].s == ")" && expr[len(expr)-1].kind == 'p' {
		expr = expr[1 : len(expr)-1]
	}
	for k, t := range expr {
		if t.s == "::" && t.kind == 'p' {
			expr = expr[:k]
			break
		}
	}
	if len(expr) == 1 {
		if expr[0].is("NULL") {
			return ""
		}
		return expr[0].s
	}
	if len(expr) == 2 && expr[0].s == "-" {
		return "-" + expr[1].s
	}
	var parts []string
	for _, t := range expr {
		if t.kind == 's' {
			parts = append(parts, "'"+t.s+"'")
		} else {
			parts = append(parts, t.s)
		}
	}
	return joinSQL(parts)
}

func joinSQL(parts []string) string {
	var b strings.Builder
	for k, p := range parts {
		if k > 0 && p != "(" && p != ")" && p != "," && parts[k-1] != "(" {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// applyAlter takes a default from ALTER TABLE ... ALTER COLUMN c SET
// DEFAULT v (PostgreSQL, MySQL) or ALTER TABLE ... ADD [CONSTRAINT n]
// DEFAULT v FOR c (SQL Server).
func applyAlter(toks []tok, lookup func([]string) *schema) {
	i := 0
	if i < len(toks) && toks[i].is("TABLE") {
		i++
	}
	if i < len(toks) && toks[i].is("ONLY") {
		i++
	}
	if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("EXISTS") {
		i += 2
	}
	name, i := qualified(toks, i)
	s := lookup(name)
	if s == nil {
		return
	}
	for ; i < len(toks); i++ {
		if !toks[i].is("DEFAULT") {
			continue
		}
		if i >= 1 && toks[i-1].is("SET") {
			// ALTER [COLUMN] c SET DEFAULT v
			col := ""
			for k := i - 2; k >= 0; k-- {
				if toks[k].is("ALTER") || toks[k].is("COLUMN") {
					col = toks[k+1].s
					break
				}
			}
			end := i + 1
			for end < len(toks) && toks[end].s != "," {
				end++
			}
			if c := s.col(col); c != nil {
				c.Default = defaultValue(toks[i+1 : end])
			}
			i = end
			continue
		}
		for k := i + 1; k+1 < len(toks); k++ {
			if toks[k].is("FOR") {
				if c := s.col(toks[k+1].s); c != nil {
					c.Default = defaultValue(toks[i+1 : k])
				}
				i = k + 1
				break
			}
		}
	}
}
