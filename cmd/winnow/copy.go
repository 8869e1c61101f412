package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

func newCopyCmd(a *app) *cobra.Command {
	var from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "copy --from SRC --to DST",
		Short: "Move a whole review between SQLite and PostgreSQL, checked table by table",
		Long: `Copy a whole review, every row of every table with its history, from SRC to DST:
an SQLite file or a postgres:// URL each way. DST must not exist yet (a file), or be
an empty database or schema (PostgreSQL; a database that does not exist is created
when the user may). The rows go in one transaction on DST; before it commits, every
table's rows are counted and checksummed on both sides, and a difference abandons
the copy. The copy adds one line to the log ("copy"); SRC is not changed.

--from defaults to the review (--db or WINNOW_DB). A lead copies (the copy holds
every reviewer's decisions); in a review with no lead yet, anyone.`,
		Example: `  winnow --reviewer alice copy --from review.db --to postgres://alice@db.example.org/ipc_review?sslmode=require
  winnow --reviewer alice copy --from postgres://alice@db.example.org/ipc_review --to archive/ipc-final.db`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usageError{fmt.Errorf("say where to copy the review with --to (a new file, or a postgres:// URL)")}
			}
			if from == "" {
				from = a.db
			}
			if from == to {
				return usageError{fmt.Errorf("--from and --to are both %s", from)}
			}
			ctx := cmd.Context()
			src, err := store.Open(ctx, from)
			if err != nil {
				return copyFlag("--from", err)
			}
			defer src.Close()
			team, err := src.Team(ctx)
			if err != nil {
				return err
			}
			by, err := review.Lead(team, a.reviewer)
			if err != nil {
				return err
			}
			res, err := store.Copy(ctx, src, to, by.Name)
			if err != nil {
				return copyFlag("--to", err)
			}
			if asJSON {
				return ui.JSON(a.streams.Out, res)
			}
			t := ui.NewTable("TABLE", "ROWS", "SHA256")
			var rows int64
			for _, s := range res.Tables {
				t.Row(s.Table, fmt.Sprint(s.Rows), s.Sum[:16])
				rows += s.Rows
			}
			if err := t.Print(a.streams); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "copied %s to %s: %d tables, %d rows, the same on both sides\n", res.From, res.To, len(res.Tables), rows)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the review to copy (default: --db or WINNOW_DB)")
	cmd.Flags().StringVar(&to, "to", "", "where to copy it: a new SQLite file, or a postgres:// URL of an empty database")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tables copied as JSON")
	return cmd
}

// copyFlag words the refusal of a location (--from or --to) for copy:
// where other commands name --db and winnow init, it names the flag of
// copy that gave the location.
func copyFlag(flag string, err error) error {
	var r *review.Refusal
	if !errors.As(err, &r) {
		return err
	}
	switch {
	case r.Fix == review.FixLocation:
		return &review.Refusal{Msg: flag + " " + r.Msg, Err: r.Err}
	case flag == "--to" && errors.Is(err, store.ErrExists):
		msg := r.Msg
		if r.Fix == review.FixOtherFile || r.Fix == "" {
			msg = strings.TrimSuffix(msg, ": winnow init never overwrites one") + ": winnow copy never writes over one"
		}
		return &review.Refusal{Msg: msg + "; give --to a new file, or an empty PostgreSQL database", Err: r.Err}
	case flag == "--from" && errors.Is(err, store.ErrNoReview):
		return &review.Refusal{Msg: r.Msg + " (--from)", Err: r.Err}
	}
	return err
}
