package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

func newLogCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "log [REF]",
		Short: "Show the review's history: every change, who made it and when",
		Example: `  winnow log
  winnow log 12 --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			var ref *review.Ref
			if len(args) == 1 {
				r, err := review.ParseRef(args[0])
				if err != nil {
					return usageError{err}
				}
				ref = &r
			}
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			events, err := screening.Log(ctx, st, viewer, ref)
			if err != nil {
				return err
			}
			if asJSON {
				if events == nil {
					events = []review.Event{}
				}
				return ui.JSON(a.streams.Out, events)
			}
			t := ui.NewTable("when", "who", "action", "record", "detail")
			t.Shrink = 4
			for _, e := range events {
				rec := ""
				if e.RecordID != 0 {
					rec = strconv.FormatInt(e.RecordID, 10)
				}
				t.Row(e.At.Local().Format("2006-01-02 15:04:05"), e.Reviewer, e.Action, rec, e.Detail)
			}
			return printOrNone(a, t, "nothing has happened yet")
		},
	}
	addJSONFlag(cmd, &asJSON)
	return cmd
}
