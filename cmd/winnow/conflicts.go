package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
)

func newConflictsCmd(a *app) *cobra.Command {
	var stageFlag string
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "The records in conflict, every screener's decision side by side (lead while blind)",
		Long: `Lists the records whose screeners disagree at a stage (or where one said
maybe), and at full text the records every screener excluded but for different
reasons (a conflict on the reason: the record is excluded, the reason waits for
a lead). Each row shows every screener's decision, reason and note. --all adds
the conflicts already resolved, with their resolution.

While the review is blind only a lead may run it: a screener would learn how a
colleague decided.`,
		Example: `  winnow --reviewer alice conflicts
  winnow --reviewer alice conflicts --stage ft --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
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
			ds, err := conflicts.Conflicts(ctx, st, viewer, stage, all)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, ds)
			}
			headers := []string{"record", "conflict", "title", "decisions"}
			if all {
				headers = append(headers, "resolution")
			}
			t := ui.NewTable(headers...)
			t.Shrink = 2
			for _, d := range ds {
				kind := "decision"
				if d.Kind == review.ReasonConflict {
					kind = "reason"
				}
				if d.Forwarded {
					kind += " (forwarded)"
				}
				row := []string{strconv.FormatInt(d.RecordID, 10), kind, d.Title, describeVotes(d.Votes)}
				if all {
					row = append(row, describeResolution(d.Resolution))
				}
				t.Row(row...)
			}
			none := fmt.Sprintf("no open conflicts at %s", stage)
			if all {
				none = fmt.Sprintf("no conflicts at %s", stage)
			}
			return printOrNone(a, t, none)
		},
	}
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().BoolVar(&all, "all", false, "include the conflicts already resolved")
	addJSONFlag(cmd, &asJSON)
	return cmd
}

// describeVotes gives decisions side by side on one line:
// "bob: include; carol: exclude (wrong population), note: ...".
func describeVotes(votes []review.Vote) string {
	var out []string
	for _, v := range votes {
		s := fmt.Sprintf("%s: %s", v.Reviewer, v.Decision)
		if v.Reason != "" {
			s += fmt.Sprintf(" (%s)", v.Reason)
		}
		if v.Note != "" {
			s += fmt.Sprintf(", note: %s", v.Note)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}
