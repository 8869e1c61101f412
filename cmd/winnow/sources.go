package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

func newSourcesCmd(a *app) *cobra.Command {
	var asJSON, files bool
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List what was searched, with the records from each source",
		Long: `List each source with its kind, the date it was searched, the files imported
from it and their records. --files lists each imported file (search) instead.
A withdrawn search (see 'winnow sources withdraw --help') counts under
withdrawn, not under files and records; --files shows when it was withdrawn.`,
		Example: `  winnow sources
  winnow sources --files
  winnow sources --json`,
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
				t := ui.NewTable("search", "source", "kind", "searched", "file", "format", "records", "identified", "skipped", "imported", "by", "withdrawn")
				t.Shrink = 4
				for _, s := range searches {
					withdrawn := ""
					if s.Withdrawn != nil {
						withdrawn = s.Withdrawn.Local().Format("2006-01-02 15:04") + " by " + s.WithdrawnBy
					}
					t.Row(strconv.FormatInt(s.ID, 10), s.Source, string(s.Kind), s.Searched, s.File, s.Format,
						strconv.Itoa(s.Records), strconv.Itoa(s.Found()), strconv.Itoa(s.Skipped), s.Imported.Local().Format("2006-01-02 15:04"), s.By, withdrawn)
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
			// The withdrawn column appears once a search is withdrawn.
			total, withdrawn := review.SourceTotals(sources)
			cols := []string{"source", "kind", "searched", "files", "records"}
			if withdrawn > 0 {
				cols = append(cols, "withdrawn")
			}
			t := ui.NewTable(cols...)
			for _, s := range sources {
				row := []string{s.Source, string(s.Kind), s.Searched, strconv.Itoa(s.Files), strconv.Itoa(s.Records)}
				if withdrawn > 0 {
					row = append(row, strconv.Itoa(s.Withdrawn))
				}
				t.Row(row...)
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
				if withdrawn > 0 {
					fmt.Fprintf(a.streams.Out, "%s withdrawn (see `winnow sources --files`)\n", plural(withdrawn, "search"))
				}
			}
			return nil
		},
	}
	addJSONFlag(cmd, &asJSON)
	cmd.Flags().BoolVar(&files, "files", false, "list each imported file")
	cmd.AddCommand(newIdentifiedCmd(a), newWithdrawCmd(a), newRestoreCmd(a))
	return cmd
}

// searchArg reads a SEARCH argument: a number from 'winnow sources --files'.
func searchArg(arg string) (int64, error) {
	search, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || search < 1 {
		return 0, usageError{fmt.Errorf("%q is not a search number: 'winnow sources --files' lists them", arg)}
	}
	return search, nil
}

func newWithdrawCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "withdraw SEARCH --note TEXT",
		Short: "Take back a search imported by mistake (lead)",
		Long: `Withdraw a search (a number from 'winnow sources --files'): its records leave
every queue, listing, search, dedup run, status count and the PRISMA flow, but
stay in the review file and the log ('winnow show N' still shows one, marked
withdrawn), and the same file may be imported again. Nothing is deleted:
'winnow sources restore SEARCH' brings it all back.

It is refused, naming the records, while people's work rests on any of them:
a screening decision (any reviewer, any stage, even one undone since), a
lead's resolution, a full-text state, a link or verdict made by a person in
dedup, a study link, or a charting answer. Links that dedup made between the
search's records and others stop counting: a cluster whose primary was one of
them gets a new primary and keeps its decisions.`,
		Example: `  winnow --reviewer alice sources withdraw 4 --note "Embase export of the wrong search"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			search, err := searchArg(args[0])
			if err != nil {
				return err
			}
			if strings.TrimSpace(note) == "" {
				return usageError{errors.New("say why the search is withdrawn with --note TEXT: the log keeps it")}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := importer.Withdraw(cmd.Context(), st, lead, search, note)
			if err != nil {
				return err
			}
			leave := "leave"
			if w.Search.Records == 1 {
				leave = "leaves"
			}
			fmt.Fprintf(a.streams.Err, "search %d (%s, %s) withdrawn: %s %s the review%s\n", w.Search.ID, ui.SafeLine(w.Search.File), ui.SafeLine(w.Search.Source),
				plural(w.Search.Records, "record"), leave, regrouped(w, "stop counting"))
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why the search is withdrawn (required)")
	return cmd
}

func newRestoreCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "restore SEARCH [--note TEXT]",
		Short: "Bring a withdrawn search back (lead)",
		Long: `Restore a withdrawn search: its records and their dedup links count again, as
if it had never been withdrawn. The next 'winnow dedup' compares its records
with those imported since, and may link them further. Refused while another
live search holds the same file content (withdraw that one first).`,
		Example: `  winnow --reviewer alice sources restore 4 --note "it was the right file after all"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			search, err := searchArg(args[0])
			if err != nil {
				return err
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := importer.Restore(cmd.Context(), st, lead, search, note)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "search %d (%s, %s) restored: %s back in the review%s\n", w.Search.ID, ui.SafeLine(w.Search.File), ui.SafeLine(w.Search.Source),
				plural(w.Search.Records, "record"), regrouped(w, "count again"))
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why it is restored")
	return cmd
}

// regrouped says what a withdrawal or restoration did to the links.
func regrouped(w *store.Withdrawal, links string) string {
	out := ""
	if w.Links > 0 {
		if w.Links == 1 {
			links = strings.Replace(strings.Replace(links, "stop", "stops", 1), "count again", "counts again", 1)
		}
		out += fmt.Sprintf("; %s with other records %s", plural(w.Links, "automatic link"), links)
	}
	if len(w.Primaries) > 0 {
		out += fmt.Sprintf("; clusters regrouped under records %s", review.JoinIDs(w.Primaries))
	}
	for _, l := range w.Broken {
		out += fmt.Sprintf("; %d and %d left apart (a person called them different)", l.A, l.B)
	}
	return out
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
		RunE: func(cmd *cobra.Command, args []string) error {
			search, err := searchArg(args[0])
			if err != nil {
				return err
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
