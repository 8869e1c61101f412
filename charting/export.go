package charting

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/export"
	"github.com/winnow-review/winnow/review/store"
)

// ExportOptions choose what `chart export` writes.
type ExportOptions struct {
	Format string // "csv" or "json"
	// Reviewers writes each reviewer's answers (one row per study and
	// reviewer: the layout `chart import` reads) instead of the
	// consensus.
	Reviewers bool
}

// exportExtensions maps the extensions of file names to the formats
// chart export writes.
var exportExtensions = map[string]string{".csv": "csv", ".json": "json"}

// ExportFormat settles the format chart export writes to file ("" or
// "-": stdout): the one given ("" for none), else the one the file's
// extension names (.csv, .json), else CSV; a given format the name
// contradicts is an *export.NameError (see export.ChooseFormat).
func ExportFormat(given, file string) (string, error) {
	given = strings.ToLower(strings.TrimSpace(given))
	if given != "" && given != "csv" && given != "json" {
		return "", review.Refuse(export.ErrBadFormat, "format %q: give csv or json", given)
	}
	return export.ChooseFormat(given, file, exportExtensions, "csv")
}

// exportedStudy is one row of the JSON export.
type exportedStudy struct {
	Record   int64            `json:"record"`
	Reviewer string           `json:"reviewer,omitempty"`
	Title    string           `json:"title"`
	Authors  string           `json:"authors"`
	Year     int              `json:"year,omitempty"`
	Journal  string           `json:"journal,omitempty"`
	DOI      string           `json:"doi,omitempty"`
	Answers  map[string]Value `json:"answers"`
}

// Export writes one row per included study, with the record's
// bibliographic fields and the consensus answers (a lead's view while the
// review is blind), or with Reviewers one row per study and reviewer
// (only the viewer's own while blind). CSV cells that could start a
// spreadsheet formula are neutralised. It returns the rows written.
func Export(ctx context.Context, st *store.Store, viewer review.Viewer, w io.Writer, o ExportOptions) (int, error) {
	if o.Format != "csv" && o.Format != "json" {
		return 0, fmt.Errorf("format %q: give csv or json", o.Format)
	}
	if !o.Reviewers {
		if err := CheckViewer(viewer, "chart export (the consensus)"); err != nil {
			return 0, err
		}
	}
	c, err := Load(ctx, st, viewer)
	if err != nil {
		return 0, err
	}
	var rows []exportedStudy
	for i := range c.Studies {
		s := &c.Studies[i]
		base := exportedStudy{Record: s.Record.ID, Title: s.Record.Title, Authors: authors(s.Record), Year: s.Record.Year,
			Journal: s.Record.Journal, DOI: s.Record.DOI}
		if !o.Reviewers {
			base.Answers = s.Consensus
			rows = append(rows, base)
			continue
		}
		var names []string
		seen := map[string]bool{}
		for _, fl := range c.Form.Form.Fields {
			for r := range s.Answers[fl.ID] {
				if !seen[r] {
					seen[r] = true
					names = append(names, r)
				}
			}
		}
		slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		for _, r := range names {
			row := base
			row.Reviewer, row.Answers = r, map[string]Value{}
			for _, fl := range c.Form.Form.Fields {
				if v, ok := s.Answers[fl.ID][r]; ok {
					row.Answers[fl.ID] = v
				}
			}
			rows = append(rows, row)
		}
	}
	if o.Format == "json" {
		if rows == nil {
			rows = []exportedStudy{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return len(rows), enc.Encode(rows)
	}
	cw := csv.NewWriter(w)
	header := []string{"record"}
	if o.Reviewers {
		header = append(header, "reviewer")
	}
	header = append(header, "title", "authors", "year", "journal", "doi")
	for _, fl := range c.Form.Form.Fields {
		header = append(header, fl.ID)
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	for _, r := range rows {
		year := ""
		if r.Year != 0 {
			year = strconv.Itoa(r.Year)
		}
		cells := []string{strconv.FormatInt(r.Record, 10)}
		if o.Reviewers {
			cells = append(cells, r.Reviewer)
		}
		cells = append(cells, r.Title, r.Authors, year, r.Journal, r.DOI)
		for _, fl := range c.Form.Form.Fields {
			cells = append(cells, string(r.Answers[fl.ID]))
		}
		for i := range cells {
			cells[i] = export.Neutralise(cells[i])
		}
		if err := cw.Write(cells); err != nil {
			return 0, err
		}
	}
	cw.Flush()
	return len(rows), cw.Error()
}

func authors(r *review.Record) string {
	names := make([]string, len(r.Authors))
	for i, a := range r.Authors {
		names[i] = a.String()
	}
	return strings.Join(names, "; ")
}
