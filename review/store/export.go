package store

import (
	"context"
	"fmt"

	"github.com/winnow-review/winnow/review"
)

// ExportSet names a set of records an export writes (see review/export).
// Every set holds cluster primaries only, in record order.
type ExportSet string

// The sets of records an export can write.
const (
	// ExportIncluded: included at full text.
	ExportIncluded ExportSet = "included"
	// ExportExcluded: excluded at title-abstract or at full text.
	ExportExcluded ExportSet = "excluded"
	// ExportTAIncluded: went on from title-abstract to full text.
	ExportTAIncluded ExportSet = "ta-included"
	// ExportFTExcluded: excluded at full text.
	ExportFTExcluded ExportSet = "ft-excluded"
	// ExportAll: every record that goes to screening.
	ExportAll ExportSet = "all"
)

// ExportSets lists the sets in the order help and errors name them.
var ExportSets = []ExportSet{ExportIncluded, ExportExcluded, ExportTAIncluded, ExportFTExcluded, ExportAll}

// ExportOutcome is a record's outcome at one stage as the outcomes table
// keeps it. Outcome is empty when the record has none there: nobody has
// decided it, or (at full text) it has not reached the stage.
type ExportOutcome struct {
	Outcome review.Outcome
	// Resolved is the lead's decision in force, if any.
	Resolved review.Decision
	// Reason is the final exclusion reason: the one every screener gave,
	// or the lead's; empty while a conflict on the reason is open.
	Reason         string
	ReasonConflict bool
}

// Exported is one record of an export: the record with its raw text, the
// format of the file it was imported from, and its outcome at each stage.
type Exported struct {
	Record review.Record
	// Format is the format of the record's file (searches.format: ris,
	// bibtex, medline, ...).
	Format string
	TA, FT ExportOutcome
	// Reached reports whether the record went on to full text (included
	// at title-abstract, or a conflict forwarded there).
	Reached bool
}

// exportWhere narrows the export query to a set; stage, with
// ExportExcluded, keeps the records excluded at that stage only. The
// full-text outcome is joined only for records that reached full text
// (a full-text outcome stays behind when a title-abstract decision
// changes, and must then not count).
func exportWhere(set ExportSet, stage review.Stage) (string, error) {
	switch set {
	case ExportAll:
		return ``, nil
	case ExportTAIncluded:
		return ` AND ta.advances = 1`, nil
	case ExportIncluded:
		return ` AND ft.outcome = 'included'`, nil
	case ExportFTExcluded:
		return ` AND ft.outcome = 'excluded'`, nil
	case ExportExcluded:
		switch stage {
		case review.TitleAbstract:
			return ` AND ta.outcome = 'excluded'`, nil
		case review.FullText:
			return ` AND ft.outcome = 'excluded'`, nil
		}
		return ` AND (ta.outcome = 'excluded' OR ft.outcome = 'excluded')`, nil
	}
	return "", fmt.Errorf("store: no export set %q", set)
}

// ExportQuery selects the records of an export.
type ExportQuery struct {
	Set ExportSet
	// Stage, with ExportExcluded, keeps the records excluded at that
	// stage only; empty keeps both.
	Stage review.Stage
	// Raw loads each record's raw text (RIS and BibTeX write it; a CSV
	// does not need it, and it is most of a review's size).
	Raw bool
}

// EachExport calls fn for every record of a set, in record order, with its
// outcomes (and raw text when asked), without holding them all in memory.
// Whether the caller may see outcomes is the caller's to decide.
func (s *Store) EachExport(ctx context.Context, q ExportQuery, fn func(*Exported) error) error {
	where, err := exportWhere(q.Set, q.Stage)
	if err != nil {
		return err
	}
	raw := `''`
	if q.Raw {
		raw = `r.raw`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+recordColumns+`, `+raw+`, s.format,
		coalesce(ta.outcome, ''), coalesce(ta.resolved, ''), coalesce(ta.reason, ''), coalesce(ta.reason_conflict, 0), coalesce(ta.advances, 0),
		coalesce(ft.outcome, ''), coalesce(ft.resolved, ''), coalesce(ft.reason, ''), coalesce(ft.reason_conflict, 0)
		FROM records r JOIN searches s ON s.id = r.search_id
		LEFT JOIN outcomes ta ON ta.stage = 'title-abstract' AND ta.record_id = r.id
		LEFT JOIN outcomes ft ON ft.stage = 'full-text' AND ft.record_id = r.id AND ta.advances = 1
		WHERE r.primary_id IS NULL AND `+live("r")+where+` ORDER BY r.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e Exported
		var ta, ft [2]string
		row := withExtra{rows, []any{&e.Format, &ta[0], &ta[1], &e.TA.Reason, &e.TA.ReasonConflict, &e.Reached,
			&ft[0], &ft[1], &e.FT.Reason, &e.FT.ReasonConflict}}
		r, err := scanRecord(row)
		if err != nil {
			return err
		}
		e.Record = *r
		e.TA.Outcome, e.TA.Resolved = review.Outcome(ta[0]), review.Decision(ta[1])
		e.FT.Outcome, e.FT.Resolved = review.Outcome(ft[0]), review.Decision(ft[1])
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// withExtra scans a row into a record's columns (scanRecord's) and the
// extra columns that follow them.
type withExtra struct {
	row   scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error {
	return w.row.Scan(append(dest, w.extra...)...)
}
