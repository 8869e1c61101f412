package rank

import (
	"bytes"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/figuretest"
	"github.com/winnow-review/winnow/internal/figure/font"
)

// TestCurveSVGReadsRightWithoutArial draws recall curves in headless
// Chromium on a machine whose only fonts are DejaVu's and checks, from the
// browser's own layout, that no line leaves its box (the legend) or the
// canvas: a simulated one, and one of the seed review's size with a long
// title and 95 % recall reached late (its label then sits left of the
// line). Drawn naming Arial without embedding it, the long title must
// overflow there, or the check would prove nothing.
func TestCurveSVGReadsRightWithoutArial(t *testing.T) {
	docs, labels := topicDocs(300, 2)
	o := DefaultSimOptions()
	o.Seeds = 1
	small, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	big := &Simulation{
		Records: 8894, Inclusions: 84,
		Seeds:       []SeedResult{{Seed: 1, Figures: Figures{ScreenedTo95: 8650, WSS95: 0.0074}}},
		Curve:       []Point{{0, 0}, {0.2, 0.7}, {0.97, 0.95}, {1, 1}},
		RandomCurve: []Point{{0, 0}, {1, 1}},
	}
	long := "Recall curve: ../shared/corpus/screening/Integrated_care_for_older_adults_with_multimorbidity_2020/records.csv"
	draw := func(name string, s *Simulation, title string, mode font.Mode) figuretest.Figure {
		var buf bytes.Buffer
		if err := WriteCurveSVG(&buf, s, CurveOptions{Title: title, Text: mode}); err != nil {
			t.Fatal(err)
		}
		return figuretest.Figure{Name: name, SVG: buf.Bytes()}
	}
	figs := []figuretest.Figure{
		draw("simulated", small, "Recall curve: records.csv", font.Embedded),
		draw("seed-sized", big, long, font.Embedded),
		draw("seed-sized (outlines)", big, long, font.Outlines),
		draw("seed-sized (font named, not embedded)", big, long, font.Named),
	}
	for _, l := range figuretest.Draw(t, figs...) {
		over := l.Overflows()
		if l.Name == figs[3].Name {
			if len(over) == 0 {
				t.Errorf("%s: no line overflows in DejaVu Sans, so this test could not catch an overflow", l.Name)
			}
			continue
		}
		for _, o := range over {
			t.Error(o)
		}
		if len(l.Lines) < 12 {
			t.Errorf("%s: the browser found %d lines of text", l.Name, len(l.Lines))
		}
	}
}
