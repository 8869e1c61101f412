package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/figure/figuretest"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// winnowIn runs winnow in-process on the review db as alice (the lead),
// and returns its stdout; a command that fails fails the test.
func winnowIn(t *testing.T, db string, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"--db", db, "--reviewer", "alice"}, args...)
	if code := run(all, ui.Test(strings.NewReader(""), &out, &errb)); code != 0 {
		t.Fatalf("winnow %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.Bytes()
}

// sampleReport builds the finished sample review (scripts/sample-review.sh)
// with a pilot, a charting on the Rainbow form agreed by the lead, and a
// prioritised ranking logged, and returns the review and its report.
func sampleReport(t *testing.T) (db string, page []byte) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "winnow.db")
	sample, err := filepath.Abs("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	w := func(args ...string) { winnowIn(t, db, args...) }
	w("init", "--title", "Integrated primary care and social services for older adults with multimorbidity")
	w("team", "add", "alice", "--lead")
	w("team", "add", "bob")
	w("team", "add", "carol")
	for _, imp := range [][]string{
		{"medline.nbib", "MEDLINE", "database", "2020-06-16"},
		{"embase.ris", "Embase", "database", "2020-06-16"},
		{"wos.txt", "Web of Science", "database", "2020-06-16"},
		{"cinahl.csv", "CINAHL", "database", "2020-06-16"},
		{"opengrey.bib", "OpenGrey", "other", "2020-06-18"},
		{"websites.csv", "Websites and experts", "website", ""},
		{"citations.ris", "Citation searching", "citation", ""},
	} {
		args := []string{"import", filepath.Join(sample, imp[0]), "--source", imp[1], "--kind", imp[2]}
		if imp[3] != "" {
			args = append(args, "--searched", imp[3])
		}
		w(args...)
	}
	w("dedup")
	w("reasons", "add", "Not about integrated care", "Wrong population", "Not integrated care", "Wrong setting")
	w("pilot", "--stage", "ta", "--size", "8", "--seed", "7")
	w("decide", "--file", filepath.Join(sample, "ta-decisions.csv"))
	w("resolve", "16", "include", "--stage", "ta", "--note", "discussed at the consensus meeting")
	w("resolve", "20", "exclude", "--stage", "ta", "--reason", "Not about integrated care")
	w("fulltext", "11", "--not-retrieved", "--note", "not held by the library")
	w("fulltext", "45", "--not-retrieved", "--note", "report withdrawn from the website")
	w("decide", "--file", filepath.Join(sample, "ft-decisions.csv"))
	w("resolve", "16", "exclude", "--stage", "ft", "--reason", "Wrong setting")
	w("study", "link", "1", "37")
	w("chart", "form", "--template", "rainbow")
	w("chart", "agree", "1", "study_design=qualitative", "integration_levels=micro", "sectors=primary care,social care", "integration_direction=horizontal", "rainbow_dimensions=clinical,professional")
	w("chart", "agree", "3", "study_design=mixed methods", "integration_levels=micro,meso", "sectors=primary care,voluntary sector", "integration_direction=horizontal", "rainbow_dimensions=functional")
	w("chart", "agree", "6", "study_design=quantitative", "integration_levels=macro,meso,micro", "sectors=primary care,secondary care,social care", "integration_direction=vertical,horizontal", "rainbow_dimensions=organisational,system")
	w("chart", "agree", "8", "study_design=qualitative", "integration_levels=micro", "sectors=primary care,social care")
	w("chart", "agree", "15", "study_design=review", "integration_levels=macro,meso,micro", "rainbow_dimensions=clinical,professional,organisational,system,functional,normative")
	w("chart", "agree", "42", "study_design=policy document", "integration_levels=macro")
	// The sessions of 'winnow screen --order prioritised' log their
	// ranking; the screen is driven in tmux_test.go, so here the event
	// is written as such a session writes it.
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.LogEvent(ctx, "bob", screening.RankAction, "ranking at title-abstract: as in the test"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "review.html")
	w("report", "-o", out)
	page, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return db, page
}

