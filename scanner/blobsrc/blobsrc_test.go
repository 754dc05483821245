package blobsrc

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	neturl "net/url"
	"strings"
	"sync"
	"testing"

	"gocloud.dev/blob/memblob"
)

// memBucket is an in-memory bucket (gocloud's memblob), for what needs no
// server: paging, range reads.
func memBucket(t testing.TB, prefix string) *Bucket {
	t.Helper()
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	return &Bucket{Target: Target{Scheme: "mem", Bucket: "t", Prefix: prefix, Base: "mem://t/"}, b: b, raw: "mem://t/" + prefix}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in, bucket, prefix, base, open string
	}{
		{"s3://demo/", "demo", "", "s3://demo/", "s3://demo"},
		{"s3://demo", "demo", "", "s3://demo/", "s3://demo"},
		{"S3://demo/exports/2024/?region=eu-west-1&endpoint=http://127.0.0.1:9000&use_path_style=true",
			"demo", "exports/2024/", "s3://demo/",
			"s3://demo?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-1&use_path_style=true"},
		{"gs://b/a/b.csv", "b", "a/b.csv", "gs://b/", "gs://b"},
		{"azblob://c/x?prefix=backups/", "c", "backups/x", "azblob://c/", "azblob://c"},
	}
	for _, c := range cases {
		tg, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if tg.Bucket != c.bucket || tg.Prefix != c.prefix || tg.Base != c.base || tg.OpenURL() != c.open {
			t.Errorf("Parse(%q) = bucket %q prefix %q base %q open %q", c.in, tg.Bucket, tg.Prefix, tg.Base, tg.OpenURL())
		}
	}
	for _, bad := range []string{"s3:///x", "s3://u:p@b/", "s3://%zz/"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestRel(t *testing.T) {
	cases := []struct{ prefix, key, rel string }{
		{"", "a/b.csv", "a/b.csv"},
		{"exports/", "exports/a/b.csv", "a/b.csv"},
		{"exports/2024-", "exports/2024-01.csv", "2024-01.csv"},
		{"exp", "exports/a.csv", "exports/a.csv"},
		{"a/b.csv", "a/b.csv", "b.csv"},
	}
	for _, c := range cases {
		if got := (Target{Prefix: c.prefix}).Rel(c.key); got != c.rel {
			t.Errorf("Rel(%q, %q) = %q, want %q", c.prefix, c.key, got, c.rel)
		}
	}
}

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"s3://demo/?endpoint=http://127.0.0.1:4568&region=us-east-1", "s3://demo/?endpoint=http://127.0.0.1:4568&region=us-east-1"},
		{"azblob://c/p?sig=abc%2Fdef&sv=2020&protocol=http", "azblob://c/p?sig=xxxxx&sv=2020&protocol=http"},
		{"s3://b/?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA", "s3://b/?X-Amz-Signature=xxxxx&X-Amz-Credential=xxxxx"},
		{"s3://b/?kmskeyid=arn:aws:kms:1", "s3://b/?kmskeyid=arn:aws:kms:1"},
		{"gs://user:pw@b/", "gs://xxxxx@b/"},
		{"s3://b/%zz?secret=hunter2", "s3://b/xxxxx"},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzRedact: whatever the target, Redact does not panic, and in what it
// returns every secret-looking parameter and any password is "xxxxx".
func FuzzRedact(f *testing.F) {
	f.Add("s3://b/?token=s3cr3t")
	f.Add("azblob://c/p?protocol=http&sig=a%2Fb%2Bc%3D%3D&sig=2")
	f.Add("gs://u:pw@b/?x=1;y=2")
	f.Add("s3://b/%zz?secret=x")
	f.Fuzz(func(t *testing.T, target string) {
		r := Redact(target)
		u, err := neturl.Parse(r)
		if err != nil {
			return
		}
		if p, ok := u.User.Password(); ok && p != "" {
			t.Errorf("Redact(%q) = %q keeps a password", target, r)
		}
		q, err := neturl.ParseQuery(u.RawQuery)
		if err != nil {
			return
		}
		for k, vs := range q {
			for _, v := range vs {
				if isSecretParam(k) && v != "xxxxx" && v != "" {
					t.Errorf("Redact(%q) = %q keeps %s=%q", target, r, k, v)
				}
			}
		}
	})
}

func TestScrub(t *testing.T) {
	target := "s3://b/?endpoint=http://h&session_token=T0pSecretValue"
	err := scrub(fmt.Errorf("open bucket %s: boom (token T0pSecretValue)", target), target)
	if strings.Contains(err.Error(), "T0pSecretValue") {
		t.Errorf("scrub left the secret: %v", err)
	}
	plain := fmt.Errorf("x")
	if scrub(plain, "s3://b/") != plain {
		t.Error("an error without a secret was rewrapped")
	}
}

