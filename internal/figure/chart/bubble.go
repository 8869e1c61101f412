package chart

import (
	"io"
	"math"
	"strconv"

	"github.com/winnow-review/winnow/internal/figure/font"
)

// Map is an evidence map: how many studies fall in each pair of
// categories of two fields, with the totals and percentages the domain
// computed.
type Map struct {
	Title       string   // heads the figure; wrapped
	RowTitle    string   // what the rows are (the first field's label)
	ColumnTitle string   // what the columns are
	Rows        []string // the categories of the rows
	Columns     []string
	Cells       [][]int     // Cells[i][j]: studies in row i and column j
	Percents    [][]float64 // of N, 0 to 100
	RowTotals   []int       // studies in each row
	RowPercents []float64
	ColTotals   []int
	ColPercents []float64
	N           int    // the studies counted
	Note        string // under the map; wrapped
}

// Layout of the map.
const (
	rowLabelW = 200 // the row labels' column
	minColW   = 96
	totalW    = 96
	minRowH   = 44
	maxR      = 19 // the radius of the largest bubble
	bubble    = "#1f5fa8"
)

// WriteMapSVG draws an evidence map as a bubble chart: a bubble in each
// cell with its area proportional to the count and the count in it (or
// beside it, when the bubble is too small to hold it); empty cells are
// left empty; each row and column ends in its total and percentage.
// Every cell is a group with data-row, data-column, data-n and
// data-percent, so that a program can read the map back.
func WriteMapSVG(w io.Writer, m Map, mode font.Mode) error {
	g := newFigure(mode)
	most := 1
	widest := 0.0
	for _, row := range m.Cells {
		for _, n := range row {
			most = max(most, n)
			widest = max(widest, measure(strconv.Itoa(n), font.Regular, fontSize))
		}
	}
	// A count beside its bubble must stay in its cell.
	colW := max(float64(minColW), 2*(maxR+4+widest+6))
	totW := float64(totalW)
	for i := range m.RowTotals {
		totW = max(totW, measure(total(m.RowTotals[i], m.RowPercents[i]), font.Bold, fontSize)+16)
	}
	for j := range m.ColTotals {
		colW = max(colW, measure(total(m.ColTotals[j], m.ColPercents[j]), font.Bold, fontSize)+16)
	}
	width := pad + rowLabelW + float64(len(m.Columns))*colW + totW + pad
	x0 := float64(pad + rowLabelW) // the first column's left

	// Title, and what the columns are.
	y := float64(pad)
	title := wrap(m.Title, width-2*pad, font.Bold, titleSize)
	g.lines(title, pad, y+titleSize, font.Bold, titleSize, titleH, font.Start, "")
	y += float64(len(title))*titleH + 8
	colTitle := wrap(m.ColumnTitle, float64(len(m.Columns))*colW-8, font.Bold, fontSize)
	g.printf("<g id=\"column-title\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n",
		f1(x0), f1(y), f1(float64(len(m.Columns))*colW), f1(float64(len(colTitle))*lineH+6))
	g.lines(colTitle, x0+float64(len(m.Columns))*colW/2, y+fontSize, font.Bold, fontSize, lineH, font.Middle, "")
	g.printf("</g>\n")
	y += float64(len(colTitle))*lineH + 6

	// The header: what the rows are, each column's label, "Total".
	cornerLines := wrap(m.RowTitle, rowLabelW-12, font.Bold, fontSize)
	heads := make([][]string, len(m.Columns))
	headLines := len(cornerLines)
	for j, c := range m.Columns {
		heads[j] = wrap(c, colW-8, font.Regular, fontSize)
		headLines = max(headLines, len(heads[j]))
	}
	headH := float64(headLines)*lineH + 10
	g.printf("<g id=\"row-title\">\n<rect x=\"%d\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"none\"/>\n", pad, f1(y), rowLabelW, f1(headH))
	g.lines(cornerLines, pad+4, y+headH-6-float64(len(cornerLines)-1)*lineH-0.212*fontSize, font.Bold, fontSize, lineH, font.Start, "")
	g.printf("</g>\n")
	for j, ls := range heads {
		cx := x0 + (float64(j)+0.5)*colW
		g.printf("<g id=\"column-%d\" class=\"column\" data-column=\"%s\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n",
			j, attr(m.Columns[j]), f1(cx-colW/2), f1(y), f1(colW), f1(headH))
		g.lines(ls, cx, y+headH-6-float64(len(ls)-1)*lineH-0.212*fontSize, font.Regular, fontSize, lineH, font.Middle, "")
		g.printf("</g>\n")
	}
	totX := x0 + float64(len(m.Columns))*colW
	g.printf("<g id=\"total-head\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n", f1(totX), f1(y), f1(totW), f1(headH))
	g.line(font.Line{Text: "Total", X: totX + totW/2, Y: y + headH - 6 - 0.212*fontSize, Style: font.Bold, Anchor: font.Middle})
	g.printf("</g>\n")
	y += headH
	g.printf(`<line x1="%d" y1="%s" x2="%s" y2="%s" stroke="#333333"/>`+"\n", pad, f1(y), f1(width-pad), f1(y))

	// The rows.
	// A bubble of a few studies among thousands is still seen.
	radius := func(n int) float64 { return max(1.5, maxR*math.Sqrt(float64(n)/float64(most))) }
	for i, row := range m.Rows {
		ls := wrap(row, rowLabelW-12, font.Regular, fontSize)
		h := max(float64(minRowH), float64(len(ls))*lineH+12)
		cy := y + h/2
		if i%2 == 1 {
			g.printf(`<rect x="%d" y="%s" width="%s" height="%s" fill="#f4f6f9"/>`+"\n", pad, f1(y), f1(width-2*pad), f1(h))
		}
		g.printf("<g id=\"row-%d\" class=\"row\" data-row=\"%s\">\n<rect x=\"%d\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"none\"/>\n",
			i, attr(row), pad, f1(y), rowLabelW, f1(h))
		g.lines(ls, pad+4, cy-float64(len(ls)-1)*lineH/2+middle, font.Regular, fontSize, lineH, font.Start, "")
		g.printf("</g>\n")
		for j, n := range m.Cells[i] {
			cx := x0 + (float64(j)+0.5)*colW
			g.printf("<g id=\"cell-%d-%d\" class=\"cell\" data-row=\"%s\" data-column=\"%s\" data-n=\"%d\" data-percent=\"%s\">\n",
				i, j, attr(row), attr(m.Columns[j]), n, strconv.FormatFloat(m.Percents[i][j], 'f', 1, 64))
			g.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#e3e3e3\"/>\n", f1(cx-colW/2), f1(y), f1(colW), f1(h))
			if n > 0 {
				r := radius(n)
				g.printf("<title>%s, %s: %d (%s)</title>\n", attr(row), attr(m.Columns[j]), n, pct(m.Percents[i][j]))
				g.printf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\" fill-opacity=\"0.85\"/>\n", f1(cx), f1(cy), f1(r), bubble)
				s := strconv.Itoa(n)
				if tw := measure(s, font.Regular, fontSize); 2*r >= tw+6 && r >= 9 {
					g.line(font.Line{Text: s, X: cx, Y: cy + middle, Anchor: font.Middle, Fill: "#ffffff"})
				} else {
					g.line(font.Line{Text: s, X: cx + r + 4, Y: cy + middle})
				}
			}
			g.printf("</g>\n")
		}
		g.printf("<g id=\"row-total-%d\" class=\"row-total\" data-row=\"%s\" data-n=\"%d\" data-percent=\"%s\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n",
			i, attr(row), m.RowTotals[i], strconv.FormatFloat(m.RowPercents[i], 'f', 1, 64), f1(totX), f1(y), f1(totW), f1(h))
		g.line(font.Line{Text: total(m.RowTotals[i], m.RowPercents[i]), X: totX + totW/2, Y: cy + middle, Anchor: font.Middle, Style: font.Bold})
		g.printf("</g>\n")
		y += h
	}
	g.printf(`<line x1="%d" y1="%s" x2="%s" y2="%s" stroke="#333333"/>`+"\n", pad, f1(y), f1(width-pad), f1(y))

	// The totals of the columns, and N.
	h := float64(minRowH) - 10
	g.printf("<g id=\"total-label\">\n<rect x=\"%d\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"none\"/>\n", pad, f1(y), rowLabelW, f1(h))
	g.line(font.Line{Text: "Total", X: pad + 4, Y: y + h/2 + middle, Style: font.Bold})
	g.printf("</g>\n")
	for j := range m.Columns {
		cx := x0 + (float64(j)+0.5)*colW
		g.printf("<g id=\"column-total-%d\" class=\"column-total\" data-column=\"%s\" data-n=\"%d\" data-percent=\"%s\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n",
			j, attr(m.Columns[j]), m.ColTotals[j], strconv.FormatFloat(m.ColPercents[j], 'f', 1, 64), f1(cx-colW/2), f1(y), f1(colW), f1(h))
		g.line(font.Line{Text: total(m.ColTotals[j], m.ColPercents[j]), X: cx, Y: y + h/2 + middle, Anchor: font.Middle, Style: font.Bold})
		g.printf("</g>\n")
	}
	g.printf("<g id=\"total\" data-n=\"%d\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\"/>\n", m.N, f1(totX), f1(y), f1(totW), f1(h))
	g.line(font.Line{Text: "n = " + strconv.Itoa(m.N), X: totX + totW/2, Y: y + h/2 + middle, Anchor: font.Middle, Style: font.Bold})
	g.printf("</g>\n")
	y += h + 8

	if m.Note != "" {
		note := wrap(m.Note, width-2*pad, font.Regular, fontSize)
		g.lines(note, pad, y+fontSize, font.Regular, fontSize, lineH, font.Start, "#555555")
		y += float64(len(note)) * lineH
	}
	return g.write(w, width, y+pad, ` data-n="`+strconv.Itoa(m.N)+`"`)
}

// total is a total as the map writes it: "4 (80%)".
func total(n int, p float64) string { return strconv.Itoa(n) + " (" + pct(p) + ")" }
