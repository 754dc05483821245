package scanner

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// The shard of a location is part of the format: a change would give
// units to other shards than the same version's other pods expect, and
// mixed versions are refused by merge only by their version string. These
// are the assignments of crmscan.shard/v1.
func TestShardOfIsStable(t *testing.T) {
	cases := []struct {
		key        string
		n4, n7, n1 int
	}{
		{"nl/contacten_export.csv", 1, 4, 53},
		{"backups/backup.zip", 0, 6, 76},
		{"main.Customer", 1, 2, 97},
		{"dbo.Invoice", 0, 2, 24},
		{"exports/2024/01/crm.csv.gz", 1, 6, 33},
	}
	for _, c := range cases {
		if got := [3]int{ShardOf(c.key, 4), ShardOf(c.key, 7), ShardOf(c.key, 100)}; got != [3]int{c.n4, c.n7, c.n1} {
			t.Errorf("ShardOf(%q) for 4, 7, 100 shards = %v, want %v", c.key, got, [3]int{c.n4, c.n7, c.n1})
		}
	}
	// The same unit, written as Windows, a shell or a bucket listing may.
	for _, k := range []string{`exports\2024\01\crm.csv.gz`, "./exports/2024/01/crm.csv.gz", "/exports//2024/01/crm.csv.gz", "exports/2024/./01/crm.csv.gz"} {
		if ShardKey(k) != "exports/2024/01/crm.csv.gz" || ShardOf(k, 7) != 6 {
			t.Errorf("ShardKey(%q) = %q (shard %d), want the key of exports/2024/01/crm.csv.gz", k, ShardKey(k), ShardOf(k, 7))
		}
	}
	if ShardKey("Contacts.csv") == ShardKey("contacts.csv") {
		t.Error("ShardKey folds case; file systems and buckets do not")
	}
}

// Every location belongs to exactly one shard, and the shards get about
// the same number of units.
func TestShardDistribution(t *testing.T) {
	for _, n := range []int{1, 2, 4, 16} {
		counts := make([]int, n)
		const units = 20000
		for i := range units {
			loc := fmt.Sprintf("backups/%d/export-%05d.csv", i%37, i)
			owners := 0
			for s := range n {
				if (Shard{Index: s, Count: n}).Owns(loc) {
					owners++
					counts[s]++
				}
			}
			if owners != 1 {
				t.Fatalf("%s belongs to %d of %d shards", loc, owners, n)
			}
		}
		mean := units / n
		for s, c := range counts {
			if c < mean*9/10 || c > mean*11/10 {
				t.Errorf("%d shards: shard %d has %d units, mean %d", n, s, c, mean)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"0/4": {0, 4}, "3/4": {3, 4}, "0/1": {0, 1}, " 2 / 8 ": {2, 8}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"4/4", "-1/4", "1/0", "1", "a/b", "1/4/2", ""} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q) accepted", in)
		}
	}
}

// In-process: 3 shards of the demo folder hold every source once, with the
// source IDs of the whole scan, and record what the merge checks.
func TestShardScanPartition(t *testing.T) {
	opt := testOptions(t)
	whole, err := Scan(context.Background(), []string{"../testdata/crm"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if whole.Scan.Shard != nil {
		t.Fatalf("an unsharded scan records a shard: %+v", whole.Scan.Shard)
	}
	var ids []string
	for i := range 3 {
		opt.Shard = Shard{Index: i, Count: 3}
		rep, err := Scan(context.Background(), []string{"../testdata/crm"}, opt)
		if err != nil {
			t.Fatal(err)
		}
		sh := rep.Scan.Shard
		if sh == nil || sh.Index != i || sh.Count != 3 || sh.Units != len(whole.Sources) || sh.RulesID != opt.Rules.Digest() || sh.Plan == "" {
			t.Fatalf("shard %d records %+v", i, sh)
		}
		for _, s := range rep.Sources {
			ids = append(ids, s.ID)
		}
	}
	var want []string
	for _, s := range whole.Sources {
		want = append(want, s.ID)
	}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("the shards hold sources %v, the whole scan %v", ids, want)
	}
}

// ParseShard accepts only 0 <= i < n, and what it accepts prints back.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/4", "3/4", "4/4", "-1/2", "1/0", " 2 / 8 ", "x", "9999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.Index < 0 || sh.Index >= sh.Count {
			t.Fatalf("ParseShard(%q) = %v", s, sh)
		}
		if back, err := ParseShard(sh.String()); err != nil || back != sh {
			t.Fatalf("ParseShard(%q) = %v, which prints as %q and reads back as %v, %v", s, sh, sh.String(), back, err)
		}
	})
}
