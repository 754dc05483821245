package scanner

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/crmscan/crmscan/reporters"
)

func TestPermute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for n := 0; n < 60; n++ {
		pool := make([]reporters.Finding, n)
		keys := make([]rankKey, n)
		order := rng.Perm(n)
		for i := range pool {
			pool[i].Rule = strconv.Itoa(i)
			keys[i].idx = order[i]
		}
		permute(pool, keys)
		for i := range pool {
			if pool[i].Rule != strconv.Itoa(order[i]) {
				t.Fatalf("n=%d: position %d holds %s, want %d", n, i, pool[i].Rule, order[i])
			}
		}
	}
}
