package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
)

func newPilotCmd(a *app) *cobra.Command {
	var stageFlag string
	var size int
	var seed uint64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "pilot --stage S [--size N [--seed K]] [--json]",
		Short: "Draw a calibration sample every screener screens first (lead)",
		Long: `Draws N records at random from those no screener has decided yet at the
stage; they head every screener's queue. JBI guidance: pilot about 25 titles
and abstracts, discuss, and go on once agreement reaches 75% (see
winnow agreement --pilot). The pilot's decisions count as ordinary decisions
afterwards. The same --seed on the same review draws the same sample; without
one a seed is drawn, printed and logged. A stage has one pilot.

Without --size, lists the stage's pilot: its records, one a line (anyone).`,
		Example: `  winnow --reviewer alice pilot --stage ta --size 25
  winnow --reviewer alice pilot --stage ta --size 25 --seed 7
  winnow pilot --stage ta --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stage, err := review.ParseStage(stageFlag)
			if err != nil {
				return usageError{err}
			}
			if !cmd.Flags().Changed("size") {
				if cmd.Flags().Changed("seed") {
					return usageError{errors.New("--seed goes with --size N, when a pilot is drawn")}
				}
				return listPilot(a, cmd, stage, asJSON)
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
	cmd.Flags().IntVar(&size, "size", 0, "how many records to draw (without it: list the pilot drawn)")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "the seed of the draw (default: a new one, printed)")
	addJSONFlag(cmd, &asJSON)
	return cmd
}

// listPilot lists the records of a stage's pilot (which records head
// every queue says nothing of how anyone decided them).
func listPilot(a *app, cmd *cobra.Command, stage review.Stage, asJSON bool) error {
	st, err := a.open(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	ids, err := st.Pilot(cmd.Context(), stage)
	if err != nil {
		return err
	}
	if asJSON {
		return ui.JSON(a.streams.Out, map[string]any{"stage": stage, "records": nonNil(ids)})
	}
	if len(ids) == 0 {
		fmt.Fprintf(a.streams.Err, "no pilot drawn at %s (a lead draws one with `winnow pilot --stage %s --size N`)\n", stage, stage.Short())
		return nil
	}
	fmt.Fprintf(a.streams.Err, "pilot of %s at %s\n", plural(len(ids), "record"), stage)
	for _, id := range ids {
		fmt.Fprintln(a.streams.Out, id)
	}
	return nil
}
