package prisma

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/review"
)

var updateSVG = flag.Bool("update-svg", false, "rewrite the golden SVG files in testdata/svg")

// svgSeedFlow is a finished flow shaped like the seed review: 7656
// records identified, 6426 from five databases, 1118 from Opengrey and
// 112 from websites and experts; 809 reports assessed, 84 included.
func svgSeedFlow() *Flow {
	return &Flow{
		DatabaseResults: 6426,
		WebsiteResults:  112,
		OtherResults:    1118,
		Sources: []Source{
			{Source: "MEDLINE", Kind: review.Database, N: 2100},
			{Source: "Embase", Kind: review.Database, N: 2500},
			{Source: "CINAHL", Kind: review.Database, N: 900},
			{Source: "Web of Science", Kind: review.Database, N: 700},
			{Source: "Cochrane Library", Kind: review.Database, N: 226},
			{Source: "Opengrey", Kind: review.Other, N: 1118},
			{Source: "Websites and experts", Kind: review.Website, N: 112},
		},
		Duplicates:             1256,
		RecordsScreened:        5170,
		RecordsExcluded:        4550,
		RecordsExcludedHuman:   4550,
		DbrSoughtReports:       620,
		DbrNotRetrievedReports: 12,
		DbrAssessed:            608,
		DbrExcluded:            540,
		DbrExcludedReasons: Reasons{
			{"Not an intervention about integrated care for older adults with multimorbidity", 210},
			{"Not set in England", 150},
			{"Wrong study design", 95},
			{"Not about integrated care", 60},
			{"Conference abstract only", 25},
		},
		DbrIncludedReports:       68,
		OtherDuplicates:          300,
		OtherRecordsExcluded:     600,
		OtherSoughtReports:       330,
		OtherNotRetrievedReports: 129,
		OtherAssessed:            201,
		OtherExcluded:            185,
		OtherExcludedReasons: Reasons{
			{"Not set in England", 90},
			{"Opinion piece, no evaluation", 60},
			{"Not an intervention about integrated care for older adults with multimorbidity", 35},
		},
		OtherIncludedReports: 16,
		NewStudies:           84,
		NewReports:           84,
		TotalStudies:         84,
		TotalReports:         84,
		Final:                true,
		Entered:              map[string]Entry{},
	}
}

// svgDatabasesOnly is a finished flow without other methods.
func svgDatabasesOnly() *Flow {
	return &Flow{
		DatabaseResults: 1500,
		Sources: []Source{
			{Source: "MEDLINE", Kind: review.Database, N: 1000},
			{Source: "Embase", Kind: review.Database, N: 500},
		},
		Duplicates:             300,
		RecordsScreened:        1200,
		RecordsExcluded:        1100,
		RecordsExcludedHuman:   1100,
		DbrSoughtReports:       100,
		DbrNotRetrievedReports: 4,
		DbrAssessed:            96,
		DbrExcluded:            80,
		DbrExcludedReasons:     Reasons{{"Wrong population", 50}, {"Wrong outcome", 30}},
		DbrIncludedReports:     16,
		NewStudies:             15,
		NewReports:             16,
		TotalStudies:           15,
		TotalReports:           16,
		Final:                  true,
	}
}

// svgNode is any element of the figure, parsed back.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *svgNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s> %s=%q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// texts are the lines of text in the element, in order.
func (n *svgNode) texts() []string {
	var out []string
	for _, c := range n.Nodes {
		if c.XMLName.Local == "text" {
			out = append(out, c.Text)
		}
		out = append(out, c.texts()...)
	}
	return out
}

// svgParse writes the figure of f and parses it back; it must be
// well-formed XML.
func svgParse(t *testing.T, f *Flow, o SVGOptions) (*svgNode, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSVG(&buf, f, o); err != nil {
		t.Fatal(err)
	}
	var root svgNode
	if err := xml.Unmarshal(buf.Bytes(), &root); err != nil {
		t.Fatalf("the SVG is not well-formed: %v\n%s", err, buf.String())
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element is %v", root.XMLName)
	}
	return &root, buf.Bytes()
}

