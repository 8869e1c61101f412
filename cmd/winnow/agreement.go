package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/agreement"
	"github.com/winnow-review/winnow/review/conflicts"
)

func newAgreementCmd(a *app) *cobra.Command {
	var stageFlag, maybeAs, format string
	var pilot, asJSON bool
	cmd := &cobra.Command{
		Use:   "agreement [--stage ta|ft] [--json | --format table|md|csv]",
		Short: "Agreement between screeners: Cohen's kappa with its 95% CI, PABAK, Gwet's AC1, Fleiss' kappa (lead while blind)",
		Long: `For every pair of screeners who decided records in common at a stage: the
records both decided, their table of decisions, observed agreement, Cohen's
kappa with its 95% confidence interval, PABAK and Gwet's AC1 (robust when
inclusions are rare), and the Landis-Koch label; Fleiss' kappa over all
screeners when more than two decided, over the records that have as many
decisions as the review's screeners setting.

Agreement is about independent judgements: it uses each screener's decision as
it stood while the review was blind and before the record was resolved.
Decisions changed afterwards are counted and reported, not used. Maybe is a
category of its own (when anyone used it); --maybe-as include counts it as an
include, as Covidence does. --pilot reports on the pilot sample alone (JBI:
go on once agreement reaches 75%).

While the review is blind only a lead may run it. A statistic that is undefined
(no records, or chance agreement of 1) is null in --json, with a note.

--format md prints the tables as Markdown (Quarto, R Markdown, pandoc to
Word); --format csv prints one row per pair of screeners with every figure and
the cells of its table of decisions (a_include_b_exclude: the records the
first screener included and the second excluded), undefined figures empty.`,
		Example: `  winnow --reviewer alice agreement
  winnow --reviewer alice agreement --format csv > agreement.csv
  winnow --reviewer alice agreement --stage ft --json
  winnow --reviewer alice agreement --pilot --maybe-as include`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			f, err := tableFormat(format, asJSON)
			if err != nil {
				return err
			}
			opt := conflicts.Options{Stage: stage, Pilot: pilot}
			switch strings.ToLower(maybeAs) {
			case "", "maybe":
			case "include":
				opt.MaybeAsInclude = true
			default:
				return usageError{fmt.Errorf("--maybe-as %q: say include (or maybe, the default)", maybeAs)}
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			rep, err := conflicts.Agreement(ctx, st, viewer, opt)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, rep)
			}
			if f == ui.FormatCSV {
				return agreementCSV(a, rep)
			}
			return printAgreement(a, rep, f)
		},
	}
	addFormatFlag(cmd, &format)
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().StringVar(&maybeAs, "maybe-as", "", "include: count maybe as include (default: maybe is its own category)")
	cmd.Flags().BoolVar(&pilot, "pilot", false, "the pilot sample alone")
	addJSONFlag(cmd, &asJSON)
	return cmd
}

// num prints a statistic to three places, or "-" when undefined.
func num(f *float64) string {
	if f == nil {
		return "-"
	}
	return strconv.FormatFloat(*f, 'f', 3, 64)
}

func printAgreement(a *app, rep *conflicts.Report, f ui.Format) error {
	w := a.streams.Out
	scope := string(rep.Stage)
	if rep.Pilot {
		scope += ", pilot sample"
	}
	if rep.Note != "" {
		fmt.Fprintf(a.streams.Err, "%s\n", rep.Note)
	} else {
		t := ui.NewTable("screeners", "records", "observed", "kappa", "95% CI", "PABAK", "AC1", "agreement")
		for _, p := range rep.Pairs {
			ci := "-"
			if p.CILow != nil && p.CIHigh != nil {
				ci = num(p.CILow) + " to " + num(p.CIHigh)
			}
			label := p.Label
			if label == "" {
				label = "-"
			}
			t.Row(p.A+" & "+p.B, strconv.Itoa(p.N), percent(p.Observed), num(p.Kappa), ci, num(p.PABAK), num(p.AC1), label)
		}
		md := f == ui.FormatMarkdown
		if md {
			fmt.Fprintf(w, "Agreement at %s\n\n", scope)
		} else {
			fmt.Fprintf(w, "Agreement at %s\n", scope)
		}
		if err := t.PrintAs(a.streams, f); err != nil {
			return err
		}
		for _, p := range rep.Pairs {
			if md {
				fmt.Fprintf(w, "\n%s (rows) & %s (columns)\n\n", p.A, p.B)
			} else {
				fmt.Fprintf(w, "\n%s (rows) & %s (columns)\n", p.A, p.B)
			}
			tt := ui.NewTable(append([]string{""}, decisionNames(rep.Categories)...)...)
			for i, row := range p.Table {
				cells := []string{string(rep.Categories[i])}
				for _, c := range row {
					cells = append(cells, strconv.Itoa(c))
				}
				tt.Row(cells...)
			}
			if err := tt.PrintAs(a.streams, f); err != nil {
				return err
			}
			if p.Note != "" {
				fmt.Fprintf(w, "note: %s\n", p.Note)
			}
		}
	}
	if rep.Fleiss != nil {
		fmt.Fprintf(w, "\nFleiss' kappa over %d records with %d decisions each: %s", rep.Fleiss.Subjects, rep.Fleiss.Raters, num(rep.Fleiss.Kappa))
		if rep.Fleiss.Kappa != nil {
			fmt.Fprintf(w, " (%s)", agreement.LandisKoch(*rep.Fleiss.Kappa))
		}
		fmt.Fprintln(w)
		if rep.Fleiss.Note != "" {
			fmt.Fprintf(w, "note: %s\n", rep.Fleiss.Note)
		}
	}
	if rep.Changed > 0 {
		fmt.Fprintf(w, "\n%s changed, made or withdrawn after blind mode was turned off or the record was resolved: not used\n", plural(rep.Changed, "decision"))
	}
	return nil
}

func percent(f *float64) string {
	if f == nil {
		return "-"
	}
	return strconv.FormatFloat(*f*100, 'f', 1, 64) + "%"
}

func decisionNames(ds []review.Decision) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

// agreementCSV writes one row per pair of screeners: every figure, full
// precision (undefined ones empty), and the cells of the pair's table.
func agreementCSV(a *app, rep *conflicts.Report) error {
	exact := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	headers := []string{"stage", "pilot", "screener_a", "screener_b", "records", "observed", "expected", "kappa", "se", "ci_low", "ci_high", "pabak", "ac1", "agreement"}
	for _, ca := range rep.Categories {
		for _, cb := range rep.Categories {
			headers = append(headers, "a_"+string(ca)+"_b_"+string(cb))
		}
	}
	t := ui.NewTable(headers...)
	for _, p := range rep.Pairs {
		row := []string{string(rep.Stage), strconv.FormatBool(rep.Pilot), p.A, p.B, strconv.Itoa(p.N), exact(p.Observed), exact(p.Expected),
			exact(p.Kappa), exact(p.SE), exact(p.CILow), exact(p.CIHigh), exact(p.PABAK), exact(p.AC1), p.Label}
		for i := range rep.Categories {
			for j := range rep.Categories {
				n := 0
				if i < len(p.Table) && j < len(p.Table[i]) {
					n = p.Table[i][j]
				}
				row = append(row, strconv.Itoa(n))
			}
		}
		t.Row(row...)
	}
	if rep.Note != "" {
		fmt.Fprintln(a.streams.Err, rep.Note)
	}
	return t.CSV(a.streams.Out)
}
