// Package raster draws winnow's SVG figures as PNG and PDF, in pure Go:
// it reads
// the small part of SVG the figures are written in (rect, line,
// polyline, circle, path, g and use with transforms, markers at a path's
// end, fill, stroke, dashes, opacity) and fills their outlines with
// golang.org/x/image/vector, an anti-aliasing rasteriser. Text must come
// drawn as glyph outlines (font.Outlines), so the PNG's letters are the
// figure's font's own, placed where the SVG places them. A PDF (pdf.go)
// is drawn from the same reading: shapes as vector paths, text as text in
// the embedded font.
package raster

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/vector"
)

// node is an element of the SVG.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string // a <text> element's characters
}

func parse(svg []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil || root.name != "svg" {
		return nil, errors.New("no <svg> element")
	}
	return root, nil
}

// matrix is an affine transform: x' = a x + c y + e, y' = b x + d y + f.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul is m then n applied inside it (m · n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m.a*n.a + m.c*n.b, m.b*n.a + m.d*n.b,
		m.a*n.c + m.c*n.d, m.b*n.c + m.d*n.d,
		m.a*n.e + m.c*n.f + m.e, m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(p point) point {
	return point{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f}
}

// scale is how much the transform stretches lengths (for stroke widths).
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

func parseTransform(s string) (matrix, error) {
	m := identity
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			return m, fmt.Errorf("transform %q", s)
		}
		name := strings.TrimSpace(s[:open])
		args, err := numbers(s[open+1 : end])
		if err != nil {
			return m, err
		}
		s = strings.TrimLeft(s[end+1:], ", ")
		arg := func(i int, def float64) float64 {
			if i < len(args) {
				return args[i]
			}
			return def
		}
		var t matrix
		switch name {
		case "translate":
			t = translate(arg(0, 0), arg(1, 0))
		case "scale":
			t = matrix{arg(0, 1), 0, 0, arg(1, arg(0, 1)), 0, 0}
		case "rotate":
			r := arg(0, 0) * math.Pi / 180
			cos, sin := math.Cos(r), math.Sin(r)
			cx, cy := arg(1, 0), arg(2, 0)
			t = translate(cx, cy).mul(matrix{cos, sin, -sin, cos, 0, 0}).mul(translate(-cx, -cy))
		case "skewX":
			t = matrix{1, 0, math.Tan(arg(0, 0) * math.Pi / 180), 1, 0, 0}
		case "skewY":
			t = matrix{1, math.Tan(arg(0, 0) * math.Pi / 180), 0, 1, 0, 0}
		case "matrix":
			if len(args) != 6 {
				return m, fmt.Errorf("transform %q", name)
			}
			t = matrix{args[0], args[1], args[2], args[3], args[4], args[5]}
		default:
			return m, fmt.Errorf("transform %q", name)
		}
		m = m.mul(t)
	}
	return m, nil
}

func numbers(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// style is what an element inherits.
type style struct {
	fill, stroke             color.NRGBA
	hasFill, hasStroke       bool
	strokeWidth, fillOpacity float64
	strokeOpacity, opacity   float64
	dash                     []float64
}

func parseColor(s string) (color.NRGBA, bool, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "none", "transparent":
		return color.NRGBA{}, false, nil
	case "black":
		return color.NRGBA{0, 0, 0, 255}, true, nil
	case "white":
		return color.NRGBA{255, 255, 255, 255}, true, nil
	}
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 6 {
			return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true, nil
		}
	}
	return color.NRGBA{}, false, fmt.Errorf("colour %q", s)
}

func (st style) with(n *node) (style, error) {
	var err error
	num := func(k string, dst *float64) {
		if v, ok := n.attrs[k]; ok && err == nil {
			*dst, err = strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
		}
	}
	if v, ok := n.attrs["fill"]; ok {
		if st.fill, st.hasFill, err = parseColor(v); err != nil {
			return st, err
		}
	}
	if v, ok := n.attrs["stroke"]; ok {
		if st.stroke, st.hasStroke, err = parseColor(v); err != nil {
			return st, err
		}
	}
	num("stroke-width", &st.strokeWidth)
	num("fill-opacity", &st.fillOpacity)
	num("stroke-opacity", &st.strokeOpacity)
	if v, ok := n.attrs["opacity"]; ok && err == nil {
		var o float64
		o, err = strconv.ParseFloat(v, 64)
		st.opacity *= o
	}
	if v, ok := n.attrs["stroke-dasharray"]; ok && err == nil {
		st.dash = nil
		if v != "none" {
			st.dash, err = numbers(v)
		}
	}
	return st, err
}

