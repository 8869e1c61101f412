package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/agreement"
	"github.com/winnow-review/winnow/review/conflicts"
)

func newConflictsCmd(a *app) *cobra.Command {
	var stageFlag string
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "The records in conflict, every screener's decision side by side (lead while blind)",
		Long: `Lists the records whose screeners disagree at a stage (or where one said
maybe), and at full text the records every screener excluded but for different
reasons (a conflict on the reason: the record is excluded, the reason waits for
a lead). Each row shows every screener's decision, reason and note. --all adds
the conflicts already resolved, with their resolution.

While the review is blind only a lead may run it: a screener would learn how a
colleague decided.`,
		Example: `  winnow --reviewer alice conflicts
  winnow --reviewer alice conflicts --stage ft --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
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
			ds, err := conflicts.Conflicts(ctx, st, viewer, stage, all)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, ds)
			}
			headers := []string{"record", "conflict", "title", "decisions"}
			if all {
				headers = append(headers, "resolution")
			}
			t := ui.NewTable(headers...)
			t.Shrink = 2
			for _, d := range ds {
				kind := "decision"
				if d.Kind == review.ReasonConflict {
					kind = "reason"
				}
				if d.Forwarded {
					kind += " (forwarded)"
				}
				row := []string{strconv.FormatInt(d.RecordID, 10), kind, d.Title, describeVotes(d.Votes)}
				if all {
					row = append(row, describeResolution(d.Resolution))
				}
				t.Row(row...)
			}
			none := fmt.Sprintf("no open conflicts at %s", stage)
			if all {
				none = fmt.Sprintf("no conflicts at %s", stage)
			}
			return printOrNone(a, t, none)
		},
	}
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().BoolVar(&all, "all", false, "include the conflicts already resolved")
	addJSONFlag(cmd, &asJSON)
	return cmd
}

// describeVotes gives decisions side by side on one line:
// "bob: include; carol: exclude (wrong population), note: ...".
func describeVotes(votes []review.Vote) string {
	var out []string
	for _, v := range votes {
		s := fmt.Sprintf("%s: %s", v.Reviewer, v.Decision)
		if v.Reason != "" {
			s += fmt.Sprintf(" (%s)", v.Reason)
		}
		if v.Note != "" {
			s += fmt.Sprintf(", note: %s", v.Note)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func describeResolution(r *review.Resolution) string {
	if r == nil {
		return "open"
	}
	s := fmt.Sprintf("%s by %s", r.Decision, r.By)
	if r.Reason != "" {
		s += fmt.Sprintf(" (%s)", r.Reason)
	}
	if r.Note != "" {
		s += fmt.Sprintf(", note: %s", r.Note)
	}
	return s
}

func newResolveCmd(a *app) *cobra.Command {
	var stageFlag, reason, note, file string
	cmd := &cobra.Command{
		Use:   "resolve [REF include|exclude --stage S] | resolve --file resolutions.csv",
		Short: "Resolve conflicts (lead): in the terminal, one at a time, or from a file",
		Long: `A lead's final decision on a record in conflict at a stage. It settles the
record's outcome there, never rewrites the screeners' decisions, and is logged
with them. A full-text exclusion needs a reason (also for a conflict on the
reason). Resolving a record again replaces the earlier resolution.

With no REF, opens the conflicts of the stage in the terminal, one at a time:
the record as on the screen, the decisions side by side; i include, e exclude
(with a reason at full text), n note, s skip, u undo, o open the full text,
? help, q quit.

--file loads a CSV with the columns record,stage,decision,reason,note (as
written during a consensus meeting; reason and note may be left out). The
whole file is checked first and applied in one transaction: an error names the
line and changes nothing.`,
		Example: `  winnow --reviewer alice resolve
  winnow --reviewer alice resolve 12 include --stage ta --note "discussed 3 May"
  winnow --reviewer alice resolve 40 exclude --stage ft --reason "wrong population"
  winnow --reviewer alice resolve --file resolutions.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if file != "" && len(args) > 0 {
				return errors.New("--file takes every REF and decision from the file: give no REF or decision with it")
			}
			if len(args) != 0 && len(args) != 2 {
				return fmt.Errorf("give REF and include or exclude, or nothing to resolve in the terminal")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if file != "" {
				if cmd.Flags().Changed("stage") || reason != "" || note != "" {
					return usageError{errors.New("--file takes stage, reason and note from the file's columns")}
				}
				return resolveFile(a, cmd, file)
			}
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			if len(args) == 0 {
				if reason != "" || note != "" {
					return usageError{errors.New("--reason and --note go with REF include|exclude; in the terminal, the keys r and n give them")}
				}
				return resolveScreen(a, cmd, stage)
			}
			ref, d, stage, err := refDecisionStage(cmd, args, stageFlag)
			if err != nil {
				return err
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			id, err := conflicts.Resolve(ctx, st, lead, ref, stage, d, reason, note)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "record %d: resolved %s at %s by %s\n", id, d, stage, lead.Name)
			return nil
		},
	}
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().StringVar(&reason, "reason", "", "the reason for an exclusion (required at full text)")
	cmd.Flags().StringVar(&note, "note", "", "a note kept with the resolution")
	cmd.Flags().StringVar(&file, "file", "", "load resolutions from a CSV file")
	return cmd
}

func resolveFile(a *app, cmd *cobra.Command, file string) error {
	name, data, err := a.readInput(file)
	if err != nil {
		return err
	}
	st, lead, err := a.openLead(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := conflicts.ResolveFile(cmd.Context(), st, lead, name, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "loaded %s from %s\n", plural(n, "resolution"), file)
	return nil
}

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
		Args: cobra.NoArgs,
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

func newPilotCmd(a *app) *cobra.Command {
	var stageFlag string
	var size int
	var seed uint64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "pilot --stage S --size N [--seed K]",
		Short: "Draw a calibration sample every screener screens first (lead)",
		Long: `Draws N records at random from those no screener has decided yet at the
stage; they head every screener's queue. JBI guidance: pilot about 25 titles
and abstracts, discuss, and go on once agreement reaches 75% (see
winnow agreement --pilot). The pilot's decisions count as ordinary decisions
afterwards. The same --seed on the same review draws the same sample; without
one a seed is drawn, printed and logged. A stage has one pilot.`,
		Example: `  winnow --reviewer alice pilot --stage ta --size 25
  winnow --reviewer alice pilot --stage ta --size 25 --seed 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			if size < 1 {
				return usageError{errors.New("say how many records with --size N (JBI suggests about 25)")}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var seedp *uint64
			if cmd.Flags().Changed("seed") {
				seedp = &seed
			}
			ids, used, err := conflicts.DrawPilot(cmd.Context(), st, lead, stage, size, seedp)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, map[string]any{"stage": stage, "seed": used, "records": ids})
			}
			fmt.Fprintf(a.streams.Err, "pilot of %s drawn at %s (seed %d); it heads every screener's queue\n", plural(len(ids), "record"), stage, used)
			for _, id := range ids {
				fmt.Fprintln(a.streams.Out, id)
			}
			return nil
		},
	}
	addStageFlag(cmd, &stageFlag)
	cmd.Flags().IntVar(&size, "size", 0, "how many records")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "the seed of the draw (default: a new one, printed)")
	addJSONFlag(cmd, &asJSON)
	return cmd
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
