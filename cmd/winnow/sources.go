package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
)

func newSourcesCmd(a *app) *cobra.Command {
	var asJSON, files bool
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List what was searched, with the records from each source",
		Long: `List each source with its kind, the date it was searched, the files imported
from it and their records. --files lists each imported file (search) instead.`,
		Example: `  winnow sources
  winnow sources --files
  winnow sources --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if files {
				searches, err := st.Searches(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					if searches == nil {
						searches = []review.Search{}
					}
					return ui.JSON(a.streams.Out, searches)
				}
				t := ui.NewTable("search", "source", "kind", "searched", "file", "format", "records", "identified", "skipped", "imported", "by")
				t.Shrink = 4
				for _, s := range searches {
					t.Row(strconv.FormatInt(s.ID, 10), s.Source, string(s.Kind), s.Searched, s.File, s.Format,
						strconv.Itoa(s.Records), strconv.Itoa(max(s.Identified, s.Records)), strconv.Itoa(s.Skipped), s.Imported.Local().Format("2006-01-02 15:04"), s.By)
				}
				return printOrNone(a, t, "nothing imported yet: see `winnow import --help`")
			}
			sources, err := st.Sources(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if sources == nil {
					sources = []review.SourceSummary{}
				}
				return ui.JSON(a.streams.Out, sources)
			}
			t := ui.NewTable("source", "kind", "searched", "files", "records")
			total := 0
			for _, s := range sources {
				t.Row(s.Source, string(s.Kind), s.Searched, strconv.Itoa(s.Files), strconv.Itoa(s.Records))
				total += s.Records
			}
			if err := printOrNone(a, t, "nothing imported yet: see `winnow import --help`"); err != nil {
				return err
			}
			if t.Len() > 0 && a.streams.StdoutTTY {
				removed, err := st.DuplicatesRemoved(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Out, "%d records from %d sources; %d duplicates removed, %d to screen\n", total, t.Len(), removed, total-removed)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&files, "files", false, "list each imported file")
	cmd.AddCommand(newIdentifiedCmd(a))
	return cmd
}

func newIdentifiedCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "identified SEARCH N [--note TEXT]",
		Short: "Say how many records a database search found when fewer were imported (lead)",
		Long: `When records were removed before import (by an automation tool, or for other
reasons), the search found more records than its file holds. PRISMA counts
them as identified, then as removed before screening: say how many the search
(a number from 'winnow sources --files') found, and enter the removed records
with 'winnow prisma set excluded_automatic=N' or 'excluded_other=N'. Only
database and register searches have such a box. N = 0 goes back to the
records imported.`,
		Example: `  winnow --reviewer alice sources identified 1 3120 --note "PubMed search history, 2024-03-02"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			search, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || search < 1 {
				return usageError{fmt.Errorf("%q is not a search number: 'winnow sources --files' lists them", args[0])}
			}
			n, err := strconv.Atoi(args[1])
			if err != nil || n < 0 {
				return usageError{fmt.Errorf("%q is not a count of records", args[1])}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := prisma.SetIdentified(cmd.Context(), st, lead, search, n, note); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "search %d: %d records identified\n", search, n)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "where the count comes from")
	return cmd
}

// printOrNone prints t, or says on stderr that there is nothing to list.
func printOrNone(a *app, t *ui.Table, none string) error {
	if t.Len() == 0 {
		fmt.Fprintln(a.streams.Err, none)
		return nil
	}
	return t.Print(a.streams)
}
