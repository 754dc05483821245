package scanner

import (
	"sort"

	"github.com/crmscan/crmscan/detectors"
	"strings"
	"time"

	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/source"
)

// roles says which columns of a table play a part in the row rules: the
// flags that mark a row deleted or inactive, the date of last activity, the
// birth date, and the consent columns. They come from the CRM vendor
// profile recognised in the table's columns (rules/profiles.toml).
type roles struct {
	profile  string
	deleted  []deletedRole
	activity int // column index, -1 when none
	birth    int
	optIn    []int
	optOut   []int
	// retention and minAge are this table's parameters.
	retentionYears float64
	minAge         float64
}

type deletedRole struct {
	col      int
	values   []string // lower case
	nonEmpty bool
}

// active reports whether any row rule applies to the table.
func (r *roles) active() bool {
	return r != nil && (len(r.deleted) > 0 || r.activity >= 0 || r.birth >= 0 || len(r.optIn) > 0 || len(r.optOut) > 0)
}

// resolveRoles recognises the table's profile (or takes the forced one) and
// finds each role's column, falling back to the generic profile.
func resolveRoles(rs *rules.Set, table string, cols []source.Column, forced string, minAge float64) *roles {
	norm := make(map[string]int, len(cols))
	for i, c := range cols {
		n := rules.NormColumn(c.Name)
		if _, dup := norm[n]; !dup {
			norm[n] = i
		}
	}
	profiles := rs.Profiles()
	generic := profiles[len(profiles)-1]
	var chosen *rules.Profile
	if forced != "" {
		if p, ok := rs.Profile(forced); ok {
			chosen = &p
		}
	}
	if chosen == nil {
		best := 0
		for i := range profiles[:len(profiles)-1] {
			p := &profiles[i]
			n := 0
			for _, d := range p.Detect {
				if _, ok := norm[d]; ok {
					n++
				}
			}
			if n >= p.MinDetect && n > best {
				best, chosen = n, p
			}
		}
	}
	r := &roles{activity: -1, birth: -1, profile: generic.Name}
	order := []*rules.Profile{&generic}
	if chosen != nil {
		r.profile = chosen.Name
		order = []*rules.Profile{chosen, &generic}
	}
	seen := map[int]bool{}
	for _, p := range order {
		for _, d := range p.Deleted {
			if i, ok := norm[d.Column]; ok && !seen[i] {
				seen[i] = true
				vals := make([]string, len(d.Values))
				for k, v := range d.Values {
					vals[k] = strings.ToLower(v)
				}
				r.deleted = append(r.deleted, deletedRole{col: i, values: vals, nonEmpty: d.NonEmpty})
			}
		}
		if r.activity < 0 {
			r.activity = firstCol(norm, p.Activity)
		}
		if r.birth < 0 {
			r.birth = firstCol(norm, p.Birthdate)
		}
		r.optIn = appendCols(r.optIn, norm, p.OptIn)
		r.optOut = appendCols(r.optOut, norm, p.OptOut)
	}
	// Columns named for consent that no profile lists by name
	// (nieuwsbrief_opt_in, marketing_consent, afgemeld_op).
	for n, i := range norm {
		if !rules.ConsentColumn(n) || inInts(r.optIn, i) || inInts(r.optOut, i) {
			continue
		}
		if rules.OptOutColumn(n) {
			r.optOut = append(r.optOut, i)
		} else if !strings.Contains(n, "date") && !strings.Contains(n, "datum") && !strings.HasSuffix(n, "op") && !strings.HasSuffix(n, "at") {
			r.optIn = append(r.optIn, i) // a flag, not the date it was given
		}
	}
	sort.Ints(r.optIn)
	sort.Ints(r.optOut)
	tc := rs.Table(table)
	if rule, ok := rs.Rule("retention.expired"); ok {
		r.retentionYears = rule.Param("years", 7)
	}
	if tc.RetentionYears > 0 {
		r.retentionYears = tc.RetentionYears
	}
	if rule, ok := rs.Rule("children.minor"); ok {
		r.minAge = rule.Param("min_age", 16)
	}
	if minAge > 0 {
		r.minAge = minAge
	}
	if tc.MinAge > 0 {
		r.minAge = tc.MinAge
	}
	return r
}

func firstCol(norm map[string]int, names []string) int {
	for _, n := range names {
		if i, ok := norm[n]; ok {
			return i
		}
	}
	return -1
}

func appendCols(dst []int, norm map[string]int, names []string) []int {
	for _, n := range names {
		if i, ok := norm[n]; ok {
			dup := false
			for _, d := range dst {
				dup = dup || d == i
			}
			if !dup {
				dst = append(dst, i)
			}
		}
	}
	return dst
}

