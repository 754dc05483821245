package scanner

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/crmscan/crmscan/scanner/dbsrc"
	"github.com/crmscan/crmscan/scanner/source"
	"github.com/crmscan/crmscan/scanner/sqldump"
)

// MaxLinkedRows bounds the linked rows read per found row and key.
const MaxLinkedRows = 1000

// parentRow is a found row that other rows may refer to.
type parentRow struct {
	row      *SubjectRow
	subjects []int
}

// linkSubjectRows finds the rows that refer to the rows found by an exact
// match: by declared foreign keys in a database or an SQL dump, by a column
// named for the found row's table holding its id in a file (a second pass
// over that source alone, without detectors). Errors are recorded on the
// source.
func (p *pipeline) linkSubjectRows(ctx context.Context, units []unit, res *SubjectResult) {
	bySrc := map[string][]parentRow{}
	found := map[string]bool{} // source, table, row of every found row
	for i := range res.Rows {
		r := &res.Rows[i]
		found[rowID(r.SourceID, r.Table, r.Row)] = true
		var subs []int
		for _, h := range r.Hits {
			if !h.Possible && !containsInt(subs, h.Subject) {
				subs = append(subs, h.Subject)
			}
		}
		if len(subs) > 0 {
			bySrc[r.SourceID] = append(bySrc[r.SourceID], parentRow{row: r, subjects: subs})
		}
	}
	for i := range units {
		u := &units[i]
		parents := bySrc[u.id]
		if len(parents) == 0 || ctx.Err() != nil {
			continue
		}
		var links []LinkedRow
		var err error
		if u.url != nil {
			links, err = p.linkDB(ctx, u, parents)
		} else {
			links = p.linkFile(ctx, u, parents)
		}
		if err != nil {
			p.agg.fail(u.id, fmt.Errorf("linked rows: %w", err))
		}
		for _, l := range links {
			if !found[rowID(l.SourceID, l.Table, l.Row)] {
				res.Linked = append(res.Linked, l)
			}
		}
	}
	order := map[string]int{}
	for i, u := range units {
		order[u.id] = i
	}
	sort.SliceStable(res.Linked, func(i, j int) bool {
		x, y := &res.Linked[i], &res.Linked[j]
		if x.SourceID != y.SourceID {
			return order[x.SourceID] < order[y.SourceID]
		}
		if x.Table != y.Table {
			return x.Table < y.Table
		}
		return x.Row < y.Row
	})
}

func rowID(src, table string, row int64) string {
	return fmt.Sprintf("%s\x00%s\x00%d", src, table, row)
}

func containsInt(l []int, x int) bool {
	for _, y := range l {
		if y == x {
			return true
		}
	}
	return false
}

// linkDB asks the database for the rows that refer to the found rows by a
// declared foreign key.
func (p *pipeline) linkDB(ctx context.Context, u *unit, parents []parentRow) ([]LinkedRow, error) {
	ps := make([]dbsrc.Parent, len(parents))
	for i, pr := range parents {
		ps[i] = dbsrc.Parent{Table: pr.row.Table, Key: pr.row.Row}
	}
	opt := p.opt.DB
	links, err := dbsrc.Linked(ctx, u.raw, dbsrc.Options{Workers: 1, PasswordEnv: opt.PasswordEnv, QueryTimeout: opt.QueryTimeout}, ps, MaxLinkedRows)
	var out []LinkedRow
	for _, l := range links {
		pr := parents[l.Parent]
		out = append(out, LinkedRow{SourceID: u.id, Path: u.path, Kind: pr.row.Kind, Table: l.Table, Row: l.Row,
			Columns: l.Columns, Values: l.Values, Subjects: pr.subjects, Via: l.Via, Declared: true,
			Parent: pr.row.Row, ParentTable: pr.row.Table})
	}
	return out, err
}

// linkTarget is one found row of a file as the second pass looks for it:
// in the tables other than its own, a column named for its table holding
// its id; or, for a key an SQL dump declares, the key's column holding the
// value of the column it references.
type linkTarget struct {
	parent  parentRow
	table   string // bare table name of the found row
	id      string // its id value (the referenced column's value)
	idCol   string
	columns map[string]bool // normalised names of the columns that refer to it
	key     *declaredKey    // the declared key that refers to it; nil for the name rule
}

// linkMatcher is the second pass's matcher: a row matches a target when a
// referring column holds the target's id. A column that a dump declares as
// a foreign key refers only to the table the declaration names; the other
// columns go by the name rule.
type linkMatcher struct {
	targets  []linkTarget
	declared map[string]map[string]bool // lower-case table → lower-case columns of its declared keys
}

