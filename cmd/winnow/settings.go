package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listReasons(a, cmd, asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the reasons",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return listReasons(a, cmd, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	add := &cobra.Command{
		Use:   "add REASON...",
		Short: "Add reasons to the list (lead)",
		Args:  cobra.MinimumNArgs(1),
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
		Args:  cobra.ExactArgs(1),
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

// openLead opens the review for a change only a lead may make.
func (a *app) openLead(cmd *cobra.Command) (*store.Store, review.Reviewer, error) {
	ctx := cmd.Context()
	st, err := a.open(ctx)
	if err != nil {
		return nil, review.Reviewer{}, err
	}
	team, err := st.Team(ctx)
	if err == nil {
		var by review.Reviewer
		if by, err = review.Lead(team, a.reviewer); err == nil {
			return st, by, nil
		}
	}
	st.Close()
	return nil, review.Reviewer{}, err
}

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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list := &cobra.Command{
		Use: "list", Short: "List the highlight terms: the team's, and yours (--reviewer)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return listHighlights(a, cmd, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	add := &cobra.Command{
		Use:   "add --include TERM | --exclude TERM [--mine]",
		Short: "Add highlight terms: the team's (lead), or your own (--mine, anyone)",
		Args:  cobra.NoArgs,
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
		Use: "remove TERM [--mine]", Short: "Remove a highlight term: the team's (lead), or your own (--mine)", Args: cobra.ExactArgs(1),
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

func newBlindCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "blind [on|off]",
		Short: "Show or set blind mode (only a lead sets it; logged)",
		Long: `While the review is blind (the default), nothing run as one screener shows
another's decisions, reasons or notes, nor the outcomes that follow from them
(conflicts, included and excluded counts, others' progress). A lead sees
everything. Blind mode protects honest reviewers from seeing by accident: it
is not access control (anyone can type another name, or open the file).`,
		Args: cobra.MaximumNArgs(1),
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

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

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
			title, _ := st.Setting(ctx, "title")
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func setConfig(a *app, cmd *cobra.Command, key, value string) error {
	ctx := cmd.Context()
	switch key {
	case "screeners":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 10 {
			return usageError{fmt.Errorf("screeners must be a number from 1 to 10, not %q", value)}
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

func newStatusCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "How far screening has come at each stage",
		Long: `Per stage: the records in it, how many you decided, and how many have all
their screeners' decisions; for a lead (or anyone once blind mode is off) also
the conflicts open (waiting for a lead) and resolved, the included and
excluded records so far, and each screener's progress. In --json, what you
may not see is null.

When title-abstract screening is prioritised (some screener's queue was
ranked), a lead also sees the statistical stopping rule of Callaghan &
Müller-Hansen (2020): the p-value of the hypothesis that recall is still below
95%, from the records screened in the order they were first decided (see
'winnow stop --rule buscar').`,
		Example: `  winnow --reviewer alice status
  winnow --reviewer bob status --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			stages, err := screening.Status(ctx, st, viewer)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, map[string]any{"stages": stages})
			}
			t := ui.NewTable("stage", "records", "decided by me", "complete", "conflicts open", "resolved", "included", "excluded")
			for _, s := range stages {
				t.Row(string(s.Stage), strconv.Itoa(s.Records), strconv.Itoa(s.DecidedByMe), strconv.Itoa(s.Complete),
					hidden(s.Conflicts), hidden(s.Resolved), hidden(s.Included), hidden(s.Excluded))
			}
			if err := t.Print(a.streams); err != nil {
				return err
			}
			for _, s := range stages {
				if s.Waiting != "" {
					fmt.Fprintf(a.streams.Err, "%s: %s\n", s.Stage, s.Waiting)
				}
				if s.NotRetrieved != nil && *s.NotRetrieved > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %d reports not retrieved\n", s.Stage, *s.NotRetrieved)
				}
				if s.ReasonConflicts != nil && *s.ReasonConflicts > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %d of the open conflicts are on the exclusion reason (the records are excluded; the reason waits for a lead)\n", s.Stage, *s.ReasonConflicts)
				}
				if s.Forwarded != nil && *s.Forwarded > 0 {
					fmt.Fprintf(a.streams.Out, "%s: %d open conflicts went on to full text (conflicts forward)\n", s.Stage, *s.Forwarded)
				}
			}
			for _, s := range stages {
				if p := s.Stopping; p != nil {
					advice := "keep screening"
					if p.Rejected {
						advice = "a lead may stop: winnow stop --rule buscar"
					}
					fmt.Fprintf(a.streams.Out, "%s: stopping rule %s: %s; %d of %d records screened, %d relevant: %s\n",
						s.Stage, p.Rule, p.Verdict, p.Screened, p.Records, p.Relevant, advice)
				}
				if s.AutoExcluded != nil {
					fmt.Fprintf(a.streams.Out, "%s: stopped; %d records excluded by automation, %d single-screened exclusions\n", s.Stage, *s.AutoExcluded, *s.SingleScreened)
				}
			}
			pt := ui.NewTable("stage", "screener", "decided", "since last include", "queue", "screened")
			for _, s := range stages {
				for _, p := range s.Screeners {
					pt.Row(string(s.Stage), p.Reviewer, strconv.Itoa(p.Decided), strconv.Itoa(p.SinceInclude), strconv.Itoa(p.Queue),
						strconv.FormatFloat(100*p.Screened, 'f', 1, 64)+"%")
				}
			}
			if pt.Len() > 0 {
				fmt.Fprintln(a.streams.Out)
				if err := pt.Print(a.streams); err != nil {
					return err
				}
			}
			if !viewer.SeesAll() {
				fmt.Fprintln(a.streams.Err, "blind mode: conflicts, included and excluded are for leads until a lead runs `winnow blind off`")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// hidden prints a count the viewer may not see as "-".
func hidden(n *int) string {
	if n == nil {
		return "-"
	}
	return strconv.Itoa(*n)
}
