package screening_test

import (
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// notesSeen gives the notes on a record the reviewer may see, as `winnow
// show` lists them.
func (f *fixture) notesSeen(t *testing.T, r review.Reviewer, id int64) []review.Note {
	t.Helper()
	notes, err := f.st.NotesOn(f.ctx, id, f.viewer(t, r))
	if err != nil {
		t.Fatal(err)
	}
	return notes
}

func TestANoteIsKeptWithoutADecisionAndSeenAsDecisionsAre(t *testing.T) {
	f := newReview(t, 3)
	s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := s.Note(f.ctx, 1, "  ask the author for the protocol ")
	if err != nil || kept != "ask the author for the protocol" {
		t.Fatalf("note kept as %q: %v", kept, err)
	}

	// The next session shows it with the record.
	s, err = screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	it, err := s.Next(f.ctx)
	if err != nil || it.Record.ID != 1 || it.Note != "ask the author for the protocol" {
		t.Fatalf("the record comes back as %+v: %v", it, err)
	}

	// Its author and the lead see it; while blind, the other screener
	// does not, in show or in the log.
	if n := f.notesSeen(t, f.bob, 1); len(n) != 1 || n[0].Reviewer != "bob" || n[0].Text != "ask the author for the protocol" {
		t.Errorf("bob's own notes: %+v", n)
	}
	if n := f.notesSeen(t, f.alice, 1); len(n) != 1 {
		t.Errorf("the lead's view: %+v", n)
	}
	if n := f.notesSeen(t, f.carol, 1); len(n) != 0 {
		t.Errorf("carol sees bob's note while blind: %+v", n)
	}
	for who, want := range map[review.Reviewer]bool{f.bob: true, f.carol: false} {
		events, err := f.st.Events(f.ctx, 1, f.viewer(t, who))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			found = found || (e.Action == "note" && e.Detail == "note at title-abstract: ask the author for the protocol")
		}
		if found != want {
			t.Errorf("%s's log shows the note: %v, want %v", who.Name, found, want)
		}
	}

	// A decision made with the note carries it, and the note is no longer
	// listed on its own.
	if err := s.Decide(f.ctx, 1, review.Include, "", it.Note); err != nil {
		t.Fatal(err)
	}
	if n := f.notesSeen(t, f.bob, 1); len(n) != 0 {
		t.Errorf("the note is listed beside the decision that carries it: %+v", n)
	}

	// Once the review is no longer blind, everyone sees notes.
	if _, err := s.Note(f.ctx, 2, "same cohort as 1?"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SetBlind(f.ctx, false, "alice"); err != nil {
		t.Fatal(err)
	}
	if n := f.notesSeen(t, f.carol, 2); len(n) != 1 || n[0].Text != "same cohort as 1?" {
		t.Errorf("carol's view once the review is not blind: %+v", n)
	}

	// An empty note clears it.
	if _, err := s.Note(f.ctx, 2, ""); err != nil {
		t.Fatal(err)
	}
	if n := f.notesSeen(t, f.bob, 2); len(n) != 0 {
		t.Errorf("a cleared note is listed: %+v", n)
	}
	if _, err := s.Note(f.ctx, 99, "no such record"); err == nil {
		t.Error("a note on a record not in the review was kept")
	}
}

func TestCopyCarriesNotes(t *testing.T) {
	f := newReview(t, 3)
	s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Note(f.ctx, 2, "check the dates"); err != nil {
		t.Fatal(err)
	}
	to := storetest.Location(t, t.TempDir(), "copy.db")
	if _, err := store.Copy(f.ctx, f.st, to, "alice"); err != nil {
		t.Fatal(err)
	}
	c, err := store.Open(f.ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n, err := c.NoteOn(f.ctx, 2, review.TitleAbstract, "bob"); err != nil || n != "check the dates" {
		t.Errorf("the copy's note: %q, %v", n, err)
	}
}
