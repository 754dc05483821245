package scanner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/reporters"
)

// Shard is one part of a sharded scan (--shard i/n): of every unit of work
// the targets hold, it reads those whose location hashes to Index. n
// processes given the same targets and Index 0..n-1 read disjoint parts
// that together are the whole scan, without talking to each other; crmscan
// merge makes their reports one.
//
// A unit is what one reader reads: a file found in a folder or named as a
// target, an archive as a whole (its members go with it), an object of a
// bucket, and each table of a database target (a database's tables are
// spread over the shards; every shard connects to it and lists them).
type Shard struct {
	Index int // 0-based, like a Kubernetes Indexed Job's JOB_COMPLETION_INDEX
	Count int // 0: no sharding
}

// ParseShard reads "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q is not i/n (0-based: 0/4 .. 3/4)", s)
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("%q is not i/n (0-based: 0/4 .. 3/4)", s)
	}
	if n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%q: i must be 0..n-1 (i is 0-based, like JOB_COMPLETION_INDEX)", s)
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count) }

// Owns reports whether the unit at location belongs to this shard; every
// location belongs to every shard of an unsharded scan.
func (s Shard) Owns(location string) bool {
	return s.Count <= 1 || ShardOf(location, s.Count) == s.Index
}

// ShardOf is the shard (0..n-1) of the unit at location: the first 8 bytes
// of a SHA-256 of ShardKey(location), modulo n. The hash is part of the
// format: changing it would give a unit to another shard between versions.
// SHA-256 rather than a faster hash because it spreads any set of names
// evenly and costs nothing beside reading the unit.
func ShardOf(location string, n int) int {
	if n <= 1 {
		return 0
	}
	sum := sha256.Sum256([]byte("crmscan.shard/v1\x00" + ShardKey(location)))
	return int(binary.BigEndian.Uint64(sum[:8]) % uint64(n))
}

// ShardKey normalises a unit's location, which is relative to its target:
// "nl/contacts.csv" for a file in the folder target, the base name for a
// file named as a target, the key below the prefix for an object of a
// bucket target, "schema.table" for a database table. Backslashes become
// slashes and "./", "//" and a leading "/" go, so that the same unit has
// the same key on Windows and Linux runners. Case is kept: file systems
// and buckets tell names apart by case.
func ShardKey(location string) string {
	k := strings.ReplaceAll(location, `\`, "/")
	k = strings.TrimLeft(path.Clean("/"+k), "/")
	return k
}

// shardUnits keeps the units of this shard. A URL target (a database)
// stays in every shard: its units are inside it, chosen by keep through
// OpenOptions.Keep; every other unit is kept by its location relative to
// its target.
func (s Shard) shardUnits(units []unit) []unit {
	if s.Count == 0 {
		return units
	}
	var out []unit
	for _, u := range units {
		if u.url != nil || s.Owns(u.rel) {
			out = append(out, u)
		}
	}
	return out
}

// keep chooses the units inside a URL target for this shard, by their
// location relative to the target (nil: all).
func (s Shard) keep() func(location string) bool {
	if s.Count == 0 {
		return nil
	}
	return s.Owns
}

// shardInfo is what a shard report records for the merge.
func shardInfo(opt Options, units int) *reporters.Shard {
	if opt.Shard.Count == 0 {
		return nil
	}
	return &reporters.Shard{Index: opt.Shard.Index, Count: opt.Shard.Count, Units: units,
		RulesID: opt.Rules.Digest(), Plan: planDigest(opt), Tables: []reporters.ShardTable{}}
}

// planDigest hashes the options that choose what is read and how it is
// judged, beyond the targets and the rules: shards run with different ones
// do not make up one scan.
func planDigest(opt Options) string {
	h := sha256.New()
	put := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(strconv.Itoa(len(p))))
			h.Write([]byte{':'})
			h.Write([]byte(p))
		}
		h.Write([]byte{'\n'})
	}
	put("crmscan.plan/v1")
	put(opt.Include...)
	put(opt.Exclude...)
	put(strconv.FormatInt(opt.FileLimit, 10), strconv.FormatInt(opt.TableLimit, 10), strconv.FormatInt(opt.Sample, 10))
	put(opt.Lang, strconv.FormatBool(opt.ShowValues), opt.Profile, strconv.FormatFloat(opt.MinAge, 'g', -1, 64))
	put(strconv.FormatBool(opt.DB.Views))
	put(opt.DB.Schemas...)
	put(opt.DB.Tables...)
	put(opt.Key.ID())
	return "P-" + hex.EncodeToString(h.Sum(nil)[:8])
}
