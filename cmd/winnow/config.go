package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

func newConfigCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "config [screeners N | conflicts resolve|forward]",
		Short: "Show the review's settings, or change one (lead; logged)",
		Long: `With no arguments, shows the review's settings. A lead changes them:

  screeners N                 how many screeners decide each record (default 2)
  conflicts resolve|forward   what happens to a title-abstract conflict: it waits
                              for a lead's resolution (resolve, the default), or
                              goes on to full text unresolved (forward), where the
                              full text settles it; a lead may still resolve it`,
		Example: `  winnow config
  winnow --reviewer alice config screeners 3
  winnow --reviewer alice config conflicts forward`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return fmt.Errorf("give no arguments, or a setting and its value (screeners N, conflicts resolve|forward)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(args) == 2 {
				return setConfig(a, cmd, args[0], args[1])
			}
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			set, err := st.ScreeningSettings(ctx)
			if err != nil {
				return err
			}
			title, err := st.Setting(ctx, "title")
			if err != nil {
				return err
			}
			conflicts := "resolve"
			if set.Forward {
				conflicts = "forward"
			}
			if asJSON {
				return ui.JSON(a.streams.Out, map[string]any{"title": title, "screeners": set.Screeners, "blind": set.Blind, "conflicts": conflicts})
			}
			return ui.Fields(a.streams.Out, [][2]string{{"Title", title}, {"Screeners", strconv.Itoa(set.Screeners)}, {"Blind", onOff(set.Blind)}, {"Conflicts", conflicts}})
		},
	}
	addJSONFlag(cmd, &asJSON)
	return cmd
}

func setConfig(a *app, cmd *cobra.Command, key, value string) error {
	ctx := cmd.Context()
	switch key {
	case "screeners":
		n, err := review.ParseScreeners(value)
		if err != nil {
			return usageError{err}
		}
		st, by, err := a.openLead(cmd)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := st.SetScreeners(ctx, n, by.Name); err != nil {
			return err
		}
		fmt.Fprintf(a.streams.Err, "each record now needs %d screeners\n", n)
		return nil
	case "conflicts":
		if value != "resolve" && value != "forward" {
			return usageError{fmt.Errorf("conflicts %q: say resolve (they wait for a lead) or forward (they go on to full text)", value)}
		}
		st, by, err := a.openLead(cmd)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := st.SetForward(ctx, value == "forward", by.Name); err != nil {
			return err
		}
		if value == "forward" {
			fmt.Fprintln(a.streams.Err, "title-abstract conflicts now go on to full text without waiting for a resolution")
		} else {
			fmt.Fprintln(a.streams.Err, "title-abstract conflicts now wait for a lead's resolution")
		}
		return nil
	}
	return usageError{fmt.Errorf("unknown setting %q: winnow config sets screeners and conflicts (blind mode: winnow blind on|off)", key)}
}
