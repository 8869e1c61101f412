package recordview

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

// CompareField is a line of the side-by-side view of two records: a
// label and the record's value.
type CompareField struct {
	Label string
	Value func(*review.Record) string
}

// BibFields are what a person needs to tell whether two records are the
// same work: the record's number and source, title, authors, year,
// journal and DOI. Only bibliographic fields: nothing anyone decided.
var BibFields = []CompareField{
	{"Record", func(r *review.Record) string { return strconv.FormatInt(r.ID, 10) + " · " + r.Source }},
	{"Title", (*review.Record).DisplayTitle},
	{"Authors", (*review.Record).AuthorNames},
	{"Year", func(r *review.Record) string {
		if r.Year == 0 {
			return ""
		}
		return strconv.Itoa(r.Year)
	}},
	{"Journal", func(r *review.Record) string { return r.Journal }},
	{"DOI", func(r *review.Record) string { return r.DOI }},
}

// AllFields are BibFields and the rest of the citation, the PMID and the
// type, for `dedup review`.
var AllFields = append(append([]CompareField(nil), BibFields...),
	CompareField{"Citation", func(r *review.Record) string {
		var cite []string
		if r.Volume != "" {
			cite = append(cite, "vol "+r.Volume)
		}
		if r.Issue != "" {
			cite = append(cite, "no "+r.Issue)
		}
		if r.Pages != "" {
			cite = append(cite, "pp "+r.Pages)
		}
		return strings.Join(cite, ", ")
	}},
	CompareField{"PMID", func(r *review.Record) string { return r.PMID }},
	CompareField{"Type", func(r *review.Record) string { return r.Type }},
)

// differStyle marks the values that differ, in colour.
var differStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("3"))

// Compare draws two records side by side in width columns, a field to a
// row, each value wrapped in its column; a row whose values differ is
// marked "≠" (and coloured when color is on). The first field names the
// records and is never marked.
func Compare(a, b *review.Record, fields []CompareField, width int, color bool) []string {
	col := max(10, (width-5)/2)
	var out []string
	for i, f := range fields {
		l, r := "(missing)", "(missing)"
		if a != nil {
			l = f.Value(a)
		}
		if b != nil {
			r = f.Value(b)
		}
		differ := i > 0 && l != r
		left := strings.Split(ansi.Wrap(ui.SafeLine(f.Label+": "+l), col, ""), "\n")
		right := strings.Split(ansi.Wrap(ui.SafeLine(f.Label+": "+r), col, ""), "\n")
		mark := "  "
		if differ {
			mark = "≠ "
		}
		for j := range max(len(left), len(right)) {
			var x, y string
			if j < len(left) {
				x = left[j]
			}
			if j < len(right) {
				y = right[j]
			}
			x += strings.Repeat(" ", max(0, col-ansi.StringWidth(x)))
			if differ && color {
				x, y = differStyle.Render(x), differStyle.Render(y)
			}
			out = append(out, mark+x+" │ "+y)
			mark = "  "
		}
	}
	return out
}
