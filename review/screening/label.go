package screening

import (
	"context"
	"slices"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Labelled is what a `winnow label` did: the record labelled (the
// cluster's primary), the labels that changed, and the reviewer's labels
// on it now.
type Labelled struct {
	Record  int64    `json:"record"`
	Changed []string `json:"changed"`
	Labels  []string `json:"labels"`
}

// Label puts the acting reviewer's labels on a record, or (remove) takes
// them off. Any member of the team labels for themselves; the labels are
// theirs, as their decisions are, and a remove undoes an add (both
// logged). A label already on (or not on, to remove) is left as it is.
func Label(ctx context.Context, st *store.Store, by review.Reviewer, ref review.Ref, labels []string, remove bool) (Labelled, error) {
	if by.Name == "" {
		return Labelled{}, review.RefuseFix(review.ErrNoReviewer, review.FixSayWho, "", "say whose labels these are")
	}
	var clean []string
	for _, l := range labels {
		c, err := review.CleanLabel(l)
		if err != nil {
			return Labelled{}, err
		}
		clean = append(clean, c)
	}
	id, err := FindRef(ctx, st, ref)
	if err != nil {
		return Labelled{}, err
	}
	primary, changed, err := st.SetLabels(ctx, by.Name, id, clean, remove)
	if err != nil {
		return Labelled{}, err
	}
	now, err := st.LabelsOf(ctx, by.Name, primary)
	return Labelled{Record: primary, Changed: nonNil(changed), Labels: nonNil(now)}, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ToggleLabel puts a label on a record for the session's reviewer, or
// takes it off when it is on already (the screen's label key), logged as
// `winnow label` logs it. It gives the reviewer's labels on the record
// now and whether the label was added.
func (s *Session) ToggleLabel(ctx context.Context, id int64, label string) (labels []string, added bool, err error) {
	label, err = review.CleanLabel(label)
	if err != nil {
		return nil, false, err
	}
	on, err := s.st.LabelsOf(ctx, s.Reviewer.Name, id)
	if err != nil {
		return nil, false, err
	}
	added = !slices.Contains(on, label)
	if _, _, err := s.st.SetLabels(ctx, s.Reviewer.Name, id, []string{label}, !added); err != nil {
		return nil, false, err
	}
	labels, err = s.st.LabelsOf(ctx, s.Reviewer.Name, id)
	return labels, added, err
}
