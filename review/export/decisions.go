package export

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// MyDecisions is the set `export --set my-decisions` names: the viewer's
// own current decisions, as a decisions file.
const MyDecisions = "my-decisions"

// DecisionColumns are the columns `winnow decide --file` reads, in its
// order, then the reviewer's labels on the record (joined with "; "),
// which decide --file passes over: labels change with `winnow label`.
var DecisionColumns = []string{"record", "reviewer", "stage", "decision", "reason", "note", "labels"}

// WriteMyDecisions writes the viewer's own current decisions at both
// stages, in stage then record order, as CSV with the columns `winnow
// decide --file` reads, so that the file loads back as it is. The note is
// their latest on the record (as `records --decision` shows it). Nothing
// in it is anyone else's, blind or not. Reason and note cells that a
// spreadsheet would run as a formula get a leading ' (as every CSV winnow
// writes), which a load keeps.
func WriteMyDecisions(ctx context.Context, st *store.Store, viewer review.Viewer, w io.Writer) (int, error) {
	if viewer.Name == "" {
		return 0, review.Need("reviewer", review.ErrNoReviewer, "exporting decisions needs a reviewer")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(DecisionColumns); err != nil {
		return 0, err
	}
	n := 0
	for _, stage := range review.Stages {
		err := st.EachScreened(ctx, store.ScreenedQuery{Reviewer: viewer.Name, Stage: stage}, func(s store.Screened) error {
			n++
			v := s.Vote
			return cw.Write([]string{strconv.FormatInt(v.RecordID, 10), v.Reviewer, string(stage), string(v.Decision), Neutralise(v.Reason), Neutralise(v.Note), Neutralise(store.JoinLabels(s.Labels))})
		})
		if err != nil {
			return n, err
		}
	}
	cw.Flush()
	return n, cw.Error()
}