type point struct{ x, y float64 }

// Options say how large to draw.
type Options struct {
	DPI float64 // dots per inch; the SVG's px are 1/96 inch
}

// Size is the size in pixels of a figure w × h px drawn at dpi.
func Size(w, h, dpi float64) (int, int) {
	return int(math.Round(w * dpi / 96)), int(math.Round(h * dpi / 96))
}

// Draw draws an SVG figure as an image at o.DPI.
func Draw(svg []byte, o Options) (*image.NRGBA, error) {
	root, err := parse(svg)
	if err != nil {
		return nil, fmt.Errorf("svg: %w", err)
	}
	w, err1 := strconv.ParseFloat(root.attrs["width"], 64)
	h, err2 := strconv.ParseFloat(root.attrs["height"], 64)
	if err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return nil, errors.New("svg: no width and height in px")
	}
	if o.DPI <= 0 {
		o.DPI = 300
	}
	pw, ph := Size(w, h, o.DPI)
	img := image.NewNRGBA(image.Rect(0, 0, pw, ph))
	r := &renderer{img: img, ids: map[string]*node{}, ras: vector.NewRasterizer(pw, ph)}
	r.index(root)
	k := o.DPI / 96
	base := style{fill: color.NRGBA{0, 0, 0, 255}, hasFill: true, strokeWidth: 1, fillOpacity: 1, strokeOpacity: 1, opacity: 1}
	if err := r.draw(root, matrix{k, 0, 0, k, 0, 0}, base); err != nil {
		return nil, fmt.Errorf("svg: %w", err)
	}
	return img, nil
}

// PNG draws an SVG figure as a PNG at o.DPI, with its pHYs chunk saying
// so.
func PNG(w io.Writer, svg []byte, o Options) error {
	img, err := Draw(svg, o)
	if err != nil {
		return err
	}
	if o.DPI <= 0 {
		o.DPI = 300
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	_, err = w.Write(withDPI(buf.Bytes(), o.DPI))
	return err
}

// renderer draws a figure as pixels (img, ras) or into a PDF (pdf).
type renderer struct {
	img      *image.NRGBA
	ids      map[string]*node
	ras      *vector.Rasterizer
	pdf      *fpdf.Fpdf
	fontSize float64
}

var blackNRGBA = color.NRGBA{0, 0, 0, 255}

func (r *renderer) index(n *node) {
	if id := n.attrs["id"]; id != "" {
		r.ids[id] = n
	}
	for _, c := range n.children {
		r.index(c)
	}
}

func attrNum(n *node, k string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSuffix(n.attrs[k], "px"), 64)
	return v
}

func (r *renderer) draw(n *node, m matrix, st style) error {
	switch n.name {
	case "defs", "marker", "style", "title", "desc", "metadata":
		return nil
	case "text":
		if r.pdf == nil {
			return errors.New("text drawn as text: draw the figure with its text as outlines")
		}
	}
	if t, ok := n.attrs["transform"]; ok {
		tm, err := parseTransform(t)
		if err != nil {
			return err
		}
		m = m.mul(tm)
	}
	st, err := st.with(n)
	if err != nil {
		return err
	}
	switch n.name {
	case "text":
		return r.pdfText(n, m, st)
	case "svg", "g":
		for _, c := range n.children {
			if err := r.draw(c, m, st); err != nil {
				return err
			}
		}
		return nil
	case "use":
		href := n.attrs["href"]
		ref := r.ids[strings.TrimPrefix(href, "#")]
		if ref == nil {
			return fmt.Errorf("use of %q: no such element", href)
		}
		return r.draw(ref, m.mul(translate(attrNum(n, "x"), attrNum(n, "y"))), st)
	case "rect":
		x, y, w, h := attrNum(n, "x"), attrNum(n, "y"), attrNum(n, "width"), attrNum(n, "height")
		rx := attrNum(n, "rx")
		if rx == 0 {
			rx = attrNum(n, "ry")
		}
		var p path
		if rx > 0 {
			p.roundRect(x, y, w, h, min(rx, w/2, h/2))
		} else {
			p.moveTo(point{x, y})
			p.lineTo(point{x + w, y})
			p.lineTo(point{x + w, y + h})
			p.lineTo(point{x, y + h})
			p.close()
		}
		return r.paint(p, m, st)
	case "circle":
		var p path
		p.ellipse(attrNum(n, "cx"), attrNum(n, "cy"), attrNum(n, "r"))
		return r.paint(p, m, st)
	case "line":
		var p path
		p.moveTo(point{attrNum(n, "x1"), attrNum(n, "y1")})
		p.lineTo(point{attrNum(n, "x2"), attrNum(n, "y2")})
		st.hasFill = false
		return r.paint(p, m, st)
	case "polyline", "polygon":
		v, err := numbers(n.attrs["points"])
		if err != nil {
			return err
		}
		var p path
		for i := 0; i+1 < len(v); i += 2 {
			if i == 0 {
				p.moveTo(point{v[i], v[i+1]})
			} else {
				p.lineTo(point{v[i], v[i+1]})
			}
		}
		if n.name == "polygon" {
			p.close()
		}
		return r.paint(p, m, st)
	case "path":
		p, err := parsePath(n.attrs["d"])
		if err != nil {
			return err
		}
		if err := r.paint(p, m, st); err != nil {
			return err
		}
		if mk := n.attrs["marker-end"]; mk != "" {
			return r.marker(mk, p, m, st)
		}
		return nil
	}
	return fmt.Errorf("element <%s> is not drawn", n.name)
}

