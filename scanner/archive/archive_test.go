package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"testing"

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
	f.Fuzz(func(t *testing.T, data []byte) {
		b := NewBudget(Limits{MaxTotal: 1 << 20, MaxDepth: 4, MaxMembers: 50, MaxBuffer: 1 << 20, RatioFloor: 1 << 16})
		walk(b, "f", bytes.NewReader(data), map[string]string{})
	})
}
