package raster_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/figure/raster"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
)

// TestPDFOfTheFlowKeepsItsTurnedAndItalicText writes the PRISMA flow,
// whose phase labels are turned to read from bottom to top and whose
// notes (in a draft) are italic, as PDF, renders it with pdftoppm at 150 dpi and
// compares it with the PNG of the same figure (measured: mean difference
// 3.11 of 255, the letters anti-aliased by another rasteriser; a figure
// this full of text hides a wrong slant, which the next test catches).
func TestPDFOfTheFlowKeepsItsTurnedAndItalicText(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no pdftoppm (Debian's poppler-utils)")
		}
		t.Skip("no pdftoppm (Debian's poppler-utils): the PDF is checked with it")
	}
	f := &prisma.Flow{
		DatabaseResults: 1500, WebsiteResults: 12, CitationsResults: 30,
		Sources: []prisma.Source{
			{Source: "MEDLINE", Kind: review.Database, N: 1000, Duplicates: 200},
			{Source: "Embase", Kind: review.Database, N: 500, Duplicates: 140},
			{Source: "Websites", Kind: review.Website, N: 12},
			{Source: "Citation searching", Kind: review.Citation, N: 30, Duplicates: 5},
		},
		Duplicates: 340, OtherDuplicates: 5,
		RecordsScreened: 1160, RecordsExcluded: 1060, RecordsExcludedHuman: 1060,
		DbrSoughtReports: 100, DbrNotRetrievedReports: 4, DbrAssessed: 96, DbrExcluded: 60,
		DbrExcludedReasons: prisma.Reasons{{Reason: "Wrong population", N: 40}, {Reason: "Wrong setting", N: 20}},
		DbrIncludedReports: 36, OtherRecordsExcluded: 20, OtherSoughtReports: 17, OtherAssessed: 17, OtherExcluded: 10,
		OtherExcludedReasons: prisma.Reasons{{Reason: "Wrong population", N: 10}}, OtherIncludedReports: 7,
		NewStudies: 40, NewReports: 43, TotalStudies: 40, TotalReports: 43,
		DbrAwaitingScreening: 5, // a draft: its notes "awaiting decision" are italic
	}
	var emb, out bytes.Buffer
	if err := prisma.WriteSVG(&emb, f, prisma.SVGOptions{Text: font.Embedded}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rotate(", `font-style="italic"`} {
		if !bytes.Contains(emb.Bytes(), []byte(want)) {
			t.Fatalf("the flow has no %s text: the test would test nothing", want)
		}
	}
	if err := prisma.WriteSVG(&out, f, prisma.SVGOptions{Text: font.Outlines}); err != nil {
		t.Fatal(err)
	}
	mean, far := pdfAgainstPNG(t, emb.Bytes(), out.Bytes(), 150)
	t.Logf("the flow's PDF by pdftoppm against its PNG at 150 dpi: mean difference %.2f of 255, %.2f%% of pixels differ by more than 64", mean, 100*far)
	if mean > 4 {
		t.Errorf("the PDF of the flow differs from its PNG by %.2f on average", mean)
	}
}

// TestPDFSlantsAndTurnsTextAsTheSVG draws one large italic line and one
// turned line, as PDF and as PNG, and compares pdftoppm's rendering of
// the PDF with the PNG: with little else on the page, italic slanted the
// wrong way (as it once was: PDF's y axis points up) or text not turned
// differs in most of the letters' pixels.
func TestPDFSlantsAndTurnsTextAsTheSVG(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no pdftoppm (Debian's poppler-utils)")
		}
		t.Skip("no pdftoppm (Debian's poppler-utils): the PDF is checked with it")
	}
	doc := func(m font.Mode) []byte {
		w := font.NewSVG(m)
		body := w.Text(font.Line{Text: "awaiting decision: 5", X: 20, Y: 70, Size: 40, Style: font.Italic}) +
			w.Text(font.Line{Text: "Identification", X: 360, Y: 280, Size: 32, Style: font.Bold, Transform: "rotate(-90 360 280)"})
		root, err := w.RootAttrs()
		if err != nil {
			t.Fatal(err)
		}
		defs, err := w.Defs()
		if err != nil {
			t.Fatal(err)
		}
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="420" height="300" viewBox="0 0 420 300"` + root + ">\n" + defs + `<rect width="420" height="300" fill="#ffffff"/>` + "\n" + body + "</svg>\n")
	}
	mean, far := pdfAgainstPNG(t, doc(font.Embedded), doc(font.Outlines), 150)
	t.Logf("italic and turned text, PDF by pdftoppm against the PNG at 150 dpi: mean difference %.2f of 255, %.2f%% of pixels differ by more than 64", mean, 100*far)
	// Measured: mean 2.03, 1.29% of pixels; with the italic slanted the
	// wrong way, mean 7.99, 3.73%.
	if mean > 4 || far > 0.02 {
		t.Errorf("mean difference %.2f, %.2f%% of the pixels differ by more than 64: the PDF's text is not slanted or turned as the SVG's", mean, 100*far)
	}
}

// pdfAgainstPNG writes the SVG emb as PDF, renders it with pdftoppm at
// dpi, and compares it with the PNG of the SVG out (its text as
// outlines): the mean difference, of 255, and the share of pixels that
// differ by more than 64.
func pdfAgainstPNG(t *testing.T, emb, out []byte, dpi float64) (mean, far float64) {
	t.Helper()
	dir := t.TempDir()
	var pdf bytes.Buffer
	if err := raster.PDF(&pdf, emb); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "flow.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("pdftoppm", "-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-png", "-singlefile", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var pngBuf bytes.Buffer
	if err := raster.PNG(&pngBuf, out, raster.Options{DPI: dpi}); err != nil {
		t.Fatal(err)
	}
	ours, err := png.Decode(&pngBuf)
	if err != nil {
		t.Fatal(err)
	}
	if pb, ob := page.Bounds(), ours.Bounds(); pb.Dx() < ob.Dx()-1 || pb.Dy() < ob.Dy()-1 || pb.Dx() > ob.Dx()+1 || pb.Dy() > ob.Dy()+1 {
		t.Fatalf("pdftoppm's page is %v, the PNG %v", pb, ob)
	}
	return diff(ours, page)
}
