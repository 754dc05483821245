package reporters

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromium returns the Chromium binary (CRMSCAN_CHROMIUM, else
// /usr/bin/chromium) or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CRMSCAN_CHROMIUM"), "/usr/bin/chromium"} {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	t.Skip("no Chromium: set CRMSCAN_CHROMIUM or install /usr/bin/chromium")
	return ""
}

// screenshot opens an HTML file in headless Chromium and returns the PNG it
// took and how long Chromium ran.
func screenshot(t *testing.T, bin, html, png string, height string) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	abs, err := filepath.Abs(html)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--disable-extensions", "--hide-scrollbars", "--user-data-dir="+t.TempDir(),
		"--screenshot="+png, "--window-size=1280,"+height, "file://"+abs)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("chromium did not finish in time: %s", out)
	}
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	return took
}

// TestBrowserScreenshot opens the Dutch HTML report in headless Chromium
// and checks the screenshot: the page rendered at full size with the
// coloured status badges of the scorecard. Set CRMSCAN_SCREENSHOT_DIR to
// keep the PNGs for a look.
func TestBrowserScreenshot(t *testing.T) {
	bin := chromium(t)
	dir := os.Getenv("CRMSCAN_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	cases := []struct {
		name   string
		report func() *Report
	}{
		{"fixture_nl", func() *Report { return fixture(t, "nl") }},
		{"xss", xssReport},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			html := filepath.Join(dir, tc.name+".html")
			if err := os.WriteFile(html, []byte(encode(t, "html", tc.report())), 0o644); err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(dir, tc.name+".png")
			screenshot(t, bin, html, shot, "2000")
			img := decodePNG(t, shot)
			if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
				t.Errorf("screenshot is %v, want 1280x2000", b)
			}
			// The fail badge (#b91c1c) of the scorecard is on the first screen.
			if n := countColour(img, 0xb9, 0x1c, 0x1c); n < 200 {
				t.Errorf("screenshot shows %d pixels of the fail colour; the scorecard did not render", n)
			}
		})
	}
}

// TestBrowserBigReport measures how much longer Chromium takes to open the
// HTML of 50,000 findings than a small report: the collapsed sections keep
// it to well under two seconds on a desktop.
func TestBrowserBigReport(t *testing.T) {
	bin := chromium(t)
	if testing.Short() {
		t.Skip("big report")
	}
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.html"), filepath.Join(dir, "big.html")
	os.WriteFile(small, []byte(encode(t, "html", fixture(t, "nl"))), 0o644)
	os.WriteFile(big, []byte(encode(t, "html", bigReport(50000))), 0o644)
	base := screenshot(t, bin, small, filepath.Join(dir, "small.png"), "1200")
	took := screenshot(t, bin, big, filepath.Join(dir, "big.png"), "1200")
	extra := took - base
	t.Logf("Chromium: small report %v, 50,000 findings %v (%v more)", base, took, extra)
	// The render time is logged for the notes; the assertion only catches
	// a report that a browser cannot handle at all, not a slow machine.
	// Generous: CI machines are shared, and Chromium under load can take
	// tens of seconds for what a desktop does in two.
	limit := 120 * time.Second
	if extra > limit {
		t.Errorf("the HTML of 50,000 findings took %v longer to render than a small one, limit %v", extra, limit)
	}
	if img := decodePNG(t, filepath.Join(dir, "big.png")); countColour(img, 0xb9, 0x1c, 0x1c) < 200 {
		t.Error("the big report's scorecard did not render")
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// countColour counts the pixels within a small distance of an RGB colour.
func countColour(img image.Image, r, g, b uint8) int {
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				n++
			}
		}
	}
	return n
}

func near(a uint32, b uint8) bool {
	d := int(a) - int(b)
	return d > -12 && d < 12
}
