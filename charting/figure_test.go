package charting_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/review"
)

// svgGroup is a <g> of a figure as read back from its SVG: its data
// attributes, its circle's radius and its text.
type svgGroup struct {
	ID      string `xml:"id,attr"`
	Class   string `xml:"class,attr"`
	Row     string `xml:"data-row,attr"`
	Column  string `xml:"data-column,attr"`
	Label   string `xml:"data-label,attr"`
	N       string `xml:"data-n,attr"`
	Percent string `xml:"data-percent,attr"`
	Circles []struct {
		R float64 `xml:"r,attr"`
	} `xml:"circle"`
	Texts []string `xml:"text"`
}

func readGroups(t *testing.T, svg []byte) map[string]svgGroup {
	t.Helper()
	var doc struct {
		Groups []svgGroup `xml:"g"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("the SVG does not parse: %v", err)
	}
	out := map[string]svgGroup{}
	for _, g := range doc.Groups {
		out[g.ID] = g
	}
	return out
}

// TestEvidenceMapWorkedByHand draws the evidence map of study design by
// level of integration of the fixture and reads it back cell by cell.
// By hand, over the studies with an agreed answer on both (1-6, n = 6):
//
//	               macro  meso  micro | total
//	qualitative      1     2      4   |  4 (67%)   studies 1-4
//	mixed methods    1     1      0   |  2 (33%)   studies 5, 6
//	(8 others)       0     0      0   |  0 (0%)
//	total          2 (33%) 3 (50%) 4 (67%)   n = 6
//
// (study 1 is macro + meso + micro and 4 meso + micro, so qualitative
// counts 1 under macro, 2 under meso, 4 under micro; study 5 is macro, 6
// meso.) A bubble's area is proportional to its count: the largest (4)
// has radius 19, so 2 has 19·√½ and 1 has 9.5. Empty cells hold nothing.
func TestEvidenceMapWorkedByHand(t *testing.T) {
	f := newReview(t)
	f.load()
	if _, err := charting.EvidenceMap(f.ctx, f.st, bobV, "study_design", "integration_levels"); err == nil || !strings.Contains(err.Error(), "winnow chart map is a lead's view while the review is blind") {
		t.Errorf("bob, while blind, got %v; want the lead's-view refusal", err)
	}
	x, err := charting.EvidenceMap(f.ctx, f.st, lead, "study_design", "integration_levels")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := charting.WriteMapSVG(&buf, x, font.Embedded); err != nil {
		t.Fatal(err)
	}
	groups := readGroups(t, buf.Bytes())

	want := map[[2]string]int{
		{"qualitative", "macro"}: 1, {"qualitative", "meso"}: 2, {"qualitative", "micro"}: 4,
		{"mixed methods", "macro"}: 1, {"mixed methods", "meso"}: 1,
	}
	rows := []string{"qualitative", "mixed methods", "analysis/commentary", "review", "randomised controlled trial", "policy document", "quantitative", "thesis", "editorial", "book"}
	cols := []string{"macro", "meso", "micro"}
	radius := map[int]float64{1: 9.5, 2: 13.4, 4: 19}
	cells := 0
	for _, g := range groups {
		if g.Class == "cell" {
			cells++
		}
	}
	if cells != len(rows)*len(cols) {
		t.Errorf("%d cells, want %d", cells, len(rows)*len(cols))
	}
	for i, row := range rows {
		for j, col := range cols {
			g, ok := groups[fmt.Sprintf("cell-%d-%d", i, j)]
			if !ok {
				t.Errorf("no cell %s × %s", row, col)
				continue
			}
			n := want[[2]string{row, col}]
			if g.Row != row || g.Column != col || g.N != strconv.Itoa(n) || g.Percent != strconv.FormatFloat(float64(n)*100/6, 'f', 1, 64) {
				t.Errorf("cell %d-%d: %s × %s n %s (%s%%); want %s × %s n %d", i, j, g.Row, g.Column, g.N, g.Percent, row, col, n)
			}
			switch {
			case n == 0 && (len(g.Circles) != 0 || len(g.Texts) != 0):
				t.Errorf("empty cell %s × %s holds %v %v", row, col, g.Circles, g.Texts)
			case n > 0 && (len(g.Circles) != 1 || math.Abs(g.Circles[0].R-radius[n]) > 0.051 || len(g.Texts) != 1 || g.Texts[0] != strconv.Itoa(n)):
				t.Errorf("cell %s × %s = %d: bubble %v, text %q; want radius %.1f and the count", row, col, n, g.Circles, g.Texts, radius[n])
			}
		}
	}
	rowTotals := map[string]string{"qualitative": "4 (67%)", "mixed methods": "2 (33%)"}
	for i, row := range rows {
		g := groups[fmt.Sprintf("row-total-%d", i)]
		w := rowTotals[row]
		if w == "" {
			w = "0 (0%)"
		}
		if g.Row != row || len(g.Texts) != 1 || g.Texts[0] != w {
			t.Errorf("row total %d: %s %q, want %s %s", i, g.Row, g.Texts, row, w)
		}
	}
	for j, w := range []string{"2 (33%)", "3 (50%)", "4 (67%)"} {
		if g := groups[fmt.Sprintf("column-total-%d", j)]; g.Column != cols[j] || len(g.Texts) != 1 || g.Texts[0] != w {
			t.Errorf("column total %d: %s %q, want %s %s", j, g.Column, g.Texts, cols[j], w)
		}
	}
	if g := groups["total"]; g.N != "6" || len(g.Texts) != 1 || g.Texts[0] != "n = 6" {
		t.Errorf("total %s %q, want n = 6", g.N, g.Texts)
	}

	// The same counts as `chart summary --field study_design --by
	// integration_levels`: one place computes them.
	sum, err := charting.Summarise(f.ctx, f.st, lead, charting.SummaryOptions{Field: "study_design", By: "integration_levels"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sum.Cross) != fmt.Sprint(x) {
		t.Errorf("the map's cross-table %+v differs from the summary's %+v", x, sum.Cross)
	}
}

// TestFieldBarsWorkedByHand draws study design's bar chart: n = 8
// (studies 1-8 agreed), qualitative 4 (50%), mixed methods 2 (25%), review
// 2 (25%), the seven other options at 0, in the summary's order.
func TestFieldBarsWorkedByHand(t *testing.T) {
	f := newReview(t)
	f.load()
	sum, err := charting.Summarise(f.ctx, f.st, lead, charting.SummaryOptions{Field: "study_design"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := charting.WriteFieldSVG(&buf, sum.Fields[0], font.Outlines); err != nil {
		t.Fatal(err)
	}
	groups := readGroups(t, buf.Bytes())
	want := []struct {
		label, n, pct string
	}{{"qualitative", "4", "50.0"}, {"mixed methods", "2", "25.0"}, {"review", "2", "25.0"}, {"analysis/commentary", "0", "0.0"}}
	for i, w := range want {
		g := groups[fmt.Sprintf("bar-%d", i)]
		if g.Label != w.label || g.N != w.n || g.Percent != w.pct {
			t.Errorf("bar %d: %s %s %s%%, want %s %s %s%%", i, g.Label, g.N, g.Percent, w.label, w.n, w.pct)
		}
	}
	if _, ok := groups["bar-9"]; !ok {
		t.Error("the chart lacks the tenth option's bar")
	}
	if !bytes.Contains(buf.Bytes(), []byte(`aria-label="4 (50%)"`)) {
		t.Error("the qualitative bar does not say 4 (50%)")
	}
	if _, err := charting.EvidenceMap(f.ctx, f.st, lead, "study_design", "key_findings"); err == nil || errors.Is(err, review.ErrBlind) {
		t.Errorf("a map by a longtext field gave %v", err)
	}
}
