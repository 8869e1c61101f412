package screening

import (
	"context"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// The screen's search (/) and jump (g REF). Both stay inside what the
// reviewer may screen: the search looks in their own queue only, and a
// jump goes to a record of their queue or to one they decided
// themselves, to change that decision. Nothing either shows says
// anything about another screener's decisions: a record that is neither
// gets the same refusal whatever the reason.

// searchPage is how many matches a search reads at a time.
const searchPage = 50

// Matches are the matches of a search in the reviewer's queue, read a
// page at a time: first those after the record From (the one on screen
// when the search began), then, wrapping round, those up to it. The
// first page comes back without the search reading past it, whatever
// the size of the review.
type Matches struct {
	Query string
	From  int64
	IDs   []int64
	// Wrapped is set once the matches after From are all read; End once
	// every match is.
	Wrapped, End bool
}

// Search starts a search of the reviewer's queue (the full-text search
// of `records --search`) from the record from, with its first page.
func (s *Session) Search(ctx context.Context, text string, from int64) (Matches, error) {
	if strings.TrimSpace(text) == "" {
		return Matches{}, review.Refuse(store.ErrBadSearch, "type something to search for")
	}
	return s.More(ctx, Matches{Query: text, From: from})
}

// More reads the next page of a search's matches, and gives the matches
// with it added (unchanged once End).
func (s *Session) More(ctx context.Context, mt Matches) (Matches, error) {
	for read := len(mt.IDs); !mt.End && len(mt.IDs)-read < searchPage; {
		q := store.QueueQuery{Reviewer: s.Reviewer.Name, Stage: s.Stage, Limit: searchPage, After: mt.From}
		if mt.Wrapped {
			q.After, q.Before = 0, mt.From+1
		}
		if n := len(mt.IDs); n > 0 && (mt.IDs[n-1] > mt.From) != mt.Wrapped {
			q.After = mt.IDs[n-1] // the last of this part read
		}
		ids, err := s.st.SearchQueue(ctx, q, mt.Query)
		if err != nil {
			return mt, err
		}
		mt.IDs = append(slices.Clip(mt.IDs), ids...)
		if len(ids) < searchPage {
			if mt.Wrapped || mt.From == 0 {
				mt.End = true
			}
			mt.Wrapped = true
		}
	}
	return mt, nil
}

// Match gives a record a search found, to screen, or nil when it has
// left the queue since (decided meanwhile, here or elsewhere).
func (s *Session) Match(ctx context.Context, id int64) (*Item, error) {
	ok, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
	if err != nil || !ok {
		return nil, err
	}
	return s.item(ctx, id)
}

// Goto gives the record a REF names, to screen: one of the reviewer's
// queue, or one they decided at the stage (Item.Current is then their
// decision, and a decision on it changes it). A linked duplicate names
// its cluster's primary, which is screened for the cluster.
func (s *Session) Goto(ctx context.Context, ref review.Ref) (*Item, error) {
	found, err := s.st.FindRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(found) > 1 {
		return nil, review.Refuse(store.ErrNotFound, "%s names records %s: type the number of one", ref, review.JoinIDs(found))
	}
	id := found[0]
	if it, err := s.Match(ctx, id); it != nil || err != nil {
		return it, err
	}
	if it, err := s.decidedItem(ctx, id); it != nil || err != nil {
		return it, err
	}
	return nil, review.Refuse(store.ErrNotFound, "record %d is not yours: not in your %s queue, nor decided by you", id, s.Stage)
}

// decidedItem gives a record the reviewer decided at the stage, with
// their decision, or nil when they have none on it.
func (s *Session) decidedItem(ctx context.Context, id int64) (*Item, error) {
	v, err := s.st.CurrentVote(ctx, s.Reviewer.Name, s.Stage, id)
	if err != nil || v == nil {
		return nil, err
	}
	it, err := s.item(ctx, id)
	if err != nil {
		return nil, err
	}
	it.Current = v
	if it.Note == "" {
		it.Note = v.Note
	}
	if s.changing == nil {
		s.changing = map[int64]bool{}
	}
	s.changing[id] = true
	return it, nil
}