// TestReportNumbersAreTheJSONCommands checks every number and text the
// report traces (data-src) against the --json output of the command it
// names, every figure against the SVG the matching command writes, and
// that no number cell goes untraced; then opens the report in headless
// Chromium with the machine's fonts and with DejaVu alone: no text
// leaves its box, and the page is not blank.
func TestReportNumbersAreTheJSONCommands(t *testing.T) {
	db, page := sampleReport(t)

	// Figures: the SVG of the matching command, byte for byte.
	figRE := regexp.MustCompile(`<figure data-svg="([^"]+)">\s*(<svg[\s\S]*?</svg>)`)
	figs := figRE.FindAllSubmatch(page, -1)
	if len(figs) < 1+5+10+1 {
		t.Errorf("the report has %d figures; want the flow, 5 bar charts, 10 evidence maps and the recall curve", len(figs))
	}
	for _, f := range figs {
		args := strings.Fields(string(f[1]))
		got := winnowIn(t, db, args...)
		if i := bytes.Index(got, []byte("<svg")); i >= 0 {
			got = got[i:]
		}
		if i := bytes.Index(got, []byte("</svg>")); i >= 0 {
			got = got[:i+len("</svg>")]
		}
		if !bytes.Equal(got, f[2]) {
			t.Errorf("the figure of `winnow %s` in the report is not the one the command draws", f[1])
		}
	}
	if !bytes.Contains(page, []byte("Study design by Level(s) of integration")) {
		t.Error("the report has no evidence map of study design by level of integration")
	}

	for _, fonts := range []figuretest.Fonts{figuretest.SystemFonts, figuretest.DejaVuOnly} {
		name := map[figuretest.Fonts]string{figuretest.SystemFonts: "system fonts", figuretest.DejaVuOnly: "DejaVu only"}[fonts]
		t.Run(name, func(t *testing.T) {
			p := figuretest.LoadPage(t, page, 1000, fonts)
			for _, o := range p.Overflows {
				t.Error(o)
			}
			for _, u := range p.Untraced {
				t.Errorf("a number cell without a source: %q", u)
			}
			if p.Texts < 500 {
				t.Errorf("the browser found %d pieces of text", p.Texts)
			}
			checkNumbers(t, db, p.Numbers)
			img := figuretest.ScreenshotPage(t, page, 1000, 1400, fonts)
			if inked(img) < 0.02 {
				t.Errorf("the screenshot is blank: %.4f of its pixels are not white", inked(img))
			}
		})
	}
}

// checkNumbers compares each number of the page with the value at its
// JSON Pointer in its command's --json output, to the places shown.
func checkNumbers(t *testing.T, db string, numbers []figuretest.Number) {
	t.Helper()
	if len(numbers) < 300 {
		t.Errorf("the page traces %d numbers", len(numbers))
	}
	outputs := map[string]any{}
	for _, n := range numbers {
		cmd, ptr, ok := strings.Cut(n.Src, "#")
		if !ok {
			t.Errorf("data-src %q names no place", n.Src)
			continue
		}
		doc, ok := outputs[cmd]
		if !ok {
			if err := json.Unmarshal(winnowIn(t, db, strings.Fields(cmd)...), &doc); err != nil {
				t.Fatalf("winnow %s: %v", cmd, err)
			}
			outputs[cmd] = doc
		}
		v, ok := jsonAt(doc, ptr)
		if !ok {
			t.Errorf("%s: no %s in its JSON", cmd, ptr)
			continue
		}
		text := strings.TrimSpace(n.Text)
		switch x := v.(type) {
		case nil:
			if text != "–" {
				t.Errorf("%s: %q where the JSON has null", n.Src, text)
			}
		case string:
			if text != x {
				t.Errorf("%s: %q where the JSON has %q", n.Src, text, x)
			}
		case float64:
			shown, err := strconv.ParseFloat(strings.TrimSuffix(text, "%"), 64)
			if err != nil {
				t.Errorf("%s: %q is not a number (the JSON has %v)", n.Src, text, x)
				continue
			}
			places := 0
			if _, frac, ok := strings.Cut(strings.TrimSuffix(text, "%"), "."); ok {
				places = len(frac)
			}
			if math.Abs(shown-x*n.Scale) > 0.5*math.Pow(10, -float64(places))+1e-9 {
				t.Errorf("%s: %s where the JSON has %v", n.Src, text, x)
			}
		default:
			t.Errorf("%s: the JSON has %T", n.Src, v)
		}
	}
}

// jsonAt follows a JSON Pointer (RFC 6901) into a decoded document.
func jsonAt(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	for _, step := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		step = strings.NewReplacer("~1", "/", "~0", "~").Replace(step)
		if k, v, ok := strings.Cut(strings.TrimPrefix(step, "?"), "="); ok && strings.HasPrefix(step, "?") {
			// The report's own step: the last element whose key k is v.
			list, _ := doc.([]any)
			var found any
			for _, e := range list {
				if m, ok := e.(map[string]any); ok && m[k] == v {
					found = e
				}
			}
			if found == nil {
				return nil, false
			}
			doc = found
			continue
		}
		switch x := doc.(type) {
		case map[string]any:
			v, ok := x[step]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			doc = x[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// inked is the share of an image's pixels that are not white.
func inked(img image.Image) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}
