//go:build race

package reporters

const raceEnabled = true