// svgGroups maps the id of each group to its text, lines joined by spaces
// (a label and its count may be wrapped over two lines).
func svgGroups(root *svgNode) map[string]string {
	out := map[string]string{}
	for _, n := range root.Nodes {
		if n.XMLName.Local == "g" && n.attr("id") != "" {
			out[n.attr("id")] = strings.Join(n.texts(), " ")
		}
	}
	return out
}

func TestWriteSVGShowsEveryCountOfTheSeedReview(t *testing.T) {
	root, raw := svgParse(t, svgSeedFlow(), SVGOptions{})
	if !bytes.HasPrefix(raw, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60s", raw)
	}
	for _, a := range []string{"width", "height"} {
		if _, err := strconv.ParseFloat(root.attr(a), 64); err != nil {
			t.Errorf("svg %s=%q is not a length in px", a, root.attr(a))
		}
	}
	if want := "0 0 " + root.attr("width") + " " + root.attr("height"); root.attr("viewBox") != want {
		t.Errorf("viewBox = %q, want %q", root.attr("viewBox"), want)
	}
	if fam := root.attr("font-family"); !strings.HasPrefix(fam, "WinnowFigureSans-") || !strings.Contains(fam, ", 'Liberation Sans', Arimo, Arial,") || root.attr("version") != "1.1" {
		t.Errorf("svg font-family %q, version %q: want the embedded font first, then Arial's metric-compatible fonts", fam, root.attr("version"))
	}
	if !bytes.Contains(raw, []byte("@font-face{font-family:"+root.attr("font-family")[:len("WinnowFigureSans-")+10]+";font-weight:400;src:url(data:font/ttf;base64,")) ||
		!bytes.Contains(raw, []byte(";font-weight:700;src:url(data:font/ttf;base64,")) {
		t.Error("the SVG does not carry its regular and bold faces")
	}
	g := svgGroups(root)
	want := map[string][]string{
		"header-dbr":           {"Identification of studies via databases and registers"},
		"header-other":         {"Identification of studies via other methods"},
		"phase-identification": {"Identification"},
		"phase-screening":      {"Screening"},
		"phase-included":       {"Included"},
		"dbr-identified": {
			"Records identified from*:", "Databases (n = 6426)", "Registers (n = 0)",
			"MEDLINE (n = 2100)", "Embase (n = 2500)", "CINAHL (n = 900)", "Web of Science (n = 700)", "Cochrane Library (n = 226)",
		},
		"dbr-removed": {
			"Records removed before screening:", "Duplicate records removed (n = 1256)",
			"Records marked as ineligible by automation tools (n = 0)", "Records removed for other reasons (n = 0)",
		},
		"records-screened": {"Records screened (n = 5170)"},
		"records-excluded": {"Records excluded** (n = 4550)"},
		"dbr-sought":       {"Reports sought for retrieval (n = 620)"},
		"dbr-notretrieved": {"Reports not retrieved (n = 12)"},
		"dbr-assessed":     {"Reports assessed for eligibility (n = 608)"},
		"dbr-excluded": {
			"Reports excluded (n = 540):",
			"Not an intervention about integrated care for older adults with multimorbidity (n = 210)",
			"Not set in England (n = 150)", "Wrong study design (n = 95)", "Not about integrated care (n = 60)",
			"Conference abstract only (n = 25)",
		},
		"other-identified": {
			"Records identified from:", "Websites (n = 112)", "Websites and experts (n = 112)",
			"Organisations (n = 0)", "Citation searching (n = 0)", "Other (n = 1118)", "Opengrey (n = 1118)",
		},
		"other-removed": {
			"Records removed before retrieval‡:", "Duplicates of other records (n = 300)",
			"Excluded on title and abstract (n = 600)",
		},
		"other-sought":       {"Reports sought for retrieval (n = 330)"},
		"other-notretrieved": {"Reports not retrieved (n = 129)"},
		"other-assessed":     {"Reports assessed for eligibility (n = 201)"},
		"other-excluded": {
			"Reports excluded (n = 185):", "Not set in England (n = 90)", "Opinion piece, no evaluation (n = 60)",
			"Not an intervention about integrated care for older adults with multimorbidity (n = 35)",
		},
		"included": {"Studies included in review (n = 84)", "Reports of included studies (n = 84)"},
		"footnotes": {
			"*Consider, if feasible to do so, reporting the number of records identified from each database or register searched (rather than the total number across all databases/registers).",
			"**If automation tools were used, indicate how many records were excluded by a human and how many were excluded by automation tools.",
			"‡Records found by other methods",
			"BMJ 2021;372:n71",
		},
	}
	for id, phrases := range want {
		text, ok := g[id]
		if !ok {
			t.Errorf("no group %q", id)
			continue
		}
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s does not show %q; it reads %q", id, p, text)
			}
		}
	}
	for _, id := range []string{"draft", "previous", "total", "header-previous"} {
		if _, ok := g[id]; ok {
			t.Errorf("a finished new review shows %q: %q", id, g[id])
		}
	}
	if strings.Contains(g["records-excluded"], "automation tools (n") {
		t.Errorf("records excluded split by people and tools though no tool excluded any: %q", g["records-excluded"])
	}
	if strings.Contains(string(raw), "†") {
		t.Error("a flow with nothing entered by hand has a † mark")
	}
}

