package recordview

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

// titleLines is the most lines a title takes; a longer one is cut with
// "…".
const titleLines = 3

// Lay wraps a record's title and abstract to the width with the highlight
// terms marked: the title bold, in at most three lines (a longer one cut
// with "…"), and the abstract, or "(no abstract)".
func Lay(r *review.Record, terms []review.Highlight, width int, color bool) (title, abstract []string) {
	title = highlight(ui.SafeLine(r.DisplayTitle()), terms, width, color, Bold)
	if len(title) > titleLines {
		title = title[:titleLines]
		title[titleLines-1] = ansi.Truncate(title[titleLines-1]+" …", width-1, "…")
	}
	text := strings.TrimSpace(ui.Safe(r.Abstract))
	if text == "" {
		return title, []string{"(no abstract)"}
	}
	return title, highlight(text, terms, width, color, lipgloss.NewStyle())
}

// Fields are the lines under a record's title, each left out when it has
// nothing to say: the authors; the year and citation; the DOI and PMID;
// "full text: " and fullText, unless fullText is ""; and the records of
// its cluster, when it has duplicates.
func Fields(r *review.Record, fullText string, cluster []int64) []string {
	var lines []string
	if a := ui.SafeLine(r.AuthorNames()); a != "" {
		lines = append(lines, a)
	}
	var cite []string
	if r.Year != 0 {
		cite = append(cite, strconv.Itoa(r.Year))
	}
	if j := citation(r); j != "" {
		cite = append(cite, j)
	}
	if len(cite) > 0 {
		lines = append(lines, strings.Join(cite, " · "))
	}
	var ids []string
	if r.DOI != "" {
		ids = append(ids, "doi:"+ui.SafeLine(r.DOI))
	}
	if r.PMID != "" {
		ids = append(ids, "pmid:"+ui.SafeLine(r.PMID))
	}
	if len(ids) > 0 {
		lines = append(lines, strings.Join(ids, " · "))
	}
	if fullText != "" {
		lines = append(lines, "full text: "+fullText)
	}
	if len(cluster) > 1 {
		ids := make([]string, len(cluster))
		for i, id := range cluster {
			ids[i] = strconv.FormatInt(id, 10)
		}
		lines = append(lines, "duplicates: "+strings.Join(ids, ", "))
	}
	return lines
}

// citation gives "Journal 48(3):101-9".
func citation(r *review.Record) string {
	s := ui.SafeLine(r.Journal)
	if r.Volume != "" {
		s = strings.TrimSpace(s + " " + ui.SafeLine(r.Volume))
	}
	if r.Issue != "" {
		s += "(" + ui.SafeLine(r.Issue) + ")"
	}
	if r.Pages != "" {
		s += ":" + ui.SafeLine(r.Pages)
	}
	return s
}

// FullText says where a record's full text stands: "not retrieved", "no
// file attached", or the attached file's name followed by hint (such as
// " (o opens it)").
func FullText(ft *review.FullTextState, hint string) string {
	switch {
	case ft == nil:
		return "no file attached"
	case ft.State == review.NotRetrievedState:
		return "not retrieved"
	case ft.File == "":
		return "no file attached"
	}
	return ui.SafeLine(filepath.Base(ft.File)) + hint
}

// AbstractPage gives the lines of the abstract that an area height lines
// high shows when scrolled to line scroll (the last page at most), and the
// title of the rule over them: "abstract", with the lines shown when not
// all of them fit.
func AbstractPage(abstract []string, scroll, height int) (title string, lines []string) {
	from := max(0, min(scroll, len(abstract)-height))
	end := min(len(abstract), from+height)
	if len(abstract) > height {
		return fmt.Sprintf("abstract · lines %d-%d of %d", from+1, end, len(abstract)), abstract[from:end]
	}
	return "abstract", abstract[from:end]
}