// marker draws a path's end marker (markerUnits userSpaceOnUse,
// orient auto).
func (r *renderer) marker(ref string, p path, m matrix, st style) error {
	id := strings.TrimSuffix(strings.TrimPrefix(ref, "url(#"), ")")
	mk := r.ids[id]
	if mk == nil {
		return fmt.Errorf("marker %q: no such element", ref)
	}
	if len(p) == 0 || len(p[len(p)-1].pts) < 2 {
		return nil
	}
	pts := p[len(p)-1].pts
	end, before := pts[len(pts)-1], pts[len(pts)-2]
	angle := math.Atan2(end.y-before.y, end.x-before.x)
	vb, _ := numbers(mk.attrs["viewBox"])
	sx, sy := 1.0, 1.0
	if len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
		sx, sy = attrNum(mk, "markerWidth")/vb[2], attrNum(mk, "markerHeight")/vb[3]
	}
	cos, sin := math.Cos(angle), math.Sin(angle)
	t := m.mul(translate(end.x, end.y)).mul(matrix{cos, sin, -sin, cos, 0, 0}).
		mul(matrix{sx, 0, 0, sy, 0, 0}).mul(translate(-attrNum(mk, "refX"), -attrNum(mk, "refY")))
	base := style{fill: color.NRGBA{0, 0, 0, 255}, hasFill: true, strokeWidth: 1, fillOpacity: 1, strokeOpacity: 1, opacity: st.opacity}
	for _, c := range mk.children {
		if err := r.draw(c, t, base); err != nil {
			return err
		}
	}
	return nil
}

// paint fills and strokes a path.
func (r *renderer) paint(p path, m matrix, st style) error {
	if r.pdf != nil {
		r.pdfPaint(p, m, st)
		return nil
	}
	if st.hasFill {
		r.fill(p.transform(m), st.fill, st.fillOpacity*st.opacity)
	}
	if st.hasStroke && st.strokeWidth > 0 {
		src := p
		if len(st.dash) > 0 {
			src = p.dashed(st.dash)
		}
		r.fill(src.transform(m).stroke(st.strokeWidth*m.scale(), len(st.dash) == 0), st.stroke, st.strokeOpacity*st.opacity)
	}
	return nil
}

func (r *renderer) fill(p path, c color.NRGBA, opacity float64) {
	// Rasterise only the path's bounding box: a figure has thousands
	// of glyphs, each a few pixels across.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, sp := range p {
		for _, q := range sp.pts {
			minX, minY, maxX, maxY = min(minX, q.x), min(minY, q.y), max(maxX, q.x), max(maxY, q.y)
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(r.img.Bounds())
	if box.Empty() {
		return
	}
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	r.ras.Reset(box.Dx(), box.Dy())
	r.ras.DrawOp = draw.Over
	for _, sp := range p {
		if len(sp.pts) < 2 {
			continue
		}
		r.ras.MoveTo(float32(sp.pts[0].x-ox), float32(sp.pts[0].y-oy))
		for _, q := range sp.pts[1:] {
			r.ras.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		r.ras.ClosePath()
	}
	c.A = uint8(math.Round(float64(c.A) * max(0, min(1, opacity))))
	r.ras.Draw(r.img, box, image.NewUniform(c), image.Point{})
}
