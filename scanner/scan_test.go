package scanner

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/detectors"
	"github.com/crmscan/crmscan/internal/gen"
	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
	"github.com/crmscan/crmscan/scanner/fingerprint"
	"github.com/crmscan/crmscan/scanner/source"
)

func testOptions(t testing.TB) Options {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Rules: rs, Key: fingerprint.NewKey([]byte("test-key"), "test"), Version: "test", Workers: 2,
		Now: func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) },
	}
}

func scan(t testing.TB, opt Options, targets ...string) *reporters.Report {
	t.Helper()
	rep, err := Scan(context.Background(), targets, opt)
	if err != nil {
		t.Fatalf("Scan(%v) error: %v", targets, err)
	}
	return rep
}

func classes(rep *reporters.Report, source string) map[string]string {
	m := map[string]string{}
	for _, c := range rep.Columns {
		if c.Source == source {
			m[c.Column] = c.Classification
		}
	}
	return m
}

// The acceptance case: a Dutch Excel export with e-mail, phone,
// mobile, IBAN and an unnamed BSN column (Kenmerk) next to 9-digit order
// numbers and 10-digit references is classified column by column with no
// false and no missed column.
func TestDutchExportColumns(t *testing.T) {
	rep := scan(t, testOptions(t), "../testdata/crm/nl/contacten_export.csv")
	if len(rep.Errors) != 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	want := map[string]string{
		"Klantnummer": "none", "Voornaam": "name", "Tussenvoegsel": "name", "Achternaam": "name",
		"E-mail": "email", "Telefoon": "phone", "Mobiel": "phone", "IBAN": "iban", "Kenmerk": "bsn",
		"Ordernummer": "none", "Referentie": "none", "Postcode": "postcode", "Plaats": "place",
		"Opmerkingen": "free_text",
	}
	got := classes(rep, "s1")
	for col, w := range want {
		if got[col] != w {
			t.Errorf("column %q classified %q, want %q", col, got[col], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("columns = %v, want %d columns", got, len(want))
	}
	// Column confidence: values and name agree (high); values alone that
	// nearly all validate, as in the unnamed BSN column, are as sure (high):
	// the inventory and the finding show one judgement (issue 16).
	for _, c := range rep.Columns {
		want := map[string]string{"E-mail": "high", "IBAN": "high", "Kenmerk": "high"}[c.Column]
		if want != "" && c.Confidence != want {
			t.Errorf("column %s confidence %q, want %q", c.Column, c.Confidence, want)
		}
	}
	s := rep.Sources[0]
	if s.Kind != "csv" || s.RowsScanned != 40 || s.RowsTotal != 40 || s.Sampled {
		t.Errorf("source = %+v, want csv with 40 of 40 rows", s)
	}
	if s.Details["encoding"] != "windows-1252" || s.Details["delimiter"] != "semicolon" {
		t.Errorf("details = %v, want windows-1252 and ;", s.Details)
	}
	byRule := map[string]int{}
	for _, f := range rep.Findings {
		byRule[f.Rule+"/"+f.Location.Column]++
		if !strings.HasPrefix(f.Rule, "pii.") {
			continue
		}
		if f.Location.Rows[0] != 2 && f.Location.Column != "Opmerkingen" {
			t.Errorf("%s %s: first row %d, want 2 (the header is row 1)", f.Rule, f.Location.Column, f.Location.Rows[0])
		}
	}
	for _, k := range []string{"pii.bsn/Kenmerk", "pii.iban/IBAN", "pii.email/E-mail", "pii.phone/Telefoon", "pii.phone/Mobiel", "pii.email/Opmerkingen", "pii.phone/Opmerkingen", "pii.postcode/Postcode",
		"consent.missing/", "security.unencrypted_export/", "pii.name/Voornaam", "pii.name/Achternaam", "pii.place/Plaats"} {
		if byRule[k] != 1 {
			t.Errorf("finding %s: %d, want 1 (all: %v)", k, byRule[k], byRule)
		}
	}
	if len(rep.Findings) != 14 {
		t.Errorf("%d findings, want 14: %v", len(rep.Findings), byRule)
	}
	if rep.Findings[0].Rule != "pii.bsn" || rep.Findings[0].Severity != "critical" || rep.Findings[0].Confidence != "high" {
		t.Errorf("first finding = %+v, want the critical BSN column with high confidence", rep.Findings[0])
	}
}

func TestOrderNumbersAreNotBSNs(t *testing.T) {
	// A column of 9-digit order numbers: about 1 in 11 pass the 11-proef.
	g := gen.New(99)
	var b strings.Builder
	b.WriteString("order;amount\n")
	for i := 0; i < 2000; i++ {
		b.WriteString(g.OrderNumber() + ";12,50\n")
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	if len(rep.Findings) != 0 {
		t.Errorf("findings on order numbers: %+v", rep.Findings)
	}
}

func TestDeterministic(t *testing.T) {
	opt := testOptions(t)
	opt.Workers = 4
	a := scan(t, opt, "../testdata/crm")
	for i := 0; i < 5; i++ {
		b := scan(t, opt, "../testdata/crm")
		var sa, sb strings.Builder
		_ = reporters.JSON{}.Encode(&sa, a)
		_ = reporters.JSON{}.Encode(&sb, b)
		if sa.String() != sb.String() {
			t.Fatal("two scans of the same input gave different reports")
		}
	}
}

func TestLargeFileManyBatches(t *testing.T) {
	// Enough rows for many batches on several workers; counts must add up
	// exactly and the first rows must be the smallest.
	g := gen.New(5)
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDutchCSV(f, 20000); err != nil {
		t.Fatal(err)
	}
	f.Close()
	opt := testOptions(t)
	opt.Workers = 3
	rep := scan(t, opt, path)
	if rep.Sources[0].RowsScanned != 20000 {
		t.Fatalf("rows scanned = %d, want 20000", rep.Sources[0].RowsScanned)
	}
	for _, fd := range rep.Findings {
		if fd.Location.Column == "Kenmerk" {
			if fd.Count != 20000 {
				t.Errorf("BSN count = %d, want 20000", fd.Count)
			}
			if want := []int64{2, 3, 4, 5, 6}; !equal(fd.Location.Rows, want) {
				t.Errorf("BSN rows = %v, want %v", fd.Location.Rows, want)
			}
		}
	}

	// With --sample the file is cut short and the counts are estimates.
	opt.FileLimit = 1000
	rep = scan(t, opt, path)
	s := rep.Sources[0]
	if !s.Sampled || s.RowsScanned != 1000 || s.RowsTotal < 15000 || s.RowsTotal > 25000 {
		t.Errorf("sampled source = %+v, want 1000 rows scanned of about 20000", s)
	}
	for _, fd := range rep.Findings {
		if !fd.Estimated && fd.Count > 0 && strings.HasPrefix(fd.Rule, "pii.") {
			t.Errorf("finding %s %s not marked estimated", fd.Rule, fd.Location.Column)
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBadSourcesAreRecordedAndTheScanGoesOn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.csv"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "binary.csv"), []byte("PK\x03\x04\x00\x00garbage\x00\x01"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.csv"), []byte("email\njan@ziggo.nl\n"), 0o644)
	rep := scan(t, testOptions(t), dir, filepath.Join(dir, "missing.csv"))
	if len(rep.Sources) != 4 {
		t.Fatalf("sources = %+v, want 4", rep.Sources)
	}
	errs := map[string]bool{}
	for _, e := range rep.Errors {
		errs[e.Source] = true
	}
	ok := 0
	for _, s := range rep.Sources {
		if s.Error == "" {
			ok++
			if !strings.HasSuffix(s.Name, "ok.csv") {
				t.Errorf("source %s read without error", s.Name)
			}
		} else if !errs[s.ID] {
			t.Errorf("source %s has an error but no errors entry", s.ID)
		}
	}
	pii := 0
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "pii.") {
			pii++
		}
	}
	if ok != 1 || pii != 1 {
		t.Errorf("want 1 readable source with 1 pii finding, have %d sources and %d findings", ok, pii)
	}
}

func TestCancelledScanIsMarkedIncomplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := Scan(ctx, []string{"../testdata/crm"}, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Scan.Incomplete {
		t.Error("report of a cancelled scan not marked incomplete")
	}
}

func TestIncludeExclude(t *testing.T) {
	opt := testOptions(t)
	opt.Include = []string{"*.csv"}
	opt.Exclude = []string{"en/**"}
	rep := scan(t, opt, "../testdata/crm")
	for _, s := range rep.Sources {
		if strings.Contains(s.Name, "/en/") {
			t.Errorf("excluded source scanned: %s", s.Name)
		}
	}
	for _, s := range rep.Sources {
		if !strings.HasSuffix(s.Name, ".csv") {
			t.Errorf("source %s does not match --include *.csv", s.Name)
		}
	}
	if len(rep.Sources) == 0 {
		t.Error("no source scanned")
	}
}

func TestJudge(t *testing.T) {
	low := func(cells int64) *kindStats {
		k := &kindStats{cellsAny: cells}
		k.low.values = cells
		k.low.rows.add(2)
		return k
	}
	if v := judge(low(9), 100, 0.5); v != nil {
		t.Errorf("judge(9%% low) = %+v, want nil", v)
	}
	if v := judge(low(100), 100, 0.5); v == nil || v.confidence != "high" || v.ratio != 1 {
		t.Errorf("judge(100%% low) = %+v, want high", v)
	}
	if v := judge(low(2), 2, 0.5); v != nil {
		t.Errorf("judge(2 of 2 low) = %+v, want nil: too few cells for a share to mean anything", v)
	}
	if v := judge(low(10), 10, 0.5); v == nil || v.confidence != "medium" {
		t.Errorf("judge(10 of 10 low) = %+v, want medium (few cells)", v)
	}
	if v := judge(low(60), 100, 0.5); v == nil || v.confidence != "medium" {
		t.Errorf("judge(60%% low) = %+v, want medium", v)
	}
	mh := &kindStats{cellsAny: 3, cellsMH: 3}
	mh.mh.values = 3
	if v := judge(mh, 100, 0.5); v == nil || v.confidence != "medium" || v.cells != 3 {
		t.Errorf("judge(3 medium in text) = %+v, want a medium verdict on 3 cells", v)
	}
}

func TestRowAndSampleSets(t *testing.T) {
	var r rowSet
	for _, x := range []int64{9, 3, 7, 3, 1, 8, 2, 6} {
		r.add(x)
	}
	if got, want := r.list(), []int64{1, 2, 3, 6, 7}; !equal(got, want) {
		t.Errorf("rowSet = %v, want %v", got, want)
	}
	var s sampleSet
	for i, x := range []string{"a", "b", "a", "c", "d"} {
		s.add(sample{row: int64(10 - i), text: x})
	}
	if got := strings.Join(s.list(), ","); got != "d,c,a" {
		t.Errorf("sampleSet = %s, want d,c,a (smallest rows, distinct)", got)
	}
}

func TestPublishedExampleValuesAreInfo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "staging.csv")
	csv := "email;iban\njan@example.com;NL91ABNA0417164300\npiet@example.com;NL91 ABNA 0417 1643 00\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	if len(rep.Findings) != 2 {
		t.Fatalf("findings = %+v, want 2", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Severity != "info" || !f.TestValue {
			t.Errorf("finding %s on %s = severity %s, test_value %v; want info, true", f.Rule, f.Location.Column, f.Severity, f.TestValue)
		}
	}
	for _, c := range rep.Columns {
		if c.Classification == "none" {
			t.Errorf("column %s not classified", c.Column)
		}
	}
}

