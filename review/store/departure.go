package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/winnow-review/winnow/review"
)

// ErrMember is a replacement's name already on the team (or once on it).
var ErrMember = errors.New("already a member")

// RemoveReviewer takes a member off the team, logged as done by by; with
// a replacement, adds them in the same transaction with the removed
// member's role. Nothing of the removed member's work changes: their
// decisions, notes and the outcomes they helped decide stay as they are
// (see review.Departure's rules in review/departure.go).
func (s *Store) RemoveReviewer(ctx context.Context, name, replacement, by string) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		var lead bool
		err := tx.QueryRowContext(ctx, `SELECT lead FROM reviewers WHERE name = ? AND removed_at IS NULL`, name).Scan(&lead)
		if errors.Is(err, sql.ErrNoRows) {
			return review.Refuse(review.ErrUnknownReviewer, "%s is not on the team", name)
		}
		if err != nil {
			return err
		}
		if replacement != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM reviewers WHERE name = ?`, replacement).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return review.Refuse(ErrMember, "%s is (or was) on the team already: `winnow team remove %s` takes %s off without a replacement", replacement, name, name)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reviewers SET removed_at = ?, removed_by = ?, replaced_by = ? WHERE name = ?`,
			s.now(), by, replacement, name); err != nil {
			return err
		}
		if replacement == "" {
			return s.event(ctx, tx, by, "team remove", 0, 0, fmt.Sprintf("%s removed from the team; their decisions stay", name))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviewers (name, lead, added_at, added_by) VALUES (?, ?, ?, ?)`,
			replacement, lead, s.now(), by); err != nil {
			return err
		}
		return s.event(ctx, tx, by, "team replace", 0, 0, fmt.Sprintf("%s replaced by %s; %s's decisions stay", name, replacement, name))
	})
}

// OpenConflictsWith counts the open conflicts, at both stages, that a
// reviewer's decisions are part of.
func (s *Store) OpenConflictsWith(ctx context.Context, reviewer string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outcomes WHERE `+openConflict+` AND instr(voters, ?) > 0`, voterKey(reviewer)).Scan(&n)
	return n, err
}