// svgFitFlows are flows at the sizes that strain the layout.
func svgFitFlows() map[string]*Flow {
	seed := svgSeedFlow()

	big := svgSeedFlow()
	big.DatabaseResults, big.Duplicates, big.RecordsScreened = 99999, 99999, 99999
	big.RecordsExcluded, big.RecordsExcludedHuman, big.RecordsExcludedAutomation = 99999, 88888, 11111
	big.ExcludedAutomatic, big.ExcludedOther = 77777, 66666
	big.Entered = map[string]Entry{"excluded_automatic": {N: 77777, Note: "RobotSearch"}, "excluded_other": {N: 66666, Note: strings.Repeat("a long note ", 30)}}
	big.Sources = append(big.Sources,
		Source{Source: "Pneumonoultramicroscopicsilicovolcanoconiosisdatabaseofeverythingthereis", Kind: review.Database, N: 12345},
		Source{Source: "ClinicalTrials.gov", Kind: review.Register, N: 12},
		Source{Source: "WHO International Clinical Trials Registry Platform (ICTRP)", Kind: review.Register, N: 3},
		Source{Source: "Reference lists of the included studies", Kind: review.Citation, N: 40},
		Source{Source: "Age UK; Kings Fund; Nuffield Trust; Health Foundation", Kind: review.Organisation, N: 30},
	)
	big.DbrExcludedReasons = append(big.DbrExcludedReasons,
		Reason{"Not an intervention about integrated care for older adults with multimorbidity, frailty or dementia living at home or in a care home in England", 99999},
		Reason{"Averyveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaceatall", 1},
		Reason{"中文文献：不符合纳入标准的研究设计与人群", 3},
		Reason{ReasonNotAgreed, 4})
	big.Final = false
	big.DbrAwaitingScreening, big.DbrAwaitingAssessment, big.OtherAwaitingScreening, big.OtherAwaitingAssessment = 12345, 678, 90, 12
	big.ReasonConflicts = 4

	updated := svgSeedFlow()
	updated.PreviousStudies, updated.PreviousReports = 31, 40
	updated.TotalStudies, updated.TotalReports = 115, 124
	updated.Entered = map[string]Entry{"previous_studies": {N: 31, Note: "Smith 2019"}, "previous_reports": {N: 40, Note: "Smith 2019"}}

	scoping := svgSeedFlow()
	small := &Flow{Final: true}
	return map[string]*Flow{
		"seed": seed, "big": big, "updated": updated, "scoping": scoping,
		"databases only": svgDatabasesOnly(), "empty": small,
	}
}

