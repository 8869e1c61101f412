package store

import (
	"context"

	"github.com/winnow-review/winnow/review"
)

// MyDecisions gives a reviewer's current decisions at a stage, by record
// (the learner of a blind reviewer's ranking learns from these alone).
func (s *Store) MyDecisions(ctx context.Context, reviewer string, stage review.Stage) (map[int64]review.Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT v.record_id, d.decision FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE v.reviewer = ? AND v.stage = ?`, reviewer, string(stage))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]review.Decision{}
	for rows.Next() {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = review.Decision(d)
	}
	return out, rows.Err()
}

// FinalOutcomes gives the records included or excluded at a stage (by
// the screeners together, or a lead's resolution), by record: what a
// ranking may learn from once the review is not blind. The caller checks
// the viewer.
func (s *Store) FinalOutcomes(ctx context.Context, stage review.Stage) (map[int64]review.Outcome, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT record_id, outcome FROM outcomes WHERE stage = ? AND outcome IN ('included', 'excluded')`, string(stage))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]review.Outcome{}
	for rows.Next() {
		var id int64
		var o string
		if err := rows.Scan(&id, &o); err != nil {
			return nil, err
		}
		out[id] = review.Outcome(o)
	}
	return out, rows.Err()
}

// LogEvent writes one line of the log on its own (e.g. the ranking a
// screener's queue is ordered by).
func (s *Store) LogEvent(ctx context.Context, who, action, detail string) error {
	return s.inTx(ctx, func(tx *sqlTx) error { return s.event(ctx, tx, who, action, 0, 0, detail) })
}

// NotRetrieved gives the records whose full-text outcome is not
// retrieved.
func (s *Store) NotRetrieved(ctx context.Context) (map[int64]bool, error) {
	ids, err := recordIDs(s.db.QueryContext(ctx, `SELECT record_id FROM outcomes WHERE stage = 'full-text' AND outcome = 'not-retrieved'`))
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