// rowStats are the row rules' counts, per batch and in total.
type rowStats struct {
	deletedRows int64 // rows marked deleted or inactive
	deletedPII  int64 // ... that still hold personal data
	deletedSet  rowSet
	deletedCols []bool // columns holding personal data in such rows

	datedRows   int64 // rows with a readable last-activity date
	expired     int64
	expiredSet  rowSet
	oldest      int32 // yyyymmdd of the oldest activity date, 0 when none
	birthRows   int64 // rows with a readable birth date
	minors      int64
	minorSet    rowSet
	undatedRows int64 // rows whose activity column held no readable date
	optedOut    int64 // rows of people who opted out (opt-in false or opt-out set)
	optedOutSet rowSet
}

func (s *rowStats) merge(o *rowStats) {
	s.deletedRows += o.deletedRows
	s.deletedPII += o.deletedPII
	s.deletedSet.merge(&o.deletedSet)
	if len(s.deletedCols) < len(o.deletedCols) {
		s.deletedCols = append(s.deletedCols, make([]bool, len(o.deletedCols)-len(s.deletedCols))...)
	}
	for i, v := range o.deletedCols {
		s.deletedCols[i] = s.deletedCols[i] || v
	}
	s.datedRows += o.datedRows
	s.expired += o.expired
	s.expiredSet.merge(&o.expiredSet)
	if o.oldest != 0 && (s.oldest == 0 || o.oldest < s.oldest) {
		s.oldest = o.oldest
	}
	s.birthRows += o.birthRows
	s.minors += o.minors
	s.minorSet.merge(&o.minorSet)
	s.undatedRows += o.undatedRows
	s.optedOut += o.optedOut
	s.optedOutSet.merge(&o.optedOutSet)
}

// rowCheck evaluates the row rules on one row; it runs in the worker, after
// the detectors saw the row's cells, so the table is read once.
type rowCheck struct {
	retentionCut int32 // yyyymmdd: activity before this is expired
	minorCut     int32 // yyyymmdd: born after this is a minor
}

func newRowCheck(r *roles, now time.Time) rowCheck {
	ymd := func(t time.Time) int32 { return int32(t.Year()*10000 + int(t.Month())*100 + t.Day()) }
	c := rowCheck{}
	if r.retentionYears > 0 {
		months := int(r.retentionYears * 12)
		c.retentionCut = ymd(now.AddDate(0, -months, 0))
	}
	if r.minAge > 0 {
		c.minorCut = ymd(now.AddDate(-int(r.minAge), 0, 0))
	}
	return c
}

// check updates st for one row. piiCols[i] is true when the detectors kept
// a medium or high confidence match in cell i.
func (c rowCheck) check(r *roles, row int64, cells [][]byte, piiCols []bool, anyPII bool, st *rowStats) {
	cell := func(i int) []byte {
		if i < 0 || i >= len(cells) {
			return nil
		}
		return trimSpace(cells[i])
	}
	for _, d := range r.deleted {
		v := cell(d.col)
		if !flagSet(v, d) {
			continue
		}
		st.deletedRows++
		if anyPII {
			st.deletedPII++
			st.deletedSet.add(row)
			if len(st.deletedCols) < len(piiCols) {
				st.deletedCols = append(st.deletedCols, make([]bool, len(piiCols)-len(st.deletedCols))...)
			}
			for i, p := range piiCols {
				st.deletedCols[i] = st.deletedCols[i] || p
			}
		}
		break
	}
	if r.activity >= 0 && c.retentionCut > 0 {
		if v := cell(r.activity); len(v) > 0 {
			if d, ok := parseDate(v); ok {
				st.datedRows++
				if d < c.retentionCut && anyPII {
					st.expired++
					st.expiredSet.add(row)
					if st.oldest == 0 || d < st.oldest {
						st.oldest = d
					}
				}
			} else {
				st.undatedRows++
			}
		}
	}
	for _, i := range r.optIn {
		if v := cell(i); len(v) > 0 && falsy(v) {
			st.optedOut++
			st.optedOutSet.add(row)
			goto consentDone
		}
	}
	for _, i := range r.optOut {
		if v := cell(i); len(v) > 0 && truthy(v) {
			st.optedOut++
			st.optedOutSet.add(row)
			break
		}
	}
consentDone:
	if r.birth >= 0 && c.minorCut > 0 {
		if v := cell(r.birth); len(v) > 0 {
			if d, ok := parseDate(v); ok {
				st.birthRows++
				if d > c.minorCut {
					st.minors++
					st.minorSet.add(row)
				}
			}
		}
	}
}

