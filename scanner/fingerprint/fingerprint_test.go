package fingerprint

import (
	"errors"
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
	t.Setenv("CI", "")
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
	if !k1.Created {
		t.Error("a new key file is not marked Created")
	}
	k2, err := Load()
	if err != nil {
		t.Fatalf("second Load() error: %v", err)
	}
	if k2.Created || k2.ID() != k1.ID() {
		t.Errorf("second Load(): created %v, ID %s, want the first key %s", k2.Created, k2.ID(), k1.ID())
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

func TestKeyIDNamesWithoutRevealing(t *testing.T) {
	a, b := NewKey([]byte("secret-key-a"), "test"), NewKey([]byte("secret-key-b"), "test")
	if a.ID() == b.ID() {
		t.Error("two keys share an ID")
	}
	if a.ID() != NewKey([]byte("secret-key-a"), "x").ID() {
		t.Error("the same key gives two IDs")
	}
	if id := a.ID(); len(id) != 10 || !strings.HasPrefix(id, "k-") || strings.Contains(id, "secret") {
		t.Errorf("ID = %q, want k- and 8 hex digits", id)
	}
}

func TestLoadInCIWithoutKeyIsAnError(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvKey, "")
	t.Setenv("CI", "true")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	k, err := Load()
	if k != nil || !errors.Is(err, ErrNoKeyInCI) {
		t.Fatalf("Load() in CI without a key = %v, %v; want ErrNoKeyInCI", k, err)
	}
	if !strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), EnvKey) {
		t.Errorf("the error should say how to set a key: %v", err)
	}
	if _, serr := os.Stat(filepath.Join(dir, "crmscan", "key")); serr == nil {
		t.Error("a key file was created in CI")
	}
	t.Setenv(EnvKey, "ci-secret")
	if k, err := Load(); err != nil || k.Origin != "env" {
		t.Errorf("Load() in CI with %s = %v, %v", EnvKey, k, err)
	}
}
