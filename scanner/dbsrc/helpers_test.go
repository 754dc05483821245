package dbsrc

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

// collected is what a test saw of one table.
type collected struct {
	cols  []source.Column
	rows  []int64
	cells map[string][]string // by column
	stats source.Stats
	err   error
	det   map[string]string
}

// scanAll reads every table of target; each may be inspected by hook
// after its first batch.
func scanAll(t *testing.T, target string, opt Options, hook func(name string)) (map[string]*collected, []string, error) {
	t.Helper()
	if opt.QueryTimeout == 0 {
		opt.QueryTimeout = time.Minute
	}
	out := map[string]*collected{}
	var order []string
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := Scan(ctx, target, opt, func(tr source.TableReader) error {
		c := &collected{cols: tr.Columns(), cells: map[string][]string{}}
		out[tr.Name()] = c
		order = append(order, tr.Name())
		first := true
		for {
			b, err := tr.Next(ctx)
			if errors.Is(err, source.EOF) {
				break
			}
			if err != nil {
				c.err = err
				c.stats = tr.Stats()
				return err
			}
			b.Each(func(row int64, cells [][]byte) {
				c.rows = append(c.rows, row)
				for i, v := range cells {
					c.cells[c.cols[i].Name] = append(c.cells[c.cols[i].Name], string(v))
				}
			})
			b.Release()
			if first && hook != nil {
				hook(tr.Name())
			}
			first = false
		}
		c.stats = tr.Stats()
		if d, ok := tr.(interface{ Details() map[string]string }); ok {
			c.det = d.Details()
		}
		return nil
	})
	return out, order, err
}

func liveURL(t *testing.T, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		t.Skipf("%s not set (the CI setup scripts start the server)", env)
	}
	return u
}

func colNames(cs []source.Column) string {
	var n []string
	for _, c := range cs {
		n = append(n, c.Name)
	}
	return strings.Join(n, ",")
}

func countMatching(vals []string, sub string) int {
	n := 0
	for _, v := range vals {
		if strings.Contains(v, sub) {
			n++
		}
	}
	return n
}
