package scanner

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// Object storage targets. The tests against real servers (s3rver, Azurite
// and fake-gcs-server, started by .ci/setup.d/40-objstore.sh) read
// CRMSCAN_TEST_S3_URL, CRMSCAN_TEST_AZBLOB_URL and CRMSCAN_TEST_GCS_URL,
// buckets holding a copy of testdata/crm;
// the rest use gocloud's file driver under the scheme "crmscanfile",
// whose host names a folder registered in fileBuckets.

var fileBuckets = map[string]string{"crm": "../testdata/crm"}

type fileBucketOpener struct{}

func (fileBucketOpener) OpenBucketURL(ctx context.Context, u *url.URL) (*blob.Bucket, error) {
	dir, ok := fileBuckets[u.Host]
	if !ok {
		return nil, fmt.Errorf("no test bucket %q", u.Host)
	}
	return fileblob.OpenBucket(dir, nil)
}

func init() {
	blob.DefaultURLMux().RegisterBucket("crmscanfile", fileBucketOpener{})
	blobsrc.RegisterScheme("crmscanfile")
}

// findingKey is a finding as a bucket scan and a folder scan must both
// report it: everything but the source ID and the finding ID (both
// depend on the location), with the path relative to the target.
func findingKey(f reporters.Finding, base string) string {
	f.ID, f.Location.Source = "", ""
	if !strings.HasPrefix(f.Location.Path, base) {
		return "path outside the target: " + f.Location.Path
	}
	f.Location.Path = strings.TrimPrefix(f.Location.Path, base)
	b, _ := json.Marshal(f)
	return string(b)
}

// sameAsFolder checks that a bucket's report equals the folder's but for
// the location prefix: findings (rule, column, count, rows, samples,
// fingerprints), sources and column profiles.
func sameAsFolder(t *testing.T, folder *reporters.Report, dirBase string, bucket *reporters.Report, bucketBase string) {
	t.Helper()
	if len(bucket.Errors) != 0 {
		t.Fatalf("bucket scan errors: %+v", bucket.Errors)
	}
	keys := func(rep *reporters.Report, base string) []string {
		var out []string
		for _, f := range rep.Findings {
			out = append(out, findingKey(f, base))
		}
		sort.Strings(out)
		return out
	}
	want, got := keys(folder, dirBase), keys(bucket, bucketBase)
	if len(want) == 0 {
		t.Fatal("the folder scan found nothing")
	}
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("findings differ: folder %d, bucket %d", len(want), len(got))
		gm := map[string]bool{}
		for _, k := range got {
			gm[k] = true
		}
		for _, k := range want {
			if !gm[k] {
				t.Errorf("missing in the bucket scan: %s", k)
			}
		}
	}
	srcs := func(rep *reporters.Report, base string) []string {
		var out []string
		for _, s := range rep.Sources {
			out = append(out, fmt.Sprintf("%s %s tables=%d rows=%d/%d err=%q", strings.TrimPrefix(s.Name, base), s.Kind, s.Tables, s.RowsScanned, s.RowsTotal, s.Error))
		}
		sort.Strings(out)
		return out
	}
	if w, g := strings.Join(srcs(folder, dirBase), "\n"), strings.Join(srcs(bucket, bucketBase), "\n"); w != g {
		t.Errorf("sources differ:\nfolder:\n%s\nbucket:\n%s", w, g)
	}
	for _, s := range bucket.Sources {
		if !strings.HasPrefix(s.Name, bucketBase) {
			t.Errorf("source %q does not say bucket and key (%s...)", s.Name, bucketBase)
		}
	}
	if len(folder.Columns) != len(bucket.Columns) {
		t.Errorf("columns: folder %d, bucket %d", len(folder.Columns), len(bucket.Columns))
	}
}

func TestBlobFileDriverSameAsFolder(t *testing.T) {
	opt := testOptions(t)
	folder := scan(t, opt, "../testdata/crm")
	bucket := scan(t, opt, "crmscanfile://crm/")
	sameAsFolder(t, folder, "../testdata/crm/", bucket, "crmscanfile://crm/")
}

// The done-when: the demo exports and backups in a bucket of a
// real S3-compatible server, of Azurite and of fake-gcs-server give the
// folder's findings.
func TestBlobS3SameAsFolder(t *testing.T)      { testServerBucket(t, "CRMSCAN_TEST_S3_URL") }
func TestBlobAzuriteSameAsFolder(t *testing.T) { testServerBucket(t, "CRMSCAN_TEST_AZBLOB_URL") }
func TestBlobGCSSameAsFolder(t *testing.T)     { testServerBucket(t, "CRMSCAN_TEST_GCS_URL") }

