package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/screening"
)

func newStatusCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "How far screening has come at each stage",
		Long: `Per stage: the records in it, how many you decided, and how many have all
their screeners' decisions; for a lead (or anyone once blind mode is off) also
the conflicts open (waiting for a lead) and resolved, the included and
excluded records so far, and each screener's progress. In --json, what you
may not see is null.

When title-abstract screening is prioritised (some screener's queue was
ranked), a lead also sees the statistical stopping rule of Callaghan &
Müller-Hansen (2020): the p-value of the hypothesis that recall is still below
95%, from the records screened in the order they were first decided (see
'winnow stop --rule buscar').`,
		Example: `  winnow --reviewer alice status
  winnow --reviewer bob status --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			stages, err := screening.Status(ctx, st, viewer)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, map[string]any{"stages": stages})
			}
			t := ui.NewTable("stage", "records", "decided by me", "complete", "conflicts open", "resolved", "included", "excluded")
			for _, s := range stages {
				t.Row(string(s.Stage), strconv.Itoa(s.Records), strconv.Itoa(s.DecidedByMe), strconv.Itoa(s.Complete),
					hidden(s.Conflicts), hidden(s.Resolved), hidden(s.Included), hidden(s.Excluded))
			}
			if err := t.Print(a.streams); err != nil {
				return err
			}
			for _, s := range stages {
				if s.Waiting != "" {
					fmt.Fprintf(a.streams.Err, "%s: %s\n", s.Stage, s.Waiting)
				}
				if s.NotRetrieved != nil && *s.NotRetrieved > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %s not retrieved\n", s.Stage, plural(*s.NotRetrieved, "report"))
				}
				if s.ReasonConflicts != nil && *s.ReasonConflicts > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %d of the open conflicts are on the exclusion reason (the records are excluded; the reason waits for a lead)\n", s.Stage, *s.ReasonConflicts)
				}
				if s.Forwarded != nil && *s.Forwarded > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %d open conflicts went on to full text (conflicts forward)\n", s.Stage, *s.Forwarded)
				}
			}
			for _, s := range stages {
				if p := s.Stopping; p != nil {
					advice := "keep screening"
					if p.Rejected {
						advice = "a lead may stop: winnow stop --rule buscar"
					}
					fmt.Fprintf(a.streams.Out, "%s: stopping rule %s: %s; %d of %d records screened, %d relevant: %s\n",
						s.Stage, p.Rule, p.Verdict, p.Screened, p.Records, p.Relevant, advice)
				}
				if s.AutoExcluded != nil {
					fmt.Fprintf(a.streams.Out, "%s: stopped; %d records excluded by automation, %d single-screened exclusions\n", s.Stage, *s.AutoExcluded, *s.SingleScreened)
				}
			}
			pt := ui.NewTable("stage", "screener", "decided", "since last include", "queue", "screened")
			for _, s := range stages {
				for _, p := range s.Screeners {
					pt.Row(string(s.Stage), p.Reviewer, strconv.Itoa(p.Decided), strconv.Itoa(p.SinceInclude), strconv.Itoa(p.Queue),
						strconv.FormatFloat(100*p.Screened, 'f', 1, 64)+"%")
				}
			}
			if pt.Len() > 0 {
				fmt.Fprintln(a.streams.Out)
				if err := pt.Print(a.streams); err != nil {
					return err
				}
			}
			if len(stages) > 0 && stages[0].Blinded() {
				fmt.Fprintln(a.streams.Err, "blind mode: conflicts, included and excluded are for leads until a lead runs `winnow blind off`")
			}
			return nil
		},
	}
	addJSONFlag(cmd, &asJSON)
	return cmd
}
