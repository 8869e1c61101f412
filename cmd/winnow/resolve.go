package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
)

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
			if err := review.CheckTypedReason(d, reason); err != nil {
				return usageError{err}
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
