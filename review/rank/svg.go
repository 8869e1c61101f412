package rank

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
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

// WriteCurveSVG draws the simulation's recall curves as a standalone SVG
// line chart: recall against records screened for the first seed's
// prioritised order and for a random order of the same records, with the
// 95 % recall line and where the prioritised order crossed it. title
// heads the chart (e.g. the dataset's name); it may be empty.
func WriteCurveSVG(w io.Writer, s *Simulation, title string) error {
	bw := bufio.NewWriter(w)
	n := float64(s.Records)
	x := func(share float64) float64 { return plotLeft + share*(plotRight-plotLeft) }
	y := func(recall float64) float64 { return plotBottom - recall*(plotBottom-plotTop) }

	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, svgHeight)
	if title == "" {
		title = "Recall against records screened"
	}
	fmt.Fprintf(bw, `<text x="%d" y="24" font-size="15" font-weight="bold">%s</text>`+"\n", plotLeft, escape(title))
	fmt.Fprintf(bw, `<text x="%d" y="40" fill="#555555">%s</text>`+"\n", plotLeft,
		escape(fmt.Sprintf("%d records, %d inclusions (prior knowledge left out); first of %d seeds", s.Records, s.Inclusions, len(s.Seeds))))

	// Grid and axes.
	for _, r := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(bw, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", plotLeft, y(r), plotRight, y(r))
		fmt.Fprintf(bw, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%d%%</text>`+"\n", plotLeft-8, y(r), int(r*100))
	}
	for _, t := range ticks(s.Records) {
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e5e5"/>`+"\n", x(float64(t)/n), plotTop, x(float64(t)/n), plotBottom)
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x(float64(t)/n), plotBottom+18, thousands(t))
	}
	fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333333"/>`+"\n", plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	fmt.Fprintf(bw, `<text x="%d" y="%d" text-anchor="middle">records screened</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+38)
	fmt.Fprintf(bw, `<text transform="translate(18 %d) rotate(-90)" text-anchor="middle">recall (inclusions found)</text>`+"\n", (plotTop+plotBottom)/2)

	// The 95 % line and where the prioritised order reached it.
	fmt.Fprintf(bw, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#c0392b" stroke-dasharray="2 3"/>`+"\n", plotLeft, y(0.95), plotRight, y(0.95))
	if len(s.Seeds) > 0 {
		n95 := s.Seeds[0].ScreenedTo95
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%d" stroke="#c0392b" stroke-dasharray="2 3"/>`+"\n", x(n95/n), y(0.95), x(n95/n), plotBottom)
		label := fmt.Sprintf("95%% recall after %s records (WSS@95 %.1f%%)", thousands(int(n95)), 100*s.Seeds[0].WSS95)
		anchor, lx := "start", x(n95/n)+6
		if lx > plotRight-260 {
			anchor, lx = "end", x(n95/n)-6
		}
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" fill="#c0392b" text-anchor="%s">%s</text>`+"\n", lx, y(0.95)+16, anchor, escape(label))
	}

	line := func(pts []Point, style string) {
		var b strings.Builder
		for i, p := range pts {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.Screened), y(p.Recall))
		}
		fmt.Fprintf(bw, `<polyline fill="none" %s points="%s"/>`+"\n", style, b.String())
	}
	line(s.RandomCurve, `stroke="#888888" stroke-width="1.5" stroke-dasharray="5 4"`)
	line(s.Curve, `stroke="#1f5fa8" stroke-width="2"`)

	// Legend, bottom right inside the plot.
	lx, ly := float64(plotRight-170), float64(plotBottom-44)
	fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="160" height="36" fill="#ffffff" stroke="#cccccc"/>`+"\n", lx, ly)
	fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1f5fa8" stroke-width="2"/>`+"\n", lx+8, ly+12, lx+32, ly+12)
	fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" dominant-baseline="middle">prioritised</text>`+"\n", lx+40, ly+12)
	fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888888" stroke-width="1.5" stroke-dasharray="5 4"/>`+"\n", lx+8, ly+26, lx+32, ly+26)
	fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" dominant-baseline="middle">random order</text>`+"\n", lx+40, ly+26)
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
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

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
