package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// walk reads everything in data, recursively, and returns the members'
// contents by path.
func walk(b *Budget, name string, r io.Reader, out map[string]string) error {
	if err := b.Enter(); err != nil {
		return err
	}
	defer b.Leave()
	head := make([]byte, 512)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	r = io.MultiReader(bytes.NewReader(head), r)
	switch kind := Kind(head); {
	case Compressed(kind):
		dec, done, err := b.Decompress(kind, name, r)
		if err != nil {
			return err
		}
		defer done()
		return walk(b, InnerName(name), dec, out)
	case kind == "zip":
		z, err := b.OpenZip(r)
		if err != nil {
			return err
		}
		return z.Each(context.Background(), func(n string, r io.Reader) error { return walk(b, name+"!"+n, r, out) })
	case kind == "tar":
		_, err := b.Tar(context.Background(), r, func(n string, r io.Reader) error { return walk(b, name+"!"+n, r, out) })
		return err
	}
	data, err := io.ReadAll(r)
	out[name] = string(data)
	return err
}

func TestNested(t *testing.T) {
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	body := []byte("email\njan@voorbeeld.nl\n")
	tw.WriteHeader(&tar.Header{Name: "../../etc/dump.sql", Mode: 0o644, Size: int64(len(body))})
	tw.Write(body)
	tw.Close()

	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(tb.Bytes())
	gw.Close()

	var zs bytes.Buffer
	zw, _ := zstd.NewWriter(&zs)
	zw.Write(body)
	zw.Close()
	var xb bytes.Buffer
	xw, _ := xz.NewWriter(&xb)
	xw.Write(body)
	xw.Close()

	var zb bytes.Buffer
	z := zip.NewWriter(&zb)
	for name, data := range map[string][]byte{"db.tgz": gz.Bytes(), "a.csv.zst": zs.Bytes(), "b.csv.xz": xb.Bytes()} {
		w, _ := z.Create(name)
		w.Write(data)
	}
	z.Close()
	out := map[string]string{}
	if err := walk(NewBudget(Limits{}), "backup.zip", bytes.NewReader(zb.Bytes()), out); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"backup.zip!db.tar!../../etc/dump.sql", "backup.zip!a.csv", "backup.zip!b.csv"} {
		if out[k] != string(body) {
			t.Errorf("%s = %q (all: %v)", k, out[k], out)
		}
	}
	if Label("../../etc/dump.sql") != "etc/dump.sql" {
		t.Errorf("Label = %q", Label("../../etc/dump.sql"))
	}
	// the same with a total limit below the content
	err := walk(NewBudget(Limits{MaxTotal: 30}), "backup.zip", bytes.NewReader(zb.Bytes()), map[string]string{})
	if !errors.Is(err, ErrLimit) {
		t.Errorf("err = %v, want ErrLimit", err)
	}
}

func FuzzArchive(f *testing.F) {
	var zb bytes.Buffer
	z := zip.NewWriter(&zb)
	w, _ := z.Create("a/b.csv")
	w.Write([]byte("x,y\n1,2\n"))
	z.Close()
	f.Add(zb.Bytes())
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(zb.Bytes())
	gw.Close()
	f.Add(gz.Bytes())
	// the attacks of issue 19
	f.Add(overlappingZip(f, []byte("email\njan@voorbeeld.nl\n"), 5))
	f.Add(gnuSparseTar("s.csv", []byte("email\n"), 1<<30))
	f.Add(paxSparseTar(f, "p.csv", []byte("email\n"), 1<<30))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := NewBudget(Limits{MaxTotal: 1 << 20, MaxDepth: 4, MaxMembers: 50, MaxBuffer: 1 << 20, RatioFloor: 1 << 16})
		walk(b, "f", bytes.NewReader(data), map[string]string{})
	})
}

