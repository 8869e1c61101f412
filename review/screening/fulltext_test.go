package screening_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/screening"
)

// TestSetFullText checks which records take a full text: none excluded
// at title-abstract (by its screeners, or by a lead's resolution), any
// other (included, or still pending or in conflict: read to decide); and
// that a blind screener records none before full text opens to them, so
// that no refusal tells them a record's outcome.
func TestSetFullText(t *testing.T) {
	f := newReview(t, 6)
	ta := review.TitleAbstract
	f.decide(t, f.bob, 1, ta, review.Exclude, "")
	f.decide(t, f.carol, 1, ta, review.Exclude, "")
	f.decide(t, f.bob, 2, ta, review.Include, "")
	f.decide(t, f.carol, 2, ta, review.Include, "")
	f.decide(t, f.bob, 4, ta, review.Include, "")
	f.decide(t, f.carol, 4, ta, review.Exclude, "")
	text := review.FullTextState{State: review.Retrieved, File: "/papers/a.pdf", SHA256: "00"}
	attach := func(by review.Reviewer, id int64) error {
		_, err := screening.SetFullText(f.ctx, f.st, by, f.viewer(t, by), review.Ref{ID: id}, text)
		return err
	}

	err := attach(f.alice, 1)
	if !errors.Is(err, review.ErrNotInStage) || !strings.Contains(err.Error(), "record 1 was excluded at title-abstract") {
		t.Errorf("a full text for a record both screeners excluded: %v", err)
	}
	if state, _ := f.st.FullText(f.ctx, 1); state != nil {
		t.Errorf("record 1 got a full-text state though refused: %+v", state)
	}
	for id, what := range map[int64]string{2: "included", 3: "pending", 4: "in conflict"} {
		if err := attach(f.alice, id); err != nil {
			t.Errorf("a full text for a record %s at title-abstract: %v", what, err)
		}
		if state, _ := f.st.FullText(f.ctx, id); state == nil || state.File != text.File || state.By != "alice" {
			t.Errorf("record %d (%s): full text %+v", id, what, state)
		}
	}

	// A lead's exclusion excludes as the screeners' does.
	if _, err := conflicts.Resolve(f.ctx, f.st, f.alice, review.Ref{ID: 4}, ta, review.Exclude, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := attach(f.alice, 4); !errors.Is(err, review.ErrNotInStage) {
		t.Errorf("a full text for a record a lead excluded: %v", err)
	}

	// bob, blind, before every title-abstract record has its decisions:
	// refused alike on the record excluded and on the one included.
	for _, id := range []int64{1, 2} {
		err := attach(f.bob, id)
		if !errors.Is(err, screening.ErrStageClosed) || strings.Contains(err.Error(), "excluded") {
			t.Errorf("bob attaches a full text to record %d before full text opens to him: %v", id, err)
		}
	}
	if _, err := screening.SetFullText(f.ctx, f.st, review.Reviewer{}, f.viewer(t, f.alice), review.Ref{ID: 2}, text); err == nil {
		t.Error("a full text with no reviewer was recorded")
	}
}
