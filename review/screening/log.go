package screening

import (
	"context"
	"errors"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Log gives the review's log as the viewer may see it: every event, or
// (ref given) those of the record it names. A record of a withdrawn
// search keeps its history in the log, so its number still names it.
func Log(ctx context.Context, st *store.Store, viewer review.Viewer, ref *review.Ref) ([]review.Event, error) {
	var id int64
	if ref != nil {
		ids, err := st.FindRef(ctx, *ref)
		switch {
		case errors.Is(err, store.ErrWithdrawn) && ref.ID != 0:
			id = ref.ID
		case err != nil:
			return nil, err
		default:
			id = ids[0]
		}
	}
	return st.Events(ctx, id, viewer)
}
