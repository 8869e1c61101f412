package recordview

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

// mark is what a character of a title or abstract is: plain text or part
// of an include or exclude highlight term.
type mark uint8

const (
	unmarked mark = iota
	included
	excluded
)

// The plain-mode markers (no colour, as under NO_COLOR) put round each
// occurrence of a highlight term: +include+ and -exclude-.
const (
	includeMarker = "+"
	excludeMarker = "-"
)

// The colours of the highlight terms: include green, exclude red.
var (
	includeColor = lipgloss.Color("2")
	excludeColor = lipgloss.Color("1")
)

// highlight marks the highlight terms in text, which must be safe
// (ui.Safe), and wraps it to the width, a line per element, each line
// drawn over the base style. The terms are found in the text, the
// plain-mode markers put in before wrapping (they take room), the colours
// put on each line after it, so that wrapping never splits an escape code
// and a line scrolled to on its own carries its own colours. With color
// off the lines hold no escape code.
func highlight(text string, terms []review.Highlight, width int, color bool, base lipgloss.Style) []string {
	mk := findTerms(text, terms)
	if !color {
		mk = mk.withMarkers()
	}
	var out []string
	for _, l := range mk.wrap(width) {
		out = append(out, l.render(color, base))
	}
	return out
}

// legend is the help page's line on how the highlight terms show: in
// their colours, or with colour off, between their plain-mode markers.
func legend(color bool) string {
	if !color {
		return "Highlight terms: " + includeMarker + "include term" + includeMarker + " " + excludeMarker + "exclude term" + excludeMarker
	}
	return "Highlight terms: " + Bold.Foreground(includeColor).Render("include") + " " + Bold.Foreground(excludeColor).Render("exclude")
}

// marked is text with a mark for each of its runes.
type marked struct {
	text  []rune
	marks []mark
}

// findTerms marks every occurrence of the highlight terms in text,
// ignoring case. Terms match as substrings, not whole words, so that a
// stem such as "integrat" marks "integrated" and "integration" alike.
// Where terms overlap the longer one wins.
func findTerms(text string, terms []review.Highlight) marked {
	m := marked{text: []rune(text)}
	m.marks = make([]mark, len(m.text))
	lower := lowerRunes(m.text)
	sorted := slices.Clone(terms)
	slices.SortStableFunc(sorted, func(a, b review.Highlight) int {
		return len([]rune(a.Term)) - len([]rune(b.Term))
	})
	for _, h := range sorted {
		term := lowerRunes([]rune(strings.TrimSpace(ui.SafeLine(h.Term))))
		if len(term) == 0 {
			continue
		}
		k := excluded
		if h.Include {
			k = included
		}
		for i := 0; i+len(term) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(term)], term) {
				for j := i; j < i+len(term); j++ {
					m.marks[j] = k
				}
				i += len(term) - 1
			}
		}
	}
	return m
}

// lowerRunes lowers rune by rune, so that indexes into the result are
// indexes into the original.
func lowerRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = unicode.ToLower(r)
	}
	return out
}

// withMarkers writes the plain-mode markers round each marked run and
// leaves the text unmarked. It runs before wrapping, so that the markers
// count in the width.
func (m marked) withMarkers() marked {
	var out marked
	for i := 0; i < len(m.text); {
		j := i
		for j < len(m.text) && m.marks[j] == m.marks[i] {
			j++
		}
		run := m.text[i:j]
		switch m.marks[i] {
		case included:
			run = slices.Concat([]rune(includeMarker), run, []rune(includeMarker))
		case excluded:
			run = slices.Concat([]rune(excludeMarker), run, []rune(excludeMarker))
		}
		out.text = append(out.text, run...)
		i = j
	}
	out.marks = make([]mark, len(out.text))
	return out
}

// wrap breaks the text into lines of at most width columns at spaces,
// keeping its paragraph breaks; a word longer than a line is cut. Runs of
// spaces become one space.
func (m marked) wrap(width int) []marked {
	width = max(1, width)
	var lines []marked
	var line marked
	lineW := 0
	flush := func() {
		lines = append(lines, line)
		line, lineW = marked{}, 0
	}
	start := 0
	for i := 0; i <= len(m.text); i++ {
		if i < len(m.text) && m.text[i] != '\n' {
			continue
		}
		// One paragraph: m.text[start:i].
		p := m.text[start:i]
		for k := 0; k < len(p); {
			if isSpace(p[k]) {
				k++
				continue
			}
			e := k
			for e < len(p) && !isSpace(p[e]) {
				e++
			}
			word := marked{text: p[k:e], marks: m.marks[start+k : start+e]}
			ww := runesWidth(word.text)
			switch {
			case lineW > 0 && lineW+1+ww <= width:
				// The space keeps the mark it had, so that a term of two
				// words stays marked across it.
				line.text = append(line.text, ' ')
				line.marks = append(line.marks, m.marks[start+k-1])
				lineW++
			case lineW > 0:
				flush()
			}
			for ww > width-lineW {
				// A word too long for a line of its own is cut.
				n, w := 0, 0
				for n < len(word.text) && w+runeWidth(word.text[n]) <= width-lineW {
					w += runeWidth(word.text[n])
					n++
				}
				if n == 0 && lineW == 0 {
					n = 1 // a character wider than the line
				}
				line.text = append(line.text, word.text[:n]...)
				line.marks = append(line.marks, word.marks[:n]...)
				flush()
				word = marked{text: word.text[n:], marks: word.marks[n:]}
				ww = runesWidth(word.text)
			}
			line.text = append(line.text, word.text...)
			line.marks = append(line.marks, word.marks...)
			lineW += ww
			k = e
		}
		flush()
		start = i + 1
	}
	return lines
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || (r != '\n' && unicode.IsSpace(r)) }

func runeWidth(r rune) int {
	if r < 0x7f {
		return 1
	}
	return ansi.StringWidth(string(r))
}

func runesWidth(rs []rune) int {
	w := 0
	for _, r := range rs {
		w += runeWidth(r)
	}
	return w
}

// render draws a line, each marked run in its colour over the base style.
// With colour off it draws the text alone.
func (m marked) render(color bool, base lipgloss.Style) string {
	if !color {
		return string(m.text)
	}
	var s strings.Builder
	for i := 0; i < len(m.text); {
		j := i
		for j < len(m.marks) && m.marks[j] == m.marks[i] {
			j++
		}
		st := base
		switch m.marks[i] {
		case included:
			st = base.Foreground(includeColor).Bold(true)
		case excluded:
			st = base.Foreground(excludeColor).Bold(true)
		}
		s.WriteString(st.Render(string(m.text[i:j])))
		i = j
	}
	return s.String()
}
