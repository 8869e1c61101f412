//go:build unix

package bibtex

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this test process has used so far. A
// test that bounds how long a reader may take measures this, not the
// clock: a busy machine makes the clock run on while the reader waits
// for a processor, but not this.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
