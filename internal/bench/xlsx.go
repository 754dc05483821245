package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// benchXLSX times crmscan on a generated shared-strings workbook of rows
// rows (made by internal/gen/genxlsx, kept in the cache directory since it
// takes a while).
func benchXLSX(bin string, rows, runs int) {
	path := filepath.Join(cacheDir(), "export-"+strconv.Itoa(rows)+".xlsx")
	if _, err := os.Stat(path); err != nil {
		check(os.MkdirAll(filepath.Dir(path), 0o755))
		fmt.Fprintf(os.Stderr, "bench: generating %s (a few minutes)\n", path)
		cmd := exec.Command("go", "run", "./internal/gen/genxlsx", "-rows", strconv.Itoa(rows), "-o", path)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		check(cmd.Run())
	}
	st, err := os.Stat(path)
	check(err)
	r := &result{name: "crmscan scan --full, every rule", bytes: st.Size(), rows: int64(rows)}
	for i := 0; i < runs; i++ {
		measureInto(r, exec.Command(bin, "scan", "--full", "--quiet", "-f", "json", path))
	}
	fmt.Printf("Generated shared-strings workbook: %.0f MB, %d rows; median of %d runs.\n\n", float64(st.Size())/1e6, rows, runs)
	printTable([]*result{r}, nil)
}