// TestNoteCategoriesCountRows checks that a note category counts the rows
// that mention it, however many of its terms one remark holds, while an
// identifier counts its values.
func TestNoteCategoriesCountRows(t *testing.T) {
	csv := "klant;opmerkingen\n" +
		"1;\"Stemt op de PVV, zei hij zelf. Mail a.jansen@ziggo.nl of b.jansen@ziggo.nl\"\n" +
		"2;Stemt op de PVV.\n" +
		"3;Offerte verstuurd.\n"
	path := filepath.Join(t.TempDir(), "notes.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := map[string]int64{}
	for _, f := range rep.Findings {
		got[f.Rule] = f.Count
	}
	if got["special.political"] != 2 {
		t.Errorf("special.political count = %d, want 2 rows (4 terms)", got["special.political"])
	}
	if got["pii.email"] != 2 {
		t.Errorf("pii.email count = %d, want 2 addresses (in one row)", got["pii.email"])
	}
}

// TestCellCacheChangesNothing scans exports whose columns repeat values
// (places, notes) and whose columns do not, with and without the cache of
// repeated values, and wants the same report.
func TestCellCacheChangesNothing(t *testing.T) {
	exportChangesNothing(t, "export.csv", func(w io.Writer) error { return gen.New(5).WriteDutchCSV(w, 6000) })
}

// TestGateMemoChangesNothing scans an export of the typed shape (time
// stamps, dates, amounts, phone numbers, IPs, card and citizen numbers,
// whose gates the columns' memos answer by the cell's shape) with the
// caches and memos and without them, and wants the same report.
func TestGateMemoChangesNothing(t *testing.T) {
	exportChangesNothing(t, "typed.csv", func(w io.Writer) error { return gen.New(9).WriteTypedCSV(w, 3<<20) })
}

// TestGateMemoChangesNothingOnLettersInNumbers: the memos also answer for
// cells whose letters sit inside numbers (ISO 8601 time stamps as
// Salesforce and Dynamics 365 export them, units, ordinals), here beside
// phone and citizen numbers written the same way; the report is the same
// without them.
func TestGateMemoChangesNothingOnLettersInNumbers(t *testing.T) {
	// Phone, citizen numbers in two columns, the notes column: four findings.
	exportChangesNothingAt(t, "iso.csv", 4, func(w io.Writer) error {
		g := gen.New(13)
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "CreatedDate;SystemModstamp;Gewicht;Telefoon;Kenmerk;Omschrijving")
		for i := 0; i < 20000; i++ {
			d := fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:%02d", 10+i%16, 1+i%12, 1+i%28, i%24, i%60, (i*7)%60)
			phone := g.Mobile()
			if i%3 == 0 {
				phone += "T" // a letter glued to the number
			}
			desc := fmt.Sprintf("%dx %s", 1+i%9, g.BSN())
			if i%4 == 0 {
				desc = g.BSN() + "st"
			}
			fmt.Fprintf(bw, "%sZ;%s.000+0000;%dkg;%s;%s;%s\n", d, d, i%200, phone, g.BSN(), desc)
		}
		return bw.Flush()
	})
}

