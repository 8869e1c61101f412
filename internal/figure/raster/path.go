package raster

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"strconv"
)

// subpath is a run of points, flattened (curves as short lines).
type subpath struct {
	pts    []point
	closed bool
}

type path []subpath

func (p *path) moveTo(q point) { *p = append(*p, subpath{pts: []point{q}}) }

func (p *path) lineTo(q point) {
	if len(*p) == 0 {
		p.moveTo(q)
		return
	}
	s := &(*p)[len(*p)-1]
	s.pts = append(s.pts, q)
}

func (p *path) close() {
	if len(*p) > 0 {
		s := &(*p)[len(*p)-1]
		s.closed = true
		if len(s.pts) > 0 && s.pts[len(s.pts)-1] != s.pts[0] {
			s.pts = append(s.pts, s.pts[0])
		}
	}
}

func (p *path) current() point {
	s := (*p)[len(*p)-1]
	return s.pts[len(s.pts)-1]
}

// curveSteps is how many lines a curve becomes: enough at 600 dpi for a
// glyph or a bubble.
const curveSteps = 16

func (p *path) quadTo(c, q point) {
	a := p.current()
	for i := 1; i <= curveSteps; i++ {
		t := float64(i) / curveSteps
		u := 1 - t
		p.lineTo(point{u*u*a.x + 2*u*t*c.x + t*t*q.x, u*u*a.y + 2*u*t*c.y + t*t*q.y})
	}
}

func (p *path) cubeTo(c1, c2, q point) {
	a := p.current()
	for i := 1; i <= curveSteps; i++ {
		t := float64(i) / curveSteps
		u := 1 - t
		p.lineTo(point{
			u*u*u*a.x + 3*u*u*t*c1.x + 3*u*t*t*c2.x + t*t*t*q.x,
			u*u*u*a.y + 3*u*u*t*c1.y + 3*u*t*t*c2.y + t*t*t*q.y,
		})
	}
}

// arc adds a quarter circle about c from angle a0 (radians).
func (p *path) arc(c point, r, a0, a1 float64) {
	for i := 0; i <= curveSteps; i++ {
		a := a0 + (a1-a0)*float64(i)/curveSteps
		p.lineTo(point{c.x + r*math.Cos(a), c.y + r*math.Sin(a)})
	}
}

func (p *path) roundRect(x, y, w, h, r float64) {
	p.moveTo(point{x + r, y})
	p.arc(point{x + w - r, y + r}, r, -math.Pi/2, 0)
	p.arc(point{x + w - r, y + h - r}, r, 0, math.Pi/2)
	p.arc(point{x + r, y + h - r}, r, math.Pi/2, math.Pi)
	p.arc(point{x + r, y + r}, r, math.Pi, 3*math.Pi/2)
	p.close()
}

