package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// printTools returns Chromium and poppler's pdfinfo and pdftotext, or
// skips the test (in CI, .ci/setup.d/50-chromium.sh installs them).
func printTools(t *testing.T) (chromium, pdfinfo, pdftotext string) {
	t.Helper()
	for _, p := range []string{os.Getenv("CRMSCAN_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				chromium = p
				break
			}
		}
	}
	var err1, err2 error
	pdfinfo, err1 = exec.LookPath("pdfinfo")
	pdftotext, err2 = exec.LookPath("pdftotext")
	if chromium == "" || err1 != nil || err2 != nil {
		if os.Getenv("CRMSCAN_REQUIRE_SHARED") != "" && os.Getenv("CRMSCAN_CHROMIUM") != "" {
			t.Fatalf("CI has Chromium but not poppler-utils (pdfinfo, pdftotext)")
		}
		t.Skip("needs Chromium and poppler-utils (pdfinfo, pdftotext)")
	}
	return chromium, pdfinfo, pdftotext
}

// TestPrintDemo prints the demo's Dutch HTML report to PDF with headless
// Chromium, as a consultant would hand it over, and reads the PDF back: at
// most 25 A4 pages, no table header printed on top of its neighbour, no
// masked sample broken one character per line. Set CRMSCAN_PRINT_DIR to
// keep the PDF for a look.
func TestPrintDemo(t *testing.T) {
	bin, pdfinfo, pdftotext := printTools(t)
	inRepo(t)
	dir := t.TempDir()
	if keep := os.Getenv("CRMSCAN_PRINT_DIR"); keep != "" {
		dir = keep
	}
	html := filepath.Join(dir, "demo-nl.html")
	pdf := filepath.Join(dir, "demo-nl.pdf")
	if code, _, stderr := crmscan(t, "scan", "-q", "--lang", "nl", "-o", html, "testdata/crm"); code > exitFindings {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--disable-extensions", "--user-data-dir="+t.TempDir(), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	t.Logf("demo report: %d A4 pages", pages)
	if pages > 25 {
		t.Errorf("the demo prints on %d pages, want at most 25", pages)
	}
	if !strings.Contains(string(info), "A4") && !strings.Contains(string(info), "595.") {
		t.Errorf("not A4: %s", info)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Neighbouring column headers must not run into each other.
	for _, pair := range [][2]string{{"Zekerheid", "Gevuld"}, {"Aantal", "Rijen"}, {"Rijen", "Voorbeelden"}, {"Ernst", "Locatie"}, {"Soorten", "Zekerheid"}} {
		if strings.Contains(string(text), pair[0]+pair[1]) {
			t.Errorf("headers %q and %q print on top of each other", pair[0], pair[1])
		}
	}
	// A masked sample (Z***, NL** ABNA ...) printed one character per line
	// leaves runs of lines holding a single character in a column.
	single := regexp.MustCompile(`^\s*\S\s*$`)
	run, worst := 0, 0
	for _, line := range strings.Split(string(text), "\n") {
		if single.MatchString(line) {
			run++
			worst = max(worst, run)
		} else if strings.TrimSpace(line) != "" {
			run = 0
		}
	}
	if worst >= 3 {
		t.Errorf("%d lines in a row hold one character: a column too narrow for its samples", worst)
	}
	// A reader finds the summary, the action plan and the register.
	for _, want := range []string{"Managementsamenvatting", "Scorekaart", "Actieplan", "Concept-verwerkingsregister", "1 / "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
}
