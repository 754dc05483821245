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
	// the attacks of issue 19: keys that are data, a first record larger
	// than the head
	f.Add([]byte(`{"contacts": {"anna@example.nl": {"iban": "NL91ABNA0417164300"}, "123456": 1}}`))
	f.Add([]byte(`{"notes": "` + strings.Repeat("x", 200) + `"}` + "\n" + `{"email": "a@b.nl"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		names, _, _ := read(t, bytes.NewReader(data), Options{SniffBytes: 64, BatchBytes: 16, MaxRecord: 1 << 16})
		for _, n := range names {
			// a key holding an '@' is never part of a column name
			if strings.Contains(n, "@") {
				t.Errorf("column %q holds a key that is data", n)
			}
		}
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

// Keys that are data never become column names (issue 19): an e-mail
// address as a key, an id, a key some detector matches, and every key of
// an object whose keys are names (one record per key). The keys are the
// values of a column path.{key}.
func TestDataKeysAreMasked(t *testing.T) {
	isData := func(k []byte) bool { return string(k) == "NL44RABO0123456789" }
	var people strings.Builder
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&people, `%s"Person Number%c": {"city": "Utrecht"}`, map[bool]string{true: "", false: ", "}[i == 0], 'A'+i)
	}
	doc := `{"contacts": {"anna@example.nl": {"iban": "NL91ABNA0417164300", "name": "Anna"},
		"bob@example.nl": {"iban": "NL02ABNA0123456789"}},
	 "accounts": {"NL44RABO0123456789": "closed", "8f14e45f-ceea-467f-a0e6-5e4b5c1b5b1c": {"x": 1}, "123456": 2},
	 "people": {` + people.String() + `}}`
	names, rows, err := read(t, strings.NewReader(doc), Options{KeyIsData: isData})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		for _, leak := range []string{"@", "NL44", "8f14e45f", "123456", "Person"} {
			if strings.Contains(n, leak) {
				t.Errorf("column %q holds a key that is data", n)
			}
		}
	}
	want := []string{"contacts.{key}", "contacts.{key}.iban", "contacts.{key}.name", "accounts.{key}", "accounts.{value}",
		"accounts.{key}.x", "people.{key}", "people.{key}.city"}
	for _, w := range want {
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+w+" ") {
			t.Errorf("no column %s in %q", w, names)
		}
	}
	if len(rows) != 1 {
		t.Fatalf("rows = %d, want the document", len(rows))
	}
	if got := rows[0]["contacts.{key}"]; got != "anna@example.nl; bob@example.nl" {
		t.Errorf("contacts.{key} = %q, want both addresses", got)
	}
	if got := rows[0]["people.{key}"]; !strings.Contains(got, "Person NumberJ") {
		t.Errorf("people.{key} = %q, want the names", got)
	}

	// NDJSON records whose object keys vary from record to record
	var nd strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&nd, "{\"id\": %d, \"tags\": {\"Klant %c%c\": true}}\n", i, 'A'+i, 'a'+i)
	}
	names, _, err = read(t, strings.NewReader(nd.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "id,tags.{key},tags.{value}" {
		t.Errorf("columns = %q, want id and tags.{key}", names)
	}
}

// Field names stay as they are.
func TestNameLike(t *testing.T) {
	for _, k := range []string{"email", "first_name", "Adres 2", "geboortedatum", "straße", "q1_total", "id"} {
		if !nameLike([]byte(k)) {
			t.Errorf("%q is a field name", k)
		}
	}
	for _, k := range []string{"anna@example.nl", "+31612345678", "123456", "8f14e45fceea467fa0e65e4b5c1b5b1c", "", strings.Repeat("a", 65), "a\x1bb", "a\u009bb", "a\u202eb", "a\xffb"} {
		if nameLike([]byte(k)) {
			t.Errorf("%q is not a field name", k)
		}
	}
}

// An NDJSON file whose first record is larger than the head read to find
// the layout is still NDJSON, every record a row (issue 19: a first record
// of 1 MiB made the file one object with 0 rows).
func TestNDJSONWithLargeFirstRecord(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sniff int
		big   int
	}{{"small head", 1 << 10, 4 << 10}, {"default head", 0, 1<<20 + 100}} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			fmt.Fprintf(&b, "{\"id\": 0, \"notes\": %q}\n", strings.Repeat("x", tc.big))
			for i := 1; i < 50; i++ {
				fmt.Fprintf(&b, "{\"id\": %d, \"email\": \"p%d@voorbeeld.nl\"}\n", i, i)
			}
			rd, err := Open(strings.NewReader(b.String()), Options{SniffBytes: tc.sniff})
			if err != nil {
				t.Fatal(err)
			}
			rows := 0
			emails := 0
			for {
				bt, err := rd.Next(context.Background())
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				bt.Each(func(_ int64, cells [][]byte) {
					rows++
					for _, c := range cells {
						if bytes.Contains(c, []byte("@voorbeeld.nl")) {
							emails++
						}
					}
				})
				bt.Release()
			}
			if rows != 50 || emails != 49 || rd.Details()["layout"] != "ndjson" {
				t.Errorf("rows %d, e-mails %d, layout %s; want 50, 49, ndjson", rows, emails, rd.Details()["layout"])
			}
			if st := rd.Stats(); st.Bytes != int64(b.Len()) {
				t.Errorf("bytes = %d, want %d", st.Bytes, b.Len())
			}
		})
	}
	// one document larger than the head is still one document
	doc := `{"contacts": [` + strings.Repeat(`{"email": "p@voorbeeld.nl"},`, 200) + `{"email": "q@voorbeeld.nl"}]}`
	_, rows, err := read(t, strings.NewReader(doc), Options{SniffBytes: 256})
	if err != nil || len(rows) != 201 {
		t.Errorf("document: %d rows, %v; want 201", len(rows), err)
	}
	// and larger than MaxRecord too: read as it streams, not held
	_, rows, err = read(t, strings.NewReader(doc), Options{SniffBytes: 256, MaxRecord: 1 << 10})
	if err != nil || len(rows) != 201 {
		t.Errorf("document over MaxRecord: %d rows, %v; want 201", len(rows), err)
	}
}

// A document too large to be one record whose arrays hold no objects is an
// error, never 0 rows and no error.
func TestLargeDocumentWithoutRecordsIsAnError(t *testing.T) {
	doc := `{"emails": [` + strings.Repeat(`"p@voorbeeld.nl", `, 100) + `"q@voorbeeld.nl"]}`
	_, rows, err := read(t, strings.NewReader(doc), Options{SniffBytes: 256, MaxRecord: 1 << 10})
	if !errors.Is(err, ErrNoRecords) || len(rows) != 0 {
		t.Errorf("rows %d, err %v; want ErrNoRecords", len(rows), err)
	}
	// the same document within MaxRecord is one record
	_, rows, err = read(t, strings.NewReader(doc), Options{SniffBytes: 256})
	if err != nil || len(rows) != 1 {
		t.Errorf("rows %d, err %v; want the document", len(rows), err)
	}
	// an empty array is empty, no error
	if _, rows, err = read(t, strings.NewReader(`{"contacts": []}`), Options{}); err != nil {
		t.Errorf("empty: rows %d, err %v", len(rows), err)
	}
}
