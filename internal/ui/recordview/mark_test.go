package screen

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/review"
)

func TestTermsAreFoundIgnoringCaseAndTheLongerWins(t *testing.T) {
	m := findTerms("Social CARE and social prescribing", []review.Highlight{{Term: "social", Include: false}, {Term: "social care", Include: true}})
	got := string(m.withMarkers().text)
	if want := "+Social CARE+ and -social- prescribing"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWrapKeepsToTheWidth(t *testing.T) {
	texts := []string{
		"Integrated care for older people with multimorbidity in England: a realist review",
		strings.Repeat("x", 50) + " short " + strings.Repeat("y", 7),
		"統合ケアと社会的ケア 高齢者のための統合ケアと社会的ケアに関する研究",
		"first paragraph\n\nthird paragraph after a blank line",
	}
	for _, text := range texts {
		for _, width := range []int{1, 2, 7, 20, 80} {
			lines := findTerms(text, nil).wrap(width)
			var words []string
			for _, l := range lines {
				if w := ansi.StringWidth(string(l.text)); w > width && !(width == 1 && w == 2) {
					t.Errorf("width %d: line %q is %d wide", width, string(l.text), w)
				}
				words = append(words, string(l.text))
			}
			// Nothing is lost but spaces.
			if got, want := strings.Join(strings.Fields(strings.Join(words, "")), ""), strings.Join(strings.Fields(text), ""); got != want {
				t.Errorf("width %d: %q became %q", width, want, got)
			}
		}
	}
}

func TestATermWrappedOverTwoLinesIsColouredOnBoth(t *testing.T) {
	m := findTerms("aaaa social care", []review.Highlight{{Term: "social care", Include: true}})
	lines := m.wrap(11)
	if len(lines) != 2 {
		t.Fatalf("lines %d", len(lines))
	}
	for _, l := range lines[1:] {
		if r := l.render(true, lipgloss.NewStyle()); !strings.Contains(r, "\x1b[") {
			t.Errorf("line %q has no colour: %q", string(l.text), r)
		}
	}
	if r := lines[0].render(false, lipgloss.NewStyle()); strings.Contains(r, "\x1b") {
		t.Errorf("colour off, yet %q", r)
	}
}

func TestLineEditor(t *testing.T) {
	var e lineEditor
	e.reset("note: ", "abc")
	for _, k := range []string{"left", "backspace", "X", "end", " ", "d", "e", "f", "ctrl+w", "home", "delete"} {
		e.key(keyMsg(k))
	}
	if got := string(e.value); got != "Xc " {
		t.Errorf("value %q", got)
	}
	e.insert("\x1b[2Jpasted\x07")
	if strings.ContainsAny(string(e.value), "\x1b\x07") {
		t.Errorf("a control character got into the field: %q", string(e.value))
	}
	e.reset("note: ", strings.Repeat("long ", 40))
	line, x := e.render(30)
	if ansi.StringWidth(line) > 30 || x > 29 {
		t.Errorf("%q (cursor at %d) in 30 columns", line, x)
	}
}
