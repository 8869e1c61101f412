package screening

import (
	"context"
	"errors"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/store"
)

// Shown is one record as a viewer may see it (`winnow show REF`).
type Shown struct {
	Record *review.Record
	// Place is where the record starts in its export: "line 12", or
	// "row 12" of a workbook.
	Place string
	// Withdrawn says why only the record is shown: its search was
	// withdrawn, it is kept in the review as it was, with no screening.
	Withdrawn error
	// Asked is the record the REF named when it is a duplicate of Record
	// (the cluster's primary, which is shown); 0 otherwise.
	Asked int64
	// Also are other records the REF names (a DOI shared by records not
	// linked as duplicates).
	Also []int64
	// What the viewer may see of the screening.
	Votes       []review.Vote
	Notes       []review.Note
	Labels      []review.Label
	FullText    *review.FullTextState
	Resolutions []review.Resolution
	// Duplicates are the other records of its cluster.
	Duplicates []int64
	// Blinded is set when the viewer sees only their own decisions and
	// notes of the record because the review is blind.
	Blinded bool
}

// Show looks up the record a REF names and what of its screening the
// viewer may see: their own decisions and notes while the review is blind
// (everyone's otherwise), the full text's state only once the full-text
// stage is open to the viewer (a report is sought only for a record every
// screener included), and resolutions only to a viewer who sees all.
func Show(ctx context.Context, st *store.Store, viewer review.Viewer, ref review.Ref) (*Shown, error) {
	ids, err := st.FindRef(ctx, ref)
	if errors.Is(err, store.ErrWithdrawn) && ref.ID != 0 {
		r, rerr := st.Record(ctx, ref.ID)
		if rerr != nil {
			return nil, rerr
		}
		r.Raw = viewer.Raw(r.Raw)
		place, rerr := placeOf(ctx, st, r)
		if rerr != nil {
			return nil, rerr
		}
		return &Shown{Record: r, Place: place, Withdrawn: err}, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := st.Record(ctx, ids[0])
	if err != nil {
		return nil, err
	}
	r.Raw = viewer.Raw(r.Raw)
	sh := &Shown{Record: r, Also: ids[1:]}
	if sh.Place, err = placeOf(ctx, st, r); err != nil {
		return nil, err
	}
	if ref.ID != 0 && ref.ID != r.ID {
		sh.Asked = ref.ID
	}
	if sh.Votes, err = st.VotesOn(ctx, r.ID, viewer); err != nil {
		return nil, err
	}
	if sh.Notes, err = st.NotesOn(ctx, r.ID, viewer); err != nil {
		return nil, err
	}
	if sh.Labels, err = st.LabelsOn(ctx, r.ID, viewer); err != nil {
		return nil, err
	}
	sh.Blinded = !viewer.SeesAll() && len(sh.Votes)+len(sh.Notes) > 0
	if sh.FullText, err = st.FullText(ctx, r.ID); err != nil {
		return nil, err
	}
	if sh.FullText != nil && StageOpen(ctx, st, viewer, review.FullText) != nil {
		sh.FullText = nil
	}
	if viewer.SeesAll() {
		for _, stage := range review.Stages {
			d, err := st.Disagreement(ctx, r.ID, stage)
			if err != nil {
				return nil, err
			}
			if d != nil && d.Resolution != nil {
				sh.Resolutions = append(sh.Resolutions, *d.Resolution)
			}
		}
	}
	cluster, err := st.ClusterOf(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if len(cluster) > 1 {
		sh.Duplicates = cluster[1:]
	}
	return sh, nil
}

// placeOf names where r starts in the file of its search.
func placeOf(ctx context.Context, st *store.Store, r *review.Record) (string, error) {
	searches, err := st.Searches(ctx)
	if err != nil {
		return "", err
	}
	for _, s := range searches {
		if s.ID == r.SearchID {
			return formats.Format(s.Format).Place(r.Line), nil
		}
	}
	return formats.Format("").Place(r.Line), nil
}
