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

// reportError prints a command's error for its kind and returns the exit
// code. help is the command line that shows the help of the command run
// ("winnow decide --help"), which a usage error points to.
func reportError(ctx context.Context, streams *ui.Streams, err error, help string) int {
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
			fmt.Fprintf(streams.Err, "Run '%s' for usage.\n", help)
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
	var v *review.LeadsOnly
	var m *review.Missing
	var t *review.TeamError
	var l *tabular.LineError
	var p *formats.ParseError
	return errors.As(err, &r) || errors.As(err, &v) || errors.As(err, &m) || errors.As(err, &t) || errors.As(err, &l) || errors.As(err, &p)
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

// fixWords words each remedy a domain error names (review.Fix) for
// winnow's command line: given the error's own message (and what the
// remedy names), the message the user reads.
var fixWords = map[review.Fix]func(msg, arg string) string{
	review.FixLead: func(msg, _ string) string {
		return msg + " (run it as a lead with --reviewer, or a lead turns blind mode off)"
	},
	review.FixOthers:     func(msg, _ string) string { return msg + " (--by)" },
	review.FixStopAnyway: func(msg, _ string) string { return msg + " (--force stops anyway, logged as forced)" },
	review.FixSayWho:     func(msg, _ string) string { return msg + " with --reviewer NAME or WINNOW_REVIEWER" },
	review.FixSayWhichSet: func(_, sets string) string {
		return "say which records to export with --set: " + sets
	},
	review.FixStageExcluded: func(string, string) string {
		return "--stage goes with --set excluded (to keep the records excluded at one stage)"
	},
	review.FixAddLead:  func(msg, _ string) string { return msg + " (`winnow team add NAME --lead`)" },
	review.FixLocation: func(msg, _ string) string { return "--db " + msg },
	review.FixCreate: func(msg, location string) string {
		return msg + "; create the review with `winnow init --db " + location + "`"
	},
	review.FixCreateOrName: func(msg, _ string) string {
		return msg + ": create one with `winnow init`, or name it with --db or WINNOW_DB"
	},
	review.FixOtherFile:  func(msg, _ string) string { return msg + " (use --db to choose another file)" },
	review.FixChooseFile: func(msg, _ string) string { return msg + ": choose another file with --db" },
	review.FixInstallForm: func(msg, _ string) string {
		return msg + ": a lead installs one with `winnow chart form --template rainbow` or `winnow chart form --set form.yaml`"
	},
	review.FixListSearches: func(msg, _ string) string { return msg + ": `winnow sources --files` lists them" },
	review.FixImportAgain:  func(msg, _ string) string { return msg + "; use --force to import it again as a new search" },
	review.FixSkipBad: func(msg, _ string) string {
		return msg + " (nothing was imported; --skip-bad imports the good records and lists the bad ones)"
	},
	review.FixFieldForBy: func(_, by string) string {
		return "--by goes with --field: name the field to cross-tabulate by " + by
	},
	review.FixDraft: func(msg, _ string) string {
		return msg + "; add --draft to write it anyway, its figure marked as a draft"
	},
	review.FixSayFormat: func(msg, _ string) string { return msg + "; if it is one of them, say which with --format" },
	review.FixTryFormat: func(msg, seen string) string { return msg + " (try --format " + seen + " or auto)" },
	review.FixCombined:  func(msg, _ string) string { return msg + " (as with --combined)" },
	review.FixCarryOver: func(msg, _ string) string {
		return msg + " (a lead carries them over with `winnow decide --from-rayyan --stage ta`)"
	},
	review.FixMapNames: func(msg, _ string) string {
		return msg + ": map each to a member with --as 'NAME=member' (`winnow team list` lists the team)"
	},
	review.FixAttachText: func(msg, ref string) string {
		return msg + " (if it was found after all, attach it first with `winnow fulltext " + ref + " --file PATH`)"
	},
}

// fix words msg with the remedy fix names, if any.
func fix(fix review.Fix, msg, arg string) string {
	if f, ok := fixWords[fix]; ok {
		return f(msg, arg)
	}
	return msg
}

// leadView is a lead's view refused to a screener, named by its command
// line.
func leadView(e *review.LeadsOnly) string {
	view := e.View
	switch {
	case e.View == "export":
		view += " --set " + e.Set
	case e.View == "simulate":
		view += " --from-review"
	case e.Set != "":
		view += " (" + e.Set + ")"
	}
	return fix(review.FixLead, "winnow "+view+" is a lead's view while the review is blind: "+e.Why, "")
}

// word is an error's message for the command line. The domain's errors
// say what is wrong in its own words; here they get the words of the
// command line: the remedy a review.Fix names (a flag, another command),
// the command line of a lead's view, how to give what a review.Missing
// asks for (a flag or, for a line of a file, the column).
func word(err error) string {
	msg := err.Error()
	if e, worded := remedy(err); e != nil {
		if i := strings.LastIndex(msg, e.Error()); i >= 0 {
			return msg[:i] + worded + msg[i+len(e.Error()):]
		}
		return worded
	}
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

// remedy finds the outermost error of err's tree that the command line
// words itself (a remedy, a lead's view, a missing reviewer), and its
// words.
func remedy(err error) (error, string) {
	switch x := err.(type) {
	case nil:
		return nil, ""
	case *review.Refusal:
		if x.Fix != "" {
			return x, fix(x.Fix, x.Msg, x.Arg)
		}
	case *formats.ParseError:
		if x.Fix != "" {
			return x, fix(x.Fix, x.Error(), x.FixArg)
		}
	case *review.LeadsOnly:
		return x, leadView(x)
	case *review.TeamError:
		if x.Err == review.ErrNoReviewer {
			return x, "this command changes the review: say who you are with --reviewer NAME or WINNOW_REVIEWER (the team: " + x.Members() + ")"
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return remedy(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if e, w := remedy(e); e != nil {
				return e, w
			}
		}
	}
	return nil, ""
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
