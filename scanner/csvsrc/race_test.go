//go:build race

package csvsrc

// sync.Pool drops items at random under the race detector.
const raceEnabled = true
