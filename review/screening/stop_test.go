package screening_test

import (
	"errors"
	"math"
	"strings"
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

// TestStopByBuscar: a lead sees the statistical stopping rule in status
// once a queue was ranked (a screener does not, while blind), and a stop
// by it is refused until the hypothesis that recall is below 95 % is
// rejected, then logged with its p-value. Bob screens records 1-3
// (included) and then excludes; under the hypothesis one relevant
// record is left among the last m screened and the 80 − n unscreened,
// and m of m excluded has probability (80 − n)/(80 − n + m): 37/77 after
// 40 exclusions, 3/77 = 0.039 after 74.
func TestStopByBuscar(t *testing.T) {
	f := newReview(t, 80)
	s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Prioritised)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(f.ctx); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= 43; id++ {
		d := review.Exclude
		if id <= 3 {
			d = review.Include
		}
		f.decide(t, f.bob, id, review.TitleAbstract, d, "")
	}
	if st := f.status(t, f.bob)[review.TitleAbstract]; st.Stopping != nil {
		t.Errorf("bob sees the stopping rule while blind: %+v", st.Stopping)
	}
	st := f.status(t, f.alice)[review.TitleAbstract]
	if st.Stopping == nil || st.Stopping.Rejected || math.Abs(st.Stopping.P-37.0/77) > 1e-12 || st.Stopping.Screened != 43 || st.Stopping.Relevant != 3 || st.Stopping.Records != 80 {
		t.Fatalf("alice's stopping rule after 43: %+v", st.Stopping)
	}
	if _, _, err := screening.StopByBuscar(f.ctx, f.st, f.alice, review.TitleAbstract, 0.95, 0.05, false); !errors.Is(err, screening.ErrNotMet) {
		t.Fatalf("a stop while the rule is not met: %v", err)
	}
	for id := int64(44); id <= 77; id++ {
		f.decide(t, f.bob, id, review.TitleAbstract, review.Exclude, "")
	}
	st = f.status(t, f.alice)[review.TitleAbstract]
	if st.Stopping == nil || !st.Stopping.Rejected || math.Abs(st.Stopping.P-3.0/77) > 1e-12 {
		t.Fatalf("alice's stopping rule after 77: %+v", st.Stopping)
	}
	res, test, err := screening.StopByBuscar(f.ctx, f.st, f.alice, review.TitleAbstract, 0.95, 0.05, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Automated != 3 || test.Screened != 77 || test.Found != 3 {
		t.Errorf("stop: %+v, test %+v", res, test)
	}
	events, err := f.st.Events(f.ctx, 0, f.viewer(t, f.alice))
	if err != nil {
		t.Fatal(err)
	}
	want := `rule "buscar (Callaghan & Müller-Hansen 2020): recall < 95% rejected at alpha 0.05 (p = 0.03896); 77 of 80 records screened, 3 relevant"`
	found := false
	for _, e := range events {
		if e.Action == "stop" && strings.Contains(e.Detail, want) {
			found = true
		}
	}
	if !found {
		t.Errorf("no stop event with %s", want)
	}
	if st := f.status(t, f.alice)[review.TitleAbstract]; st.Stopping != nil {
		t.Errorf("the stopping rule after the stop: %+v", st.Stopping)
	}
}
