package raster_test

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/chart"
	"github.com/winnow-review/winnow/internal/figure/figuretest"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/figure/raster"
)

// flowLike is a figure in the PRISMA flow's SVG: rounded and dashed
// boxes, an arrow with a dashed path and a marker at its end, rotated
// text.
func flowLike(t *testing.T) []byte {
	text := font.NewSVG(font.Outlines)
	var b strings.Builder
	b.WriteString(`<rect x="0" y="0" width="300" height="160" fill="#FFFFFF"/>` + "\n")
	b.WriteString(`<g id="a"><rect x="10" y="10" width="120" height="50" rx="6" ry="6" fill="#dbe8f5" stroke="none" stroke-width="1.2"/>`)
	b.WriteString(text.Text(font.Line{Text: "Records (n = 1,234)", X: 18, Y: 40, Size: 12, Style: font.Bold}))
	b.WriteString("</g>\n")
	b.WriteString(`<g id="b"><rect x="170" y="10" width="120" height="50" fill="#ffffff" stroke="#333333" stroke-width="1.2" stroke-dasharray="5 3"/>`)
	b.WriteString(text.Text(font.Line{Text: "Excluded — wrong", X: 178, Y: 40, Size: 12, Style: font.Italic}))
	b.WriteString("</g>\n")
	b.WriteString(`<g fill="none" stroke="#333333" stroke-width="1.2"><path d="M70,60 L70,110 L160,110" stroke-dasharray="5 3" marker-end="url(#arrowhead)"/></g>` + "\n")
	b.WriteString(text.Text(font.Line{Text: "Identification", Size: 12, Anchor: font.Middle, Transform: "translate(250 110) rotate(-90)"}))
	defs, err := text.Defs()
	if err != nil {
		t.Fatal(err)
	}
	attrs, _ := text.RootAttrs()
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="300" height="160" viewBox="0 0 300 160"` + attrs + `>
<title>t</title>
` + defs + `<defs>
<marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">
<path d="M0,0 L10,5 L0,10 z" fill="#333333"/>
</marker>
</defs>
` + b.String() + "</svg>\n")
}

func figures(t *testing.T) map[string][]byte {
	var m, bars bytes.Buffer
	mp := chart.Map{
		Title: "Study design by level of integration", RowTitle: "Study design", ColumnTitle: "Level of integration",
		Rows: []string{"qualitative", "mixed methods", "a label long enough to wrap over two lines"}, Columns: []string{"macro", "meso", "micro"},
		Cells:    [][]int{{1, 2, 4}, {1, 1, 0}, {0, 0, 12}},
		Percents: [][]float64{{5, 10, 20}, {5, 5, 0}, {0, 0, 60}}, RowTotals: []int{4, 2, 12}, RowPercents: []float64{20, 10, 60},
		ColTotals: []int{2, 3, 16}, ColPercents: []float64{10, 15, 80}, N: 20, Note: "Bubble area is proportional to the number of studies.",
	}
	if err := chart.WriteMapSVG(&m, mp, font.Outlines); err != nil {
		t.Fatal(err)
	}
	if err := chart.WriteBarsSVG(&bars, chart.Bars{Title: "Study design (n = 20)", N: 20, Bars: []chart.Bar{{Label: "qualitative", N: 12, Percent: 60}, {Label: "review", N: 8, Percent: 40}, {Label: "book"}}}, font.Outlines); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"evidence map": m.Bytes(), "bar chart": bars.Bytes(), "flow-like": flowLike(t)}
}

// TestPNGSizeAndDPI: the PNG decodes, is the SVG's size at the asked
// dpi, and says its dpi in its pHYs chunk.
func TestPNGSizeAndDPI(t *testing.T) {
	svg := flowLike(t)
	for _, dpi := range []float64{96, 300, 600} {
		var buf bytes.Buffer
		if err := raster.PNG(&buf, svg, raster.Options{DPI: dpi}); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%v dpi: the PNG does not decode: %v", dpi, err)
		}
		w, h := int(math.Round(300*dpi/96)), int(math.Round(160*dpi/96))
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("%v dpi: %v, want %d × %d", dpi, b, w, h)
		}
		if !bytes.Contains(buf.Bytes(), []byte("pHYs")) {
			t.Errorf("%v dpi: no pHYs chunk", dpi)
		}
	}
	if err := raster.PNG(&bytes.Buffer{}, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>x</text></svg>`), raster.Options{}); err == nil || !strings.Contains(err.Error(), "outlines") {
		t.Errorf("text as text gave %v, want a refusal naming outlines", err)
	}
}

// TestPNGLooksLikeChromium draws each figure as PNG at 192 dpi and
// compares it with Chromium's rendering of the same SVG at a device
// scale of 2: the mean difference over every pixel and channel must be
// under 1 of 255, and no more than 0.5 % of pixels may differ by more
// than a quarter of the range (anti-aliasing differs at edges; a
// misplaced line or glyph fails: the figure moved 2 px must fail). As
// measured: 0.14 to 0.26 of 255, no pixel far off.
func TestPNGLooksLikeChromium(t *testing.T) {
	for name, svg := range figures(t) {
		var buf bytes.Buffer
		if err := raster.PNG(&buf, svg, raster.Options{DPI: 192}); err != nil {
			t.Fatal(err)
		}
		ours, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		b := ours.Bounds()
		shot := figuretest.Screenshot(t, svg, (b.Dx()+1)/2+1, (b.Dy()+1)/2+1, 2)
		mean, far := diff(ours, shot)
		t.Logf("%s: %d × %d px, mean difference from Chromium %.2f of 255 per channel, %.2f%% of pixels differ by more than 64", name, b.Dx(), b.Dy(), mean, 100*far)
		if mean > 1 || far > 0.005 {
			t.Errorf("%s: mean difference %.2f, %.2f%% of pixels far off", name, mean, 100*far)
		}
		// The same figure moved 2 px right must fail: the check sees a
		// misplaced drawing.
		moved := image.NewRGBA(b)
		draw.Draw(moved, b, image.White, image.Point{}, draw.Src)
		draw.Draw(moved, b.Add(image.Pt(2, 0)), ours, b.Min, draw.Src)
		if m, f := diff(moved, shot); m <= 1 && f <= 0.005 {
			t.Errorf("%s: moved 2 px, the drawing still passes (mean %.2f, %.2f%% far off)", name, m, 100*f)
		} else {
			t.Logf("%s moved 2 px: mean %.2f, %.2f%% far off", name, m, 100*f)
		}
	}
}

func diff(a, b image.Image) (mean, far float64) {
	r := a.Bounds()
	sum, n, off := 0.0, 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			d := [3]float64{math.Abs(float64(ar>>8) - float64(br>>8)), math.Abs(float64(ag>>8) - float64(bg>>8)), math.Abs(float64(ab>>8) - float64(bb>>8))}
			sum += d[0] + d[1] + d[2]
			if max(d[0], d[1], d[2]) > 64 {
				off++
			}
			n++
		}
	}
	return sum / float64(3*n), float64(off) / float64(n)
}
