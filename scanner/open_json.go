package scanner

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/crmscan/crmscan/detectors"

	"github.com/crmscan/crmscan/scanner/jsonsrc"
	"github.com/crmscan/crmscan/scanner/source"
)

// jsonOpener reads JSON documents (arrays of objects) and NDJSON / JSON
// Lines; nested objects become column paths.
type jsonOpener struct{}

var _ Opener = jsonOpener{}

func init() { RegisterOpener(jsonOpener{}) }

func (jsonOpener) Kind() string { return "json" }

func (jsonOpener) WantsName(p string) bool {
	return strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".ndjson") || strings.HasSuffix(p, ".jsonl")
}

func (jsonOpener) WantsHead(p string, head []byte, explicit bool) bool {
	return jsonsrc.LooksLikeJSON(head)
}

func (jsonOpener) Tables(ctx context.Context, r io.Reader, name string, opt OpenOptions, fn func(source.TableReader) error) error {
	rd, err := jsonsrc.Open(r, jsonsrc.Options{Name: name, Limit: opt.Limit, KnownColumn: knownColumn, KeyIsData: keyIsData})
	if err != nil {
		return err
	}
	return fn(rd)
}

type keyDetector struct {
	d detectors.Detector
	c detectors.Context
}

var keyDetectors = sync.OnceValue(func() []keyDetector {
	var ks []keyDetector
	for _, d := range detectors.All() {
		c := detectors.NewContext(d, "")
		c.SkipNormalized = true
		ks = append(ks, keyDetector{d, c})
	}
	return ks
})

// keyIsData reports whether a JSON object key is a value some detector
// recognises as a whole (an e-mail address, a phone number, an IBAN): such
// a key must not become a column name, which reports print unmasked.
func keyIsData(key []byte) bool {
	for _, k := range keyDetectors() {
		for _, m := range k.d.Find(key, k.c, nil) {
			if m.WholeCell {
				return true
			}
		}
	}
	return false
}
