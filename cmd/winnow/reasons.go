package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
)

func newReasonsCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "reasons [add|list|remove]",
		Short: "The team's list of exclusion reasons",
		Long: `The exclusion reasons the team shares, offered by the screen's r key. A lead
adds and removes them. A reason a screener types that is not on the list
stays private to them while the review is blind: reasons list shows the
list, then the reasons you typed yourself (a lead sees everyone's).`,
		Example: `  winnow --reviewer alice reasons add "wrong population"
  winnow reasons list --json`,
		RunE: func(cmd *cobra.Command, args []string) error { return listReasons(a, cmd, asJSON) },
	}
	addJSONFlag(cmd, &asJSON)
	list := &cobra.Command{
		Use:   "list",
		Short: "List the reasons",
		RunE:  func(cmd *cobra.Command, args []string) error { return listReasons(a, cmd, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	add := &cobra.Command{
		Use:   "add REASON...",
		Short: "Add reasons to the list (lead)",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, by, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, r := range args {
				r = strings.TrimSpace(r)
				if err := checkText("reason", r); err != nil {
					return err
				}
				added, err := st.AddReason(ctx, r, by.Name)
				if err != nil {
					return err
				}
				if added {
					fmt.Fprintf(a.streams.Err, "added reason %q\n", r)
				} else {
					fmt.Fprintf(a.streams.Err, "%q is already on the list\n", r)
				}
			}
			return nil
		},
	}
	remove := &cobra.Command{
		Use:   "remove REASON",
		Short: "Take a reason off the list (lead); decisions that gave it keep it",
		RunE: func(cmd *cobra.Command, args []string) error {
			st, by, err := a.openLead(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RemoveReason(cmd.Context(), strings.TrimSpace(args[0]), by.Name); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "removed reason %q\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

// checkText refuses a name with control characters or no text.
func checkText(what, s string) error {
	if s == "" {
		return usageError{fmt.Errorf("a %s needs some text", what)}
	}
	if ui.SafeLine(s) != s {
		return usageError{fmt.Errorf("%s %q has control characters", what, s)}
	}
	return nil
}

type reasonJSON struct {
	Reason string `json:"reason"`
	Shared bool   `json:"shared"`
}

func listReasons(a *app, cmd *cobra.Command, asJSON bool) error {
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
	shared, err := st.Reasons(ctx)
	if err != nil {
		return err
	}
	typed, err := st.TypedReasons(ctx, viewer)
	if err != nil {
		return err
	}
	out := []reasonJSON{}
	for _, r := range shared {
		out = append(out, reasonJSON{r, true})
	}
	for _, r := range typed {
		out = append(out, reasonJSON{r, false})
	}
	if asJSON {
		return ui.JSON(a.streams.Out, out)
	}
	t := ui.NewTable("reason", "on the list")
	for _, r := range out {
		on := "yes"
		if !r.Shared {
			on = "no (typed)"
		}
		t.Row(r.Reason, on)
	}
	return printOrNone(a, t, "no exclusion reasons yet: a lead adds them with `winnow reasons add REASON`")
}
