package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

func newHighlightCmd(a *app) *cobra.Command {
	var asJSON bool
	var include, exclude []string
	cmd := &cobra.Command{
		Use:   "highlight [add|list|remove]",
		Short: "Terms marked on the screen: include terms in one colour, exclude terms in another",
		Example: `  winnow --reviewer alice highlight add --include "integrated care" --include multimorbid
  winnow --reviewer alice highlight add --exclude paediatric
  winnow highlight list`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	addJSONFlag(cmd, &asJSON)
	list := &cobra.Command{
		Use: "list", Short: "List the highlight terms", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	add := &cobra.Command{
		Use:   "add --include TERM | --exclude TERM",
		Short: "Add highlight terms (any team member)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(include)+len(exclude) == 0 {
				return usageError{errors.New("give --include TERM or --exclude TERM")}
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, h := range append(terms(include, true), terms(exclude, false)...) {
				if err := checkText("term", h.Term); err != nil {
					return err
				}
				added, err := st.AddHighlight(ctx, h, by.Name)
				if err != nil {
					return err
				}
				if added {
					fmt.Fprintf(a.streams.Err, "added %s term %q\n", h.Kind(), h.Term)
				}
			}
			return nil
		},
	}
	add.Flags().StringArrayVar(&include, "include", nil, "a term that suggests inclusion (repeatable)")
	add.Flags().StringArrayVar(&exclude, "exclude", nil, "a term that suggests exclusion (repeatable)")
	remove := &cobra.Command{
		Use: "remove TERM", Short: "Remove a highlight term", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, by, err := a.openAs(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RemoveHighlight(cmd.Context(), strings.TrimSpace(args[0]), by.Name); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "removed term %q\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

func terms(ts []string, include bool) []review.Highlight {
	var out []review.Highlight
	for _, t := range ts {
		out = append(out, review.Highlight{Term: strings.TrimSpace(t), Include: include})
	}
	return out
}

func listHighlights(a *app, cmd *cobra.Command, asJSON bool) error {
	st, err := a.open(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	hs, err := st.Highlights(cmd.Context())
	if err != nil {
		return err
	}
	if asJSON {
		return ui.JSON(a.streams.Out, nonNil(hs))
	}
	t := ui.NewTable("term", "kind")
	for _, h := range hs {
		t.Row(h.Term, h.Kind())
	}
	return printOrNone(a, t, "no highlight terms: add them with `winnow highlight add --include TERM`")
}
