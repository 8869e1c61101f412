package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/screening"
)

func newTeamRemoveCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take a member off the team mid-review (lead); their decisions stay",
		Long: `Take a member off the team. Their decisions stay in the history, in the
outcomes and in the agreement figures; the records they had not decided stay
in the pool every other member's queue draws from, so each record still gets
the decisions the screeners setting asks for; conflicts they were part of stay
for a lead to resolve. From then on every command refuses their name. A lead
adds them back with ` + "`winnow team add NAME`" + `.`,
		Example: `  winnow --reviewer alice team remove bob
  winnow --reviewer alice team remove bob --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.teamDeparture(cmd, args[0], "", asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what the member leaves behind as JSON")
	return cmd
}

func newTeamReplaceCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "replace OLD NEW",
		Short: "Replace a member with a new one mid-review (lead); OLD's decisions stay",
		Long: `Take OLD off the team and add NEW with OLD's role, in one step. NEW starts with
no decisions of their own and screens, like everyone else, the records still
needing decisions, those OLD left undecided among them. OLD's decisions stay
in the history, the outcomes and the agreement figures, and OLD can no longer
act.`,
		Example: `  winnow --reviewer alice team replace bob dana`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.teamDeparture(cmd, args[0], args[1], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what the member leaves behind as JSON")
	return cmd
}

func (a *app) teamDeparture(cmd *cobra.Command, name, replacement string, asJSON bool) error {
	ctx := cmd.Context()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := screening.Remove(ctx, st, a.reviewer, name, replacement)
	if err != nil {
		return err
	}
	if asJSON {
		return ui.JSON(a.streams.Out, d)
	}
	w := a.streams.Err
	if d.ReplacedBy != "" {
		fmt.Fprintf(w, "replaced %s by %s\n", d.Name, d.ReplacedBy)
	} else {
		fmt.Fprintf(w, "removed %s from the team\n", d.Name)
	}
	fmt.Fprintf(w, "%s's decisions stay: %d at title-abstract, %d at full text; open conflicts they are part of: %d (a lead resolves them)\n",
		d.Name, d.DecidedTA, d.DecidedFT, d.Conflicts)
	if d.Shortfall {
		fmt.Fprintf(w, "warning: %d member(s) left to screen but each record needs %d decisions: add one with `winnow team add NAME`\n", d.Screening, d.Screeners)
	}
	return nil
}
