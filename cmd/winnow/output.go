package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/export"
)

// The command layer's small helpers, each in one place: the flags every
// listing shares, and the words and numbers of its output.

// addJSONFlag adds --json, which every listing has.
func addJSONFlag(cmd *cobra.Command, asJSON *bool) {
	cmd.Flags().BoolVar(asJSON, "json", false, "print JSON")
}

// addStageFlag adds --stage, title-abstract by default.
func addStageFlag(cmd *cobra.Command, stage *string) {
	cmd.Flags().StringVar(stage, "stage", "ta", "title-abstract (ta) or full-text (ft)")
}

// plural gives "1 decision", "2 decisions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// nonNil makes a nil slice print as [] in JSON.
func nonNil[T any](p []T) []T {
	if p == nil {
		return []T{}
	}
	return p
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// hidden prints a count the viewer may not see as "-".
func hidden(n *int) string {
	if n == nil {
		return "-"
	}
	return strconv.Itoa(*n)
}

// printOrNone prints t, or says on stderr that there is nothing to list.
func printOrNone(a *app, t *ui.Table, none string) error {
	if t.Len() == 0 {
		fmt.Fprintln(a.streams.Err, none)
		return nil
	}
	return t.Print(a.streams)
}

// refDecisionStage reads what decide and resolve take on the command line:
// REF and a decision as arguments, and --stage, which both require. Every
// error is a usage error.
func refDecisionStage(cmd *cobra.Command, args []string, stageFlag string) (review.Ref, review.Decision, review.Stage, error) {
	var (
		ref   review.Ref
		d     review.Decision
		stage review.Stage
		err   error
	)
	if ref, err = review.ParseRef(args[0]); err != nil {
		return ref, d, stage, usageError{err}
	}
	if d, err = review.ParseDecision(args[1]); err != nil {
		return ref, d, stage, usageError{err}
	}
	if !cmd.Flags().Changed("stage") {
		return ref, d, stage, usageError{errors.New("say which stage with --stage ta or --stage ft")}
	}
	if stage, err = review.ParseStage(stageFlag); err != nil {
		return ref, d, stage, usageError{err}
	}
	return ref, d, stage, nil
}

// describeResolution gives a resolution on one line, or "open".
func describeResolution(r *review.Resolution) string {
	if r == nil {
		return "open"
	}
	s := fmt.Sprintf("%s by %s", r.Decision, r.By)
	if r.Reason != "" {
		s += fmt.Sprintf(" (%s)", r.Reason)
	}
	if r.Note != "" {
		s += fmt.Sprintf(", note: %s", r.Note)
	}
	return s
}

// writeFile writes a file whole or not at all (see exportToFile); "-"
// is stdout. example names a file of its kind, for the message when name
// is a folder.
func writeFile(a *app, reviewPath, name, example string, write func(io.Writer) error) error {
	if name == "-" {
		return write(a.streams.Out)
	}
	_, err := exportToFile(reviewPath, name, example, func(w io.Writer) (int, error) { return 0, write(w) })
	return err
}

// given is a flag's value when the command line gives it, else "": the
// domain then chooses (a default, or what a file's name says).
func given(cmd *cobra.Command, flag, value string) string {
	if !cmd.Flags().Changed(flag) {
		return ""
	}
	return value
}

// formatError words for the command line an error in choosing the format
// of a file to write: a format given with --flag that the file's name
// contradicts (export.NameError), or a format that is not written.
func formatError(err error, flag string) error {
	var ne *export.NameError
	if errors.As(err, &ne) {
		return usageError{fmt.Errorf("--%s %s, but %s ends in %s (%s): drop --%s to write %s, or name the file for its format", flag, ne.Given, ne.File, ne.Ext, ne.Named, flag, ne.Named)}
	}
	return usageError{err}
}
