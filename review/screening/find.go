package screening

import (
	"context"
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

// SearchLimit is the most matches a search in the screen steps through.
const SearchLimit = 500

// Search lists the records of the reviewer's queue that a full-text
// search finds (as `records --decision undecided --search`), in record
// order, at most SearchLimit of them.
func (s *Session) Search(ctx context.Context, text string) ([]int64, error) {
	if strings.TrimSpace(text) == "" {
		return nil, review.Refuse(store.ErrBadSearch, "type something to search for")
	}
	return s.st.SearchQueue(ctx, store.QueueQuery{Reviewer: s.Reviewer.Name, Stage: s.Stage, Limit: SearchLimit}, text)
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
		return nil, review.Refuse(store.ErrNotFound, "%s names records %s: type the number of one", ref, joinIDs(found))
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
