package charting

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Summary is the table of a paper: for each choice and multichoice field,
// how many included studies have each value, over the studies with a
// consensus answer on that field.
type Summary struct {
	// Studies is the number of included studies.
	Studies int            `json:"studies"`
	Fields  []FieldSummary `json:"fields"`
	// Cross is the cross-tabulation of two fields (--by), when asked.
	Cross *Cross `json:"cross,omitempty"`
}

// FieldSummary counts one field's values.
type FieldSummary struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Type  Type   `json:"type"`
	// N is the studies with a consensus on the field, Missing the
	// included studies without one (not reported, or not agreed yet).
	N       int     `json:"n"`
	Missing int     `json:"missing"`
	Values  []Count `json:"values"`
	// Combinations are the sets of options the studies have, for a
	// multichoice field: "macro only", "macro + meso + micro".
	Combinations []Combination `json:"-"`
}

// MarshalJSON writes the combinations of a multichoice field even when
// there are none, and none for the other fields.
func (fs FieldSummary) MarshalJSON() ([]byte, error) {
	type plain FieldSummary
	out := struct {
		plain
		Combinations *[]Combination `json:"combinations,omitempty"`
	}{plain: plain(fs)}
	if fs.Type == MultiChoice {
		c := fs.Combinations
		if c == nil {
			c = []Combination{}
		}
		out.Combinations = &c
	}
	return json.Marshal(out)
}

// Count is how many studies have a value, and their percentage of N
// (0 to 100, unrounded).
type Count struct {
	Value   string  `json:"value"`
	N       int     `json:"n"`
	Percent float64 `json:"percent"`
}

// Combination is how many studies have exactly a set of options.
type Combination struct {
	Values  []string `json:"values"`
	N       int      `json:"n"`
	Percent float64  `json:"percent"`
}

// Cross counts the studies with each pair of values of two fields, over
// the studies with a consensus on both.
type Cross struct {
	Field string `json:"field"`
	By    string `json:"by"`
	N     int    `json:"n"`
	// Rows are the values of Field (in the form's order), Columns those
	// of By; Cells[i][j] counts the studies with both (a multichoice
	// study counts under each of its options).
	Rows    []string `json:"rows"`
	Columns []string `json:"columns"`
	Cells   [][]int  `json:"cells"`
	// RowTotals count the studies with each value of Field (of the N),
	// ColumnTotals those with each value of By: a multichoice study
	// counts once under each of its options, so they can add up to more
	// than N.
	RowTotals    []int `json:"row_totals"`
	ColumnTotals []int `json:"column_totals"`
	// FieldLabel and ByLabel are the fields' labels on the form.
	FieldLabel string `json:"field_label"`
	ByLabel    string `json:"by_label"`
}

// Percent is k studies as a percentage of the N (0 to 100, unrounded),
// as the summary gives its percentages.
func (x *Cross) Percent(k int) float64 { return percent(k, x.N) }

// SummaryOptions choose what to summarise.
type SummaryOptions struct {
	Field string // one field; "" for every choice and multichoice field
	By    string // cross-tabulate Field by this field
}

// Summarise computes the summary of a charting (a lead's view while the
// review is blind).
func Summarise(ctx context.Context, st *store.Store, viewer review.Viewer, o SummaryOptions) (*Summary, error) {
	if err := CheckViewer(viewer, "chart summary"); err != nil {
		return nil, err
	}
	c, err := Load(ctx, st, viewer)
	if err != nil {
		return nil, err
	}
	return c.Summary(o)
}