// exportChangesNothing writes an export and wants the same report from it
// with the caches of repeated values and the gate memos as without.
func exportChangesNothing(t *testing.T, name string, write func(io.Writer) error) {
	t.Helper()
	exportChangesNothingAt(t, name, 10, write)
}

// exportChangesNothingAt is exportChangesNothing for an export that gives
// at least minFindings findings.
func exportChangesNothingAt(t *testing.T, name string, minFindings int, write func(io.Writer) error) {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	opt := testOptions(t)
	opt.Sample = 0
	with, a, b := scanWithAndWithoutCache(t, opt, dir)
	if a != b {
		t.Errorf("the report differs with the caches and memos:\n%s\n%s", a, b)
	}
	if len(with.Findings) < minFindings {
		t.Errorf("only %d findings: the export does not exercise the detectors", len(with.Findings))
	}
}

// scanWithAndWithoutCache scans the targets with the cache of repeated
// values and without it, and returns the first report and both as JSON
// (without the scan's times).
func scanWithAndWithoutCache(t *testing.T, opt Options, targets ...string) (with *reporters.Report, a, b string) {
	t.Helper()
	with, x, y := scanBothWays(t, opt, &noCellCache, targets...)
	return with, string(x), string(y)
}

// scanBothWays scans the targets, then again with the test switch sw set,
// and returns the first report and both as JSON (without the scan's
// times), for tests that want the two ways to report alike.
func scanBothWays(t *testing.T, opt Options, sw *bool, targets ...string) (first *reporters.Report, a, b []byte) {
	t.Helper()
	first = scan(t, opt, targets...)
	*sw = true
	defer func() { *sw = false }()
	second := scan(t, opt, targets...)
	first.Scan, second.Scan = reporters.ScanInfo{}, reporters.ScanInfo{}
	a, _ = json.Marshal(first)
	b, _ = json.Marshal(second)
	return first, a, b
}

