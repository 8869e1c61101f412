package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

func newDecideCmd(a *app) *cobra.Command {
	var stageFlag, reason, note, file string
	var fromRayyan bool
	var as []string
	cmd := &cobra.Command{
		Use:   "decide REF include|exclude|maybe --stage S | decide --file decisions.csv | decide --from-rayyan --stage S",
		Short: "Record screening decisions without a terminal",
		Long: `Record your decision on a record at a stage, or load a file of decisions.

A reason is optional at title-abstract and required for a full-text
exclusion. A reason not on the team's list (winnow reasons list) is accepted;
while the review is blind it stays private to you until a lead adds it.

--file loads a CSV with the columns record,reviewer,stage,decision,reason,note
(record is a REF; reason and note may be left out; a decision may be written
as other tools and spreadsheets write it: Included, Excluded, yes, no, 1, 0).
Commas, semicolons or tabs, UTF-8, UTF-16 or Windows-1252, as a spreadsheet
saves it. The whole file is checked
first and applied in one transaction: an error names the line and changes
nothing. A screener loads only rows of their own; a lead loads rows for anyone
(decisions taken on paper), and the log says the lead loaded them.

--from-rayyan carries over the screening of a review moved from Rayyan, which
its exports write into every record's notes (RAYYAN-INCLUSION: {"Kofi"=>
"Included", ...}): a lead makes each reviewer's Included, Excluded or Maybe
their include, exclude or maybe at --stage, with their Rayyan notes as the note
and, on an exclusion, the record's exclusion reasons as the reason. A name
Rayyan knew that is not a team member's is mapped with --as 'Kofi Mensah=kofi'.
Checked whole, applied in one transaction, logged as loaded by the lead.`,
		Example: `  winnow --reviewer alice decide 12 include --stage ta
  winnow --reviewer alice decide doi:10.1136/bmj.n71 exclude --stage ft --reason "wrong population"
  winnow --reviewer alice decide --file decisions.csv
  winnow --reviewer lee decide --from-rayyan --stage ta --as 'Kofi Mensah=kofi' --as 'Ama Owusu=ama'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if file != "" {
				if len(args) > 0 {
					return errors.New("--file takes every REF and decision from the file: give no REF or decision with it")
				}
				return nil
			}
			if fromRayyan {
				if len(args) > 0 {
					return errors.New("--from-rayyan takes every record and decision from the records' notes: give no REF or decision with it")
				}
				return nil
			}
			return checkArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if file != "" {
				if cmd.Flags().Changed("stage") || reason != "" || note != "" {
					return usageError{errors.New("--file takes stage, reason and note from the file's columns")}
				}
				return decideFile(a, cmd, file)
			}
			if fromRayyan {
				if reason != "" || note != "" {
					return usageError{errors.New("--from-rayyan takes reasons and notes from Rayyan's notes")}
				}
				return decideImported(a, cmd, stageFlag, as)
			}
			if len(as) > 0 {
				return usageError{errors.New("--as goes with --from-rayyan")}
			}
			ref, d, stage, err := refDecisionStage(cmd, args, stageFlag)
			if err != nil {
				return err
			}
			if err := review.CheckTypedReason(d, reason); err != nil {
				return usageError{err}
			}
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			id, err := screening.Decide(ctx, st, by, viewer, ref, stage, d, reason, note)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "record %d: %s at %s by %s\n", id, d, stage, by.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&stageFlag, "stage", "", "title-abstract (ta) or full-text (ft)")
	cmd.Flags().StringVar(&reason, "reason", "", "the reason for an exclusion (required at full text)")
	cmd.Flags().StringVar(&note, "note", "", "a note kept with the decision")
	cmd.Flags().StringVar(&file, "file", "", "load decisions from a CSV file")
	cmd.Flags().BoolVar(&fromRayyan, "from-rayyan", false, "carry over the decisions Rayyan wrote into the records' notes (a lead)")
	cmd.Flags().StringArrayVar(&as, "as", nil, "with --from-rayyan: NAME=member, the team member a name Rayyan knew stands for (repeat it)")
	cmd.MarkFlagsMutuallyExclusive("file", "from-rayyan")
	return cmd
}

func decideImported(a *app, cmd *cobra.Command, stageFlag string, as []string) error {
	ctx := cmd.Context()
	if stageFlag == "" {
		return usageError{errors.New("--from-rayyan needs --stage: ta or ft")}
	}
	stage, err := review.ParseStage(stageFlag)
	if err != nil {
		return usageError{err}
	}
	names := map[string]string{}
	for _, kv := range as {
		from, to, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
			return usageError{fmt.Errorf("--as %q: want NAME=member", kv)}
		}
		names[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	n, err := loadDecisions(ctx, a, func(st *store.Store, by review.Reviewer, team []review.Reviewer, viewer review.Viewer) (int, error) {
		return screening.DecideImported(ctx, st, by, team, viewer, stage, names)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "loaded %s made in Rayyan at %s\n", plural(n, "decision"), stage)
	return nil
}

func decideFile(a *app, cmd *cobra.Command, file string) error {
	ctx := cmd.Context()
	name, data, err := a.readInput(file)
	if err != nil {
		return err
	}
	n, err := loadDecisions(ctx, a, func(st *store.Store, by review.Reviewer, team []review.Reviewer, viewer review.Viewer) (int, error) {
		return screening.DecideFile(ctx, st, by, team, viewer, name, data)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "loaded %s from %s\n", plural(n, "decision"), file)
	return nil
}

// loadDecisions opens the review as the acting reviewer and runs a load
// of many decisions (a file, another tool's screening), which needs the
// team and what the actor may see.
func loadDecisions(ctx context.Context, a *app, load func(*store.Store, review.Reviewer, []review.Reviewer, review.Viewer) (int, error)) (int, error) {
	st, by, err := a.openAs(ctx)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	viewer, err := a.viewer(ctx, st)
	if err != nil {
		return 0, err
	}
	team, err := st.Team(ctx)
	if err != nil {
		return 0, err
	}
	return load(st, by, team, viewer)
}

func newFulltextCmd(a *app) *cobra.Command {
	var file, note string
	var notRetrieved bool
	cmd := &cobra.Command{
		Use:   "fulltext REF --file PATH | --not-retrieved",
		Short: "Attach a record's full text, or record that it could not be obtained",
		Long: `Attach the full text of a record (its path and SHA-256 are kept; the screen's
o key opens it), or record that the report could not be retrieved: it leaves
the full-text queue and counts as not retrieved in PRISMA, not as screened.
A full-text decision on a record with no retrieval state marks it retrieved.

A record excluded at title-abstract (by its screeners, a lead's resolution or
a stop) takes no full text: no report is sought for it. A record still pending
or in conflict there may get its full text early, for its screeners to read
(the screen's o key), e.g. when it has no abstract. --not-retrieved is only for
a record that reached full text. While the review is blind a screener records
full texts once full-text screening is open to them; a lead at any time.`,
		Example: `  winnow --reviewer alice fulltext 12 --file pdfs/harrison2019.pdf
  winnow --reviewer alice fulltext 40 --not-retrieved --note "library could not obtain it"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (file == "") == !notRetrieved {
				return usageError{errors.New("give --file PATH or --not-retrieved")}
			}
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			f := review.FullTextState{State: review.NotRetrievedState, Note: note}
			if file != "" {
				abs, sum, err := hashFile(file)
				if err != nil {
					return err
				}
				f = review.FullTextState{State: review.Retrieved, File: abs, SHA256: sum, Note: note}
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			id, err := screening.SetFullText(ctx, st, by, viewer, ref, f)
			if err != nil {
				return err
			}
			if notRetrieved {
				fmt.Fprintf(a.streams.Err, "record %d: full text not retrieved\n", id)
			} else {
				fmt.Fprintf(a.streams.Err, "record %d: full text %s (sha256 %s)\n", id, f.File, f.SHA256[:12])
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "the full text's file (PDF or any other)")
	cmd.Flags().BoolVar(&notRetrieved, "not-retrieved", false, "the report could not be obtained")
	cmd.Flags().StringVar(&note, "note", "", "a note, e.g. why it could not be obtained")
	return cmd
}

// hashFile gives a file's absolute path and SHA-256.
func hashFile(p string) (string, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", "", fmt.Errorf("full text: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return "", "", fmt.Errorf("full text: %s is a folder, not a file", p)
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", "", fmt.Errorf("full text %s: %w", p, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", "", err
	}
	return abs, hex.EncodeToString(h.Sum(nil)), nil
}
