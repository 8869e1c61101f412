package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

func newChartCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "chart [REF]",
		Short: "Chart the included studies on a form: each reviewer apart, then the consensus",
		Long: `Data charting (extraction) of the studies included at full text, on a form
installed by a lead ('winnow chart form --template rainbow' installs the Rainbow
Model of Integrated Care form). Each reviewer's answers are kept apart and,
while the review is blind, hidden from the others. Where the reviewers gave the
same answer, that is the consensus; 'chart diff' lists the fields on which they
differ and a lead settles them with 'chart agree'.

  winnow chart            the included studies and your charting of each
                          (for a lead: every reviewer's, the consensus, charted)
  winnow chart REF        chart one study in the terminal, field by field

A study whose reports were linked ('winnow study link') is charted once, on its
first report.`,
		Example: `  winnow --reviewer bob chart
  winnow --reviewer bob chart 12
  winnow --reviewer bob chart set 12 study_design=qualitative integration_levels=micro,meso
  winnow --reviewer alice chart diff
  winnow --reviewer alice chart agree 12 integration_levels=micro
  winnow --reviewer alice chart summary`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if asJSON {
					return usageError{errors.New("--json goes with the list (winnow chart), not with chart REF")}
				}
				ref, err := review.ParseRef(args[0])
				if err != nil {
					return usageError{err}
				}
				return chartScreen(a, cmd, ref)
			}
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			c, list, err := charting.List(ctx, st, viewer)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, list)
			}
			fields := len(c.Form.Form.Fields)
			lead := len(list) > 0 && list[0].LeadView()
			var t *ui.Table
			if lead {
				t = ui.NewTable("record", "year", "title", "answered", "consensus", "differ", "charted")
			} else {
				t = ui.NewTable("record", "year", "title", "answered")
			}
			t.Shrink = 2
			for _, p := range list {
				year := ""
				if p.Year != 0 {
					year = strconv.Itoa(p.Year)
				}
				var names []string
				for r, n := range p.Answered {
					names = append(names, fmt.Sprintf("%s %d/%d", r, n, fields))
				}
				slices.Sort(names)
				answered := strings.Join(names, ", ")
				if answered == "" {
					answered = "-"
				}
				if lead {
					yes := "no"
					if *p.Charted {
						yes = "yes"
					}
					t.Row(strconv.FormatInt(p.RecordID, 10), year, p.Title, answered, fmt.Sprintf("%d/%d", *p.Consensus, fields), strconv.Itoa(*p.Differ), yes)
				} else {
					t.Row(strconv.FormatInt(p.RecordID, 10), year, p.Title, answered)
				}
			}
			if err := printOrNone(a, t, "no study is included at full text yet: charting starts from the included studies"); err != nil {
				return err
			}
			if lead {
				fmt.Fprintf(a.streams.Err, "%d of %d studies charted\n", charting.CountCharted(list), len(list))
			}
			return nil
		},
	}
	addJSONFlag(cmd, &asJSON)
	cmd.AddCommand(newChartFormCmd(a), newChartSetCmd(a), newChartImportCmd(a), newChartDiffCmd(a),
		newChartAgreeCmd(a), newChartSummaryCmd(a), newChartMapCmd(a), newChartExportCmd(a))
	return cmd
}

