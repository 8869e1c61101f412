package ui

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/winnow-review/winnow/internal/csvcell"
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

	// stream, when set (Stream), is where rows go as they come, and
	// streamed how many went.
	stream   *bufio.Writer
	streamed int
	err      error
}

// Stream has the rows written as they come when s's output is not a
// terminal (the tab-separated lines Print would write, the same bytes),
// so that a long listing into a pipe holds no rows; Print then ends it.
// On a terminal the rows are kept, to be fitted to its width.
func (t *Table) Stream(s *Streams) {
	if !s.StdoutTTY {
		t.stream = bufio.NewWriterSize(s.Out, 64<<10)
	}
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
	if t.stream != nil {
		if t.err != nil {
			return
		}
		if t.streamed == 0 {
			t.stream.WriteString(strings.Join(t.headers, "\t"))
			t.stream.WriteByte('\n')
		}
		t.streamed++
		t.stream.WriteString(strings.Join(row, "\t"))
		_, t.err = t.stream.WriteString("\n")
		return
	}
	t.rows = append(t.rows, row)
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) + t.streamed }

// Print writes the table to s.Out (for a streamed table, what is left of
// it).
func (t *Table) Print(s *Streams) error {
	if t.stream != nil {
		if t.err != nil {
			return t.err
		}
		return t.stream.Flush()
	}
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

// Format is how a listing prints: a table for people (the default),
// Markdown for a paper's source (Quarto, R Markdown, pandoc to Word), or
// CSV for a spreadsheet or R.
type Format string

const (
	FormatTable    Format = "table"
	FormatMarkdown Format = "md"
	FormatCSV      Format = "csv"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatTable, FormatMarkdown, FormatCSV:
		return f, nil
	case "":
		return FormatTable, nil
	case "markdown":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("format %q: give table, md or csv", s)
}

// PrintAs writes the table in the format: Print's table, a Markdown pipe
// table, or CSV.
func (t *Table) PrintAs(s *Streams, f Format) error {
	switch f {
	case FormatMarkdown:
		return t.Markdown(s.Out)
	case FormatCSV:
		return t.CSV(s.Out)
	}
	return t.Print(s)
}

// Markdown writes the table as a pipe table, which GitHub, pandoc, Quarto
// and R Markdown all read; a | in a cell is escaped.
func (t *Table) Markdown(w io.Writer) error {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(strings.ReplaceAll(c, "|", `\|`))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	line(t.headers)
	sep := make([]string, len(t.headers))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSV writes the table as RFC 4180 CSV with a header row. A cell that a
// spreadsheet could read as a formula gets a leading apostrophe
// (csvcell.Neutralise); a cell that is a plain number, such as a negative
// kappa, is a number and is left as it is.
func (t *Table) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.headers); err != nil {
		return err
	}
	for _, r := range t.rows {
		row := make([]string, len(r))
		for i, c := range r {
			if _, err := strconv.ParseFloat(c, 64); err == nil {
				row[i] = c
			} else {
				row[i] = csvcell.Neutralise(c)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
