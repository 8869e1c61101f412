package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// app carries what every command needs: the streams and the global flags.
type app struct {
	streams  *ui.Streams
	db       string
	reviewer string
}

func run(args []string, streams *ui.Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := &app{streams: streams}
	root := newRootCmd(a)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	// A usage error points at the help of the command that was run
	// (with its flags and examples), not at the list of commands.
	help := "winnow --help"
	if cmd != nil && cmd != root {
		help = cmd.CommandPath() + " --help"
	}
	return reportError(ctx, streams, err, help)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "winnow",
		Short: "Screening for systematic and scoping reviews, in the terminal",
		Long: `winnow brings the exports of every database searched into one review file,
links duplicates, lets two reviewers screen blind (in prioritised order if
they like), resolves conflicts, charts the included studies on a form with
dual extraction, and reports the PRISMA 2020 flow as numbers, CSV and a figure.

The review is one SQLite file: winnow.db in the working directory, or the
file named by --db or WINNOW_DB. Say who you are with --reviewer or
WINNOW_REVIEWER; every change is logged with that name.`,
		Example: `  winnow init --title "Integrated care for older adults"
  winnow team add alice --lead
  winnow --reviewer alice import medline.nbib --source MEDLINE --kind database --searched 2020-06-16
  winnow records --search "integrated care"
  winnow show 12`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if a.db == "" {
				a.db = os.Getenv("WINNOW_DB")
			}
			if a.db == "" {
				a.db = "winnow.db"
			}
			if a.reviewer == "" {
				a.reviewer = os.Getenv("WINNOW_REVIEWER")
			}
			a.reviewer = strings.TrimSpace(a.reviewer)
			return nil
		},
	}
	root.SetIn(a.streams.In)
	root.SetOut(a.streams.Out)
	root.SetErr(a.streams.Err)
	root.SetUsageTemplate(root.UsageTemplate() + "\n" + exitHelp + "\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&a.db, "db", "", "the review: an SQLite file, or a postgres:// URL (default $WINNOW_DB or winnow.db)")
	root.PersistentFlags().StringVar(&a.reviewer, "reviewer", "", "who is acting (default $WINNOW_REVIEWER)")
	root.AddCommand(
		newInitCmd(a),
		newTeamCmd(a),
		newImportCmd(a),
		newSourcesCmd(a),
		newRecordsCmd(a),
		newShowCmd(a),
		newLogCmd(a),
		newDedupCmd(a),
		newReasonsCmd(a),
		newHighlightCmd(a),
		newScreenCmd(a),
		newDecideCmd(a),
		newLabelCmd(a),
		newFulltextCmd(a),
		newPilotCmd(a),
		newConflictsCmd(a),
		newResolveCmd(a),
		newAgreementCmd(a),
		newExportCmd(a),
		newPrismaCmd(a),
		newReportCmd(a),
		newStudyCmd(a),
		newChartCmd(a),
		newStopCmd(a),
		newSimulateCmd(a),
		newStatusCmd(a),
		newDemoCmd(a),
		newBlindCmd(a),
		newConfigCmd(a),
		newCopyCmd(a),
	)
	checkUsage(root)
	return root
}

// checkUsage makes every mistake in a command line a usage error (exit
// 2), on c and the commands under it: a wrong number of arguments, a
// required flag left out, and an unknown command. cobra reports the last
// two as plain errors of its own, so the checks run here first: a
// command's Args check runs before cobra's flag checks, and a command
// that only groups others is given one that refuses any argument. A
// command that declares no Args takes the arguments its Use line names
// (checkArgs, args.go), and says what is missing in its own words.
func checkUsage(c *cobra.Command) {
	check := c.Args
	switch {
	case !c.Runnable() && c.HasSubCommands():
		check = unknownCommand
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	case check == nil:
		check = checkArgs
	}
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			var ue usageError
			if errors.As(err, &ue) {
				return err
			}
			return usageError{fmt.Errorf("%s%w", where(cmd), err)}
		}
		return missingFlags(cmd)
	}
	for _, sub := range c.Commands() {
		checkUsage(sub)
	}
}

// unknownCommand refuses the arguments of a command that only groups
// others: the first is a command it does not have.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return errors.New(msg)
}