// List reads the listing a page at a time: more objects than a page, in
// key order, with folder markers passed over and only the prefix's.
func TestListPages(t *testing.T) {
	ctx := context.Background()
	b := memBucket(t, "in/")
	const n = 2*PageSize + 7
	for i := 0; i < n; i++ {
		if err := b.b.WriteAll(ctx, fmt.Sprintf("in/%05d.csv", i), []byte("a\n"), nil); err != nil {
			t.Fatal(err)
		}
	}
	b.b.WriteAll(ctx, "in/sub/", nil, nil)
	b.b.WriteAll(ctx, "out/x.csv", []byte("a\n"), nil)
	var keys []string
	if err := b.List(ctx, func(o Object) error {
		keys = append(keys, o.Key)
		if o.Size != 2 {
			t.Fatalf("%s: size %d", o.Key, o.Size)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(keys) != n || keys[0] != "in/00000.csv" || keys[n-1] != fmt.Sprintf("in/%05d.csv", n-1) {
		t.Fatalf("listed %d keys (%v ... ), want %d", len(keys), keys[:3], n)
	}
	stop := fmt.Errorf("stop")
	if err := b.List(ctx, func(Object) error { return stop }); err != stop {
		t.Errorf("List returned %v, want fn's error", err)
	}
}

// Range reads return the object's bytes at any offset, sequential or
// not, and archive/zip reads a zip through them.
func TestReadAt(t *testing.T) {
	b := memBucket(t, "")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	want := map[string]string{}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5; i++ {
		name := fmt.Sprintf("m%d.csv", i)
		body := make([]byte, 50000+rng.Intn(50000))
		for j := range body {
			body[j] = "abc,\n"[rng.Intn(5)]
		}
		w, _ := zw.Create(name)
		w.Write(body)
		want[name] = string(body)
	}
	zw.Close()
	data := zbuf.Bytes()
	in := putObject(t, b, "a.zip", data)
	if in.Size() != int64(len(data)) {
		t.Fatalf("size %d, want %d", in.Size(), len(data))
	}
	for _, off := range []int64{0, 100, 100 + 4096, 5, int64(len(data)) - 10, 7} {
		p := make([]byte, 4096)
		n, err := in.ReadAt(p, off)
		end := min(off+4096, int64(len(data)))
		if n != int(end-off) || !bytes.Equal(p[:n], data[off:end]) {
			t.Fatalf("ReadAt(%d) = %d bytes, want %d", off, n, end-off)
		}
		if end < off+4096 && err != io.EOF {
			t.Errorf("ReadAt(%d) short read without io.EOF: %v", off, err)
		}
	}
	if _, err := in.ReadAt(make([]byte, 1), int64(len(data))); err != io.EOF {
		t.Errorf("ReadAt past the end: %v", err)
	}
	zr, err := zip.NewReader(in, in.Size())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(got) != want[f.Name] {
			t.Errorf("member %s: %d bytes, err %v", f.Name, len(got), err)
		}
	}
	// the stream reads the whole object too
	all, err := io.ReadAll(in)
	if err != nil || !bytes.Equal(all, data) {
		t.Errorf("stream: %d bytes, err %v", len(all), err)
	}
}

func TestIsTarget(t *testing.T) {
	for in, want := range map[string]bool{
		"s3://b/": true, "GS://b": true, "azblob://c/p": true, "postgres://h/db": false,
		"./s3:/x": false, "testdata/crm": false,
	} {
		if IsTarget(in) != want {
			t.Errorf("IsTarget(%q) = %v", in, !want)
		}
	}
}

// putObject writes data to key in b and opens it, closed when the test ends.
func putObject(t *testing.T, b *Bucket, key string, data []byte) *Input {
	t.Helper()
	ctx := context.Background()
	if err := b.b.WriteAll(ctx, key, data, nil); err != nil {
		t.Fatal(err)
	}
	in, err := b.OpenObject(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

// TestReadAtStreams: readers of several parts side by side (a workbook's
// shared strings beside its sheet), in turns and in parallel, each
// continue a range read of their own instead of opening one per call.
func TestReadAtStreams(t *testing.T) {
	b := memBucket(t, "")
	data := make([]byte, 1<<20)
	rng := rand.New(rand.NewSource(2))
	rng.Read(data)
	in := putObject(t, b, "big.bin", data)
	read := func(off int64, n int) {
		p := make([]byte, n)
		if k, err := in.ReadAt(p, off); k != n || err != nil || !bytes.Equal(p, data[off:off+int64(n)]) {
			t.Errorf("ReadAt(%d) = %d, %v", off, k, err)
		}
	}
	// three readers in turns, 4 KiB at a time
	starts := []int64{0, 300_000, 700_000}
	for k := int64(0); k < 50; k++ {
		for _, s := range starts {
			read(s+k*4096, 4096)
		}
	}
	if in.ra.opens != len(starts) {
		t.Errorf("%d range reads opened for %d readers in turns", in.ra.opens, len(starts))
	}
	// and in parallel, more readers than streams: all bytes right
	var wg sync.WaitGroup
	for g := range 2 * rangeStreams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 40 {
				read(int64(g)*100_000+int64(k)*1000, 1000)
			}
		}()
	}
	wg.Wait()
}
