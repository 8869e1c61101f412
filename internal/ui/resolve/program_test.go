package resolve

import (
	"context"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
)

// state is what the program reports after each message.
type state struct {
	busy     bool
	resolved int
	record   int64
	mode     mode
}

// TestResolveProgramSavesToTheReview runs the whole program, keys typed
// into its input and frames written to a buffer, against a real review:
// at full text, an exclusion with a screener's reason, then an inclusion
// with a note, then quit on the closing screen.
func TestResolveProgramSavesToTheReview(t *testing.T) {
	st := conflictReview(t)
	ctx := context.Background()
	s, err := conflicts.Open(ctx, st, alice, aliceSees, review.FullText)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s, Reasons: []string{"not a trial"}})
	p := uitest.Start(t, m, func() state {
		return state{busy: m.busy, resolved: m.Resolved(), record: current(m), mode: m.mode}
	})

	p.WaitFor("the first conflict", func(s state) bool { return !s.busy && s.record == 4 })
	p.Send("e")
	p.WaitFor("the reason picker", func(s state) bool { return s.mode == picking })
	p.Send("1")
	p.WaitFor("the exclusion saved", func(s state) bool { return !s.busy && s.resolved == 1 && s.record == 5 })
	p.Send("n")
	p.WaitFor("the note field", func(s state) bool { return s.mode == typingNote })
	p.Send("include after all\r")
	p.WaitFor("the note kept", func(s state) bool { return s.mode == browsing })
	p.Send("i")
	p.WaitFor("the inclusion saved", func(s state) bool { return !s.busy && s.resolved == 2 && s.record == 0 })
	p.Send("q")
	p.Wait("q")

	res := resolutions(t, st, review.FullText)
	if r := res[4]; r == nil || r.Decision != review.Exclude || r.Reason != "wrong population" || r.By != "alice" {
		t.Errorf("record 4: %+v", r)
	}
	if r := res[5]; r == nil || r.Decision != review.Include || r.Note != "include after all" {
		t.Errorf("record 5: %+v", r)
	}
	// Frames are drawn at most so many a second, as changes to the
	// screen: the output holds at least one whole header, and the last
	// frame is the model's final view.
	if !strings.Contains(p.Output(), "Resolve · full-text · lead alice · resolved ") {
		t.Errorf("the first frame: %q", p.Output())
	}
	if v := uitest.View(m); !strings.Contains(v, "no open conflicts left at full-text (resolved 2 in this session)") {
		t.Errorf("the last frame:\n%s", v)
	}
}