// overlappingZip returns a zip of one stored member whose central
// directory lists it n times under n names: every entry points at the same
// bytes, so the archive expands n times at a compression ratio of 1.
func overlappingZip(t testing.TB, body []byte, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "m0000.csv", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	zw.Close()
	data := b.Bytes()
	cd := bytes.LastIndex(data, []byte("PK\x01\x02"))
	eocd := bytes.LastIndex(data, []byte("PK\x05\x06"))
	if cd < 0 || eocd < cd {
		t.Fatal("no central directory")
	}
	entry := data[cd:eocd]
	out := append([]byte(nil), data[:cd]...)
	for i := 0; i < n; i++ {
		e := append([]byte(nil), entry...)
		copy(e[46:], fmt.Sprintf("m%04d.csv", i%10000))
		out = append(out, e...)
	}
	end := append([]byte(nil), data[eocd:]...)
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(entry)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cd))
	return append(out, end...)
}

// Entries that share their bytes are refused before anything is read
// (issue 19: 6,000 entries over one stored 16 MB member cost 45 minutes).
func TestOverlappingZipEntriesAreRefused(t *testing.T) {
	data := overlappingZip(t, bytes.Repeat([]byte("jan@voorbeeld.nl\n"), 1000), 50)
	_, err := NewBudget(Limits{}).OpenZip(bytes.NewReader(data))
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "overlap") {
		t.Fatalf("err = %v, want overlapping entries refused", err)
	}
	// one entry alone is a good zip
	data = overlappingZip(t, []byte("email\njan@voorbeeld.nl\n"), 1)
	if _, err := NewBudget(Limits{}).OpenZip(bytes.NewReader(data)); err != nil {
		t.Fatalf("single entry: %v", err)
	}
}

// What the members of one zip give is bounded by the zip's size, whatever
// each member's own ratio.
func TestZipTotalIsBoundedByItsSize(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	body := bytes.Repeat([]byte("a,b\n1,2\n"), 375) // 3,000 bytes
	for i := 0; i < 40; i++ {
		w, _ := zw.Create(fmt.Sprintf("m%d.csv", i))
		w.Write(body)
	}
	zw.Close()
	// each member is under RatioFloor; together they pass 10 times the size
	bud := NewBudget(Limits{MaxRatio: 10, RatioFloor: 4 << 10})
	z, err := bud.OpenZip(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	err = z.Each(context.Background(), func(_ string, r io.Reader) error { _, err := io.Copy(io.Discard, r); return err })
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "zip's size") {
		t.Fatalf("err = %v, want the zip's total limit", err)
	}
}

// gnuSparseTar returns a tar holding one old-GNU sparse member ('S'):
// data at offset 0, then a hole up to realSize.
func gnuSparseTar(name string, data []byte, realSize int64) []byte {
	h := make([]byte, 512)
	copy(h, name)
	octal := func(b []byte, v int64) { copy(b, fmt.Sprintf("%0*o", len(b)-1, v)) }
	octal(h[100:108], 0o644)
	octal(h[108:116], 0)
	octal(h[116:124], 0)
	octal(h[124:136], int64(len(data)))
	octal(h[136:148], 0)
	h[156] = 'S'
	copy(h[257:], "ustar  \x00")
	octal(h[386:398], 0)                // first chunk: offset
	octal(h[398:410], int64(len(data))) // and length
	octal(h[483:495], realSize)
	copy(h[148:156], "        ")
	sum := 0
	for _, c := range h {
		sum += int(c)
	}
	copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
	out := append(h, data...)
	out = append(out, make([]byte, (512-len(data)%512)%512)...)
	return append(out, make([]byte, 1024)...)
}

// A GNU sparse member is read, not skipped (issue 19: 0 rows, no error).
func TestTarGNUSparseMemberIsRead(t *testing.T) {
	body := []byte("email\njan@voorbeeld.nl\n")
	data := gnuSparseTar("contacts.csv", body, int64(len(body))+100)
	out := map[string]string{}
	if err := walk(NewBudget(Limits{}), "x.tar", bytes.NewReader(data), out); err != nil {
		t.Fatal(err)
	}
	got := out["x.tar!contacts.csv"]
	if !strings.HasPrefix(got, string(body)) || len(got) != len(body)+100 {
		t.Errorf("member = %q, want the body and a hole of 100 zeros (all: %v)", got, out)
	}
}

