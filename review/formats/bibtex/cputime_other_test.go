//go:build !unix

package bibtex

import "time"

var started = time.Now()

// cpuTime stands in for the processor time used where the system does
// not give it: the time since the tests started.
func cpuTime() time.Duration { return time.Since(started) }
