package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

var errNegativeLimit = errors.New("--limit must be 0 (all) or more")

// recordJSON is a record as `records --json` and `show --json` print it.
// Its keys are a contract for scripts.
type recordJSON struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Authors  []string `json:"authors"`
	Year     *int     `json:"year"`
	Journal  string   `json:"journal"`
	Volume   string   `json:"volume"`
	Issue    string   `json:"issue"`
	Pages    string   `json:"pages"`
	DOI      string   `json:"doi"`
	PMID     string   `json:"pmid"`
	ISSN     string   `json:"issn"`
	Type     string   `json:"type"`
	Language string   `json:"language"`
	Keywords []string `json:"keywords"`
	URL      string   `json:"url"`
	Abstract string   `json:"abstract"`
	Source   string   `json:"source"`
	SearchID int64    `json:"search_id"`
	SourceID string   `json:"source_id"`
	Line     int      `json:"line"`
	Raw      string   `json:"raw,omitempty"`
	// DuplicateOf is the primary's number for a linked duplicate.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Withdrawn (show only) marks a record of a withdrawn search.
	Withdrawn bool `json:"withdrawn,omitempty"`
	// Decisions (show only) are the screening decisions on the record's
	// cluster that the viewer may see; FullText its full-text state.
	Decisions []review.Vote         `json:"decisions,omitempty"`
	FullText  *review.FullTextState `json:"fulltext,omitempty"`
	// Resolutions (show only, for those who see every decision) are the
	// lead's resolutions in force on the record's cluster.
	Resolutions []review.Resolution `json:"resolutions,omitempty"`
	// Notes (show only) are the screeners' notes the viewer may see that
	// no decision carries: notes on records not decided yet.
	Notes []review.Note `json:"notes,omitempty"`
	// Labels (show only) are the labels on the record's cluster the
	// viewer may see: their own while blind, everyone's for a lead.
	Labels []review.Label `json:"labels,omitempty"`
}

func toJSON(r *review.Record) recordJSON {
	j := recordJSON{
		ID: r.ID, Title: r.Title, Authors: make([]string, len(r.Authors)), Journal: r.Journal,
		Volume: r.Volume, Issue: r.Issue, Pages: r.Pages, DOI: r.DOI, PMID: r.PMID, ISSN: r.ISSN,
		Type: r.Type, Language: r.Language, Keywords: r.Keywords, URL: r.URL, Abstract: r.Abstract,
		Source: r.Source, SearchID: r.SearchID, SourceID: r.SourceID, Line: r.Line, Raw: r.Raw,
		DuplicateOf: r.DuplicateOf, Withdrawn: r.Withdrawn,
	}
	for i, au := range r.Authors {
		j.Authors[i] = au.String()
	}
	if r.Year != 0 {
		y := r.Year
		j.Year = &y
	}
	if j.Keywords == nil {
		j.Keywords = []string{}
	}
	return j
}

