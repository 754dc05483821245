//go:build !race

package csvsrc

const raceEnabled = false
