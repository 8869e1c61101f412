package prisma

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/review"
)

// SVGOptions chooses the wording of the figure and how it carries its
// text.
type SVGOptions struct {
	// Scoping words the figure for a scoping review (PRISMA-ScR):
	// "sources of evidence" where the template says "studies".
	Scoping bool
	// Text is how the figure carries its text: with the font embedded
	// (the zero value), or drawn as outlines.
	Text font.Mode
}

// WriteSVG writes the flow as the PRISMA 2020 flow diagram for new
// systematic reviews which included searches of databases, registers and
// other sources (Page et al. 2021, BMJ 372:n71), as a standalone SVG 1.1
// file. The other-methods column appears only when the review has such
// sources; with a previous version of the review (previous studies or
// reports entered) the figure is the template for updated reviews. A flow
// that is not final is marked as a draft.
//
// Text is laid out with the advance widths of Liberation Sans (those of
// Arial), so that it wraps inside its box without a browser, and the
// figure carries a subset of that font (or draws its text as outlines;
// see package font): it looks the same in every viewer, whatever fonts
// the machine has. The same flow always gives the same bytes.
func WriteSVG(w io.Writer, f *Flow, o SVGOptions) error {
	if f == nil {
		return errors.New("write svg: no flow")
	}
	var b strings.Builder
	if err := layoutSVG(f, o).render(&b, o.Text); err != nil {
		return fmt.Errorf("write svg: %w", err)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Sizes in px. Box text is 13 px: when the figure with both columns is
// scaled to a page's width (about 17 cm) it prints at about 6 pt, as the
// template's own figure does.
const (
	svgBoxWidth   = 230.0
	svgPadX       = 10.0 // text to the box's left and right sides
	svgPadY       = 8.0  // text to the box's top and bottom
	svgIndent     = 12.0 // items under a heading in a box
	svgMargin     = 20.0
	svgBarWidth   = 30.0 // phase labels
	svgBarGap     = 18.0 // phase labels to the first column
	svgArrowGap   = 44.0 // a box to the box beside it
	svgColumnGap  = 56.0 // the databases-and-registers column to other methods
	svgRowGap     = 34.0 // a box to the box under it
	svgHeaderGap  = 20.0 // header boxes to the first row
	svgMinBox     = 44.0
	svgLineHeight = 1.3 // in em
	svgAscent     = font.Ascent
	svgDescent    = font.Descent
	svgStrokeW    = 1.2
)

// Colours: the template's yellow, grey and blue, softened for print;
// text is black on white boxes.
const (
	svgStroke     = "#404040"
	svgDbrFill    = "#F9DC8E"
	svgGreyFill   = "#DCDCDC"
	svgPhaseFill  = "#BCD2EE"
	svgNoteColour = "#333333"
	svgDraftRed   = "#A01818"
)

// svgStyle is a kind of text in the figure.
type svgStyle int

const (
	svgPlain    svgStyle = iota
	svgNote              // winnow's notes in a box (awaiting a decision): small, italic
	svgBold              // headers and phase labels
	svgFootnote          // under the figure
	svgBanner            // the draft line
)

func (s svgStyle) size() float64 {
	switch s {
	case svgNote, svgFootnote:
		return 11
	case svgBold:
		return 14
	case svgBanner:
		return 16
	}
	return 13
}

// face is the font style text of style s is drawn in.
func (s svgStyle) face() font.Style {
	switch s {
	case svgBold, svgBanner:
		return font.Bold
	case svgNote:
		return font.Italic
	}
	return font.Regular
}

// svgMeasure is the advance width of s in px, in style st.
func svgMeasure(s string, st svgStyle) float64 {
	return font.Width(s, st.face(), st.size())
}

// svgGlue joins the words of a count, "(n = 12)", so that a line never
// breaks inside it; it is written as a plain space.
const svgGlue = '\u00a0'

// svgWrap breaks text into lines no wider than width, at spaces; a word
// wider than a line is broken between characters.
func svgWrap(text string, width float64, st svgStyle) []string {
	var lines []string
	line := ""
	for w := range strings.SplitSeq(text, " ") {
		if w == "" {
			continue
		}
		if line != "" {
			if c := line + " " + w; svgMeasure(c, st) <= width {
				line = c
				continue
			}
			lines = append(lines, line)
		}
		for svgMeasure(w, st) > width {
			head, rest := svgCut(w, width, st)
			lines = append(lines, head)
			w = rest
		}
		line = w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// svgCut splits w after the most characters that fit in width (at least
// one).
func svgCut(w string, width float64, st svgStyle) (string, string) {
	em := 0.0
	limit := width / st.size()
	for i, r := range w {
		em += font.Advance(r, st.face())
		if em > limit && i > 0 {
			return w[:i], w[i:]
		}
	}
	return w, ""
}

// svgClean makes an imported name, reason or note safe for XML 1.0 and
// for one line of a box: line breaks and tabs become spaces, other
// control characters (C0, DEL, C1), the non-characters U+FFFE and U+FFFF
// and the bidirectional overrides and isolates (which would reorder the
// text around them) are dropped, and runs of spaces become one.
func svgClean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' ||
			r == 0x85 || r == 0x2028 || r == 0x2029:
			space = b.Len() > 0
			continue
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r) // invalid UTF-8 arrives as U+FFFD, which XML allows
	}
	return b.String()
}

var svgEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;", string(svgGlue), " ")

// svgPara is one paragraph of a box: a heading, an item under it, or a
// note.
type svgPara struct {
	text   string
	indent bool
	style  svgStyle
}

// svgLine is one line of text as placed: x and y are the start of its
// baseline (its middle when centred).
type svgLine struct {
	text   string
	x, y   float64
	style  svgStyle
	centre bool
	rotate bool // read from bottom to top, in a phase label
}

// svgBox is one box of the figure, with its text laid out.
type svgBox struct {
	id         string
	col, row   int
	paras      []svgPara
	fill       string
	rounded    bool
	dashed     bool
	centre     bool    // headers: text centred
	spaced     float64 // space between paragraphs, for boxes of two counts
	x, y, w, h float64
	lines      []svgLine
}

// wrapped is the box's text as lines, with the height they take.
func (b *svgBox) wrapped() ([]svgLine, float64) {
	var out []svgLine
	height := 0.0
	for i, p := range b.paras {
		if i > 0 {
			height += b.spaced
		}
		width := b.w - 2*svgPadX
		x := svgPadX
		if p.indent {
			width -= svgIndent
			x += svgIndent
		}
		for _, s := range svgWrap(p.text, width, p.style) {
			out = append(out, svgLine{text: s, x: x, y: height, style: p.style, centre: b.centre})
			height += p.style.size() * svgLineHeight
		}
	}
	return out, height
}

// contentHeight is the height the box needs for its text.
func (b *svgBox) contentHeight() float64 {
	_, h := b.wrapped()
	return max(h+2*svgPadY, svgMinBox)
}

// place lays the text out in the box at its final size, centred
// vertically.
func (b *svgBox) place() {
	lines, h := b.wrapped()
	top := b.y + (b.h-h)/2
	for i := range lines {
		l := &lines[i]
		size := l.style.size()
		lead := (size*svgLineHeight - size*(svgAscent+svgDescent)) / 2
		l.y = top + l.y + lead + size*svgAscent
		if l.centre {
			l.x = b.x + b.w/2
		} else {
			l.x += b.x
		}
	}
	b.lines = lines
}

type svgPoint struct{ x, y float64 }

// svgArrow is a connector from its first point to its last, with an
// arrowhead at the last.
type svgArrow struct {
	points []svgPoint
	dashed bool
}

// svgLayout is the whole figure, placed.
type svgLayout struct {
	width, height float64
	title         string
	banner        []svgLine
	boxes         []*svgBox
	arrows        []svgArrow
	footnotes     []svgLine
}

// The columns and rows of the figure.
const (
	svgColPrevious = iota // previous version of the review (updated reviews)
	svgColDbr             // databases and registers
	svgColDbrSide         // what leaves the flow there
	svgColOther           // other methods
	svgColOtherSide
	svgCols
)

const (
	svgRowHeader = iota
	svgRowIdentified
	svgRowScreened
	svgRowSought
	svgRowAssessed
	svgRowIncluded
	svgRowTotal // updated reviews
	svgRows
)

// svgWords are the template's words that a scoping review changes.
type svgWords struct {
	previous                          string
	included, includedReports         string
	newIncluded, newReports           string
	totalIncluded, totalReports       string
	previousIncluded, previousReports string
	dbrHeader, otherHeader            string
	newDbrHeader, newOtherHeader      string
}

func newSVGWords(scoping bool) svgWords {
	s, S := "studies", "Studies"
	if scoping {
		s, S = "sources of evidence", "Sources of evidence"
	}
	return svgWords{
		previous:         "Previous " + s,
		included:         S + " included in review",
		includedReports:  "Reports of included " + s,
		newIncluded:      "New " + s + " included in review",
		newReports:       "Reports of new included " + s,
		totalIncluded:    "Total " + s + " included in review",
		totalReports:     "Reports of total included " + s,
		previousIncluded: S + " included in previous version of review",
		previousReports:  "Reports of " + s + " included in previous version of review",
		dbrHeader:        "Identification of " + s + " via databases and registers",
		otherHeader:      "Identification of " + s + " via other methods",
		newDbrHeader:     "Identification of new " + s + " via databases and registers",
		newOtherHeader:   "Identification of new " + s + " via other methods",
	}
}

// svgFigure builds the figure of one flow.
type svgFigure struct {
	f     *Flow
	words svgWords
	boxes []*svgBox
}

// n is a count as the template writes it, marked when entered by hand.
func (g *svgFigure) n(v int, key string) string {
	if _, ok := g.f.Entered[key]; ok {
		return svgCount(strconv.Itoa(v) + "†")
	}
	return svgCount(strconv.Itoa(v))
}

// svgCount is "(n = v)", kept on one line.
func svgCount(v string) string {
	return "(n" + string(svgGlue) + "=" + string(svgGlue) + v + ")"
}

func (g *svgFigure) box(id string, col, row int, paras ...svgPara) *svgBox {
	b := &svgBox{id: id, col: col, row: row, paras: paras, fill: "#FFFFFF", w: svgBoxWidth}
	g.boxes = append(g.boxes, b)
	return b
}

func svgText(s string) svgPara { return svgPara{text: s} }
func svgItem(s string) svgPara { return svgPara{text: s, indent: true} }
func svgAwait(n int) svgPara {
	return svgPara{text: "awaiting decision: " + strconv.Itoa(n), style: svgNote}
}
func svgReason(r Reason) svgPara {
	return svgItem(svgClean(r.Reason) + " " + svgCount(strconv.Itoa(r.N)))
}

// svgKindLabel is the template's line for a kind of source.
func svgKindLabel(k review.Kind) string {
	switch k {
	case review.Database:
		return "Databases"
	case review.Register:
		return "Registers"
	case review.Website:
		return "Websites"
	case review.Organisation:
		return "Organisations"
	case review.Citation:
		return "Citation searching"
	}
	return "Other"
}

// svgKindOf maps a source's kind to the template's line it is listed
// under: any kind the template has no line for is "other".
func svgKindOf(k review.Kind) review.Kind {
	switch k {
	case review.Database, review.Register, review.Website, review.Organisation, review.Citation:
		return k
	}
	return review.Other
}

// identified is the paragraphs of a kind's line and its sources.
func (g *svgFigure) identified(k review.Kind, n int, key string) []svgPara {
	paras := []svgPara{svgText(svgKindLabel(k) + " " + g.n(n, key))}
	for _, s := range g.f.Sources {
		if svgKindOf(s.Kind) == k {
			paras = append(paras, svgItem(svgClean(s.Source)+" "+svgCount(strconv.Itoa(s.N))))
		}
	}
	return paras
}

// excluded is a box of reports excluded, with its reasons.
func (g *svgFigure) excluded(n int, key string, reasons Reasons) []svgPara {
	if len(reasons) == 0 {
		return []svgPara{svgText("Reports excluded " + g.n(n, key))}
	}
	paras := []svgPara{svgText("Reports excluded " + g.n(n, key) + ":")}
	for _, r := range reasons {
		paras = append(paras, svgReason(r))
	}
	return paras
}

func layoutSVG(f *Flow, o SVGOptions) *svgLayout {
	g := &svgFigure{f: f, words: newSVGWords(o.Scoping)}
	draft := !f.Final
	previous := f.PreviousStudies > 0 || f.PreviousReports > 0
	other := f.HasOtherMethods()
	otherRemoved := f.OtherDuplicates > 0 || f.OtherRecordsExcluded > 0 || (draft && f.OtherAwaitingScreening > 0)
	w := g.words

	// Headers.
	dbrHeader, otherHeader := w.dbrHeader, w.otherHeader
	if previous {
		dbrHeader, otherHeader = w.newDbrHeader, w.newOtherHeader
		h := g.box("header-previous", svgColPrevious, svgRowHeader, svgPara{text: w.previous, style: svgBold})
		h.fill = svgGreyFill
	}
	dbrHead := g.box("header-dbr", svgColDbr, svgRowHeader, svgPara{text: dbrHeader, style: svgBold})
	dbrHead.fill = svgDbrFill
	var otherHead *svgBox
	if other {
		otherHead = g.box("header-other", svgColOther, svgRowHeader, svgPara{text: otherHeader, style: svgBold})
		otherHead.fill = svgGreyFill
	}

	// Databases and registers.
	var paras []svgPara
	paras = append(paras, svgText("Records identified from*:"))
	paras = append(paras, g.identified(review.Database, f.DatabaseResults, "database_results")...)
	paras = append(paras, g.identified(review.Register, f.RegisterResults, "register_results")...)
	g.box("dbr-identified", svgColDbr, svgRowIdentified, paras...)
	g.box("dbr-removed", svgColDbrSide, svgRowIdentified,
		svgText("Records removed before screening:"),
		svgItem("Duplicate records removed "+g.n(f.Duplicates, "duplicates")),
		svgItem("Records marked as ineligible by automation tools "+g.n(f.ExcludedAutomatic, "excluded_automatic")),
		svgItem("Records removed for other reasons "+g.n(f.ExcludedOther, "excluded_other")))
	paras = []svgPara{svgText("Records screened " + g.n(f.RecordsScreened, "records_screened"))}
	if draft && f.DbrAwaitingScreening > 0 {
		paras = append(paras, svgAwait(f.DbrAwaitingScreening))
	}
	g.box("records-screened", svgColDbr, svgRowScreened, paras...)
	paras = []svgPara{svgText("Records excluded** " + g.n(f.RecordsExcluded, "records_excluded"))}
	if f.RecordsExcludedAutomation > 0 {
		paras = append(paras,
			svgItem("by people "+g.n(f.RecordsExcludedHuman, "records_excluded_human")),
			svgItem("by automation tools "+g.n(f.RecordsExcludedAutomation, "records_excluded_automation")))
	}
	g.box("records-excluded", svgColDbrSide, svgRowScreened, paras...)
	g.box("dbr-sought", svgColDbr, svgRowSought, svgText("Reports sought for retrieval "+g.n(f.DbrSoughtReports, "dbr_sought_reports")))
	g.box("dbr-notretrieved", svgColDbrSide, svgRowSought, svgText("Reports not retrieved "+g.n(f.DbrNotRetrievedReports, "dbr_notretrieved_reports")))
	paras = []svgPara{svgText("Reports assessed for eligibility " + g.n(f.DbrAssessed, "dbr_assessed"))}
	if draft && f.DbrAwaitingAssessment > 0 {
		paras = append(paras, svgAwait(f.DbrAwaitingAssessment))
	}
	g.box("dbr-assessed", svgColDbr, svgRowAssessed, paras...)
	g.box("dbr-excluded", svgColDbrSide, svgRowAssessed, g.excluded(f.DbrExcluded, "dbr_excluded", f.DbrExcludedReasons)...)

	// Included, and the previous version of the review.
	if previous {
		g.box("previous", svgColPrevious, svgRowIdentified,
			svgText(w.previousIncluded+" "+g.n(f.PreviousStudies, "previous_studies")),
			svgText(w.previousReports+" "+g.n(f.PreviousReports, "previous_reports")))
		g.box("included", svgColDbr, svgRowIncluded,
			svgText(w.newIncluded+" "+g.n(f.NewStudies, "new_studies")),
			svgText(w.newReports+" "+g.n(f.NewReports, "new_reports")))
		g.box("total", svgColDbr, svgRowTotal,
			svgText(w.totalIncluded+" "+g.n(f.TotalStudies, "total_studies")),
			svgText(w.totalReports+" "+g.n(f.TotalReports, "total_reports")))
	} else {
		g.box("included", svgColDbr, svgRowIncluded,
			svgText(w.included+" "+g.n(f.NewStudies, "new_studies")),
			svgText(w.includedReports+" "+g.n(f.NewReports, "new_reports")))
	}
	for _, b := range g.boxes {
		if b.id == "previous" || b.id == "included" || b.id == "total" {
			b.spaced = 5
		}
	}

	// Other methods.
	if other {
		paras = []svgPara{svgText("Records identified from:")}
		paras = append(paras, g.identified(review.Website, f.WebsiteResults, "website_results")...)
		paras = append(paras, g.identified(review.Organisation, f.OrganisationResults, "organisation_results")...)
		paras = append(paras, g.identified(review.Citation, f.CitationsResults, "citations_results")...)
		if f.OtherResults > 0 || slices.ContainsFunc(f.Sources, func(s Source) bool { return svgKindOf(s.Kind) == review.Other }) {
			paras = append(paras, g.identified(review.Other, f.OtherResults, "other_results")...)
		}
		g.box("other-identified", svgColOther, svgRowIdentified, paras...)
		if otherRemoved {
			paras = []svgPara{
				svgText("Records removed before retrieval‡:"),
				svgItem("Duplicates of other records " + g.n(f.OtherDuplicates, "other_duplicates")),
				svgItem("Excluded on title and abstract " + g.n(f.OtherRecordsExcluded, "other_records_excluded")),
			}
			if draft && f.OtherAwaitingScreening > 0 {
				paras = append(paras, svgAwait(f.OtherAwaitingScreening))
			}
			b := g.box("other-removed", svgColOtherSide, svgRowScreened, paras...)
			b.dashed = true
		}
		g.box("other-sought", svgColOther, svgRowSought, svgText("Reports sought for retrieval "+g.n(f.OtherSoughtReports, "other_sought_reports")))
		g.box("other-notretrieved", svgColOtherSide, svgRowSought, svgText("Reports not retrieved "+g.n(f.OtherNotRetrievedReports, "other_notretrieved_reports")))
		paras = []svgPara{svgText("Reports assessed for eligibility " + g.n(f.OtherAssessed, "other_assessed"))}
		if draft && f.OtherAwaitingAssessment > 0 {
			paras = append(paras, svgAwait(f.OtherAwaitingAssessment))
		}
		g.box("other-assessed", svgColOther, svgRowAssessed, paras...)
		g.box("other-excluded", svgColOtherSide, svgRowAssessed, g.excluded(f.OtherExcluded, "other_excluded", f.OtherExcludedReasons)...)
	}

	// Columns, left to right.
	var colX [svgCols]float64
	x := svgMargin + svgBarWidth + svgBarGap
	if previous {
		colX[svgColPrevious] = x
		x += svgBoxWidth + svgArrowGap
	}
	colX[svgColDbr] = x
	colX[svgColDbrSide] = x + svgBoxWidth + svgArrowGap
	x = colX[svgColDbrSide] + svgBoxWidth
	if other {
		colX[svgColOther] = x + svgColumnGap
		colX[svgColOtherSide] = colX[svgColOther] + svgBoxWidth + svgArrowGap
		x = colX[svgColOtherSide] + svgBoxWidth
	}
	l := &svgLayout{width: math.Ceil(x + svgMargin), title: "PRISMA 2020 flow diagram"}
	contentWidth := l.width - 2*svgMargin

	// Headers span their column and the one beside it.
	dbrHead.w = 2*svgBoxWidth + svgArrowGap
	if otherHead != nil {
		otherHead.w = 2*svgBoxWidth + svgArrowGap
	}
	for _, b := range g.boxes {
		b.x = colX[b.col]
		if b.row == svgRowHeader {
			b.rounded, b.centre = true, true
		}
	}

	// Rows: boxes side by side share the height of the tallest.
	var rowH [svgRows]float64
	for _, b := range g.boxes {
		rowH[b.row] = max(rowH[b.row], b.contentHeight())
	}
	phases := []struct {
		id, label   string
		first, last int
	}{
		{"phase-identification", "Identification", svgRowIdentified, svgRowIdentified},
		{"phase-screening", "Screening", svgRowScreened, svgRowAssessed},
		{"phase-included", "Included", svgRowIncluded, svgRowIncluded},
	}
	if previous {
		phases[2].last = svgRowTotal
	}
	for _, p := range phases {
		need := svgMeasure(p.label, svgBold) + 2*svgPadX
		have := float64(p.last-p.first) * svgRowGap
		for r := p.first; r <= p.last; r++ {
			have += rowH[r]
		}
		if have < need {
			rowH[p.first] += need - have
		}
	}

	y := svgMargin
	if draft {
		y = l.addBanner(f, y, contentWidth)
	}
	var rowY [svgRows]float64
	for r := svgRowHeader; r < svgRows; r++ {
		if rowH[r] == 0 {
			continue
		}
		rowY[r] = y
		y += rowH[r]
		if r == svgRowHeader {
			y += svgHeaderGap
		} else {
			y += svgRowGap
		}
	}
	bottom := y - svgRowGap
	for _, b := range g.boxes {
		b.y, b.h = rowY[b.row], rowH[b.row]
		b.place()
	}
	for _, p := range phases {
		bar := &svgBox{id: p.id, x: svgMargin, y: rowY[p.first], w: svgBarWidth, h: rowY[p.last] + rowH[p.last] - rowY[p.first],
			fill: svgPhaseFill, rounded: true}
		bar.lines = []svgLine{{text: p.label, x: bar.x + bar.w/2, y: bar.y + bar.h/2, style: svgBold, centre: true, rotate: true}}
		l.boxes = append(l.boxes, bar)
	}
	l.boxes = append(l.boxes, g.boxes...)

	// Arrows.
	at := map[string]*svgBox{}
	for _, b := range g.boxes {
		at[b.id] = b
	}
	down := func(from, to string) {
		a, b := at[from], at[to]
		l.arrows = append(l.arrows, svgArrow{points: []svgPoint{{a.x + a.w/2, a.y + a.h}, {b.x + b.w/2, b.y}}})
	}
	across := func(from, to string) {
		a, b := at[from], at[to]
		l.arrows = append(l.arrows, svgArrow{points: []svgPoint{{a.x + a.w, a.y + a.h/2}, {b.x, b.y + b.h/2}}})
	}
	down("dbr-identified", "records-screened")
	down("records-screened", "dbr-sought")
	down("dbr-sought", "dbr-assessed")
	down("dbr-assessed", "included")
	across("dbr-identified", "dbr-removed")
	across("records-screened", "records-excluded")
	across("dbr-sought", "dbr-notretrieved")
	across("dbr-assessed", "dbr-excluded")
	if previous {
		down("included", "total")
		p, t := at["previous"], at["total"]
		l.arrows = append(l.arrows, svgArrow{points: []svgPoint{
			{p.x + p.w/2, p.y + p.h}, {p.x + p.w/2, t.y + t.h/2}, {t.x, t.y + t.h/2}}})
	}
	if other {
		down("other-identified", "other-sought")
		down("other-sought", "other-assessed")
		across("other-sought", "other-notretrieved")
		across("other-assessed", "other-excluded")
		a, in := at["other-assessed"], at["included"]
		l.arrows = append(l.arrows, svgArrow{points: []svgPoint{
			{a.x + a.w/2, a.y + a.h}, {a.x + a.w/2, in.y + in.h/2}, {in.x + in.w, in.y + in.h/2}}})
		if n := at["other-removed"]; n != nil {
			l.arrows = append(l.arrows, svgArrow{dashed: true, points: []svgPoint{
				{a.x + a.w/2, n.y + n.h/2}, {n.x, n.y + n.h/2}}})
		}
	}

	l.height = math.Ceil(l.addFootnotes(g, otherRemoved, bottom+24, contentWidth) + svgMargin)
	return l
}

// addBanner writes the draft line at y and returns the y under it.
func (l *svgLayout) addBanner(f *Flow, y, width float64) float64 {
	add := func(text string, st svgStyle) {
		for _, s := range svgWrap(text, width, st) {
			l.banner = append(l.banner, svgLine{text: s, x: svgMargin, y: y + st.size()*svgAscent, style: st})
			y += st.size() * svgLineHeight
		}
	}
	add("DRAFT: screening not finished", svgBanner)
	var parts []string
	if n := f.DbrAwaitingScreening + f.OtherAwaitingScreening; n > 0 {
		parts = append(parts, svgPlural(n, "record awaits", "records await")+" a decision on title and abstract")
	}
	if n := f.DbrAwaitingAssessment + f.OtherAwaitingAssessment; n > 0 {
		parts = append(parts, svgPlural(n, "report awaits", "reports await")+" a decision on full text")
	}
	if n := f.ReasonConflicts; n > 0 {
		parts = append(parts, svgPlural(n, "exclusion is", "exclusions are")+" counted under “"+ReasonNotAgreed+"”")
	}
	if len(parts) > 0 {
		add(strings.Join(parts, "; ")+".", svgFootnote)
	}
	return y + 14
}

func svgPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// addFootnotes writes the footnotes from y and returns the y under them.
func (l *svgLayout) addFootnotes(g *svgFigure, otherRemoved bool, y, width float64) float64 {
	notes := []string{
		"*Consider, if feasible to do so, reporting the number of records identified from each database or register searched (rather than the total number across all databases/registers).",
		"**If automation tools were used, indicate how many records were excluded by a human and how many were excluded by automation tools.",
	}
	if otherRemoved {
		notes = append(notes, "‡Records found by other methods that were duplicates of other records or were excluded on title and abstract; the PRISMA 2020 template has no box for them.")
	}
	keys := make([]string, 0, len(g.f.Entered))
	for k := range g.f.Entered {
		keys = append(keys, k)
	}
	order := func(k string) int {
		if i := slices.Index(Keys, k); i >= 0 {
			return i
		}
		return len(Keys)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a, b))
	})
	for _, k := range keys {
		e := g.f.Entered[k]
		s := "† Entered by hand: " + g.enteredLabel(k) + " (n = " + strconv.Itoa(e.N) + ")"
		if note := svgClean(e.Note); note != "" {
			s += ": " + note
		}
		notes = append(notes, s)
	}
	notes = append(notes, "From: Page MJ, McKenzie JE, Bossuyt PM, Boutron I, Hoffmann TC, Mulrow CD, et al. The PRISMA 2020 statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71. doi: 10.1136/bmj.n71")
	for _, n := range notes {
		for _, s := range svgWrap(n, width, svgFootnote) {
			l.footnotes = append(l.footnotes, svgLine{text: s, x: svgMargin, y: y + svgFootnote.size()*svgAscent, style: svgFootnote})
			y += svgFootnote.size() * svgLineHeight
		}
		y += 3
	}
	return y
}

