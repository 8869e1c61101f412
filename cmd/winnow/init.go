package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/review/store"
)

func newInitCmd(a *app) *cobra.Command {
	var title string
	var screeners int
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a review (a file, or a PostgreSQL database)",
		Long: `Create a new review: winnow.db in the working directory, or the file named by
--db or WINNOW_DB. init never overwrites an existing file.

--db postgres://USER@HOST/DATABASE makes the review in PostgreSQL, for a team on
several machines: the database is created when it does not exist (and the user may),
and must otherwise be empty. The password comes from PGPASSWORD or ~/.pgpass, never
from the URL.`,
		Example: `  winnow init --title "Integrated primary care and social services"
  winnow --db reviews/ipc.db init --title "IPC scoping review"
  winnow --db 'postgres://alice@db.example.org/ipc?sslmode=verify-full' init --title "IPC scoping review"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if screeners < 1 || screeners > 10 {
				return usageError{fmt.Errorf("--screeners must be between 1 and 10, not %d", screeners)}
			}
			st, err := store.Create(cmd.Context(), a.db, title, screeners, a.reviewer)
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(a.streams.Err, "created review %s", a.db)
			if title != "" {
				fmt.Fprintf(a.streams.Err, " (%q)", title)
			}
			fmt.Fprintln(a.streams.Err, "\nnext: add the team with `winnow team add NAME --lead`, then import your exports with `winnow import`")
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the review's title")
	cmd.Flags().IntVar(&screeners, "screeners", 2, "screeners per record")
	return cmd
}
