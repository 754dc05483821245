// Command evalreal measures crmscan's column classification on real CRM and
// ERP demo data that nobody on the team wrote (../shared/data/realworld):
// every folder of the realworld directory is one dataset, scanned whole as
// `crmscan scan --full` would, and every column's classification is compared
// with the label in labels/<dataset>.tsv. It prints precision, recall and F1
// per dataset and per label type; `company:` and `ambiguous:` labels are
// reported apart and left out of the default scoring, and `empty` columns are
// never scored. It exits 1 when the targets of issue 14 are missed.
//
//	go run ./internal/evalreal [-dir ../shared/data/realworld] [-testdata testdata/realworld] [-v]
//
// Beside the development set it scores the real sample data the repository
// ships itself (testdata/realworld, labelled the same way): other vendors'
// data that no rule was fitted to, reported apart as a check of how the
// rules carry over (target F1 >= 0.90, the held-out target of issue 14).
//
// The labels name the table and column as the source names them; a column
// the scan does not report is scored as classified `none`.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner"
	"github.com/crmscan/crmscan/scanner/fingerprint"
)

// Targets of issue 14 over the whole development set.
const (
	targetF1        = 0.95
	targetPrecision = 0.93
	targetRecall    = 0.93
	// targetF1Other is the F1 the data of other vendors must reach
	// (testdata/realworld here; a held-out set elsewhere).
	targetF1Other = 0.90
)

func main() {
	dir := flag.String("dir", "", "the realworld folder (default: shared/data/realworld found beside the repository, or $CRMSCAN_SHARED/data/realworld)")
	extra := flag.String("testdata", "", "the repository's own labelled real data (default: testdata/realworld of the module; \"-\" for none)")
	verbose := flag.Bool("v", false, "list the misclassified columns (table, column, label, classification; never values)")
	tables := flag.Bool("tables", false, "list every table's role and its evidence")
	noFail := flag.Bool("no-fail", false, "exit 0 even when a target is missed")
	flag.Parse()
	if *dir == "" {
		d, err := findRealworld()
		if err != nil {
			fmt.Fprintln(os.Stderr, "eval-real:", err)
			os.Exit(2)
		}
		*dir = d
	}
	res, err := evaluate(*dir, *tables)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval-real:", err)
		os.Exit(2)
	}
	if *extra == "" {
		*extra = findTestdata()
	}
	if *extra != "" && *extra != "-" {
		if err := res.evaluateOther(*extra, *tables); err != nil {
			fmt.Fprintln(os.Stderr, "eval-real:", err)
			os.Exit(2)
		}
	}
	ok := res.print(os.Stdout)
	if *verbose {
		fmt.Fprintln(os.Stdout)
		for _, e := range res.errors {
			fmt.Fprintln(os.Stdout, e)
		}
	}
	if *tables {
		fmt.Fprintln(os.Stdout)
		for _, t := range res.tables {
			fmt.Fprintln(os.Stdout, t)
		}
	}
	if !ok {
		fmt.Fprintln(os.Stdout, "FAIL: targets missed")
		if !*noFail {
			os.Exit(1)
		}
	}
}

// findRealworld looks for shared/data/realworld beside the repository, as
// testutil.RealworldDir does for the tests.
func findRealworld() (string, error) {
	if d := os.Getenv("CRMSCAN_SHARED"); d != "" {
		return filepath.Join(d, "data", "realworld"), nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		cand := filepath.Join(dir, "shared", "data", "realworld")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("shared/data/realworld not found beside the repository; give -dir or set CRMSCAN_SHARED")
		}
		dir = parent
	}
}

// findTestdata returns testdata/realworld of the module the command runs
// in, or "" when there is none.
func findTestdata() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(dir, "testdata", "realworld")
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// label is one labelled column.
type label struct {
	table, column, typ string
}

// Type maps a classification of the report onto the labels' types. A
// column flagged as an organisation's data maps to "company:<type>", which
// the default scoring counts as not personal.
func Type(col reporters.Column) string {
	t := kindType(col.Classification)
	if t == "address" && rules.ColumnKind(col.Column) == "address.city" {
		t = "city" // crmscan's address kind holds the city columns too
	}
	if t != "none" && col.Holder == "organisation" {
		return "company:" + t
	}
	return t
}

// labelTypes are the types of the labels (shared/data/realworld/README.md).
var labelTypes = map[string]bool{
	"email": true, "phone": true, "iban": true, "bsn": true, "be_national_number": true, "card": true,
	"ip": true, "device_id": true, "date_of_birth": true, "person_name": true, "address": true,
	"postcode": true, "city": true, "note": true, "gender": true, "other_personal": true, "none": true,
}

// labelNames are the detectors whose kind the labels call by another name
// (the labels predate the detectors and are the datasets' vocabulary).
var labelNames = map[string]string{
	"name": "person_name", "credit_card": "card", "ip_address": "ip",
	"imei": "device_id", "mac_address": "device_id", "advertising_id": "device_id",
}