// Summary computes the summary from the consensus answers.
func (c *Charting) Summary(o SummaryOptions) (*Summary, error) {
	form := c.Form.Form
	var fields []*Field
	if o.Field != "" {
		fl := form.Field(o.Field)
		if fl == nil {
			return nil, fmt.Errorf("no field %q on the form: the fields are %s", o.Field, fieldList(form))
		}
		if !fl.Type.HasOptions() {
			return nil, fmt.Errorf("%s is a %s field: a summary counts the values of choice and multichoice fields", fl.ID, fl.Type)
		}
		fields = append(fields, fl)
	} else {
		for i := range form.Fields {
			if form.Fields[i].Type.HasOptions() {
				fields = append(fields, &form.Fields[i])
			}
		}
	}
	sum := &Summary{Studies: len(c.Studies), Fields: []FieldSummary{}}
	for _, fl := range fields {
		sum.Fields = append(sum.Fields, c.summariseField(fl))
	}
	if o.By != "" {
		if o.Field == "" {
			return nil, review.RefuseFix(nil, review.FixFieldForBy, o.By, "a cross-tabulation needs a field: name the field to cross-tabulate by %s", o.By)
		}
		by := form.Field(o.By)
		if by == nil {
			return nil, fmt.Errorf("no field %q on the form: the fields are %s", o.By, fieldList(form))
		}
		if !by.Type.HasOptions() {
			return nil, fmt.Errorf("%s is a %s field: cross-tabulate by a choice or multichoice field", by.ID, by.Type)
		}
		sum.Cross = c.cross(fields[0], by)
	}
	return sum, nil
}

func percent(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) * 100 / float64(n)
}

func (c *Charting) summariseField(fl *Field) FieldSummary {
	fs := FieldSummary{Field: fl.ID, Label: fl.Label, Type: fl.Type}
	counts := map[string]int{}
	combos := map[string]int{}
	for i := range c.Studies {
		v, ok := c.Studies[i].Consensus[fl.ID]
		if !ok || v == "" {
			fs.Missing++
			continue
		}
		fs.N++
		for _, o := range v.Options() {
			counts[o]++
		}
		if fl.Type == MultiChoice {
			combos[string(v)]++
		}
	}
	order := func(opt string) int { return slices.Index(fl.Options, opt) }
	for _, o := range fl.Options {
		fs.Values = append(fs.Values, Count{Value: o, N: counts[o], Percent: percent(counts[o], fs.N)})
	}
	slices.SortStableFunc(fs.Values, func(a, b Count) int { return cmp.Compare(b.N, a.N) })
	if fl.Type == MultiChoice {
		fs.Combinations = []Combination{}
		for v, n := range combos {
			fs.Combinations = append(fs.Combinations, Combination{Values: Value(v).Options(), N: n, Percent: percent(n, fs.N)})
		}
		slices.SortFunc(fs.Combinations, func(a, b Combination) int {
			if c := cmp.Compare(b.N, a.N); c != 0 {
				return c
			}
			if c := cmp.Compare(len(a.Values), len(b.Values)); c != 0 {
				return c
			}
			for i := range a.Values {
				if c := cmp.Compare(order(a.Values[i]), order(b.Values[i])); c != 0 {
					return c
				}
			}
			return 0
		})
	}
	return fs
}

func (c *Charting) cross(fl, by *Field) *Cross {
	x := &Cross{Field: fl.ID, By: by.ID, Rows: fl.Options, Columns: by.Options, FieldLabel: fl.Label, ByLabel: by.Label,
		RowTotals: make([]int, len(fl.Options)), ColumnTotals: make([]int, len(by.Options))}
	x.Cells = make([][]int, len(fl.Options))
	for i := range x.Cells {
		x.Cells[i] = make([]int, len(by.Options))
	}
	for i := range c.Studies {
		a, okA := c.Studies[i].Consensus[fl.ID]
		b, okB := c.Studies[i].Consensus[by.ID]
		if !okA || !okB || a == "" || b == "" {
			continue
		}
		x.N++
		for _, va := range a.Options() {
			if ri := slices.Index(fl.Options, va); ri >= 0 {
				x.RowTotals[ri]++
			}
		}
		for _, vb := range b.Options() {
			if ci := slices.Index(by.Options, vb); ci >= 0 {
				x.ColumnTotals[ci]++
			}
		}
		for _, va := range a.Options() {
			for _, vb := range b.Options() {
				ri, ci := slices.Index(fl.Options, va), slices.Index(by.Options, vb)
				if ri >= 0 && ci >= 0 {
					x.Cells[ri][ci]++
				}
			}
		}
	}
	return x
}

// CombinationLabel names a set of options as a paper would: "macro only",
// "meso + micro".
func CombinationLabel(values []string) string {
	if len(values) == 1 {
		return values[0] + " only"
	}
	return strings.Join(values, " + ")
}
