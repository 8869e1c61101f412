package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/figure/font"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/screening"
)

func newSimulateCmd(a *app) *cobra.Command {
	var label, orderOut, priorOut, model string
	var seeds, priorInc, priorExc int
	var recall, alpha float64
	var asJSON, fromReview bool
	var fig figureFlags
	cmd := &cobra.Command{
		Use:   "simulate LABELS.csv | --from-review",
		Short: "Replay a finished review in prioritised order: the work the ranking saves",
		Long: `Replays a finished review as if a reviewer had screened it in prioritised order
(the ranking of 'winnow screen --order prioritised', retrained after every
decision), from a CSV with record_id, title, abstract (keywords if present) and
a 0/1 label column (label_included, or name it with --label), as in
../shared/corpus/screening/*/records.csv, or an .xlsx workbook's first sheet
with a title column; no review file is needed. A table as
ASReview reads one works too: semicolons or tabs between cells, any encoding
import reads, ASReview's column names (primary_title, notes_abstract; the label
in included, final_included, label, ...), labels as yes/no or true/false, and no
record_id (records are then numbered by row). So does ASReview LAB's RIS export
of a finished project, each decision in the record's notes (N1 ASReview_relevant
or ASReview_irrelevant). Every record needs its decision.
Or, with
--from-review, from the current review's own final decisions (included at full
text = 1; excluded at either stage or not retrieved = 0; records still waiting
left out; a lead's view while blind).

Each of --seeds runs draws --prior-include includes and --prior-exclude excludes
at random as prior knowledge, then screens. Reported, with the prior records left
out of N, of the inclusions and of the order: records screened to 95% and 100%
recall, WSS@95 = (N − n)/N − 0.05 and WSS@100 = (N − n)/N (Cohen et al. 2006),
recall after 10%, 25% and 50% screened, the average time to discovery and the
normalised loss; per seed, then mean, min and max. Figures are fractions.

--model picks the ranker, to compare them on your own finished review:
default (winnow's, chosen by leave-one-review-out on 24 labelled reviews: the
fusion of nb and svm until 50 includes are known, then svm, each retraining with
100 records not yet screened, drawn afresh, presumed excluded, as AutoTAR does), svm
(ASReview LAB 2's default, ELAS u4: TF-IDF of words and word pairs, sublinear tf,
max_df 0.95; linear SVM, squared hinge, C 0.11; balanced weights, ratio 9.8), nb
(naive Bayes, alpha 3.822, "double" balance), fusion (the mean of the nb and svm
ranks) and switch (nb until 50 includes are known, then svm).

Each seed also reports where the statistical stopping rule ('winnow stop --rule
buscar', Callaghan & Müller-Hansen 2020), tested after every retraining, would
first have stopped: the records screened by then, the recall reached there and
the work saved; the summary counts the seeds whose recall there reached
--recall.

--order-out writes the first seed's order (prior records first), one record_id a
line, and --prior-out that seed's prior records, so that
'../shared/tools/screening-score LABELS ORDER --exclude PRIOR' checks the figures.
--svg draws the first seed's recall curve against a random order, with its font
inside (--text-outlines: its text drawn as outlines), so that it reads the same
on every machine; --png FILE draws it as PNG, at 300 dpi (--dpi N), and --pdf
FILE as PDF.`,
		Example: `  winnow simulate ../shared/corpus/screening/Hall_2012/records.csv
  winnow simulate records.csv --seeds 10 --json
  winnow simulate records.csv --model svm
  winnow simulate records.csv --svg curve.svg --order-out order.txt --prior-out prior.txt
  winnow --reviewer alice simulate --from-review`,
		Args: func(cmd *cobra.Command, args []string) error {
			if fromReview != (len(args) == 0) || len(args) > 1 {
				return errors.New("give one LABELS.csv, or --from-review")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if fromReview && cmd.Flags().Changed("label") {
				return usageError{errors.New("--label names the label column of LABELS.csv: --from-review takes its labels from the review's final decisions")}
			}
			if seeds < 1 || priorInc < 1 || priorExc < 1 {
				return usageError{errors.New("--seeds, --prior-include and --prior-exclude must be 1 or more")}
			}
			if err := fig.check(cmd); err != nil {
				return err
			}
			o, err := rank.ReplayOptions(model)
			if err != nil {
				return usageError{err}
			}
			if !(recall > 0 && recall < 1 && alpha > 0 && alpha < 1) {
				return usageError{errors.New("--recall and --alpha must be between 0 and 1")}
			}
			ctx := cmd.Context()
			var recs []rank.Labelled
			source := "this review"
			if fromReview {
				st, viewer, err := a.openView(ctx)
				if err != nil {
					return err
				}
				recs, err = screening.ReviewLabels(ctx, st, viewer)
				st.Close()
				if err != nil {
					return err
				}
			} else {
				name, data, err := a.readInput(args[0])
				if err != nil {
					return err
				}
				// Any encoding an export comes in (Excel's Windows-1252, UTF-16), or an .xlsx workbook, read as import reads it.
				f, err := importer.ReadFinished(data, label)
				if errors.Is(err, rank.ErrNoLabelColumn) {
					return fmt.Errorf("%s: %w; name the label column with --label", name, err)
				}
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				recs, source = f.Records, name
				if f.LabelColumn == importer.ASReviewLabels {
					fmt.Fprintf(a.streams.Err, "%s: decisions read from ASReview's labels in N1; records are numbered 1, 2, ... in file order\n", ui.SafeLine(name))
				} else if f.LabelColumn != rank.DefaultLabel || f.Numbered {
					note := fmt.Sprintf("%s: decisions read from the column %q", ui.SafeLine(name), ui.SafeLine(f.LabelColumn))
					if f.Numbered {
						note += "; no record_id column, so records are numbered 1, 2, ... in file order"
					}
					fmt.Fprintln(a.streams.Err, note)
				}
			}
			docs, labels := rank.Docs(recs)
			o.Seeds, o.PriorIncluded, o.PriorExcluded = seeds, priorInc, priorExc
			o.StopRecall, o.StopAlpha = recall, alpha
			sim, err := rank.Simulate(docs, labels, o)
			if err != nil {
				return err
			}
			for _, out := range []struct {
				file string
				ids  []int64
			}{{orderOut, sim.Order}, {priorOut, sim.Prior}} {
				if out.file == "" {
					continue
				}
				if err := writeIDs(out.file, out.ids); err != nil {
					return err
				}
			}
			if fig.on() {
				title := "Recall curve: " + source
				if err := fig.write(a, "", "the recall curve", func(w io.Writer, mode font.Mode) error {
					return rank.WriteCurveSVG(w, sim, rank.CurveOptions{Title: title, Text: mode})
				}); err != nil {
					return err
				}
			}
			if asJSON {
				return ui.JSON(a.streams.Out, sim)
			}
			return printSimulation(a, sim)
		},
	}
	cmd.Flags().StringVar(&label, "label", "", "the label column (default: the first of "+strings.Join(rank.LabelColumns, ", ")+")")
	cmd.Flags().IntVar(&seeds, "seeds", 5, "runs, each with its own prior knowledge")
	cmd.Flags().StringVar(&model, "model", rank.PresetDefault, "the ranker: "+strings.Join(rank.Presets(), ", "))
	cmd.Flags().Float64Var(&recall, "recall", 0.95, "the stopping rule's recall target")
	cmd.Flags().Float64Var(&alpha, "alpha", 0.05, "the stopping rule's level")
	cmd.Flags().IntVar(&priorInc, "prior-include", 1, "includes known before screening starts")
	cmd.Flags().IntVar(&priorExc, "prior-exclude", 1, "excludes known before screening starts")
	addJSONFlag(cmd, &asJSON)
	cmd.Flags().BoolVar(&fromReview, "from-review", false, "replay the current review's own final decisions")
	fig.add(cmd, "the recall curve")
	cmd.Flags().StringVar(&orderOut, "order-out", "", "write the first seed's order to FILE")
	cmd.Flags().StringVar(&priorOut, "prior-out", "", "write the first seed's prior records to FILE")
	return cmd
}

func writeIDs(file string, ids []int64) error {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte('\n')
	}
	return os.WriteFile(file, []byte(b.String()), 0o644)
}

