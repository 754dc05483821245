package scanner

import (
	"archive/zip"
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/internal/testutil"
	"github.com/crmscan/crmscan/reporters"
)

const joinSchema = "-- MySQL dump 10.13\nCREATE TABLE `people` (\n  `id` int NOT NULL,\n  `email` varchar(99) DEFAULT NULL,\n  `phone` varchar(20) DEFAULT NULL,\n" +
	"  /*!50705 `spot` GEOMETRY NOT NULL,*/\n  `nickname` varchar(20) DEFAULT NULL\n) ENGINE=InnoDB;\n"

func joinData(rows int) string {
	var b strings.Builder
	b.WriteString("-- MySQL dump 10.13\nINSERT INTO `people` VALUES ")
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(" + strconv.Itoa(i) + ",'jan" + strconv.Itoa(i) + "@voorbeeld.nl','06 1234 56" + strconv.Itoa(10+i%90) + "',/*!50705 0x0101,*/NULL)")
	}
	b.WriteString(";\nINSERT INTO `orphans` VALUES (1,'a'),(2,'b');\n")
	return b.String()
}

func columnNames(rep *reporters.Report, table string) []string {
	var out []string
	for _, c := range rep.Columns {
		if c.Table == table || strings.HasSuffix(c.Table, "!"+table) {
			out = append(out, c.Column)
		}
	}
	return out
}

// A data-only dump takes the column names of the CREATE TABLE in another
// dump of the scan, whatever their order, in a folder and in an archive;
// a table declared nowhere keeps positional names and says so once.
func TestSchemaAndDataFilesJoined(t *testing.T) {
	dir := t.TempDir()
	for _, order := range [][2]string{{"a_data.sql", "b_schema.sql"}, {"b_data.sql", "a_schema.sql"}} {
		sub := filepath.Join(dir, order[0])
		os.MkdirAll(sub, 0o755)
		os.WriteFile(filepath.Join(sub, order[0]), []byte(joinData(30)), 0o644)
		os.WriteFile(filepath.Join(sub, order[1]), []byte(joinSchema), 0o644)
	}
	zpath := filepath.Join(dir, "backup.zip")
	zf, _ := os.Create(zpath)
	zw := zip.NewWriter(zf)
	for name, body := range map[string]string{"dump/data.sql": joinData(30), "dump/schema.sql": joinSchema} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	zf.Close()

	for _, target := range []string{filepath.Join(dir, "a_data.sql"), filepath.Join(dir, "b_data.sql"), zpath} {
		t.Run(filepath.Base(target), func(t *testing.T) {
			rep := scan(t, testOptions(t), target)
			if len(rep.Errors) != 0 {
				t.Fatalf("errors %+v", rep.Errors)
			}
			if got := strings.Join(columnNames(rep, "people"), ","); got != "id,email,phone,spot,nickname" {
				t.Errorf("people columns %s", got)
			}
			if got := strings.Join(columnNames(rep, "orphans"), ","); got != "column1,column2" {
				t.Errorf("orphans columns %s", got)
			}
			var notes []string
			for _, s := range rep.Sources {
				notes = append(notes, s.Notes...)
			}
			if len(notes) != 1 || !strings.Contains(notes[0], "orphans") || !strings.Contains(notes[0], "by position") {
				t.Errorf("notes %q, want one for orphans", notes)
			}
			for _, c := range rep.Columns {
				if c.Column == "nickname" && c.NonEmpty != 0 {
					t.Errorf("nickname non_empty %d, want 0", c.NonEmpty)
				}
			}
		})
	}
}

// label is one line of shared/data/realworld/labels/*.tsv.
type label struct {
	table, column string
	nonEmpty      int64
}

func readLabels(t *testing.T, path string) []label {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 5 {
			continue
		}
		n, err := strconv.ParseInt(f[4], 10, 64)
		if err != nil {
			t.Fatalf("%s: %q", path, sc.Text())
		}
		out = append(out, label{f[0], f[1], n})
	}
	return out
}

// The real dumps of shared/data/realworld read faithfully: every labelled
// column is named as the schema names it and holds as many values as the
// labels count (NULL is no value), no cell reads "ULL", and no all-NULL
// column has a detection.
func TestRealworldDumpsFaithful(t *testing.T) {
	rw := testutil.RealworldDir(t)
	opt := testOptions(t)
	opt.ShowValues = true // to look for the sample ULL
	for _, tc := range []struct{ name, target string }{
		{"sakila", filepath.Join(rw, "sakila")},
		{"dolibarr", filepath.Join(rw, "dolibarr")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := scan(t, opt, tc.target)
			if len(rep.Errors) != 0 {
				t.Fatalf("errors %+v", rep.Errors)
			}
			for _, s := range rep.Sources {
				if len(s.Notes) > 0 {
					t.Errorf("%s: notes %q", s.Name, s.Notes)
				}
			}
			got := map[[2]string]reporters.Column{}
			for _, c := range rep.Columns {
				if strings.HasPrefix(c.Column, "column") || c.Column == "(cells beyond the header)" {
					t.Errorf("%s: column %q not named by the schema", c.Table, c.Column)
				}
				got[[2]string{c.Table, c.Column}] = c
				if c.NonEmpty == 0 && len(c.Detections) > 0 {
					t.Errorf("%s.%s: all NULL, yet detections %v", c.Table, c.Column, c.Detections)
				}
			}
			for _, f := range rep.Findings {
				for _, s := range f.Samples {
					if s == "ULL" {
						t.Errorf("%s %s.%s: sample ULL", f.Rule, f.Location.Table, f.Location.Column)
					}
				}
			}
			labels := readLabels(t, filepath.Join(rw, "labels", tc.name+".tsv"))
			bad := 0
			for _, l := range labels {
				c, ok := got[[2]string{l.table, l.column}]
				if !ok {
					t.Errorf("%s.%s: not in the report", l.table, l.column)
					bad++
				} else if c.NonEmpty != l.nonEmpty {
					t.Errorf("%s.%s: non_empty %d, the labels count %d", l.table, l.column, c.NonEmpty, l.nonEmpty)
					bad++
				}
				if bad > 20 {
					t.Fatal("too many mismatches")
				}
			}
			if len(labels) < 50 {
				t.Errorf("%d labels", len(labels))
			}
		})
	}
}

// An unterminated string in a dump is an error of that source (exit 3)
// at its line, and every other row is still read.
func TestUnterminatedStringIsASourceError(t *testing.T) {
	var b strings.Builder
	b.WriteString("CREATE TABLE t (id int, email varchar(99));\n")
	for i := 0; i < 20002; i++ {
		q := "'"
		if i == 1 {
			q = ""
		}
		b.WriteString("INSERT INTO t VALUES (" + strconv.Itoa(i) + ",'jan" + strconv.Itoa(i) + "@voorbeeld.nl" + q + ");\n")
	}
	p := filepath.Join(t.TempDir(), "broken.sql")
	os.WriteFile(p, []byte(b.String()), 0o644)
	rep := scan(t, testOptions(t), p)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "line 3: unterminated string literal") ||
		strings.Contains(rep.Errors[0].Message, "voorbeeld") {
		t.Fatalf("errors %+v", rep.Errors)
	}
	if rep.Sources[0].RowsScanned != 20001 {
		t.Errorf("rows %d, want 20001", rep.Sources[0].RowsScanned)
	}
}
