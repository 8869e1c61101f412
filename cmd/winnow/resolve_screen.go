package main

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui/resolve"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/screening"
)

// resolveScreen opens the open conflicts of a stage in the terminal, for
// a lead.
func resolveScreen(a *app, cmd *cobra.Command, stage review.Stage) error {
	if !a.streams.StdinTTY || !a.streams.StdoutTTY {
		return errors.New("winnow resolve needs a terminal to show the conflicts one at a time: without one, list them with `winnow conflicts` and resolve with `winnow resolve REF include|exclude --stage S` or `winnow resolve --file resolutions.csv`")
	}
	ctx := cmd.Context()
	st, lead, err := a.openLead(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	viewer, err := a.viewer(ctx, st)
	if err != nil {
		return err
	}
	session, err := conflicts.Open(ctx, st, lead, viewer, stage)
	if err != nil {
		return err
	}
	if session.Left == 0 {
		fmt.Fprintf(a.streams.Err, "no open conflicts at %s\n", stage)
		return nil
	}
	reasons, err := screening.Reasons(ctx, st, viewer)
	if err != nil {
		return err
	}
	highlights, err := st.Highlights(ctx, lead.Name)
	if err != nil {
		return err
	}
	m := resolve.New(ctx, resolve.Options{Session: session, Reasons: reasons, Highlights: highlights, Color: a.streams.Color, Open: openFile})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.streams.In), tea.WithOutput(a.streams.Out))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return err
	}
	if err := m.Err(); err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "%s saved at %s; %d conflicts open\n", plural(m.Resolved(), "resolution"), stage, session.Left)
	return nil
}
