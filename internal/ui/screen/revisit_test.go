package screen

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

func TestRevisitWalksMyMaybesAndKeepsTheHistory(t *testing.T) {
	st := sampleReview(t)
	ctx := context.Background()
	decide := func(who string, id int64, d review.Decision, note string) {
		t.Helper()
		if err := st.Decide(ctx, []review.Vote{{RecordID: id, Stage: review.TitleAbstract, Reviewer: who, Decision: d, Note: note}}, who); err != nil {
			t.Fatal(err)
		}
	}
	decide("alice", 2, review.Maybe, "unsure of the setting")
	decide("alice", 3, review.Include, "")
	decide("alice", 5, review.Maybe, "")
	decide("bob", 4, review.Maybe, "BOBNOTE")

	s, err := screening.OpenRevisit(ctx, st, alice, aliceSees, review.TitleAbstract, review.Maybe)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Run(t, m, m.Init())
	v := uitest.View(m)
	if current(m) != 2 || !strings.Contains(v, "revisiting your maybes · left 2") {
		t.Fatalf("first view (record %d):\n%s", current(m), v)
	}
	if !strings.Contains(v, "unsure of the setting") {
		t.Errorf("the note is not on the screen:\n%s", v)
	}

	// i changes the maybe: a new decision, the earlier kept.
	uitest.Press(t, m, "i")
	if got := myVote(t, st, 2, review.TitleAbstract); got == nil || got.Decision != review.Include || got.Note != "unsure of the setting" {
		t.Fatalf("record 2 after i: %+v", got)
	}
	if current(m) != 5 {
		t.Fatalf("after record 2, record %d (bob's maybe on 4 is not alice's)", current(m))
	}
	events, err := st.Events(ctx, 2, aliceSees)
	if err != nil {
		t.Fatal(err)
	}
	decides := 0
	for _, e := range events {
		if e.Action == "decide" {
			decides++
		}
	}
	if decides != 2 {
		t.Errorf("record 2 has %d decisions in the log, want the maybe and the include", decides)
	}

	// u puts the maybe back, and record 2 shows again.
	uitest.Press(t, m, "u")
	if got := myVote(t, st, 2, review.TitleAbstract); got == nil || got.Decision != review.Maybe || current(m) != 2 {
		t.Fatalf("after u: vote %+v, record %d", got, current(m))
	}
	uitest.Press(t, m, "e")
	uitest.Press(t, m, "s")
	v = uitest.View(m)
	if current(m) != 0 || !strings.Contains(v, "No more of your maybe decisions to revisit") {
		t.Fatalf("the end (record %d):\n%s", current(m), v)
	}
	if strings.Contains(v, "BOBNOTE") {
		t.Errorf("bob's note on the screen")
	}
	ids, err := st.DecidedAs(ctx, "alice", review.TitleAbstract, review.Maybe)
	if err != nil || len(ids) != 1 || ids[0] != 5 {
		t.Errorf("alice's maybes now: %v, %v", ids, err)
	}
}
