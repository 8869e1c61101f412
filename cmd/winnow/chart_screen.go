package main

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/chartform"
	"github.com/winnow-review/winnow/review"
)

// chartScreen opens one study's charting form in the terminal, for the
// acting reviewer; each answer is saved as it is given.
func chartScreen(a *app, cmd *cobra.Command, ref review.Ref) error {
	if !a.streams.StdinTTY || !a.streams.StdoutTTY {
		return errors.New("winnow chart REF needs a terminal to show the form: without one, give answers with `winnow chart set REF FIELD=VALUE...` or `winnow chart import FILE`")
	}
	ctx := cmd.Context()
	st, by, err := a.openNamed(ctx, "charting")
	if err != nil {
		return err
	}
	defer st.Close()
	session, err := charting.Open(ctx, st, by, ref)
	if err != nil {
		return err
	}
	m := chartform.New(ctx, chartform.Options{Session: session, Color: a.streams.Color, Open: openFile})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.streams.In), tea.WithOutput(a.streams.Out))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return err
	}
	fmt.Fprintf(a.streams.Err, "record %d: %s saved; %d of %d fields answered by %s\n", session.Record.ID,
		plural(m.Saved(), "answer"), m.Answered(), len(session.Form.Fields), ui.SafeLine(by.Name))
	return nil
}