// enteredLabel names a count that can be entered by hand as its box
// does.
func (g *svgFigure) enteredLabel(key string) string {
	switch key {
	case "excluded_automatic":
		return "Records marked as ineligible by automation tools"
	case "excluded_other":
		return "Records removed for other reasons"
	case "previous_studies":
		return g.words.previousIncluded
	case "previous_reports":
		return g.words.previousReports
	}
	return strings.ReplaceAll(svgClean(key), "_", " ")
}

func svgNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func (l *svgLayout) render(out *strings.Builder, mode font.Mode) error {
	// The body first: the font subset needs every line.
	text := font.NewSVG(mode)
	var b strings.Builder
	if len(l.banner) > 0 {
		b.WriteString(`<g id="draft">` + "\n")
		for _, t := range l.banner {
			b.WriteString(text.Text(t.line()))
		}
		b.WriteString("</g>\n")
	}
	for _, x := range l.boxes {
		fmt.Fprintf(&b, `<g id="%s">`+"\n", x.id)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s"`, svgNum(x.x), svgNum(x.y), svgNum(x.w), svgNum(x.h))
		if x.rounded {
			b.WriteString(` rx="6" ry="6"`)
		}
		stroke := svgStroke
		if x.rounded {
			stroke = "none"
		}
		fmt.Fprintf(&b, ` fill="%s" stroke="%s" stroke-width="%s"`, x.fill, stroke, svgNum(svgStrokeW))
		if x.dashed {
			b.WriteString(` stroke-dasharray="5 3"`)
		}
		b.WriteString("/>\n")
		for _, t := range x.lines {
			b.WriteString(text.Text(t.line()))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString(`<g id="arrows" fill="none" stroke="` + svgStroke + `" stroke-width="` + svgNum(svgStrokeW) + `">` + "\n")
	for _, a := range l.arrows {
		b.WriteString(`<path d="`)
		for i, p := range a.points {
			if i == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(svgNum(p.x) + "," + svgNum(p.y))
		}
		b.WriteString(`"`)
		if a.dashed {
			b.WriteString(` stroke-dasharray="5 3"`)
		}
		b.WriteString(` marker-end="url(#arrowhead)"/>` + "\n")
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g id="footnotes">` + "\n")
	for _, t := range l.footnotes {
		b.WriteString(text.Text(t.line()))
	}
	b.WriteString("</g>\n</svg>\n")

	attrs, err := text.RootAttrs()
	if err != nil {
		return err
	}
	defs, err := text.Defs()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%s" height="%s" viewBox="0 0 %s %s"%s>
<title>%s</title>
%s<defs>
<marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">
<path d="M0,0 L10,5 L0,10 z" fill="%s"/>
</marker>
</defs>
<rect x="0" y="0" width="%s" height="%s" fill="#FFFFFF"/>
`, svgNum(l.width), svgNum(l.height), svgNum(l.width), svgNum(l.height), attrs, svgEscaper.Replace(l.title),
		defs, svgStroke, svgNum(l.width), svgNum(l.height))
	out.WriteString(b.String())
	return nil
}

// line is t as the font package draws it.
func (t svgLine) line() font.Line {
	l := font.Line{Text: t.text, X: t.x, Y: t.y, Size: t.style.size(), Style: t.style.face()}
	switch t.style {
	case svgNote:
		l.Fill = svgNoteColour
	case svgBanner:
		l.Fill = svgDraftRed
	}
	if t.centre {
		l.Anchor = font.Middle
	}
	if t.rotate {
		// Rotated about its centre: the baseline moves right by half
		// the height of a capital so that the letters sit in the middle.
		l.Y = t.y + l.Size*0.35
		l.Transform = "rotate(-90 " + svgNum(t.x) + " " + svgNum(t.y) + ")"
	}
	return l
}
