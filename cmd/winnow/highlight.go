package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

func newHighlightCmd(a *app) *cobra.Command {
	var asJSON, mine, removeMine bool
	var include, exclude []string
	cmd := &cobra.Command{
		Use:   "highlight [add|list|remove]",
		Short: "Terms marked on the screen: include terms in one colour, exclude terms in another",
		Long: `Highlight terms are marked in titles and abstracts on the screen: include
terms in green, exclude terms in red (+term+ and -term- under NO_COLOR).

A term matches whole words, ignoring case and accents ("care" marks "Care"
but not "careful"; "sante" marks "santé"); a trailing * matches every word
that starts so ("integrat*" marks "integrated" and "integration"). A term of
several words matches them in a row.

The team's terms are set by a lead and shown to everyone. Any screener adds
terms of their own with --mine: shown on their screen only, listed to them
only, and logged so that only they see the entry (a screener's own terms
would tell others what they look for).`,
		Example: `  winnow --reviewer alice highlight add --include "integrated care" --include 'multimorbid*'
  winnow --reviewer alice highlight add --exclude paediatric*
  winnow --reviewer bob highlight add --mine --include frail*
  winnow --reviewer bob highlight remove --mine frail*
  winnow --reviewer bob highlight list`,
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	addJSONFlag(cmd, &asJSON)
	list := &cobra.Command{
		Use: "list", Short: "List the highlight terms: the team's, and yours (--reviewer)",
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	add := &cobra.Command{
		Use:   "add --include TERM | --exclude TERM [--mine]",
		Short: "Add highlight terms: the team's (lead), or your own (--mine, anyone)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(include)+len(exclude) == 0 {
				return usageError{errors.New("give --include TERM or --exclude TERM")}
			}
			ctx := cmd.Context()
			hs := append(terms(include, true, mine), terms(exclude, false, mine)...)
			for _, h := range hs {
				if err := checkText("term", h.Term); err != nil {
					return err
				}
				if err := review.CheckHighlight(h.Term); err != nil {
					return usageError{err}
				}
			}
			st, by, err := a.openHighlighter(cmd, mine)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, h := range hs {
				added, err := st.AddHighlight(ctx, h, by.Name)
				if err != nil {
					return err
				}
				switch {
				case added && mine:
					fmt.Fprintf(a.streams.Err, "added %s term %q (yours: no one else sees it)\n", h.Kind(), h.Term)
				case added:
					fmt.Fprintf(a.streams.Err, "added %s term %q\n", h.Kind(), h.Term)
				default:
					fmt.Fprintf(a.streams.Err, "%s term %q is there already\n", h.Kind(), h.Term)
				}
			}
			return nil
		},
	}
	add.Flags().StringArrayVar(&include, "include", nil, "a term that suggests inclusion (repeatable)")
	add.Flags().StringArrayVar(&exclude, "exclude", nil, "a term that suggests exclusion (repeatable)")
	add.Flags().BoolVar(&mine, "mine", false, "a term of your own, shown on your screen only")
	remove := &cobra.Command{
		Use: "remove TERM [--mine]", Short: "Remove a highlight term: the team's (lead), or your own (--mine)",
		RunE: func(cmd *cobra.Command, args []string) error {
			st, by, err := a.openHighlighter(cmd, removeMine)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RemoveHighlight(cmd.Context(), strings.TrimSpace(args[0]), by.Name, removeMine); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "removed term %q\n", args[0])
			return nil
		},
	}
	remove.Flags().BoolVar(&removeMine, "mine", false, "remove a term of your own")
	cmd.AddCommand(add, list, remove)
	return cmd
}

// openHighlighter opens the review to change highlight terms: the
// team's are a lead's to change, anyone's own (mine) their own.
func (a *app) openHighlighter(cmd *cobra.Command, mine bool) (*store.Store, review.Reviewer, error) {
	if mine {
		return a.openNamed(cmd.Context(), "keeping highlight terms of their own")
	}
	return a.openLead(cmd)
}

func terms(ts []string, include, mine bool) []review.Highlight {
	var out []review.Highlight
	for _, t := range ts {
		out = append(out, review.Highlight{Term: strings.TrimSpace(t), Include: include, Mine: mine})
	}
	return out
}

func listHighlights(a *app, cmd *cobra.Command, asJSON bool) error {
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
	hs, err := st.Highlights(ctx, viewer.Name)
	if err != nil {
		return err
	}
	if asJSON {
		return ui.JSON(a.streams.Out, nonNil(hs))
	}
	t := ui.NewTable("term", "kind", "whose")
	for _, h := range hs {
		whose := "team"
		if h.Mine {
			whose = "mine"
		}
		t.Row(h.Term, h.Kind(), whose)
	}
	return printOrNone(a, t, "no highlight terms: a lead adds the team's with `winnow highlight add --include TERM`; add your own with --mine")
}
