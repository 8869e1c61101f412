package review

import "fmt"

// winnow's errors are of three kinds, told apart by cmd/winnow (errors.go)
// in one place:
//
//   - a refusal or an input error: the user's to fix. Its message is for
//     people and printed alone (exit 1), with file:line when it is about a
//     line of a file. Refusal, Missing, TeamError, formats.ParseError and
//     tabular.LineError are of this kind; so is any error the domain builds
//     with words of its own.
//   - a usage error: the command line itself is wrong (exit 2). Only the
//     command layer makes these.
//   - anything else is a bug or a fault below winnow (the database driver,
//     the disk): store.Fault says which, and the command prints it as an
//     internal error with its whole chain.
//
// Domain errors never name the command line's flags: Missing says what is
// missing and the command layer words how to give it (a flag, a column).

// Refusal is an error whose message is for people and whose sentinel is
// for code: it prints as its message alone, and errors.Is finds the
// sentinel.
type Refusal struct {
	Msg string
	Err error
}

func (r *Refusal) Error() string { return r.Msg }
func (r *Refusal) Unwrap() error { return r.Err }

// Refuse builds a Refusal with the sentinel err.
func Refuse(err error, format string, args ...any) error {
	return &Refusal{Msg: fmt.Sprintf(format, args...), Err: err}
}

// Missing refuses a change because something it needs was not given: a
// reviewer, a reason, a source. Msg says what in the domain's words ("a
// decision needs a reviewer"); What names the thing ("reviewer", "reason")
// for the command layer, which adds how to give it: a flag on the command
// line, a column in a file.
type Missing struct {
	What string
	Msg  string
	Err  error // the sentinel, for errors.Is
}

func (m *Missing) Error() string { return m.Msg }
func (m *Missing) Unwrap() error { return m.Err }

// Need builds a Missing.
func Need(what string, err error, format string, args ...any) error {
	return &Missing{What: what, Msg: fmt.Sprintf(format, args...), Err: err}
}
