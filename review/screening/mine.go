package screening

import (
	"context"
	"errors"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Filter selects records by decision for `winnow records --decision`.
type Filter struct {
	Stage review.Stage
	// Decision is "include", "exclude", "maybe", "undecided" (in the
	// queue, not yet decided) or "" (any current decision, or none when
	// Outcome alone selects).
	Decision string
	// By names whose decisions are listed: the viewer when empty.
	By string
	// Outcome is included, excluded, conflict, pending or resolved.
	Outcome string
	// Label keeps the records the listed reviewer labelled so.
	Label  string
	Search string
	Limit  int
}

// Outcomes are the values Filter.Outcome takes.
var Outcomes = []string{"included", "excluded", "conflict", "pending", "resolved"}

// ErrBadFilter is a --decision or --outcome value not understood.
var ErrBadFilter = errors.New("unknown filter")

// ParseFilterDecision reads a --decision value for a listing: a decision,
// or undecided.
func ParseFilterDecision(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "undecided" || s == "u" {
		return "undecided", nil
	}
	d, err := review.ParseDecision(s)
	if err != nil {
		return "", review.Refuse(ErrBadFilter, "decision %q: give include, exclude, maybe or undecided", s)
	}
	return string(d), nil
}

// ParseFilterOutcome reads an --outcome value for a listing.
func ParseFilterOutcome(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, o := range Outcomes {
		if o == s {
			return s, nil
		}
	}
	return "", review.Refuse(ErrBadFilter, "outcome %q: give %s", s, strings.Join(Outcomes, ", "))
}

// Screened lists the records on which a reviewer's current decision at a
// stage is the one asked, with that decision, its reason and their note.
//
// What may be asked follows the blind rule: a screener lists their own
// decisions and their own queue; another reviewer's decisions (By) and
// outcomes, which follow from everyone's decisions, only a viewer who
// sees every decision may ask for (a lead, or anyone once blind mode is
// off). A screener's full-text queue waits, as their screen does, until
// the stage is open to them.
func Screened(ctx context.Context, st *store.Store, team []review.Reviewer, viewer review.Viewer, f Filter, fn func(store.Screened) error) error {
	who := viewer.Name
	if f.By != "" {
		r, err := review.Member(team, f.By)
		if err != nil {
			return err
		}
		who = r.Name
	}
	if who == "" {
		return review.Need("reviewer", review.ErrNoReviewer, "listing decisions needs a reviewer")
	}
	if !viewer.SeesAll() {
		if !strings.EqualFold(who, viewer.Name) {
			return review.RefuseFix(review.ErrBlind, review.FixOthers, "", "the review is blind: only a lead lists another screener's decisions")
		}
		if f.Outcome != "" {
			return review.Refuse(review.ErrBlind, "the review is blind: only a lead lists records by outcome, which follows from every screener's decisions")
		}
	}
	q := store.ScreenedQuery{Reviewer: who, Stage: f.Stage, Outcome: f.Outcome, Search: f.Search, Limit: f.Limit}
	if f.Label != "" {
		l, err := review.CleanLabel(f.Label)
		if err != nil {
			return err
		}
		q.Label = l
	}
	switch f.Decision {
	case "undecided":
		q.Undecided = true
		if err := StageOpen(ctx, st, viewer, f.Stage); err != nil {
			return err
		}
	case "":
	default:
		d, err := review.ParseDecision(f.Decision)
		if err != nil {
			return err
		}
		q.Decision = d
	}
	if f.Outcome != "" {
		if _, err := ParseFilterOutcome(f.Outcome); err != nil {
			return err
		}
	}
	return st.EachScreened(ctx, q, fn)
}