// A sparse member whose hole would expand it a million times is stopped by
// the ratio limit in well under a second (issue 19: a 120 KB sparse tar
// cost 46 s).
func TestTarSparseExpansionIsBounded(t *testing.T) {
	data := gnuSparseTar("zeros.csv", []byte("email\n"), 1<<40)
	start := time.Now()
	err := walk(NewBudget(Limits{}), "x.tar", bytes.NewReader(data), map[string]string{})
	if !errors.Is(err, ErrLimit) {
		t.Errorf("err = %v, want ErrLimit", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// paxSparseTar returns a tar holding one PAX sparse member (format 1.0):
// data at offset 0, then a hole up to realSize.
func paxSparseTar(t testing.TB, name string, data []byte, realSize int64) []byte {
	t.Helper()
	sparseMap := []byte(fmt.Sprintf("1\n0\n%d\n", len(data)))
	body := append(sparseMap, make([]byte, 512-len(sparseMap))...)
	body = append(body, data...)
	var b bytes.Buffer
	rec := func(k, v string) string {
		s := fmt.Sprintf(" %s=%s\n", k, v)
		n := len(s) + 1
		for len(fmt.Sprint(n))+len(s) != n {
			n = len(fmt.Sprint(n)) + len(s)
		}
		return fmt.Sprint(n) + s
	}
	pax := rec("GNU.sparse.major", "1") + rec("GNU.sparse.minor", "0") + rec("GNU.sparse.name", name) + rec("GNU.sparse.realsize", fmt.Sprint(realSize))
	hdr := func(name string, typ byte, size int) {
		h := make([]byte, 512)
		copy(h, name)
		octal := func(b []byte, v int64) { copy(b, fmt.Sprintf("%0*o", len(b)-1, v)) }
		octal(h[100:108], 0o644)
		octal(h[108:116], 0)
		octal(h[116:124], 0)
		octal(h[124:136], int64(size))
		octal(h[136:148], 0)
		h[156] = typ
		copy(h[257:], "ustar\x0000")
		copy(h[148:156], "        ")
		sum := 0
		for _, c := range h {
			sum += int(c)
		}
		copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
		b.Write(h)
	}
	pad := func(n int) { b.Write(make([]byte, (512-n%512)%512)) }
	hdr("PaxHeaders/x", 'x', len(pax))
	b.WriteString(pax)
	pad(len(pax))
	hdr("GNUSparseFile.0/x", '0', len(body))
	b.Write(body)
	pad(len(body))
	b.Write(make([]byte, 1024))
	return b.Bytes()
}

// The other sparse attack: a PAX sparse member whose hole is huge
// is stopped by the ratio limit at once (it cost 46 s).
func TestTarPAXSparseExpansionIsBounded(t *testing.T) {
	body := []byte("email\njan@voorbeeld.nl\n")
	out := map[string]string{}
	if err := walk(NewBudget(Limits{}), "x.tar", bytes.NewReader(paxSparseTar(t, "c.csv", body, int64(len(body))+10)), out); err != nil {
		t.Fatal(err)
	}
	if got := out["x.tar!c.csv"]; !strings.HasPrefix(got, string(body)) || len(got) != len(body)+10 {
		t.Fatalf("member = %q (all %v)", got, out)
	}
	start := time.Now()
	err := walk(NewBudget(Limits{}), "x.tar", bytes.NewReader(paxSparseTar(t, "z.csv", body, 1<<40)), map[string]string{})
	if !errors.Is(err, ErrLimit) {
		t.Errorf("err = %v, want ErrLimit", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
