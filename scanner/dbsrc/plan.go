package dbsrc

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// plan is how one table is read: all rows, a spread sample, or a walk.
type plan struct {
	describe string
	sampled  bool
	estimate int64 // rows in the table; -1 when unknown
	run      func(ctx context.Context, r *Table, tx *sql.Tx) error
}

// readSpec is the parts every query of a table shares.
type readSpec struct {
	sel, from string
	key       string // quoted key expression, "" when the table has none
	// order sorts by the key: by position, since the key leads the select
	// list and a column read cast to text (an integer identifier that is
	// also the key) has the key's name too, which makes a name ambiguous.
	order    string
	keyIsRow bool // the key is the row number (a single integer primary key)
}

func (r *Table) spec() readSpec {
	d, t := r.s.d, r.t
	var sp readSpec
	sp.from = d.table(t)
	var list []string
	switch {
	case t.pkInt:
		sp.key, sp.keyIsRow = d.quote(t.pk[0]), true
	case t.rowKey != "":
		sp.key = t.rowKey
	}
	if sp.key != "" {
		list = append(list, sp.key)
		sp.order = "1"
	}
	for _, c := range t.cols {
		if !c.read {
			continue
		}
		if c.expr != "" {
			list = append(list, c.expr)
		} else {
			list = append(list, d.quote(c.Name))
		}
	}
	sp.sel = strings.Join(list, ", ")
	return sp
}

// Sampling constants: a keyed stride reads strideRuns runs of rows spread
// over the key range; without a key, offsetRuns runs at spread offsets.
const (
	strideRuns = 50
	offsetRuns = 10
)

// plan decides how to read the table: every row when it holds no more
// than the limit (a bounded count tells), else a sample spread over the
// table; with no limit, fullPlan, in constant memory.
func (r *Table) plan(ctx context.Context, tx *sql.Tx) (*plan, error) {
	d, t := r.s.d, r.t
	limit := r.s.opt.Limit
	sp := r.spec()
	keyed := sp.key != ""
	if limit <= 0 {
		return r.fullPlan(sp), nil
	}
	est := t.estimate
	if est < 0 || est <= 2*limit {
		n, err := r.boundedCount(ctx, tx, sp.from, limit+1)
		if err != nil {
			return nil, err
		}
		if n <= limit {
			return &plan{describe: "all rows", estimate: n, run: func(ctx context.Context, r *Table, tx *sql.Tx) error {
				k := &rowSink{r: r, limit: limit}
				_, _, err := k.scanQuery(ctx, tx, keyed, sp.keyIsRow, d.selectSQL(sp.sel, sp.from, "", sp.order, limit, 0))
				if err != nil {
					return err
				}
				return k.flush(ctx)
			}}, nil
		}
		if est < n {
			est = -1 // the statistics are stale: the size is unknown
		}
		if t.countLater {
			if est, err = r.count(ctx, tx, sp.from); err != nil {
				return nil, err
			}
		}
	}
	p := &plan{sampled: true, estimate: est}
	if from, method, ok := d.tablesample(t, sp.from, limit, est); ok {
		p.describe = "sample: " + method
		p.run = func(ctx context.Context, r *Table, tx *sql.Tx) error {
			k := &rowSink{r: r, limit: limit}
			// The sample holds a few more rows than the limit; sorted by
			// the key, the same rows are kept in every run and shard.
			if _, _, err := k.scanQuery(ctx, tx, keyed, sp.keyIsRow, d.selectSQL(sp.sel, from, "", sp.order, limit, 0)); err != nil {
				return err
			}
			return k.flush(ctx)
		}
		return p, nil
	}
	switch {
	case keyed:
		p.describe = "sample: keyed stride"
		p.run = func(ctx context.Context, r *Table, tx *sql.Tx) error { return r.stride(ctx, tx, sp, limit) }
	case est > 0:
		p.describe = "sample: spread offsets"
		p.run = func(ctx context.Context, r *Table, tx *sql.Tx) error { return r.offsets(ctx, tx, sp, limit, est) }
	default:
		p.describe = "sample: first rows"
		p.run = func(ctx context.Context, r *Table, tx *sql.Tx) error {
			k := &rowSink{r: r, limit: limit}
			if _, _, err := k.scanQuery(ctx, tx, false, false, d.selectSQL(sp.sel, sp.from, "", "", limit, 0)); err != nil {
				return err
			}
			return k.flush(ctx)
		}
	}
	return p, nil
}

