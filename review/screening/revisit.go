package screening

import (
	"context"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// OpenRevisit starts a session that walks the reviewer's own current
// decisions of one kind at a stage (`winnow screen --decision maybe`), in
// record order, so that they can change them. A changed decision is a new
// decision: the earlier one stays in the history and the log. Agreement
// is computed as ever from the independent decisions: a decision changed
// while the review is blind and before a lead resolved the record is
// still the screener's own judgement, made without seeing anyone else's,
// and replaces the earlier one there; one changed later is kept and
// used, and reported by agreement as changed.
//
// Nothing here shows another screener's work: the records are the
// reviewer's own decisions, and a record shows only while their decision
// on it is still of the kind asked.
func OpenRevisit(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, stage review.Stage, d review.Decision) (*Session, error) {
	if err := StageOpen(ctx, st, viewer, stage); err != nil {
		return nil, err
	}
	ids, err := st.DecidedAs(ctx, by.Name, stage, d)
	if err != nil {
		return nil, err
	}
	s := &Session{st: st, Reviewer: by, Stage: stage, Order: Imported, skipped: map[int64]bool{},
		actor: review.Reviewer{Name: by.Name, Lead: viewer.Lead}, Revisit: d,
		ids: ids, end: true, Left: len(ids)}
	if s.Done, err = st.DecidedCount(ctx, by.Name, stage); err != nil {
		return nil, err
	}
	return s, nil
}

// nextRevisit gives the next of the reviewer's decisions of the kind
// revisited that still stands.
func (s *Session) nextRevisit(ctx context.Context) (*Item, error) {
	for len(s.again) > 0 {
		id := s.again[0]
		s.again = s.again[1:]
		if it, err := s.revisitItem(ctx, id); it != nil || err != nil {
			return it, err
		}
	}
	for s.next < len(s.ids) {
		id := s.ids[s.next]
		s.next++
		if s.skipped[id] {
			continue
		}
		if it, err := s.revisitItem(ctx, id); it != nil || err != nil {
			return it, err
		}
		s.Left--
	}
	return nil, nil
}

// revisitItem gives a record to revisit, or nil when the reviewer's
// decision on it is no longer of the kind revisited.
func (s *Session) revisitItem(ctx context.Context, id int64) (*Item, error) {
	v, err := s.st.CurrentVote(ctx, s.Reviewer.Name, s.Stage, id)
	if err != nil || v == nil || v.Decision != s.Revisit {
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
	return it, nil
}

// changed counts a revisited record decided again.
func (s *Session) changed(id int64, d review.Decision, prev *review.Vote) error {
	s.Left--
	s.history = append(s.history, action{record: id, prev: prev})
	if s.rk != nil {
		s.learn(id, d)
	}
	return nil
}

// undoRevisit puts back the decision the session's last change replaced
// (as a new decision: the history keeps both) and gives the record to
// revisit again; the undone vote is the change taken back.
func (s *Session) undoRevisit(ctx context.Context) (*Item, *review.Vote, error) {
	n := len(s.history)
	if n == 0 || s.history[n-1].prev == nil {
		return nil, nil, nil
	}
	last := s.history[n-1]
	undone, err := s.st.CurrentVote(ctx, s.Reviewer.Name, s.Stage, last.record)
	if err != nil {
		return nil, nil, err
	}
	p := *last.prev
	back := review.Vote{RecordID: p.RecordID, Stage: s.Stage, Reviewer: s.Reviewer.Name, Decision: p.Decision, Reason: p.Reason, Note: p.Note}
	if err := s.st.Decide(ctx, []review.Vote{back}, s.Reviewer.Name); err != nil {
		return nil, nil, err
	}
	s.history = s.history[:n-1]
	if s.Revisit != review.Withdrawn {
		s.Left++
	}
	delete(s.skipped, last.record)
	if undone == nil {
		undone = &back
	}
	if s.Revisit == review.Withdrawn {
		// A change made after a jump: the record shows again, decided.
		it, err := s.decidedItem(ctx, last.record)
		return it, undone, err
	}
	it, err := s.revisitItem(ctx, last.record)
	if it == nil && err == nil {
		it, err = s.item(ctx, last.record)
	}
	return it, undone, err
}
