package charting

import (
	"context"
	"fmt"
	"io"

	"github.com/winnow-review/winnow/internal/figure/chart"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// EvidenceMap cross-tabulates two choice or multichoice fields over the
// included studies with a consensus on both, with the totals of each row
// and column: the counts of `chart summary --field A --by B` (a lead's
// view while the review is blind).
func EvidenceMap(ctx context.Context, st *store.Store, viewer review.Viewer, field, by string) (*Cross, error) {
	if err := CheckViewer(viewer, "chart map"); err != nil {
		return nil, err
	}
	c, err := Load(ctx, st, viewer)
	if err != nil {
		return nil, err
	}
	sum, err := c.Summary(SummaryOptions{Field: field, By: by})
	if err != nil {
		return nil, err
	}
	return sum.Cross, nil
}

// WriteMapSVG draws the evidence map of a cross-tabulation: a bubble per
// pair of categories, its area proportional to the studies in it, with
// the totals of each row and column and their percentages of the studies
// with both fields.
func WriteMapSVG(w io.Writer, x *Cross, mode font.Mode) error {
	m := chart.Map{
		Title:       fmt.Sprintf("%s by %s", x.FieldLabel, x.ByLabel),
		RowTitle:    x.FieldLabel,
		ColumnTitle: x.ByLabel,
		Rows:        x.Rows,
		Columns:     x.Columns,
		Cells:       x.Cells,
		RowTotals:   x.RowTotals,
		ColTotals:   x.ColumnTotals,
		N:           x.N,
		Note: fmt.Sprintf("Included studies with an agreed answer on both fields (n = %d). Bubble area is proportional to the number of studies; "+
			"percentages are of n. A study with several options counts once under each.", x.N),
	}
	for i, row := range x.Cells {
		ps := make([]float64, len(row))
		for j, k := range row {
			ps[j] = x.Percent(k)
		}
		m.Percents = append(m.Percents, ps)
		m.RowPercents = append(m.RowPercents, x.Percent(x.RowTotals[i]))
	}
	for _, k := range x.ColumnTotals {
		m.ColPercents = append(m.ColPercents, x.Percent(k))
	}
	return chart.WriteMapSVG(w, m, mode)
}

// WriteFieldSVG draws one field's summary as a bar chart: each value's
// studies and their percentage of n, the studies with a consensus on the
// field.
func WriteFieldSVG(w io.Writer, fs FieldSummary, mode font.Mode) error {
	b := chart.Bars{
		Title: fmt.Sprintf("%s (n = %d)", fs.Label, fs.N),
		N:     fs.N,
		Note:  fmt.Sprintf("Included studies with an agreed answer (n = %d; missing %d). Percentages are of n.", fs.N, fs.Missing),
	}
	if fs.Type == MultiChoice {
		b.Note += " A study with several options counts once under each."
	}
	for _, v := range fs.Values {
		b.Bars = append(b.Bars, chart.Bar{Label: v.Value, N: v.N, Percent: v.Percent})
	}
	return chart.WriteBarsSVG(w, b, mode)
}