func newRecordsCmd(a *app) *cobra.Command {
	var q store.RecordQuery
	var asJSON bool
	var orderFlag, stageFlag string
	var f screening.Filter
	cmd := &cobra.Command{
		Use:   "records",
		Short: "List records, or search them",
		Long: `List the records of the review in import order, or those matching --search.
Records linked as duplicates of another are left out unless --all.

Search looks in titles, abstracts, authors and keywords, ignoring case and
accents: every word must match; "a phrase" in quotes; a trailing * matches a
prefix (integrat*); OR and NOT (in capitals) combine terms.

--order relevance lists your title-abstract queue (--reviewer) in the order
'winnow screen --order prioritised' would show it: most relevant first, as
predicted from the decisions you may learn from.

--decision lists the records on which your own current decision at --stage
(ta by default) is the one given: include, exclude, maybe, or undecided (the
records in your queue you have not decided yet); with --search, only those
that match. A changed decision counts as it stands now. Each comes with your
decision, reason and note (the latest note you saved on it). A lead (anyone
once blind mode is off) may add --by NAME to list NAME's decisions, and
--outcome included|excluded|conflict|pending|resolved; while the review is
blind, a screener who asks for them is refused.

--label L lists the records you labelled L (winnow label), decided or not;
with --decision (or --by, --outcome) only those. Labels are the listed
reviewer's: yours, or NAME's with --by.`,
		Example: `  winnow records
  winnow records --search 'integrat* "primary care"'
  winnow records --search 'frailty OR multimorbidity' --json
  winnow records --limit 20
  winnow --reviewer bob records --order relevance --limit 20
  winnow --reviewer bob records --decision maybe
  winnow --reviewer bob records --stage ft --decision exclude --json
  winnow --reviewer alice records --by bob --outcome conflict
  winnow --reviewer bob records --label background
  winnow --reviewer bob records --decision maybe --label 'check full text' --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if q.Limit < 0 {
				return usageError{errNegativeLimit}
			}
			if f.Decision != "" || f.By != "" || f.Outcome != "" || f.Label != "" {
				if orderFlag != "imported" || q.All {
					return usageError{errors.New("--decision, --by, --outcome and --label list the records of a stage: --order and --all do not go with them")}
				}
				return screenedRecords(a, cmd, f, stageFlag, q, asJSON)
			}
			if cmd.Flags().Changed("stage") {
				return usageError{errors.New("--stage goes with --decision, --by, --outcome or --label")}
			}
			switch orderFlag {
			case "", "imported":
			case "relevance":
				if q.Search != "" || q.All {
					return usageError{errors.New("--order relevance lists your title-abstract queue: --search and --all do not go with it")}
				}
				return rankedRecords(a, cmd, q.Limit, asJSON)
			default:
				return usageError{fmt.Errorf("order %q: give imported or relevance", orderFlag)}
			}
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if asJSON {
				arr := ui.NewJSONArray(a.streams.Out)
				if err := st.EachRecord(ctx, q, func(r *review.Record) error { return arr.Add(toJSON(r)) }); err != nil {
					return err
				}
				return arr.Close()
			}
			headers := []string{"id", "year", "authors", "title", "source"}
			if q.All {
				headers = append(headers, "duplicate_of")
			}
			t := ui.NewTable(headers...)
			t.Shrink = 3
			err = st.EachRecord(ctx, q, func(r *review.Record) error {
				year := ""
				if r.Year != 0 {
					year = strconv.Itoa(r.Year)
				}
				row := []string{strconv.FormatInt(r.ID, 10), year, r.FirstAuthor(), r.DisplayTitle(), r.Source}
				if q.All {
					dup := ""
					if r.DuplicateOf != 0 {
						dup = strconv.FormatInt(r.DuplicateOf, 10)
					}
					row = append(row, dup)
				}
				t.Row(row...)
				return nil
			})
			if err != nil {
				return err
			}
			none := "no records yet: import some with `winnow import`"
			if q.Search != "" {
				none = "no records match"
			}
			return printOrNone(a, t, none)
		},
	}
	cmd.Flags().StringVar(&q.Search, "search", "", "search titles, abstracts, authors and keywords")
	cmd.Flags().IntVar(&q.Limit, "limit", 0, "list at most N records (default all)")
	cmd.Flags().BoolVar(&q.All, "all", false, "list linked duplicates too (with the record each duplicates)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of the records")
	cmd.Flags().StringVar(&orderFlag, "order", "imported", "imported, or relevance (your title-abstract queue ranked)")
	cmd.Flags().StringVar(&stageFlag, "stage", "ta", "with --decision, --by or --outcome: title-abstract (ta) or full-text (ft)")
	cmd.Flags().StringVar(&f.Decision, "decision", "", "your current decision: include, exclude, maybe, or undecided (in your queue)")
	cmd.Flags().StringVar(&f.By, "by", "", "list NAME's decisions instead of yours (while blind: leads only)")
	cmd.Flags().StringVar(&f.Outcome, "outcome", "", "included, excluded, conflict, pending or resolved (while blind: leads only)")
	cmd.Flags().StringVar(&f.Label, "label", "", "the records you (or --by NAME) labelled so")
	return cmd
}

// rankedRecords lists the acting reviewer's title-abstract queue ranked
// by predicted relevance.
func rankedRecords(a *app, cmd *cobra.Command, limit int, asJSON bool) error {
	ctx := cmd.Context()
	st, by, err := a.openNamed(ctx, "ranking the queue")
	if err != nil {
		return err
	}
	defer st.Close()
	viewer, err := a.viewer(ctx, st)
	if err != nil {
		return err
	}
	ids, model, err := screening.RankQueue(ctx, st, by, viewer)
	if err != nil {
		return err
	}
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	var arr *ui.JSONArray
	t := ui.NewTable("rank", "id", "year", "authors", "title")
	t.Shrink = 4
	if asJSON {
		arr = ui.NewJSONArray(a.streams.Out)
	}
	for i, id := range ids {
		r, err := st.Record(ctx, id)
		if err != nil {
			return err
		}
		if asJSON {
			if err := arr.Add(toJSON(r)); err != nil {
				return err
			}
			continue
		}
		year := ""
		if r.Year != 0 {
			year = strconv.Itoa(r.Year)
		}
		t.Row(strconv.Itoa(i+1), strconv.FormatInt(r.ID, 10), year, r.FirstAuthor(), r.DisplayTitle())
	}
	fmt.Fprintf(a.streams.Err, "ranked by %s\n", model)
	if asJSON {
		return arr.Close()
	}
	return printOrNone(a, t, "your title-abstract queue is empty")
}

// screenedJSON is a record as `records --decision --json` prints it: the
// record, with the listed reviewer's decision, reason and note at the
// stage ("" when none).
type screenedJSON struct {
	recordJSON
	Decision review.Decision `json:"decision"`
	Reason   string          `json:"reason"`
	Note     string          `json:"note"`
	Labels   []string        `json:"labels"`
}

// screenedRecords lists records by decision (and outcome) at a stage.
func screenedRecords(a *app, cmd *cobra.Command, f screening.Filter, stageFlag string, q store.RecordQuery, asJSON bool) error {
	ctx := cmd.Context()
	stage, err := review.ParseStage(stageFlag)
	if err != nil {
		return usageError{err}
	}
	f.Stage, f.Search, f.Limit = stage, q.Search, q.Limit
	if f.Decision != "" {
		if f.Decision, err = screening.ParseFilterDecision(f.Decision); err != nil {
			return usageError{err}
		}
	}
	f.Outcome = strings.ToLower(strings.TrimSpace(f.Outcome))
	st, viewer, err := a.openView(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	team, err := st.Team(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		arr := ui.NewJSONArray(a.streams.Out)
		err := screening.Screened(ctx, st, team, viewer, f, func(s store.Screened) error {
			labels := s.Labels
			if labels == nil {
				labels = []string{}
			}
			return arr.Add(screenedJSON{recordJSON: toJSON(s.Record), Decision: s.Vote.Decision, Reason: s.Vote.Reason, Note: s.Vote.Note, Labels: labels})
		})
		if err != nil {
			return err
		}
		return arr.Close()
	}
	t := ui.NewTable("id", "year", "authors", "title", "decision", "reason", "note", "labels")
	t.Shrink = 3
	err = screening.Screened(ctx, st, team, viewer, f, func(s store.Screened) error {
		r := s.Record
		year := ""
		if r.Year != 0 {
			year = strconv.Itoa(r.Year)
		}
		t.Row(strconv.FormatInt(r.ID, 10), year, r.FirstAuthor(), r.DisplayTitle(), string(s.Vote.Decision), s.Vote.Reason, s.Vote.Note, store.JoinLabels(s.Labels))
		return nil
	})
	if err != nil {
		return err
	}
	return printOrNone(a, t, "no records match")
}
