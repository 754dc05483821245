package fingerprint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSumKeyedAndUnambiguous(t *testing.T) {
	a := NewKey([]byte("key-a"), "test")
	b := NewKey([]byte("key-b"), "test")
	if a.Value("bsn", "111222333") == b.Value("bsn", "111222333") {
		t.Error("fingerprints under different keys are equal")
	}
	if a.Sum("ab", "c") == a.Sum("a", "bc") {
		t.Error("Sum(ab, c) == Sum(a, bc): parts are not separated")
	}
	if got := a.Value("bsn", "111222333"); len(got) != 64 || strings.Contains(got, "111222333") {
		t.Errorf("Value = %q, want 64 hex characters without the value", got)
	}
}

func TestLoadCreatesPrivateKeyFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvKey, "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	k1, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	path := filepath.Join(dir, "crmscan", "key")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("key file not created: %v", err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %v, want 0600", perm)
	}
	k2, err := Load()
	if err != nil {
		t.Fatalf("second Load() error: %v", err)
	}
	if k1.Value("email", "a@b.nl") != k2.Value("email", "a@b.nl") {
		t.Error("second Load() gave another key")
	}
	t.Setenv(EnvKey, "from-env")
	k3, _ := Load()
	if k3.Origin != "env" || k3.Value("email", "a@b.nl") == k1.Value("email", "a@b.nl") {
		t.Errorf("CRMSCAN_KEY not used: origin %q", k3.Origin)
	}
}
