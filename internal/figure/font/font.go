// Package font is the typeface of winnow's figures (the PRISMA flow
// diagram, the recall curve of a simulation), kept in one place so that
// the widths a figure is laid out with are the widths it is drawn with.
//
// The typeface is Liberation Sans 2.1.5, Regular and Bold (the files of
// Debian's fonts-liberation2 2.1.5-1, unchanged), under the SIL Open Font
// License 1.1 (OFL.txt beside them). It has the advance widths of Arial,
// which is what journals and most readers expect, and it is open, so a
// subset of it can travel inside every figure: a figure then looks the
// same on any machine, whatever fonts the viewer has. Without it, a
// Linux viewer that lacks Arial and its metric-compatible fonts draws the
// text in a wider font (DejaVu Sans, on many distributions), and lines
// cross their boxes.
//
// Widths are advance widths from the hmtx table, with kerning and
// ligatures off: a figure's CSS turns them off in the browser too
// (font-kerning: none; font-variant-ligatures: none), and the embedded
// subset carries no kern, GPOS or GSUB table, so nothing can change them.
// Italic is the upright face slanted (the viewer's synthetic oblique, or a
// skew when text is drawn as outlines), so an italic line is exactly as
// wide as an upright one.
package font

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"sync"

	"golang.org/x/image/font/sfnt"
)

//go:embed LiberationSans-Regular.ttf
var regularTTF []byte

//go:embed LiberationSans-Bold.ttf
var boldTTF []byte

// Style is a face of the typeface.
type Style uint8

const (
	Regular Style = iota
	Bold
	Italic // the regular face, slanted
)

func (s Style) String() string {
	switch s {
	case Bold:
		return "bold"
	case Italic:
		return "italic"
	}
	return "regular"
}

// The vertical metrics of the typeface, in em (those of Arial): where the
// line's box starts above the baseline and ends under it.
const (
	Ascent  = 0.905
	Descent = 0.212
)

// face is one font file, parsed.
type face struct {
	data    []byte
	font    *sfnt.Font
	upem    float64
	advance []uint16 // by glyph id, in font units
}

var faces = sync.OnceValue(func() [2]*face {
	return [2]*face{mustParse(regularTTF), mustParse(boldTTF)}
})

// faceOf is the font file a style is drawn with.
func faceOf(s Style) *face {
	if s == Bold {
		return faces()[1]
	}
	return faces()[0]
}

func mustParse(data []byte) *face {
	f, err := sfnt.Parse(data)
	if err != nil {
		panic(fmt.Sprintf("figure font: %v", err)) // the embedded file is known good
	}
	t, err := readTables(data)
	if err != nil {
		panic(fmt.Sprintf("figure font: %v", err))
	}
	advance, err := t.advances(f.NumGlyphs())
	if err != nil {
		panic(fmt.Sprintf("figure font: %v", err))
	}
	return &face{data: data, font: f, upem: float64(f.UnitsPerEm()), advance: advance}
}

// glyph is the glyph id of r in the face, 0 when the face lacks it.
func (f *face) glyph(b *sfnt.Buffer, r rune) uint16 {
	g, err := f.font.GlyphIndex(b, r)
	if err != nil {
		return 0
	}
	return uint16(g)
}

// Advance is the advance width of r in em, in style s. A character the
// typeface lacks is drawn by the viewer's fallback font, whose width
// nobody knows: it counts as wide (1 em for East Asian wide characters
// and emoji, 0.722 em for anything else) so that text wraps early rather
// than overflows, and zero-width characters count as 0.
func Advance(r rune, s Style) float64 {
	var b sfnt.Buffer
	return advance(&b, faceOf(s), r)
}

func advance(b *sfnt.Buffer, f *face, r rune) float64 {
	if g := f.glyph(b, r); g != 0 {
		return float64(f.advance[g]) / f.upem
	}
	return missingAdvance(r)
}

func missingAdvance(r rune) float64 {
	switch {
	case r >= 0x300 && r <= 0x36f, r >= 0x200b && r <= 0x200f, r == 0xfeff, r == 0x2060:
		return 0 // combining marks and zero-width characters
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1faff, r >= 0x20000:
		return 1 // wide: CJK, Hangul, fullwidth forms, emoji
	}
	return 0.722
}

// Width is the advance width of s in px at size px in style s: the sum
// of its characters' advances, without kerning.
func Width(text string, s Style, size float64) float64 {
	var b sfnt.Buffer
	f := faceOf(s)
	w := 0.0
	for _, r := range text {
		w += advance(&b, f, r)
	}
	return w * size
}

// Has reports whether the typeface draws r itself.
func Has(r rune, s Style) bool {
	var b sfnt.Buffer
	return faceOf(s).glyph(&b, r) != 0
}

// tables are the tables of a TrueType file, by tag.
type tables map[string][]byte

// readTables splits a TrueType file into its tables.
func readTables(data []byte) (tables, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("not a TrueType file")
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("not a TrueType file (version %#x)", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("table directory cut short")
	}
	t := tables{}
	for i := range n {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q runs past the end of the file", rec[:4])
		}
		t[string(rec[:4])] = data[off : off+length]
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf", "name", "OS/2", "post"} {
		if t[tag] == nil {
			return nil, fmt.Errorf("no %s table", tag)
		}
	}
	return t, nil
}

// advances reads the advance widths of all glyphs from hmtx.
func (t tables) advances(numGlyphs int) ([]uint16, error) {
	hhea, hmtx := t["hhea"], t["hmtx"]
	if len(hhea) < 36 {
		return nil, fmt.Errorf("hhea table too short")
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	if nh == 0 || nh > numGlyphs || len(hmtx) < 4*nh+2*(numGlyphs-nh) {
		return nil, fmt.Errorf("hmtx table too short")
	}
	adv := make([]uint16, numGlyphs)
	for g := range numGlyphs {
		if g < nh {
			adv[g] = binary.BigEndian.Uint16(hmtx[4*g:])
		} else {
			adv[g] = adv[nh-1]
		}
	}
	return adv, nil
}

// TTF is the whole font file of a style (the italic is the regular face,
// slanted by whoever draws it), for a writer that embeds and subsets it
// itself (the PDF writer).
func TTF(s Style) []byte { return faceOf(s).data }