func printSimulation(a *app, sim *rank.Simulation) error {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
	t := ui.NewTable("seed", "wss@95", "wss@100", "screened to 95%", "screened to 100%", "recall@10%", "recall@25%", "recall@50%", "atd", "loss",
		"stop at", "recall there", "work saved")
	count := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	row := func(name string, x rank.Figures, stop *rank.StopPoint) {
		at, rec, saved := "", "", ""
		if stop != nil {
			at, rec, saved = strconv.Itoa(stop.Screened), f(stop.Recall), f(stop.WorkSaved)
			if !stop.Stopped {
				at = "never"
			}
		}
		t.Row(name, f(x.WSS95), f(x.WSS100), count(x.ScreenedTo95), count(x.ScreenedTo100), f(x.RecallAt10), f(x.RecallAt25), f(x.RecallAt50), f(x.ATD), f(x.Loss),
			at, rec, saved)
	}
	for _, s := range sim.Seeds {
		row(strconv.FormatUint(s.Seed, 10), s.Figures, s.Stop)
	}
	row("mean", sim.Mean, nil)
	row("min", sim.Min, nil)
	row("max", sim.Max, nil)
	if sim.Random != nil {
		row("random", *sim.Random, nil)
	}
	if err := t.Print(a.streams); err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Err, "%d records, %d inclusions (prior knowledge left out); %s\n", sim.Records, sim.Inclusions, sim.Model)
	if sim.StopRecall > 0 {
		fmt.Fprintf(a.streams.Err, "stopping rule buscar (recall %g, alpha %g): recall at the stop reached %g in %d of %d seeds\n",
			sim.StopRecall, sim.StopAlpha, sim.StopRecall, sim.StopReached, len(sim.Seeds))
	}
	return nil
}