func newChartFormCmd(a *app) *cobra.Command {
	var show, asJSON bool
	var set, template string
	cmd := &cobra.Command{
		Use:   "form [--show | --set FORM.yaml | --template rainbow]",
		Short: "Show the charting form, or install one (lead; logged)",
		Long: `A form is a YAML file: a version, an optional title, and fields, each with an id
(lower-case letters, digits, _), a label, a type (text, longtext, number, year,
choice, multichoice, bool), options for choice and multichoice, required
(true/false) and help:

  version: 2
  title: Rainbow Model of Integrated Care
  fields:
    - id: study_design
      label: Study design
      type: choice
      options: [qualitative, mixed methods, review]
      required: true

--template rainbow installs the form of the seed review (location, sectors,
study_design, integration_levels, integration_direction, rainbow_dimensions,
key_findings; none required). --set checks a file and installs it as the new
form. Answers already given are kept; those that no longer fit the new form (a
field or option removed, a type changed) are listed, and count nowhere until
answered again. --show (the default) prints the form in force as YAML.`,
		Example: `  winnow --reviewer alice chart form --template rainbow
  winnow chart form --show > form.yaml
  winnow --reviewer alice chart form --set form.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if set != "" && template != "" {
				return usageError{errors.New("give --set FILE or --template NAME, not both")}
			}
			if set != "" || template != "" {
				for _, f := range []string{"show", "json"} {
					if cmd.Flags().Changed(f) {
						return usageError{fmt.Errorf("--%s prints the form in force: give it without --set or --template (which install one)", f)}
					}
				}
			}
			ctx := cmd.Context()
			if set == "" && template == "" {
				st, err := a.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				in, err := charting.CurrentForm(ctx, st)
				if err != nil {
					return err
				}
				if asJSON {
					return ui.JSON(a.streams.Out, in.Form)
				}
				data, err := in.Form.YAML()
				if err != nil {
					return err
				}
				_, err = io.WriteString(a.streams.Out, ui.Safe(string(data)))
				return err
			}
			var name string
			var data []byte
			if template != "" {
				t, ok := charting.Templates[template]
				if !ok {
					return usageError{fmt.Errorf("no template %q: the templates are rainbow", template)}
				}
				name, data = "template "+template, t
			} else {
				var err error
				if name, data, err = a.readInput(set); err != nil {
					return err
				}
			}
			form, err := charting.ParseForm(name, data)
			if err != nil {
				return err
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			in, err := charting.Install(ctx, st, lead, form, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "installed the charting form %q version %d (%d fields) from %s\n", ui.SafeLine(form.Title), form.Version, len(form.Fields), ui.SafeLine(name))
			if len(in.Stale) > 0 {
				fmt.Fprintf(a.streams.Err, "%d answers no longer fit the form; they are kept, and count nowhere until answered again:\n", len(in.Stale))
				for _, s := range in.Stale {
					who := s.Reviewer
					if who == "" {
						who = "consensus"
					}
					fmt.Fprintf(a.streams.Err, "  record %d, %s, %s = %q: %s\n", s.RecordID, who, s.Field, ui.SafeLine(string(s.Value)), s.Why)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&show, "show", false, "print the form in force (the default)")
	cmd.Flags().StringVar(&set, "set", "", "install the form in FILE (- for stdin)")
	cmd.Flags().StringVar(&template, "template", "", "install a form winnow ships: rainbow")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --show: print JSON")
	return cmd
}

func newChartSetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "set REF FIELD=VALUE...",
		Short: "Give your answers for one study without a terminal",
		Long: `Gives the acting reviewer's answers for one included study: FIELD=VALUE, with
the options of a multichoice answer separated by commas, and yes/no for a bool.
Values are checked against the form; an error lists the valid options. An empty
value clears an answer.`,
		Example: `  winnow --reviewer bob chart set 12 study_design="mixed methods" integration_levels=micro,meso location="North West"`,
		Args:    studyAndAnswers,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, by, err := a.openNamed(ctx, "charting")
			if err != nil {
				return err
			}
			defer st.Close()
			id, n, err := charting.Set(ctx, st, by, ref, args[1:])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "record %d: %s saved for %s\n", id, plural(n, "answer"), by.Name)
			return nil
		},
	}
}

func newChartImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Load answers from a CSV file: one row per study and reviewer",
		Long: `Loads an extraction file: a CSV with the columns record and reviewer (empty: the
one loading), then one column per field id of the form (any order; fields may
be left out). An empty cell leaves that answer as it is. The whole file is
checked first and loaded in one transaction: an error names the file and line
and loads nothing. A reviewer loads their own rows, a lead anyone's.
'winnow chart export --reviewers --format csv' writes this layout.`,
		Example: `  winnow --reviewer bob chart import extraction-bob.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			name, data, err := a.readInput(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, by, err := a.openNamed(ctx, "loading the answers")
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			n, err := charting.Import(ctx, st, by, viewer, name, data)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "loaded %s from %s\n", plural(n, "answer"), ui.SafeLine(name))
			return nil
		},
	}
}

func newChartDiffCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "The fields on which the reviewers' answers differ (lead while blind)",
		Example: `  winnow --reviewer alice chart diff
  winnow --reviewer alice chart diff --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := charting.Diff(ctx, st, viewer)
			if err != nil {
				return err
			}
			if asJSON {
				if ds == nil {
					ds = []charting.Difference{}
				}
				return ui.JSON(a.streams.Out, ds)
			}
			t := ui.NewTable("record", "title", "field", "answers")
			t.Shrink = 1
			for _, d := range ds {
				parts := make([]string, len(d.Answers))
				for i, x := range d.Answers {
					parts[i] = fmt.Sprintf("%s: %s", x.Reviewer, x.Value)
				}
				t.Row(strconv.FormatInt(d.RecordID, 10), d.Title, d.Field, strings.Join(parts, " | "))
			}
			return printOrNone(a, t, "no differences: where the reviewers answered, they agree")
		},
	}
	addJSONFlag(cmd, &asJSON)
	return cmd
}

func newChartAgreeCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "agree REF FIELD=VALUE...",
		Short: "Record the consensus answers for one study (lead; logged)",
		Long: `Records the agreed answer of a field for one study, as settled by discussion. It
stands over the reviewers' answers, which are kept as they are. An empty value
withdraws it.`,
		Example: `  winnow --reviewer alice chart agree 12 integration_levels=micro,meso --note "discussed 3 May"`,
		Args:    studyAndAnswers,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			id, err := charting.Agree(cmd.Context(), st, lead, ref, args[1:], note)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "record %d: %s agreed by %s\n", id, plural(len(args)-1, "answer"), lead.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note kept with the consensus")
	return cmd
}

func newChartSummaryCmd(a *app) *cobra.Command {
	var asJSON bool
	var field, by, format string
	var fig figureFlags
	cmd := &cobra.Command{
		Use:   "summary [--field ID] [--by ID] [--json | --format table|md|csv | --field ID --svg FILE | --png FILE]",
		Short: "Counts and percentages of each answer over the included studies (lead while blind)",
		Long: `For every choice and multichoice field (or --field ID), how many included studies
have each value, and the percentage, over the studies with a consensus answer
on that field; the others are reported as missing, per field. A multichoice
field also gets its combinations (macro only, meso + micro, ...). --by ID
cross-tabulates --field by another field. Percentages are of n, the studies
with a consensus on the field (in --json unrounded, from 0 to 100).
--format md prints the table as Markdown (Quarto, R Markdown, pandoc to
Word); --format csv as one row per value (field, label, value, n, percent to
one place, the field's n and missing), for a spreadsheet or R. --field ID
--svg FILE draws the field's values as a bar chart (n and %), with its font
embedded (--text-outlines: as glyph outlines); --png FILE the same as PNG, at
300 dpi (--dpi N); --pdf FILE as PDF.`,
		Example: `  winnow --reviewer alice chart summary
  winnow --reviewer alice chart summary --format md > table2.md
  winnow --reviewer alice chart summary --field integration_levels
  winnow --reviewer alice chart summary --field study_design --by integration_levels
  winnow --reviewer alice chart summary --field study_design --svg design.svg
  winnow --reviewer alice chart summary --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := tableFormat(format, asJSON)
			if err != nil {
				return err
			}
			if by != "" && field == "" {
				return usageError{fmt.Errorf("--by goes with --field: name the field to cross-tabulate by %s (--field ID --by %s)", by, by)}
			}
			if fig.on() && (field == "" || by != "" || asJSON || cmd.Flags().Changed("format")) {
				return usageError{errors.New("--svg, --png and --pdf draw one field: give --field ID, without --by, --json or --format (an evidence map of two fields is 'winnow chart map')")}
			}
			if err := fig.check(cmd); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := charting.Summarise(ctx, st, viewer, charting.SummaryOptions{Field: field, By: by})
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, sum)
			}
			if fig.on() {
				return fig.write(a, st.Path(), "the bar chart of "+sum.Fields[0].Field, func(w io.Writer, mode font.Mode) error {
					return charting.WriteFieldSVG(w, sum.Fields[0], mode)
				})
			}
			return printSummary(a, sum, f)
		},
	}
	addJSONFlag(cmd, &asJSON)
	addFormatFlag(cmd, &format)
	cmd.Flags().StringVar(&field, "field", "", "one field")
	cmd.Flags().StringVar(&by, "by", "", "cross-tabulate --field by this field")
	fig.add(cmd, "the bar chart of --field")
	return cmd
}

