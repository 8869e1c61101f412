package chart

import (
	"bytes"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/figuretest"
	"github.com/winnow-review/winnow/internal/figure/font"
)

// longMap is an evidence map whose labels are as long as a form allows:
// sentences, a word longer than any column, counts of five digits.
func longMap() Map {
	rows := []string{
		"qualitative",
		"Randomised controlled trial with a nested process evaluation and an economic evaluation alongside it, reported in three papers",
		"Interprofessionalcollaborationinprimaryandsecondarycaresettingswithoutanyspaces",
		"x",
	}
	cols := []string{
		"macro",
		"Organisational integration across health and social care providers in the region",
		"Supercalifragilisticexpialidociousintegrationlevel",
	}
	m := Map{
		Title:       "Study design (a field whose label goes on and on to test the wrapping of the title) by Level of integration on the Rainbow Model of Integrated Care",
		RowTitle:    "Study design as agreed by the two reviewers after discussion with the lead",
		ColumnTitle: "Level(s) of integration on the Rainbow Model of Integrated Care (Valentijn et al., 2013)",
		Rows:        rows, Columns: cols, N: 12345,
		Note: "Included studies with an agreed answer on both fields (n = 12345). Bubble area is proportional to the number of studies.",
	}
	for i := range rows {
		var cells []int
		var ps []float64
		for j := range cols {
			n := []int{0, 1, 12345, 7}[(i+j)%4]
			cells = append(cells, n)
			ps = append(ps, float64(n)*100/12345)
		}
		m.Cells, m.Percents = append(m.Cells, cells), append(m.Percents, ps)
		m.RowTotals, m.RowPercents = append(m.RowTotals, 12345), append(m.RowPercents, 100)
	}
	for range cols {
		m.ColTotals, m.ColPercents = append(m.ColTotals, 12345), append(m.ColPercents, 100)
	}
	return m
}

// TestChartsReadRightWithVeryLongLabels draws an evidence map and a bar
// chart with very long labels in headless Chromium on a machine whose
// only fonts are DejaVu's, embedded and as outlines, and checks from the
// browser's own layout that no line of text leaves its box (a row's
// label, a column's head, a cell, a total, a bar) or the canvas.
func TestChartsReadRightWithVeryLongLabels(t *testing.T) {
	m := longMap()
	bars := Bars{Title: m.Title, Note: m.Note, N: 12345}
	for i, r := range append(m.Rows, m.Columns...) {
		bars.Bars = append(bars.Bars, Bar{Label: r, N: []int{12345, 0, 1, 7}[i%4], Percent: []float64{100, 0, 0.01, 0.06}[i%4]})
	}
	var figs []figuretest.Figure
	for _, mode := range []font.Mode{font.Embedded, font.Outlines} {
		var a, b bytes.Buffer
		if err := WriteMapSVG(&a, m, mode); err != nil {
			t.Fatal(err)
		}
		if err := WriteBarsSVG(&b, bars, mode); err != nil {
			t.Fatal(err)
		}
		figs = append(figs, figuretest.Figure{Name: "map " + modeName(mode), SVG: a.Bytes()}, figuretest.Figure{Name: "bars " + modeName(mode), SVG: b.Bytes()})
	}
	for _, l := range figuretest.Draw(t, figs...) {
		for _, o := range l.Overflows() {
			t.Error(o)
		}
		boxed := 0
		for _, x := range l.Lines {
			if x.Box != "" {
				boxed++
			}
		}
		if strings.HasPrefix(l.Name, "map") && boxed < 12*2+3 {
			t.Errorf("%s: %d lines in boxes; want the labels, cells and totals each in theirs", l.Name, boxed)
		}
	}
}

func modeName(m font.Mode) string {
	if m == font.Outlines {
		return "(outlines)"
	}
	return "(embedded)"
}

// TestWrapKeepsEveryLineInItsWidth: words wrap at spaces, a word wider
// than the width is cut between characters, and no text is lost.
func TestWrapKeepsEveryLineInItsWidth(t *testing.T) {
	for _, text := range longMap().Rows {
		lines := wrap(text, 100, font.Regular, fontSize)
		for _, l := range lines {
			if w := measure(l, font.Regular, fontSize); w > 100 {
				t.Errorf("%q is %.1f px wide, more than 100", l, w)
			}
		}
		if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(text, " ", "") {
			t.Errorf("wrapped %q lost text: %q", text, lines)
		}
	}
}
