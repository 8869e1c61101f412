package review

import (
	"errors"
	"fmt"
)

// winnow's errors are of three kinds, told apart by cmd/winnow (errors.go)
// in one place:
//
//   - a refusal or an input error: the user's to fix. Its message is for
//     people and printed alone (exit 1), with file:line when it is about a
//     line of a file. Refusal, LeadsOnly, Missing, TeamError, formats.ParseError and
//     tabular.LineError are of this kind; so is any error the domain builds
//     with words of its own.
//   - a usage error: the command line itself is wrong (exit 2). Only the
//     command layer makes these.
//   - anything else is a bug or a fault below winnow (the database driver,
//     the disk): store.Fault says which, and the command prints it as an
//     internal error with its whole chain.
//
// Domain errors never name the command line's flags: Missing says what is
// missing and the command layer words how to give it (a flag, a column); a
// Refusal's Fix names a remedy that lies outside the domain (an option to
// add, another command to run), which the command layer words for its
// command line; LeadsOnly names the view a screener may not see.

// Refusal is an error whose message is for people and whose sentinel is
// for code: it prints as its message alone, and errors.Is finds the
// sentinel.
type Refusal struct {
	Msg string
	Err error
	// Fix, when set, is a remedy the command layer words and adds to Msg
	// (Arg is what the remedy names: a location, a format, a list).
	Fix Fix
	Arg string
}

func (r *Refusal) Error() string { return r.Msg }
func (r *Refusal) Unwrap() error { return r.Err }

// Refuse builds a Refusal with the sentinel err.
func Refuse(err error, format string, args ...any) error {
	return &Refusal{Msg: fmt.Sprintf(format, args...), Err: err}
}

// RefuseFix builds a Refusal with the sentinel err and a remedy.
func RefuseFix(err error, fix Fix, arg string, format string, args ...any) error {
	return &Refusal{Msg: fmt.Sprintf(format, args...), Err: err, Fix: fix, Arg: arg}
}

// Fix is a remedy for a refusal that the domain knows of but that lies
// outside it: an option of the command that ran, or another command. The
// domain says which; the command layer (cmd/winnow/errors.go) words it.
type Fix string

// The remedies. Each has its words in the command layer; Fixes lists them
// all so that a test there can check that none is left unworded.
const (
	FixLead          Fix = "lead"           // run it as a lead, or turn blind mode off
	FixOthers        Fix = "others"         // the option that names another screener
	FixStopAnyway    Fix = "stop-anyway"    // stop although the rule is not met
	FixSayWho        Fix = "say-who"        // name the acting reviewer
	FixSayWhichSet   Fix = "say-which-set"  // name the set of records (Arg: the sets)
	FixStageExcluded Fix = "stage-excluded" // a stage narrows the excluded set only
	FixAddLead       Fix = "add-lead"       // make another member a lead
	FixLocation      Fix = "location"       // the review's location was given badly
	FixCreate        Fix = "create"         // create the review (Arg: its location)
	FixCreateOrName  Fix = "create-or-name" // create a review, or name another
	FixOtherFile     Fix = "other-file"     // a new review goes in another file
	FixChooseFile    Fix = "choose-file"    // choose another file for the review
	FixInstallForm   Fix = "install-form"   // a lead installs a charting form
	FixListSearches  Fix = "list-searches"  // where the searches are listed
	FixImportAgain   Fix = "import-again"   // import a file again as a new search
	FixSkipBad       Fix = "skip-bad"       // import the good records, list the bad
	FixFieldForBy    Fix = "field-for-by"   // a cross-tabulation needs a field (Arg: the field to cross by)
	FixDraft         Fix = "draft"          // write it anyway, marked as a draft
	FixSayFormat     Fix = "say-format"     // name the format of a file
	FixTryFormat     Fix = "try-format"     // read the file as another format (Arg: the format it looks like)
	FixCombined      Fix = "combined"       // a file read as a combined library
	FixAttachText    Fix = "attach-text"    // attach a full text found after all (Arg: the record)
	FixMapNames      Fix = "map-names"      // map another tool's reviewer names to members
	FixCarryOver     Fix = "carry-over"     // carry another tool's decisions over
)

// Fixes lists every Fix.
var Fixes = []Fix{FixLead, FixOthers, FixStopAnyway, FixSayWho, FixSayWhichSet,
	FixStageExcluded, FixAddLead, FixLocation, FixCreate, FixCreateOrName, FixOtherFile,
	FixChooseFile, FixInstallForm, FixListSearches, FixImportAgain, FixSkipBad,
	FixFieldForBy, FixDraft, FixSayFormat, FixTryFormat, FixCombined, FixAttachText, FixMapNames, FixCarryOver}

// ErrLeadsOnly refuses a lead's view to a screener while the review is
// blind.
var ErrLeadsOnly = errors.New("a lead's view while the review is blind")

// LeadsOnly refuses a view of everyone's screening to a viewer who may
// not see it while the review is blind. View names the view by the
// command that shows it ("conflicts", "chart map"), Set the set of
// records when the view is of one (an export), and Why what the view
// would show. The command layer words the view as its command line and
// adds the remedy (FixLead).
type LeadsOnly struct {
	View string
	Set  string
	Why  string
}

func (e *LeadsOnly) Error() string {
	v := "winnow " + e.View
	if e.Set != "" {
		v += " (" + e.Set + ")"
	}
	return v + " is a lead's view while the review is blind: " + e.Why
}
func (e *LeadsOnly) Unwrap() error { return ErrLeadsOnly }

// CheckLead refuses view (a LeadsOnly) to a viewer who may not see every
// screener's work; why says what it would show.
func CheckLead(viewer Viewer, view, set, why string) error {
	if viewer.SeesAll() {
		return nil
	}
	return &LeadsOnly{View: view, Set: set, Why: why}
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
