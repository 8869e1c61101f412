package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"unicode/utf8"

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
// stage ("" when none). screenedArray writes it field by field, and
// TestScreenedJSON holds that to json.MarshalIndent of this type.
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
	if f.Outcome != "" {
		// A value --outcome does not take is a command line winnow
		// cannot read (exit 2), as with --decision.
		if f.Outcome, err = screening.ParseFilterOutcome(f.Outcome); err != nil {
			return usageError{err}
		}
	}
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
		// The listing streams: whatever its length, it holds a few MB
		// at a time, so the collector may wait for more garbage than
		// its default of as much again (at a million records, a sixth
		// of the listing's CPU), unless GOGC says otherwise.
		if os.Getenv("GOGC") == "" {
			defer debug.SetGCPercent(debug.SetGCPercent(streamGCPercent))
		}
		arr := newScreenedArray(a.streams.Out)
		err := screening.Screened(ctx, st, team, viewer, f, arr.Add)
		if err != nil {
			return err
		}
		return arr.Close()
	}
	t := ui.NewTable("id", "year", "authors", "title", "decision", "reason", "note", "labels")
	t.Shrink = 3
	t.Stream(a.streams)
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

// streamGCPercent is the collector's target (GOGC) while a listing
// streams: the heap may grow to five times what is live.
const streamGCPercent = 400

// screenedArray writes `records --decision --json`'s array: the bytes
// ui.JSONArray's Add would write for each screenedJSON (json.MarshalIndent
// with the array's indent), put together field by field. MarshalIndent
// marshals by reflection and then indents in a second pass over the
// bytes: at a million records that was 0.8 s of a 1.9 s listing of
// 66,667. TestScreenedJSON holds the two byte for byte.
type screenedArray struct {
	*ui.JSONArray
	buf []byte
}

func newScreenedArray(w io.Writer) *screenedArray {
	return &screenedArray{JSONArray: ui.NewJSONArray(w)}
}

// Add writes one record with the listed reviewer's decision on it.
func (a *screenedArray) Add(s store.Screened) error {
	a.buf = appendScreenedJSON(a.buf[:0], s)
	return a.AddEncoded(a.buf)
}

// appendScreenedJSON appends screenedJSON{toJSON(s.Record), ...} as
// json.MarshalIndent(v, "  ", "  ") writes it, for a record as listings
// read it (no raw text; none of show's fields).
func appendScreenedJSON(b []byte, s store.Screened) []byte {
	r := s.Record
	key := func(b []byte, k string) []byte {
		b = append(b, ",\n    \""...)
		b = append(b, k...)
		return append(b, "\": "...)
	}
	str := func(b []byte, k, v string) []byte { return appendJSONString(key(b, k), v) }
	num := func(b []byte, k string, v int64) []byte { return strconv.AppendInt(key(b, k), v, 10) }
	list := func(b []byte, k string, n int, item func(int) string) []byte {
		b = key(b, k)
		if n == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n      "...)
			b = appendJSONString(b, item(i))
		}
		return append(b, "\n    ]"...)
	}
	b = append(b, "{\n    \"id\": "...)
	b = strconv.AppendInt(b, r.ID, 10)
	b = str(b, "title", r.Title)
	b = list(b, "authors", len(r.Authors), func(i int) string { return r.Authors[i].String() })
	if r.Year != 0 {
		b = num(b, "year", int64(r.Year))
	} else {
		b = append(key(b, "year"), "null"...)
	}
	b = str(b, "journal", r.Journal)
	b = str(b, "volume", r.Volume)
	b = str(b, "issue", r.Issue)
	b = str(b, "pages", r.Pages)
	b = str(b, "doi", r.DOI)
	b = str(b, "pmid", r.PMID)
	b = str(b, "issn", r.ISSN)
	b = str(b, "type", r.Type)
	b = str(b, "language", r.Language)
	b = list(b, "keywords", len(r.Keywords), func(i int) string { return r.Keywords[i] })
	b = str(b, "url", r.URL)
	b = str(b, "abstract", r.Abstract)
	b = str(b, "source", r.Source)
	b = num(b, "search_id", r.SearchID)
	b = str(b, "source_id", r.SourceID)
	b = num(b, "line", int64(r.Line))
	if r.Raw != "" {
		b = str(b, "raw", r.Raw)
	}
	if r.DuplicateOf != 0 {
		b = num(b, "duplicate_of", r.DuplicateOf)
	}
	if r.Withdrawn {
		b = append(key(b, "withdrawn"), "true"...)
	}
	b = str(b, "decision", string(s.Vote.Decision))
	b = str(b, "reason", s.Vote.Reason)
	b = str(b, "note", s.Vote.Note)
	b = list(b, "labels", len(s.Labels), func(i int) string { return s.Labels[i] })
	return append(b, "\n  }"...)
}

// appendJSONString appends v as a JSON string as encoding/json writes it:
// quotes, backslashes and control characters escaped, and <, >, &, U+2028
// and U+2029 as \u escapes (its HTML-safe default); invalid UTF-8 becomes
// U+FFFD.
func appendJSONString(b []byte, v string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, v[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, v[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, v[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, v[start:]...)
	return append(b, '"')
}
