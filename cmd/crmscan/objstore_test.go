package main

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// The done-when on the command line: `crmscan scan s3://demo/`
// (the local S3-compatible server) and `crmscan scan azblob://demo/`
// (Azurite), buckets holding testdata/crm (.ci/setup.d/40-objstore.sh),
// exit as `crmscan scan testdata/crm` does and report its findings (rule,
// table, column, count) at bucket/key locations; no credential is printed.
func TestScanBucketSameAsFolder(t *testing.T) {
	inRepo(t)
	folderCode, folderOut, _ := crmscan(t, "scan", "-f", "json", "testdata/crm")
	for _, env := range []string{"CRMSCAN_TEST_S3_URL", "CRMSCAN_TEST_AZBLOB_URL"} {
		t.Run(env, func(t *testing.T) {
			target := os.Getenv(env)
			if target == "" {
				t.Skipf("%s not set (.ci/setup.d/40-objstore.sh starts the server)", env)
			}
			tg, err := blobsrc.Parse(target)
			if err != nil {
				t.Fatal(err)
			}
			base := tg.Base
			code, out, errOut := crmscan(t, "scan", "-f", "json", target)
			if code != folderCode {
				t.Fatalf("exit %d, the folder's %d; stderr: %s", code, folderCode, errOut)
			}
			for _, v := range []string{"AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_KEY"} {
				if s := os.Getenv(v); len(s) > 8 && strings.Contains(out+errOut, s) {
					t.Errorf("the output holds %s", v)
				}
			}
			want, got := findingList(t, folderOut, "testdata/crm/"), findingList(t, out, base)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("findings differ:\nfolder:\n%s\nbucket:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		})
	}
}

// findingList is a report's findings as rule, location relative to base,
// table, column and count, sorted.
func findingList(t *testing.T, out, base string) []string {
	t.Helper()
	var rep reporters.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var l []string
	for _, f := range rep.Findings {
		if !strings.HasPrefix(f.Location.Path, base) {
			t.Errorf("location %q outside %s", f.Location.Path, base)
		}
		l = append(l, strings.Join([]string{f.Rule, strings.TrimPrefix(f.Location.Path, base), f.Location.Sheet,
			f.Location.Table, f.Location.Column, f.Severity}, " ")+" "+jsonInt(f.Count))
	}
	sort.Strings(l)
	return l
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }
