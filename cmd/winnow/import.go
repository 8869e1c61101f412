package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/importer"
)

// shownWarnings is how many warnings per file an import prints.
const shownWarnings = 20

func newImportCmd(a *app) *cobra.Command {
	var (
		source, kind, format, searched, query string
		skipBad, force, combined              bool
	)
	cmd := &cobra.Command{
		Use:   "import FILE... --source NAME --kind KIND",
		Short: "Import database exports as one search per file",
		Long: `Import export files into the review. Each file becomes a search of the source
(its kind decides its PRISMA column), recorded with its date, query, file name,
SHA-256 and record count.

Formats, detected from the content unless --format says: RIS (PubMed, Ovid,
Embase, Web of Science, Scopus, EBSCO/CINAHL, Cochrane, ProQuest, Zotero,
EndNote, Mendeley), BibTeX, MEDLINE/PubMed .nbib, PubMed XML, Web of Science
plain text, EndNote XML, EndNote tagged (.enw), Ovid's tagged export and its
display layout (saved as text with no export format), CSV and TSV with a header
row (Embase's CSV with fields by row too), Excel workbooks, .xlsx and
Excel 97-2003 .xls such as Web of Science's savedrecs.xls (the first sheet
with a title column, read by the CSV rules; warnings name the sheet and row),
CSL JSON (Zotero's "CSL JSON" export), and RefWorks' tagged format (RefWorks'
export, and databases' "export to RefWorks").
.xlsb and .ods are refused: save them as .xlsx or CSV. Encodings: UTF-8 (with
or without BOM), UTF-16, Windows-1252, Mac Roman, and UTF-8 with Windows-1252
parts (exports of two tools joined into one file).

A pattern such as exports/*.ris is expanded by winnow where the shell does not
(Windows' shells pass it on as written): its files in name order.

All files of one command land in one transaction: a bad record stops the
import with FILE:LINE and leaves the review as it was, unless --skip-bad,
which imports the good records and lists each bad one (a file with no good
record is still an error). Content imported before is refused unless --force.`,
		Example: `  winnow import medline.nbib --source MEDLINE --kind database --searched 2020-06-16
  winnow import embase1.ris embase2.ris --source EMBASE --kind database --query 'integrated care AND aged'
  winnow import opengrey.csv --source Opengrey --kind other
  winnow import experts.bib --source "Topic experts" --kind other --skip-bad`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := importer.Options{Source: source, Query: query, SkipBad: skipBad, Force: force, Combined: combined}
			var err error
			if kind != "" {
				if opt.Kind, err = review.ParseKind(kind); err != nil {
					return usageError{err}
				}
			}
			if opt.Format, err = formats.ParseFormat(format); err != nil {
				return usageError{err}
			}
			if opt.Searched, err = review.ParseSearchDate(searched, time.Now()); err != nil {
				return usageError{fmt.Errorf("--searched: %w", err)}
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			opt.By = by.Name
			bar := a.streams.NewProgress("importing")
			opt.Progress = bar.Set
			files, err := expandGlobs(args)
			if err != nil {
				return err
			}
			results, err := importer.Import(ctx, st, files, opt)
			bar.Done()
			if err != nil {
				return err
			}
			for _, r := range results {
				printImport(a.streams.Err, r)
			}
			return st.Checkpoint(ctx)
		},
	}
	f := cmd.Flags()
	f.StringVar(&source, "source", "", "the database or other source searched, e.g. MEDLINE, EMBASE, Opengrey (required)")
	f.StringVar(&kind, "kind", "", "database, register, website, organisation, citation or other (required)")
	f.StringVar(&format, "format", "auto", "auto, ris, bibtex, medline, pubmed-xml, wos, endnote-xml, enw, csv, tsv, ovid-display, xlsx, xls, csl-json or refworks")
	f.StringVar(&searched, "searched", "", "the date the search was run, YYYY-MM-DD")
	f.StringVar(&query, "query", "", "the search query as run")
	f.BoolVar(&skipBad, "skip-bad", false, "import the good records of a file with bad ones, listing the bad")
	f.BoolVar(&force, "force", false, "import content that was imported before, as a new search")
	f.BoolVar(&combined, "combined", false, "the file is a reference manager's library holding several databases' searches")
	cmd.MarkFlagRequired("source")
	cmd.MarkFlagRequired("kind")
	return cmd
}

func printImport(w io.Writer, r importer.FileResult) {
	s := r.Search
	for i, warn := range r.Warnings {
		if i == shownWarnings {
			fmt.Fprintf(w, "warning: and %d more warnings in %s\n", len(r.Warnings)-shownWarnings+r.MoreWarnings, s.File)
			break
		}
		fmt.Fprintf(w, "warning: %s\n", ui.SafeLine(fix(warn.Fix, warn.String(), "")))
	}
	if len(r.Warnings) <= shownWarnings && r.MoreWarnings > 0 {
		fmt.Fprintf(w, "warning: and %d more warnings in %s\n", r.MoreWarnings, s.File)
	}
	noun := "records"
	if s.Records == 1 {
		noun = "record"
	}
	fmt.Fprintf(w, "imported %d %s from %s (%s, %s)", s.Records, noun, ui.SafeLine(filepath.Base(s.File)), ui.SafeLine(s.Source), s.Kind)
	if len(r.Skipped) == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "; skipped %d bad:\n", len(r.Skipped))
	for _, pe := range r.Skipped {
		fmt.Fprintf(w, "  %s\n", ui.SafeLine(pe.Error()))
	}
}

// expandGlobs expands the patterns among the file arguments ("exports/*.ris")
// that name no file themselves: Windows' shells pass a pattern on as it is
// written, where a Unix shell expands it, and a Unix shell passes on one
// that matched nothing. A pattern that matches nothing is refused naming
// it; the files a pattern matches come in name order.
func expandGlobs(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if _, err := os.Stat(arg); err == nil || !strings.ContainsAny(arg, "*?[") {
			out = append(out, arg)
			continue
		}
		matches, err := filepath.Glob(arg)
		if err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", arg, err)}
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: no file matches it", arg)
		}
		out = append(out, matches...) // filepath.Glob gives them in name order
	}
	return out, nil
}
