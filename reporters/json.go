package reporters

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// JSON writes the report as indented JSON (crmscan.report/v1).
type JSON struct{}

var _ Encoder = JSON{}

func init() { Register("json", JSON{}, ".json") }

// Encode implements Encoder. It writes the report one element at a time,
// in the bytes json.Encoder with a two-space indent would write: a scan of
// 50,000 files has a report of some 200 MB, which encoding/json would hold
// twice over (compact, then indented) before writing a byte.
func (JSON) Encode(w io.Writer, r *Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	js := &jsonStream{w: bw}
	js.raw("{\n")
	// Every field of Report, in its order, named and omitted as its json
	// tag says: a field added to the model can never be left out here.
	rv := reflect.ValueOf(r).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		sf := rt.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fv := rv.Field(i)
		if strings.Contains(opts, "omitempty") && emptyJSON(fv) {
			continue
		}
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 {
			streamSlice(js, name, fv)
			continue
		}
		js.field(name, fv.Interface())
	}
	js.raw("\n}\n")
	if js.err != nil {
		return js.err
	}
	return bw.Flush()
}

// emptyJSON is encoding/json's omitempty test.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

// jsonStream writes a JSON object's members one by one.
type jsonStream struct {
	w     *bufio.Writer
	buf   bytes.Buffer
	first bool // a member was written: the next needs a comma
	err   error
}

func (js *jsonStream) raw(s string) {
	if js.err == nil {
		_, js.err = js.w.WriteString(s)
	}
}

// value writes v with prefix before each of its lines but the first, as
// json.Encoder would, without the newline it adds.
func (js *jsonStream) value(v any, prefix string) {
	if js.err != nil {
		return
	}
	js.buf.Reset()
	enc := json.NewEncoder(&js.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if js.err = enc.Encode(v); js.err != nil {
		return
	}
	b := bytes.TrimSuffix(js.buf.Bytes(), []byte("\n"))
	_, js.err = js.w.Write(jsonSafe(b))
}

func (js *jsonStream) key(name string) {
	if js.first {
		js.raw(",\n")
	}
	js.first = true
	js.raw(`  "` + name + `": `)
}

// field writes one member.
func (js *jsonStream) field(name string, v any) {
	js.key(name)
	js.value(v, "  ")
}

// streamSlice writes a member holding a slice, element by element; a nil
// slice is null as encoding/json writes it, an empty one [].
func streamSlice(js *jsonStream, name string, s reflect.Value) {
	js.key(name)
	switch {
	case s.IsNil():
		js.raw("null")
		return
	case s.Len() == 0:
		js.raw("[]")
		return
	}
	js.raw("[\n")
	for i := range s.Len() {
		if i > 0 {
			js.raw(",\n")
		}
		js.raw("    ")
		js.value(s.Index(i).Addr().Interface(), "    ")
	}
	js.raw("\n  ]")
}

// jsonSafe writes the characters encoding/json leaves raw but a terminal
// acts on (C1 controls, bidirectional overrides and isolates: Escape's)
// as \u escapes. They occur only inside strings, whose value stays the
// same; C0 controls encoding/json escapes itself.
func jsonSafe(b []byte) []byte {
	i := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && unsafeRune(r, n) {
			break
		}
		i += n
	}
	if i == len(b) {
		return b
	}
	out := append([]byte{}, b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if b[i] >= utf8.RuneSelf && r != utf8.RuneError && unsafeRune(r, n) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}
