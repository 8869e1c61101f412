package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/pairs"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/duplicates"
)

func newDedupCmd(a *app) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "dedup",
		Short: "Link duplicate records across sources",
		Long: `Find the records that are the same work and link them: each cluster keeps one
primary record for screening, the others stay in the review as its duplicates.

Sure duplicates are linked (same PMID; same DOI with compatible titles; same
title, year and first author with nothing disagreeing; a similar title whose
citation agrees). Unsure pairs wait for a person: see 'winnow dedup queue'
and 'winnow dedup decide'. Records whose DOIs or PMIDs differ, a notice and
its article, and companion papers (Part I / Part II) are never linked. Each
run compares the records imported since the last one with everything, and
keeps every earlier decision.`,
		Example: `  winnow dedup --dry-run
  winnow dedup
  winnow dedup queue
  winnow dedup decide 12-40 different
  winnow dedup link 12 40
  winnow dedup undo 12`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A million records' keys and blocks fit in well under 1 GiB
			// only when the collector runs before the heap doubles.
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(900 << 20)
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			by := review.Reviewer{}
			if !dryRun {
				if by, err = a.actor(ctx, st); err != nil {
					return err
				}
			}
			res, err := duplicates.Run(ctx, st, by.Name, dryRun)
			if err != nil {
				return err
			}
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			if !viewer.SeesAll() {
				res.Merged = nil // that someone decided them is not for a blind screener
			}
			if asJSON {
				return ui.JSON(a.streams.Out, map[string]any{"links": nonNil(res.Links), "queue": nonNil(res.Queue), "compared": res.Compared, "duplicates": res.Removed, "decisions_kept_together": nonNil(res.Merged)})
			}
			if dryRun {
				t := pairTable(res.Links)
				if err := printOrNone(a, t, "nothing to link"); err != nil {
					return err
				}
			}
			verb := "linked"
			if dryRun {
				verb = "would link"
			}
			fmt.Fprintf(a.streams.Err, "%d records compared; %s %d pairs%s; %d pairs queued for a person; %d duplicates in all\n",
				res.Compared, verb, len(res.Links), reasonSummary(res.Reasons()), len(res.Queue), res.Removed)
			if len(res.Merged) > 0 {
				fmt.Fprintf(a.streams.Err, "screening decisions on linked records are kept together on their cluster: records %s\n", joinIDs(res.Merged))
			}
			if len(res.Queue) > 0 && !dryRun {
				fmt.Fprintln(a.streams.Err, "see the unsure pairs with `winnow dedup queue`")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be linked, with the reason of each link, and change nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(newDedupQueueCmd(a), newDedupReviewCmd(a), newDedupDecideCmd(a), newDedupLinkCmd(a), newDedupUndoCmd(a))
	return cmd
}

// nonNil makes a nil slice print as [] in JSON.
func nonNil[T any](p []T) []T {
	if p == nil {
		return []T{}
	}
	return p
}

func reasonSummary(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func pairTable(pairs []dedup.Pair) *ui.Table {
	t := ui.NewTable("a", "b", "score", "reasons")
	t.Shrink = 3
	for _, p := range pairs {
		t.Row(strconv.FormatInt(p.A, 10), strconv.FormatInt(p.B, 10), strconv.FormatFloat(p.Score, 'f', 2, 64), strings.Join(p.Reasons, "; "))
	}
	return t
}

func newDedupQueueCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "List the unsure pairs waiting for a person",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			queue, err := st.QueuedPairs(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return ui.JSON(a.streams.Out, nonNil(queue))
			}
			return printOrNone(a, pairTable(queue), "no pairs wait for a decision")
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {a, b, score, reasons}")
	return cmd
}

// parsePair reads a PAIR argument: "12-40", "12,40" or "12:40".
func parsePair(s string) (int64, int64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ',' || r == ':' })
	if len(f) == 2 {
		a, err1 := strconv.ParseInt(f[0], 10, 64)
		b, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 == nil && err2 == nil && a > 0 && b > 0 {
			return a, b, nil
		}
	}
	return 0, 0, fmt.Errorf("pair %q: give two record numbers as A-B, e.g. 12-40", s)
}

func newDedupDecideCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "decide PAIR same|different",
		Short: "Decide an unsure pair: the same work (link them) or different",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			x, y, err := parsePair(args[0])
			if err != nil {
				return usageError{err}
			}
			var same bool
			switch args[1] {
			case "same":
				same = true
			case "different":
			default:
				return usageError{fmt.Errorf("decision %q: say same or different", args[1])}
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := duplicates.Decide(ctx, st, by.Name, x, y, same); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "%d and %d: %s\n", x, y, args[1])
			return nil
		},
	}
}

func newDedupLinkCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "link REF REF",
		Short: "Link two records a person found to be the same work",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var refs [2]review.Ref
			for i, arg := range args {
				ref, err := review.ParseRef(arg)
				if err != nil {
					return usageError{err}
				}
				refs[i] = ref
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			var ids [2]int64
			for i, ref := range refs {
				found, err := st.FindRef(ctx, ref)
				if err != nil {
					return err
				}
				ids[i] = found[0]
			}
			if ids[0] == ids[1] {
				return fmt.Errorf("%s and %s are already one cluster (record %d)", args[0], args[1], ids[0])
			}
			linked, err := duplicates.Link(ctx, st, by.Name, ids[0], ids[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "linked: record %d is the primary of %s\n", linked.Cluster[0], joinIDs(linked.Cluster))
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			if linked.Merged && viewer.SeesAll() {
				fmt.Fprintf(a.streams.Err, "both records carry screening decisions: all are kept on record %d, whose outcome now follows from them together\n", linked.Cluster[0])
			}
			return nil
		},
	}
}

func newDedupUndoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "undo CLUSTER",
		Short: "Split a duplicate cluster again (CLUSTER: any of its records)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("cluster %q: give the number of one of its records", args[0])}
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			members, err := duplicates.Undo(ctx, st, by.Name, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "split: records %s are separate again and will not be linked again\n", joinIDs(members))
			return nil
		},
	}
}

func newDedupReviewCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "review",
		Short: "Decide the unsure pairs in the terminal, one at a time",
		Long: `Show each unsure pair side by side, the fields that differ marked, and decide
with one key: s same work (link them), d different, k skip, q quit. Each
decision is saved before the next pair shows.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !a.streams.StdinTTY || !a.streams.StdoutTTY {
				return fmt.Errorf("dedup review needs a terminal: use `winnow dedup queue` and `winnow dedup decide PAIR same|different` instead")
			}
			ctx := cmd.Context()
			st, by, err := a.openAs(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			queue, err := st.QueuedPairs(ctx)
			if err != nil {
				return err
			}
			if len(queue) == 0 {
				fmt.Fprintln(a.streams.Err, "no pairs wait for a decision")
				return nil
			}
			records := map[int64]*review.Record{}
			for _, p := range queue {
				for _, id := range []int64{p.A, p.B} {
					if records[id] == nil {
						if records[id], err = st.Record(ctx, id); err != nil {
							return err
						}
					}
				}
			}
			m := pairs.New(queue, records, func(x, y int64, same bool) error {
				return duplicates.Decide(ctx, st, by.Name, x, y, same)
			}, a.streams.Color)
			if _, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.streams.In), tea.WithOutput(a.streams.Out)).Run(); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "%d pairs decided, %d skipped\n", m.Decided, m.Skipped)
			return nil
		},
	}
}
