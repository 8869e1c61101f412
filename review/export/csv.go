package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/internal/csvcell"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// The CSV's columns. Every export has the record's own; the excluded set
// adds the stage each record was excluded at; a viewer who sees every
// decision gets the outcome columns too.
var (
	recordColumns  = []string{"id", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract", "keywords", "source"}
	outcomeColumns = []string{"ta_outcome", "ft_outcome", "ft_reason", "ta_decisions", "ft_decisions"}
)

// ReasonInConflict stands in the ft_reason column for a record every
// screener excluded at full text for different reasons, while no lead has
// settled the reason.
const ReasonInConflict = "reason in conflict"

// csvWriter writes one row per record, with a header.
type csvWriter struct {
	w        *csv.Writer
	set      Set
	outcomes bool
	// votes gives the decisions on a record's cluster the viewer may see.
	votes  func(id int64) ([]review.Vote, error)
	header bool
	row    []string
}

func newCSVWriter(w io.Writer, set Set, outcomes bool) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), set: set, outcomes: outcomes}
}

func (cw *csvWriter) columns() []string {
	cols := append([]string(nil), recordColumns...)
	if cw.set == store.ExportExcluded {
		cols = append(cols, "stage")
	}
	if cw.outcomes {
		cols = append(cols, outcomeColumns...)
	}
	return cols
}

func (cw *csvWriter) writeHeader() error {
	if cw.header {
		return nil
	}
	cw.header = true
	return cw.w.Write(cw.columns())
}

func (cw *csvWriter) write(e *store.Exported) error {
	if err := cw.writeHeader(); err != nil {
		return err
	}
	r := &e.Record
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	row := append(cw.row[:0], strconv.FormatInt(r.ID, 10), r.Title, r.AuthorNames(), year, r.Journal, r.Volume, r.Issue,
		r.Pages, r.DOI, r.PMID, r.Abstract, strings.Join(r.Keywords, "; "), r.Source)
	if cw.set == store.ExportExcluded {
		row = append(row, string(excludedAt(e)))
	}
	if cw.outcomes {
		cells, err := cw.outcomeCells(e)
		if err != nil {
			return err
		}
		row = append(row, cells...)
	}
	for i, c := range row {
		row[i] = Neutralise(c)
	}
	cw.row = row
	return cw.w.Write(row)
}

// close writes the header of an export with no records, so that the file
// still says what it would hold.
func (cw *csvWriter) close() error {
	if err := cw.writeHeader(); err != nil {
		return err
	}
	cw.w.Flush()
	return cw.w.Error()
}

// outcomeCells gives a record's outcome at each stage, its full-text
// exclusion reason, and the decisions at each stage.
func (cw *csvWriter) outcomeCells(e *store.Exported) ([]string, error) {
	ta := string(e.TA.Outcome)
	if ta == "" {
		ta = string(review.Pending)
	}
	ft := ""
	if e.Reached {
		ft = string(e.FT.Outcome)
		if ft == "" {
			ft = string(review.Pending)
		}
	}
	reason := ""
	if e.FT.Outcome == review.Excluded {
		reason = e.FT.Reason
		if reason == "" && e.FT.ReasonConflict {
			reason = ReasonInConflict
		}
	}
	var votes []review.Vote
	if e.TA.Outcome != "" || e.FT.Outcome != "" {
		// A cluster with no outcome at any stage has no decisions.
		var err error
		if votes, err = cw.votes(e.Record.ID); err != nil {
			return nil, err
		}
	}
	return []string{ta, ft, reason,
		decisions(votes, review.TitleAbstract, e.TA.Resolved),
		decisions(votes, review.FullText, e.FT.Resolved)}, nil
}

// excludedAt gives the stage a record of the excluded set was excluded
// at: full text when it was excluded there, else title-abstract.
func excludedAt(e *store.Exported) review.Stage {
	if e.FT.Outcome == review.Excluded {
		return review.FullText
	}
	return review.TitleAbstract
}

// decisions writes the decisions at a stage side by side, as `winnow
// conflicts` does: "bob: include; carol: exclude (wrong setting)", then
// the lead's resolution when one is in force.
func decisions(votes []review.Vote, stage review.Stage, resolved review.Decision) string {
	var out []string
	for _, v := range votes {
		if v.Stage != stage {
			continue
		}
		s := fmt.Sprintf("%s: %s", v.Reviewer, v.Decision)
		if v.Reason != "" {
			s += fmt.Sprintf(" (%s)", v.Reason)
		}
		out = append(out, s)
	}
	if resolved != review.Withdrawn {
		out = append(out, "resolved: "+string(resolved))
	}
	return strings.Join(out, "; ")
}

// Neutralise keeps a cell from being read as a formula by a spreadsheet
// (csvcell.Neutralise, the one rule for every CSV winnow writes).
func Neutralise(cell string) string { return csvcell.Neutralise(cell) }
