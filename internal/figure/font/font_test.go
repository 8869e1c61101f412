package font

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestWidthIsTheSumOfArialAdvances(t *testing.T) {
	// Arial's (and Liberation Sans's) advance widths in thousandths of
	// an em, as any font table lists them.
	for _, c := range []struct {
		text  string
		style Style
		em    float64
	}{
		{"R", Regular, 722},
		{"a", Regular, 556},
		{" ", Regular, 278},
		{"(n = 84)", Regular, 333 + 556 + 278 + 584 + 278 + 556 + 556 + 333},
		{"W", Bold, 944},
		{"i", Bold, 278},
		{"é", Italic, 556},
	} {
		got := Width(c.text, c.style, 1000)
		if math.Abs(got-c.em) > 1 { // the table rounds 2048ths to 1000ths
			t.Errorf("Width(%q, %s) = %.1f/1000 em, want %v", c.text, c.style, got, c.em)
		}
	}
}

func TestWidthOfCharactersTheFontLacks(t *testing.T) {
	if w := Width("\u0301", Regular, 10); w != 0 {
		t.Errorf("a combining accent is %v px wide, want 0", w)
	}
	if w := Width("漢", Regular, 10); w != 10 {
		t.Errorf("a CJK character the font lacks is %v px wide, want one em", w)
	}
	if Has('漢', Regular) || !Has('ß', Bold) {
		t.Error("Has is wrong about 漢 or ß")
	}
}

func TestSubsetDrawsItsCharactersAsTheFontDoes(t *testing.T) {
	text := []rune("Records identified from*: (n = 84)†‡ “Zürich” — Ærø ﬁ")
	for _, s := range []Style{Regular, Bold} {
		data, err := Subset(s, text)
		if err != nil {
			t.Fatal(err)
		}
		orig := faceOf(s)
		sub, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: the subset does not parse: %v", s, err)
		}
		if n := sub.NumGlyphs(); n >= 60 {
			t.Errorf("%s: the subset has %d glyphs for %d characters", s, n, len(text))
		}
		var b1, b2 sfnt.Buffer
		for _, r := range text {
			g1, _ := orig.font.GlyphIndex(&b1, r)
			g2, err := sub.GlyphIndex(&b2, r)
			if err != nil || g2 == 0 {
				t.Errorf("%s: the subset lacks %q", s, r)
				continue
			}
			upem := fixed.I(int(orig.upem))
			a1, _ := orig.font.GlyphAdvance(&b1, g1, upem, 0)
			a2, _ := sub.GlyphAdvance(&b2, g2, upem, 0)
			if a1 != a2 {
				t.Errorf("%s: %q advances %v in the subset, %v in the font", s, r, a2, a1)
			}
			o1, err1 := orig.font.LoadGlyph(&b1, g1, upem, nil)
			o1 = slices.Clone(o1)
			o2, err2 := sub.LoadGlyph(&b2, g2, upem, nil)
			if err1 != nil || err2 != nil || !slices.Equal(o1, o2) {
				t.Errorf("%s: %q is drawn differently in the subset (%v, %v)", s, r, err1, err2)
			}
		}
		if g, _ := sub.GlyphIndex(&b2, 'X'); g != 0 {
			t.Errorf("%s: the subset has X, which the text lacks", s)
		}
		for _, id := range []sfnt.NameID{sfnt.NameIDCopyright, sfnt.NameIDLicense, sfnt.NameIDLicenseURL} {
			v1, _ := orig.font.Name(&b1, id)
			v2, _ := sub.Name(&b2, id)
			if !bytes.Contains([]byte(v2), []byte(v1)) {
				t.Errorf("%s: name %d of the subset is %q, want it to keep %q", s, id, v2, v1)
			}
		}
		if f, _ := sub.Name(&b2, sfnt.NameIDFamily); f != SubsetFamily {
			t.Errorf("%s: the subset's family is %q, want %q (the OFL reserves Liberation)", s, f, SubsetFamily)
		}
		checkTables(t, data)
		rev := slices.Clone(text)
		slices.Reverse(rev)
		again, _ := Subset(s, rev)
		if !bytes.Equal(data, again) {
			t.Errorf("%s: the same characters gave a different subset", s)
		}
	}
}

// checkTables checks the table checksums and the whole file's checksum.
func checkTables(t *testing.T, data []byte) {
	t.Helper()
	tb, err := readTables(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"kern", "GPOS", "GSUB", "fpgm", "prep", "cvt "} {
		if tb[tag] != nil {
			t.Errorf("the subset keeps %s", tag)
		}
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		sum := checksum(tb[tag])
		if tag == "head" {
			sum -= binary.BigEndian.Uint32(tb[tag][8:])
		}
		if want := binary.BigEndian.Uint32(rec[4:]); sum != want {
			t.Errorf("table %s: checksum %#x, recorded %#x", tag, sum, want)
		}
	}
	if s := checksum(data); s != 0xb1b0afba {
		t.Errorf("the file's checksum is %#x, want 0xb1b0afba", s)
	}
}
