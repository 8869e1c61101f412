package resolve

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/consensus"
)

// state is what the probe reports after each message.
type state struct {
	busy     bool
	resolved int
	record   int64
	mode     mode
}

// probe runs the screen inside a real program and reports its state after
// every message, so the test can wait for a save's round trip instead of
// sleeping.
type probe struct {
	*Model
	states chan state
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Model.Update(msg)
	p.states <- state{busy: p.busy, resolved: p.Resolved(), record: current(p.Model), mode: p.mode}
	return p, cmd
}

// TestResolveProgramSavesToTheReview runs the whole program, keys typed
// into its input and frames written to a buffer, against a real review:
// at full text, an exclusion with a screener's reason, then an inclusion
// with a note, then quit on the closing screen.
func TestResolveProgramSavesToTheReview(t *testing.T) {
	st := conflictReview(t)
	ctx := context.Background()
	s, err := consensus.Open(ctx, st, alice, aliceSees, review.FullText)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s, Reasons: []string{"not a trial"}})
	p := probe{Model: m, states: make(chan state, 1024)}
	in, keys := io.Pipe()
	defer keys.Close()
	var out bytes.Buffer
	prog := tea.NewProgram(p, tea.WithInput(in), tea.WithOutput(&out), tea.WithWindowSize(80, 24))
	ended := make(chan error, 1)
	go func() {
		_, err := prog.Run()
		ended <- err
	}()

	waitFor := func(what string, ok func(state) bool) state {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for {
			select {
			case s := <-p.states:
				if ok(s) {
					return s
				}
			case err := <-ended:
				t.Fatalf("the program ended (%v) waiting for %s", err, what)
			case <-timeout:
				t.Fatalf("no %s within 5 s", what)
			}
		}
	}
	send := func(k string) {
		t.Helper()
		if _, err := keys.Write([]byte(k)); err != nil {
			t.Fatal(err)
		}
	}

	waitFor("the first conflict", func(s state) bool { return !s.busy && s.record == 4 })
	send("e")
	waitFor("the reason picker", func(s state) bool { return s.mode == picking })
	send("1")
	waitFor("the exclusion saved", func(s state) bool { return !s.busy && s.resolved == 1 && s.record == 5 })
	send("n")
	waitFor("the note field", func(s state) bool { return s.mode == typingNote })
	send("include after all\r")
	waitFor("the note kept", func(s state) bool { return s.mode == browsing })
	send("i")
	waitFor("the inclusion saved", func(s state) bool { return !s.busy && s.resolved == 2 && s.record == 0 })
	send("q")
	select {
	case err := <-ended:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("q did not end the program")
	}

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
	if !strings.Contains(out.String(), "Resolve · full-text · lead alice · resolved ") {
		t.Errorf("the first frame: %q", out.String())
	}
	if v := view(m); !strings.Contains(v, "no open conflicts left at full-text (resolved 2 in this session)") {
		t.Errorf("the last frame:\n%s", v)
	}
}
