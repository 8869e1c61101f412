// Package ui is winnow's output layer: the streams a command writes to,
// whether they are terminals, colour, tables, JSON and progress bars, and
// the filter that keeps control sequences in imported text away from the
// terminal. Only cmd/winnow imports it; the domain never writes output.
package ui

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// Streams are the standard streams of one command run, and what they are.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// StdinTTY, StdoutTTY and StderrTTY tell whether each stream is a
	// terminal.
	StdinTTY, StdoutTTY, StderrTTY bool
	// Color is set when colour may be written to a terminal.
	Color bool
	// Width is the terminal's width in columns, or 0 when unknown.
	Width int
	// Env is the environment, for the colour profile.
	Env []string
}

// System returns the process's streams. WINNOW_FORCE_TTY=1 makes them
// count as terminals, so that script tests can check terminal output;
// NO_COLOR (any value) and CLICOLOR=0 turn colour off, CLICOLOR_FORCE=1 on.
func System() *Streams {
	s := &Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Env: os.Environ()}
	s.StdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	s.StdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.StderrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if os.Getenv("WINNOW_FORCE_TTY") == "1" {
		s.StdoutTTY, s.StderrTTY = true, true
	}
	if s.StdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.Width = w
		}
	}
	if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
		s.Width = w
	}
	s.Color = colorWanted(s.StdoutTTY, os.Getenv)
	return s
}

func colorWanted(tty bool, getenv func(string) string) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set && getenv("NO_COLOR") != "" {
		return false
	}
	if getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0" {
		return true
	}
	if getenv("CLICOLOR") == "0" || getenv("TERM") == "dumb" {
		return false
	}
	return tty
}

// Test returns streams on buffers, none of them a terminal.
func Test(in io.Reader, out, err io.Writer) *Streams {
	return &Streams{In: in, Out: out, Err: err}
}
