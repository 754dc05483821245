// Command bench measures the whole scan of a generated Dutch CRM export:
// crmscan's MB/s and peak memory (RSS), beside ripgrep counting three simple
// patterns in the same file when rg is installed. Run by `make bench`.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/crmscan/crmscan/internal/gen"
)

func main() {
	bin := flag.String("bin", "bin/crmscan", "crmscan binary")
	sizeMB := flag.Int("size", 200, "size of the generated export in MB")
	keep := flag.String("file", "", "use or keep the export at this path instead of a temporary file")
	flag.Parse()

	path := *keep
	if path == "" {
		dir, err := os.MkdirTemp("", "crmscan-bench")
		check(err)
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "export.csv")
	}
	if st, err := os.Stat(path); err != nil || st.Size() < int64(*sizeMB)<<20 {
		check(generate(path, int64(*sizeMB)<<20))
	}
	st, err := os.Stat(path)
	check(err)
	mb := float64(st.Size()) / (1 << 20)
	fmt.Printf("file: %.0f MB generated Dutch export (%s)\n", mb, path)

	abs, err := filepath.Abs(*bin)
	check(err)
	d, rss := measure(exec.Command(abs, "scan", "--full", "--quiet", "-f", "json", path))
	fmt.Printf("crmscan, all rules:   %6.2fs  %7.1f MB/s  peak RSS %5.0f MiB\n", d.Seconds(), mb/d.Seconds(), float64(rss)/1024)
	cfg, err := fourDetectors(abs)
	check(err)
	defer os.Remove(cfg)
	d, rss = measure(exec.Command(abs, "scan", "--full", "--quiet", "-f", "json", "--config", cfg, path))
	fmt.Printf("crmscan, 4 detectors: %6.2fs  %7.1f MB/s  peak RSS %5.0f MiB  (e-mail, phone, IBAN, BSN)\n", d.Seconds(), mb/d.Seconds(), float64(rss)/1024)

	if rg, err := exec.LookPath("rg"); err == nil {
		d, rss := measure(exec.Command(rg, "--count-matches",
			"-e", `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
			"-e", `[A-Z]{2}[0-9]{2}[A-Z]{4}[0-9]{10}`,
			"-e", `06[- ]?[0-9]{8}`, path))
		fmt.Printf("rg --count-matches:  %6.2fs  %7.1f MB/s  peak RSS %5.0f MiB\n", d.Seconds(), mb/d.Seconds(), float64(rss)/1024)
	} else {
		fmt.Println("rg not installed (apt-get install ripgrep) - no comparison")
	}
}

// fourDetectors writes a config that disables every detector rule but
// e-mail, phone, IBAN and BSN, and returns its path.
func fourDetectors(bin string) (string, error) {
	out, err := exec.Command(bin, "rules", "--format", "json").Output()
	if err != nil {
		return "", err
	}
	var list struct {
		Rules []struct {
			ID       string `json:"id"`
			Detector string `json:"detector"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		return "", err
	}
	keep := map[string]bool{"pii.email": true, "pii.phone": true, "pii.iban": true, "pii.bsn": true}
	f, err := os.CreateTemp("", "crmscan-bench-*.toml")
	if err != nil {
		return "", err
	}
	for _, r := range list.Rules {
		if r.Detector != "" && !keep[r.ID] {
			fmt.Fprintf(f, "[rules.%q]\ndisabled = true\n", r.ID)
		}
	}
	return f.Name(), f.Close()
}

func generate(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	g := gen.New(1)
	var written int64
	cw := &countWriter{w: w, n: &written}
	if err := g.WriteDutchCSV(cw, 1); err != nil {
		return err
	}
	for i := 2; written < size; i += 1000 {
		// Rows without header: write the rows directly.
		if err := g.WriteDutchRows(cw, i, 1000); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

type countWriter struct {
	w *bufio.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// measure runs a command with its output discarded and returns the wall
// time and its peak resident set size in KiB.
func measure(cmd *exec.Cmd) (time.Duration, int64) {
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			check(fmt.Errorf("%s: %w", cmd.Path, err))
		}
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, rss
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
