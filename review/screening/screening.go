// Package screening is the screening use case: a reviewer's queue at a
// stage and the session that walks it, decisions made one at a time or
// loaded from a file, full texts, and how far screening has come. Blind
// mode is decided here, through review.Viewer: nothing this package
// returns to a screener carries another screener's decisions, nor
// anything that follows from them.
package screening

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Order is the order a queue is walked in.
type Order string

// The orders of a queue.
const (
	Imported Order = "imported" // record number order
	Random   Order = "random"   // a shuffle seeded per reviewer and stage
	// Prioritised ranks the title-abstract queue by predicted relevance,
	// learned from the decisions the reviewer may learn from, and ranks
	// again after each decision.
	Prioritised Order = "prioritised"
)

// ParseOrder reads an --order value.
func ParseOrder(s string) (Order, error) {
	switch o := Order(strings.ToLower(strings.TrimSpace(s))); o {
	case "", Imported:
		return Imported, nil
	case Random:
		return Random, nil
	case Prioritised, "prioritized", "relevance":
		return Prioritised, nil
	}
	return "", fmt.Errorf("order %q: give imported, random or prioritised", s)
}

// ErrStageClosed is a full-text stage not yet open to a blind screener.
var ErrStageClosed = errors.New("stage not open")

// StageOpen refuses what a screener may not yet do at a stage. While the
// review is blind, full text opens to screeners only once every
// title-abstract record has all its decisions: a record I included
// turning up at full text (or a full-text decision on it being refused)
// would otherwise tell me how my colleague voted on it.
func StageOpen(ctx context.Context, st *store.Store, viewer review.Viewer, stage review.Stage) error {
	if stage != review.FullText || viewer.SeesAll() {
		return nil
	}
	counts, err := st.Counts(ctx, viewer.Name)
	if err != nil {
		return err
	}
	if counts[review.TitleAbstract].Pending > 0 {
		return review.Refuse(ErrStageClosed, "full-text screening opens to screeners when every title-abstract record has all its decisions: while the review is blind, an earlier start would show you how others voted (a lead can turn blind mode off with `winnow blind off`)")
	}
	return nil
}

// Status tells how far screening has come at each stage, as the viewer may
// see it: a screener sees the records per stage, their own progress and
// how many records are fully screened; a lead (or anyone once blind mode
// is off) also the conflicts open and resolved, the included and
// excluded records and each screener's progress.
func Status(ctx context.Context, st *store.Store, viewer review.Viewer) ([]review.StageStatus, error) {
	counts, err := st.Counts(ctx, viewer.Name)
	if err != nil {
		return nil, err
	}
	if err := markRemoved(ctx, st, counts); err != nil {
		return nil, err
	}
	var out []review.StageStatus
	for _, stage := range review.Stages {
		c := counts[stage]
		s := review.StageStatus{Stage: stage, Records: c.Records, DecidedByMe: c.DecidedByMe, Complete: c.Complete}
		if viewer.Name == "" {
			s.DecidedByMe = 0
		}
		if viewer.SeesAll() {
			s.Conflicts, s.Resolved, s.Included, s.Excluded = ptr(c.Conflicts), ptr(c.Resolved), ptr(c.Included), ptr(c.Excluded)
			if stage == review.FullText {
				s.NotRetrieved, s.ReasonConflicts = ptr(c.NotRetrieved), ptr(c.ReasonConflicts)
			} else if c.Forwarded > 0 {
				s.Forwarded = ptr(c.Forwarded)
			}
			if c.AutoExcluded > 0 || c.SingleScreened > 0 {
				s.AutoExcluded, s.SingleScreened = ptr(c.AutoExcluded), ptr(c.SingleScreened)
			}
			s.Screeners = c.Screeners
			if stage == review.TitleAbstract && c.AutoExcluded == 0 {
				if s.Stopping, err = stopping(ctx, st, viewer); err != nil {
					return nil, err
				}
			}
			out = append(out, s)
			continue
		}
		// A screener sees their own progress, nobody else's.
		for _, p := range c.Screeners {
			if viewer.Name != "" && strings.EqualFold(p.Reviewer, viewer.Name) {
				s.Screeners = append(s.Screeners, p)
			}
		}
		if err := StageOpen(ctx, st, viewer, stage); err != nil {
			if !errors.Is(err, ErrStageClosed) {
				return nil, err
			}
			s.Records, s.Complete, s.Screeners = 0, 0, nil
			s.Waiting = "opens when every title-abstract record has all its decisions"
		}
		out = append(out, s)
	}
	return out, nil
}

func ptr(n int) *int { return &n }

// The stopping rule status shows: 95 % recall, alpha 0.05.
const (
	StatusRecall = 0.95
	StatusAlpha  = 0.05
)

// stopping gives the stopping rule's verdict for a review screened in
// prioritised order (some screener's queue was ranked), nil otherwise.
func stopping(ctx context.Context, st *store.Store, viewer review.Viewer) (*review.StoppingStatus, error) {
	ranks, err := st.LatestEvents(ctx, RankAction)
	if err != nil || len(ranks) == 0 {
		return nil, err
	}
	t, err := StopTest(ctx, st, viewer, StatusRecall)
	if err != nil {
		return nil, err
	}
	return &review.StoppingStatus{Rule: BuscarRule, Recall: t.Target, Alpha: StatusAlpha, P: t.P, Rejected: t.Rejects(StatusAlpha),
		Screened: t.Screened, Relevant: t.Found, Records: t.Total, Verdict: BuscarVerdict(t, StatusAlpha)}, nil
}

// seed gives a reviewer's own shuffle of a stage, the same every session.
func seed(reviewer string, stage review.Stage, salt string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(reviewer) + "\x00" + string(stage) + "\x00" + salt))
	return h.Sum64()
}

// mix is splitmix64's finaliser: a record's place in a seeded shuffle.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// shuffle orders ids by their place in the seeded shuffle. A record keeps
// its place when others are added, so a reviewer's order survives imports.
func shuffle(ids []int64, seed uint64) {
	type placed struct {
		key uint64
		id  int64
	}
	ps := make([]placed, len(ids))
	for i, id := range ids {
		ps[i] = placed{mix(uint64(id) ^ seed), id}
	}
	slices.SortFunc(ps, func(a, b placed) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	for i, p := range ps {
		ids[i] = p.id
	}
}
