package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
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
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			ids, err := st.FindRef(ctx, ref)
			if errors.Is(err, store.ErrWithdrawn) && ref.ID != 0 {
				// A withdrawn record is still in the file: shown as it
				// is, with no screening.
				fmt.Fprintln(a.streams.Err, err)
				return showWithdrawn(ctx, a, st, ref.ID, asJSON, raw)
			}
			if err != nil {
				return err
			}
			r, err := st.Record(ctx, ids[0])
			if err != nil {
				return err
			}
			if ref.ID != 0 && ref.ID != r.ID {
				fmt.Fprintf(a.streams.Err, "record %d is linked as a duplicate of record %d: showing %d\n", ref.ID, r.ID, r.ID)
			}
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			votes, err := st.VotesOn(ctx, r.ID, viewer)
			if err != nil {
				return err
			}
			notes, err := st.NotesOn(ctx, r.ID, viewer)
			if err != nil {
				return err
			}
			labels, err := st.LabelsOn(ctx, r.ID, viewer)
			if err != nil {
				return err
			}
			ft, err := st.FullText(ctx, r.ID)
			if err != nil {
				return err
			}
			if ft != nil && screening.StageOpen(ctx, st, viewer, review.FullText) != nil {
				// Only a record every screener included gets a report
				// sought: a blind screener may not see it before full
				// text opens to them.
				ft = nil
			}
			var resolutions []review.Resolution
			if viewer.SeesAll() {
				for _, stage := range review.Stages {
					d, err := st.Disagreement(ctx, r.ID, stage)
					if err != nil {
						return err
					}
					if d != nil && d.Resolution != nil {
						resolutions = append(resolutions, *d.Resolution)
					}
				}
			}
			switch {
			case asJSON:
				j := toJSON(r)
				j.Decisions, j.FullText, j.Resolutions, j.Notes, j.Labels = votes, ft, resolutions, notes, labels
				return ui.JSON(a.streams.Out, j)
			case raw:
				_, err := io.WriteString(a.streams.Out, ui.Safe(r.Raw)+"\n")
				return err
			}
			if err := printRecord(a.streams, r); err != nil {
				return err
			}
			printScreening(a.streams, votes, notes, ft, viewer)
			printLabels(a.streams, labels)
			if len(resolutions) > 0 {
				fmt.Fprintln(a.streams.Out, "\nResolved")
				var rows [][2]string
				for _, r := range resolutions {
					rows = append(rows, [2]string{string(r.Stage), describeResolution(&r)})
				}
				ui.Fields(a.streams.Out, rows)
			}
			if cluster, err := st.ClusterOf(ctx, r.ID); err == nil && len(cluster) > 1 {
				fmt.Fprintf(a.streams.Out, "\nDuplicates: %s (linked; to take one out: `winnow dedup unlink REF`)\n", joinIDs(cluster[1:]))
			}
			if len(ids) > 1 {
				fmt.Fprintf(a.streams.Err, "also %s: records %s\n", ref, joinIDs(ids[1:]))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, with the raw text")
	cmd.Flags().BoolVar(&raw, "raw", false, "print the record's text as it stood in the export")
	return cmd
}

// showWithdrawn shows a record of a withdrawn search.
func showWithdrawn(ctx context.Context, a *app, st *store.Store, id int64, asJSON, raw bool) error {
	r, err := st.Record(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case asJSON:
		return ui.JSON(a.streams.Out, toJSON(r))
	case raw:
		_, err := io.WriteString(a.streams.Out, ui.Safe(r.Raw)+"\n")
		return err
	}
	return printRecord(a.streams, r)
}

func printRecord(s *ui.Streams, r *review.Record) error {
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	where := fmt.Sprintf("%s, search %d, line %d", r.Source, r.SearchID, r.Line)
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

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
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

// printScreening prints the decisions and notes the viewer may see and
// the full text's state.
func printScreening(s *ui.Streams, votes []review.Vote, notes []review.Note, ft *review.FullTextState, viewer review.Viewer) {
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
	if !viewer.SeesAll() && len(votes)+len(notes) > 0 {
		fmt.Fprintln(s.Err, "blind mode: only your own decisions and notes are shown")
	}
}