// keysetWalk reads a table in chunks of chunk rows ordered by its integer
// key: read runs the chunk with the WHERE condition it is given ("" for
// the first, then "key > last", the last key written out) and returns the
// rows it read and the last key. A short chunk is the last.
func keysetWalk(ctx context.Context, k *rowSink, key string, chunk int64, read func(where string) (n, last int64, err error)) error {
	return keysetWalkFrom(ctx, k, key, chunk, false, 0, read)
}

// keysetWalkFrom is keysetWalk from the key after last when after is set.
func keysetWalkFrom(ctx context.Context, k *rowSink, key string, chunk int64, after bool, last int64, read func(where string) (n, last int64, err error)) error {
	for first := !after; ; first = false {
		where := ""
		if !first {
			where = key + " > " + strconv.FormatInt(last, 10)
		}
		n, l, err := read(where)
		if err != nil {
			return err
		}
		if n < chunk {
			return k.flush(ctx)
		}
		last = l
	}
}

// count counts the table's rows.
func (r *Table) count(ctx context.Context, tx *sql.Tx, from string) (int64, error) {
	return r.countQuery(ctx, tx, "SELECT COUNT(*) FROM "+from)
}

// boundedCount counts the rows up to n, reading no more than n.
func (r *Table) boundedCount(ctx context.Context, tx *sql.Tx, from string, n int64) (int64, error) {
	return r.countQuery(ctx, tx, "SELECT COUNT(*) FROM ("+r.s.d.selectSQL("1 AS one", from, "", "", n, 0)+") crmscan_n")
}

// countQuery runs a query of one count under the statement timeout.
func (r *Table) countQuery(ctx context.Context, tx *sql.Tx, q string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opt.QueryTimeout)
	defer cancel()
	var c int64
	if err := tx.QueryRowContext(ctx, q).Scan(&c); err != nil {
		return 0, err
	}
	return c, nil
}

// fullPlan reads every row: one COPY where the dialect has COPY, one
// query read past database/sql where it can be (MySQL), else a keyset
// walk when the table has an integer key, else one streamed query. Memory
// stays flat in each case.
func (r *Table) fullPlan(sp readSpec) *plan {
	d := r.s.d
	est := r.t.estimate
	cp, canCopy := d.(copier)
	rq, isRaw := d.(rawQueryer)
	switch {
	case canCopy:
		// One COPY of the whole table, as pg_dump reads one: a sequential
		// scan, rows in the order of their pages, streamed without a pause.
		// A keyset walk of COPY statements kept each under the statement
		// timeout, but each cost the server an index scan, and the server
		// stood idle while crmscan read the end of one and sent the next:
		// a fifth more time. A table with an integer key keeps it as row
		// number.
		return wholeTable("all rows: one COPY", est, cp, func(ctx context.Context, k *rowSink) error {
			q := "COPY (" + d.selectSQL(sp.sel, sp.from, "", "", 0, 0) + ") TO STDOUT"
			return k.copyQuery(ctx, cp, sp.key != "", sp.keyIsRow, q)
		})
	case sp.key != "" && d.kind() == "sqlite":
		// The same keyset walk, read past database/sql (sqlitedirect.go),
		// in a read transaction of its own: one snapshot, as the table's
		// transaction would give.
		return &plan{describe: "all rows: keyset walk", estimate: est, run: func(ctx context.Context, r *Table, _ *sql.Tx) error {
			dc, err := openSQLiteDirect(sqlitePath(r.s.target), r.s.opt.QueryTimeout)
			if err != nil {
				return err
			}
			defer dc.close()
			if err := dc.exec("BEGIN"); err != nil {
				return err
			}
			k := &rowSink{r: r}
			after, last, done, err := k.fileWalk(ctx, dc, sqlitePath(r.s.target), sp.keyIsRow)
			if err != nil {
				return err
			}
			if done {
				r.setDetail("read", "all rows: from the file")
				return k.flush(ctx)
			}
			if after {
				r.setDetail("read", "all rows: from the file, then keyset walk")
			}
			return keysetWalkFrom(ctx, k, sp.key, walkChunk, after, last, func(where string) (int64, int64, error) {
				return k.directQuery(ctx, dc, true, sp.keyIsRow, d.selectSQL(sp.sel, sp.from, where, sp.order, walkChunk, 0))
			})
		}}
	case isRaw:
		// MySQL and MariaDB: one query, as the mysql client exports a
		// table, its rows read past database/sql on the table's
		// connection (in its transaction), in the order of the clustered
		// key (InnoDB). A keyset walk of 5,000-row queries left the
		// server idle at every chunk's end: a tenth more time.
		return wholeTable("all rows: one query", est, rq, func(ctx context.Context, k *rowSink) error {
			return k.rawQuery(ctx, rq, sp.key != "", sp.keyIsRow, d.selectSQL(sp.sel, sp.from, "", "", 0, 0))
		})
	case sp.key != "":
		return &plan{describe: "all rows: keyset walk", estimate: est, run: func(ctx context.Context, r *Table, tx *sql.Tx) error {
			k := &rowSink{r: r}
			// The last key is an integer, written out (keysetWalk): a query
			// without parameters is one round trip.
			return keysetWalk(ctx, k, sp.key, walkChunk, func(where string) (int64, int64, error) {
				return k.scanQuery(ctx, tx, true, sp.keyIsRow, d.selectSQL(sp.sel, sp.from, where, sp.order, walkChunk, 0))
			})
		}}
	}
	return &plan{describe: "all rows: streamed", estimate: est, run: func(ctx context.Context, r *Table, tx *sql.Tx) error {
		k := &rowSink{r: r}
		if _, _, err := k.scanQuery(ctx, tx, false, false, d.selectSQL(sp.sel, sp.from, "", "", 0, 0)); err != nil {
			return err
		}
		return k.flush(ctx)
	}}
}

