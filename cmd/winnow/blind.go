package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newBlindCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "blind [on|off]",
		Short: "Show or set blind mode (only a lead sets it; logged)",
		Long: `While the review is blind (the default), nothing run as one screener shows
another's decisions, reasons or notes, nor the outcomes that follow from them
(conflicts, included and excluded counts, others' progress). A lead sees
everything. Blind mode protects honest reviewers from seeing by accident: it
is not access control (anyone can type another name, or open the file).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(args) == 0 {
				st, err := a.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				set, err := st.ScreeningSettings(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.streams.Out, onOff(set.Blind))
				return nil
			}
			var on bool
			switch args[0] {
			case "on":
				on = true
			case "off":
			default:
				return usageError{fmt.Errorf("blind %q: say on or off", args[0])}
			}
			st, by, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			changed, err := st.SetBlind(ctx, on, by.Name)
			if err != nil {
				return err
			}
			if !changed {
				fmt.Fprintf(a.streams.Err, "blind mode is already %s\n", onOff(on))
				return nil
			}
			fmt.Fprintf(a.streams.Err, "blind mode is now %s\n", onOff(on))
			return nil
		},
	}
}
