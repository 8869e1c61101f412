package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/report"
)

func newReportCmd(a *app) *cobra.Command {
	var out string
	var draft bool
	cmd := &cobra.Command{
		Use:   "report [-o review.html] [--draft]",
		Short: "The review at a glance in one HTML file, for co-authors (lead while blind)",
		Long: `Writes the review at a glance as one self-contained HTML file (default
review.html; - for stdout): the PRISMA 2020 flow diagram and its table; the
searches (PRISMA-S: source, kind, date searched, query, file, SHA-256, records)
and the duplicates removed per source; screening progress per stage, agreement
per pair of screeners and stage (Cohen's kappa with its 95% CI, PABAK, AC1 and
the table of decisions), the reasons for exclusion at full text, the pilot and
the stopping rule; each charting field's summary table and bar chart, and the
evidence maps of the pairs of choice and multichoice fields (the smallest ten);
and, when title-abstract screening was prioritised, the recall curve of
'winnow simulate --from-review'.

The file needs nothing else: its style and figures are inside it (each figure
with the subset of its font), it runs no script and fetches nothing, so it
opens offline in any browser and prints to PDF through the browser's print,
each part on a new page. Every number is the one a winnow command prints with
--json, and each names that command in its data-src attribute
(e.g. "prisma --json#/records_screened").

While records still await a decision the report needs --draft, and its figure
is marked as a draft. While the review is blind only a lead may run it.`,
		Example: `  winnow --reviewer alice report
  winnow --reviewer alice report -o review-2026-12.html
  winnow --reviewer alice report --draft -o progress.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, viewer, err := a.openView(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := report.Build(ctx, st, viewer, report.Options{Draft: draft})
			if err != nil {
				return err
			}
			if err := writeFile(a, st.Path(), out, "report.html", func(w io.Writer) error {
				bw := bufio.NewWriter(w)
				if err := report.WriteHTML(bw, r); err != nil {
					return err
				}
				return bw.Flush()
			}); err != nil {
				return err
			}
			if !r.Flow.Final {
				fmt.Fprintln(a.streams.Err, "winnow: not final: the report is a draft")
			}
			if out != "-" {
				fmt.Fprintf(a.streams.Err, "wrote the report to %s\n", ui.Safe(out))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "review.html", "the file to write (- for stdout)")
	cmd.Flags().BoolVar(&draft, "draft", false, "write the report of a review not finished, marked as a draft")
	return cmd
}
