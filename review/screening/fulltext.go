package screening

import (
	"context"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// SetFullText records that the report of the record ref names was
// obtained (f.State review.Retrieved, with its file and SHA-256) or could
// not be (review.NotRetrievedState), for the acting reviewer; it returns
// the record (the cluster's primary).
//
// Full texts are the full-text stage's work: while the review is blind, a
// screener records them once that stage is open to them (StageOpen), as
// they decide there, since a refusal that names the record's
// title-abstract outcome would tell them how the others decided; a lead
// records them at any time. The store refuses a full text for a record
// excluded at title-abstract (review.ExcludedAtTitleAbstract), and "not
// retrieved" for one that has not reached full text.
func SetFullText(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, ref review.Ref, f review.FullTextState) (int64, error) {
	if by.Name == "" {
		return 0, review.Need("reviewer", review.ErrNoReviewer, "a full text needs a reviewer")
	}
	if err := StageOpen(ctx, st, viewer, review.FullText); err != nil {
		return 0, err
	}
	id, err := FindRef(ctx, st, ref)
	if err != nil {
		return 0, err
	}
	f.RecordID, f.By = id, by.Name
	return id, st.SetFullText(ctx, f)
}
