package main

import (
	"context"
	"os"
	"testing"
)

// asCrmscan, set in a child process's environment, makes the test binary
// run as crmscan itself: the shard test starts real processes of the same
// code without building a second binary.
const asCrmscan = "CRMSCAN_TEST_AS_CRMSCAN"

// TestMain clears CI, which CI systems set and which makes a missing
// fingerprint key an error; the tests that need that set it themselves.
func TestMain(m *testing.M) {
	if os.Getenv(asCrmscan) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Unsetenv("CI")
	os.Exit(m.Run())
}
