package rules

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"
)

//go:embed columns.toml
var defaultColumns []byte

// Column kinds of the column-name table (rules/columns.toml). Kinds of the
// person-name family share the prefix "name.", address kinds "address.".
const (
	KindNotPerson = "not_person"
	KindNotes     = "notes"
)

var columns struct {
	once  sync.Once
	kinds map[string]string // normalised column name → kind
	err   error
}

func loadColumns() {
	var f struct {
		Kinds map[string][]string `toml:"kinds"`
	}
	if err := decodeStrict(defaultColumns, &f); err != nil {
		columns.err = fmt.Errorf("embedded columns.toml: %w", err)
		return
	}
	m := map[string]string{}
	kinds := make([]string, 0, len(f.Kinds))
	for k := range f.Kinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		for _, name := range f.Kinds[k] {
			n := ColumnKey(name)
			if n == "" {
				columns.err = fmt.Errorf("embedded columns.toml: kind %s: empty name %q", k, name)
				return
			}
			if prev, dup := m[n]; dup {
				columns.err = fmt.Errorf("embedded columns.toml: %q listed under %s and %s", n, prev, k)
				return
			}
			m[n] = k
		}
	}
	columns.kinds = m
}

// ColumnTable returns the column-name table: normalised name → kind. The
// map is shared; callers must not change it.
func ColumnTable() (map[string]string, error) {
	columns.once.Do(loadColumns)
	return columns.kinds, columns.err
}

// ColumnKind returns the kind the column-name table gives a column name
// ("email", "name.first", "address.city", "notes", ...), or "" when the
// table does not know the name. It does not allocate.
func ColumnKind(column string) string {
	columns.once.Do(loadColumns)
	var buf [64]byte
	n := 0
	for i := 0; i < len(column); i++ {
		c := column[i]
		if c-'A' < 26 {
			c |= 0x20
		}
		if c-'a' >= 26 {
			continue
		}
		if n == len(buf) {
			return ""
		}
		buf[n] = c
		n++
	}
	if n == 0 {
		return ""
	}
	return columns.kinds[string(buf[:n])]
}

// ColumnKey normalises a column name as the column-name table compares it:
// lower case, letters a-z only ("address1_line1" → "addressline").
func ColumnKey(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c-'A' < 26 {
			c |= 0x20
		}
		if c-'a' < 26 {
			b = append(b, c)
		}
	}
	return string(b)
}
