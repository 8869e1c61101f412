package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

func newShowCmd(a *app) *cobra.Command {
	var asJSON, raw bool
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: "Show one record in full",
		Long: `Show a record: its fields, its abstract, and where it came from. REF is the
record's number, doi:<DOI> or pmid:<PMID>. --raw prints the record's text as
it stood in the export file.`,
		Example: `  winnow show 12
  winnow show doi:10.1136/bmj.n71
  winnow show pmid:33782057 --raw`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if raw && asJSON {
				return usageError{errors.New("give --raw or --json, not both (the JSON carries the raw text as \"raw\")")}
			}
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			sh, err := screening.Show(ctx, st, viewer, ref)
			if err != nil {
				return err
			}
			r := sh.Record
			if sh.Withdrawn != nil {
				fmt.Fprintln(a.streams.Err, sh.Withdrawn)
			}
			if sh.Asked != 0 {
				fmt.Fprintf(a.streams.Err, "record %d is linked as a duplicate of record %d: showing %d\n", sh.Asked, r.ID, r.ID)
			}
			switch {
			case asJSON && sh.Withdrawn != nil:
				return ui.JSON(a.streams.Out, toJSON(r))
			case asJSON:
				j := toJSON(r)
				j.Decisions, j.FullText, j.Resolutions, j.Notes, j.Labels = sh.Votes, sh.FullText, sh.Resolutions, sh.Notes, sh.Labels
				return ui.JSON(a.streams.Out, j)
			case raw:
				_, err := io.WriteString(a.streams.Out, ui.Safe(r.Raw)+"\n")
				return err
			}
			if err := printRecord(a.streams, r, sh.Place); err != nil {
				return err
			}
			if sh.Withdrawn != nil {
				return nil
			}
			printScreening(a.streams, sh.Votes, sh.Notes, sh.FullText, sh.Blinded)
			if viewer.Blind && viewer.Name == "" {
				// Said whatever the record holds, so that it tells
				// nothing of whether anyone decided it.
				fmt.Fprintln(a.streams.Err, "blind mode: decisions and notes are not shown without a name: give --reviewer NAME or WINNOW_REVIEWER to see your own (a lead sees all)")
			}
			printLabels(a.streams, sh.Labels)
			if len(sh.Resolutions) > 0 {
				fmt.Fprintln(a.streams.Out, "\nResolved")
				var rows [][2]string
				for _, r := range sh.Resolutions {
					rows = append(rows, [2]string{string(r.Stage), describeResolution(&r)})
				}
				ui.Fields(a.streams.Out, rows)
			}
			if len(sh.Duplicates) > 0 {
				fmt.Fprintf(a.streams.Out, "\nDuplicates: %s (linked; to take one out: `winnow dedup unlink REF`)\n", review.JoinIDs(sh.Duplicates))
			}
			if len(sh.Also) > 0 {
				fmt.Fprintf(a.streams.Err, "also %s: records %s\n", ref, review.JoinIDs(sh.Also))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, with the raw text")
	cmd.Flags().BoolVar(&raw, "raw", false, "print the record's text as it stood in the export")
	return cmd
}

func printRecord(s *ui.Streams, r *review.Record, place string) error {
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	where := fmt.Sprintf("%s, search %d, %s", r.Source, r.SearchID, place)
	if r.SourceID != "" {
		where += ", id " + r.SourceID
	}
	if r.Withdrawn {
		where += " (withdrawn)"
	}
	fmt.Fprintf(s.Out, "Record %d\n\n", r.ID)
	err := ui.Fields(s.Out, [][2]string{
		{"Title", r.DisplayTitle()},
		{"Authors", r.AuthorNames()},
		{"Year", year},
		{"Journal", citation(r)},
		{"DOI", r.DOI},
		{"PMID", r.PMID},
		{"ISSN", r.ISSN},
		{"Type", r.Type},
		{"Language", r.Language},
		{"Keywords", strings.Join(r.Keywords, "; ")},
		{"URL", r.URL},
		{"Source", where},
	})
	if err != nil {
		return err
	}
	if r.Abstract != "" {
		width := s.Width
		if width <= 0 || width > 100 {
			width = 80
		}
		fmt.Fprintf(s.Out, "\n%s\n", ui.Wrap(ui.Safe(r.Abstract), width))
	}
	return nil
}

// citation gives "Journal 12(3):45-67".
func citation(r *review.Record) string {
	c := r.Journal
	if r.Volume != "" {
		c += " " + r.Volume
	}
	if r.Issue != "" {
		c += "(" + r.Issue + ")"
	}
	if r.Pages != "" {
		c += ":" + r.Pages
	}
	return strings.TrimSpace(c)
}

// printScreening prints the decisions and notes the viewer may see and
// the full text's state.
func printScreening(s *ui.Streams, votes []review.Vote, notes []review.Note, ft *review.FullTextState, blinded bool) {
	if len(votes) > 0 {
		fmt.Fprintln(s.Out, "\nDecisions")
		var rows [][2]string
		for _, v := range votes {
			d := string(v.Decision)
			if v.Reason != "" {
				d += " (" + v.Reason + ")"
			}
			if v.Note != "" {
				d += "; note: " + v.Note
			}
			rows = append(rows, [2]string{string(v.Stage) + " " + v.Reviewer, d})
		}
		ui.Fields(s.Out, rows)
	}
	if len(notes) > 0 {
		fmt.Fprintln(s.Out, "\nNotes (no decision yet)")
		var rows [][2]string
		for _, n := range notes {
			rows = append(rows, [2]string{string(n.Stage) + " " + n.Reviewer, n.Text})
		}
		ui.Fields(s.Out, rows)
	}
	if ft != nil {
		state := ft.State
		if ft.File != "" {
			state += ": " + ft.File
		}
		if ft.Note != "" {
			state += " (" + ft.Note + ")"
		}
		fmt.Fprintf(s.Out, "\nFull text: %s\n", ui.SafeLine(state))
	}
	if blinded {
		fmt.Fprintln(s.Err, "blind mode: only your own decisions and notes are shown")
	}
}

// printLabels prints the labels the viewer may see, a line per
// reviewer.
func printLabels(s *ui.Streams, labels []review.Label) {
	if len(labels) == 0 {
		return
	}
	fmt.Fprintln(s.Out, "\nLabels")
	var rows [][2]string
	for _, l := range labels {
		if n := len(rows); n > 0 && rows[n-1][0] == l.Reviewer {
			rows[n-1][1] += "; " + l.Label
			continue
		}
		rows = append(rows, [2]string{l.Reviewer, l.Label})
	}
	ui.Fields(s.Out, rows)
}
