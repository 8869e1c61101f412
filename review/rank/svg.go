package rank

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/winnow-review/winnow/internal/figure/font"
)

// Chart geometry, in SVG user units (pixels at 100 %).
const (
	svgWidth   = 640
	svgHeight  = 420
	plotLeft   = 64
	plotRight  = 616
	plotTop    = 48
	plotBottom = 356
)

// CurveOptions are the title of a recall curve and how it carries its
// text.
type CurveOptions struct {
	// Title heads the chart (e.g. the dataset's name); a title too long
	// for the chart loses its middle to an ellipsis.
	Title string
	// Text is how the chart carries its text: with the font embedded
	// (the zero value), or drawn as outlines.
	Text font.Mode
}

// WriteCurveSVG draws the simulation's recall curves as a standalone SVG
// line chart: recall against records screened for the first seed's
// prioritised order and for a random order of the same records, with the
// 95 % recall line and where the prioritised order crossed it. Its text
// is laid out and drawn with the figures' font (package font), so that
// it reads the same on every machine.
func WriteCurveSVG(w io.Writer, s *Simulation, o CurveOptions) error {
	var b strings.Builder
	text := font.NewSVG(o.Text)
	n := float64(s.Records)
	x := func(share float64) float64 { return plotLeft + share*(plotRight-plotLeft) }
	y := func(recall float64) float64 { return plotBottom - recall*(plotBottom-plotTop) }
	label := func(l font.Line) {
		if l.Size == 0 {
			l.Size = fontSize
		}
		b.WriteString(text.Text(l))
	}

	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, svgHeight)
	title := o.Title
	if title == "" {
		title = "Recall against records screened"
	}
	room := float64(svgWidth - plotLeft - 8)
	label(font.Line{Text: fit(title, font.Bold, 15, room), X: plotLeft, Y: 24, Size: 15, Style: font.Bold})
	label(font.Line{Text: fit(fmt.Sprintf("%d records, %d inclusions (prior knowledge left out); first of %d seeds", s.Records, s.Inclusions, len(s.Seeds)), font.Regular, fontSize, room),
		X: plotLeft, Y: 40, Fill: "#555555"})

	// Grid and axes.
	for _, r := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", plotLeft, y(r), plotRight, y(r))
		label(font.Line{Text: fmt.Sprintf("%d%%", int(r*100)), X: plotLeft - 8, Y: y(r) + middle, Anchor: font.End})
	}
	for _, t := range ticks(s.Records) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e5e5"/>`+"\n", x(float64(t)/n), plotTop, x(float64(t)/n), plotBottom)
		label(font.Line{Text: thousands(t), X: x(float64(t) / n), Y: plotBottom + 18, Anchor: font.Middle})
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333333"/>`+"\n", plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	label(font.Line{Text: "records screened", X: (plotLeft + plotRight) / 2, Y: plotBottom + 38, Anchor: font.Middle})
	label(font.Line{Text: "recall (inclusions found)", Anchor: font.Middle, Transform: fmt.Sprintf("translate(18 %d) rotate(-90)", (plotTop+plotBottom)/2)})

	// The 95 % line and where the prioritised order reached it.
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c0392b" stroke-dasharray="2 3"/>`+"\n", plotLeft, y(0.95), plotRight, y(0.95))
	if len(s.Seeds) > 0 {
		n95 := s.Seeds[0].ScreenedTo95
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%d" stroke="#c0392b" stroke-dasharray="2 3"/>`+"\n", x(n95/n), y(0.95), x(n95/n), plotBottom)
		l := font.Line{Text: fmt.Sprintf("95%% recall after %s records (WSS@95 %.1f%%)", thousands(int(n95)), 100*s.Seeds[0].WSS95),
			X: x(n95/n) + 6, Y: y(0.95) + 16, Fill: "#c0392b"}
		if l.X+font.Width(l.Text, l.Style, fontSize) > plotRight-4 {
			l.Anchor, l.X = font.End, x(n95/n)-6
		}
		label(l)
	}

	line := func(pts []Point, style string) {
		b.WriteString(`<polyline fill="none" ` + style + ` points="`)
		for i, p := range pts {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.Screened), y(p.Recall))
		}
		b.WriteString(`"/>` + "\n")
	}
	line(s.RandomCurve, `stroke="#888888" stroke-width="1.5" stroke-dasharray="5 4"`)
	line(s.Curve, `stroke="#1f5fa8" stroke-width="2"`)

	// Legend, bottom right inside the plot.
	lx, ly := float64(plotRight-170), float64(plotBottom-44)
	b.WriteString(`<g id="legend">` + "\n")
	fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="160" height="36" fill="#ffffff" stroke="#cccccc"/>`+"\n", lx, ly)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1f5fa8" stroke-width="2"/>`+"\n", lx+8, ly+12, lx+32, ly+12)
	label(font.Line{Text: "prioritised", X: lx + 40, Y: ly + 12 + middle})
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888888" stroke-width="1.5" stroke-dasharray="5 4"/>`+"\n", lx+8, ly+26, lx+32, ly+26)
	label(font.Line{Text: "random order", X: lx + 40, Y: ly + 26 + middle})
	b.WriteString("</g>\n</svg>\n")

	attrs, err := text.RootAttrs()
	if err != nil {
		return err
	}
	defs, err := text.Defs()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d"%s font-size="%d">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight, attrs, fontSize)
	bw.WriteString(defs)
	bw.WriteString(b.String())
	return bw.Flush()
}

// fontSize is the chart's text, in px; middle moves a baseline down from
// where the middle of the text's capitals should be.
const (
	fontSize = 12
	middle   = 0.36 * fontSize
)

// fit shortens text that would be wider than width, putting an ellipsis
// in place of its middle: a file name's start and end say most.
func fit(text string, s font.Style, size, width float64) string {
	if font.Width(text, s, size) <= width {
		return text
	}
	r := []rune(text)
	head, tail := len(r)/2, len(r)-len(r)/2
	for head+tail > 0 {
		if tail >= head {
			tail--
		} else {
			head--
		}
		short := string(r[:head]) + "…" + string(r[len(r)-tail:])
		if font.Width(short, s, size) <= width {
			return short
		}
	}
	return "…"
}

// ticks gives about five round numbers from 0 to n.
func ticks(n int) []int {
	if n <= 0 {
		return []int{0}
	}
	raw := float64(n) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	s := max(int(step), 1)
	var out []int
	for t := 0; t <= n; t += s {
		out = append(out, t)
	}
	return out
}

// thousands writes n with a comma between thousands: 8,894.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