func testServerBucket(t *testing.T, env string) {
	target := os.Getenv(env)
	if target == "" {
		t.Skipf("%s not set (.ci/setup.d/40-objstore.sh starts the server)", env)
	}
	tg, err := blobsrc.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	folder := scan(t, opt, "../testdata/crm")
	bucket := scan(t, opt, target)
	sameAsFolder(t, folder, "../testdata/crm/", bucket, tg.Base)
	if got := bucket.Scan.Targets[0]; got != blobsrc.Redact(target) {
		t.Errorf("target shown as %q", got)
	}
}

// A prefix is walked like a subfolder: keys relative to it are what
// --include and --exclude match, and the locations keep the whole key.
func TestBlobPrefixIncludeExclude(t *testing.T) {
	opt := testOptions(t)
	opt.Exclude = []string{"*.gz", "crm-backup.*"}
	opt.Include = []string{"backups/*", "contacten_*"}
	rep := scan(t, opt, "crmscanfile://crm/backups/")
	var names []string
	for _, s := range rep.Sources {
		names = append(names, s.Name)
	}
	// "backups/*" does not match: the keys are relative to the prefix
	want := []string{}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("sources = %v, want %v", names, want)
	}

	opt.Include = []string{"*.json", "*.zip", "*.gz"}
	rep = scan(t, opt, "crmscanfile://crm/backups/contacts")
	names = names[:0]
	for _, s := range rep.Sources {
		names = append(names, s.Name)
	}
	want = []string{"crmscanfile://crm/backups/contacts.json"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("sources = %v, want %v", names, want)
	}

	// a target naming one object reads it whatever its name
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "export.txt"), []byte("naam,email\nJan,jan@example.nl\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "export.txt.bak"), []byte("naam,email\nJan,jan@example.nl\n"), 0o644)
	fileBuckets["one"] = dir
	t.Cleanup(func() { delete(fileBuckets, "one") })
	rep = scan(t, testOptions(t), "crmscanfile://one/export.txt")
	if len(rep.Sources) != 1 || rep.Sources[0].Name != "crmscanfile://one/export.txt" || rep.Sources[0].Kind != "csv" || rep.Scan.FilesSkipped != 1 {
		t.Errorf("one object: sources %+v, skipped %d", rep.Sources, rep.Scan.FilesSkipped)
	}

	opt.Include, opt.Exclude = nil, []string{"backups/**"}
	rep = scan(t, opt, "crmscanfile://crm/")
	for _, s := range rep.Sources {
		if strings.Contains(s.Name, "/backups/") {
			t.Errorf("excluded key scanned: %s", s.Name)
		}
	}
	if len(rep.Sources) != 6 {
		t.Errorf("%d sources, want the 6 outside backups/", len(rep.Sources))
	}
}

// A secret pasted into a target URL never reaches the report, whether the
// URL is rejected when the bucket is opened or the bucket is missing.
func TestBlobSecretsRedacted(t *testing.T) {
	const canary = "Canary-b10b-5ec7"
	targets := []string{
		"s3://demo/x?endpoint=http://127.0.0.1:1&x_token=" + canary,
		"azblob://demo/?sig=" + canary + "&protocol=http",
		"crmscanfile://nosuchbucket/?sas=" + canary,
		"gs://user:" + canary + "@demo/",
	}
	for _, target := range targets {
		rep := scan(t, testOptions(t), target)
		b, _ := json.Marshal(rep)
		if strings.Contains(string(b), canary) {
			t.Errorf("%s: the report holds the secret: %s", blobsrc.Redact(target), b)
		}
		if len(rep.Errors) == 0 {
			t.Errorf("%s: no error reported", blobsrc.Redact(target))
		}
	}
}

// Listing and scheduling many small objects: the listing is read a page
// at a time and each object costs only its unit (a few hundred bytes).
func TestBlobManyObjects(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2,500 files")
	}
	dir := t.TempDir()
	const n = 2500 // more than two listing pages
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", i%7))
		os.MkdirAll(sub, 0o755)
		body := fmt.Sprintf("id,email\n%d,klant%d@example.nl\n", i, i)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("c%05d.csv", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not read"), 0o644)
	fileBuckets["many"] = dir
	t.Cleanup(func() { delete(fileBuckets, "many") })
	opt := testOptions(t)
	rep := scan(t, opt, "crmscanfile://many/")
	if len(rep.Sources) != n || len(rep.Errors) != 0 {
		t.Fatalf("%d sources, %d errors; want %d, 0", len(rep.Sources), len(rep.Errors), n)
	}
	if rep.Scan.FilesSkipped != 1 {
		t.Errorf("files skipped = %d, want 1 (notes.txt)", rep.Scan.FilesSkipped)
	}
	emails := 0
	for _, f := range rep.Findings {
		if f.Rule == "pii.email" {
			emails += int(f.Count)
		}
	}
	if emails != n {
		t.Errorf("e-mail addresses found = %d, want %d", emails, n)
	}
}
