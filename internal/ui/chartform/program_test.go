package chartform

import (
	"context"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui/uitest"
)

// state is what the program reports after each message.
type state struct {
	busy  bool
	mode  mode
	field string
	saved int
}

// TestChartProgramSavesToTheReview runs the whole program, keys typed
// into its input and frames written to a buffer, against a real review:
// a text, a multichoice, a choice, back a field with shift+tab, a long
// text with a line break saved with ctrl+s, then quit.
func TestChartProgramSavesToTheReview(t *testing.T) {
	st := includedReview(t)
	m := New(context.Background(), Options{Session: open(t, st, "carol", 2)})
	p := uitest.Start(t, m, func() state {
		return state{busy: m.busy, mode: m.mode, field: fieldID(m), saved: m.Saved()}
	})
	idle := func(s state) bool { return !s.busy }

	p.WaitFor("the form", func(s state) bool { return idle(s) && s.field == "location" })
	p.Send("\r")
	p.WaitFor("the line editor", func(s state) bool { return s.mode == typingLine })
	p.Send("Midlands\r")
	p.WaitFor("the text saved", func(s state) bool { return idle(s) && s.saved == 1 && s.field == "sectors" })
	p.Send("13\r")
	p.WaitFor("the ticks saved", func(s state) bool { return idle(s) && s.saved == 2 && s.field == "study_design" })
	p.Send("2")
	p.WaitFor("the choice saved", func(s state) bool { return idle(s) && s.saved == 3 && s.field == "integration_levels" })
	p.Send("\x1b[Z")
	p.WaitFor("shift+tab back", func(s state) bool { return s.field == "study_design" })
	p.Send("\t\t\t\t\r")
	p.WaitFor("the long text editor", func(s state) bool { return s.mode == typingLong && s.field == "key_findings" })
	p.Send("Link workers helped.\rWaits were long.\x13")
	p.WaitFor("the long text saved", func(s state) bool { return idle(s) && s.saved == 4 && s.mode == browsing })
	p.Send("q")
	p.Wait("q")

	got := answers(t, st, "carol", 2)
	want := map[string]string{
		"location":     "Midlands",
		"sectors":      "primary care, social care",
		"study_design": "mixed methods",
		"key_findings": "Link workers helped.\nWaits were long.",
	}
	for f, w := range want {
		if string(got[f]) != w {
			t.Errorf("%s: %q, want %q", f, got[f], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("answers %v", got)
	}
	if !strings.Contains(p.Output(), "Chart · carol · record 2") {
		t.Errorf("the first frame: %q", p.Output())
	}
	if v := uitest.View(m); !strings.Contains(v, "saved: Key findings = Link workers helped. Waits were long.") || !strings.Contains(v, "4 answered") {
		t.Errorf("the last frame:\n%s", v)
	}
}
