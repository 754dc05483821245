package sqldump

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/crmscan/crmscan/scanner/source"
)

// Catalog holds the tables that the dumps of one scan declare (CREATE
// TABLE, with the defaults of ALTER TABLE), so that a dump whose INSERTs
// name no columns (mysqldump --no-create-info, a data file beside its
// schema file) takes its column names from the schema of another dump.
// Tables are matched by their qualified name, then by their bare name
// when only one declared table has it. A catalog keeps column lists only,
// never a value.
type Catalog struct {
	mu     sync.RWMutex
	byName map[string]*schema // lower-case qualified name
	bare   map[string]*schema // lower-case bare name; nil when two tables differ
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{byName: map[string]*schema{}, bare: map[string]*schema{}}
}

// Collect reads a dump for its declarations alone, skipping its rows
// without parsing them.
func (c *Catalog) Collect(ctx context.Context, r io.Reader) error {
	l := newLexer(r)
	first := l.peekN(4096)
	if IsCustomFormat(first) {
		return ErrCustomFormat
	}
	d := &dump{opt: Options{}, schemas: map[string]*schema{}, l: l}
	if isMySQL(first) {
		l.setMySQL()
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := d.nextHead()
		if err != nil {
			return err
		}
		if h == nil {
			break
		}
		if !h.copy {
			l.skipStatement()
			continue
		}
		for { // skip the COPY block to its \.
			p := l.peekN(3)
			if len(p) == 0 {
				break
			}
			end := len(p) >= 2 && p[0] == '\\' && p[1] == '.' && (len(p) == 2 || p[2] == '\n' || p[2] == '\r')
			l.skipLine()
			if end {
				break
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, s := range d.schemas {
		if strings.Contains(key, ".") || len(s.name) == 1 {
			c.add(s)
		}
	}
	return nil
}

func (c *Catalog) add(s *schema) {
	c.byName[strings.ToLower(strings.Join(s.name, "."))] = s
	bare := strings.ToLower(s.name[len(s.name)-1])
	if old, ok := c.bare[bare]; ok && (old == nil || !sameSchema(old, s)) {
		c.bare[bare] = nil // two different tables of that name
		return
	}
	c.bare[bare] = s
}

func sameSchema(a, b *schema) bool {
	return slices.EqualFunc(a.cols, b.cols, func(x, y source.Column) bool { return strings.EqualFold(x.Name, y.Name) })
}

// Len is the number of tables declared.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byName)
}

// lookup finds a table by its qualified name, or by its bare name when
// one declared table alone has it.
func (c *Catalog) lookup(name []string) *schema {
	if c == nil || len(name) == 0 {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if s, ok := c.byName[strings.ToLower(strings.Join(name, "."))]; ok {
		return s
	}
	return c.bare[strings.ToLower(name[len(name)-1])]
}