// declaredKey is a single-column foreign key an SQL dump declares, its
// tables named as the scan names them ("backup.zip" member prefix
// included): table.column refers to refTable.refColumn.
type declaredKey struct {
	table, column       string
	refTable, refColumn string
}

func (*linkMatcher) Match(string, string) []int { return nil }

type linkRowMatch struct {
	cols    []int // column index → per column the targets it may refer to
	targets [][]int
	byID    []map[string][]int // per entry of cols: id value → targets
}

func (m *linkMatcher) ForTable(table string, columns []string) RowMatch {
	rm := &linkRowMatch{}
	decl := m.declared[strings.ToLower(table)]
	for ci, c := range columns {
		n := normIdent(c)
		byID := map[string][]int{}
		for ti := range m.targets {
			tg := &m.targets[ti]
			if decl[strings.ToLower(c)] {
				if tg.key == nil || !strings.EqualFold(tg.key.table, table) || !strings.EqualFold(tg.key.column, c) {
					continue
				}
			} else if tg.key != nil || tg.parent.row.Table == table || !tg.columns[n] {
				continue
			}
			byID[tg.id] = append(byID[tg.id], ti)
		}
		if len(byID) > 0 {
			rm.cols = append(rm.cols, ci)
			rm.byID = append(rm.byID, byID)
		}
	}
	if len(rm.cols) == 0 {
		return nil
	}
	return rm
}

func (rm *linkRowMatch) Row(cells [][]byte, hits []SubjectHit) []SubjectHit {
	for k, ci := range rm.cols {
		if ci >= len(cells) {
			continue
		}
		for _, ti := range rm.byID[k][string(trimSpace(cells[ci]))] {
			hits = append(hits, SubjectHit{Subject: ti, Kind: "link", Column: ci, WholeCell: true})
		}
	}
	return hits
}

