// Command peakrss runs a command and prints its wall time and peak
// resident memory, for the memory figures of the README:
//
//	go run ./internal/synth/peakrss -- winnow import big.ris --source X --kind database
package main

import (
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/winnow-review/winnow/internal/procstat"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss -- COMMAND [ARGS...]")
		os.Exit(2)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if u, ok := procstat.Child(cmd.ProcessState); ok {
		fmt.Fprintf(os.Stderr, "peakrss: wall %.2fs user %.2fs sys %.2fs maxrss %.1f MiB\n",
			wall.Seconds(), u.User.Seconds(), u.System.Seconds(), float64(u.PeakRSS)/(1<<20))
	} else {
		fmt.Fprintf(os.Stderr, "peakrss: wall %.2fs (this system's process usage is not read)\n", wall.Seconds())
	}
	if err != nil {
		os.Exit(1)
	}
}
