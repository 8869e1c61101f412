package screening

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// ErrImportedNames is screening from another tool whose reviewers are not
// all on the team under those names, nor mapped to a member.
var ErrImportedNames = errors.New("reviewers not on the team")

// ErrNoImported is a review none of whose records carries screening from
// another tool.
var ErrNoImported = errors.New("no screening from another tool")

// DecideImported makes winnow decisions at stage of the screening Rayyan
// wrote into the records' notes (see review.ImportedVotes): each
// reviewer's Included, Excluded or Maybe becomes their include, exclude or
// maybe, with their notes as the decision's note and, on an exclusion,
// the record's exclusion reasons as its reason (Rayyan keeps reasons per
// record, not per reviewer). as maps the names Rayyan knew reviewers by
// to team members (any case); a name not mapped must be a member's. A
// record linked as a duplicate gives its decisions to its cluster's
// primary, unless the primary carries a decision of that reviewer itself
// (or an earlier duplicate did: the first in record order counts).
// Only a lead may do it, as a lead loads decisions for others; it is
// checked whole first and lands in one transaction, each decision logged
// as loaded by the lead from the record's notes.
func DecideImported(ctx context.Context, st *store.Store, by review.Reviewer, team []review.Reviewer, viewer review.Viewer, stage review.Stage, as map[string]string) (int, error) {
	if _, err := review.Lead(team, by.Name); err != nil {
		return 0, err
	}
	if err := StageOpen(ctx, st, viewer, stage); err != nil {
		return 0, err
	}
	mapped := map[string]string{}
	for from, to := range as {
		m, err := review.Actor(team, to)
		if err != nil {
			return 0, fmt.Errorf("%s=%s: %w", from, to, err)
		}
		mapped[strings.ToLower(from)] = m.Name
	}
	member := func(name string) (string, bool) {
		if m, ok := mapped[strings.ToLower(name)]; ok {
			return m, true
		}
		if m, err := review.Actor(team, name); err == nil {
			return m.Name, true
		}
		return "", false
	}
	type key struct {
		record   int64
		reviewer string
	}
	var votes []review.Vote
	at := map[key]int{} // a vote's index, by primary and reviewer
	var unknown []string
	err := st.EachRawWith(ctx, "RAYYAN-INCLUSION:", func(id, primary int64, raw string) error {
		ivs, reasons, err := review.ImportedVotes(raw)
		if err != nil {
			return fmt.Errorf("record %d: Rayyan's notes: %w", id, err)
		}
		for _, iv := range ivs {
			name, ok := member(iv.Reviewer)
			if !ok {
				if !slices.Contains(unknown, iv.Reviewer) {
					unknown = append(unknown, iv.Reviewer)
				}
				continue
			}
			reason := ""
			if iv.Decision == review.Exclude {
				reason = reasons
			}
			if err := review.CheckReason(stage, iv.Decision, reason); err != nil {
				return fmt.Errorf("record %d, %s: %w", id, iv.Reviewer, err)
			}
			v := review.Vote{RecordID: primary, Stage: stage, Reviewer: name, Decision: iv.Decision, Reason: reason, Note: iv.Note,
				From: fmt.Sprintf("Rayyan's notes of record %d", id)}
			if !strings.EqualFold(name, by.Name) {
				v.LoadedBy = by.Name
			}
			k := key{primary, name}
			switch i, seen := at[k]; {
			case !seen:
				at[k] = len(votes)
				votes = append(votes, v)
			case id == primary:
				votes[i] = v // the primary's own decision stands
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(unknown) > 0 {
		return 0, review.RefuseFix(ErrImportedNames, review.FixMapNames, "", "Rayyan names %s, not on the team", quoteNames(unknown))
	}
	if len(votes) == 0 {
		return 0, review.Refuse(ErrNoImported, "no record of the review carries decisions made in Rayyan (RAYYAN-INCLUSION in its notes)")
	}
	return len(votes), st.Decide(ctx, votes, by.Name)
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
