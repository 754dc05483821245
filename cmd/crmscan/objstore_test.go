package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"gocloud.dev/gcp"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/scanner/blobsrc"
)

// The done-when on the command line: `crmscan scan s3://demo/`
// (the local S3-compatible server), `crmscan scan azblob://demo/`
// (Azurite) and `crmscan scan gs://demo/` (fake-gcs-server), buckets
// holding testdata/crm (.ci/setup.d/40-objstore.sh),
// exit as `crmscan scan testdata/crm` does and report its findings (rule,
// table, column, count) at bucket/key locations; no credential is printed.
func TestScanBucketSameAsFolder(t *testing.T) {
	inRepo(t)
	folderCode, folderOut, _ := crmscan(t, "scan", "-f", "json", "testdata/crm")
	for _, env := range []string{"CRMSCAN_TEST_S3_URL", "CRMSCAN_TEST_AZBLOB_URL", "CRMSCAN_TEST_GCS_URL"} {
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

// A gs:// target on a machine without Google credentials: the report on
// standard output stays a report (gocloud's own opener printed a warning
// there, before the JSON), and the error says what to do. The process is
// a real one (the test binary as crmscan), since the warning went to the
// process's standard output, not to the writer run is given.
func TestGSWithoutCredentialsKeepsStdout(t *testing.T) {
	home := t.TempDir()
	for k, v := range map[string]string{"HOME": home, "CLOUDSDK_CONFIG": home, "GOOGLE_APPLICATION_CREDENTIALS": "",
		"STORAGE_EMULATOR_HOST": "", "STORAGE_EMULATOR_HOST_GRPC": "", "XDG_CONFIG_HOME": home} {
		t.Setenv(k, v)
	}
	if _, err := gcp.DefaultCredentials(context.Background()); err == nil {
		t.Skip("this machine has Google credentials (a metadata server or a credentials file)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "scan", "-f", "json", "gs://crmscan-test-no-such-bucket/exports/")
	cmd.Env = append(os.Environ(), asCrmscan+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUsage {
		t.Fatalf("exit %v, want %d (nothing could be scanned); stderr: %s", err, exitUsage, stderr.String())
	}
	var rep reporters.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("standard output is not a report (%v): %.200q", err, stdout.String())
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "no Google Cloud credentials") ||
		!strings.Contains(rep.Errors[0].Message, "anonymous=true") {
		t.Errorf("errors %+v, want one saying no Google Cloud credentials were found", rep.Errors)
	}
}
