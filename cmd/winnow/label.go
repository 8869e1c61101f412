package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

func newLabelCmd(a *app) *cobra.Command {
	var remove, asJSON bool
	cmd := &cobra.Command{
		Use:   "label REF LABEL... [--remove]",
		Short: "Put your labels on a record, or take them off",
		Long: `Put labels on a record, as Rayyan's labels or Covidence's tags: a word or a
short phrase to find the record again ("background", "check full text").
Labels are yours: while the review is blind no other screener sees them,
directly or through counts; a lead sees who labelled what, and so does everyone
once blind mode is off. A label on a duplicate goes on its cluster's primary.

--remove takes labels off (it undoes an add; both are logged). In the screen,
l adds or removes a label on the record shown, completing from the labels you
used before. 'winnow records --label L' lists the records you labelled L;
'show' and the CSV exports carry labels too.`,
		Example: `  winnow --reviewer bob label 12 background 'check full text'
  winnow --reviewer bob label doi:10.1136/bmj.n71 RCT
  winnow --reviewer bob label 12 background --remove
  winnow --reviewer bob records --label background`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			st, by, err := a.openNamed(ctx, "labelling")
			if err != nil {
				return err
			}
			defer st.Close()
			l, err := screening.Label(ctx, st, by, ref, args[1:], remove)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, l)
			}
			verb := "labelled"
			if remove {
				verb = "took off"
			}
			quoted := make([]string, len(l.Changed))
			for i, c := range l.Changed {
				quoted[i] = strconv.Quote(c)
			}
			switch {
			case len(l.Changed) == 0 && remove:
				fmt.Fprintf(a.streams.Err, "record %d: none of those labels was on it\n", l.Record)
			case len(l.Changed) == 0:
				fmt.Fprintf(a.streams.Err, "record %d: those labels were on it already\n", l.Record)
			case remove:
				fmt.Fprintf(a.streams.Err, "record %d: %s %s\n", l.Record, verb, ui.SafeLine(strings.Join(quoted, ", ")))
			default:
				fmt.Fprintf(a.streams.Err, "record %d %s %s\n", l.Record, verb, ui.SafeLine(strings.Join(quoted, ", ")))
			}
			fmt.Fprintf(a.streams.Out, "%d\t%s\n", l.Record, ui.SafeLine(strings.Join(l.Labels, "; ")))
			return nil
		},
	}
	cmd.Flags().BoolVar(&remove, "remove", false, "take the labels off instead")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: the record, the labels changed and your labels on it now")
	return cmd
}
