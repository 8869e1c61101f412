package font

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Mode is how an SVG figure carries its text.
type Mode int

const (
	// Embedded writes text as text, with a subset of the typeface
	// inside the figure (CSS @font-face, under a family name of its
	// own). Browsers and the programs built on them draw it with that
	// font whatever the machine has; the text stays text (it can be
	// selected, searched and read aloud). Programs that ignore
	// @font-face (librsvg) fall back to Liberation Sans, Arimo or Arial
	// when the machine has one of them.
	Embedded Mode = iota
	// Outlines draws every line as the typeface's glyph outlines: it
	// looks the same in every SVG viewer and needs no font at all; the
	// text is kept only as each line's aria-label.
	Outlines
	// Named writes text that names Arial and its metric-compatible
	// fonts and embeds nothing: it reads right only where the viewer has
	// one of them. The tests use it to show what embedding prevents.
	Named
)

// Anchor is where a line's x is: its start, middle or end.
type Anchor int

const (
	Start Anchor = iota
	Middle
	End
)

// Line is one line of text in an SVG figure.
type Line struct {
	Text   string
	X, Y   float64 // on the baseline, at the Anchor
	Size   float64 // font size in px
	Style  Style
	Anchor Anchor
	Fill   string // colour; black when empty
	// Transform is an SVG transform that places the line's coordinate
	// system, e.g. "rotate(-90 20 300)"; none when empty.
	Transform string
	// Attrs are more attributes for the line's element, written as
	// given (e.g. ` class="note"`).
	Attrs string
}

// obliqueSkew is the slant of italic drawn as outlines, in degrees: that
// of the synthetic oblique of FreeType.
const obliqueSkew = 12

// SVG writes the text of one SVG figure in its mode. A figure writes its
// lines with Text as it draws, then puts RootAttrs on its <svg> element
// and Defs inside it: the font subset can be made only when every line is
// known.
type SVG struct {
	mode   Mode
	runes  [2]map[rune]bool   // characters drawn, by face (regular, bold)
	glyphs [2]map[uint16]bool // glyphs drawn as outlines, by face
	buf    sfnt.Buffer

	// The subsets, made once every line is written.
	family  string
	subsets [2][]byte
}

// NewSVG returns the writer of a figure's text in mode m.
func NewSVG(m Mode) *SVG {
	return &SVG{
		mode:   m,
		runes:  [2]map[rune]bool{{}, {}},
		glyphs: [2]map[uint16]bool{{}, {}},
	}
}

func faceIndex(s Style) int {
	if s == Bold {
		return 1
	}
	return 0
}

