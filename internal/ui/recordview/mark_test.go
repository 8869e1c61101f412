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

func TestTermsMatchWholeWordsUnlessTheyEndInAStar(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		terms []review.Highlight
		want  string
	}{
		{"a term marks whole words only", "Integrated care, not integration or careers", []review.Highlight{{Term: "care", Include: true}, {Term: "integrat"}},
			"Integrated +care+, not integration or careers"},
		{"a trailing star marks every word that starts so, whole", "Integrated care and integration; disintegration", []review.Highlight{{Term: "integrat*", Include: true}},
			"+Integrated+ care and +integration+; disintegration"},
		{"case and accents are ignored both ways", "Santé publique and SANTE; Müller mueller Muller", []review.Highlight{{Term: "sante", Include: true}, {Term: "müller"}},
			"+Santé+ publique and +SANTE+; -Müller- mueller -Muller-"},
		{"a phrase matches across any spaces, whole", "social  care and social careers", []review.Highlight{{Term: "social care", Include: true}},
			"+social  care+ and social careers"},
		{"hyphens and apostrophes end words", "well-being and child's care", []review.Highlight{{Term: "being", Include: true}, {Term: "child"}},
			"well-+being+ and -child-'s care"},
		{"digits are part of words", "COVID-19 and covid19", []review.Highlight{{Term: "covid", Include: true}},
			"+COVID+-19 and covid19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(findTerms(tt.text, tt.terms).withMarkers().text); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
