package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/export"
	"github.com/winnow-review/winnow/review/store"
)

func newExportCmd(a *app) *cobra.Command {
	var setFlag, formatFlag, out, stageFlag string
	cmd := &cobra.Command{
		Use:   "export --set SET [--format ris|bibtex|csv] [-o FILE]",
		Short: "Write the records of a set as RIS, BibTeX or CSV",
		Long: `Writes the records of a set (duplicates left out: each cluster's primary), in
record order, to FILE or to stdout:

  included      included at full text: the review's reference list
  excluded      excluded at either stage (the CSV says which; --stage keeps one)
  ta-included   gone on from title-abstract to full text
  ft-excluded   excluded at full text, with their reasons (PRISMA item 16b)
  all           every record

RIS and BibTeX are written from a record's text as imported when it came from
a file of the same format, so a reference manager gets back what it exported;
other records are written from their fields. What is written reads back into
winnow with the same title, authors, year, DOI and journal.

CSV has one row per record: id, title, authors, year, journal, volume, issue,
pages, doi, pmid, abstract, keywords, source (and stage, for excluded); for
those who may see every decision also ta_outcome, ft_outcome, ft_reason,
ta_resolution, ft_resolution (the lead's decision in force) and one group of
columns per member of the team: NAME_ta_decision, NAME_ta_reason,
NAME_ta_note, then the same at ft. A cell that starts with =, +, -, @, a tab
or a carriage return gets a leading ' so a spreadsheet never runs it as a
formula.

  my-decisions  your own decisions (CSV only; see below)

While the review is blind only a lead may export a set other than all (or
my-decisions): it would show how the screeners decided. Export changes
nothing in the review.

--set my-decisions writes your own current decisions at both stages as CSV
with the columns 'winnow decide --file' reads (record, reviewer, stage,
decision, reason, note; the note is your latest on the record), so the file
loads back as it is: to keep, to share with a lead, or to load into another
copy of the review.`,
		Example: `  winnow --reviewer alice export --set included --format ris -o included.ris
  winnow --reviewer alice export --set ft-excluded --format csv -o excluded-studies.csv
  winnow --reviewer alice export --set excluded --stage ft --format bibtex > excluded.bib
  winnow export --set all --format csv -o records.csv
  winnow --reviewer bob export --set my-decisions -o bob-decisions.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if setFlag == export.MyDecisions {
				return exportMyDecisions(a, cmd, formatFlag, stageFlag, out)
			}
			set, err := export.ParseSet(setFlag)
			if err != nil {
				return usageError{err}
			}
			format, err := export.FormatFor(given(cmd, "format", formatFlag), out)
			if err != nil {
				return formatError(err, "format")
			}
			opt := export.Options{Set: set, Format: format}
			if cmd.Flags().Changed("stage") {
				if set != store.ExportExcluded {
					return usageError{errors.New("--stage goes with --set excluded (to keep the records excluded at one stage)")}
				}
				if opt.Stage, err = review.ParseStage(stageFlag); err != nil {
					return usageError{err}
				}
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			var n int
			if out == "" || out == "-" {
				n, err = exportToStdout(a, func(w io.Writer) (int, error) { return export.Write(ctx, st, viewer, w, opt) })
			} else {
				n, err = exportToFile(st.Path(), out, string(set)+format.Ext(), func(w io.Writer) (int, error) { return export.Write(ctx, st, viewer, w, opt) })
			}
			if err != nil {
				return err
			}
			noun := "records"
			if n == 1 {
				noun = "record"
			}
			msg := fmt.Sprintf("exported %d %s (%s", n, noun, set)
			if opt.Stage != "" {
				msg += " at " + string(opt.Stage)
			}
			msg += ")"
			if out != "" && out != "-" {
				msg += " to " + out
			}
			fmt.Fprintln(a.streams.Err, ui.Safe(msg))
			return nil
		},
	}
	cmd.Flags().StringVar(&setFlag, "set", "", "included, excluded, ta-included, ft-excluded, all, or my-decisions (required)")
	cmd.Flags().StringVar(&formatFlag, "format", "ris", "ris, bibtex or csv (default: from -o FILE's extension, .ris, .bib or .csv; else ris)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write (default: stdout)")
	cmd.Flags().StringVar(&stageFlag, "stage", "", "with --set excluded: only the records excluded at title-abstract (ta) or full-text (ft)")
	return cmd
}

// exportToStdout writes an export to stdout. Into a file or a pipe it
// goes as it is; on a terminal, control characters in imported text are
// made visible first (ui.Safe), so a record cannot drive the terminal.
func exportToStdout(a *app, write func(io.Writer) (int, error)) (int, error) {
	if !a.streams.StdoutTTY {
		return write(a.streams.Out)
	}
	var b bytes.Buffer
	n, err := write(&b)
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(a.streams.Out, ui.Safe(b.String()))
	return n, err
}

// exportToFile writes an export to a temporary file beside name and puts
// it in place when it is whole: a failed export leaves no half-written
// file, nor does it touch one that was there. It refuses to write over
// the review itself.
func exportToFile(reviewPath, name, example string, write func(io.Writer) (int, error)) (int, error) {
	if fi, err := os.Stat(name); err == nil {
		if fi.IsDir() {
			return 0, fmt.Errorf("%s is a folder: name the file to write, e.g. %s", name, filepath.Join(name, example))
		}
		if ri, err := os.Stat(reviewPath); err == nil && os.SameFile(fi, ri) {
			return 0, fmt.Errorf("%s is the review itself: name another file to write", name)
		}
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+strings.TrimPrefix(filepath.Base(name), ".")+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	tmp := f.Name()
	n, err := write(f)
	if err != nil {
		f.Close()
		os.Remove(tmp)
		return n, err
	}
	err = f.Close()
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return n, fmt.Errorf("write %s: %w", name, err)
	}
	return n, nil
}

// exportMyDecisions writes the viewer's own decisions as a decisions file.
func exportMyDecisions(a *app, cmd *cobra.Command, formatFlag, stageFlag, out string) error {
	var ne *export.NameError
	if err := export.MyDecisionsFor(given(cmd, "format", formatFlag), out); errors.As(err, &ne) && ne.File != "" {
		return usageError{fmt.Errorf("--set my-decisions is written as CSV (the columns decide --file reads), but %s ends in %s: name a .csv file", out, ne.Ext)}
	} else if err != nil {
		return usageError{errors.New("--set my-decisions is written as CSV (the columns decide --file reads)")}
	}
	if cmd.Flags().Changed("stage") {
		return usageError{errors.New("--stage goes with --set excluded; my-decisions has both stages (the stage column)")}
	}
	ctx := cmd.Context()
	st, viewer, err := a.openView(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	write := func(w io.Writer) (int, error) { return export.WriteMyDecisions(ctx, st, viewer, w) }
	var n int
	if out == "" || out == "-" {
		n, err = exportToStdout(a, write)
	} else {
		n, err = exportToFile(st.Path(), out, "my-decisions.csv", write)
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("exported %s of %s", plural(n, "decision"), viewer.Name)
	if out != "" && out != "-" {
		msg += " to " + out
	}
	fmt.Fprintln(a.streams.Err, ui.Safe(msg))
	return nil
}
