package screening_test

import (
	"errors"
	"testing"
	"time"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// listed gives the records (and their votes) a filter lists for a viewer.
func (f *fixture) listed(t *testing.T, r review.Reviewer, flt screening.Filter) ([]store.Screened, error) {
	t.Helper()
	var out []store.Screened
	err := screening.Screened(f.ctx, f.st, f.team, f.viewer(t, r), flt, func(s store.Screened) error {
		out = append(out, s)
		return nil
	})
	return out, err
}

func TestMyDecisionsCarryMyLatestNoteAndNobodyElses(t *testing.T) {
	f := newReview(t, 4)
	tick := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.st.Now = func() time.Time { tick = tick.Add(time.Second); return tick }
	decide := func(who review.Reviewer, id int64, d review.Decision, note string) {
		t.Helper()
		if err := f.st.Decide(f.ctx, []review.Vote{{RecordID: id, Stage: review.TitleAbstract, Reviewer: who.Name, Decision: d, Reason: "r", Note: note}}, who.Name); err != nil {
			t.Fatal(err)
		}
	}
	decide(f.bob, 1, review.Maybe, "with the decision")
	decide(f.carol, 1, review.Exclude, "CAROL")
	maybes := screening.Filter{Stage: review.TitleAbstract, Decision: "maybe"}
	got, err := f.listed(t, f.bob, maybes)
	if err != nil || len(got) != 1 || got[0].Vote.Note != "with the decision" || got[0].Vote.Decision != review.Maybe {
		t.Fatalf("bob's maybes: %+v, %v", got, err)
	}
	// A note saved after the decision is his latest word.
	if err := f.st.SetNote(f.ctx, review.Note{RecordID: 1, Stage: review.TitleAbstract, Reviewer: "bob", Text: "typed later"}); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.listed(t, f.bob, maybes); len(got) != 1 || got[0].Vote.Note != "typed later" {
		t.Fatalf("after a note: %+v", got)
	}
	// A decision made after it, with its own note, is later still.
	decide(f.bob, 1, review.Maybe, "decided again")
	if got, _ = f.listed(t, f.bob, maybes); len(got) != 1 || got[0].Vote.Note != "decided again" {
		t.Fatalf("after deciding again: %+v", got)
	}
	// Carol's exclusion never shows in bob's listing; her listing asked
	// by bob is refused while blind, and given to the lead.
	if got, _ = f.listed(t, f.bob, screening.Filter{Stage: review.TitleAbstract, Decision: "exclude"}); len(got) != 0 {
		t.Fatalf("bob's excludes: %+v", got)
	}
	if _, err := f.listed(t, f.bob, screening.Filter{Stage: review.TitleAbstract, Decision: "exclude", By: "carol"}); !errors.Is(err, review.ErrBlind) {
		t.Fatalf("bob asking for carol's: %v", err)
	}
	got, err = f.listed(t, f.alice, screening.Filter{Stage: review.TitleAbstract, Decision: "exclude", By: "carol"})
	if err != nil || len(got) != 1 || got[0].Vote.Note != "CAROL" || got[0].Vote.Reviewer != "carol" {
		t.Fatalf("the lead asking for carol's: %+v, %v", got, err)
	}
	// Undecided: bob's queue, records 2 to 4.
	got, err = f.listed(t, f.bob, screening.Filter{Stage: review.TitleAbstract, Decision: "undecided"})
	if err != nil || len(got) != 3 || got[0].Record.ID != 2 || got[0].Vote.Decision != "" {
		t.Fatalf("bob's undecided: %+v, %v", got, err)
	}
}
