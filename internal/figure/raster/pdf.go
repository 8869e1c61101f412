package raster

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/winnow-review/winnow/internal/figure/font"
)

// PDF writes an SVG figure as a one-page PDF of the figure's size (its
// px at 1/96 inch): shapes as vector paths, text as text in the figure's
// font (Liberation Sans, embedded as a subset by go-pdf/fpdf), placed as
// the SVG places it. The figure must carry its text as text
// (font.Embedded).
func PDF(w io.Writer, svg []byte) error {
	root, err := parse(svg)
	if err != nil {
		return fmt.Errorf("svg: %w", err)
	}
	wpx, err1 := strconv.ParseFloat(root.attrs["width"], 64)
	hpx, err2 := strconv.ParseFloat(root.attrs["height"], 64)
	if err1 != nil || err2 != nil || wpx <= 0 || hpx <= 0 {
		return errors.New("svg: no width and height in px")
	}
	const k = 72.0 / 96 // pt per px
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: wpx * k, Ht: hpx * k}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreationDate(time.Unix(0, 0).UTC())
	pdf.SetModificationDate(time.Unix(0, 0).UTC())
	pdf.SetProducer("winnow", false)
	pdf.AddUTF8FontFromBytes("LiberationSans", "", font.TTF(font.Regular))
	pdf.AddUTF8FontFromBytes("LiberationSans", "B", font.TTF(font.Bold))
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: wpx * k, Ht: hpx * k})
	r := &renderer{ids: map[string]*node{}, pdf: pdf}
	r.index(root)
	base := style{fill: blackNRGBA, hasFill: true, strokeWidth: 1, fillOpacity: 1, strokeOpacity: 1, opacity: 1}
	if err := r.draw(root, matrix{k, 0, 0, k, 0, 0}, base); err != nil {
		return fmt.Errorf("svg: %w", err)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// pdfPaint fills and strokes a path in the PDF.
func (r *renderer) pdfPaint(p path, m matrix, st style) {
	trace := func(q path) {
		for _, sp := range q {
			if len(sp.pts) < 2 {
				continue
			}
			r.pdf.MoveTo(sp.pts[0].x, sp.pts[0].y)
			for _, pt := range sp.pts[1:] {
				r.pdf.LineTo(pt.x, pt.y)
			}
			if sp.closed {
				r.pdf.ClosePath()
			}
		}
	}
	q := p.transform(m)
	if st.hasFill {
		r.pdf.SetFillColor(int(st.fill.R), int(st.fill.G), int(st.fill.B))
		r.pdf.SetAlpha(st.fillOpacity*st.opacity, "Normal")
		trace(q)
		r.pdf.DrawPath("F")
	}
	if st.hasStroke && st.strokeWidth > 0 {
		s := m.scale()
		r.pdf.SetDrawColor(int(st.stroke.R), int(st.stroke.G), int(st.stroke.B))
		r.pdf.SetAlpha(st.strokeOpacity*st.opacity, "Normal")
		r.pdf.SetLineWidth(st.strokeWidth * s)
		r.pdf.SetLineCapStyle("butt")
		r.pdf.SetLineJoinStyle("miter")
		var dash []float64
		for _, d := range st.dash {
			dash = append(dash, d*s)
		}
		r.pdf.SetDashPattern(dash, 0)
		trace(q)
		r.pdf.DrawPath("D")
	}
	r.pdf.SetAlpha(1, "Normal")
}

// pdfText draws a <text> element as text in the figure's font.
func (r *renderer) pdfText(n *node, m matrix, st style) error {
	s := strings.ReplaceAll(n.text, "\u00a0", " ")
	if s == "" {
		return nil
	}
	size := attrNum(n, "font-size")
	if size == 0 {
		size = r.fontSize
	}
	fs := font.Regular
	pdfStyle := ""
	if n.attrs["font-weight"] == "bold" {
		fs, pdfStyle = font.Bold, "B"
	}
	italic := n.attrs["font-style"] == "italic"
	x, y := attrNum(n, "x"), attrNum(n, "y")
	switch n.attrs["text-anchor"] {
	case "middle":
		x -= font.Width(s, fs, size) / 2
	case "end":
		x -= font.Width(s, fs, size)
	}
	p := m.apply(point{x, y})
	scale := m.scale()
	angle := math.Atan2(m.b, m.a) * 180 / math.Pi
	r.pdf.SetFont("LiberationSans", pdfStyle, size*scale)
	c := st.fill
	if !st.hasFill {
		return nil
	}
	r.pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
	r.pdf.SetAlpha(st.fillOpacity*st.opacity, "Normal")
	turned := math.Abs(angle) > 0.01 || italic
	if turned {
		r.pdf.TransformBegin()
		if math.Abs(angle) > 0.01 {
			r.pdf.TransformRotate(-angle, p.x, p.y)
		}
		if italic {
			// PDF's y axis points up, the SVG's down: the slant that
			// is skewX(-12) in the SVG (the top leaning right) is +12
			// here.
			r.pdf.TransformSkewX(12, p.x, p.y)
		}
	}
	r.pdf.Text(p.x, p.y, s)
	if turned {
		r.pdf.TransformEnd()
	}
	r.pdf.SetAlpha(1, "Normal")
	return nil
}
