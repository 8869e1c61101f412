package resolve

import (
	"fmt"
	"testing"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/winnow-review/winnow/review"
)

func TestZZDump(t *testing.T) {
	st := conflictReview(t)
	long := strings.Repeat("a very long note from a screener who had a lot to say ", 6)
	decide(t, st,
		vote(6, review.TitleAbstract, "bob", review.Maybe, "", long),
		vote(6, review.TitleAbstract, "carol", review.Exclude, strings.Repeat("an unusually wordy reason ", 5), long))
	m := screenFor(t, st, review.TitleAbstract, Options{Highlights: []review.Highlight{{Term: "care", Include: true}}})
	show := func(what string) { fmt.Printf("==== %s\n%s\n", what, view(m)) }
	show("ta 1")
	press(t, m, "n"); typeText(t, m, "agreed"); press(t, m, "enter")
	show("ta 1 note")
	press(t, m, "s", "s")
	show("ta 3")
	press(t, m, "s")
	show("ta 6")
	m.Update(tea.WindowSizeMsg{Width: 44, Height: 30})
	show("ta 6 narrow")
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 12})
	show("ta 6 low")
	m = screenFor(t, st, review.FullText, Options{Reasons: []string{"not a trial", "wrong design"}})
	show("ft 4")
	press(t, m, "e")
	show("ft 4 picker")
	press(t, m, "?")
	show("help?")
	press(t, m, "esc", "?")
	show("help")
	press(t, m, "?", "s", "s")
	show("end")
}
