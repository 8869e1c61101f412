package font

import (
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

// svgDoc writes lines as a whole SVG document in mode m.
func svgDoc(t *testing.T, m Mode, lines ...Line) (doc string, w *SVG) {
	t.Helper()
	w = NewSVG(m)
	var body strings.Builder
	for _, l := range lines {
		body.WriteString(w.Text(l))
	}
	attrs, err := w.RootAttrs()
	if err != nil {
		t.Fatal(err)
	}
	defs, err := w.Defs()
	if err != nil {
		t.Fatal(err)
	}
	doc = `<svg xmlns="http://www.w3.org/2000/svg"` + attrs + ">\n" + defs + body.String() + "</svg>\n"
	if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, doc)
	}
	return doc, w
}

var familyRE = regexp.MustCompile(`font-family="(WinnowFigureSans-[0-9a-f]{10}), &apos;Liberation Sans&apos;, Arimo, Arial, Helvetica, sans-serif"`)

func TestEmbeddedSVGCarriesTheFacesItUses(t *testing.T) {
	doc, _ := svgDoc(t, Embedded,
		Line{Text: "Records <screened> & “kept”", X: 10, Y: 20, Size: 13},
		Line{Text: "awaiting decision: 3", X: 10, Y: 40, Size: 11, Style: Italic, Fill: "#333333"},
		Line{Text: "Identification", X: 30, Y: 300, Size: 14, Style: Bold, Anchor: Middle, Transform: "rotate(-90 30 300)"})
	m := familyRE.FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no font-family naming the embedded subset first:\n%.300s", doc)
	}
	for _, want := range []string{
		"@font-face{font-family:" + m[1] + ";font-weight:400;src:url(data:font/ttf;base64,",
		"@font-face{font-family:" + m[1] + ";font-weight:700;src:url(data:font/ttf;base64,",
		"text{font-kerning:none;font-variant-ligatures:none;text-rendering:geometricPrecision}",
		`<text x="10" y="20" font-size="13">Records &lt;screened&gt; &amp; “kept”</text>`,
		`<text x="10" y="40" font-size="11" font-style="italic" fill="#333333">awaiting decision: 3</text>`,
		`<text x="30" y="300" font-size="14" font-weight="bold" text-anchor="middle" transform="rotate(-90 30 300)">Identification</text>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the SVG lacks %s", want)
		}
	}

	regular, _ := svgDoc(t, Embedded, Line{Text: "Records", Size: 13})
	if strings.Count(regular, "@font-face") != 1 || strings.Contains(regular, "font-weight:700") {
		t.Error("a figure without bold text carries the bold face")
	}
	other, _ := svgDoc(t, Embedded, Line{Text: "Reports", Size: 13})
	if familyRE.FindStringSubmatch(regular)[1] == familyRE.FindStringSubmatch(other)[1] {
		t.Error("two different subsets go by the same family name: in one page, one figure would take the other's")
	}
	again, _ := svgDoc(t, Embedded, Line{Text: "Records", Size: 13})
	if again != regular {
		t.Error("the same text gave a different SVG")
	}
}

func TestOutlinesDrawEachGlyphOnceAndPlaceItByItsAdvance(t *testing.T) {
	doc, _ := svgDoc(t, Outlines,
		Line{Text: "AA b", X: 100, Y: 50, Size: 20.48, Anchor: Middle, Fill: "#A01818"},
		Line{Text: "a<b", X: 0, Y: 80, Size: 10, Style: Italic})
	if strings.Contains(doc, "<text") || strings.Contains(doc, "@font-face") {
		t.Error("text drawn as outlines still needs a font")
	}
	// A is 1366 units, space 569, b 1139: at 20.48 px (a hundredth of
	// the em of 2048 units) the line is 44.4 px wide, centred on x 100.
	want := `<g transform="translate(77.8 50) scale(0.01)" fill="#A01818" aria-label="AA b">` +
		`<use xlink:href="#wfs0-36"/><use xlink:href="#wfs0-36" x="1366"/><use xlink:href="#wfs0-69" x="3301"/></g>`
	if !strings.Contains(doc, want) {
		t.Errorf("the first line is not\n%s\nin\n%s", want, doc)
	}
	if !strings.Contains(doc, `<g transform="translate(0 80) skewX(-12) scale(0.0048828125)" aria-label="a&lt;b">`) {
		t.Errorf("the italic line is not slanted:\n%s", doc)
	}
	if n := strings.Count(doc, `<path id="wfs0-36" d="M`); n != 1 {
		t.Errorf("the outline of A is defined %d times", n)
	}
	if !strings.Contains(doc, `xmlns:xlink="http://www.w3.org/1999/xlink"`) {
		t.Error("no xlink namespace for <use>")
	}
}
