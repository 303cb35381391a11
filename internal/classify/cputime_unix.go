//go:build unix

package classify

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time used by this
// process so far, or false when the system does not say.
func processCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