func TestWriteSVGTextStaysInsideItsBox(t *testing.T) {
	for name, f := range svgFitFlows() {
		t.Run(name, func(t *testing.T) {
			root, _ := svgParse(t, f, SVGOptions{Scoping: name == "scoping"})
			width, height := root.num(t, "width"), root.num(t, "height")
			for _, g := range root.Nodes {
				if g.XMLName.Local != "g" || g.attr("id") == "arrows" {
					continue
				}
				id := g.attr("id")
				var rect *svgNode
				for i := range g.Nodes {
					if g.Nodes[i].XMLName.Local == "rect" {
						rect = &g.Nodes[i]
					}
				}
				left, top, right, bottom := 0.0, 0.0, width, height
				if rect != nil {
					left, top = rect.num(t, "x"), rect.num(t, "y")
					right, bottom = left+rect.num(t, "width"), top+rect.num(t, "height")
					if left < 0 || top < 0 || right > width || bottom > height {
						t.Errorf("%s: box %v,%v–%v,%v is outside the figure %vx%v", id, left, top, right, bottom, width, height)
					}
				}
				for _, x := range g.Nodes {
					if x.XMLName.Local != "text" {
						continue
					}
					st := svgPlain
					if x.attr("font-weight") == "bold" {
						st = svgBold
					}
					size := x.num(t, "font-size")
					w := svgMeasure(x.Text, st) / st.size() * size
					tx, ty := x.num(t, "x"), x.num(t, "y")
					if strings.HasPrefix(x.attr("transform"), "rotate(-90") {
						// A phase label: it runs up the bar, centred.
						if w > bottom-top-8 || tx+size*svgDescent > right || tx-size*svgAscent < left {
							t.Errorf("%s: %q (%.1f px) does not fit its bar %v–%v", id, x.Text, w, top, bottom)
						}
						continue
					}
					start := tx
					if x.attr("text-anchor") == "middle" {
						start = tx - w/2
					}
					if start < left+1 || start+w > right-1 {
						t.Errorf("%s: %q runs %.1f–%.1f, outside its box %v–%v", id, x.Text, start, start+w, left, right)
					}
					if ty-size*svgAscent < top || ty+size*svgDescent > bottom {
						t.Errorf("%s: %q at y %.1f is outside its box %v–%v", id, x.Text, ty, top, bottom)
					}
				}
			}
		})
	}
}

func TestWriteSVGKeepsArrowsStraight(t *testing.T) {
	for name, f := range svgFitFlows() {
		root, _ := svgParse(t, f, SVGOptions{})
		for _, g := range root.Nodes {
			if g.attr("id") != "arrows" {
				continue
			}
			for _, p := range g.Nodes {
				d := p.attr("d")
				pts := strings.Split(strings.NewReplacer("M", "", "L", "").Replace(d), " ")
				for i := 1; i < len(pts); i++ {
					a, b := strings.Split(pts[i-1], ","), strings.Split(pts[i], ",")
					if a[0] != b[0] && a[1] != b[1] {
						t.Errorf("%s: arrow %q has a slanted segment", name, d)
					}
				}
				if p.attr("marker-end") != "url(#arrowhead)" {
					t.Errorf("%s: arrow %q has no arrowhead", name, d)
				}
			}
		}
	}
}

func TestWriteSVGWithoutOtherMethodsHasNoRightColumn(t *testing.T) {
	root, _ := svgParse(t, svgDatabasesOnly(), SVGOptions{})
	g := svgGroups(root)
	for id := range g {
		if strings.HasPrefix(id, "other-") || id == "header-other" {
			t.Errorf("a review without other methods shows %s: %q", id, g[id])
		}
	}
	if !strings.Contains(g["dbr-identified"], "Registers (n = 0)") {
		t.Errorf("the left column leaves out the template's registers line: %q", g["dbr-identified"])
	}
	if strings.Contains(g["footnotes"], "‡") {
		t.Errorf("a footnote explains a box that is not there: %q", g["footnotes"])
	}
	if !strings.Contains(g["included"], "Studies included in review (n = 15) Reports of included studies (n = 16)") {
		t.Errorf("included: %q", g["included"])
	}
	root, _ = svgParse(t, svgSeedFlow(), SVGOptions{})
	if w := root.num(t, "width"); w <= svgParseWidth(t, svgDatabasesOnly()) {
		t.Errorf("the figure with other methods is no wider (%v)", w)
	}
}

func svgParseWidth(t *testing.T, f *Flow) float64 {
	root, _ := svgParse(t, f, SVGOptions{})
	return root.num(t, "width")
}

func TestWriteSVGOtherMethodsFromASourceAlone(t *testing.T) {
	f := svgDatabasesOnly()
	f.Sources = append(f.Sources, Source{Source: "Hand search", Kind: review.Citation, N: 0})
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	if !strings.Contains(g["other-identified"], "Citation searching (n = 0) Hand search (n = 0)") {
		t.Errorf("a citation source with no records has no right column: %q", g["other-identified"])
	}
	if _, ok := g["other-removed"]; ok {
		t.Error("the removed-before-retrieval note shows with nothing removed")
	}
}

