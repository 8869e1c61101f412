package ui

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table prints rows under a header. On a terminal it is an aligned table
// whose widest column is cut to fit the width; into a pipe it is
// tab-separated lines, uncut, for scripts. Every cell passes through
// SafeLine.
type Table struct {
	headers []string
	rows    [][]string
	// Shrink is the column that gives way when the table is too wide for
	// the terminal (usually the title); -1 for none.
	Shrink int
}

// NewTable starts a table with these column headers.
func NewTable(headers ...string) *Table {
	return &Table{headers: headers, Shrink: -1}
}

// Row adds a row; it must have one cell per header.
func (t *Table) Row(cells ...string) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = SafeLine(c)
	}
	t.rows = append(t.rows, row)
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Print writes the table to s.Out.
func (t *Table) Print(s *Streams) error {
	if !s.StdoutTTY {
		return t.tsv(s.Out)
	}
	if t.Shrink >= 0 && s.Width > 0 {
		t.fit(s.Width)
	}
	tbl := tablewriter.NewTable(s.Out,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenRows: tw.Off, BetweenColumns: tw.On},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tbl.Header(toAny(t.headers)...)
	for _, r := range t.rows {
		if err := tbl.Append(toAny(r)...); err != nil {
			return err
		}
	}
	return tbl.Render()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (t *Table) tsv(w io.Writer) error {
	var b strings.Builder
	b.WriteString(strings.Join(t.headers, "\t"))
	b.WriteByte('\n')
	for _, r := range t.rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fit cuts the Shrink column so that the table fits width columns.
func (t *Table) fit(width int) {
	widths := make([]int, len(t.headers))
	for i, h := range t.headers {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	total := 0
	for _, w := range widths {
		total += w + 3 // padding and separator
	}
	over := total - width
	if over <= 0 {
		return
	}
	limit := max(widths[t.Shrink]-over, 20)
	for _, r := range t.rows {
		r[t.Shrink] = ansi.Truncate(r[t.Shrink], limit, "…")
	}
}

// Fields prints "Label: value" lines with the labels aligned, skipping
// empty values.
func Fields(w io.Writer, pairs [][2]string) error {
	width := 0
	for _, p := range pairs {
		if p[1] != "" {
			width = max(width, len(p[0]))
		}
	}
	var b strings.Builder
	for _, p := range pairs {
		if p[1] == "" {
			continue
		}
		fmt.Fprintf(&b, "%-*s  %s\n", width+1, p[0]+":", SafeLine(p[1]))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
