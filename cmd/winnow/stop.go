package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

func newStopCmd(a *app) *cobra.Command {
	var stageFlag, rule string
	var asJSON, force bool
	var recall, alpha float64
	cmd := &cobra.Command{
		Use:   "stop --stage ta --rule TEXT | --rule buscar",
		Short: "End title-abstract screening by the stopping rule of the protocol (lead; logged)",
		Long: `Ends title-abstract screening once the stopping rule the team wrote in its
protocol is met ('winnow status' shows, per screener, the records decided since
their last include and the share of their queue screened). The records nobody
screened are recorded as excluded by automation, with the rule and the ranking
each screener's queue was last ordered by, in the log; PRISMA counts them inside
"Records excluded" as its automation share (records_excluded_automation), never
as human exclusions and never as excluded_automatic (records removed before
screening). A record one screener had decided keeps that decision: an include
(or maybe) goes to the lead as a conflict, an exclusion stands, single-screened
(shown in status). Nothing is excluded by the model on its own; a stop cannot be
undone.`,
		Example: `  winnow --reviewer alice stop --stage ta --rule "SAFE procedure: 50 consecutive irrelevant records per screener after 25% screened"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			if stage != review.TitleAbstract {
				return usageError{errors.New("only title-abstract screening can be stopped (--stage ta): full texts are read in full")}
			}
			if rule == "" {
				return usageError{errors.New("say which stopping rule of the protocol was met with --rule TEXT")}
			}
			buscar := strings.EqualFold(strings.TrimSpace(rule), screening.BuscarRule)
			if buscar {
				if err := screening.CheckBuscar(recall, alpha); err != nil {
					return usageError{err}
				}
			} else {
				var given []string
				for _, f := range []string{"recall", "alpha", "force"} {
					if cmd.Flags().Changed(f) {
						given = append(given, "--"+f)
					}
				}
				switch len(given) {
				case 0:
				case 1:
					return usageError{fmt.Errorf("%s goes with --rule buscar", given[0])}
				default:
					return usageError{fmt.Errorf("%s go with --rule buscar", strings.Join(given, " and "))}
				}
			}
			st, lead, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var res *store.Stopped
			if buscar {
				var t rank.StopTest
				res, t, err = screening.StopByBuscar(cmd.Context(), st, lead, stage, recall, alpha, force)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Err, "stopping rule buscar: %s; %d of %d records screened, %d relevant\n", screening.BuscarVerdict(t, alpha), t.Screened, t.Total, t.Found)
			} else if res, err = screening.Stop(cmd.Context(), st, lead, stage, rule); err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, res)
			}
			fmt.Fprintf(a.streams.Err, "title-abstract screening stopped: %d records excluded by automation, %d single-screened exclusions stand, %d single includes went to the lead (see `winnow conflicts`)\n",
				res.Automated, len(res.SingleExcluded), len(res.ToLead))
			return nil
		},
	}
	cmd.Flags().StringVar(&stageFlag, "stage", "ta", "the stage to stop: title-abstract (ta)")
	cmd.Flags().StringVar(&rule, "rule", "", "the stopping rule of the protocol that was met (required; logged)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what the stop did as JSON")
	cmd.Flags().Float64Var(&recall, "recall", 0.95, "--rule buscar: the recall target")
	cmd.Flags().Float64Var(&alpha, "alpha", 0.05, "--rule buscar: the level at which \"recall < target\" must be rejected")
	cmd.Flags().BoolVar(&force, "force", false, "--rule buscar: stop even though the rule is not met (logged)")
	return cmd
}
