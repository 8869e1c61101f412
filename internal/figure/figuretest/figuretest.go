// Package figuretest checks winnow's SVG figures as people see them: it
// draws them in headless Chromium (Debian's chromium) on a machine whose
// only fonts are DejaVu, the default of many Linux distributions and CI
// images, which lacks Arial and every font metric-compatible with it, and
// reads the browser's own layout of every line of text.
//
// A line of text belongs to the box drawn by the first <rect> child of
// the nearest group (<g>) around it; a line in no such group belongs to
// the canvas, the <svg> element itself.
package figuretest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Figure is one SVG figure to draw, under a name for messages.
type Figure struct {
	Name string
	SVG  []byte
}

// Rect is a rectangle in the page, in CSS px.
type Rect struct {
	Left, Top, Right, Bottom float64
}

func (r Rect) contains(o Rect) bool {
	const eps = 0.01
	return o.Left >= r.Left-eps && o.Right <= r.Right+eps && o.Top >= r.Top-eps && o.Bottom <= r.Bottom+eps
}

func (r Rect) String() string {
	return fmt.Sprintf("(%.1f,%.1f)-(%.1f,%.1f)", r.Left, r.Top, r.Right, r.Bottom)
}

// Line is one line of text as the browser laid it out.
type Line struct {
	Text   string `json:"text"`
	Box    string `json:"box"` // the id of its box's group; "" for the canvas
	Line   Rect   `json:"line"`
	Boxed  Rect   `json:"boxed"` // its box, or the canvas
	Canvas Rect   `json:"canvas"`
}

// Layout is a figure as the browser laid it out.
type Layout struct {
	Name  string   `json:"name"`
	Fonts []string `json:"fonts"` // each web font of the page, "family weight: status"
	Lines []Line   `json:"lines"`
}

// Overflows lists the lines that leave their box or the canvas.
func (l Layout) Overflows() []string {
	var out []string
	for _, x := range l.Lines {
		where := "box " + x.Box
		if x.Box == "" {
			where = "canvas"
		}
		switch {
		case !x.Boxed.contains(x.Line):
			out = append(out, fmt.Sprintf("%s: %q %v leaves its %s %v", l.Name, x.Text, x.Line, where, x.Boxed))
		case !x.Canvas.contains(x.Line):
			out = append(out, fmt.Sprintf("%s: %q %v leaves the canvas %v", l.Name, x.Text, x.Line, x.Canvas))
		}
	}
	return out
}

// script collects the layout of every figure's lines, once the page's
// fonts have loaded, and writes it as JSON into the page for --dump-dom.
const script = `
document.fonts.ready.then(() => {
  const rect = (e) => { const r = e.getBoundingClientRect(); return {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom}; };
  const out = [];
  for (const fig of document.querySelectorAll('div.figure')) {
    const svg = fig.querySelector('svg');
    const lines = [];
    for (const el of svg.querySelectorAll('text, g[aria-label]')) {
      let p = el.parentElement, box = null;
      while (p && p !== svg) {
        const r = p.querySelector(':scope > rect');
        if (r) { box = r; break; }
        p = p.parentElement;
      }
      lines.push({text: el.textContent || el.getAttribute('aria-label'), box: box ? (box.parentElement.id || '?') : '',
        line: rect(el), boxed: rect(box || svg), canvas: rect(svg)});
    }
    out.push({name: fig.dataset.name, lines: lines});
  }
  const fonts = [];
  document.fonts.forEach((f) => fonts.push(f.family + ' ' + f.weight + ': ' + f.status));
  for (const o of out) o.fonts = fonts;
  document.getElementById('layout').textContent = JSON.stringify(out);
});
`

