package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// Team lists the review's team in the order they were added.
func (s *Store) Team(ctx context.Context) ([]review.Reviewer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, lead, added_at FROM reviewers ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var team []review.Reviewer
	for rows.Next() {
		var r review.Reviewer
		var at string
		if err := rows.Scan(&r.Name, &r.Lead, &at); err != nil {
			return nil, err
		}
		r.Added, _ = time.Parse(time.RFC3339Nano, at)
		team = append(team, r)
	}
	return team, rows.Err()
}

// AddReviewer adds a member to the team, or changes an existing member's
// lead role, and logs it as done by `by`.
func (s *Store) AddReviewer(ctx context.Context, name string, lead bool, by string) (added bool, err error) {
	err = s.inTx(ctx, func(tx *sqlTx) error {
		var wasLead bool
		switch err := tx.QueryRowContext(ctx, `SELECT lead FROM reviewers WHERE name = ?`, name).Scan(&wasLead); err {
		case sql.ErrNoRows:
			if _, err := tx.ExecContext(ctx, `INSERT INTO reviewers (name, lead, added_at, added_by) VALUES (?, ?, ?, ?)`,
				name, lead, s.now(), by); err != nil {
				return err
			}
			added = true
			role := "reviewer"
			if lead {
				role = "lead"
			}
			return s.event(ctx, tx, by, "team add", 0, 0, fmt.Sprintf("%s added as %s", name, role))
		case nil:
			if wasLead == lead || !lead {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE reviewers SET lead = 1 WHERE name = ?`, name); err != nil {
				return err
			}
			return s.event(ctx, tx, by, "team lead", 0, 0, fmt.Sprintf("%s made a lead", name))
		default:
			return err
		}
	})
	return added, err
}

// event writes one row of the log inside tx. recordID and searchID are 0
// when the change concerns no one record or search.
func (s *Store) event(ctx context.Context, tx *sqlTx, who, action string, recordID, searchID int64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO events (id, at, reviewer, action, record_id, search_id, detail) VALUES (`+nextID("events")+`, ?, ?, ?, ?, ?, ?)`,
		s.now(), who, action, nullID(recordID), nullID(searchID), detail)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Events lists the log the viewer may see, oldest first: all of it, or
// (recordID not 0) what happened to the record and the records linked
// with it as duplicates, and the withdrawals of its search. While the
// review is blind, a screener's log leaves out other reviewers'
// decisions (review.BlindActions).
func (s *Store) Events(ctx context.Context, recordID int64, viewer review.Viewer) ([]review.Event, error) {
	q := `SELECT id, at, reviewer, action, coalesce(record_id, 0), coalesce(search_id, 0), detail FROM events`
	var where []string
	var args []any
	if recordID != 0 {
		primary, err := clusterPrimary(ctx, s.db, recordID)
		if err != nil {
			return nil, err
		}
		ids, err := members(ctx, s.db, primary)
		if err != nil {
			return nil, err
		}
		// With the withdrawals and restorations of the record's search.
		where = append(where, `(record_id IN idlist(?) OR action IN ('withdraw', 'restore') AND search_id = (SELECT search_id FROM records WHERE id = ?))`)
		args = append(args, idList(ids), recordID)
	}
	private := make([]string, len(review.PrivateActions))
	for i, a := range review.PrivateActions {
		private[i] = "'" + a + "'"
	}
	where = append(where, `(action NOT IN (`+strings.Join(private, ", ")+`) OR reviewer = ?)`)
	args = append(args, viewer.Name)
	if !viewer.SeesAll() {
		hidden := make([]string, len(review.BlindActions))
		for i, a := range review.BlindActions {
			hidden[i] = "'" + a + "'"
		}
		where = append(where, `(action NOT IN (`+strings.Join(hidden, ", ")+`) OR reviewer = ?)`)
		args = append(args, viewer.Name)
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review.Event
	for rows.Next() {
		var e review.Event
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Reviewer, &e.Action, &e.RecordID, &e.SearchID, &e.Detail); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
