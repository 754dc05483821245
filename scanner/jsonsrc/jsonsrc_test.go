package jsonsrc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func read(t testing.TB, in io.Reader, opt Options) ([]string, []map[string]string, error) {
	rd, err := Open(in, opt)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, c := range rd.Columns() {
		names = append(names, c.Name)
	}
	var rows []map[string]string
	for {
		b, err := rd.Next(context.Background())
		if err == io.EOF {
			return names, rows, nil
		}
		if err != nil {
			return names, rows, err
		}
		b.Each(func(line int64, cells [][]byte) {
			m := map[string]string{"#": fmt.Sprint(line)}
			for i, c := range cells {
				if i < len(names) {
					m[names[i]] = string(c)
				} else {
					m["+"] = string(c)
				}
			}
			rows = append(rows, m)
		})
		b.Release()
	}
}

func TestLayouts(t *testing.T) {
	nd := `{"id":1,"person":{"email":"a@b.nl","phones":["06 1","06 2"]},"tags":[{"k":"x"},{"k":"y"}]}
{"id":2,"person":{"email":"c\u00e9@d.nl"},"late":"z"}
`
	arr := "[\n " + strings.ReplaceAll(strings.TrimSpace(nd), "\n", ",\n ") + "\n]"
	obj := `{"exported":"2026","contacts":` + arr + `}`
	for name, in := range map[string]string{"ndjson": nd, "array": arr, "object": obj} {
		for _, small := range []bool{false, true} {
			opt := Options{}
			var r io.Reader = strings.NewReader(in)
			if small { // records split across reads and sniffing
				opt = Options{SniffBytes: 100, BatchBytes: 1}
				r = iotest.OneByteReader(r)
			}
			cols, rows, err := read(t, r, opt)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(rows) != 2 {
				t.Fatalf("%s: %d rows, want 2", name, len(rows))
			}
			if !small && strings.Join(cols, ",") != "id,person.email,person.phones[],tags[].k,late" {
				t.Errorf("%s: columns %v", name, cols)
			}
			if rows[0]["person.phones[]"] != "06 1; 06 2" && !small {
				t.Errorf("%s: phones %q", name, rows[0]["person.phones[]"])
			}
			if small { // the columns of the records in the first 100 bytes
				if rows[1]["person.email"] != "cé@d.nl" && !strings.Contains(rows[1]["+"], "person.email: cé@d.nl") {
					t.Errorf("%s: extra cell %q", name, rows[1]["+"])
				}
			} else if rows[1]["person.email"] != "cé@d.nl" {
				t.Errorf("%s: email %q", name, rows[1]["person.email"])
			}
		}
	}
}

func TestTruncatedAndMalformed(t *testing.T) {
	_, _, err := read(t, strings.NewReader(`[{"a":1},{"a":`), Options{})
	if !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated: err = %v", err)
	}
	if _, err := Open(strings.NewReader("hello"), Options{}); !errors.Is(err, ErrNotJSON) {
		t.Errorf("not json: err = %v", err)
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"a":{"b":[1,"x\u0041",null,true]}},{"c":"\ud83d\ude00"}]`))
	f.Add([]byte("{\"a\":1}\n{\"a\":2}\n"))
	f.Add([]byte(`{"x":1,"rows":[{"e":"a@b.nl"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		read(t, bytes.NewReader(data), Options{SniffBytes: 64, BatchBytes: 16})
	})
}

// BenchmarkNDJSON frames and parses 100,000 nested records.
func BenchmarkNDJSON(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&buf, `{"id":%d,"person":{"first":"Jan","email":"jan%d@voorbeeld.nl","phones":["06 %08d"]},"iban":"NL91ABNA0417164300","note":"a \"quoted\" note"}`+"\n", i, i, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd, err := Open(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			bt, err := rd.Next(context.Background())
			if err != nil {
				break
			}
			bt.Each(func(int64, [][]byte) {})
			bt.Release()
		}
	}
}

// A JSON table (an array of arrays): its elements are columns by position,
// and its first array is a header when package header says so; the header
// is no row, also when the records are split across reads.
func TestTableOfArrays(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		cols  []string
		first map[string]string
		rows  int
	}{
		{"header of words", `[["naam","email"],["Jan Jansen","jan@example.nl"],["Piet","piet@example.nl"]]`,
			[]string{"naam", "email"}, map[string]string{"#": "1", "naam": "Jan Jansen", "email": "jan@example.nl"}, 2},
		{"header of codes, nested values", "[\n[\"\", \"01.01.20\", \"01.01.30\"],\n[\"Jan Jansen\", 1234.56, {\"x\": 1}],\n[\"Piet\", 300.1, null]\n]",
			[]string{"column_1", "01.01.20", "01.01.30", "01.01.30.x"}, map[string]string{"#": "3", "column_1": "Jan Jansen", "01.01.20": "1234.56", "01.01.30": "", "01.01.30.x": "1"}, 2},
		{"no header: a person first", `[["Jan Jansen","jan@example.nl","0612345678"],["Piet","piet@example.nl","0687654321"]]`,
			[]string{"column_1", "column_2", "column_3"}, map[string]string{"#": "1", "column_1": "Jan Jansen", "column_2": "jan@example.nl", "column_3": "0612345678"}, 2},
		{"no header: people in text", "[[\"Jan\",\"Jansen\"],\n[\"Piet\",\"de Vries\"],\n[\"Klaas\",\"Bakker\"]]",
			[]string{"column_1", "column_2"}, map[string]string{"#": "1", "column_1": "Jan", "column_2": "Jansen"}, 3},
	}
	for _, c := range cases {
		for _, small := range []bool{false, true} {
			opt := Options{}
			var r io.Reader = strings.NewReader(c.in)
			if small {
				opt = Options{BatchBytes: 1}
				r = iotest.OneByteReader(r)
			}
			names, rows, err := read(t, r, opt)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if fmt.Sprint(names) != fmt.Sprint(c.cols) {
				t.Errorf("%s (small %v): columns %q, want %q", c.name, small, names, c.cols)
			}
			if len(rows) != c.rows {
				t.Errorf("%s (small %v): %d rows %v, want %d", c.name, small, len(rows), rows, c.rows)
				continue
			}
			for k, v := range c.first {
				if rows[0][k] != v {
					t.Errorf("%s (small %v): first row %v, want %s=%q", c.name, small, rows[0], k, v)
				}
			}
		}
	}
}
