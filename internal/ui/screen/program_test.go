package screen

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

// state is what the probe reports after each message.
type state struct {
	busy    bool
	decided int
	record  int64
	mode    mode
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
	p.states <- state{busy: p.busy, decided: p.Decided(), record: current(p.Model), mode: p.mode}
	return p, cmd
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
	p := probe{Model: m, states: make(chan state, 1024)}
	in, keys := io.Pipe()
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

	at := waitFor("the first record", func(s state) bool { return !s.busy && s.record != 0 }).record
	var ids []int64
	for i, k := range []string{"i", "e", "m"} {
		ids = append(ids, at)
		send(k)
		at = waitFor(k+" saved", func(s state) bool { return !s.busy && s.decided == i+1 }).record
	}
	noted := at
	send("n")
	waitFor("the note field", func(s state) bool { return s.mode == typingNote })
	send("ask the author\r")
	waitFor("the note kept", func(s state) bool { return s.mode == browsing })
	send("i")
	waitFor("the noted decision saved", func(s state) bool { return !s.busy && s.decided == 4 })
	send("q")
	select {
	case err := <-ended:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("q did not end the program")
	}
	keys.Close()

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
	if !strings.Contains(out.String(), "title-abstract · alice · done ") {
		t.Errorf("the first frame: %q", out.String())
	}
	if v := view(m); !strings.Contains(v, "done 4 · left 39") || !strings.Contains(v, "saved: include · record "+strconv.FormatInt(noted, 10)) {
		t.Errorf("the last frame:\n%s", v)
	}
}
