// Package export writes the records of a set (included at full text,
// excluded, gone on to full text, excluded at full text, or every record)
// as RIS, BibTeX or CSV: the reference list of a review, the list of
// excluded studies with their reasons (PRISMA item 16b), or the whole
// screening as a table.
//
// RIS and BibTeX are written from a record's raw import text when the
// record came from a file of that same format, so that a reference manager
// gets back exactly what it exported; otherwise they are generated from
// the normalised fields. Either way a record written reads back into
// winnow with the same title, authors, year, DOI and journal: a raw
// BibTeX entry that would not (one using its file's @string macros) is
// generated instead. One loss remains in generated RIS: RIS cannot mark a
// group author, so a name such as "King's Fund" that does not look like
// an organisation reads back split into family and given names.
//
// While the review is blind every set but all shows outcomes, which tell
// how the screeners decided: it is then a lead's view. The CSV carries
// outcomes, reasons and every screener's decisions only for a viewer who
// may see them all.
//
// Shell usage:
//
//	winnow --reviewer alice export --set included --format ris -o included.ris
//	winnow --reviewer alice export --set ft-excluded --format csv > excluded.csv
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/store"
)

// Set names the records an export writes (cluster primaries, in record
// order).
type Set = store.ExportSet

// Format is the format an export writes.
type Format string

// The formats export writes.
const (
	RIS    Format = "ris"
	BibTeX Format = "bibtex"
	CSV    Format = "csv"
)

// Formats lists the formats in the order help and errors name them.
var Formats = []Format{RIS, BibTeX, CSV}

// ErrBadSet and ErrBadFormat are what ParseSet and ParseFormat refuse.
var (
	ErrBadSet    = errors.New("unknown set")
	ErrBadFormat = errors.New("unknown export format")
)

// ParseSet reads a --set value.
func ParseSet(s string) (Set, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, set := range store.ExportSets {
		if string(set) == s {
			return set, nil
		}
	}
	names := make([]string, len(store.ExportSets))
	for i, set := range store.ExportSets {
		names[i] = string(set)
	}
	if s == "" {
		return "", review.RefuseFix(ErrBadSet, review.FixSayWhichSet, strings.Join(names, ", "), "say which records to export: %s", strings.Join(names, ", "))
	}
	return "", review.Refuse(ErrBadSet, "set %q: give one of %s", s, strings.Join(names, ", "))
}

// ParseFormat reads a --format value ("bib" is BibTeX).
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "bib" {
		return BibTeX, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", review.Refuse(ErrBadFormat, "format %q: give ris, bibtex or csv", s)
}

// Options say what to export.
type Options struct {
	Set    Set
	Format Format
	// Stage, with the excluded set, keeps only the records excluded at
	// that stage; empty keeps both.
	Stage review.Stage
}

// ErrStageNeedsExcluded is a stage given with a set other than excluded.
var ErrStageNeedsExcluded = errors.New("a stage goes with the excluded set")

// Write writes the records of a set to w and returns how many it wrote.
// viewer is who exports: while the review is blind only a lead may export
// a set other than all, and only a viewer who sees every decision gets
// the CSV's outcome and decision columns.
func Write(ctx context.Context, st *store.Store, viewer review.Viewer, w io.Writer, opt Options) (int, error) {
	if opt.Stage != "" && opt.Set != store.ExportExcluded {
		return 0, review.RefuseFix(ErrStageNeedsExcluded, review.FixStageExcluded, "", "a stage goes with the excluded set only (to keep the records excluded at one stage)")
	}
	if opt.Set != store.ExportAll {
		if err := review.CheckLead(viewer, "export", string(opt.Set), conflicts.WouldShow); err != nil {
			return 0, err
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var out recordWriter
	switch opt.Format {
	case RIS:
		out = &risWriter{w: bw}
	case BibTeX:
		out = &bibWriter{w: bw, keys: map[string]bool{}}
	case CSV:
		team, err := st.Team(ctx)
		if err != nil {
			return 0, err
		}
		var names []string
		for _, r := range team {
			names = append(names, r.Name)
		}
		c := newCSVWriter(bw, opt.Set, viewer.SeesAll(), names)
		c.votes = func(id int64) ([]review.Vote, error) { return st.VotesOn(ctx, id, viewer) }
		if viewer.SeesAll() {
			if c.labels, err = st.ClusterLabels(ctx); err != nil {
				return 0, err
			}
		}
		out = c
	default:
		return 0, review.Refuse(ErrBadFormat, "format %q: give ris, bibtex or csv", opt.Format)
	}
	n := 0
	q := store.ExportQuery{Set: opt.Set, Stage: opt.Stage, Raw: opt.Format != CSV}
	err := st.EachExport(ctx, q, func(e *store.Exported) error {
		e.Record.Raw = viewer.Raw(e.Record.Raw)
		if err := out.write(e); err != nil {
			return fmt.Errorf("record %d: %w", e.Record.ID, err)
		}
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	if err := out.close(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// recordWriter writes records in one format.
type recordWriter interface {
	write(e *store.Exported) error
	// close writes what follows the last record.
	close() error
}

// same reports whether a record read back from a raw text is the record
// as imported, on the fields that say which work it is. A raw text read
// alone can differ from the same text read in its file: a BibTeX entry
// may use the file's @string macros.
func same(a, b *review.Record) bool {
	if a.Title != b.Title || a.Year != b.Year || a.Journal != b.Journal || a.Volume != b.Volume ||
		a.Issue != b.Issue || a.Pages != b.Pages || a.DOI != b.DOI || a.PMID != b.PMID || len(a.Authors) != len(b.Authors) {
		return false
	}
	for i := range a.Authors {
		if a.Authors[i] != b.Authors[i] {
			return false
		}
	}
	return true
}

// oneLine puts a field on one line: line breaks, tabs and runs of spaces
// become one space. Other characters, control characters included, go
// out as they are: a file is not a terminal.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\r' || r == '\t'
	}), " ")
}
