//go:build unix

package procstat

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// Self is this process's usage so far, and whether the system gave it.
func Self() (Usage, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return Usage{}, false
	}
	return usage(&ru), true
}

// Child is the usage of a process that has ended, and whether the system
// gave it.
func Child(ps *os.ProcessState) (Usage, bool) {
	if ps == nil {
		return Usage{}, false
	}
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return Usage{}, false
	}
	return usage(ru), true
}

func usage(ru *syscall.Rusage) Usage {
	// ru_maxrss is in kibibytes, but in bytes on Apple's systems.
	unit := int64(1024)
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		unit = 1
	}
	return Usage{
		User:    time.Duration(ru.Utime.Nano()),
		System:  time.Duration(ru.Stime.Nano()),
		PeakRSS: int64(ru.Maxrss) * unit,
	}
}
