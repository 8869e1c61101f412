package store

import (
	"context"
	"database/sql"

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

// ScreenedInOrder gives the title-abstract records screened so far in the
// order they were first decided, each true when it is relevant: included,
// or (not excluded yet) some screener's current decision is include or
// maybe. A record excluded by automation was not screened. This is the
// sequence a statistical stopping rule reads; the caller checks the
// viewer.
func (s *Store) ScreenedInOrder(ctx context.Context) ([]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT CASE WHEN o.outcome = 'included' OR (o.outcome <> 'excluded' AND EXISTS (
			SELECT 1 FROM votes v JOIN decisions d ON d.id = v.decision_id
			WHERE v.stage = o.stage AND v.record_id = o.record_id AND d.decision IN ('include', 'maybe'))) THEN 1 ELSE 0 END,
		(SELECT min(d.id) FROM votes v JOIN decisions d ON d.record_id = v.record_id AND d.stage = v.stage AND d.reviewer = v.reviewer
			WHERE v.stage = o.stage AND v.record_id = o.record_id AND d.decision <> '') AS first
		FROM outcomes o WHERE o.stage = 'title-abstract' AND o.outcome <> ?
		ORDER BY first, o.record_id`, string(review.AutoExcluded))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bool
	for rows.Next() {
		var relevant int
		var first sql.NullInt64
		if err := rows.Scan(&relevant, &first); err != nil {
			return nil, err
		}
		if first.Valid {
			out = append(out, relevant == 1)
		}
	}
	return out, rows.Err()
}