func svgMust(t *testing.T, f *Flow, o SVGOptions) *svgNode {
	t.Helper()
	root, _ := svgParse(t, f, o)
	return root
}

func TestWriteSVGScopingWording(t *testing.T) {
	g := svgGroups(svgMust(t, svgSeedFlow(), SVGOptions{Scoping: true}))
	for id, p := range map[string]string{
		"header-dbr":   "Identification of sources of evidence via databases and registers",
		"header-other": "Identification of sources of evidence via other methods",
		"included":     "Sources of evidence included in review (n = 84) Reports of included sources of evidence (n = 84)",
		"dbr-assessed": "Reports assessed for eligibility (n = 608)",
	} {
		if !strings.Contains(g[id], p) {
			t.Errorf("%s: %q does not read %q", id, g[id], p)
		}
	}
	for id, text := range g {
		if strings.Contains(strings.ToLower(text), "studies") && id != "footnotes" {
			t.Errorf("%s still says studies: %q", id, text)
		}
	}
	f := svgSeedFlow()
	f.PreviousStudies, f.PreviousReports, f.TotalStudies, f.TotalReports = 3, 3, 87, 87
	g = svgGroups(svgMust(t, f, SVGOptions{Scoping: true}))
	for id, p := range map[string]string{
		"header-previous": "Previous sources of evidence",
		"previous":        "Sources of evidence included in previous version of review (n = 3)",
		"total":           "Total sources of evidence included in review (n = 87) Reports of total included sources of evidence (n = 87)",
		"included":        "New sources of evidence included in review (n = 84)",
		"header-dbr":      "Identification of new sources of evidence via databases and registers",
	} {
		if !strings.Contains(g[id], p) {
			t.Errorf("updated scoping review: %s: %q does not read %q", id, g[id], p)
		}
	}
}

func TestWriteSVGUpdatedReview(t *testing.T) {
	f := svgSeedFlow()
	f.PreviousStudies, f.PreviousReports, f.TotalStudies, f.TotalReports = 31, 40, 115, 124
	f.Entered = map[string]Entry{"previous_studies": {N: 31, Note: "Smith et al. 2019"}, "previous_reports": {N: 40, Note: "Smith et al. 2019"}}
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	for id, p := range map[string]string{
		"header-previous": "Previous studies",
		"header-dbr":      "Identification of new studies via databases and registers",
		"header-other":    "Identification of new studies via other methods",
		"previous":        "Studies included in previous version of review (n = 31†) Reports of studies included in previous version of review (n = 40†)",
		"included":        "New studies included in review (n = 84) Reports of new included studies (n = 84)",
		"total":           "Total studies included in review (n = 115) Reports of total included studies (n = 124)",
		"footnotes":       "† Entered by hand: Studies included in previous version of review (n = 31): Smith et al. 2019",
	} {
		if !strings.Contains(g[id], p) {
			t.Errorf("%s: %q does not read %q", id, g[id], p)
		}
	}
}

func TestWriteSVGDropsControlCharactersAndEscapes(t *testing.T) {
	f := svgDatabasesOnly()
	f.DbrExcludedReasons = Reasons{
		{"Wrong\x00 popu\x1b[31mlation\x7f\u0085\u009b", 50},
		{"Tab\tand\nnew line", 20},
		{`Drugs & <devices> "quoted" 'single'`, 10},
		{"Bidi \u202eevil\u202c text", 0},
	}
	f.Sources[0].Source = "MEDLINE\x07 (Ovid)\r\n"
	f.Final = false
	f.Entered = map[string]Entry{"excluded_other": {Note: "by hand\x1b]8;;http://x\x07"}}
	root, raw := svgParse(t, f, SVGOptions{})
	for i, r := range string(raw) {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || r == '\u202e' {
			t.Fatalf("byte %d: control character %U in the SVG", i, r)
		}
	}
	g := svgGroups(root)
	for id, p := range map[string]string{
		"dbr-excluded":   "Wrong popu[31mlation (n = 50)",
		"dbr-identified": "MEDLINE (Ovid) (n = 1000)",
		"footnotes":      "by hand]8;;http://x",
	} {
		if !strings.Contains(g[id], p) {
			t.Errorf("%s: %q does not read %q", id, g[id], p)
		}
	}
	for _, p := range []string{"Tab and new line (n = 20)", `Drugs & <devices> "quoted" 'single' (n = 10)`, "Bidi evil text (n = 0)"} {
		if !strings.Contains(g["dbr-excluded"], p) {
			t.Errorf("dbr-excluded: %q does not read %q", g["dbr-excluded"], p)
		}
	}
}

