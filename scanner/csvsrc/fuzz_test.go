package csvsrc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"naam,email\nJan,jan@example.nl\n",
		"a;b;c\n1;2;3\n4;5\n6;7;8;9\n",
		"naam\tnotitie\n1\t\"a\nb\"\n2\t\"c\"\"d\"\n",
		"a|b\r\n1|2\r\n\r\n3|4",
		"\"unterminated,1\n2,3\n4,5\n",
		"\"He said \"hi\" to me\",1\n\"Jan\" BV,2\n",
		"x\"y,\"\"\"\",\"\"\n,,\n\n\n",
		"\xEF\xBB\xBFnaam;bedrag\nJos\xe9;\x80 12,50\n",
		"\xFF\xFEn\x00,\x00e\x00\n\x001\x00,\x00x\x00@\x00\n\x00",
		"\xFE\xFF\x00a\x00;\x00b\x00\n\x001\x00;\x002",
		"a,b\r1,2\r\"3\r4\",5\r",
		"email\njan@example.nl\npiet@example.nl\n",
		"\"a\"\r\"b\"\r\n\"c\"\rx",
		"1,\"\n\"\n,\"\"\"\n\"\"\"",
	} {
		f.Add([]byte(s), uint16(3))
		f.Add([]byte(s), uint16(1000))
	}
	f.Fuzz(func(t *testing.T, data []byte, bb uint16) {
		if len(data) > 512 {
			// large inputs are the unit tests' job; small ones keep the
			// fuzzer (and its minimizing) fast
			return
		}
		rows, r, err := fuzzRead(bytes.NewReader(data), Options{BatchBytes: int(bb%512) + 1})
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNotText) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		st := r.Stats()
		if int64(len(rows)) != st.Rows {
			t.Fatalf("%d rows delivered, stats say %d", len(rows), st.Rows)
		}
		if st.Bytes != int64(len(data)) {
			t.Fatalf("bytes %d, want %d", st.Bytes, len(data))
		}
		for i := range rows {
			if rows[i].n < 1 || i > 0 && rows[i].n <= rows[i-1].n {
				t.Fatalf("row numbers not increasing: %v", rows)
			}
			for _, c := range rows[i].cells {
				if !utf8.ValidString(c) {
					t.Fatalf("invalid utf-8 cell %q", c)
				}
			}
		}
		// batch size and read sizes do not change the rows
		rows2, r2, err := fuzzRead(iotest.HalfReader(bytes.NewReader(data)), Options{BatchBytes: 1 << 20})
		if err != nil {
			t.Fatalf("second read: %v", err)
		}
		if !reflect.DeepEqual(rows, rows2) || r.Stats() != r2.Stats() {
			t.Fatalf("rows differ with batch size\n%v\n%v", rows, rows2)
		}
		// without quotes and CR the cells are a plain split
		if bytes.ContainsAny(data, "\"\r\x00") || !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			return
		}
		var want []row
		header := r.HasHeader()
		for i, line := range bytes.Split(data, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			if header {
				header = false
				continue
			}
			var cells []string
			for _, c := range bytes.Split(line, []byte{r.Delimiter()}) {
				cells = append(cells, string(c))
			}
			want = append(want, row{int64(i + 1), cells})
		}
		if !reflect.DeepEqual(rows, want) {
			t.Fatalf("rows differ from a plain split\n got %v\nwant %v", rows, want)
		}
	})
}

func fuzzRead(in io.Reader, opt Options) ([]row, *Reader, error) {
	r, err := Open(in, opt)
	if err != nil {
		return nil, nil, err
	}
	var rows []row
	for {
		b, err := r.Next(context.Background())
		if err == io.EOF {
			return rows, r, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = collect(b, rows)
		b.Release()
	}
}
