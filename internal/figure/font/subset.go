package font

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf16"

	"golang.org/x/image/font/sfnt"
)

// SubsetFamily is the family name written inside a subset: a subset is a
// modified version of Liberation Sans, whose name the OFL reserves.
const SubsetFamily = "Winnow Figure Sans"

// Subset returns a TrueType font that draws the given characters in style
// s and nothing else: their glyphs (and the glyphs those are built of),
// renumbered from 1, with .notdef as glyph 0. It keeps what a viewer
// needs to draw and lay out text (cmap, glyf, loca, head, hhea, hmtx,
// maxp, OS/2, a version 3 post, and a name table that keeps the
// copyright and licence notices) and drops the rest: hinting (the
// instructions, cvt, fpgm, prep, gasp, hdmx), kerning and the OpenType
// layout tables (kern, GPOS, GSUB, GDEF), so that every viewer advances
// by the widths Width measures. Characters the typeface lacks are left
// out. The same characters always give the same bytes.
func Subset(s Style, runes []rune) ([]byte, error) {
	f := faceOf(s)
	t, err := readTables(f.data)
	if err != nil {
		return nil, err
	}
	return subset(f, t, s, runes)
}

type cmapEntry struct {
	r rune
	g uint16 // in the subset
}

func subset(f *face, t tables, s Style, runes []rune) ([]byte, error) {
	var buf sfnt.Buffer
	numGlyphs := f.font.NumGlyphs()
	head, maxp := t["head"], t["maxp"]
	if len(head) < 54 || len(maxp) < 6 {
		return nil, fmt.Errorf("head or maxp table too short")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	glyphData := func(g uint16) ([]byte, error) {
		loca, glyf := t["loca"], t["glyf"]
		var from, to uint32
		if long {
			if len(loca) < 4*int(g)+8 {
				return nil, fmt.Errorf("loca table too short")
			}
			from, to = binary.BigEndian.Uint32(loca[4*g:]), binary.BigEndian.Uint32(loca[4*g+4:])
		} else {
			if len(loca) < 2*int(g)+4 {
				return nil, fmt.Errorf("loca table too short")
			}
			from, to = 2*uint32(binary.BigEndian.Uint16(loca[2*g:])), 2*uint32(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if from > to || int(to) > len(glyf) {
			return nil, fmt.Errorf("glyph %d lies outside glyf", g)
		}
		return glyf[from:to], nil
	}

	// The glyphs to keep: .notdef, the characters' glyphs, and the
	// components of composite glyphs.
	keep := map[uint16]bool{0: true}
	var chars []rune
	for _, r := range runes {
		if g := f.glyph(&buf, r); g != 0 {
			keep[g] = true
			chars = append(chars, r)
		}
	}
	slices.Sort(chars)
	chars = slices.Compact(chars)
	for todo := slices.Collect(mapKeys(keep)); len(todo) > 0; {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := glyphData(g)
		if err != nil {
			return nil, err
		}
		comps, err := components(data)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		for _, c := range comps {
			if int(c) >= numGlyphs {
				return nil, fmt.Errorf("glyph %d: component %d out of range", g, c)
			}
			if !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		}
	}
	old := slices.Sorted(mapKeys(keep))
	newID := make(map[uint16]uint16, len(old))
	for i, g := range old {
		newID[g] = uint16(i)
	}

	// glyf, loca and hmtx, in the new order.
	var glyf []byte
	loca := make([]byte, 4*(len(old)+1))
	hmtx := make([]byte, 4*len(old))
	oldHmtx := t["hmtx"]
	nh := int(binary.BigEndian.Uint16(t["hhea"][34:]))
	for i, g := range old {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		data, err := glyphData(g)
		if err != nil {
			return nil, err
		}
		out, err := stripGlyph(data, newID)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		glyf = append(glyf, out...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		var lsb uint16
		if int(g) < nh {
			lsb = binary.BigEndian.Uint16(oldHmtx[4*int(g)+2:])
		} else {
			lsb = binary.BigEndian.Uint16(oldHmtx[4*nh+2*(int(g)-nh):])
		}
		binary.BigEndian.PutUint16(hmtx[4*i:], f.advance[g])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], lsb)
	}
	binary.BigEndian.PutUint32(loca[4*len(old):], uint32(len(glyf)))

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	newHead[17] &^= 0x10                        // flags: instructions no longer alter advance widths
	binary.BigEndian.PutUint16(newHead[50:], 1) // indexToLocFormat: long offsets
	hhea := slices.Clone(t["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(len(old)))
	if len(newMaxp) >= 28 {
		binary.BigEndian.PutUint16(newMaxp[26:], 0) // maxSizeOfInstructions
	}
	post := slices.Clone(t["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // no glyph names
	name, err := subsetName(f, s)
	if err != nil {
		return nil, err
	}
	var entries []cmapEntry
	for _, r := range chars {
		entries = append(entries, cmapEntry{r, newID[f.glyph(&buf, r)]})
	}
	return writeFont(tables{
		"OS/2": t["OS/2"],
		"cmap": cmapTable(entries),
		"glyf": glyf,
		"head": newHead,
		"hhea": hhea,
		"hmtx": hmtx,
		"loca": loca,
		"maxp": newMaxp,
		"name": name,
		"post": post,
	}), nil
}

func mapKeys(m map[uint16]bool) func(func(uint16) bool) {
	return func(yield func(uint16) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Flags of a composite glyph's component.
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	haveInstruction = 0x0100
)

// components lists the glyphs a composite glyph is built of (none for a
// simple or empty glyph).
func components(data []byte) ([]uint16, error) {
	if len(data) == 0 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil, nil
	}
	var out []uint16
	err := eachComponent(data, func(_ int, g uint16) { out = append(out, g) })
	return out, err
}

// eachComponent calls fn with the offset of each component's glyph index
// in data, and returns the offset where the components end.
func eachComponent(data []byte, fn func(at int, g uint16)) error {
	_, err := walkComponents(data, fn)
	return err
}

func walkComponents(data []byte, fn func(at int, g uint16)) (end int, err error) {
	p := 10
	for {
		if len(data) < p+4 {
			return 0, fmt.Errorf("composite glyph cut short")
		}
		flags := binary.BigEndian.Uint16(data[p:])
		fn(p+2, binary.BigEndian.Uint16(data[p+2:]))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if len(data) < p {
			return 0, fmt.Errorf("composite glyph cut short")
		}
		if flags&moreComponents == 0 {
			return p, nil
		}
	}
}

// stripGlyph is a glyph without its hinting instructions, its components
// renumbered.
func stripGlyph(data []byte, newID map[uint16]uint16) ([]byte, error) {
	if len(data) == 0 {
		return nil, nil
	}
	if len(data) < 10 {
		return nil, fmt.Errorf("glyph header cut short")
	}
	contours := int16(binary.BigEndian.Uint16(data))
	if contours >= 0 {
		// Simple: header, end points, instruction length and
		// instructions, then flags and coordinates.
		p := 10 + 2*int(contours)
		if len(data) < p+2 {
			return nil, fmt.Errorf("simple glyph cut short")
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if len(data) < p+2+n {
			return nil, fmt.Errorf("instructions run past the glyph")
		}
		out := make([]byte, 0, len(data)-n)
		out = append(out, data[:p]...)
		out = append(out, 0, 0)
		return append(out, data[p+2+n:]...), nil
	}
	out := slices.Clone(data)
	var last int
	end, err := walkComponents(out, func(at int, g uint16) {
		binary.BigEndian.PutUint16(out[at:], newID[g])
		last = at - 2
	})
	if err != nil {
		return nil, err
	}
	flags := binary.BigEndian.Uint16(out[last:])
	binary.BigEndian.PutUint16(out[last:], flags&^haveInstruction)
	return out[:end], nil
}

// cmapTable maps the characters to their glyphs: format 4 for the Basic
// Multilingual Plane, and format 12 as well when a character lies beyond
// it.
func cmapTable(entries []cmapEntry) []byte {
	type segment struct {
		start, end rune
		g          uint16 // glyph of start; the segment's glyphs run on from it
	}
	var segs []segment
	for _, e := range entries {
		if n := len(segs); n > 0 && segs[n-1].end+1 == e.r && rune(segs[n-1].g)+e.r-segs[n-1].start == rune(e.g) {
			segs[n-1].end = e.r
			continue
		}
		segs = append(segs, segment{e.r, e.r, e.g})
	}
	var bmp, astral []segment
	for _, s := range segs {
		if s.end <= 0xffff {
			bmp = append(bmp, s)
		} else {
			astral = append(astral, s)
		}
	}

	// Format 4, ending with the segment of U+FFFF that the format needs.
	bmp = append(bmp, segment{0xffff, 0xffff, 0})
	n := len(bmp)
	f4 := make([]byte, 16+8*n)
	binary.BigEndian.PutUint16(f4[0:], 4)
	binary.BigEndian.PutUint16(f4[2:], uint16(len(f4)))
	binary.BigEndian.PutUint16(f4[6:], uint16(2*n))
	sr := 2
	sel := 0
	for sr*2 <= 2*n {
		sr *= 2
		sel++
	}
	binary.BigEndian.PutUint16(f4[8:], uint16(sr))
	binary.BigEndian.PutUint16(f4[10:], uint16(sel))
	binary.BigEndian.PutUint16(f4[12:], uint16(2*n-sr))
	for i, s := range bmp {
		binary.BigEndian.PutUint16(f4[14+2*i:], uint16(s.end))
		binary.BigEndian.PutUint16(f4[16+2*n+2*i:], uint16(s.start))
		delta := uint16(s.g) - uint16(s.start)
		if s.start == 0xffff {
			delta = 1
		}
		binary.BigEndian.PutUint16(f4[16+4*n+2*i:], delta)
		// idRangeOffset stays 0: glyph = character + delta.
	}

	subtables := [][]byte{f4}
	records := [][2]uint16{{3, 1}}
	if len(astral) > 0 {
		all := segs
		f12 := make([]byte, 16+12*len(all))
		binary.BigEndian.PutUint16(f12[0:], 12)
		binary.BigEndian.PutUint32(f12[4:], uint32(len(f12)))
		binary.BigEndian.PutUint32(f12[12:], uint32(len(all)))
		for i, s := range all {
			binary.BigEndian.PutUint32(f12[16+12*i:], uint32(s.start))
			binary.BigEndian.PutUint32(f12[20+12*i:], uint32(s.end))
			binary.BigEndian.PutUint32(f12[24+12*i:], uint32(s.g))
		}
		subtables = append(subtables, f12)
		records = append(records, [2]uint16{3, 10})
	}
	out := make([]byte, 4+8*len(subtables))
	binary.BigEndian.PutUint16(out[2:], uint16(len(subtables)))
	for i, st := range subtables {
		binary.BigEndian.PutUint16(out[4+8*i:], records[i][0])
		binary.BigEndian.PutUint16(out[6+8*i:], records[i][1])
		binary.BigEndian.PutUint32(out[8+8*i:], uint32(len(out)))
		out = append(out, st...)
	}
	return out
}

// subsetName is the subset's name table: its own family name, and the
// copyright and licence notices of the typeface, which the OFL asks every
// copy to carry.
func subsetName(f *face, s Style) ([]byte, error) {
	var b sfnt.Buffer
	notice := func(id sfnt.NameID) (string, error) {
		v, err := f.font.Name(&b, id)
		if err != nil {
			return "", fmt.Errorf("name %d: %w", id, err)
		}
		return v, nil
	}
	copyright, err := notice(sfnt.NameIDCopyright)
	if err != nil {
		return nil, err
	}
	version, err := notice(sfnt.NameIDVersion)
	if err != nil {
		return nil, err
	}
	licence, err := notice(sfnt.NameIDLicense)
	if err != nil {
		return nil, err
	}
	licenceURL, err := notice(sfnt.NameIDLicenseURL)
	if err != nil {
		return nil, err
	}
	sub := "Regular"
	if s == Bold {
		sub = "Bold"
	}
	ps := "WinnowFigureSans-" + sub
	names := []struct {
		id uint16
		v  string
	}{
		{0, copyright + " Reserved Font Names: Arimo, Liberation."},
		{1, SubsetFamily},
		{2, sub},
		{3, ps + " (subset)"},
		{4, SubsetFamily + " " + sub},
		{5, version + "; a subset made by winnow for one figure"},
		{6, ps},
		{10, "A subset of Liberation Sans " + sub + " (Red Hat, Inc.; based on Arimo by Steve Matteson), renamed as the SIL Open Font License asks of a modified version."},
		{13, licence},
		{14, licenceURL},
	}
	var strs []byte
	out := make([]byte, 6+12*len(names))
	binary.BigEndian.PutUint16(out[2:], uint16(len(names)))
	binary.BigEndian.PutUint16(out[4:], uint16(len(out)))
	for i, n := range names {
		rec := out[6+12*i:]
		binary.BigEndian.PutUint16(rec[0:], 3)     // Windows
		binary.BigEndian.PutUint16(rec[2:], 1)     // Unicode BMP
		binary.BigEndian.PutUint16(rec[4:], 0x409) // English (United States)
		binary.BigEndian.PutUint16(rec[6:], n.id)
		start := len(strs)
		for _, u := range utf16.Encode([]rune(n.v)) {
			strs = binary.BigEndian.AppendUint16(strs, u)
		}
		binary.BigEndian.PutUint16(rec[8:], uint16(len(strs)-start))
		binary.BigEndian.PutUint16(rec[10:], uint16(start))
	}
	return append(out, strs...), nil
}

// writeFont writes tables as a TrueType file, its table records in tag
// order, each table on a 4-byte boundary with its checksum, and the
// checksum adjustment of head set.
func writeFont(t tables) []byte {
	tags := slices.Sorted(func(yield func(string) bool) {
		for k := range t {
			if !yield(k) {
				return
			}
		}
	})
	n := len(tags)
	sr, sel := 1, 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out[0:], 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*sr))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*(n-sr)))
	headAt := 0
	for i, tag := range tags {
		data := t[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xb1b0afba-checksum(out))
	return out
}

// checksum is the sum of data as big-endian 32-bit words, padded with
// zeros.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