// Text is the SVG element of one line.
func (t *SVG) Text(l Line) string {
	if t.mode == Outlines {
		return t.outline(l)
	}
	for _, r := range l.Text {
		if r == 0xa0 {
			r = ' ' // written as a space
		}
		t.runes[faceIndex(l.Style)][r] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s"`, num(l.X), num(l.Y), num(l.Size))
	switch l.Style {
	case Bold:
		b.WriteString(` font-weight="bold"`)
	case Italic:
		b.WriteString(` font-style="italic"`)
	}
	if l.Fill != "" {
		b.WriteString(` fill="` + l.Fill + `"`)
	}
	switch l.Anchor {
	case Middle:
		b.WriteString(` text-anchor="middle"`)
	case End:
		b.WriteString(` text-anchor="end"`)
	}
	if l.Transform != "" {
		b.WriteString(` transform="` + l.Transform + `"`)
	}
	b.WriteString(l.Attrs + ">" + escape(l.Text) + "</text>\n")
	return b.String()
}

// outline is a line drawn as glyphs: a group placed at the line's start
// on the baseline and scaled from font units to px, in which each glyph
// is a <use> of its outline in Defs, at its advance.
func (t *SVG) outline(l Line) string {
	f := faceOf(l.Style)
	fi := faceIndex(l.Style)
	x := l.X
	switch l.Anchor {
	case Middle:
		x -= Width(l.Text, l.Style, l.Size) / 2
	case End:
		x -= Width(l.Text, l.Style, l.Size)
	}
	tr := "translate(" + num(x) + " " + num(l.Y) + ")"
	if l.Transform != "" {
		tr = l.Transform + " " + tr
	}
	if l.Style == Italic {
		tr += " skewX(-" + strconv.Itoa(obliqueSkew) + ")"
	}
	tr += " scale(" + strconv.FormatFloat(l.Size/f.upem, 'g', 8, 64) + ")"
	var b strings.Builder
	fmt.Fprintf(&b, `<g transform="%s"`, tr)
	if l.Fill != "" {
		b.WriteString(` fill="` + l.Fill + `"`)
	}
	b.WriteString(` aria-label="` + escape(l.Text) + `"` + l.Attrs + ">")
	pen := 0.0
	for _, r := range l.Text {
		g := f.glyph(&t.buf, r)
		adv := missingAdvance(r) * f.upem
		if g != 0 {
			adv = float64(f.advance[g])
		}
		if r != ' ' && r != 0xa0 && adv > 0 {
			t.glyphs[fi][g] = true
			fmt.Fprintf(&b, `<use xlink:href="#%s"`, glyphID(fi, g))
			if pen != 0 {
				b.WriteString(` x="` + num(pen) + `"`)
			}
			b.WriteString("/>")
		}
		pen += adv
	}
	b.WriteString("</g>\n")
	return b.String()
}

func glyphID(face int, g uint16) string {
	return "wfs" + strconv.Itoa(face) + "-" + strconv.Itoa(int(g))
}

// RootAttrs are the attributes the figure's <svg> element needs, each
// with a leading space.
func (t *SVG) RootAttrs() (string, error) {
	switch t.mode {
	case Outlines:
		return ` xmlns:xlink="http://www.w3.org/1999/xlink"`, nil
	case Named:
		return ` font-family="Arial, Helvetica, sans-serif"`, nil
	}
	family, _, err := t.faces()
	if err != nil {
		return "", err
	}
	return ` font-family="` + family + `, &apos;Liberation Sans&apos;, Arimo, Arial, Helvetica, sans-serif"`, nil
}

// Defs is what the figure's text needs inside the <svg> element: the
// style that turns kerning and ligatures off and, embedded, the font
// subset; or, as outlines, the glyphs.
func (t *SVG) Defs() (string, error) {
	const textCSS = "text{font-kerning:none;font-variant-ligatures:none;text-rendering:geometricPrecision}\n"
	switch t.mode {
	case Named:
		return "<style type=\"text/css\">\n" + textCSS + "</style>\n", nil
	case Outlines:
		return t.glyphDefs()
	}
	family, subsets, err := t.faces()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("<style type=\"text/css\">\n")
	for i, data := range subsets {
		if data == nil {
			continue
		}
		fmt.Fprintf(&b, "@font-face{font-family:%s;font-weight:%d;src:url(data:font/ttf;base64,%s) format(\"truetype\")}\n",
			family, 400+300*i, base64.StdEncoding.EncodeToString(data))
	}
	b.WriteString(textCSS + "</style>\n")
	return b.String(), nil
}

// faces are the subsets of the faces the figure uses and the family name
// they go by: one that names their contents, so that two figures in one
// page never take each other's subset.
func (t *SVG) faces() (string, [2][]byte, error) {
	if t.family != "" {
		return t.family, t.subsets, nil
	}
	var out [2][]byte
	h := sha256.New()
	for i, set := range t.runes {
		if len(set) == 0 {
			continue
		}
		runes := slices.Sorted(func(yield func(rune) bool) {
			for r := range set {
				if !yield(r) {
					return
				}
			}
		})
		s := Regular
		if i == 1 {
			s = Bold
		}
		data, err := Subset(s, runes)
		if err != nil {
			return "", out, fmt.Errorf("font subset: %w", err)
		}
		out[i] = data
		h.Write(data)
	}
	t.family, t.subsets = "WinnowFigureSans-"+hex.EncodeToString(h.Sum(nil)[:5]), out
	return t.family, t.subsets, nil
}

// glyphDefs is the outline of every glyph drawn, in font units.
func (t *SVG) glyphDefs() (string, error) {
	var b strings.Builder
	b.WriteString("<defs>\n")
	for fi, set := range t.glyphs {
		f := faces()[fi]
		for _, g := range slices.Sorted(func(yield func(uint16) bool) {
			for g := range set {
				if !yield(g) {
					return
				}
			}
		}) {
			d, err := f.pathData(&t.buf, g)
			if err != nil {
				return "", fmt.Errorf("glyph %d: %w", g, err)
			}
			fmt.Fprintf(&b, `<path id="%s" d="%s"/>`+"\n", glyphID(fi, g), d)
		}
	}
	b.WriteString("</defs>\n")
	return b.String(), nil
}

// pathData is a glyph's outline as SVG path data, in font units with y
// down, its origin on the baseline at the pen.
func (f *face) pathData(b *sfnt.Buffer, g uint16) (string, error) {
	segs, err := f.font.LoadGlyph(b, sfnt.GlyphIndex(g), fixed.I(int(f.upem)), nil)
	if err != nil {
		return "", err
	}
	var d strings.Builder
	p := func(v fixed.Point26_6) string {
		return unit(v.X) + " " + unit(v.Y)
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if d.Len() > 0 {
				d.WriteString("Z")
			}
			d.WriteString("M" + p(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			d.WriteString("L" + p(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			d.WriteString("Q" + p(s.Args[0]) + " " + p(s.Args[1]))
		case sfnt.SegmentOpCubeTo:
			d.WriteString("C" + p(s.Args[0]) + " " + p(s.Args[1]) + " " + p(s.Args[2]))
		}
	}
	if d.Len() > 0 {
		d.WriteString("Z")
	}
	return d.String(), nil
}

// unit is a 26.6 fixed-point value loaded at a size of one font unit per
// pixel, in font units.
func unit(v fixed.Int26_6) string {
	return strconv.FormatFloat(float64(v)/64, 'f', -1, 64)
}

// num writes a coordinate to a tenth of a px.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;", "\u00a0", " ")

// escape makes text safe in XML content and attributes; a no-break space
// is written as a plain one (it only keeps words together when wrapping).
func escape(s string) string { return escaper.Replace(s) }
