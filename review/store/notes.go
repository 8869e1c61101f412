package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/winnow-review/winnow/review"
)

// SetNote keeps a screener's note on a record at a stage (an empty one
// clears it) and logs it, in one transaction. A note needs no decision:
// the screen saves it the moment it is typed, so that leaving the record
// undecided (skip, quit) never loses it.
func (s *Store) SetNote(ctx context.Context, n review.Note) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		if _, err := primaryOf(ctx, tx, n.RecordID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (id, record_id, stage, reviewer, note, at) VALUES (`+nextID("notes")+`, ?, ?, ?, ?, ?)`,
			n.RecordID, string(n.Stage), n.Reviewer, n.Text, s.now()); err != nil {
			return err
		}
		return s.event(ctx, tx, n.Reviewer, "note", n.RecordID, 0, n.Describe())
	})
}

// NoteOn gives a reviewer's note on a record at a stage, "" when they
// have none.
func (s *Store) NoteOn(ctx context.Context, id int64, stage review.Stage, reviewer string) (string, error) {
	var note string
	err := s.db.QueryRowContext(ctx, `SELECT note FROM notes WHERE record_id = ? AND stage = ? AND reviewer = ?
		ORDER BY id DESC LIMIT 1`, id, string(stage), reviewer).Scan(&note)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return note, err
}

// NotesOn gives the notes on a record's cluster that the viewer may see
// and that no decision shows already: each screener's note at each stage,
// unless their current decision there carries the same text. Oldest
// first.
func (s *Store) NotesOn(ctx context.Context, id int64, viewer review.Viewer) ([]review.Note, error) {
	ids, err := clusterMembers(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.record_id, n.stage, n.reviewer, n.note, n.at FROM notes n
		WHERE n.record_id IN idlist(?)
		AND n.id = (SELECT max(l.id) FROM notes l WHERE l.record_id = n.record_id AND l.stage = n.stage AND l.reviewer = n.reviewer)
		ORDER BY n.id`, idList(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var notes []review.Note
	for rows.Next() {
		var n review.Note
		var stage, at string
		if err := rows.Scan(&n.RecordID, &stage, &n.Reviewer, &n.Text, &at); err != nil {
			return nil, err
		}
		n.Stage = review.Stage(stage)
		n.At, _ = time.Parse(time.RFC3339Nano, at)
		if n.Text != "" && viewer.Sees(n.Reviewer) {
			notes = append(notes, n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []review.Note
	for _, n := range notes {
		votes, _, err := clusterVotes(ctx, s.db, ids, n.Stage)
		if err != nil {
			return nil, err
		}
		shown := false
		for _, v := range votes {
			shown = shown || (v.Reviewer == n.Reviewer && v.Note == n.Text)
		}
		if !shown {
			out = append(out, n)
		}
	}
	return out, nil
}
