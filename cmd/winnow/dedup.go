package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/pairs"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/dedup/match"
	"github.com/winnow-review/winnow/review/store"
)

func newDedupCmd(a *app) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "dedup",
		Short: "Link duplicate records across sources",
		Long: `Find the records that are the same work and link them: each cluster keeps one
primary record for screening, the others stay in the review as its dedup.

Sure duplicates are linked (same PMID; same DOI with compatible titles; same
title, year and first author with nothing disagreeing; a similar title whose
citation agrees). Unsure pairs wait for a person: see 'winnow dedup queue'
and 'winnow dedup decide'. Records whose DOIs or PMIDs differ, a notice and
its article, and companion papers (Part I / Part II) are never linked. Each
run compares the records imported since the last one with everything, and
keeps every earlier decision.

People link records with 'winnow dedup link' (or d in the screen) and take
them apart with 'winnow dedup unlink' (one record) or 'winnow dedup undo' (a
whole cluster, a lead's); a screener takes apart only links they made.`,
		Example: `  winnow dedup --dry-run
  winnow dedup
  winnow dedup queue
  winnow dedup decide 12-40 different
  winnow dedup review
  winnow dedup link 12 40
  winnow dedup unlink 40
  winnow dedup undo 12 --dry-run`,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A million records' keys and blocks fit in well under 1 GiB
			// only when the collector runs before the heap doubles. The
			// limit is the Go heap's: SQLite's page caches (64 MiB a
			// connection) and the driver's memory come on top (900 MiB
			// gave a peak of 1,056 MiB at a million, 800 MiB 896 MiB for
			// the same CPU time; docs/scale.md).
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(800 << 20)
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
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			res, err := dedup.Run(ctx, st, by.Name, viewer, dryRun)
			if err != nil {
				return err
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
			fmt.Fprintf(a.streams.Err, "%s compared; %s %s%s; %s queued for a person; %s in all\n",
				plural(res.Compared, "record"), verb, plural(len(res.Links), "pair"), reasonSummary(res.Reasons()), plural(len(res.Queue), "pair"), plural(res.Removed, "duplicate"))
			if len(res.Merged) > 0 {
				fmt.Fprintf(a.streams.Err, "screening decisions on linked records are kept together on their cluster: records %s\n", review.JoinIDs(res.Merged))
			}
			if len(res.Queue) > 0 && !dryRun {
				fmt.Fprintln(a.streams.Err, "see the unsure pairs with `winnow dedup queue`")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be linked, with the reason of each link, and change nothing")
	addJSONFlag(cmd, &asJSON)
	cmd.AddCommand(newDedupQueueCmd(a), newDedupReviewCmd(a), newDedupDecideCmd(a), newDedupLinkCmd(a), newDedupUnlinkCmd(a), newDedupUndoCmd(a))
	return cmd
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

func pairTable(pairs []match.Pair) *ui.Table {
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
			st, by, err := a.openLinker(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := dedup.Decide(ctx, st, by, x, y, same); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "%d and %d: %s\n", x, y, args[1])
			return nil
		},
	}
}

// openLinker opens the review for a change of its clusters by the acting
// reviewer, Lead set when they may act as a lead (a lead, or anyone while
// the team has none).
func (a *app) openLinker(ctx context.Context) (*store.Store, review.Reviewer, error) {
	st, by, err := a.openAs(ctx)
	if err != nil {
		return nil, by, err
	}
	team, err := st.Team(ctx)
	if err != nil {
		st.Close()
		return nil, by, err
	}
	_, notLead := review.Lead(team, a.reviewer)
	by.Lead = notLead == nil
	return st, by, nil
}

func newDedupLinkCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "link REF REF...",
		Short: "Link records a person found to be the same work",
		Long: `Link records into one cluster: the same work, listed more than once. A REF is a
record number, doi:<DOI> or pmid:<PMID>; a duplicate stands for its cluster.

Linking records a person set apart (with dedup decide, unlink or undo) overrides
that verdict, and the log says so: this is how an unlink or undo is reversed. A
screener may override only their own verdicts; a lead anyone's.`,
		Example: `  winnow dedup link 12 40
  winnow dedup link 3 13 25
  winnow dedup link 12 doi:10.1136/bmj.n71`,
		RunE: func(cmd *cobra.Command, args []string) error {
			refs := make([]review.Ref, len(args))
			for i, arg := range args {
				ref, err := review.ParseRef(arg)
				if err != nil {
					return usageError{err}
				}
				refs[i] = ref
			}
			ctx := cmd.Context()
			st, by, err := a.openLinker(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			viewer, err := a.viewer(ctx, st)
			if err != nil {
				return err
			}
			linked, err := dedup.LinkRefs(ctx, st, by, viewer, refs)
			if err != nil {
				return err
			}
			for _, p := range linked.Overridden {
				fmt.Fprintf(a.streams.Err, "records %d and %d had been set apart: they are the same work now\n", p[0], p[1])
			}
			fmt.Fprintf(a.streams.Err, "linked: record %d is the primary of %s\n", linked.Cluster[0], review.JoinIDs(linked.Cluster))
			if linked.Merged {
				fmt.Fprintf(a.streams.Err, "both records carry screening decisions: all are kept on record %d, whose outcome now follows from them together\n", linked.Cluster[0])
			}
			return nil
		},
	}
}

func newDedupUnlinkCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "unlink REF",
		Short: "Take one record out of its duplicate cluster",
		Long: `Take one record out of its cluster: its links are undone, it is recorded as a
different work from each of the cluster's other records (so no later dedup run
links them again), and the others stay one cluster. REF names the record itself
(a number, or a DOI or PMID only it has), not its cluster.

A screener may unlink only a record held by links they made themselves; links
made by dedup, by a lead or by another screener are for a lead to undo.
--dry-run lists the links that would be undone, who made each, and the records
that would come back into the screeners' queues. 'winnow dedup link' reverses
an unlink.`,
		Example: `  winnow dedup unlink 13 --dry-run
  winnow dedup unlink 13
  winnow dedup link 13 3`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, by, err := a.openLinker(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			id, err := dedup.RecordOf(ctx, st, ref)
			if err != nil {
				return err
			}
			sp, err := dedup.Unlink(ctx, st, by, id, dryRun)
			if err != nil {
				return err
			}
			return printSplit(a, sp, dryRun)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what the unlink would undo and change nothing")
	return cmd
}

func newDedupUndoCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "undo CLUSTER",
		Short: "Split a whole duplicate cluster again (lead; CLUSTER: any of its records)",
		Long: `Split a cluster: every link between its records is undone and every pair of them
recorded as different works, so that no later dedup run links them again. The
records that were duplicates come back into every screener's queue. Only a lead
splits a cluster; to take one record out, use 'winnow dedup unlink REF'.
--dry-run lists what would be undone; 'winnow dedup link' reverses an undo.`,
		Example: `  winnow dedup undo 3 --dry-run
  winnow dedup undo 3
  winnow dedup link 3 13 25`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := review.ParseRef(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, by, err := a.openLinker(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			found, err := st.FindRef(ctx, ref)
			if err != nil {
				return err
			}
			sp, err := dedup.Undo(ctx, st, by, found[0], dryRun)
			if err != nil {
				return err
			}
			return printSplit(a, sp, dryRun)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what the undo would undo and change nothing")
	return cmd
}

// printSplit tells what an unlink or undo did, or (dryRun) would do: the
// links undone with who made them on stdout (dry run), the rest on
// stderr.
func printSplit(a *app, sp *dedup.Split, dryRun bool) error {
	if dryRun {
		t := ui.NewTable("a", "b", "made by", "reasons")
		t.Shrink = 3
		for _, l := range sp.Undone {
			t.Row(strconv.FormatInt(l.A, 10), strconv.FormatInt(l.B, 10), dedup.Maker(l), strings.Join(l.Reasons, "; "))
		}
		if err := t.Print(a.streams); err != nil {
			return err
		}
	}
	w := a.streams.Err
	apart := make([]string, len(sp.Apart))
	for i, p := range sp.Apart {
		apart[i] = fmt.Sprintf("%d-%d", p[0], p[1])
	}
	switch {
	case dryRun && sp.Record != 0:
		fmt.Fprintf(w, "would take record %d out of the cluster of %s: %s undone; %s recorded as different\n",
			sp.Record, review.JoinIDs(sp.Cluster), plural(len(sp.Undone), "link"), strings.Join(apart, ", "))
	case dryRun:
		fmt.Fprintf(w, "would split the cluster of %s: %s undone; %s recorded as different\n",
			review.JoinIDs(sp.Cluster), plural(len(sp.Undone), "link"), strings.Join(apart, ", "))
	case sp.Record != 0:
		others := slices.DeleteFunc(slices.Clone(sp.Cluster), func(id int64) bool { return id == sp.Record })
		fmt.Fprintf(w, "unlinked: record %d is separate from %s and will not be linked with them again\n", sp.Record, review.JoinIDs(others))
	default:
		fmt.Fprintf(w, "split: records %s are separate again and will not be linked again\n", review.JoinIDs(sp.Cluster))
	}
	would := ""
	if dryRun {
		would = "would "
	}
	for _, k := range sp.Kept {
		fmt.Fprintf(w, "records %d and %d %sstay one cluster: a link keeps them together\n", k.A, k.B, would)
	}
	switch {
	case len(sp.Requeued) == 1 && dryRun:
		fmt.Fprintf(w, "record %d would come back into the screeners' queues as a record of its own\n", sp.Requeued[0])
	case len(sp.Requeued) == 1:
		fmt.Fprintf(w, "record %d comes back into the screeners' queues as a record of its own\n", sp.Requeued[0])
	case len(sp.Requeued) > 1 && dryRun:
		fmt.Fprintf(w, "records %s would come back into the screeners' queues as records of their own\n", review.JoinIDs(sp.Requeued))
	case len(sp.Requeued) > 1:
		fmt.Fprintf(w, "records %s come back into the screeners' queues as records of their own\n", review.JoinIDs(sp.Requeued))
	}
	if !dryRun {
		fmt.Fprintf(w, "to reverse it: winnow dedup link %s\n", strings.ReplaceAll(review.JoinIDs(sp.Relink), ",", ""))
	}
	return nil
}

func newDedupReviewCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "review",
		Short: "Decide the unsure pairs in the terminal, one at a time",
		Long: `Show each unsure pair side by side, the fields that differ marked, and decide
with one key: l link them (the same work), a keep them apart (different works),
s skip, u undo (take back your last verdict or skip), q quit. Each verdict is
saved before the next pair shows.

The keys follow the screen's habits (s skips, u undoes, q quits); the verdicts
use keys the screen does not, so d (a duplicate, in the screen) decides nothing
here.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !a.streams.StdinTTY || !a.streams.StdoutTTY {
				return fmt.Errorf("dedup review needs a terminal: use `winnow dedup queue` and `winnow dedup decide PAIR same|different` instead")
			}
			ctx := cmd.Context()
			st, by, err := a.openLinker(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			queue, records, err := dedup.Queue(ctx, st)
			if err != nil {
				return err
			}
			if len(queue) == 0 {
				fmt.Fprintln(a.streams.Err, "no pairs wait for a decision")
				return nil
			}
			m := pairs.New(queue, records, func(x, y int64, same bool) (pairs.Undo, error) {
				if _, err := dedup.Decide(ctx, st, by, x, y, same); err != nil {
					return nil, err
				}
				return func() error { return dedup.Withdraw(ctx, st, by, x, y, same) }, nil
			}, a.streams.Color)
			if _, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.streams.In), tea.WithOutput(a.streams.Out)).Run(); err != nil {
				return err
			}
			fmt.Fprintf(a.streams.Err, "%d pairs decided, %d skipped\n", m.Decided, m.Skipped)
			return nil
		},
	}
}
