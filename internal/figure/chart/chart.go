// Package chart draws winnow's charts of counts as standalone SVG: the
// evidence map of two charted fields (a bubble per pair of categories)
// and the bar chart of one field. It only draws: the counts and
// percentages come computed from the domain (package charting). Text is
// laid out and written with the figures' font (package font), so a label
// wraps where the viewer draws it, and no label leaves the figure,
// whatever its length.
package chart

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/internal/figure/font"
)

// Text sizes and spacing, in px.
const (
	fontSize  = 12
	titleSize = 15
	lineH     = 15 // a line of 12 px text
	titleH    = 19
	pad       = 16
	middle    = 0.36 * fontSize // from the middle of capitals down to the baseline
)

// measure is the advance width of s in px.
func measure(s string, st font.Style, size float64) float64 {
	return font.Width(s, st, size)
}

// wrap breaks text into lines no wider than width, at spaces; a word
// wider than a line is broken between characters.
func wrap(text string, width float64, st font.Style, size float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(clean(text)) {
		if line != "" {
			if c := line + " " + w; measure(c, st, size) <= width {
				line = c
				continue
			}
			lines = append(lines, line)
		}
		for measure(w, st, size) > width {
			head, rest := cut(w, width, st, size)
			lines = append(lines, head)
			w = rest
		}
		line = w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// cut splits w after the most characters that fit in width (at least
// one).
func cut(w string, width float64, st font.Style, size float64) (string, string) {
	em := 0.0
	limit := width / size
	for i, r := range w {
		em += font.Advance(r, st)
		if em > limit && i > 0 {
			return w[:i], w[i:]
		}
	}
	return w, ""
}

// clean makes a label safe for XML 1.0 and one run of text: control
// characters, non-characters and bidirectional controls become spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0xfffe || r == 0xffff, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return ' '
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}

// attr escapes a data attribute's value.
func attr(s string) string { return html.EscapeString(clean(s)) }

// pct writes a percentage as the summary prints it: whole numbers.
func pct(p float64) string { return strconv.FormatFloat(p, 'f', 0, 64) + "%" }

// f1 writes a coordinate to a tenth of a px.
func f1(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// figure is an SVG being drawn: its body and its text.
type figure struct {
	b    strings.Builder
	text *font.SVG
}

func newFigure(m font.Mode) *figure { return &figure{text: font.NewSVG(m)} }

func (g *figure) printf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

func (g *figure) line(l font.Line) {
	if l.Size == 0 {
		l.Size = fontSize
	}
	g.b.WriteString(g.text.Text(l))
}

// lines writes wrapped lines from the baseline y down, each anchored at x.
func (g *figure) lines(ls []string, x, y float64, st font.Style, size, h float64, a font.Anchor, fill string) {
	for i, s := range ls {
		g.line(font.Line{Text: s, X: x, Y: y + float64(i)*h, Size: size, Style: st, Anchor: a, Fill: fill})
	}
}

// write puts the figure in its <svg> element, of width × height px.
func (g *figure) write(w io.Writer, width, height float64, attrs string) error {
	rootAttrs, err := g.text.RootAttrs()
	if err != nil {
		return err
	}
	defs, err := g.text.Defs()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s"%s font-size="%d"%s>`+"\n",
		f1(width), f1(height), f1(width), f1(height), rootAttrs, fontSize, attrs)
	bw.WriteString(defs)
	fmt.Fprintf(bw, `<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", f1(width), f1(height))
	bw.WriteString(g.b.String())
	bw.WriteString("</svg>\n")
	return bw.Flush()
}