func flagSet(v []byte, d deletedRole) bool {
	if len(v) == 0 {
		return false
	}
	if d.nonEmpty {
		return !equalFoldASCII(v, "null") && !equalFoldASCII(v, "0000-00-00 00:00:00") && !equalFoldASCII(v, "\\n")
	}
	for _, want := range d.values {
		if equalFoldASCII(v, want) {
			return true
		}
	}
	return false
}

// truthy and falsy read a flag cell: 1/0, true/false, yes/no, ja/nee...
func truthy(v []byte) bool {
	for _, w := range []string{"1", "true", "t", "yes", "y", "ja", "j", "on", "x"} {
		if equalFoldASCII(v, w) {
			return true
		}
	}
	return false
}

func falsy(v []byte) bool {
	for _, w := range []string{"0", "false", "f", "no", "n", "nee", "off"} {
		if equalFoldASCII(v, w) {
			return true
		}
	}
	return false
}

func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// parseDate reads the date at the start of a cell as yyyymmdd: ISO
// (2016-03-12, 2016-03-12T10:00:00Z, 2016/03/12) and day-first Dutch forms
// (12-03-2016, 12/03/2016, 12.03.2016, 1-3-2016). Times after the date are
// ignored. It does not allocate.
func parseDate(b []byte) (int32, bool) {
	// The commonest form first, read in place: yyyy-mm-dd, alone or
	// before a time.
	if len(b) >= 10 && b[4] == '-' && b[7] == '-' && (len(b) == 10 || b[10]-'0' > 9) {
		c := b[:10:10]
		y0, y1, y2, y3 := c[0]-'0', c[1]-'0', c[2]-'0', c[3]-'0' // a byte below '0' wraps past 9
		m0, m1, d0, d1 := c[5]-'0', c[6]-'0', c[8]-'0', c[9]-'0'
		if y0 <= 9 && y1 <= 9 && y2 <= 9 && y3 <= 9 && m0 <= 9 && m1 <= 9 && d0 <= 9 && d1 <= 9 {
			return dateOf(int(y0)*1000+int(y1)*100+int(y2)*10+int(y3), int(m0)*10+int(m1), int(d0)*10+int(d1))
		}
	}
	n1, l1, p := readInt(b, 0)
	if l1 == 0 || p >= len(b) || !isDateSep(b[p]) {
		return 0, false
	}
	sep := b[p]
	n2, l2, p2 := readInt(b, p+1)
	if l2 == 0 || l2 > 2 || p2 >= len(b) || b[p2] != sep {
		return 0, false
	}
	n3, l3, p3 := readInt(b, p2+1)
	if l3 == 0 || (p3 < len(b) && b[p3] >= '0' && b[p3] <= '9') {
		return 0, false
	}
	var y, m, d int
	switch {
	case l1 == 4 && l3 <= 2: // yyyy-mm-dd
		y, m, d = n1, n2, n3
	case l1 <= 2 && l3 == 4: // dd-mm-yyyy, day first
		y, m, d = n3, n2, n1
		if m > 12 && d <= 12 { // a US month-first date
			m, d = d, m
		}
	default:
		return 0, false
	}
	return dateOf(y, m, d)
}

// dateOf returns y, m, d as yyyymmdd, if in the range parseDate reads.
func dateOf(y, m, d int) (int32, bool) {
	if y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	return int32(y*10000 + m*100 + d), true
}

func isDateSep(c byte) bool { return c == '-' || c == '/' || c == '.' }

func readInt(b []byte, p int) (n, l, end int) {
	for p < len(b) && b[p] >= '0' && b[p] <= '9' && l < 5 {
		n = n*10 + int(b[p]-'0')
		l++
		p++
	}
	return n, l, p
}

// ruleColumns returns whether a column plays a part in the row or schema
// rules (a deleted flag, an activity date, a birth date, a consent column)
// or is named for a kind of personal data (a BSN or phone number stored as
// an integer), so that a database source reads it although it is no text.
func ruleColumns(rs *rules.Set, dets []detectors.Detector) func(string) bool {
	names := map[string]bool{}
	for _, p := range rs.Profiles() {
		for _, d := range p.Deleted {
			names[d.Column] = true
		}
		for _, l := range [][]string{p.Activity, p.Birthdate, p.OptIn, p.OptOut} {
			for _, n := range l {
				names[n] = true
			}
		}
	}
	return func(column string) bool {
		n := rules.NormColumn(column)
		if names[n] || rules.ConsentColumn(n) {
			return true
		}
		for _, d := range dets {
			if d.ColumnHint(column) {
				return true
			}
		}
		return false
	}
}
