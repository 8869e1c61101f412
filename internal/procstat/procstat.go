// Package procstat reads what the system counts of a process's resources:
// its processor time and its peak resident memory, for benchmarks and the
// tests that bound a reader's work by processor time rather than by the
// clock (a busy machine runs the clock on, not a process's processor time).
//
// Where the system does not count them (Windows), CPUTime falls back to the
// time since the process started and the memory figures report false, so
// that every package builds and tests everywhere.
package procstat

import "time"

// Usage is what a process used.
type Usage struct {
	User, System time.Duration
	// PeakRSS is the peak resident memory in bytes (0 when unknown).
	PeakRSS int64
}

// CPU is the processor time of u: user and system.
func (u Usage) CPU() time.Duration { return u.User + u.System }

// CPUTime is the processor time this process has used so far.
func CPUTime() time.Duration {
	u, ok := Self()
	if !ok {
		return time.Since(started)
	}
	return u.CPU()
}

var started = time.Now()
