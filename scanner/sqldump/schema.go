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
func tokens(text []byte, backslash, mysql bool) []tok {
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
				if d == '\\' && (backslash && q == '\'' || mysql && q == '"') && j+1 < len(text) {
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

// ForeignKey is a foreign key a dump declares: the Columns of Table refer
// to the RefColumns of RefTable. Tables are named as Table.Name names the
// dump's tables (schema.table where the dump qualifies them).
type ForeignKey struct {
	Name       string // the constraint's name; "" when it has none
	Table      string
	Columns    []string
	RefTable   string
	RefColumns []string // the referenced table's primary key when the declaration names none; nil when unknown
}

// fkey is a declared key with its referenced table's name parts.
type fkey struct {
	ForeignKey
	ref []string
}

// schema is a table's declared columns, primary key and foreign keys.
type schema struct {
	name []string
	cols []source.Column
	pk   []string
	fks  []fkey
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
	s := &schema{name: name}
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
		if c, ok := parseColumn(toks[start:i], s); ok {
			s.cols = append(s.cols, c)
		}
		if i >= len(toks) || toks[i].s == ")" {
			break
		}
		i++
	}
	return name, s
}

// parseColumn reads one definition of CREATE TABLE: a column, whose
// inline PRIMARY KEY and REFERENCES go to s, or a table constraint, whose
// primary or foreign key goes to s (false then).
func parseColumn(def []tok, s *schema) (source.Column, bool) {
	if len(def) > 0 && def[0].kind == 'w' && constraintWords[strings.ToUpper(def[0].s)] {
		tableConstraint(def, s)
		return source.Column{}, false
	}
	if len(def) == 0 || def[0].kind == 'p' || def[0].kind == 's' {
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
	constraint := ""
	for i < len(def) {
		t := def[i]
		switch {
		case t.is("NOT") && i+1 < len(def) && def[i+1].is("NULL"):
			c.Nullable = false
			i += 2
			continue
		case t.is("PRIMARY"):
			c.Nullable = false
			s.pk = []string{c.Name}
		case t.is("CONSTRAINT") && i+1 < len(def):
			constraint = def[i+1].s
			i += 2
			continue
		case t.is("REFERENCES"):
			ref, rcols, j := references(def, i)
			if len(ref) > 0 && len(rcols) <= 1 {
				s.fks = append(s.fks, fkey{ForeignKey{Name: constraint, Table: strings.Join(s.name, "."), Columns: []string{c.Name},
					RefTable: strings.Join(ref, "."), RefColumns: rcols}, ref})
			}
			i = j
			continue
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

// tableConstraint reads a table constraint of CREATE TABLE: [CONSTRAINT
// name] PRIMARY KEY (...) or FOREIGN KEY (...) REFERENCES t (...).
func tableConstraint(def []tok, s *schema) {
	name, i := "", 0
	if def[0].is("CONSTRAINT") {
		if len(def) < 2 {
			return
		}
		if def[1].kind == 'w' || def[1].kind == 'i' {
			name = def[1].s
		}
		i = 2
	}
	if i < len(def) && def[i].is("PRIMARY") {
		if cols, ok := primaryKey(def, i); ok {
			s.pk = cols
		}
	}
	if k, _, ok := foreignKey(def, i, s.name, name); ok {
		s.fks = append(s.fks, k)
	}
}

// primaryKey reads PRIMARY KEY [CLUSTERED] (cols) at i.
func primaryKey(toks []tok, i int) ([]string, bool) {
	if i+1 >= len(toks) || !toks[i].is("PRIMARY") || !toks[i+1].is("KEY") {
		return nil, false
	}
	i += 2
	for i < len(toks) && toks[i].kind == 'w' { // CLUSTERED, NONCLUSTERED, USING BTREE
		i++
	}
	cols, _, ok := parenNames(toks, i)
	return cols, ok && len(cols) > 0
}

// foreignKey reads FOREIGN KEY [index] (cols) REFERENCES t [(cols)] at i,
// declared by table under the constraint name; it returns the index after
// the referenced columns. Its ON DELETE and other clauses are left.
func foreignKey(toks []tok, i int, table []string, name string) (fkey, int, bool) {
	if i+1 >= len(toks) || !toks[i].is("FOREIGN") || !toks[i+1].is("KEY") || len(table) == 0 {
		return fkey{}, i + 1, false
	}
	i += 2
	if i < len(toks) && (toks[i].kind == 'w' || toks[i].kind == 'i') {
		i++ // MySQL: an index name
	}
	cols, i, ok := parenNames(toks, i)
	if !ok || len(cols) == 0 || i >= len(toks) || !toks[i].is("REFERENCES") {
		return fkey{}, i, false
	}
	ref, rcols, i := references(toks, i)
	if len(ref) == 0 || rcols != nil && len(rcols) != len(cols) {
		return fkey{}, i, false
	}
	return fkey{ForeignKey{Name: name, Table: strings.Join(table, "."), Columns: cols,
		RefTable: strings.Join(ref, "."), RefColumns: rcols}, ref}, i, true
}

// references reads REFERENCES t [(cols)] at i (toks[i] is REFERENCES): the
// table's name parts, its columns (nil when none are named) and the index
// after them.
func references(toks []tok, i int) ([]string, []string, int) {
	ref, i := qualified(toks, i+1)
	cols, j, ok := parenNames(toks, i)
	if !ok {
		return ref, nil, i
	}
	return ref, cols, j
}

// parenNames reads a parenthesised list of names at i ("(a, b DESC)",
// "([Id] ASC)", "(name(10))"): the names and the index after ')'; false
// when toks[i] is not '(' or the list holds something else.
func parenNames(toks []tok, i int) ([]string, int, bool) {
	if i >= len(toks) || toks[i].kind != 'p' || toks[i].s != "(" {
		return nil, i, false
	}
	i++
	var out []string
	for i < len(toks) {
		t := toks[i]
		switch {
		case t.kind == 'p' && t.s == ")":
			return out, i + 1, true
		case t.kind == 'p' && t.s == ",":
			i++
		case t.kind == 'w' || t.kind == 'i':
			out = append(out, t.s)
			// skip what follows the name (ASC, a prefix length) to the ','
			// or ')' at this depth
			i++
			depth := 0
			for i < len(toks) {
				u := toks[i]
				if u.kind == 'p' && u.s == "(" {
					depth++
				} else if u.kind == 'p' && u.s == ")" {
					if depth == 0 {
						break
					}
					depth--
				} else if u.kind == 'p' && u.s == "," && depth == 0 {
					break
				}
				i++
			}
		default:
			return nil, i, false
		}
	}
	return nil, i, false
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
// DEFAULT v FOR c (SQL Server), a primary key from ADD [CONSTRAINT n]
// PRIMARY KEY (...), and returns the foreign keys of ADD [CONSTRAINT n]
// FOREIGN KEY (...) REFERENCES t (...) and ADD [COLUMN] c type REFERENCES
// t (...), for tables the dump may not create.
func applyAlter(toks []tok, lookup func([]string) *schema) []fkey {
	i := 0
	if i < len(toks) && toks[i].is("TABLE") {
		i++
	} else {
		return nil // ALTER SEQUENCE, ALTER FUNCTION...
	}
	for range 2 { // [IF EXISTS] [ONLY], in either order
		if i < len(toks) && toks[i].is("ONLY") {
			i++
		}
		if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("EXISTS") {
			i += 2
		}
	}
	name, i := qualified(toks, i)
	if len(name) == 0 {
		return nil
	}
	s := lookup(name)
	var fks []fkey
	for k := i; k < len(toks); k++ {
		switch {
		case toks[k].is("FOREIGN"):
			cname := ""
			if k >= 2 && toks[k-2].is("CONSTRAINT") {
				cname = toks[k-1].s
			}
			if fk, j, ok := foreignKey(toks, k, name, cname); ok {
				fks = append(fks, fk)
				k = j - 1
			}
		case toks[k].is("REFERENCES"):
			// ADD [COLUMN] [IF NOT EXISTS] c type ... REFERENCES t (col)
			a := k - 1
			for a >= i && !toks[a].is("ADD") && !(toks[a].kind == 'p' && toks[a].s == ",") {
				a--
			}
			if a < i || !toks[a].is("ADD") {
				continue
			}
			a++
			if a < k && toks[a].is("COLUMN") {
				a++
			}
			if a+2 < k && toks[a].is("IF") && toks[a+1].is("NOT") && toks[a+2].is("EXISTS") {
				a += 3
			}
			ref, rcols, j := references(toks, k)
			if a < k && (toks[a].kind == 'w' || toks[a].kind == 'i') && len(ref) > 0 && len(rcols) <= 1 {
				fks = append(fks, fkey{ForeignKey{Table: strings.Join(name, "."), Columns: []string{toks[a].s},
					RefTable: strings.Join(ref, "."), RefColumns: rcols}, ref})
			}
			k = j - 1
		case toks[k].is("PRIMARY") && s != nil:
			if cols, ok := primaryKey(toks, k); ok {
				s.pk = cols
			}
		}
	}
	if s == nil {
		return fks
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
	return fks
}
