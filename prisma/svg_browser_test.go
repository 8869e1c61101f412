package prisma

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/figuretest"
	"github.com/winnow-review/winnow/internal/figure/font"
)

// TestSVGReadsRightWithoutArial draws the figures in headless Chromium on
// a machine whose only fonts are DejaVu's (a plain Debian, most CI
// images) and checks, from the browser's own layout, that no line of text
// leaves its box or the canvas: with the font embedded, with the text as
// outlines, and for the README's sample figure as committed. The same
// figure naming Arial without embedding it must overflow there, or the
// check would prove nothing.
func TestSVGReadsRightWithoutArial(t *testing.T) {
	flows := svgFitFlows()
	updatedScoping := svgSeedFlow()
	updatedScoping.PreviousStudies, updatedScoping.PreviousReports = 31, 40
	flows["updated scoping"] = updatedScoping
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range flows {
			if !yield(n) {
				return
			}
		}
	})
	render := func(name string, mode font.Mode) figuretest.Figure {
		var buf bytes.Buffer
		o := SVGOptions{Scoping: strings.Contains(name, "scoping"), Text: mode}
		if err := WriteSVG(&buf, flows[name], o); err != nil {
			t.Fatal(err)
		}
		return figuretest.Figure{Name: name, SVG: buf.Bytes()}
	}
	var figs []figuretest.Figure
	for _, mode := range []font.Mode{font.Embedded, font.Outlines} {
		for _, n := range names {
			f := render(n, mode)
			if mode == font.Outlines {
				f.Name += " (outlines)"
			}
			figs = append(figs, f)
		}
	}
	sample, err := os.ReadFile(filepath.Join("..", "docs", "prisma-sample.svg"))
	if err != nil {
		t.Fatal(err)
	}
	figs = append(figs, figuretest.Figure{Name: "docs/prisma-sample.svg", SVG: sample})
	named := render("seed", font.Named)
	named.Name = "seed (font named, not embedded)"
	figs = append(figs, named)

	layouts := figuretest.Draw(t, figs...)
	for _, l := range layouts {
		over := l.Overflows()
		if l.Name == named.Name {
			if len(over) == 0 {
				t.Errorf("%s: no line overflows in DejaVu Sans, so this test could not catch an overflow", l.Name)
			}
			t.Logf("without the font, %d of %d lines overflow, e.g. %s", len(over), len(l.Lines), over[0])
			continue
		}
		for _, o := range over {
			t.Error(o)
		}
	}
	if fonts := layouts[0].Fonts; len(fonts) < 2 || slices.ContainsFunc(fonts, func(s string) bool { return !strings.HasSuffix(s, ": loaded") }) {
		t.Errorf("the browser did not load every embedded face: %q", fonts)
	}
}
