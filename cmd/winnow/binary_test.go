package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