// fontsConf is a fontconfig setup whose only fonts are DejaVu's, with
// the aliases a Debian system has: Arial, Helvetica and sans-serif are
// DejaVu Sans.
const fontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>%s</cachedir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>Arial</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>Helvetica</family><prefer><family>DejaVu Sans</family></prefer></alias>
</fontconfig>
`

// chromium is the path of the browser: without it (or without DejaVu)
// the test skips, saying so, except under CI (env CI set), where it
// fails.
func chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			if _, err := os.Stat("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); err != nil {
				need(t, "DejaVu Sans (Debian's fonts-dejavu-core)")
				return ""
			}
			return p
		}
	}
	need(t, "chromium (Debian's chromium package)")
	return ""
}

func need(t testing.TB, what string) {
	t.Helper()
	msg := "the figures are checked in a browser, and this machine has no " + what
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; .ci/run installs it")
	}
	t.Skip(msg)
}

var layoutRE = regexp.MustCompile(`(?s)<pre id="layout">(.*?)</pre>`)

// Draw lays the figures out in headless Chromium, one page for all, with
// DejaVu as the machine's only fonts, and returns each figure's layout.
func Draw(t testing.TB, figures ...Figure) []Layout {
	t.Helper()
	browser := chromium(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fonts.conf"), fmt.Appendf(nil, fontsConf, filepath.Join(dir, "fc-cache")), 0o644); err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	page.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n")
	for _, f := range figures {
		svg := f.SVG
		if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
			svg = svg[i:] // the XML declaration has no place in HTML
		}
		fmt.Fprintf(&page, "<div class=\"figure\" data-name=\"%s\">\n", html.EscapeString(f.Name))
		page.Write(svg)
		page.WriteString("</div>\n")
	}
	page.WriteString("<pre id=\"layout\"></pre>\n<script>" + script + "</script>\n</body></html>\n")
	pagePath := filepath.Join(dir, "page.html")
	if err := os.WriteFile(pagePath, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		// Virtual time: the page is dumped once its fonts have loaded
		// and its script has run, however slow the machine.
		"--virtual-time-budget=30000",
		"--dump-dom", "file://"+pagePath)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+filepath.Join(dir, "fonts.conf"), "HOME="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, lastLines(stderr.String(), 20))
	}
	m := layoutRE.FindSubmatch(stdout.Bytes())
	if m == nil || len(bytes.TrimSpace(m[1])) == 0 {
		t.Fatalf("%s wrote no layout:\n%s", browser, lastLines(stderr.String(), 20))
	}
	var out []Layout
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &out); err != nil {
		t.Fatalf("the layout %s wrote: %v", browser, err)
	}
	if len(out) != len(figures) {
		t.Fatalf("%s laid out %d figures of %d", browser, len(out), len(figures))
	}
	for i, l := range out {
		if len(l.Lines) == 0 {
			t.Fatalf("%s: the browser found no text", figures[i].Name)
		}
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// Screenshot draws one SVG figure in headless Chromium (DejaVu as the
// machine's only fonts), its top left at the page's, in a window of
// width × height CSS px at scale device pixels per px, and returns the
// screenshot.
func Screenshot(t testing.TB, svg []byte, width, height int, scale float64) image.Image {
	t.Helper()
	browser := chromium(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fonts.conf"), fmt.Appendf(nil, fontsConf, filepath.Join(dir, "fc-cache")), 0o644); err != nil {
		t.Fatal(err)
	}
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	page := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0;background:#fff\">\n" + string(svg) + "</body></html>\n"
	pagePath := filepath.Join(dir, "page.html")
	if err := os.WriteFile(pagePath, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	cmd := exec.CommandContext(t.Context(), browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--virtual-time-budget=30000",
		fmt.Sprintf("--window-size=%d,%d", width, height),
		"--force-device-scale-factor="+strconv.FormatFloat(scale, 'f', -1, 64),
		"--screenshot="+shot, "file://"+pagePath)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+filepath.Join(dir, "fonts.conf"), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, lastLines(stderr.String(), 20))
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("%s wrote no screenshot: %v\n%s", browser, err, lastLines(stderr.String(), 20))
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot: %v", err)
	}
	return img
}