// kindType maps a column's classification onto the labels' types. A
// detector's kind maps by its description: its label name, else its own ID
// when the labels use it, else by its tags (business registers are no
// personal data in the labels, special categories and judgments are
// notes), else other_personal (username, geo_location, nationality,
// id_document, hashed_identifier, credential). A new detector needs no
// entry here.
func kindType(kind string) string {
	switch kind {
	case "none", "", "mixed":
		return "none"
	case "free_text", "note":
		return "note"
	case "place":
		return "city" // a place column (woonplaats, city), issue 16
	case "city", "device_id":
		return kind // column kinds without a detector of that ID
	}
	if spec, ok := rules.Detector(kind); ok {
		switch {
		case labelNames[kind] != "":
			return labelNames[kind]
		case labelTypes[kind]:
			return kind
		case spec.HasTag("business"):
			return "none"
		case spec.HasTag("special"), spec.HasTag("judgmental"):
			return "note"
		}
		return "other_personal"
	}
	if lx, err := rules.Lexicons(); err == nil {
		if _, ok := lx[kind]; ok {
			return "note" // a note category by its column name (health)
		}
	}
	if strings.HasPrefix(kind, "special_") || strings.HasPrefix(kind, "note_") {
		return "note"
	}
	return "other_personal"
}

// counts are one label type's (or one dataset's) column counts.
type counts struct{ support, tp, fp, fn int }

func (c counts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c counts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

func (c counts) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// add scores one column: want and got are label types, "none" when the
// column holds no personal data.
func (c *counts) add(want, got string) {
	if want != "none" {
		c.support++
	}
	switch {
	case want == got && want != "none":
		c.tp++
	case want == "none" && got != "none":
		c.fp++
	case want != "none" && got == "none":
		c.fn++
	case want != got: // another kind: both a miss and a false one
		c.fn++
		c.fp++
	}
}

type dataset struct {
	name             string
	overall          counts
	columns, missing int
	apart            map[string]*apartCount // "company" and "ambiguous"
}

// apartCount counts the columns with a company: or ambiguous: label: how
// many the scan classified as that type (with or without the organisation
// flag), as another personal type, or as none.
type apartCount struct{ support, same, other, none int }

type result struct {
	datasets []*dataset
	byType   map[string]*counts
	total    counts
	// other are the datasets of testdata/realworld and otherTotal their
	// sum: scored apart from the development set.
	other      []*dataset
	otherTotal counts
	errors     []string
	tables     []string
}

func evaluate(dir string, withTables bool) (*result, error) {
	res := &result{byType: map[string]*counts{}}
	if err := res.scanDir(dir, withTables, false); err != nil {
		return nil, err
	}
	if len(res.datasets) == 0 {
		return nil, fmt.Errorf("%s: no dataset folder with labels/<folder>.tsv", dir)
	}
	return res, nil
}

// evaluateOther scores the datasets of dir apart from the development set.
func (res *result) evaluateOther(dir string, withTables bool) error {
	return res.scanDir(dir, withTables, true)
}

func (res *result) scanDir(dir string, withTables, other bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	rs, err := rules.Default()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "labels" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		labels, err := readLabels(filepath.Join(dir, "labels", e.Name()+".tsv"))
		if errors.Is(err, os.ErrNotExist) {
			continue // a folder without labels is not a dataset
		}
		if err != nil {
			return err
		}
		rep, err := scanDataset(filepath.Join(dir, e.Name()), rs)
		if err != nil {
			return err
		}
		for _, er := range rep.Errors {
			fmt.Fprintf(os.Stderr, "eval-real: %s: %s\n", e.Name(), er.Message)
		}
		res.score(e.Name(), labels, rep, other)
		if withTables {
			for _, t := range rep.Tables {
				res.tables = append(res.tables, fmt.Sprintf("%s\t%s\t%s\t%s", e.Name(), t.Table, t.Role, strings.Join(t.Evidence, "; ")))
			}
		}
	}
	return nil
}

// scanDataset scans one dataset folder whole, as `crmscan scan --full`.
func scanDataset(dir string, rs *rules.Set) (*reporters.Report, error) {
	opt := scanner.Options{Rules: rs, Key: fingerprint.NewKey([]byte("eval-real"), "eval"), Lang: "en", Version: "eval"}
	return scanner.Scan(context.Background(), []string{dir}, opt)
}

func readLabels(path string) ([]label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Split(sc.Text(), "\t")
		if line == 1 && len(fs) > 0 && fs[0] == "table" {
			continue
		}
		if len(fs) < 3 {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			return nil, fmt.Errorf("%s:%d: want table, column, type", path, line)
		}
		out = append(out, label{table: fs[0], column: fs[1], typ: strings.TrimSpace(fs[2])})
	}
	return out, sc.Err()
}