// normIdent is a column or table name lower case without separators.
func normIdent(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personTables are the tables whose rows are people: a column named for
// any of them (contact_id, klant_id) refers to such a table.
var personTables = []string{"contact", "customer", "klant", "relatie", "person", "persoon", "lead", "client", "partner", "account", "member", "lid"}

// bareName is the table's own name: without schema, archive path or sheet.
func bareName(t string) string {
	t = strings.ToLower(t)
	if i := strings.LastIndexAny(t, ".!/"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// singular strips a plural ending: contacts → contact, klanten → klant.
func singular(t string) string {
	switch {
	case strings.HasSuffix(t, "ies"):
		return strings.TrimSuffix(t, "ies") + "y"
	case strings.HasSuffix(t, "en") && len(t) > 4:
		return strings.TrimSuffix(t, "en")
	case strings.HasSuffix(t, "s"):
		return strings.TrimSuffix(t, "s")
	}
	return t
}

// newLinkTarget describes how other tables of a file refer to a found
// row, or false when the row has no id to refer to it by.
func newLinkTarget(pr parentRow) (linkTarget, bool) {
	bare := normIdent(bareName(pr.row.Table))
	one := normIdent(singular(bareName(pr.row.Table)))
	tg := linkTarget{parent: pr, table: bare, columns: map[string]bool{}}
	for ci, c := range pr.row.Columns {
		n := normIdent(c)
		if n == "id" || n == one+"id" {
			if v := strings.TrimSpace(pr.row.Values[ci]); v != "" {
				tg.id, tg.idCol = v, c
				break
			}
		}
	}
	if tg.id == "" {
		return tg, false
	}
	tg.columns[one+"id"], tg.columns[bare+"id"] = true, true
	for _, p := range personTables {
		if one == p {
			for _, q := range personTables {
				tg.columns[q+"id"] = true
			}
		}
	}
	return tg, true
}

// declaredTargets are the targets of the declared keys that refer to the
// tables of found rows: per found row and key, the value of the referenced
// column.
func declaredTargets(keys []declaredKey, parents []parentRow) []linkTarget {
	var out []linkTarget
	for ki := range keys {
		k := &keys[ki]
		for _, pr := range parents {
			if !strings.EqualFold(pr.row.Table, k.refTable) {
				continue
			}
			for ci, c := range pr.row.Columns {
				if strings.EqualFold(c, k.refColumn) && ci < len(pr.row.Values) {
					if v := strings.TrimSpace(pr.row.Values[ci]); v != "" {
						out = append(out, linkTarget{parent: pr, table: normIdent(bareName(pr.row.Table)), id: v, idCol: c, key: k})
					}
					break
				}
			}
		}
	}
	return out
}

// dumpKeys reads the SQL dumps of a file source (the file, or those in an
// archive) for the single-column foreign keys they declare, skipping their
// rows. pg_dump declares its keys after the data, so the second pass could
// not know them when it starts a table: they are read in a pass of their
// own before it. A source it cannot read gives the keys read so far; the
// first pass has reported why.
func dumpKeys(ctx context.Context, u *unit) []declaredKey {
	in, closer, err := openUnit(ctx, u, nil)
	if err != nil {
		return nil
	}
	defer closer.Close()
	head, _ := in.Peek(8 << 10)
	op := openerFor(strings.ToLower(u.path), head, u.explicit)
	if op == nil {
		return nil
	}
	// per dump (by the prefix that an archive gives its tables' names):
	// its last table, whose keys are all the dump's once it is read, and
	// its tables' names
	type dumpTables struct {
		last  *sqldump.Table
		names map[string]string // lower-case name in the dump → name in the scan
	}
	dumps := map[string]*dumpTables{}
	var order []string
	op.Tables(ctx, in, baseName(u.path), OpenOptions{}, func(tr source.TableReader) error {
		inner := tr
		for {
			r, ok := inner.(renamed)
			if !ok {
				break
			}
			inner = r.TableReader
		}
		st, ok := inner.(*sqldump.Table)
		if !ok || !strings.HasSuffix(tr.Name(), st.Name()) {
			return nil
		}
		prefix := strings.TrimSuffix(tr.Name(), st.Name())
		d := dumps[prefix]
		if d == nil {
			d = &dumpTables{names: map[string]string{}}
			dumps[prefix] = d
			order = append(order, prefix)
		}
		d.last = st
		d.names[strings.ToLower(st.Name())] = tr.Name()
		return nil // the dump skips the rows itself
	})
	var keys []declaredKey
	for _, prefix := range order {
		d := dumps[prefix]
		resolve := func(name string) string {
			if n, ok := d.names[strings.ToLower(name)]; ok {
				return n
			}
			// one side qualified, the other not: by the bare name, if only
			// one table has it
			bare, found := strings.ToLower(bareName(name)), ""
			for k, n := range d.names {
				if bareName(k) == bare {
					if found != "" {
						return prefix + name
					}
					found = n
				}
			}
			if found != "" {
				return found
			}
			return prefix + name
		}
		for _, fk := range d.last.ForeignKeys() {
			if len(fk.Columns) != 1 || len(fk.RefColumns) != 1 {
				continue // a composite key links no single row
			}
			keys = append(keys, declaredKey{table: resolve(fk.Table), column: fk.Columns[0],
				refTable: resolve(fk.RefTable), refColumn: fk.RefColumns[0]})
		}
	}
	return keys
}

// linkFile reads a file source again, without detectors, for the rows
// that refer to its found rows: first the keys its SQL dumps declare, then
// the rows.
func (p *pipeline) linkFile(ctx context.Context, u *unit, parents []parentRow) []LinkedRow {
	m := &linkMatcher{declared: map[string]map[string]bool{}}
	for _, pr := range parents {
		if tg, ok := newLinkTarget(pr); ok {
			m.targets = append(m.targets, tg)
		}
	}
	if kind := parents[0].row.Kind; kind == "sqldump" || kind == "archive" {
		keys := dumpKeys(ctx, u)
		for _, k := range keys {
			t := strings.ToLower(k.table)
			if m.declared[t] == nil {
				m.declared[t] = map[string]bool{}
			}
			m.declared[t][strings.ToLower(k.column)] = true
		}
		m.targets = append(m.targets, declaredTargets(keys, parents)...)
	}
	if len(m.targets) == 0 {
		return nil
	}
	opt := p.opt
	opt.Subject, opt.Progress = m, nil
	lp := &pipeline{opt: opt, agg: newAggregator([]unit{*u}, nil)}
	lp.run(ctx, []unit{*u})
	var out []LinkedRow
	for _, r := range lp.agg.subRows {
		seen := map[*SubjectRow]bool{} // one link per found row, however many columns refer to it
		for _, h := range r.Hits {
			tg := &m.targets[h.Subject]
			if seen[tg.parent.row] {
				continue
			}
			seen[tg.parent.row] = true
			out = append(out, LinkedRow{SourceID: u.id, Path: u.path, Kind: tg.parent.row.Kind, Table: r.Table, Sheet: r.Sheet, Row: r.Row,
				Columns: r.Columns, Values: r.Values, Subjects: tg.parent.subjects,
				Via:      r.Table + "." + r.Columns[h.Column] + " → " + tg.parent.row.Table + "." + tg.idCol,
				Declared: tg.key != nil,
				Parent:   tg.parent.row.Row, ParentTable: tg.parent.row.Table, tindex: r.tindex})
		}
	}
	return out
}
