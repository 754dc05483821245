package xlsxsrc

import (
	"bytes"
	"math"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// fuzzBook is the shared state the fuzz targets parse rows with: a few
// shared strings and one style of each kind.
func fuzzBook(t testing.TB) *bookState {
	var opt Options
	opt.defaults()
	s := newSharedStrings(opt.MaxCellBytes)
	for _, v := range []string{"Naam", "612345678", "é"} {
		if _, err := s.add([]byte("<t>"+v+"</t>"), &opt); err != nil {
			t.Fatal(err)
		}
	}
	s.publish(true)
	return &bookState{sst: s, maxCell: 64, styles: []cellStyle{
		{}, {kind: fmtDate, date: compileDate("mm-dd-yy")}, {kind: fmtDate, date: compileDate("[h]:mm:ss.00 AM/PM dddd")},
		{kind: fmtZeros, zeros: 10}, {kind: fmtText},
	}}
}

// FuzzSheetRows cuts raw sheet XML into rows and parses their cells.
func FuzzSheetRows(f *testing.F) {
	f.Add([]byte(`<sheetData><row r="2" hidden="1"><c r="B2" t="s"><v>1</v></c><c s="1"><v>29358.5</v></c><c t="inlineStr"><is><r><t>a&amp;b</t></r><rPh><t>x</t></rPh></is></c></row><row/><x:row><x:c r="XFD3" s="3"><x:v>12</x:v></x:c></x:row></sheetData>`))
	f.Add([]byte(`<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>&#x1F600;&#0;&bogus;</v></c><c s="2"><v>-1e308</v></c><c s="9"><v>1E+400</v></c></row>`))
	// the shapes of cell that parse reads by its fast path, and near misses
	f.Add([]byte(`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" s="3"><v>612345678</v></c><c r="C3"/><c r="D3" t="s" s="4"><v> 2 </v></c><c t="s"><v>1</v></c><c r="XFE3"><v>1</v></c><c r="Z3" t="s"><v>9</v></c></row>`))
	f.Add([]byte(`<row><c r="A>1" t="s"><v>1</v></c><c r="B1"  t="s"><v>1</v></c><c r="C1" t='s'><v>1</v></c><c x:r="D1" t="s"><v>1</v></c><c r="E1" t="s" r="A1"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="inlineStr"><v>x</v></c><c r="H1"><v>1</v><f>A1</f></c><c r="I1" t="b"><v>0</v></c></row>`))
	// near misses of sharedCell's one shape
	f.Add([]byte(`<row><c r="a1" t="s"><v>1</v></c><c r="B1C" t="s"><v>2</v></c><c r="1" t="s"><v>0</v></c><c r="XFE1" t="s"><v>0</v></c><c r="C1" t="s"><v>12345678901</v></c><c r="D1" t="s"><v></v></c><c r="E1" t="s"><v>1 </v></c><c r="F1" t="s"><v>2</v></c></row>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		bk := fuzzBook(t)
		c := newCutter(bytes.NewReader(data), "row", 1<<16, 0, "row")
		p := rowParser{bk: bk, phone: []bool{true, true, true}}
		g := rowParser{bk: bk, phone: p.phone, general: true}
		for range 1000 {
			_, _, content, ok, err := c.next()
			if err != nil || !ok {
				return
			}
			cells, filled := p.parse(content)
			want, wantFilled := g.parse(content)
			if filled != wantFilled || len(cells) != len(want) || p.padded != g.padded || p.truncated != g.truncated || p.dropped != g.dropped {
				t.Fatalf("row %q: %q (%v, %d %d %d), want %q (%v, %d %d %d) as parse reads it without its fast path", content, cells, filled, p.padded, p.truncated, p.dropped, want, wantFilled, g.padded, g.truncated, g.dropped)
			}
			for i := range cells {
				if string(cells[i]) != string(want[i]) || (cells[i] == nil) != (want[i] == nil) {
					t.Fatalf("row %q: cell %d %q, want %q as parse reads it without its fast path", content, i, cells[i], want[i])
				}
			}
			if len(cells) > maxColumns {
				t.Fatalf("%d cells", len(cells))
			}
			for _, cell := range cells {
				if len(cell) > bk.maxCell+1 {
					t.Fatalf("cell of %d bytes over the limit %d", len(cell), bk.maxCell)
				}
			}
		}
	})
}

// FuzzSharedStrings cuts raw shared-strings XML into items and decodes them.
func FuzzSharedStrings(f *testing.F) {
	f.Add([]byte(testSST))
	f.Add([]byte(`<sst><si><t>a</t></si><si><t xml:space="preserve"> b </t></si><si><t>c&amp;</t></si><si><t>d</t><rPh/></si><si><t>e_x0041_</t></si><si><t>f</t></si>
<si><t>g</t></si><si><t>h</t></si ><x:si><x:t>i</x:t></x:si><si><t xml:space="default">j</t></si></sst>`))
	f.Add([]byte(`<sst><si><t>&#xD800;&#1114112;&amp</t></si><si><r><t/></r></si><x:si><x:t>_xD83D__x0041_</x:t></x:si></sst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := Options{MaxSharedStrings: 100, MaxSharedBytes: 1 << 16}
		opt.defaults()
		opt.MaxCellBytes = 1000
		s := newSharedStrings(opt.MaxCellBytes)
		c := newCutter(bytes.NewReader(data), "si", 1<<16, 0, "shared string")
		var want []string
		for {
			_, _, content, ok, err := c.next()
			if err != nil || !ok {
				break
			}
			if v, ok := plainItem(content); ok && string(v) != string(appendRich(nil, content)) {
				t.Fatalf("plain item %q read as %q, not %q", content, v, appendRich(nil, content))
			}
			v, err := s.add(content, &opt)
			if err != nil {
				break
			}
			want = append(want, string(v))
		}
		if s.len() != len(want) || s.len() > 100 || s.size > 1<<16 {
			t.Fatalf("%d strings (%d added), %d bytes: over the limits", s.len(), len(want), s.size)
		}
		s.publish(true)
		var cur sstCursor
		for i, w := range want {
			if got := string(s.get(i)); got != w || len(got) > opt.MaxCellBytes {
				t.Fatalf("string %d = %q, want %q", i, got, w)
			}
			if got := string(s.getAt(i, &cur)); got != w {
				t.Fatalf("cursor: string %d = %q, want %q", i, got, w)
			}
			if got := string(s.getAt(i/2, &cur)); got != want[i/2] {
				t.Fatalf("cursor: string %d = %q, want %q", i/2, got, want[i/2])
			}
		}
		// load, which reads the plain items without cutting them first,
		// reads the same strings, from a buffer that items cross the end of
		l := newSharedStrings(opt.MaxCellBytes)
		lc := newCutter(iotest.HalfReader(bytes.NewReader(data)), "si", 1<<16, 0, "shared string")
		lc.buf = lc.buf[:64]
		_ = l.load(lc, &opt)
		l.publish(true)
		if l.len() != len(want) {
			t.Fatalf("load read %d strings, item by item %d", l.len(), len(want))
		}
		for i, w := range want {
			if got := string(l.get(i)); got != w {
				t.Fatalf("load: string %d = %q, want %q", i, got, w)
			}
		}
	})
}

// FuzzNumberFormat classifies a format code and renders numbers by it.
func FuzzNumberFormat(f *testing.F) {
	for _, c := range []any{"dd-mm-yyyy", "[h]:mm:ss.000", `yyyy"年"m"月"`, "0000", "@", `#,##0.00;[Red]\-#,##0.00`, "mmmmm A/P am/pm",
		"0̲" + "0d*ǒ000"} { // once cut a character in two after '*'
		f.Add(c.(string), 29358.75)
	}
	f.Fuzz(func(t *testing.T, code string, v float64) {
		st := styleOf(code)
		if st.kind != fmtDate || math.IsNaN(v) || v < 0 || v >= maxSerial {
			return
		}
		out := st.date.appendDate(nil, v, false)
		if utf8.ValidString(code) && !utf8.Valid(out) {
			t.Errorf("format %q gives invalid UTF-8 %q", code, out)
		}
		if len(out) > 64*len(code)+64 {
			t.Errorf("format %q gives %d bytes", code, len(out))
		}
	})
}
