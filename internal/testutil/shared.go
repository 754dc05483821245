// Package testutil holds helpers that several packages' tests share.
package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedDir returns the ../shared folder that sits beside the repository
// (docs/, data/realworld, the Chinook scripts), found by walking up from the
// test's working directory. It works from the repository, from a git worktree
// whose parent holds a shared/ (or a link to it) and from a fresh clone with
// shared/ beside it. When none is found the test is skipped, unless
// CRMSCAN_REQUIRE_SHARED is set (CI sets it), when it fails.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("CRMSCAN_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(cand, "data")); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CRMSCAN_REQUIRE_SHARED") != "" {
		tb.Fatal("../shared not found beside the repository (CRMSCAN_REQUIRE_SHARED is set)")
	}
	tb.Skip("../shared not found beside the repository; set CRMSCAN_SHARED to its path")
	return ""
}

// RealworldDir returns shared/data/realworld (see SharedDir).
func RealworldDir(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(SharedDir(tb), "data", "realworld")
}
