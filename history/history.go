// Package history keeps an audit history: every scan's masked report in an
// embedded SQLite database (crmscan scan --history audit.db), so that a
// privacy officer can list the scans, diff any two and see the trend per AP
// step and severity without a spreadsheet of loose JSON files.
//
// The database is written in WAL mode, one transaction per scan (BEGIN
// IMMEDIATE, with a busy timeout, so concurrent writers queue instead of
// failing), and its schema carries a version (PRAGMA user_version) that
// Open migrates forward. A scan killed while storing leaves the database
// with the earlier scans intact: the transaction is never committed.
package history

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/crmscan/crmscan/reporters"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// ErrRawValues is returned by Store for a report made with --show-values:
// the history holds masked reports only.
var ErrRawValues = errors.New("the report holds raw values (--show-values); the audit history stores masked reports only")

// ErrNoScan is returned when a selected scan is not in the history.
var ErrNoScan = errors.New("no such scan in the history")

// migrations bring the schema from version i to i+1.
var migrations = []string{
	`CREATE TABLE scans (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		started TEXT NOT NULL,
		finished TEXT NOT NULL,
		stored TEXT NOT NULL,
		key_id TEXT NOT NULL DEFAULT '',
		tool_version TEXT NOT NULL DEFAULT '',
		targets TEXT NOT NULL DEFAULT '',
		sources INTEGER NOT NULL,
		rows_scanned INTEGER NOT NULL,
		findings INTEGER NOT NULL,
		errors INTEGER NOT NULL,
		incomplete INTEGER NOT NULL DEFAULT 0,
		report BLOB NOT NULL
	);
	CREATE TABLE scan_severity (
		scan_id INTEGER NOT NULL REFERENCES scans(id),
		severity TEXT NOT NULL,
		findings INTEGER NOT NULL,
		PRIMARY KEY (scan_id, severity)
	);
	CREATE TABLE scan_steps (
		scan_id INTEGER NOT NULL REFERENCES scans(id),
		step INTEGER NOT NULL,
		status TEXT NOT NULL,
		findings INTEGER NOT NULL,
		PRIMARY KEY (scan_id, step)
	);`,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// DB is an open audit history.
type DB struct {
	db   *sql.DB
	path string
}

// Open opens (creating it when absent) the history at path and migrates its
// schema. A file that is not a crmscan history, or a damaged one, is an
// error that names the file; it is never overwritten.
func Open(path string) (*DB, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("audit history %s: not a regular file", path)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("audit history %s: %w", path, err)
	}
	h := &DB{db: db, path: path}
	if err := h.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("audit history %s: %w", path, err)
	}
	return h, nil
}

// Close closes the database.
func (h *DB) Close() error { return h.db.Close() }

