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
	"strconv"
	"testing"
)

// Fonts chooses the fonts the browser may use for a page.
type Fonts int

const (
	// SystemFonts are the machine's own, as its fontconfig has them.
	SystemFonts Fonts = iota
	// DejaVuOnly is a fontconfig that knows only the DejaVu fonts (see
	// Draw).
	DejaVuOnly
)

// Number is a number (or text) of a page that names its source in a
// data-src attribute, as the browser shows it.
type Number struct {
	Src   string  `json:"src"`
	Scale float64 `json:"scale"`
	Text  string  `json:"text"`
}

// Page is an HTML page as the browser laid it out.
type Page struct {
	// Overflows lists each piece of text that leaves its box: an HTML
	// element's text outside the element (or the page's width), a line
	// of an SVG figure outside its box or its figure.
	Overflows []string `json:"overflows"`
	// Texts counts the pieces of text checked.
	Texts   int      `json:"texts"`
	Numbers []Number `json:"numbers"`
	// Untraced lists the number cells (td class="n") with no source.
	Untraced []string `json:"untraced"`
	Fonts    []string `json:"fonts"`
}

// pageScript checks a page's text against the browser's own layout once
// its fonts have loaded, and writes what it found into the page as JSON.
const pageScript = `
document.fonts.ready.then(() => {
  const out = {overflows: [], texts: 0, numbers: [], fonts: []};
  const eps = 0.5;
  const inside = (r, b) => r.left >= b.left - eps && r.right <= b.right + eps && r.top >= b.top - eps && r.bottom <= b.bottom + eps;
  const show = (r) => '(' + [r.left, r.top, r.right, r.bottom].map((x) => x.toFixed(1)).join(',') + ')';
  const page = {left: 0, right: document.documentElement.clientWidth, top: -1e9, bottom: 1e9};
  // HTML text: every text node's lines inside the nearest element that
  // is not inline (its box), and inside the page's width.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || n.parentElement.closest('svg, script, style, #layout')) continue;
    let box = n.parentElement;
    while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    const b = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(n);
    out.texts++;
    for (const r of range.getClientRects()) {
      if (r.width === 0) continue;
      if (!inside(r, b)) out.overflows.push(JSON.stringify(n.textContent.trim().slice(0, 60)) + ' ' + show(r) + ' leaves its ' + box.tagName.toLowerCase() + ' ' + show(b));
      else if (!inside(r, page)) out.overflows.push(JSON.stringify(n.textContent.trim().slice(0, 60)) + ' ' + show(r) + ' leaves the page, ' + page.right + ' px wide');
    }
  }
  // Figures: each line inside the box drawn by the first <rect> child of
  // its nearest group, and inside its figure (as Draw checks).
  for (const svg of document.querySelectorAll('svg')) {
    const canvas = svg.getBoundingClientRect();
    for (const el of svg.querySelectorAll('text, g[aria-label]')) {
      let p = el.parentElement, box = null;
      while (p && p !== svg) {
        const r = p.querySelector(':scope > rect');
        if (r) { box = r; break; }
        p = p.parentElement;
      }
      const r = el.getBoundingClientRect();
      const b = (box || svg).getBoundingClientRect();
      out.texts++;
      const text = JSON.stringify((el.textContent || el.getAttribute('aria-label')).slice(0, 60));
      if (!inside(r, b)) out.overflows.push('figure: ' + text + ' ' + show(r) + ' leaves its box ' + show(b));
      else if (!inside(r, canvas)) out.overflows.push('figure: ' + text + ' ' + show(r) + ' leaves the figure ' + show(canvas));
      else if (!inside(r, page)) out.overflows.push('figure: ' + text + ' ' + show(r) + ' leaves the page');
    }
  }
  out.untraced = [];
  for (const td of document.querySelectorAll('td.n')) {
    if (td.textContent.trim() && !td.querySelector('[data-src]')) out.untraced.push(td.textContent.trim());
  }
  for (const el of document.querySelectorAll('[data-src]')) {
    out.numbers.push({src: el.dataset.src, scale: parseFloat(el.dataset.scale || '1'), text: el.textContent});
  }
  document.fonts.forEach((f) => out.fonts.push(f.family + ' ' + f.weight + ': ' + f.status));
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
`

// browse runs headless Chromium on the page with the fonts chosen and
// the arguments given, and returns what it printed on stdout.
func browse(t testing.TB, page []byte, fonts Fonts, args ...string) []byte {
	t.Helper()
	browser := chromium(t)
	dir := t.TempDir()
	pagePath := filepath.Join(dir, "page.html")
	if err := os.WriteFile(pagePath, page, 0o644); err != nil {
		t.Fatal(err)
	}
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--virtual-time-budget=30000"}, args...)
	cmd := exec.CommandContext(t.Context(), browser, append(all, "file://"+pagePath)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if fonts == DejaVuOnly {
		if err := os.WriteFile(filepath.Join(dir, "fonts.conf"), fmt.Appendf(nil, fontsConf, filepath.Join(dir, "fc-cache")), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, "FONTCONFIG_FILE="+filepath.Join(dir, "fonts.conf"))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes()
}

// LoadPage opens an HTML page in headless Chromium, in a window width CSS
// px wide, with the fonts chosen, and reads its text as the browser laid
// it out. The page is opened as given plus one script, added by the
// test, that measures it.
func LoadPage(t testing.TB, page []byte, width int, fonts Fonts) Page {
	t.Helper()
	withScript := bytes.Replace(page, []byte("</body>"), []byte("<script>"+pageScript+"</script>\n</body>"), 1)
	out := browse(t, withScript, fonts, "--window-size="+strconv.Itoa(width)+",1000", "--dump-dom")
	m := layoutRE.FindSubmatch(out)
	if m == nil || len(bytes.TrimSpace(m[1])) == 0 {
		t.Fatalf("the browser wrote no layout of the page")
	}
	var p Page
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &p); err != nil {
		t.Fatalf("the layout the browser wrote: %v", err)
	}
	return p
}

// ScreenshotPage takes a screenshot of the top of an HTML page, in a
// window width × height CSS px, with the fonts chosen.
func ScreenshotPage(t testing.TB, page []byte, width, height int, fonts Fonts) image.Image {
	t.Helper()
	shot := filepath.Join(t.TempDir(), "shot.png")
	browse(t, page, fonts, fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("the browser wrote no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot: %v", err)
	}
	return img
}
