package raster_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/chart"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/figure/raster"
)

// TestPDFRendersWithItsFont writes an evidence map as PDF, renders it
// with poppler's pdftoppm at 192 dpi and compares it with the PNG of the
// same figure (mean difference under 3 of 255; measured 1.59, the
// letters anti-aliased by another rasteriser), and checks with pdffonts
// that both faces are embedded.
func TestPDFRendersWithItsFont(t *testing.T) {
	for _, tool := range []string{"pdftoppm", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("no %s (Debian's poppler-utils)", tool)
			}
			t.Skipf("no %s (Debian's poppler-utils): the PDF is checked with it", tool)
		}
	}
	mp := chart.Map{
		Title: "Study design by level of integration", RowTitle: "Study design", ColumnTitle: "Level of integration",
		Rows: []string{"qualitative", "a label long enough to wrap over two lines"}, Columns: []string{"macro", "meso"},
		Cells: [][]int{{1, 2}, {0, 12}}, Percents: [][]float64{{5, 10}, {0, 60}}, RowTotals: []int{3, 12}, RowPercents: []float64{15, 60},
		ColTotals: []int{1, 14}, ColPercents: []float64{5, 70}, N: 20,
	}
	var emb, out bytes.Buffer
	if err := chart.WriteMapSVG(&emb, mp, font.Embedded); err != nil {
		t.Fatal(err)
	}
	if err := chart.WriteMapSVG(&out, mp, font.Outlines); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var pdf bytes.Buffer
	if err := raster.PDF(&pdf, emb.Bytes()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "map.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fonts, err := exec.Command("pdffonts", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, fonts)
	}
	embedded := 0
	for _, l := range strings.Split(string(fonts), "\n") {
		if strings.Contains(strings.ToLower(l), "liberationsans") && strings.Contains(l, " yes ") {
			embedded++
		}
	}
	if embedded != 2 {
		t.Errorf("pdffonts lists %d embedded Liberation Sans faces, want 2:\n%s", embedded, fonts)
	}
	if msg, err := exec.Command("pdftoppm", "-r", "192", "-png", "-singlefile", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
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
	if err := raster.PNG(&pngBuf, out.Bytes(), raster.Options{DPI: 192}); err != nil {
		t.Fatal(err)
	}
	ours, err := png.Decode(&pngBuf)
	if err != nil {
		t.Fatal(err)
	}
	if pb, ob := page.Bounds(), ours.Bounds(); pb.Dx() < ob.Dx()-1 || pb.Dy() < ob.Dy()-1 || pb.Dx() > ob.Dx()+1 || pb.Dy() > ob.Dy()+1 {
		t.Fatalf("pdftoppm's page is %v, the PNG %v", pb, ob)
	}
	mean, far := diff(ours, page)
	t.Logf("PDF by pdftoppm against the PNG at 192 dpi: mean difference %.2f of 255, %.2f%% of pixels differ by more than 64", mean, 100*far)
	if mean > 3 {
		t.Errorf("the PDF differs from the PNG by %.2f on average", mean)
	}
}
