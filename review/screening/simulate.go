package screening

import (
	"context"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/store"
)

// ErrLeadsOnly refuses a lead's view to a screener while the review is
// blind.
var ErrLeadsOnly = review.ErrLeadsOnly

// ReviewLabels gives a review's own final decisions as a finished review
// for `winnow simulate --from-review`: a record kept for screening is
// included (1) when it was included at full text, excluded (0) when it
// was excluded at either stage or its report not retrieved; records
// still waiting for a decision are left out. A lead's view while the
// review is blind.
func ReviewLabels(ctx context.Context, st *store.Store, viewer review.Viewer) ([]rank.Labelled, error) {
	if err := review.CheckLead(viewer, "simulate", "the review's decisions", "it reads the final decisions"); err != nil {
		return nil, err
	}
	ta, err := st.FinalOutcomes(ctx, review.TitleAbstract)
	if err != nil {
		return nil, err
	}
	ft, err := st.FinalOutcomes(ctx, review.FullText)
	if err != nil {
		return nil, err
	}
	notRetrieved, err := st.NotRetrieved(ctx)
	if err != nil {
		return nil, err
	}
	var out []rank.Labelled
	err = st.EachRecord(ctx, store.RecordQuery{}, func(r *review.Record) error {
		var included bool
		switch {
		case ft[r.ID] == review.Included:
			included = true
		case ft[r.ID] == review.Excluded, ta[r.ID] == review.Excluded, notRetrieved[r.ID]:
		default:
			return nil
		}
		out = append(out, rank.Labelled{ID: r.ID, Title: r.Title, Abstract: r.Abstract, Keywords: strings.Join(r.Keywords, "; "), Included: included})
		return nil
	})
	return out, err
}
