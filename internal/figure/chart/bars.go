package chart

import (
	"io"
	"strconv"

	"github.com/winnow-review/winnow/internal/figure/font"
)

// Bars is one field's counts: a bar per value.
type Bars struct {
	Title string // heads the figure; wrapped
	Note  string // under the bars; wrapped
	N     int    // the studies counted (the percentages' denominator)
	Bars  []Bar
}

// Bar is one value of a field: its studies and their percentage of N.
type Bar struct {
	Label   string
	N       int
	Percent float64
}

// Layout of a bar chart.
const (
	barLabelW = 220
	barW      = 320
	barH      = 18
	barGap    = 10
	barFill   = "#1f5fa8"
)

// WriteBarsSVG draws a horizontal bar chart: each value's label (wrapped),
// a bar as long as its share of the largest count, and "n (p%)" beside
// it. Every bar is a group with data-label, data-n and data-percent.
func WriteBarsSVG(w io.Writer, b Bars, mode font.Mode) error {
	g := newFigure(mode)
	most := 1
	valueW := 0.0
	for _, bar := range b.Bars {
		most = max(most, bar.N)
		valueW = max(valueW, measure(total(bar.N, bar.Percent), font.Regular, fontSize))
	}
	width := pad + barLabelW + barW + 8 + valueW + 8 + pad
	x0 := float64(pad + barLabelW)

	y := float64(pad)
	title := wrap(b.Title, width-2*pad, font.Bold, titleSize)
	g.lines(title, pad, y+titleSize, font.Bold, titleSize, titleH, font.Start, "")
	y += float64(len(title))*titleH + 10
	g.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>`+"\n", f1(x0), f1(y), f1(x0), f1(y+float64(max(1, len(b.Bars)))*(barH+barGap)))
	for i, bar := range b.Bars {
		ls := wrap(bar.Label, barLabelW-12, font.Regular, fontSize)
		h := max(float64(barH+barGap), float64(len(ls))*lineH+barGap)
		cy := y + h/2
		g.printf("<g id=\"bar-%d\" class=\"bar\" data-label=\"%s\" data-n=\"%d\" data-percent=\"%s\">\n<rect x=\"%d\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n",
			i, attr(bar.Label), bar.N, strconv.FormatFloat(bar.Percent, 'f', 1, 64), pad, f1(y), f1(width-2*pad), f1(h))
		g.lines(ls, x0-8, cy-float64(len(ls)-1)*lineH/2+middle, font.Regular, fontSize, lineH, font.End, "")
		bw := barW * float64(bar.N) / float64(most)
		if bar.N > 0 {
			g.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" fill=\"%s\"/>\n", f1(x0), f1(cy-barH/2), f1(bw), barH, barFill)
		}
		g.line(font.Line{Text: total(bar.N, bar.Percent), X: x0 + bw + 6, Y: cy + middle})
		g.printf("</g>\n")
		y += h
	}
	y += 8
	if b.Note != "" {
		note := wrap(b.Note, width-2*pad, font.Regular, fontSize)
		g.lines(note, pad, y+fontSize, font.Regular, fontSize, lineH, font.Start, "#555555")
		y += float64(len(note)) * lineH
	}
	return g.write(w, width, y+pad, ` data-n="`+strconv.Itoa(b.N)+`"`)
}