func newChartMapCmd(a *app) *cobra.Command {
	var asJSON bool
	var fig figureFlags
	cmd := &cobra.Command{
		Use:   "map FIELD_A FIELD_B [--json | --svg FILE | --png FILE [--dpi N]]",
		Short: "Evidence map: the included studies in each pair of categories of two fields (lead while blind)",
		Long: `How many included studies fall in each pair of categories of two choice or
multichoice fields (rows FIELD_A, columns FIELD_B), over the studies with a
consensus answer on both; a multichoice study counts once under each of its
options. Each row and column ends in its total (studies with that category)
and its percentage of n, as 'chart summary' gives them; the counts are those
of 'chart summary --field FIELD_A --by FIELD_B'. --svg FILE draws the map as
a bubble chart (bubble area proportional to the count, empty cells empty),
with its font embedded (--text-outlines: as glyph outlines); --png FILE draws
the same map as PNG, at 300 dpi (--dpi N), and --pdf FILE as PDF.`,
		Example: `  winnow --reviewer alice chart map study_design integration_levels
  winnow --reviewer alice chart map study_design integration_levels --svg map.svg --png map.png
  winnow --reviewer alice chart map study_design integration_levels --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError{errors.New("give two fields: winnow chart map FIELD_A FIELD_B")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && fig.on() {
				return usageError{errors.New("choose one of --json and --svg/--png/--pdf")}
			}
			if err := fig.check(cmd); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			x, err := charting.EvidenceMap(ctx, st, viewer, args[0], args[1])
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				return ui.JSON(a.streams.Out, x)
			case fig.on():
				return fig.write(a, st.Path(), "the evidence map of "+x.Field+" by "+x.By, func(w io.Writer, mode font.Mode) error {
					return charting.WriteMapSVG(w, x, mode)
				})
			}
			t := ui.NewTable(append(append([]string{x.Field + " \\ " + x.By}, x.Columns...), "total")...)
			for i, row := range x.Rows {
				cells := []string{row}
				for _, n := range x.Cells[i] {
					cells = append(cells, strconv.Itoa(n))
				}
				t.Row(append(cells, fmt.Sprintf("%d (%s)", x.RowTotals[i], pct(x.Percent(x.RowTotals[i]))))...)
			}
			totals := []string{"total"}
			for _, n := range x.ColumnTotals {
				totals = append(totals, fmt.Sprintf("%d (%s)", n, pct(x.Percent(n))))
			}
			t.Row(append(totals, fmt.Sprintf("n = %d", x.N))...)
			fmt.Fprintf(a.streams.Out, "%s by %s (n = %d studies with both)\n", x.Field, x.By, x.N)
			return t.Print(a.streams)
		},
	}
	addJSONFlag(cmd, &asJSON)
	fig.add(cmd, "the evidence map")
	return cmd
}

// pct prints a percentage as a paper does: whole numbers.
func pct(p float64) string { return strconv.FormatFloat(p, 'f', 0, 64) + "%" }

func printSummary(a *app, sum *charting.Summary, f ui.Format) error {
	if sum.Cross != nil {
		x := sum.Cross
		t := ui.NewTable(append([]string{x.Field + " \\ " + x.By}, x.Columns...)...)
		for i, row := range x.Rows {
			cells := []string{row}
			for _, n := range x.Cells[i] {
				cells = append(cells, strconv.Itoa(n))
			}
			t.Row(cells...)
		}
		if f != ui.FormatCSV {
			fmt.Fprintf(a.streams.Out, "%s by %s (n = %d studies with both)\n", x.Field, x.By, x.N)
		}
		if f == ui.FormatMarkdown {
			fmt.Fprintln(a.streams.Out)
		}
		return t.PrintAs(a.streams, f)
	}
	if f == ui.FormatCSV {
		t := ui.NewTable("field", "label", "kind", "value", "n", "percent", "field_n", "field_missing")
		for _, fs := range sum.Fields {
			fn, fm := strconv.Itoa(fs.N), strconv.Itoa(fs.Missing)
			for _, v := range fs.Values {
				t.Row(fs.Field, fs.Label, "value", v.Value, strconv.Itoa(v.N), strconv.FormatFloat(v.Percent, 'f', 1, 64), fn, fm)
			}
			for _, c := range fs.Combinations {
				t.Row(fs.Field, fs.Label, "combination", charting.CombinationLabel(c.Values), strconv.Itoa(c.N), strconv.FormatFloat(c.Percent, 'f', 1, 64), fn, fm)
			}
		}
		return t.CSV(a.streams.Out)
	}
	t := ui.NewTable("field", "value", "n", "%")
	for _, fs := range sum.Fields {
		label := fmt.Sprintf("%s (n = %d, missing %d)", fs.Field, fs.N, fs.Missing)
		for i, v := range fs.Values {
			if i > 0 {
				label = ""
			}
			t.Row(label, v.Value, strconv.Itoa(v.N), pct(v.Percent))
		}
		for _, c := range fs.Combinations {
			t.Row("", charting.CombinationLabel(c.Values), strconv.Itoa(c.N), pct(c.Percent))
		}
	}
	if f == ui.FormatMarkdown {
		if err := t.Markdown(a.streams.Out); err != nil {
			return err
		}
	} else if err := printOrNone(a, t, "no choice or multichoice fields on the form"); err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "%d included studies; percentages of n, the studies with a consensus on the field\n", sum.Studies)
	return nil
}

func newChartExportCmd(a *app) *cobra.Command {
	var format, out string
	var reviewers bool
	cmd := &cobra.Command{
		Use:   "export --format csv|json [--reviewers] [-o FILE]",
		Short: "One row per included study: its record and the consensus answers",
		Long: `Writes one row per included study: record, title, authors, year, journal, doi and
the consensus answer of every field (a lead's view while the review is blind).
--reviewers writes each reviewer's answers instead, one row per study and
reviewer (the layout 'chart import' reads; while blind, only your own). CSV
cells that could start a spreadsheet formula get a leading '.`,
		Example: `  winnow --reviewer alice chart export --format csv -o charting.csv
  winnow --reviewer alice chart export --format json --reviewers`,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := charting.ExportFormat(given(cmd, "format", format), out)
			if err != nil {
				return formatError(err, "format")
			}
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			o := charting.ExportOptions{Format: format, Reviewers: reviewers}
			write := func(w io.Writer) (int, error) { return charting.Export(ctx, st, viewer, w, o) }
			var n int
			if out == "" || out == "-" {
				n, err = exportToStdout(a, write)
			} else {
				n, err = exportToFile(st.Path(), out, "charting."+format, write)
			}
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("exported %s", plural(n, "row"))
			if out != "" && out != "-" {
				msg += " to " + out
			}
			fmt.Fprintln(a.streams.Err, ui.Safe(msg))
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json (default: from -o FILE's extension, .csv or .json; else csv)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write (default: stdout)")
	cmd.Flags().BoolVar(&reviewers, "reviewers", false, "each reviewer's answers instead of the consensus")
	return cmd
}

// studyAndAnswers checks the arguments REF FIELD=VALUE... of chart set
// and chart agree.
func studyAndAnswers(cmd *cobra.Command, args []string) error {
	if len(args) < 2 {
		return errors.New("give the study and at least one FIELD=VALUE")
	}
	return nil
}