// missingFlags names every required flag left out, each with its help
// text, which lists the values it takes.
func missingFlags(cmd *cobra.Command) error {
	var missing []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if req := f.Annotations[cobra.BashCompOneRequiredFlag]; len(req) > 0 && req[0] == "true" && !f.Changed {
			help := strings.TrimSuffix(f.Usage, " (required)")
			missing = append(missing, fmt.Sprintf("--%s is required: %s", f.Name, help))
		}
	})
	if len(missing) == 0 {
		return nil
	}
	return usageError{fmt.Errorf("%s%s", where(cmd), strings.Join(missing, "; "))}
}

// where begins a usage error with the command it is about ("winnow
// import: "); run already prefixes every error with "winnow: ".
func where(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return ""
	}
	return cmd.CommandPath() + ": "
}

// open opens the review named by --db.
func (a *app) open(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, a.db)
}

// openView opens the review to read it as the viewer (--reviewer) may see
// it; the store is closed again on an error.
func (a *app) openView(ctx context.Context) (*store.Store, review.Viewer, error) {
	st, err := a.open(ctx)
	if err != nil {
		return nil, review.Viewer{}, err
	}
	viewer, err := a.viewer(ctx, st)
	if err != nil {
		st.Close()
		return nil, review.Viewer{}, err
	}
	return st, viewer, nil
}

// openAs opens the review for a change made by the acting reviewer (see
// actor); the store is closed again when the reviewer is refused.
func (a *app) openAs(ctx context.Context) (*store.Store, review.Reviewer, error) {
	st, err := a.open(ctx)
	if err != nil {
		return nil, review.Reviewer{}, err
	}
	by, err := a.actor(ctx, st)
	if err != nil {
		st.Close()
		return nil, review.Reviewer{}, err
	}
	return st, by, nil
}

// openNamed is openAs for work that is always someone's own (screening,
// charting): --reviewer is required even before the team exists. doing
// says what, for the refusal ("screening").
func (a *app) openNamed(ctx context.Context, doing string) (*store.Store, review.Reviewer, error) {
	st, by, err := a.openAs(ctx)
	if err == nil && by.Name == "" {
		st.Close()
		err = review.Refuse(review.ErrNoReviewer, "say who is %s with --reviewer NAME or WINNOW_REVIEWER", doing)
	}
	return st, by, err
}

// actor is the reviewer making a change: anyone before the team exists,
// a team member after.
func (a *app) actor(ctx context.Context, st *store.Store) (review.Reviewer, error) {
	team, err := st.Team(ctx)
	if err != nil {
		return review.Reviewer{}, err
	}
	return review.Actor(team, a.reviewer)
}

// viewer is who reads the review (--reviewer), with what they may see:
// while the review is blind, a screener sees only their own decisions and
// no outcomes; without --reviewer, the most restricted view.
func (a *app) viewer(ctx context.Context, st *store.Store) (review.Viewer, error) {
	team, err := st.Team(ctx)
	if err != nil {
		return review.Viewer{}, err
	}
	set, err := st.ScreeningSettings(ctx)
	if err != nil {
		return review.Viewer{}, err
	}
	return review.ViewerOf(team, a.reviewer, set.Blind)
}

// readInput reads a file named on the command line, or standard input
// for "-", and gives the name its errors should carry (file:line).
func (a *app) readInput(file string) (string, []byte, error) {
	if file == "-" {
		data, err := io.ReadAll(a.streams.In)
		return "stdin", data, err
	}
	data, err := os.ReadFile(file)
	return filepath.Base(file), data, err
}

// addFormatFlag adds --format to a command whose tables also print as
// Markdown or CSV, for a paper.
func addFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVar(format, "format", "table", "table, md (Markdown) or csv")
}

// tableFormat reads --format; --json and another format together are a
// usage error.
func tableFormat(format string, asJSON bool) (ui.Format, error) {
	f, err := ui.ParseFormat(format)
	if err != nil {
		return "", usageError{err}
	}
	if asJSON && f != ui.FormatTable {
		return "", usageError{fmt.Errorf("give --json or --format %s, not both", f)}
	}
	return f, nil
}

// openLead opens the review for a change only a lead may make.
func (a *app) openLead(cmd *cobra.Command) (*store.Store, review.Reviewer, error) {
	ctx := cmd.Context()
	st, err := a.open(ctx)
	if err != nil {
		return nil, review.Reviewer{}, err
	}
	team, err := st.Team(ctx)
	if err == nil {
		var by review.Reviewer
		if by, err = review.Lead(team, a.reviewer); err == nil {
			return st, by, nil
		}
	}
	st.Close()
	return nil, review.Reviewer{}, err
}