// A worker keeps the caches of its 4 latest tables and reuses the oldest's
// memory for a fifth: the two Chinook dumps (11 tables each) on one worker
// must give the report they give without the cache. Entries left in the
// reused slots once answered for another table's column, which made the
// report change from run to run with the hash seed (and a merged sharded
// scan differ from one run).
func TestCellCacheAcrossManyTables(t *testing.T) {
	opt := testOptions(t)
	opt.Workers = 1
	targets := []string{"../testdata/db/chinook_mysql.sql", "../testdata/db/chinook_postgres.sql"}
	if _, a, b := scanWithAndWithoutCache(t, opt, targets...); a != b {
		t.Errorf("the report of many tables differs with the cache of repeated values")
	}
}

// TestPhoneColumnWithoutLeadingZeros checks a phone column whose numbers
// lost their 0 or their + (an export that went through a spreadsheet):
// every number counts as a phone, none as a BSN, although one in eleven
// passes the 11-proef; the same digits in an unnamed column stay nothing.
func TestPhoneColumnWithoutLeadingZeros(t *testing.T) {
	var b strings.Builder
	b.WriteString("telefoon;mobiel;kenmerk\n")
	for i := 0; i < 300; i++ {
		n := 612000000 + i*997
		fmt.Fprintf(&b, "%d;31%d;%d\n", n, n, n)
	}
	path := filepath.Join(t.TempDir(), "phones.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := scan(t, testOptions(t), path)
	got := map[string]int64{}
	for _, f := range rep.Findings {
		got[f.Rule+" "+f.Location.Column] = f.Count
	}
	want := map[string]int64{"pii.phone telefoon": 300, "pii.phone mobiel": 300}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: count %d, want %d", k, got[k], v)
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "pii.") && want[k] == 0 {
			t.Errorf("unexpected finding %s (%d)", k, got[k])
		}
	}
}

