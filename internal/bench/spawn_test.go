package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestMain lets the test binary be its own spawner, as the bench is.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == spawnFlag {
		spawnMain(os.Args[2:])
		return
	}
	os.Exit(m.Run())
}

// A command started through a spawner reports its own peak RSS, not this
// process's: after this process has touched 200 MiB, a shell that holds a
// few MiB reads as a few MiB (started from here directly, it read as 200).
func TestSpawnedPeakRSSIsTheCommands(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	big := make([]byte, 200<<20)
	for i := range big {
		big[i] = 1
	}
	s, err := spawn(exec.Command(sh, "-c", "exit 1"))
	if err != nil {
		t.Fatal(err)
	}
	if s.exit != 1 || s.wall <= 0 {
		t.Errorf("spawned: %+v, want exit 1 and a wall time", s)
	}
	if s.maxRSS <= 0 || s.maxRSS > 100<<10 {
		t.Errorf("peak RSS of sh: %d KiB, want its own few MiB", s.maxRSS)
	}
	big[len(big)-1] = 2 // keep big alive past the spawn
	if big[0] != 1 {
		t.Fatal("unreachable")
	}
}

func TestParseSpawned(t *testing.T) {
	s, err := parseSpawned("1500 700 2048 0\n")
	if err != nil || s.wall != 1500 || s.cpu != 700 || s.maxRSS != 2048 || s.exit != 0 {
		t.Errorf("parseSpawned: %+v, %v", s, err)
	}
	for _, bad := range []string{"", "1 2 3", "1 2 x 4"} {
		if _, err := parseSpawned(bad); err == nil {
			t.Errorf("parseSpawned(%q): no error", bad)
		}
	}
}
