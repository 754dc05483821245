package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A child's peak RSS (ru_maxrss) starts from the high-water mark of the
// memory it was forked with: Go starts a command with vfork, and exec
// carries the parent's high-water mark over. Once this process has filled
// a 1,000,000-row table its own mark is near 100 MiB, and every command
// started from it, psql as much as crmscan, read as that much. So each
// timed command is started by a fresh copy of this program (spawnMain),
// whose mark is a few MiB, and which reports what the command used.

// spawnFlag, as the first argument, makes this program a spawner.
const spawnFlag = "-spawn"

// spawnMain runs args as a command, its output discarded and its errors
// on stderr, and prints its wall time and CPU time (ns), peak RSS (KiB)
// and exit code on one line.
func spawnMain(args []string) {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "bench -spawn: no command")
		os.Exit(2)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "bench -spawn: %s: %v\n", args[0], err)
		os.Exit(2)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		ru = &syscall.Rusage{}
	}
	fmt.Printf("%d %d %d %d\n", d.Nanoseconds(), ru.Utime.Nano()+ru.Stime.Nano(), ru.Maxrss, cmd.ProcessState.ExitCode())
}

// spawned is what a spawner reported of one command.
type spawned struct {
	wall, cpu time.Duration
	maxRSS    int64 // KiB
	exit      int
}

// spawn runs cmd (its path, arguments and environment) through a fresh
// spawner.
func spawn(cmd *exec.Cmd) (spawned, error) {
	self, err := os.Executable()
	if err != nil {
		return spawned{}, err
	}
	sp := exec.Command(self, append([]string{spawnFlag, cmd.Path}, cmd.Args[1:]...)...)
	sp.Env, sp.Dir, sp.Stderr = cmd.Env, cmd.Dir, os.Stderr
	var out bytes.Buffer
	sp.Stdout = &out
	if err := sp.Run(); err != nil {
		return spawned{}, fmt.Errorf("spawner: %w", err)
	}
	return parseSpawned(out.String())
}

func parseSpawned(line string) (spawned, error) {
	f := strings.Fields(line)
	if len(f) != 4 {
		return spawned{}, fmt.Errorf("spawner printed %q", line)
	}
	var n [4]int64
	for i, s := range f {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return spawned{}, fmt.Errorf("spawner printed %q", line)
		}
		n[i] = v
	}
	return spawned{wall: time.Duration(n[0]), cpu: time.Duration(n[1]), maxRSS: n[2], exit: int(n[3])}, nil
}