func (h *DB) migrate() error {
	ctx := context.Background()
	var ok string
	if err := h.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&ok); err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	if ok != "ok" {
		return fmt.Errorf("the database is damaged (quick_check: %s)", ok)
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v == 0 {
		// A fresh file has no tables; any other SQLite file is not ours.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errors.New("not a crmscan audit history (it holds other tables)")
		}
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this crmscan knows (%d); upgrade crmscan", v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v+1)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Scan is one stored scan, without its report.
type Scan struct {
	ID          int64          `json:"id"`
	Started     string         `json:"started"`
	Finished    string         `json:"finished"`
	KeyID       string         `json:"key_id"`
	Targets     []string       `json:"targets"`
	Sources     int            `json:"sources"`
	RowsScanned int64          `json:"rows_scanned"`
	Findings    int            `json:"findings"`
	Errors      int            `json:"errors"`
	Incomplete  bool           `json:"incomplete,omitempty"`
	BySeverity  map[string]int `json:"by_severity"`
	Steps       map[int]Step   `json:"steps"`
}

// Step is an AP step's state in one scan.
type Step struct {
	Status   string `json:"status"`
	Findings int    `json:"findings"`
}

// storeHook, when set (by tests), runs inside Store's transaction before
// the commit: a test kills the process there.
var storeHook func()

// Store saves a masked report as a new scan in one transaction and returns
// its ID.
func (h *DB) Store(ctx context.Context, rep *reporters.Report) (int64, error) {
	if rep.Scan.ShowValues {
		return 0, ErrRawValues
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(rep); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	var rows int64
	for _, s := range rep.Sources {
		rows += s.RowsScanned
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("audit history %s: %w", h.path, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO scans (started, finished, stored, key_id, tool_version, targets,
		sources, rows_scanned, findings, errors, incomplete, report) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		rep.Scan.Started, rep.Scan.Finished, time.Now().UTC().Format(time.RFC3339), rep.KeyID, rep.Tool.Version,
		strings.Join(rep.Scan.Targets, "\n"), len(rep.Sources), rows, len(rep.Findings), len(rep.Errors),
		rep.Scan.Incomplete, buf.Bytes())
	if err != nil {
		return 0, fmt.Errorf("audit history %s: %w", h.path, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for sev, n := range rep.Summary.BySeverity {
		if _, err := tx.ExecContext(ctx, "INSERT INTO scan_severity VALUES (?,?,?)", id, sev, n); err != nil {
			return 0, fmt.Errorf("audit history %s: %w", h.path, err)
		}
	}
	for _, c := range rep.Checklist {
		if _, err := tx.ExecContext(ctx, "INSERT INTO scan_steps VALUES (?,?,?,?)", id, c.Step, c.Status, len(c.Findings)); err != nil {
			return 0, fmt.Errorf("audit history %s: %w", h.path, err)
		}
	}
	if storeHook != nil {
		storeHook()
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("audit history %s: %w", h.path, err)
	}
	return id, nil
}

// List returns the stored scans, oldest first.
func (h *DB) List(ctx context.Context) ([]Scan, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, started, finished, key_id, targets, sources, rows_scanned,
		findings, errors, incomplete FROM scans ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("audit history %s: %w", h.path, err)
	}
	defer rows.Close()
	var out []Scan
	idx := map[int64]int{}
	for rows.Next() {
		var s Scan
		var targets string
		if err := rows.Scan(&s.ID, &s.Started, &s.Finished, &s.KeyID, &targets, &s.Sources, &s.RowsScanned,
			&s.Findings, &s.Errors, &s.Incomplete); err != nil {
			return nil, err
		}
		if targets != "" {
			s.Targets = strings.Split(targets, "\n")
		}
		s.BySeverity, s.Steps = map[string]int{}, map[int]Step{}
		idx[s.ID] = len(out)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sev, err := h.db.QueryContext(ctx, "SELECT scan_id, severity, findings FROM scan_severity")
	if err != nil {
		return nil, err
	}
	defer sev.Close()
	for sev.Next() {
		var id int64
		var s string
		var n int
		if err := sev.Scan(&id, &s, &n); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].BySeverity[s] = n
		}
	}
	steps, err := h.db.QueryContext(ctx, "SELECT scan_id, step, status, findings FROM scan_steps")
	if err != nil {
		return nil, err
	}
	defer steps.Close()
	for steps.Next() {
		var id int64
		var st Step
		var n int
		if err := steps.Scan(&id, &n, &st.Status, &st.Findings); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Steps[n] = st
		}
	}
	return out, steps.Err()
}

// Report returns a stored scan's report.
func (h *DB) Report(ctx context.Context, id int64) (*reporters.Report, error) {
	var blob []byte
	err := h.db.QueryRowContext(ctx, "SELECT report FROM scans WHERE id = ?", id).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %d", ErrNoScan, id)
	}
	if err != nil {
		return nil, fmt.Errorf("audit history %s: %w", h.path, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, fmt.Errorf("audit history %s: scan %d: %w", h.path, id, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("audit history %s: scan %d: %w", h.path, id, err)
	}
	var rep reporters.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("audit history %s: scan %d: %w", h.path, id, err)
	}
	return &rep, nil
}

// Resolve turns a selector into a scan ID: a number, "latest" (or
// "last"), or "previous" (the one before the latest); -N counts back from
// the latest (-1 is previous).
func (h *DB) Resolve(ctx context.Context, sel string) (int64, error) {
	scans, err := h.List(ctx)
	if err != nil {
		return 0, err
	}
	back := -1
	switch sel {
	case "latest", "last", "":
		back = 0
	case "previous", "prev":
		back = 1
	default:
		n, err := strconv.ParseInt(sel, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("scan %q: want a scan ID, latest, previous or -N", sel)
		}
		if n < 0 {
			back = int(-n)
			break
		}
		for _, s := range scans {
			if s.ID == n {
				return n, nil
			}
		}
		return 0, fmt.Errorf("%w: %d", ErrNoScan, n)
	}
	if back >= len(scans) {
		return 0, fmt.Errorf("%w: the history holds %d scans, %q needs %d", ErrNoScan, len(scans), sel, back+1)
	}
	return scans[len(scans)-1-back].ID, nil
}

// Trend turns the stored scans into the report's trend (at most the last
// max scans), for the HTML chart.
func Trend(scans []Scan, max int) []reporters.TrendPoint {
	if max > 0 && len(scans) > max {
		scans = scans[len(scans)-max:]
	}
	out := make([]reporters.TrendPoint, 0, len(scans))
	for _, s := range scans {
		p := reporters.TrendPoint{Scan: s.ID, Started: s.Started, Findings: s.Findings,
			BySeverity: map[string]int{}, ByStep: map[string]int{}}
		for k, v := range s.BySeverity {
			p.BySeverity[k] = v
		}
		for k, v := range s.Steps {
			p.ByStep[strconv.Itoa(k)] = v.Findings
		}
		out = append(out, p)
	}
	return out
}
