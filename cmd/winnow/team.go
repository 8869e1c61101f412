package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

func newTeamCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "team",
		Short: "List the review team, or add to it",
		Long: `List who screens and who leads. The first person added (usually the lead)
can be added by anyone; after that, only a lead adds members (while the team
has no lead, any member can).`,
		Example: `  winnow team add alice --lead
  winnow --reviewer alice team add bob
  winnow team --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			team, err := st.Team(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if team == nil {
					team = []review.Reviewer{}
				}
				return ui.JSON(a.streams.Out, team)
			}
			if len(team) == 0 {
				fmt.Fprintln(a.streams.Err, "no one is on the team yet: add the lead with `winnow team add NAME --lead`")
				return nil
			}
			t := ui.NewTable("name", "role", "added")
			for _, r := range team {
				role := r.Role()
				if r.Removed != nil {
					role += " (removed " + r.Removed.Local().Format("2006-01-02")
					if r.ReplacedBy != "" {
						role += ", replaced by " + r.ReplacedBy
					}
					role += ")"
				}
				t.Row(r.Name, role, r.Added.Local().Format("2006-01-02"))
			}
			return t.Print(a.streams)
		},
	}
	addJSONFlag(cmd, &asJSON)
	cmd.AddCommand(newTeamAddCmd(a), newTeamRemoveCmd(a), newTeamReplaceCmd(a))
	return cmd
}

func newTeamAddCmd(a *app) *cobra.Command {
	var lead bool
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a reviewer to the team (--lead for a lead)",
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := review.ValidName(name); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			team, err := st.Team(ctx)
			if err != nil {
				return err
			}
			by, err := review.Lead(team, a.reviewer)
			if err != nil {
				return err
			}
			added, err := st.AddReviewer(ctx, name, lead, by.Name)
			if err != nil {
				return err
			}
			role := "reviewer"
			if lead {
				role = "lead"
			}
			switch {
			case added:
				fmt.Fprintf(a.streams.Err, "added %s to the team as %s\n", name, role)
			case lead:
				fmt.Fprintf(a.streams.Err, "%s is on the team and now a lead\n", name)
			default:
				fmt.Fprintf(a.streams.Err, "%s is already on the team\n", name)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&lead, "lead", false, "the new member leads: resolves conflicts and manages the team")
	return cmd
}
