//go:build !race

package sqlite

// raceEnabled tells timing tests that the race detector slows everything.
const raceEnabled = false