// A source read for longer than SourceTimeout is stopped with an error for
// it (exit 3), not a silent partial read, and the scan is not marked
// interrupted.
func TestSourceTimeout(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,email\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&b, "%d,p%d@voorbeeld.nl\n", i, i)
	}
	path := filepath.Join(dir, "big.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	opt := testOptions(t)
	opt.SourceTimeout = time.Nanosecond
	rep := scan(t, opt, path)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "--source-timeout") {
		t.Errorf("errors = %+v, want the source timeout", rep.Errors)
	}
	if rep.Scan.Incomplete {
		t.Error("a source timeout marked the whole scan interrupted")
	}
	opt.SourceTimeout = time.Hour
	if rep := scan(t, opt, path); len(rep.Errors) != 0 || rep.Sources[0].RowsScanned != 200000 {
		t.Errorf("with an hour: errors %+v, rows %d", rep.Errors, rep.Sources[0].RowsScanned)
	}
}

// A column whose values repeat but do not fit the first slots grows its
// cache; the report stays the one without the cache. 24,000 rows on one
// worker: e-mail addresses, phone numbers and IBANs from pools of 1,500
// (that push each other out of 64 slots), places from a pool of 40.
func TestCellCacheGrowsAndChangesNothing(t *testing.T) {
	var b strings.Builder
	b.WriteString("id;email;telefoon;iban;plaats\n")
	ibans := []string{"NL91ABNA0417164300", "NL02ABNA0123456789", "NL20INGB0001234567", "NL18RABO0123459876"}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 24000 {
		k := r.IntN(1500)
		fmt.Fprintf(&b, "%d;klant%d@voorbeeld.nl;06-%08d;%s%d;Plaats %d\n", i, k, 10000000+k*37, ibans[k%4], k%10, i%40)
	}
	path := filepath.Join(t.TempDir(), "klanten.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	opt.Workers = 1
	with, x, y := scanWithAndWithoutCache(t, opt, path)
	if x != y {
		t.Errorf("the report differs with the cache of repeated values")
	}
	if len(with.Findings) < 3 {
		t.Errorf("only %d findings", len(with.Findings))
	}
}

// The cache of a column of 1,000 values drawn again and again grows past
// its first 64 slots and then finds most of them; one of unique values turns off; a
// table's columns together stay within cacheEntries; a value found is
// always the value stored.
func TestColCacheGrows(t *testing.T) {
	if got := cacheSlotsFor(24); got != cacheSlotsMax {
		t.Errorf("24 columns: %d slots, want %d", got, cacheSlotsMax)
	}
	for _, n := range []int{1, 24, 100, 1000, 100000} {
		if got := cacheSlotsFor(n); got < cacheSlotsMin || got > cacheSlotsMax || got*n > cacheEntries && got > cacheSlotsMin || got&(got-1) != 0 {
			t.Errorf("%d columns: %d slots", n, got)
		}
	}
	seed := maphash.MakeSeed()
	c := colCache{max: cacheSlotsFor(24)}
	var w worker
	hits := 0
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 40 * cacheTrial {
		v := []byte(fmt.Sprintf("value %d", r.IntN(1000)))
		e, ok := c.entry(seed, v)
		if ok {
			if string(e.key) != string(v) {
				t.Fatalf("lookup of %q found %q", v, e.key)
			}
			if i >= 30*cacheTrial {
				hits++
			}
			continue
		}
		e.store(v, &w)
	}
	if c.off || len(c.slots) <= cacheSlotsMin || len(c.slots) > c.max {
		t.Errorf("repeating column: off %v, %d slots (max %d)", c.off, len(c.slots), c.max)
	}
	if hits < 8*cacheTrial {
		t.Errorf("repeating column: %d hits in the last %d lookups", hits, 10*cacheTrial)
	}
	// A worker whose columns have grown near cacheWorkerGrown together
	// grows this one only as far as that allows.
	grown := cacheWorkerGrown - 100
	g := colCache{max: cacheSlotsFor(24), grown: &grown}
	for range 2 * cacheTrial {
		v := []byte(fmt.Sprintf("value %d", r.IntN(1000)))
		if e, ok := g.entry(seed, v); !ok {
			e.store(v, &w)
		}
	}
	if len(g.slots) != 128 || grown != cacheWorkerGrown-100+64 {
		t.Errorf("near the worker's bound: %d slots, the worker's grown %d (bound %d)", len(g.slots), grown, cacheWorkerGrown)
	}
	u := colCache{max: cacheSlotsFor(24)}
	for i := range 3 * cacheTrial {
		if u.off {
			break
		}
		v := []byte(fmt.Sprintf("unique %d", i))
		if e, ok := u.entry(seed, v); !ok {
			e.store(v, &w)
		}
	}
	if !u.off || len(u.slots) != cacheSlotsMin {
		t.Errorf("unique column: off %v, %d slots", u.off, len(u.slots))
	}
}

// A worker's grown caches count against cacheWorkerGrown while their
// table's caches are kept, and are let go when a later table takes that
// table's place.
func TestCellCachesGiveBackGrownSlots(t *testing.T) {
	c := newCellCaches()
	var w worker
	r := rand.New(rand.NewPCG(5, 6))
	tables := make([]*table, cacheTables+1)
	for i := range tables {
		tables[i] = &table{cols: make([]source.Column, 3)}
	}
	cols := c.forTable(tables[0])
	for range 3 * cacheTrial {
		v := []byte(fmt.Sprintf("value %d", r.IntN(1000)))
		if e, ok := cols[0].entry(c.seed, v); !ok {
			e.store(v, &w)
		}
	}
	if want := len(cols[0].slots) - cacheSlotsMin; want <= 0 || c.grown != want {
		t.Fatalf("grown %d, want the column's %d slots beyond the first", c.grown, want)
	}
	for _, tb := range tables[1:] { // the fifth reuses the first's caches
		c.forTable(tb)
	}
	if c.grown != 0 {
		t.Errorf("grown %d after the grown table's caches were reused, want 0", c.grown)
	}
}

// A worker's gate memos take their slots from cacheWorkerMemos: a table
// wider than the memos it may hold answers the rest without, and the
// slots come back when a later table takes that table's place.
func TestGateMemosShareTheWorkersSlots(t *testing.T) {
	c := newCellCaches()
	set := detectors.NewGateSet(nil)
	var cf detectors.CellFacts
	per := cacheWorkerMemos / detectors.MemoSlots
	tables := make([]*table, cacheTables+1)
	for i := range tables {
		tables[i] = &table{cols: make([]source.Column, 2)}
	}
	tables[0].cols = make([]source.Column, per+10)
	cols := c.forTable(tables[0])
	answered := 0
	for i := range cols {
		if _, _, ok := cols[i].memo.Lookup([]byte("2024-01-02"), set, &cf); ok {
			answered++
		}
	}
	if answered != per || c.memoFree != 0 {
		t.Fatalf("%d of %d columns' memos answered, %d slots free; want %d and 0", answered, len(cols), c.memoFree, per)
	}
	for _, tb := range tables[1:] { // the fifth reuses the first's caches
		c.forTable(tb)
	}
	if c.memoFree != cacheWorkerMemos {
		t.Errorf("%d memo slots free after the wide table's caches were reused, want %d", c.memoFree, cacheWorkerMemos)
	}
}

// TestDetailsCountedByBatches: a CSV file's ragged rows and a Windows-1252
// byte, and a JSON array's malformed element, are found by the workers as
// they parse the batches, the last of them after the reader is at the end
// of the file. The report must give
// them all, every time, not what was parsed when the reader finished.
func TestDetailsCountedByBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString("naam;email;plaats\n")
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "Klant %d;klant%d@voorbeeld.nl;Utrecht\n", i, i)
	}
	b.WriteString("Ren\xe9 Lef\xe8vre;rene@voorbeeld.nl;Li\xe8ge;extra\n")
	b.WriteString("Klant x;x@voorbeeld.nl\n")
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// A JSON array whose last element is malformed: the workers find it.
	b.Reset()
	b.WriteString("[\n")
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "{\"naam\": \"Klant %d\", \"email\": \"klant%d@voorbeeld.nl\"},\n", i, i)
	}
	b.WriteString("{\"naam\": Klant x, \"email\": \"x@voorbeeld.nl\"}\n]\n")
	array := filepath.Join(filepath.Dir(path), "export.json")
	if err := os.WriteFile(array, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	for i := 0; i < 4; i++ {
		rep := scan(t, opt, path, array)
		d := rep.Sources[0].Details
		if d["encoding"] != "windows-1252" || d["ragged_rows"] != "2" {
			t.Fatalf("run %d: details %v, want windows-1252 and 2 ragged rows", i, d)
		}
		if d := rep.Sources[1].Details; d["malformed_records"] != "1" {
			t.Fatalf("run %d: details %v, want 1 malformed record", i, d)
		}
	}
}
