package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui/screen"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

func newScreenCmd(a *app) *cobra.Command {
	var stageFlag, orderFlag, decisionFlag string
	cmd := &cobra.Command{
		Use:   "screen",
		Short: "Screen your queue in the terminal, one key per decision",
		Long: `Screen the records of your queue at a stage: i include, e exclude, m maybe,
s skip, u undo your last decision (or link), n note, r reason, d mark as a
duplicate of another record (both shown side by side; y links them), o open the
attached full text, / search your queue (] and [ step through the matches, esc
back), g go to a record by number, doi: or pmid: (one in your queue, or one you
decided, to change it), v show keywords, publication type and the sources of the
record's duplicates, arrows and PgUp/PgDn to scroll, ? help, q quit. Every
decision is saved the moment its key is pressed.

Your queue holds the records that reached the stage, that you have not decided,
and that still need a screener. The screen resumes after the record you decided
last; records you skip come round again. While the review is blind you see only
your own decisions. --order random walks your own shuffle of the queue (the
same every session, different from your colleagues').

--order prioritised (title-abstract) ranks your queue by predicted relevance:
TF-IDF over title, abstract and keywords and a naive Bayes model, trained on
your own decisions while the review is blind (a colleague's would leak through
the order), on the final outcomes too once it is not. Until you have one include
and one exclude the order is your own shuffle. After each decision the model
learns again in the background; the next record shows at once from the ranking
in hand. The log keeps the model, its settings, the decisions it learned from
and its seed. Nothing is excluded by the model: see 'winnow stop'.

--decision maybe (or include, exclude) revisits your own decisions of that
kind, in record order, instead of your queue: the header says so and shows
your decision on each record; a key decides again (a new decision: the earlier
one stays in the history and the log), s leaves it as it is, u puts back the
decision you changed. 'winnow records --decision maybe' lists them.`,
		Example: `  winnow --reviewer alice screen
  winnow --reviewer bob screen --order random
  winnow --reviewer bob screen --order prioritised
  winnow --reviewer alice screen --stage ft
  winnow --reviewer bob screen --decision maybe`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			order, err := screening.ParseOrder(orderFlag)
			if err != nil {
				return usageError{err}
			}
			var revisit review.Decision
			if decisionFlag != "" {
				if revisit, err = review.ParseDecision(decisionFlag); err != nil {
					return usageError{err}
				}
				if cmd.Flags().Changed("order") {
					return usageError{errors.New("--decision walks your decisions in record order: --order does not go with it")}
				}
			}
			if !a.streams.StdinTTY || !a.streams.StdoutTTY {
				return errors.New("winnow screen needs a terminal: without one, record decisions with `winnow decide REF include|exclude|maybe --stage S` or `winnow decide --file decisions.csv`")
			}
			if order == screening.Prioritised && revisit == review.Withdrawn && os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(screening.MemoryLimit)
			}
			ctx := cmd.Context()
			st, by, err := a.openNamed(ctx, "screening")
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			var session *screening.Session
			if revisit != review.Withdrawn {
				session, err = screening.OpenRevisit(ctx, st, by, viewer, stage, revisit)
			} else {
				session, err = screening.Open(ctx, st, by, viewer, stage, order)
			}
			if err != nil {
				return err
			}
			reasons, err := screening.Reasons(ctx, st, viewer)
			if err != nil {
				return err
			}
			highlights, err := st.Highlights(ctx, by.Name)
			if err != nil {
				return err
			}
			labels, err := st.LabelNames(ctx, viewer)
			if err != nil {
				return err
			}
			m := screen.New(ctx, screen.Options{Session: session, Reasons: reasons, Highlights: highlights, Labels: labels, Color: a.streams.Color, Open: openFile})
			p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.streams.In), tea.WithOutput(a.streams.Out))
			m.Watch(p.Send)
			_, runErr := p.Run()
			// The ranking being trained is finished and logged, whatever
			// ended the screen.
			if err := session.Close(context.WithoutCancel(ctx)); err != nil {
				return err
			}
			if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) {
				return runErr
			}
			if err := m.Err(); err != nil {
				return err
			}
			if revisit != review.Withdrawn {
				fmt.Fprintf(a.streams.Err, "%s changed at %s; %d of your %s decisions left to revisit\n", plural(m.Decided(), "decision"), stage, session.Left, revisit)
				return nil
			}
			fmt.Fprintf(a.streams.Err, "%s saved at %s; %d left in your queue\n", plural(m.Decided(), "decision"), stage, session.Left)
			if r := session.Ranking(); r != "" {
				fmt.Fprintf(a.streams.Err, "ranked by %s\n", r)
			}
			return nil
		},
	}
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().StringVar(&decisionFlag, "decision", "", "revisit your own decisions of this kind (include, exclude or maybe) to change them")
	cmd.Flags().StringVar(&orderFlag, "order", "imported", "imported (record order), random (your own shuffle) or prioritised (by predicted relevance)")
	return cmd
}

// openFile opens a full text with the system's opener (openCommand),
// without waiting for it.
func openFile(path string) error {
	name, args := openCommand(runtime.GOOS, os.Getenv("WINNOW_OPEN"), path)
	c := exec.Command(name, args...)
	if err := c.Start(); err != nil {
		return fmt.Errorf("cannot open %s with %s: %w (set WINNOW_OPEN to your PDF viewer)", path, name, err)
	}
	go c.Wait()
	return nil
}

// openCommand is the command that opens path on the system goos:
// $WINNOW_OPEN (env) when set, else the system's own opener: open on
// macOS, the file handler of the shell on Windows (as a double click
// opens it), xdg-open elsewhere.
func openCommand(goos, env, path string) (string, []string) {
	switch {
	case env != "":
		return env, []string{path}
	case goos == "darwin":
		return "open", []string{path}
	case goos == "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", path}
	}
	return "xdg-open", []string{path}
}
