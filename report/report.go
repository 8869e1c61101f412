// Package report assembles the review at a glance, for co-authors and the
// paper: the PRISMA 2020 flow and its table, the searches (PRISMA-S),
// screening (progress, agreement, exclusion reasons, pilot, stopping
// rule), the charting summaries and evidence maps, and the recall curve
// of prioritised screening, written as one self-contained HTML file.
//
// Every number in it comes from the same domain call that a `--json`
// command prints (prisma.Derive for `prisma --json`, screening.Status for
// `status --json`, conflicts.Agreement for `agreement --json`, and so
// on), and the HTML names that command and the number's place in its JSON
// beside the number (data-src), so that each can be traced and checked.
package report

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// Options choose what the report may hold.
type Options struct {
	// Draft writes the report of a review that is not finished, its
	// PRISMA figure marked as a draft (as `prisma --svg --draft`).
	Draft bool
	// MaxMaps caps the evidence maps drawn (0: DefaultMaxMaps).
	MaxMaps int
	// Now is the time the report is made (zero: time.Now).
	Now time.Time
}

// DefaultMaxMaps is how many evidence maps a report draws at most.
const DefaultMaxMaps = 10

// ErrNotFinished refuses the report of a review still being screened
// (prisma.CheckFinal),
// unless it is asked for as a draft.
var ErrNotFinished = prisma.ErrNotFinished

// Report is the review at a glance.
type Report struct {
	Title     string
	Generated time.Time
	Lead      string // who made it
	Draft     bool

	Flow     *prisma.Flow
	FlowSVG  template.HTML
	FlowRows []prisma.Row

	Searches []review.Search

	Status     []review.StageStatus
	Agreement  []*conflicts.Report // per stage with decisions in common
	Pilots     []*conflicts.Report
	Stop       *Stop
	Charting   *Charting
	Simulation *Simulation
}

// Stop is how title-abstract screening was stopped, as logged.
type Stop struct {
	By     string
	Detail string // the rule, with the figures of buscar when it was the rule
	// Path is the event's place in `winnow log --json`: a JSON Pointer
	// whose step "?action=stop" is the last element with that action.
	Path string
}

// Charting is the charting part: each field's summary and bar chart, and
// the evidence maps.
type Charting struct {
	// Note says why there is no charting, when there is none.
	Note    string
	Summary *charting.Summary
	Bars    []template.HTML // one per Summary.Fields
	Maps    []*charting.Cross
	MapSVGs []template.HTML
	// Omitted counts the pairs of fields not drawn (over MaxMaps).
	Omitted int
}

// Simulation is `simulate --from-review` on the review, for a review
// screened in prioritised order.
type Simulation struct {
	Sim      *rank.Simulation
	CurveSVG template.HTML
	// Note says why there is no simulation, when there is none.
	Note string
}

