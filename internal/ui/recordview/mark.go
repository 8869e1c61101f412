package recordview

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"

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

// findTerms marks every occurrence of the highlight terms in text. A
// term matches whole words, ignoring case and accents ("care" marks
// "Care" but not "careful"; "sante" marks "Santé"); a trailing * makes
// it a prefix, marking each word that starts so whole ("integrat*" marks
// "integrated" and "integration"). A term of several words matches them
// in a row, whatever the spaces between them. Where terms overlap the
// longer one wins.
//
// Whole words by default because screeners read a marked stem inside
// another word as a hit ("men" in "mental", "care" in "career"), as
// Covidence's users found of its stemming; the * says when a stem is
// meant.
func findTerms(text string, terms []review.Highlight) marked {
	m := marked{text: []rune(text)}
	m.marks = make([]mark, len(m.text))
	folded := foldRunes(m.text)
	sorted := slices.Clone(terms)
	slices.SortStableFunc(sorted, func(a, b review.Highlight) int {
		return len([]rune(a.Term)) - len([]rune(b.Term))
	})
	for _, h := range sorted {
		raw := strings.TrimSpace(ui.SafeLine(h.Term))
		prefix := strings.HasSuffix(raw, "*")
		raw = strings.TrimSpace(strings.TrimSuffix(raw, "*"))
		term := foldRunes([]rune(strings.Join(strings.Fields(raw), " ")))
		if len(term) == 0 {
			continue
		}
		k := excluded
		if h.Include {
			k = included
		}
		for i := 0; i+len(term) <= len(folded); i++ {
			if i > 0 && isWordRune(folded[i-1]) {
				continue
			}
			end, ok := matchAt(folded, i, term)
			if !ok {
				continue
			}
			if prefix {
				for end < len(folded) && isWordRune(folded[end]) {
					end++
				}
			} else if end < len(folded) && isWordRune(folded[end]) {
				continue
			}
			for j := i; j < end; j++ {
				m.marks[j] = k
			}
			i = end - 1
		}
	}
	return m
}

// matchAt reports whether term (folded, its words one space apart)
// stands in text (folded) at i, a space in term matching a run of
// spaces, and gives where the match ends.
func matchAt(text []rune, i int, term []rune) (int, bool) {
	j := i
	for t := 0; t < len(term); t++ {
		if term[t] == ' ' {
			if j >= len(text) || !unicode.IsSpace(text[j]) {
				return 0, false
			}
			for j < len(text) && unicode.IsSpace(text[j]) {
				j++
			}
			continue
		}
		if j >= len(text) || text[j] != term[t] {
			return 0, false
		}
		j++
	}
	return j, true
}

// isWordRune reports whether r is part of a word: a letter, digit or
// combining mark. Hyphens, apostrophes and punctuation end words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// foldRunes lowers rune by rune and takes accents off (é to e), one rune
// for one, so that indexes into the result are indexes into the
// original.
func foldRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = foldRune(r)
	}
	return out
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if d := norm.NFD.String(string(r)); d != "" {
		if base, n := utf8.DecodeRuneInString(d); n < len(d) && isWordRune(base) {
			return base
		}
	}
	return r
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
