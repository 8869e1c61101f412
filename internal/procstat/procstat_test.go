package procstat

import (
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// TestSelf: a process that has worked has used processor time and, where
// the system counts it, some memory; the count only grows.
func TestSelf(t *testing.T) {
	// Work until the count moves: it must within a generous time, however
	// busy the machine.
	before := CPUTime()
	for deadline := time.Now().Add(30 * time.Second); CPUTime() <= before; {
		if time.Now().After(deadline) {
			t.Fatalf("processor time stayed at %v over 30 s of work", before)
		}
	}
	u, ok := Self()
	if runtime.GOOS == "windows" {
		if ok {
			t.Error("Self reports a usage on Windows, which it does not read")
		}
		return
	}
	if !ok || u.PeakRSS < 1<<20 || u.CPU() <= 0 {
		t.Errorf("Self = %+v, %v: want some processor time and at least 1 MiB of peak memory", u, ok)
	}
}

// TestChild reads the usage of a command that has ended.
func TestChild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process usage is not read on Windows")
	}
	cmd := exec.Command("sh", "-c", "true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no shell to run: %v", err)
	}
	u, ok := Child(cmd.ProcessState)
	if !ok || u.PeakRSS <= 0 {
		t.Errorf("Child = %+v, %v: want the ended command's peak memory", u, ok)
	}
	if _, ok := Child(nil); ok {
		t.Error("Child(nil) reports a usage")
	}
}
