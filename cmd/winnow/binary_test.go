package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/ui/uitest"
)

// builtWinnow builds the binary into dir and returns its path and a
// function that runs it on the review at *db as a reviewer, with NO_COLOR
// set, failing the test on a non-zero exit: the end-to-end tests drive
// what a user runs.
func builtWinnow(t *testing.T, dir string, db *string) (string, func(who string, args ...string) string) {
	t.Helper()
	bin := filepath.Join(dir, "winnow")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin, func(who string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--db", *db, "--reviewer", who}, args...)...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("winnow %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
}

// terminals runs commands in tmux windows of 80×24, one server per test
// on its own socket (killed when the test ends), for the end-to-end tests
// that drive the built binary as a person would.
type terminals struct {
	t      *testing.T
	socket string
}

func newTerminals(t *testing.T, dir string) *terminals {
	tm := &terminals{t: t, socket: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *terminals) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// run starts line (a shell command) in a new window named session. The
// shell stays after the command ends, with "EXITED <status>" on screen,
// so that the last screen can be read until the test ends.
func (tm *terminals) run(session, line string) {
	tm.t.Helper()
	tm.tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
		line+"; echo EXITED $?; while :; do sleep 3600; done")
}

// screen is what a window shows now.
func (tm *terminals) screen(session string) string {
	return tm.tmux("capture-pane", "-p", "-t", session)
}

// waitFor waits until every text wanted is on a window's screen at once,
// as a person waits for what they expect to read before the next key.
// The deadline only ends a test that would hang: it is far beyond what
// a busy machine needs.
func (tm *terminals) waitFor(session string, want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(uitest.Patience)
	for {
		s := tm.screen(session)
		all := true
		for _, w := range want {
			all = all && strings.Contains(s, w)
		}
		if all {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("%s: %q never showed; the screen:\n%s", session, want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keys sends keys to a window, as tmux send-keys names them.
func (tm *terminals) keys(session string, k ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", session}, k...)...)
}
