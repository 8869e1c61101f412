package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/prisma"
)

func newPrismaCmd(a *app) *cobra.Command {
	var asJSON, scoping, draft bool
	var csvFile, csvVersion, explain string
	var fig figureFlags
	cmd := &cobra.Command{
		Use:   "prisma [--json | --svg FILE | --png FILE [--dpi N] | --pdf FILE | --csv FILE [--csv-version 1.1.4|1.1.1] | --explain KEY]",
		Short: "The PRISMA 2020 flow: every count derived from the review and checked (lead while blind)",
		Long: `Derives every box of the PRISMA 2020 flow diagram from the review and checks
its arithmetic, column by column; a count that does not add up is an error that
names the records involved, never a wrong figure.

Sources of kind database and register form the left column; websites,
organisations, citation searching and other sources the right column ("other
methods"). Records of both columns are screened alike; the template has no
screening box on the right, so there the reports sought are the records that
reached full text, and those excluded on title and abstract are shown as
other_records_excluded.

Records removed before import (by an automation tool or for other reasons) and
a previous version of the review are entered by hand with 'winnow prisma set';
every other count is derived and cannot be entered. Each included record is a
study of its own until 'winnow study link' says that reports belong to one study.

While records still await a decision the flow is a draft: the counts awaiting a
decision are shown, and --svg, --png and --csv need --draft.

  --json         one object, keys named as the PRISMA2020 template's data
  --svg FILE     the flow diagram, a standalone SVG for the paper, with its
                 font inside (a subset of Liberation Sans, which has Arial's
                 widths), so that it reads the same on every machine;
                 --text-outlines draws its text as outlines instead, for
                 programs that ignore embedded fonts (librsvg)
  --png FILE     the flow diagram as PNG, at 300 dpi (--dpi N), drawn from the
                 same figure (with or instead of --svg)
  --pdf FILE     the flow diagram as PDF: vectors, the font embedded
  --csv FILE     the PRISMA2020 R package / Shiny app template, filled in:
                 the layout of the package's current release, 1.1.4, which
                 the Shiny app runs; --csv-version 1.1.1 writes the layout
                 of the 2023 release (in R: packageVersion("PRISMA2020"))
  --explain KEY  the records behind one count (e.g. --explain dbr_excluded)

While the review is blind only a lead may run it: its counts would show how the
screeners decided.`,
		Example: `  winnow --reviewer alice prisma
  winnow --reviewer alice prisma --svg flow.svg
  winnow --reviewer alice prisma --svg flow.svg --png flow.png --dpi 600
  winnow --reviewer alice prisma --csv PRISMA.csv
  winnow --reviewer alice prisma --csv PRISMA.csv --csv-version 1.1.1
  winnow --reviewer alice prisma --explain dbr_notretrieved_reports
  winnow --reviewer alice prisma set excluded_automatic=120 --note "RobotSearch, before import"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			outputs := 0
			for _, on := range []bool{asJSON && explain == "", fig.on(), csvFile != "", explain != ""} {
				if on {
					outputs++
				}
			}
			if outputs > 1 {
				return usageError{errors.New("choose one of --json, --svg/--png/--pdf, --csv and --explain (--explain KEY --json lists the records as JSON)")}
			}
			if (scoping || draft) && !fig.on() && csvFile == "" {
				return usageError{errors.New("--scoping and --draft go with --svg, --png, --pdf or --csv")}
			}
			version, err := prisma.ParseCSVVersion(csvVersion)
			if err != nil {
				return usageError{fmt.Errorf("--csv-version: %w", err)}
			}
			if cmd.Flags().Changed("csv-version") && csvFile == "" {
				return usageError{errors.New("--csv-version goes with --csv")}
			}
			if err := fig.check(cmd); err != nil {
				return err
			}
			if err := checkFileFlag(cmd, "csv", csvFile); err != nil {
				return err
			}
			if explain != "" && !slices.Contains(prisma.Keys, explain) {
				return usageError{fmt.Errorf("no PRISMA count %q: the counts are %s", explain, strings.Join(prisma.Keys, ", "))}
			}
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := prisma.CheckViewer(viewer); err != nil {
				return err
			}
			if explain != "" {
				f, items, err := prisma.Explain(ctx, st, explain)
				var perr *prisma.Error
				if errors.As(err, &perr) {
					// The records behind a number help to mend it: list
					// them, and say what does not add up.
					fmt.Fprintf(a.streams.Err, "winnow: warning: %s\n", ui.Safe(perr.Error()))
				} else if err != nil {
					return err
				}
				return printExplain(a, f, explain, items, asJSON)
			}
			f, err := prisma.Derive(ctx, st)
			if err != nil {
				return err
			}
			if fig.on() || csvFile != "" {
				if err := prisma.CheckFinal(f, "the figure", draft); err != nil {
					return err
				}
			}
			if !f.Final {
				fmt.Fprintf(a.streams.Err, "winnow: not final: %s\n", prisma.Awaiting(f))
			}
			switch {
			case asJSON:
				return ui.JSON(a.streams.Out, f)
			case fig.on():
				return fig.write(a, st.Path(), "the PRISMA 2020 flow diagram", func(w io.Writer, mode font.Mode) error {
					return prisma.WriteSVG(w, f, prisma.SVGOptions{Scoping: scoping, Text: mode})
				})
			case csvFile != "":
				if err := writeFile(a, st.Path(), csvFile, "PRISMA.csv", func(w io.Writer) error {
					return prisma.WriteCSV(w, f, prisma.CSVOptions{Version: version, Scoping: scoping})
				}); err != nil {
					return err
				}
				for _, r := range prisma.CSVRenames(f) {
					fmt.Fprintf(a.streams.Err, "%s %q is written as %q in %s: the PRISMA2020 package cuts names at commas and semicolons, and a spreadsheet runs a leading =, +, - or @\n",
						r.What, ui.SafeLine(r.From), ui.SafeLine(r.To), r.Row)
				}
				fmt.Fprintf(a.streams.Err, "wrote the PRISMA2020 %s template to %s\n", version, ui.Safe(csvFile))
				return nil
			}
			return printFlow(a, f)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	fig.add(cmd, "the flow diagram")
	cmd.Flags().StringVar(&csvFile, "csv", "", "write the PRISMA2020 package's CSV template to FILE")
	cmd.Flags().StringVar(&csvVersion, "csv-version", string(prisma.CSV114), "with --csv: the PRISMA2020 package release that is to read it, 1.1.4 or 1.1.1")
	cmd.Flags().StringVar(&explain, "explain", "", "list the records behind one count (a key of --json)")
	cmd.Flags().BoolVar(&scoping, "scoping", false, `with --svg, --png or --csv: a scoping review's wording ("sources of evidence")`)
	cmd.Flags().BoolVar(&draft, "draft", false, "with --svg, --png or --csv: write the flow though records still await a decision")
	cmd.AddCommand(newPrismaSetCmd(a))
	return cmd
}

// textMode is how a figure carries its text: its font embedded, or, with
// --text-outlines, drawn as outlines.
func textMode(outlines bool) font.Mode {
	if outlines {
		return font.Outlines
	}
	return font.Embedded
}

func newPrismaSetCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "set KEY=N... --note TEXT",
		Short: "Enter a count of work done outside winnow (lead)",
		Long: `Enters a count winnow cannot derive because the work was done outside it:

  excluded_automatic   records marked ineligible by an automation tool before import
  excluded_other       records removed for other reasons before import
  previous_studies     studies included in a previous version of the review
  previous_reports     reports of those studies
  update_from_search   for an updated review, the number of the first new
                       search ('winnow sources --json' lists them): the flow
                       then counts only the new searches' records, and a new
                       record linked to an earlier one as a duplicate removed

Every other count is derived from the review and can never be entered. An
entered count is logged with its note and marked as entered by hand in the
table, the JSON and the figure. Records removed before import were identified
by the searches: say how many each database or register search found with
'winnow sources identified SEARCH N', so that the identification box counts
them and the arithmetic holds.`,
		Example: `  winnow --reviewer alice prisma set excluded_automatic=120 --note "RobotSearch RCT classifier, before import"
  winnow --reviewer alice prisma set previous_studies=31 previous_reports=40 update_from_search=6 --note "2019 version of the review; searches re-run 2021"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var as []prisma.Assignment
			for _, arg := range args {
				x, err := prisma.ParseAssignment(arg)
				if err != nil {
					return err
				}
				as = append(as, x)
			}
			if strings.TrimSpace(note) == "" {
				return usageError{errors.New("say where the count comes from with --note TEXT")}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := prisma.Set(cmd.Context(), st, lead, as, note); err != nil {
				return err
			}
			for _, x := range as {
				fmt.Fprintf(a.streams.Err, "%s = %d, entered by hand by %s\n", x.Key, x.N, lead.Name)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "where the count comes from (required)")
	return cmd
}

// printFlow prints the flow as a table: phase, box, count and the key
// that --explain and --json name it by.
func printFlow(a *app, f *prisma.Flow) error {
	t := ui.NewTable("phase", "box", "n", "key")
	for _, r := range prisma.Rows(f) {
		n := strconv.Itoa(r.N)
		if _, ok := f.Entered[r.Key]; ok {
			n += " †"
		}
		box := r.Box
		if r.Sub {
			box = "  " + box
		}
		t.Row(r.Phase, box, n, r.Key)
	}
	if err := t.Print(a.streams); err != nil {
		return err
	}
	for _, k := range prisma.Keys {
		if e, ok := f.Entered[k]; ok {
			fmt.Fprintf(a.streams.Out, "† %s entered by hand by %s on %s: %s\n", k, e.By, e.At.Local().Format("2006-01-02"), ui.SafeLine(e.Note))
		}
	}
	if f.UpdateFromSearch > 0 {
		e := f.UpdateNote
		fmt.Fprintf(a.streams.Out, "an updated review: identification counts the searches from number %d on; set by %s on %s: %s\n",
			f.UpdateFromSearch, e.By, e.At.Local().Format("2006-01-02"), ui.SafeLine(e.Note))
	}
	return nil
}

// explained is the JSON of --explain.
type explained struct {
	Key   string        `json:"key"`
	N     int           `json:"n"`
	Items []prisma.Item `json:"items"`
}

func printExplain(a *app, f *prisma.Flow, key string, items []prisma.Item, asJSON bool) error {
	n := f.Count(key)
	if items == nil {
		items = []prisma.Item{}
	}
	if asJSON {
		return ui.JSON(a.streams.Out, explained{Key: key, N: n, Items: items})
	}
	t := ui.NewTable("record", "search", "year", "title", "detail")
	t.Shrink = 3
	for _, it := range items {
		rec, search, year := "", "", ""
		if it.Record != 0 {
			rec = strconv.FormatInt(it.Record, 10)
		}
		if it.Search != 0 {
			search = strconv.FormatInt(it.Search, 10)
		}
		if it.Year != 0 {
			year = strconv.Itoa(it.Year)
		}
		t.Row(rec, search, year, it.Title, it.Detail)
	}
	fmt.Fprintf(a.streams.Err, "%s = %d\n", key, n)
	return printOrNone(a, t, "no records behind "+key)
}