// wholeTable is the plan of one statement (read) that reads the whole
// table past the statement timeout (unbounded): it takes as long as the
// table is large; its watchdog cancels it when no batch fills for the
// timeout.
func wholeTable(describe string, est int64, ub unbounder, read func(ctx context.Context, k *rowSink) error) *plan {
	return &plan{describe: describe, estimate: est, run: func(ctx context.Context, r *Table, tx *sql.Tx) error {
		if err := ub.unbounded(ctx, tx); err != nil {
			return err
		}
		k := &rowSink{r: r}
		if err := read(ctx, k); err != nil {
			return err
		}
		return k.flush(ctx)
	}}
}

// strideRanges splits the key range [lo, hi] into runs at most n ranges.
func strideRanges(lo, hi int64, n int) [][2]int64 {
	if hi < lo || n < 1 {
		return nil
	}
	span := uint64(hi) - uint64(lo) // exact even when hi-lo overflows int64
	step := span / uint64(n)
	var out [][2]int64
	if step == 0 {
		return [][2]int64{{lo, hi}}
	}
	for i := 0; i < n; i++ {
		a := int64(uint64(lo) + step*uint64(i))
		b := hi
		if i < n-1 {
			b = int64(uint64(lo) + step*uint64(i+1) - 1)
		}
		out = append(out, [2]int64{a, b})
	}
	return out
}

// stride reads runs of rows at keys spread evenly over the key range.
func (r *Table) stride(ctx context.Context, tx *sql.Tx, sp readSpec, limit int64) error {
	d := r.s.d
	var lo, hi sql.NullInt64
	qctx, cancel := context.WithTimeout(ctx, r.s.opt.QueryTimeout)
	err := tx.QueryRowContext(qctx, "SELECT MIN("+sp.key+"), MAX("+sp.key+") FROM "+sp.from).Scan(&lo, &hi)
	cancel()
	if err != nil {
		return err
	}
	if !lo.Valid || !hi.Valid {
		return nil
	}
	runs := int(min(max(limit/200, 1), strideRuns))
	per := (limit + int64(runs) - 1) / int64(runs)
	k := &rowSink{r: r, limit: limit}
	where := sp.key + " >= " + d.ph(1) + " AND " + sp.key + " <= " + d.ph(2)
	q := d.selectSQL(sp.sel, sp.from, where, sp.order, per, 0)
	for _, rg := range strideRanges(lo.Int64, hi.Int64, runs) {
		if _, _, err := k.scanQuery(ctx, tx, true, sp.keyIsRow, q, rg[0], rg[1]); err != nil {
			return err
		}
		if k.n >= limit {
			break
		}
	}
	return k.flush(ctx)
}

// offsets reads runs of rows at offsets spread over the estimated size.
func (r *Table) offsets(ctx context.Context, tx *sql.Tx, sp readSpec, limit, est int64) error {
	d := r.s.d
	runs := min(max(limit/1000, 1), offsetRuns)
	per := (limit + runs - 1) / runs
	k := &rowSink{r: r, limit: limit}
	for i := int64(0); i < runs; i++ {
		off := est / runs * i
		if _, _, err := k.scanQuery(ctx, tx, false, false, d.selectSQL(sp.sel, sp.from, "", "", per, off)); err != nil {
			return err
		}
		if k.n >= limit {
			break
		}
	}
	return k.flush(ctx)
}

// samplePercent is the share of a table to sample to get about limit rows,
// with margin, as a percentage in (0, 100].
func samplePercent(limit, est int64, margin float64) float64 {
	if est <= 0 {
		return 100
	}
	p := 100 * float64(limit) * margin / float64(est)
	return min(max(p, 0.0001), 100)
}
