package conflicts

import (
	"context"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Session is a lead walking the open conflicts of a stage, one at a
// time, in record order. Each record is checked to be still open before
// it is shown (another lead, or a screener changing a decision, may have
// settled it meanwhile), and each resolution is committed before the
// next record is shown.
type Session struct {
	st    *store.Store
	Lead  review.Reviewer
	Stage review.Stage

	ids  []int64
	next int
	// Done counts the resolutions made in this session; Left the open
	// conflicts not yet resolved (skipped ones included).
	Done, Left int
	// Skipped counts the records passed over in this session.
	Skipped int
	skipped map[int64]bool
	// made are the records resolved in this session, latest last, for
	// Undo.
	made []int64
}

// Item is a conflict to resolve, with the record as the screen shows it.
type Item struct {
	Record   *review.Record
	Conflict review.Disagreement
	FullText *review.FullTextState // nil when none is recorded
	// Cluster lists the record's duplicates (primary first) when it has
	// any.
	Cluster []int64
}

// Open starts a lead's session over the open conflicts of a stage.
func Open(ctx context.Context, st *store.Store, lead review.Reviewer, viewer review.Viewer, stage review.Stage) (*Session, error) {
	if err := CheckViewer(viewer, "resolve"); err != nil {
		return nil, err
	}
	ids, err := st.OpenConflicts(ctx, stage)
	if err != nil {
		return nil, err
	}
	return &Session{st: st, Lead: lead, Stage: stage, ids: ids, skipped: map[int64]bool{}, Left: len(ids)}, nil
}

// Next gives the next open conflict, or nil when none is left for this
// session (every one resolved, or the rest skipped).
func (s *Session) Next(ctx context.Context) (*Item, error) {
	for s.next < len(s.ids) {
		id := s.ids[s.next]
		s.next++
		if s.skipped[id] {
			continue
		}
		it, err := s.item(ctx, id)
		if err != nil {
			return nil, err
		}
		if it != nil && it.Conflict.Resolution == nil {
			return it, nil
		}
	}
	return nil, nil
}

// item reads a record's conflict; nil when the record is in conflict no
// more.
func (s *Session) item(ctx context.Context, id int64) (*Item, error) {
	d, err := s.st.Disagreement(ctx, id, s.Stage)
	if err != nil || d == nil {
		return nil, err
	}
	r, err := s.st.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	it := &Item{Record: r, Conflict: *d}
	if it.FullText, err = s.st.FullText(ctx, id); err != nil {
		return nil, err
	}
	if cluster, err := s.st.ClusterOf(ctx, id); err == nil && len(cluster) > 1 {
		it.Cluster = cluster
	}
	return it, nil
}

// Skip passes over a conflict for this session; it stays open.
func (s *Session) Skip(id int64) {
	if !s.skipped[id] {
		s.skipped[id] = true
		s.Skipped++
	}
}

// Resolve commits the lead's resolution of a record. At full text an
// exclusion needs a reason.
func (s *Session) Resolve(ctx context.Context, id int64, d review.Decision, reason, note string) error {
	reason, err := check(s.Stage, d, reason)
	if err != nil {
		return err
	}
	r := review.Resolution{RecordID: id, Stage: s.Stage, Decision: d, Reason: reason, Note: note, By: s.Lead.Name}
	if err := s.st.SaveResolutions(ctx, []review.Resolution{r}, s.Lead.Name); err != nil {
		return err
	}
	s.made = append(s.made, id)
	s.Done++
	s.Left--
	return nil
}

// Undo withdraws the latest resolution made in this session, reopening
// the conflict, and gives the record back to resolve again (nil when
// this session has resolved nothing).
func (s *Session) Undo(ctx context.Context) (*Item, error) {
	if len(s.made) == 0 {
		return nil, nil
	}
	id := s.made[len(s.made)-1]
	r := review.Resolution{RecordID: id, Stage: s.Stage, Decision: review.Withdrawn, By: s.Lead.Name}
	if err := s.st.SaveResolutions(ctx, []review.Resolution{r}, s.Lead.Name); err != nil {
		return nil, err
	}
	s.made = s.made[:len(s.made)-1]
	s.Done--
	s.Left++
	return s.item(ctx, id)
}
