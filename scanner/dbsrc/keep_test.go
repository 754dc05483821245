package dbsrc

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/crmscan/crmscan/scanner/source"
)

// Keep chooses tables after they are chosen and sorted, and each kept
// table keeps its place among all of them: a shard's tables are numbered
// as in a scan of every table.
func TestKeepKeepsOrdinals(t *testing.T) {
	path := sqliteFixture(t)
	read := func(keep func(string) bool) map[string]int {
		got := map[string]int{}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := Scan(ctx, path, Options{QueryTimeout: time.Minute, Keep: keep}, func(tr source.TableReader) error {
			got[tr.Name()] = tr.(*Table).Ordinal()
			for {
				b, err := tr.Next(ctx)
				if errors.Is(err, source.EOF) {
					return nil
				}
				if err != nil {
					return err
				}
				b.Release()
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	all := read(nil)
	if len(all) < 4 {
		t.Fatalf("the fixture has %d tables: %v", len(all), all)
	}
	odd := read(func(name string) bool { return all[name]%2 == 1 })
	if len(odd) == 0 || len(odd) == len(all) {
		t.Fatalf("Keep of the odd places kept %v of %v", odd, all)
	}
	for name, i := range odd {
		if all[name] != i || i%2 != 1 {
			t.Errorf("%s: place %d when kept, %d among all", name, i, all[name])
		}
	}
	var places []int
	for _, i := range all {
		places = append(places, i)
	}
	slices.Sort(places)
	for i, p := range places {
		if p != i {
			t.Fatalf("places of all tables %v, want 0..%d", places, len(all)-1)
		}
	}
}
