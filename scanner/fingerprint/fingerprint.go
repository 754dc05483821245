// Package fingerprint makes keyed fingerprints of values and findings:
// HMAC-SHA256 with a secret key, never a plain hash, since a BSN has only
// 10^9 possible values and a plain hash of one is reversed in seconds.
// Fingerprints let baselines and diffs match findings across scans without
// storing values.
package fingerprint

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvKey is the environment variable that supplies the key.
const EnvKey = "CRMSCAN_KEY"

// Key is a secret HMAC key.
type Key struct {
	k      []byte
	Origin string // "env", the key file's path, or "ephemeral"
	// Created is set when Load made a new key file: fingerprints of this
	// scan match no earlier scan's, which the user must be told.
	Created bool
}

// ErrNoKeyInCI is returned by Load when CI is set, CRMSCAN_KEY is not, and
// no key file exists: a CI runner is new each time, so a key made there
// would match no baseline and be lost with the runner.
var ErrNoKeyInCI = errors.New("no fingerprint key: CI is set but " + EnvKey + " is not and there is no key file; " +
	"a key made on a fresh runner matches no baseline and dies with the runner. " +
	"Store a long random secret (e.g. `openssl rand -hex 32`) as a CI secret and expose it as " + EnvKey)

// ID is a short, non-reversible name of the key ("k-3f9a1c2e"), put in every
// report so that reports, baselines and diffs made with different keys are
// never compared silently. It is an HMAC of a fixed label under the key, so
// it tells nothing of the key.
func (k *Key) ID() string {
	if k == nil {
		return ""
	}
	return "k-" + k.Sum("crmscan.key-id/v1")[:8]
}

// NewKey returns a key from the given secret bytes.
func NewKey(secret []byte, origin string) *Key {
	return &Key{k: append([]byte(nil), secret...), Origin: origin}
}

// Load returns the key from CRMSCAN_KEY, or else from the key file under the
// user's config folder (crmscan/key), creating it with mode 0600 on first
// use. When neither works it returns an ephemeral key and an error that says
// fingerprints will not match across scans.
func Load() (*Key, error) {
	if v := os.Getenv(EnvKey); v != "" {
		return NewKey([]byte(v), "env"), nil
	}
	dir, err := os.UserConfigDir()
	if err == nil {
		path := filepath.Join(dir, "crmscan", "key")
		if os.Getenv("CI") != "" {
			if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
				return nil, ErrNoKeyInCI
			}
		}
		var k *Key
		k, err = loadFile(path)
		if err == nil {
			return k, nil
		}
	}
	if os.Getenv("CI") != "" {
		return nil, fmt.Errorf("%w (%v)", ErrNoKeyInCI, err)
	}
	eph := make([]byte, 32)
	if _, rerr := rand.Read(eph); rerr != nil {
		return nil, fmt.Errorf("make ephemeral key: %w", rerr)
	}
	return NewKey(eph, "ephemeral"), fmt.Errorf("no key file (%w); using a one-off key: fingerprints will not match other scans; set %s", err, EnvKey)
}

func loadFile(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return nil, fmt.Errorf("key file %s is too short", path)
		}
		return NewKey([]byte(s), path), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create key folder: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("make key: %w", err)
	}
	s := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) { // another process made it first
			return loadFile(path)
		}
		return nil, fmt.Errorf("create key file: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write key file: %w", err)
	}
	k := NewKey([]byte(s), path)
	k.Created = true
	return k, nil
}

// Sum returns the hex HMAC-SHA256 of the parts, joined unambiguously.
func (k *Key) Sum(parts ...string) string {
	m := hmac.New(sha256.New, k.k)
	for _, p := range parts {
		var n [8]byte
		l := len(p)
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		m.Write(n[:])
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Value fingerprints a normalised value of a kind ("email", "+31612345678").
func (k *Key) Value(kind, normalized string) string { return k.Sum("value", kind, normalized) }
