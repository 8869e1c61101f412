package screening

import (
	"context"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Departure is what a member leaving the team leaves behind.
type Departure struct {
	Name       string `json:"name"`
	ReplacedBy string `json:"replaced_by,omitempty"`
	By         string `json:"by"`
	DecidedTA  int    `json:"decided_title_abstract"`
	DecidedFT  int    `json:"decided_full_text"`
	Conflicts  int    `json:"open_conflicts"`
	Screening  int    `json:"screening_members"`
	Screeners  int    `json:"screeners"`
	Shortfall  bool   `json:"shortfall"`
}

// Remove takes a member off the team (`winnow team remove`), or replaces
// them with a new member (`winnow team replace`, replacement not ""), as
// the lead actor. Their decisions stay (see review/departure.go); the
// records they had not decided stay in the pool that every other
// member's queue draws from. Shortfall is set when fewer members are
// left than the decisions each record needs: the review cannot finish
// until a lead adds someone.
func Remove(ctx context.Context, st *store.Store, actor, name, replacement string) (*Departure, error) {
	team, err := st.Team(ctx)
	if err != nil {
		return nil, err
	}
	by, err := review.Lead(team, actor)
	if err != nil {
		return nil, err
	}
	r, err := review.CheckRemoval(team, by, name)
	if err != nil {
		return nil, err
	}
	if replacement != "" {
		if err := review.ValidName(replacement); err != nil {
			return nil, review.Refuse(review.ErrUnknownReviewer, "%s", err)
		}
	}
	if err := st.RemoveReviewer(ctx, r.Name, replacement, by.Name); err != nil {
		return nil, err
	}
	d := &Departure{Name: r.Name, ReplacedBy: replacement, By: by.Name}
	if d.DecidedTA, err = st.DecidedCount(ctx, r.Name, review.TitleAbstract); err != nil {
		return nil, err
	}
	if d.DecidedFT, err = st.DecidedCount(ctx, r.Name, review.FullText); err != nil {
		return nil, err
	}
	if d.Conflicts, err = st.OpenConflictsWith(ctx, r.Name); err != nil {
		return nil, err
	}
	set, err := st.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	now, err := st.Team(ctx)
	if err != nil {
		return nil, err
	}
	d.Screening, d.Screeners = review.Screening(now), set.Screeners
	d.Shortfall = d.Screening < d.Screeners
	return d, nil
}

// markRemoved marks the progress of the members no longer on the team:
// their decisions count, their queue is empty (the records they left
// undecided are the rest of the team's to screen).
func markRemoved(ctx context.Context, st *store.Store, counts map[review.Stage]*store.StageCounts) error {
	team, err := st.Team(ctx)
	if err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, r := range team {
		if r.Removed != nil {
			gone[strings.ToLower(r.Name)] = true
		}
	}
	if len(gone) == 0 {
		return nil
	}
	for _, c := range counts {
		for i := range c.Screeners {
			p := &c.Screeners[i]
			if gone[strings.ToLower(p.Reviewer)] {
				p.Removed, p.Queue = true, 0
				if p.Decided > 0 {
					p.Screened = 1
				}
			}
		}
	}
	return nil
}
