package export

import (
	"encoding/csv"
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
	outcomeColumns = []string{"ta_outcome", "ft_outcome", "ft_reason", "ta_resolution", "ft_resolution"}
	// screenerColumns are each screener's group, after the outcomes:
	// NAME_ta_decision, NAME_ta_reason, NAME_ta_note, then the same at
	// full text, then NAME_labels (their labels on the record, joined
	// with "; ").
	screenerColumns = []string{"decision", "reason", "note"}
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
	votes func(id int64) ([]review.Vote, error)
	// labels are the labels on, by cluster and reviewer.
	labels map[int64]map[string][]string
	header bool
	row    []string
	// screeners are the team, in its order: one group of columns each.
	screeners []string
}

func newCSVWriter(w io.Writer, set Set, outcomes bool, screeners []string) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), set: set, outcomes: outcomes, screeners: screeners}
}

func (cw *csvWriter) columns() []string {
	cols := append([]string(nil), recordColumns...)
	if cw.set == store.ExportExcluded {
		cols = append(cols, "stage")
	}
	if cw.outcomes {
		cols = append(cols, outcomeColumns...)
		for _, name := range cw.screeners {
			for _, stage := range review.Stages {
				for _, c := range screenerColumns {
					cols = append(cols, name+"_"+stage.Short()+"_"+c)
				}
			}
			cols = append(cols, name+"_labels")
		}
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
	cells := []string{ta, ft, reason, string(e.TA.Resolved), string(e.FT.Resolved)}
	for _, name := range cw.screeners {
		for _, stage := range review.Stages {
			var mine review.Vote
			for _, v := range votes {
				if v.Stage == stage && strings.EqualFold(v.Reviewer, name) {
					mine = v
				}
			}
			cells = append(cells, string(mine.Decision), mine.Reason, mine.Note)
		}
		var labels []string
		for who, ls := range cw.labels[e.Record.ID] {
			if strings.EqualFold(who, name) {
				labels = ls
			}
		}
		cells = append(cells, store.JoinLabels(labels))
	}
	return cells, nil
}

// excludedAt gives the stage a record of the excluded set was excluded
// at: full text when it was excluded there, else title-abstract.
func excludedAt(e *store.Exported) review.Stage {
	if e.FT.Outcome == review.Excluded {
		return review.FullText
	}
	return review.TitleAbstract
}

// Neutralise keeps a cell from being read as a formula by a spreadsheet
// (csvcell.Neutralise, the one rule for every CSV winnow writes).
func Neutralise(cell string) string { return csvcell.Neutralise(cell) }