func TestSVGClean(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "",
		"  plain  ":             "plain",
		"a\x00b":                "ab",
		"a\n\n\tb":              "a b",
		"a\u0085b":              "a b",
		"a\u009bb\ufffe\uffff":  "ab",
		"\xff bad":              "\ufffd bad",
		"Sjögren’s — 中文":        "Sjögren’s — 中文",
		"a\u2066b\u2069\u202dc": "abc",
	} {
		if got := svgClean(in); got != want {
			t.Errorf("svgClean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteSVGMarksCountsEnteredByHand(t *testing.T) {
	f := svgSeedFlow()
	f.ExcludedOther, f.ExcludedAutomatic = 12, 120
	f.DatabaseResults += 132
	f.Entered = map[string]Entry{
		"excluded_other":     {N: 12, Note: "retracted papers, removed in EndNote", By: "alice", At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		"excluded_automatic": {N: 120, Note: "RobotSearch, before import", By: "alice"},
	}
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	for _, p := range []string{
		"Records marked as ineligible by automation tools (n = 120†)",
		"Records removed for other reasons (n = 12†)",
		"Duplicate records removed (n = 1256)",
	} {
		if !strings.Contains(g["dbr-removed"], p) {
			t.Errorf("dbr-removed: %q does not read %q", g["dbr-removed"], p)
		}
	}
	auto := strings.Index(g["footnotes"], "† Entered by hand: Records marked as ineligible by automation tools (n = 120): RobotSearch, before import")
	other := strings.Index(g["footnotes"], "† Entered by hand: Records removed for other reasons (n = 12): retracted papers, removed in EndNote")
	if auto < 0 || other < 0 || auto > other {
		t.Errorf("footnotes do not list both entries in the template's order: %q", g["footnotes"])
	}
	if strings.Count(g["footnotes"], "Entered by hand") != 2 {
		t.Errorf("footnotes: %q", g["footnotes"])
	}
}

func TestWriteSVGDraft(t *testing.T) {
	f := svgSeedFlow()
	f.Final = false
	f.DbrAwaitingScreening, f.DbrAwaitingAssessment = 40, 7
	f.OtherAwaitingScreening, f.OtherAwaitingAssessment = 0, 3
	f.ReasonConflicts = 1
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	for id, p := range map[string]string{
		"draft":            "DRAFT: screening not finished",
		"records-screened": "Records screened (n = 5170) awaiting decision: 40",
		"dbr-assessed":     "Reports assessed for eligibility (n = 608) awaiting decision: 7",
		"other-assessed":   "Reports assessed for eligibility (n = 201) awaiting decision: 3",
	} {
		if !strings.Contains(g[id], p) {
			t.Errorf("%s: %q does not read %q", id, g[id], p)
		}
	}
	for _, p := range []string{"40 records await", "10 reports await", "1 exclusion is counted"} {
		if !strings.Contains(g["draft"], p) {
			t.Errorf("draft: %q does not say %q", g["draft"], p)
		}
	}
	if strings.Contains(g["other-removed"], "awaiting") {
		t.Errorf("other-removed notes an awaiting count of 0: %q", g["other-removed"])
	}

	f.Final = true
	g = svgGroups(svgMust(t, f, SVGOptions{}))
	if _, ok := g["draft"]; ok {
		t.Error("a final flow is marked as a draft")
	}
	for id, text := range g {
		if strings.Contains(text, "awaiting") {
			t.Errorf("a final flow notes awaiting counts in %s: %q", id, text)
		}
	}
}

func TestWriteSVGAutomationSplit(t *testing.T) {
	f := svgSeedFlow()
	f.RecordsExcludedHuman, f.RecordsExcludedAutomation = 4000, 550
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	if p := "Records excluded** (n = 4550) by people (n = 4000) by automation tools (n = 550)"; !strings.Contains(g["records-excluded"], p) {
		t.Errorf("records-excluded: %q does not read %q", g["records-excluded"], p)
	}
}

func TestWriteSVGNoReasons(t *testing.T) {
	f := svgDatabasesOnly()
	f.DbrExcluded, f.DbrExcludedReasons = 0, nil
	g := svgGroups(svgMust(t, f, SVGOptions{}))
	if g["dbr-excluded"] != "Reports excluded (n = 0)" {
		t.Errorf("dbr-excluded: %q", g["dbr-excluded"])
	}
}

func TestWriteSVGIsDeterministic(t *testing.T) {
	f := svgSeedFlow()
	f.Entered = map[string]Entry{"excluded_other": {}, "excluded_automatic": {}, "previous_studies": {}, "previous_reports": {}, "zz": {}}
	var a, b bytes.Buffer
	if err := WriteSVG(&a, f, SVGOptions{}); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		b.Reset()
		if err := WriteSVG(&b, f, SVGOptions{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("the same flow gave different SVGs")
		}
	}
}

func TestWriteSVGNilFlow(t *testing.T) {
	if err := WriteSVG(&bytes.Buffer{}, nil, SVGOptions{}); err == nil {
		t.Error("no error for a nil flow")
	}
}

func TestSVGWrap(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  []string
	}{
		{"", 100, []string{""}},
		{"Reports sought for retrieval (n\u00a0=\u00a0620)", 1000, []string{"Reports sought for retrieval (n\u00a0=\u00a0620)"}},
		{"Reports sought for retrieval (n\u00a0=\u00a0620)", 180, []string{"Reports sought for retrieval", "(n\u00a0=\u00a0620)"}},
		{"iiiiiiiiii", font.Width("iiii", font.Regular, 13), []string{"iiii", "iiii", "ii"}},
		{"a  b", 1000, []string{"a b"}},
	} {
		got := svgWrap(c.text, c.width, svgPlain)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("svgWrap(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
		}
		for _, l := range got {
			if svgMeasure(l, svgPlain) > c.width+1e-9 {
				t.Errorf("svgWrap(%q, %v): %q is %.1f px wide", c.text, c.width, l, svgMeasure(l, svgPlain))
			}
		}
	}
	if w := svgMeasure("7656", svgPlain); math.Abs(w-4*0.556*13) > 0.01 {
		t.Errorf("four digits at 13 px measure %v", w)
	}
	if svgMeasure("mmmm", svgPlain) <= svgMeasure("iiii", svgPlain) {
		t.Error("m is no wider than i")
	}
}

// TestWriteSVGGolden compares the seed review's figure with
// testdata/svg/seed.svg; -update-svg rewrites it (read the diff, and look
// at the figure, before committing a rewrite).
func TestWriteSVGGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSVG(&buf, svgSeedFlow(), SVGOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "svg", "seed.svg")
	if *updateSVG {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the seed review's SVG differs from %s (go test ./prisma -run SVGGolden -update-svg rewrites it)", path)
	}
}

// TestWriteSampleSVG writes the seed review's figure to the file named by
// WINNOW_SVG_OUT, to look at. WINNOW_SVG_FLOW names another flow of
// svgFitFlows ("big" is a strained draft, "updated" has a previous
// version, "databases only"); WINNOW_SVG_SCOPING=1 words it for a scoping
// review.
//
//	WINNOW_SVG_OUT=/tmp/prisma-flow.svg go test ./prisma -run TestWriteSampleSVG
//	chromium --headless --no-sandbox --screenshot=/tmp/prisma-flow.png --window-size=1152,864 file:///tmp/prisma-flow.svg
func TestWriteSampleSVG(t *testing.T) {
	out := os.Getenv("WINNOW_SVG_OUT")
	if out == "" {
		t.Skip("WINNOW_SVG_OUT is not set")
	}
	name := cmp.Or(os.Getenv("WINNOW_SVG_FLOW"), "seed")
	f, ok := svgFitFlows()[name]
	if !ok {
		t.Fatalf("WINNOW_SVG_FLOW=%q: no such flow", name)
	}
	var buf bytes.Buffer
	if err := WriteSVG(&buf, f, SVGOptions{Scoping: os.Getenv("WINNOW_SVG_SCOPING") != ""}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
