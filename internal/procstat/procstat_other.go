//go:build !unix

package procstat

import "os"

// Self reports false: this system's process usage is not read.
func Self() (Usage, bool) { return Usage{}, false }

// Child reports false: this system's process usage is not read.
func Child(ps *os.ProcessState) (Usage, bool) { return Usage{}, false }