func (p *path) ellipse(cx, cy, r float64) {
	p.moveTo(point{cx + r, cy})
	for i := 1; i <= 4*curveSteps; i++ {
		a := 2 * math.Pi * float64(i) / (4 * curveSteps)
		p.lineTo(point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	p.close()
}

func (p path) transform(m matrix) path {
	out := make(path, len(p))
	for i, s := range p {
		pts := make([]point, len(s.pts))
		for j, q := range s.pts {
			pts[j] = m.apply(q)
		}
		out[i] = subpath{pts: pts, closed: s.closed}
	}
	return out
}

// dashed cuts the path into its dashes (in its own units).
func (p path) dashed(dash []float64) path {
	if len(dash)%2 == 1 {
		dash = append(dash, dash...)
	}
	total := 0.0
	for _, d := range dash {
		total += d
	}
	if total <= 0 {
		return p
	}
	var out path
	for _, s := range p {
		i, left, on := 0, dash[0], true
		if on {
			out.moveTo(s.pts[0])
		}
		for j := 1; j < len(s.pts); j++ {
			a, b := s.pts[j-1], s.pts[j]
			seg := math.Hypot(b.x-a.x, b.y-a.y)
			pos := 0.0
			for seg-pos > left {
				pos += left
				q := point{a.x + (b.x-a.x)*pos/seg, a.y + (b.y-a.y)*pos/seg}
				if on {
					out.lineTo(q)
				} else {
					out.moveTo(q)
				}
				on = !on
				i = (i + 1) % len(dash)
				left = dash[i]
			}
			left -= seg - pos
			if on {
				out.lineTo(b)
			}
		}
	}
	return out
}

// stroke is the outline of a stroke of width w along the path: a
// rectangle along each segment (carried on by half the width at both
// ends when square, which also fills the corners).
func (p path) stroke(w float64, square bool) path {
	var out path
	h := w / 2
	for _, s := range p {
		for j := 1; j < len(s.pts); j++ {
			a, b := s.pts[j-1], s.pts[j]
			l := math.Hypot(b.x-a.x, b.y-a.y)
			if l == 0 {
				continue
			}
			dx, dy := (b.x-a.x)/l*h, (b.y-a.y)/l*h
			if square {
				a, b = point{a.x - dx, a.y - dy}, point{b.x + dx, b.y + dy}
			}
			nx, ny := -dy, dx
			out.moveTo(point{a.x + nx, a.y + ny})
			out.lineTo(point{b.x + nx, b.y + ny})
			out.lineTo(point{b.x - nx, b.y - ny})
			out.lineTo(point{a.x - nx, a.y - ny})
			out.close()
		}
	}
	return out
}

// parsePath reads SVG path data: M L H V Q C Z, absolute or relative.
func parsePath(d string) (path, error) {
	var p path
	var cmd byte
	i := 0
	num := func() (float64, error) {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t') {
			i++
		}
		j := i
		for j < len(d) && (d[j] == '-' && j == i || d[j] == '+' && j == i || d[j] == '.' || d[j] >= '0' && d[j] <= '9' || d[j] == 'e' || d[j] == 'E' || (d[j] == '-' && (d[j-1] == 'e' || d[j-1] == 'E'))) {
			j++
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		if err != nil {
			return 0, fmt.Errorf("path data %q at %d", d, i)
		}
		i = j
		return v, nil
	}
	pt := func(rel bool) (point, error) {
		x, err := num()
		if err != nil {
			return point{}, err
		}
		y, err := num()
		if err != nil {
			return point{}, err
		}
		if rel && len(p) > 0 {
			c := p.current()
			x, y = x+c.x, y+c.y
		}
		return point{x, y}, nil
	}
	start := point{}
	for {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t') {
			i++
		}
		if i >= len(d) {
			return p, nil
		}
		if c := d[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			cmd = c
			i++
			if cmd == 'Z' || cmd == 'z' {
				p.close()
				if len(p) > 0 {
					p.moveTo(start)
				}
				continue
			}
		}
		rel := cmd >= 'a'
		var err error
		switch cmd | 0x20 {
		case 'm':
			var q point
			if q, err = pt(rel); err == nil {
				if len(p) > 0 && len(p[len(p)-1].pts) == 1 {
					p = p[:len(p)-1]
				}
				p.moveTo(q)
				start = q
				if cmd == 'm' {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
			}
		case 'l':
			var q point
			if q, err = pt(rel); err == nil {
				p.lineTo(q)
			}
		case 'h', 'v':
			var v float64
			if v, err = num(); err == nil {
				c := p.current()
				q := c
				if cmd|0x20 == 'h' {
					q.x = v
					if rel {
						q.x += c.x
					}
				} else {
					q.y = v
					if rel {
						q.y += c.y
					}
				}
				p.lineTo(q)
			}
		case 'q':
			var c, q point
			if c, err = pt(rel); err == nil {
				if q, err = pt(rel); err == nil {
					p.quadTo(c, q)
				}
			}
		case 'c':
			var c1, c2, q point
			if c1, err = pt(rel); err == nil {
				if c2, err = pt(rel); err == nil {
					if q, err = pt(rel); err == nil {
						p.cubeTo(c1, c2, q)
					}
				}
			}
		default:
			return nil, fmt.Errorf("path data %q: command %q", d, cmd)
		}
		if err != nil {
			return nil, err
		}
	}
}

// withDPI puts a pHYs chunk (pixels per metre) after a PNG's IHDR.
func withDPI(data []byte, dpi float64) []byte {
	const ihdrEnd = 8 + 8 + 13 + 4
	if len(data) < ihdrEnd {
		return data
	}
	ppm := uint32(math.Round(dpi / 0.0254))
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk, 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1 // metres
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	out := append([]byte{}, data[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, data[ihdrEnd:]...)
}
