package scanner

import (
	"context"
	"io"
	"strings"

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
	rd, err := jsonsrc.Open(r, jsonsrc.Options{Name: name, Limit: opt.Limit, KnownColumn: knownColumn})
	if err != nil {
		return err
	}
	return fn(rd)
}
