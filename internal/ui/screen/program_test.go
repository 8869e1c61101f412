package screen

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

// state is what the program reports after each message.
type state struct {
	busy    bool
	decided int
	record  int64
	mode    mode
}

// TestScreenProgramSavesToTheReview runs the whole program, keys typed
// into its input and frames written to a buffer, against a real review:
// include, exclude, maybe, a note with a decision, then quit.
func TestScreenProgramSavesToTheReview(t *testing.T) {
	st := sampleReview(t)
	ctx := context.Background()
	s, err := screening.Open(ctx, st, alice, aliceSees, review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s})
	p := uitest.Start(t, m, func() state {
		return state{busy: m.busy, decided: m.Decided(), record: current(m), mode: m.mode}
	})

	at := p.WaitFor("the first record", func(s state) bool { return !s.busy && s.record != 0 }).record
	var ids []int64
	for i, k := range []string{"i", "e", "m"} {
		ids = append(ids, at)
		p.Send(k)
		at = p.WaitFor(k+" saved", func(s state) bool { return !s.busy && s.decided == i+1 }).record
	}
	noted := at
	p.Send("n")
	p.WaitFor("the note field", func(s state) bool { return s.mode == typingNote })
	p.Send("ask the author\r")
	// The note is saved on the record before the next key counts.
	p.WaitFor("the note saved", func(s state) bool { return !s.busy && s.mode == browsing })
	p.Send("i")
	p.WaitFor("the noted decision saved", func(s state) bool { return !s.busy && s.decided == 4 })
	p.Send("q")
	p.Wait("q")

	for i, want := range []review.Decision{review.Include, review.Exclude, review.Maybe} {
		if v := myVote(t, st, ids[i], review.TitleAbstract); v == nil || v.Decision != want {
			t.Errorf("record %d: %+v, want %s", ids[i], v, want)
		}
	}
	if v := myVote(t, st, noted, review.TitleAbstract); v == nil || v.Decision != review.Include || v.Note != "ask the author" {
		t.Errorf("record %d: %+v", noted, v)
	}
	if n := decidedCount(t, st, review.TitleAbstract); n != 4 || m.Decided() != 4 {
		t.Errorf("%d decided in the review, %d by the screen", n, m.Decided())
	}
	// Frames are drawn as changes to the screen, at most so many a
	// second: the first is whole, the last is the model's final view.
	if !strings.Contains(p.Output(), "title-abstract · alice · done ") {
		t.Errorf("the first frame: %q", p.Output())
	}
	if v := uitest.View(m); !strings.Contains(v, "done 4 · left 39") || !strings.Contains(v, "saved: include · record "+strconv.FormatInt(noted, 10)) {
		t.Errorf("the last frame:\n%s", v)
	}
}
