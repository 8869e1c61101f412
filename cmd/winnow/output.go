package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
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

// formatForFile settles the --format of a command that writes to -o FILE:
// without --format, a name ending in one of byExt's extensions (".csv")
// chooses its format, so that `-o included.csv` never holds RIS; with
// --format, a name whose extension says another format is refused rather
// than written under a misleading name. Any other name keeps *format.
func formatForFile(cmd *cobra.Command, format *string, out string, byExt map[string]string) error {
	if out == "" || out == "-" {
		return nil
	}
	ext := strings.ToLower(filepath.Ext(out))
	named, ok := byExt[ext]
	if !ok {
		return nil
	}
	if !cmd.Flags().Changed("format") {
		*format = named
		return nil
	}
	given := strings.ToLower(strings.TrimSpace(*format))
	if given == "bib" {
		given = "bibtex"
	}
	if given != named {
		return usageError{fmt.Errorf("--format %s, but %s ends in %s (%s): drop --format to write %s, or name the file for its format", *format, out, ext, named, named)}
	}
	return nil
}
