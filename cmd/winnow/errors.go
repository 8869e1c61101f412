package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/store"
	"github.com/winnow-review/winnow/review/tabular"
)

// The error model (see review/errors.go): every error a command returns is
// of one of three kinds, decided here and nowhere else.
//
//   - a refusal or an input error is the user's to fix: its message alone,
//     worded for the command line (reportError adds the flag or the column a
//     review.Missing asks for), exit 1, or 3 and 4 for a review that cannot
//     be opened or is busy;
//   - a usage error is a command line winnow cannot read: exit 2;
//   - anything that comes from below winnow (store.Fault: the driver, the
//     disk) is an internal error: its whole chain, a line asking to report
//     it, exit 70.

// Exit codes, decided here and nowhere else.
const (
	exitOK        = 0
	exitError     = 1  // bad input or an action the review refuses
	exitUsage     = 2  // a command line winnow cannot read
	exitReview    = 3  // no review file, or not one this winnow can open
	exitBusy      = 4  // another winnow holds the review
	exitInternal  = 70 // a bug, or a fault below winnow (sysexits' EX_SOFTWARE)
	exitInterrupt = 130
)

const exitHelp = `Exit status:
  0    success
  1    bad input or a refused action (the message says why; nothing was changed)
  2    a command line winnow cannot read (unknown command or flag, missing argument)
  3    no review at --db, or a file that is not a review this winnow can open
  4    the review is busy: another winnow is writing to it
  70   an internal error: a bug, or a fault of the database or the disk (please report it)
  130  interrupted (nothing was changed)`

// usageError marks an error in the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// reportError prints a command's error for its kind and returns the exit code.
func reportError(ctx context.Context, streams *ui.Streams, err error) int {
	if err == nil {
		return exitOK
	}
	code := exitCode(ctx, err)
	switch code {
	case exitInterrupt:
		fmt.Fprintln(streams.Err, "winnow: interrupted: the review is as it was before this command")
	case exitInternal:
		fmt.Fprintf(streams.Err, "winnow: internal error: %s\n", ui.Safe(chain(err)))
		fmt.Fprintln(streams.Err, "This is a bug in winnow or a fault of the database or disk below it; nothing was changed.")
		fmt.Fprintln(streams.Err, "Please report it with the command you ran and this message.")
	default:
		msg := word(err)
		fmt.Fprintf(streams.Err, "winnow: %s\n", ui.Safe(msg))
		if code == exitUsage && !strings.Contains(msg, "--help") {
			fmt.Fprintln(streams.Err, "Run 'winnow --help' for usage.")
		}
	}
	return code
}

// exitCode decides an error's kind.
func exitCode(ctx context.Context, err error) int {
	var ue usageError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupt
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, store.ErrNoReview), errors.Is(err, store.ErrNotReview), errors.Is(err, store.ErrTooNew):
		return exitReview
	case errors.Is(err, store.ErrBusy):
		return exitBusy
	case refused(err):
		return exitError
	case store.Fault(err):
		return exitInternal
	}
	return exitError
}

// refused reports whether err carries words for people: a refusal, a
// missing flag or column, a bad line of a file. Such an error is the
// user's to fix even when a fault of the database is among its causes.
func refused(err error) bool {
	var r *review.Refusal
	var m *review.Missing
	var t *review.TeamError
	var l *tabular.LineError
	var p *formats.ParseError
	return errors.As(err, &r) || errors.As(err, &m) || errors.As(err, &t) || errors.As(err, &l) || errors.As(err, &p)
}

// How to give what a review.Missing asks for, on the command line and in
// a file (the column).
var flagFor = map[string]string{
	"reviewer": "say who you are with --reviewer NAME or WINNOW_REVIEWER",
	"reason":   "add --reason (see `winnow reasons list`)",
	"source":   "say which with --source NAME (e.g. --source MEDLINE)",
	"kind":     "say which with --kind (database, register, website, organisation, citation or other)",
	"rule":     "say which with --rule TEXT (e.g. \"100 consecutive exclusions by each screener after 30% screened\")",
	"note":     "add --note TEXT",
}

// word is an error's message for the command line: a review.Missing gets
// how to give what it asks for, a flag or, for a line of a file, the
// column. Missing is always the last cause, so its words end the message.
func word(err error) string {
	msg := err.Error()
	var m *review.Missing
	if !errors.As(err, &m) {
		return msg
	}
	var l *tabular.LineError
	if errors.As(err, &l) {
		return msg + " (the " + m.What + " column)"
	}
	if how, ok := flagFor[m.What]; ok {
		return msg + ": " + how
	}
	return msg
}

// chain is an internal error with each of its causes, outermost first, so
// that a report says where it came from.
func chain(err error) string {
	var parts []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		parts = append(parts, fmt.Sprintf("%s (%T)", e.Error(), e))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return parts[0] + "\n  caused by: " + strings.Join(parts[1:], "\n  caused by: ")
}
