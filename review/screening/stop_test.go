package screening_test

import (
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

// TestStopEmptiesTheQueues: after a stop no screener's queue holds a
// record; the records nobody decided are excluded by automation, the one
// bob alone included is a conflict, the one he alone excluded stands.
func TestStopEmptiesTheQueues(t *testing.T) {
	f := newReview(t, 8)
	f.decide(t, f.bob, 1, review.TitleAbstract, review.Include, "")
	f.decide(t, f.carol, 1, review.TitleAbstract, review.Include, "")
	f.decide(t, f.bob, 2, review.TitleAbstract, review.Include, "")
	f.decide(t, f.bob, 3, review.TitleAbstract, review.Exclude, "")
	if _, err := screening.Stop(f.ctx, f.st, f.alice, review.TitleAbstract, ""); err == nil {
		t.Error("a stop without a rule went through")
	}
	res, err := screening.Stop(f.ctx, f.st, f.alice, review.TitleAbstract, "50 in a row")
	if err != nil {
		t.Fatal(err)
	}
	if res.Automated != 5 || len(res.ToLead) != 1 || res.ToLead[0] != 2 || len(res.SingleExcluded) != 1 || res.SingleExcluded[0] != 3 {
		t.Errorf("stop: %+v", res)
	}
	for _, r := range []review.Reviewer{f.bob, f.carol} {
		s, err := screening.Open(f.ctx, f.st, r, f.viewer(t, r), review.TitleAbstract, screening.Imported)
		if err != nil {
			t.Fatal(err)
		}
		if it, err := s.Next(f.ctx); err != nil || it != nil || s.Left != 0 {
			t.Errorf("%s's queue after the stop: %+v (left %d, %v)", r.Name, it, s.Left, err)
		}
	}
	st := f.status(t, f.alice)[review.TitleAbstract]
	if st.AutoExcluded == nil || *st.AutoExcluded != 5 || *st.SingleScreened != 1 || *st.Conflicts != 1 {
		t.Errorf("status after the stop: %+v", st)
	}
}
