package main

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The memory tests run a scan in a child process (this test binary, run
// again) and read its peak resident set from the kernel's rusage: what a
// user's machine sees, not what the Go heap says.

const childEnv = "CRMSCAN_MEMORY_CHILD"

// TestMemoryChild is the child: it runs the arguments it is given.
func TestMemoryChild(t *testing.T) {
	args := os.Getenv(childEnv)
	if args == "" {
		t.Skip("runs only as the child of a memory test")
	}
	var a []string
	if err := json.Unmarshal([]byte(args), &a); err != nil {
		t.Fatal(err)
	}
	code := run(context.Background(), a, os.Stdout, os.Stderr)
	os.Exit(code)
}

// peakRSS runs crmscan with args in a child process and returns its exit
// code and peak RSS in bytes.
func peakRSS(t *testing.T, args ...string) (int, int64) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector multiplies memory use; run without -race")
	}
	if testing.Short() {
		t.Skip("memory tests are slow with -short")
	}
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+string(b), "CRMSCAN_KEY=memory-test-key", "GOMAXPROCS=2")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code > exitPartial {
		t.Fatalf("child exit %d: %s", code, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return code, ru.Maxrss * 1024 // kilobytes on Linux
}

// label is a column name of letters (a name of mostly digits reads as
// data, not as a header).
func label(i int) string {
	s := ""
	for i++; i > 0; i /= 26 {
		i--
		s = string(rune('a'+i%26)) + s
	}
	return s
}

// TestMemoryWideCSV: a 30 MB CSV with 10,000 columns (a header of about
// 90 KB, lines of 30 KB) is read with every column named, its 100 e-mail
// columns found, in under 500 MiB.
func TestMemoryWideCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wide.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	const cols = 10000
	for i := range cols {
		if i > 0 {
			w.WriteByte(',')
		}
		if i%100 == 0 {
			fmt.Fprintf(w, "email_%s", label(i/100))
		} else {
			fmt.Fprintf(w, "veld_%s", label(i))
		}
	}
	w.WriteByte('\n')
	for r := range 1000 {
		for i := range cols {
			if i > 0 {
				w.WriteByte(',')
			}
			if i%100 == 0 {
				fmt.Fprintf(w, "p%d.%d@voorbeeld.nl", r, i)
			} else {
				w.WriteString(vals[(r+i)%len(vals)])
			}
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rep := filepath.Join(dir, "r.json")
	_, rss := peakRSS(t, "scan", "-q", "-o", rep, path)
	t.Logf("10,000 columns: peak RSS %d MiB", rss>>20)
	if rss > 500<<20 {
		t.Errorf("peak RSS %d MiB, want under 500 MiB", rss>>20)
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Columns []struct{ Column, Classification string }
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	named, emails := 0, 0
	for _, c := range r.Columns {
		if strings.HasPrefix(c.Column, "veld_") || strings.HasPrefix(c.Column, "email_") {
			named++
		}
		if c.Classification == "email" {
			emails++
		}
	}
	if named != cols || emails != 100 {
		t.Errorf("%d of %d columns named by the header, %d of 100 e-mail columns found", named, cols, emails)
	}
}

var vals = []string{"ja", "nee", "12", "Amsterdam", "", "x"}

// writeSSTBomb writes a small workbook whose shared strings decode to
// about 580 MB: 20 million strings of 29 bytes, more than the budget the
// open workbooks share.
func writeSSTBomb(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	chunk := []byte(strings.Repeat("<si><t>abcdefghijklmnopqrstuvwxyz012</t></si>", 10000))
	for range 2000 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	io.WriteString(w, `</sst>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMemorySharedStringBombs: three workbooks whose shared strings each
// decode to some 580 MB, scanned side by side, stay within the budget
// the open workbooks share: under 1.5 GiB together, each refused with a
// clear error.
func TestMemorySharedStringBombs(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("memory tests run without -race and -short")
	}
	dir := t.TempDir()
	first := filepath.Join(dir, "bom1.xlsx")
	writeSSTBomb(t, first)
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{first}
	for _, n := range []string{"bom2.xlsx", "bom3.xlsx"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	rep := filepath.Join(dir, "r.json")
	code, rss := peakRSS(t, append([]string{"scan", "-q", "--workers", "3", "-o", rep}, paths...)...)
	t.Logf("three shared-string bombs: peak RSS %d MiB", rss>>20)
	if rss > 1536<<20 {
		t.Errorf("peak RSS %d MiB, want under 1.5 GiB", rss>>20)
	}
	if code != exitUsage && code != exitPartial {
		t.Errorf("exit %d, want an error for the bombs", code)
	}
	out, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Errors []struct{ Source, Message string }
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Errors) != 3 {
		t.Errorf("%d errors, want one per bomb: %+v", len(r.Errors), r.Errors)
	}
	for _, e := range r.Errors {
		if !strings.Contains(e.Message, "shared strings") {
			t.Errorf("error %q does not name the shared strings", e.Message)
		}
	}
}

// TestMemoryManyFiles: 50,000 small CSV files of three people each (a
// folder of per-customer exports), 250,000 findings, scanned in bounded
// memory. The report itself grows with the files (every column and
// finding is in it); what the scan holds per file beyond that is let go
// when the file is counted, and the collector keeps the heap close to
// the report once it is large: under 500 MiB.
func TestMemoryManyFiles(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("memory tests run without -race and -short")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "exports")
	var b []byte
	for i := range 50000 {
		sub := filepath.Join(data, fmt.Sprintf("d%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		b = append(b[:0], "naam,email,telefoon,iban,notitie\n"...)
		for r := range 3 {
			b = fmt.Appendf(b, "Jan Jansen %d,jan%d.%d@voorbeeld.nl,0612345678,NL91ABNA0417164300,klant sinds 2019\n", i, i, r)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%05d.csv", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := filepath.Join(dir, "r.json")
	_, rss := peakRSS(t, "scan", "-q", "-o", rep, data)
	t.Logf("50,000 files: peak RSS %d MiB", rss>>20)
	if rss > manyFilesLimit {
		t.Errorf("peak RSS %d MiB, want under %d MiB", rss>>20, manyFilesLimit>>20)
	}
	f, err := os.Open(rep)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r struct {
		Sources  []struct{ ID string }
		Findings []struct{ Rule string }
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if len(r.Sources) != 50000 || len(r.Findings) != 250000 {
		t.Errorf("%d sources and %d findings, want 50,000 and 250,000", len(r.Sources), len(r.Findings))
	}
}

// manyFilesLimit is the target (measured: about 430-440 MiB).
const manyFilesLimit = 500 << 20