func (r *result) score(name string, labels []label, rep *reporters.Report, other bool) {
	got := map[[2]string]reporters.Column{}
	for _, c := range rep.Columns {
		got[[2]string{c.Table, c.Column}] = c
	}
	ds := &dataset{name: name, apart: map[string]*apartCount{}}
	for _, l := range labels {
		if l.typ == "empty" {
			continue
		}
		col, ok := got[[2]string{l.table, l.column}]
		pred := "none"
		if ok {
			pred = Type(col)
		} else {
			ds.missing++
		}
		if prefix, typ, apart := strings.Cut(l.typ, ":"); apart {
			a := ds.apart[prefix]
			if a == nil {
				a = &apartCount{}
				ds.apart[prefix] = a
			}
			a.support++
			bare := strings.TrimPrefix(pred, "company:")
			switch {
			case bare == typ:
				a.same++
			case bare == "none":
				a.none++
			default:
				a.other++
			}
			continue
		}
		ds.columns++
		// The default scoring: a column flagged as an organisation's is
		// not counted as personal data.
		p := pred
		if strings.HasPrefix(p, "company:") {
			p = "none"
		}
		ds.overall.add(l.typ, p)
		if p != l.typ {
			r.errors = append(r.errors, fmt.Sprintf("%-10s %-40s %-28s label %-14s got %s", name, l.table, l.column, l.typ, pred))
		}
		if other {
			r.otherTotal.add(l.typ, p)
			continue
		}
		r.total.add(l.typ, p)
		if l.typ != "none" {
			r.typ(l.typ).add(l.typ, p)
		}
		if p != "none" && p != l.typ {
			r.typ(p).add("none", p) // a false one of the predicted type
		}
	}
	if other {
		r.other = append(r.other, ds)
		return
	}
	r.datasets = append(r.datasets, ds)
}

func (r *result) typ(t string) *counts {
	c := r.byType[t]
	if c == nil {
		c = &counts{}
		r.byType[t] = c
	}
	return c
}

func (r *result) print(w io.Writer) bool {
	line := func(name string, cols int, c counts) {
		n := "-"
		if cols > 0 {
			n = fmt.Sprint(cols)
		}
		fmt.Fprintf(w, "| %-22s | %7s | %7d | %4d | %4d | %4d | %9.3f | %6.3f | %5.3f |\n",
			name, n, c.support, c.tp, c.fp, c.fn, c.precision(), c.recall(), c.f1())
	}
	head := func(first string) {
		fmt.Fprintf(w, "| %-22s | %7s | %7s | %4s | %4s | %4s | %9s | %6s | %5s |\n", first, "columns", "support", "TP", "FP", "FN", "precision", "recall", "F1")
		fmt.Fprintln(w, "|------------------------|--------:|--------:|-----:|-----:|-----:|----------:|-------:|------:|")
	}
	fmt.Fprintln(w, "crmscan column classification on real CRM/ERP demo data (company: and ambiguous: labels apart, empty columns not scored)")
	fmt.Fprintln(w)
	head("dataset")
	all := 0
	for _, d := range r.datasets {
		line(d.name, d.columns, d.overall)
		all += d.columns
	}
	line("all", all, r.total)
	if len(r.other) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Other vendors' real data shipped in testdata/realworld (no rule fitted to it; scored apart):")
		fmt.Fprintln(w)
		head("dataset")
		n := 0
		for _, d := range r.other {
			line(d.name, d.columns, d.overall)
			n += d.columns
		}
		line("all (testdata)", n, r.otherTotal)
	}
	fmt.Fprintln(w)
	head("type")
	var types []string
	for t := range r.byType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		line(t, 0, *r.byType[t])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| apart (not scored)     | columns | same type | other type | none |")
	fmt.Fprintln(w, "|------------------------|--------:|----------:|-----------:|-----:|")
	for _, prefix := range []string{"company", "ambiguous"} {
		var a apartCount
		for _, d := range append(r.datasets[:len(r.datasets):len(r.datasets)], r.other...) {
			if x := d.apart[prefix]; x != nil {
				a.support += x.support
				a.same += x.same
				a.other += x.other
				a.none += x.none
			}
		}
		fmt.Fprintf(w, "| %-22s | %7d | %9d | %10d | %4d |\n", prefix+":", a.support, a.same, a.other, a.none)
	}
	missing := 0
	for _, d := range append(r.datasets[:len(r.datasets):len(r.datasets)], r.other...) {
		missing += d.missing
	}
	if missing > 0 {
		fmt.Fprintf(w, "\n%d labelled columns were not in the report (scored as none)\n", missing)
	}
	ok := r.total.f1() >= targetF1 && r.total.precision() >= targetPrecision && r.total.recall() >= targetRecall
	fmt.Fprintf(w, "\ntargets: F1 ≥ %.2f, precision ≥ %.2f, recall ≥ %.2f over the development set", targetF1, targetPrecision, targetRecall)
	if len(r.other) > 0 {
		ok = ok && r.otherTotal.f1() >= targetF1Other
		fmt.Fprintf(w, "; F1 ≥ %.2f over testdata/realworld", targetF1Other)
	}
	fmt.Fprintln(w)
	return ok
}
