package recordview

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