// Build assembles the report of a review as viewer (a lead's view while
// the review is blind).
func Build(ctx context.Context, st *store.Store, viewer review.Viewer, o Options) (*Report, error) {
	if err := conflicts.CheckViewer(viewer, "report"); err != nil {
		return nil, err
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.MaxMaps == 0 {
		o.MaxMaps = DefaultMaxMaps
	}
	r := &Report{Generated: o.Now, Lead: viewer.Name, Draft: o.Draft}
	var err error
	if r.Title, err = st.Setting(ctx, "title"); err != nil {
		return nil, err
	}

	// The flow, as `prisma --json`.
	if r.Flow, err = prisma.Derive(ctx, st); err != nil {
		return nil, err
	}
	if err := prisma.CheckFinal(r.Flow, "the report", o.Draft); err != nil {
		return nil, err
	}
	var svg bytes.Buffer
	if err := prisma.WriteSVG(&svg, r.Flow, prisma.SVGOptions{Text: font.Embedded}); err != nil {
		return nil, err
	}
	r.FlowSVG = inline(svg.Bytes())
	r.FlowRows = prisma.Rows(r.Flow)

	// The searches, as `sources --files --json`.
	if r.Searches, err = st.Searches(ctx); err != nil {
		return nil, err
	}

	// Screening, as `status --json`, `agreement --json` and `log --json`.
	if r.Status, err = screening.Status(ctx, st, viewer); err != nil {
		return nil, err
	}
	for _, stage := range review.Stages {
		rep, err := conflicts.Agreement(ctx, st, viewer, conflicts.Options{Stage: stage})
		if err != nil {
			return nil, err
		}
		r.Agreement = append(r.Agreement, rep)
		pilot, err := st.Pilot(ctx, stage)
		if err != nil {
			return nil, err
		}
		if len(pilot) > 0 {
			rep, err := conflicts.Agreement(ctx, st, viewer, conflicts.Options{Stage: stage, Pilot: true})
			if err != nil {
				return nil, err
			}
			r.Pilots = append(r.Pilots, rep)
		}
	}
	if r.Stop, err = stopOf(ctx, st); err != nil {
		return nil, err
	}

	if r.Charting, err = chart(ctx, st, viewer, o.MaxMaps); err != nil {
		return nil, err
	}
	if r.Simulation, err = simulate(ctx, st, viewer); err != nil {
		return nil, err
	}
	return r, nil
}

// stopOf reads the stop of title-abstract screening from the log, nil
// when screening was not stopped. A stage is stopped once, by one lead.
func stopOf(ctx context.Context, st *store.Store) (*Stop, error) {
	stops, err := st.LatestEvents(ctx, "stop")
	if err != nil {
		return nil, err
	}
	for by, detail := range stops {
		return &Stop{By: by, Detail: detail, Path: "/?action=stop/detail"}, nil
	}
	return nil, nil
}

// chart summarises every choice and multichoice field, as `chart summary
// --json`, and draws the evidence maps of the pairs of those fields in
// the form's order, as `chart map A B --json`, up to maxMaps.
func chart(ctx context.Context, st *store.Store, viewer review.Viewer, maxMaps int) (*Charting, error) {
	c, err := charting.Load(ctx, st, viewer)
	if errors.Is(err, store.ErrNoForm) {
		return &Charting{Note: "No charting form is installed: the review has no charting yet."}, nil
	}
	if err != nil {
		return nil, err
	}
	out := &Charting{}
	if out.Summary, err = c.Summary(charting.SummaryOptions{}); err != nil {
		return nil, err
	}
	if out.Summary.Studies == 0 {
		out.Note = "No study is included at full text yet: charting starts from the included studies."
		return out, nil
	}
	for _, fs := range out.Summary.Fields {
		var b bytes.Buffer
		if err := charting.WriteFieldSVG(&b, fs, font.Embedded); err != nil {
			return nil, err
		}
		out.Bars = append(out.Bars, inline(b.Bytes()))
	}
	for _, p := range MapPairs(c.Form.Form) {
		if len(out.Maps) == maxMaps {
			out.Omitted++
			continue
		}
		sum, err := c.Summary(charting.SummaryOptions{Field: p[0], By: p[1]})
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := charting.WriteMapSVG(&b, sum.Cross, font.Embedded); err != nil {
			return nil, err
		}
		out.Maps = append(out.Maps, sum.Cross)
		out.MapSVGs = append(out.MapSVGs, inline(b.Bytes()))
	}
	return out, nil
}

// MapPairs are the pairs of fields a report draws evidence maps of: every
// pair of choice and multichoice fields, in the form's order, the
// smallest maps first, so that a cap on their number drops the largest
// (on the Rainbow form, study design by level of integration is among
// the first).
func MapPairs(f *charting.Form) [][2]string {
	var fields []charting.Field
	for _, fl := range f.Fields {
		if fl.Type.HasOptions() {
			fields = append(fields, fl)
		}
	}
	type pair struct {
		ids   [2]string
		cells int
		at    int
	}
	var ps []pair
	for i, a := range fields {
		for _, b := range fields[i+1:] {
			ps = append(ps, pair{[2]string{a.ID, b.ID}, len(a.Options) * len(b.Options), len(ps)})
		}
	}
	slices.SortStableFunc(ps, func(a, b pair) int { return a.cells - b.cells })
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = p.ids
	}
	return out
}

// simulate replays the review in prioritised order, as `simulate
// --from-review --json` with its default settings, when some screener's
// queue was ranked.
func simulate(ctx context.Context, st *store.Store, viewer review.Viewer) (*Simulation, error) {
	ranks, err := st.LatestEvents(ctx, screening.RankAction)
	if err != nil || len(ranks) == 0 {
		return nil, err
	}
	recs, err := screening.ReviewLabels(ctx, st, viewer)
	if err != nil {
		return nil, err
	}
	docs, labels := rank.Docs(recs)
	o, err := rank.ReplayOptions(rank.PresetDefault)
	if err != nil {
		return nil, err
	}
	sim, err := rank.Simulate(docs, labels, o)
	if err != nil {
		// Too few decisions to replay (no inclusion yet, say): the
		// report says so rather than failing.
		return &Simulation{Note: "The recall curve cannot be drawn yet: " + err.Error() + "."}, nil
	}
	var b bytes.Buffer
	if err := rank.WriteCurveSVG(&b, sim, rank.CurveOptions{Title: "Recall curve: this review", Text: font.Embedded}); err != nil {
		return nil, err
	}
	return &Simulation{Sim: sim, CurveSVG: inline(b.Bytes())}, nil
}

// inline makes a standalone SVG file an element of an HTML page: the XML
// declaration has no place there. The SVG is winnow's own drawing, its
// text escaped by the figure writers.
func inline(svg []byte) template.HTML {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	return template.HTML(strings.TrimSpace(string(svg))) //nolint:gosec // our own SVG, its text escaped by package font
}
