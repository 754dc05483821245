package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/crmscan/crmscan/internal/gen"
)

// benchIR counts the instructions crmscan executes to scan a slice of the
// typed export (mb MB), under valgrind's callgrind, and prints them per
// byte with the functions that execute the most. Wall and CPU time on a
// shared two-core machine vary by ten per cent from run to run; this count
// repeats to a few tenths of one, so it tells a 2% change from noise. The
// Go runtime is pinned to one thread (GOMAXPROCS=1, one worker), the
// collector is off (GOGC=off: the slice is small) and asynchronous
// preemption too, which valgrind does not follow. Instructions are not
// time (a cache miss costs more than an add): confirm a change that
// matters with the timed table.
func benchIR(bin string, mb int, top int) {
	vg, err := exec.LookPath("valgrind")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: valgrind not installed (apt-get install valgrind): no instruction count")
		return
	}
	dir, err := os.MkdirTemp("", "crmscan-ir")
	check(err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "slice.csv")
	f, err := os.Create(path)
	check(err)
	w := bufio.NewWriterSize(f, 1<<20)
	check(gen.New(1).WriteTypedCSV(w, int64(mb)<<20))
	check(w.Flush())
	check(f.Close())
	st, err := os.Stat(path)
	check(err)
	out := filepath.Join(dir, "callgrind.out")
	cmd := exec.Command(vg, "--tool=callgrind", "--callgrind-out-file="+out,
		bin, "scan", "--full", "--quiet", "-f", "json", "-o", os.DevNull, "--workers", "1", path)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1", "GOGC=off", "GODEBUG=asyncpreemptoff=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			check(fmt.Errorf("valgrind: %w: %s", err, lastLines(stderr.String(), 5)))
		}
	}
	m := regexp.MustCompile(`Collected : (\d+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		check(fmt.Errorf("valgrind printed no instruction count: %s", lastLines(stderr.String(), 5)))
	}
	total, _ := strconv.ParseFloat(m[1], 64)
	fmt.Printf("Instructions (callgrind, one worker) to scan %.1f MB of the typed export: %.3f G, %.0f per byte.\n\n",
		float64(st.Size())/1e6, total/1e9, total/float64(st.Size()))
	ann, err := exec.Command("callgrind_annotate", "--auto=no", "--threshold=99", out).Output()
	if err != nil {
		return
	}
	fmt.Println("| instructions | share | function |")
	fmt.Println("|---|---|---|")
	line := regexp.MustCompile(`^\s*([\d,]+) \(\s*([\d.]+)%\)\s+\S*?:(\S+)`)
	n := 0
	for _, l := range strings.Split(string(ann), "\n") {
		if n == top {
			break
		}
		if g := line.FindStringSubmatch(l); g != nil && strings.Contains(l, "[") {
			fmt.Printf("| %s | %s%% | %s |\n", g[1], g[2], strings.TrimPrefix(g[3], "github.com/crmscan/crmscan/"))
			n++
		}
	}
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}
