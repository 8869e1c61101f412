package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/winnow-review/winnow/review"
)

// ErrNoReason is a reason or highlight term that is not on the list.
var ErrNoReason = errors.New("not on the list")

// Reasons lists the team's shared exclusion reasons in the order added.
func (s *Store) Reasons(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT name FROM reasons ORDER BY id`)
}

// TypedReasons lists the reasons not on the shared list that decisions
// the viewer may see give, most used first: a screener's own while the
// review is blind, everyone's for a lead.
func (s *Store) TypedReasons(ctx context.Context, viewer review.Viewer) ([]string, error) {
	q := `SELECT d.reason FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE d.reason <> '' AND d.reason NOT IN (SELECT name COLLATE BINARY FROM reasons)`
	var args []any
	if !viewer.SeesAll() {
		q += ` AND d.reviewer = ?`
		args = append(args, viewer.Name)
	}
	// Reasons that differ only in ASCII case (SQLite's NOCASE) are one,
	// spelt as first given; the most used come first.
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type typed struct {
		name string
		uses int
	}
	var out []*typed
	byKey := map[string]*typed{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		k := asciiLower(r)
		if t := byKey[k]; t != nil {
			t.uses++
			continue
		}
		t := &typed{name: r, uses: 1}
		byKey[k] = t
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].uses > out[j].uses })
	names := make([]string, len(out))
	for i, t := range out {
		names[i] = t.name
	}
	return names, nil
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func (s *Store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddReason adds a reason to the shared list and logs it; added is false
// when it was there already.
func (s *Store) AddReason(ctx context.Context, name, by string) (added bool, err error) {
	err = s.inTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO reasons (name, added_at, added_by) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`, name, s.now(), by)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		return s.event(ctx, tx, by, "reasons add", 0, 0, fmt.Sprintf("exclusion reason %q added", name))
	})
	return added, err
}

// RemoveReason takes a reason off the shared list (decisions that gave it
// keep it) and logs it.
func (s *Store) RemoveReason(ctx context.Context, name, by string) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM reasons WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return review.Refuse(ErrNoReason, "%q is not on the list of reasons (see `winnow reasons list`)", name)
		}
		return s.event(ctx, tx, by, "reasons remove", 0, 0, fmt.Sprintf("exclusion reason %q removed from the list", name))
	})
}

// Highlights lists the highlight terms a reviewer's screen marks: the
// team's, then the reviewer's own (none for ""), include terms first.
// Another screener's own terms are never listed.
func (s *Store) Highlights(ctx context.Context, reviewer string) ([]review.Highlight, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT term, include, owner <> '' FROM highlights
		WHERE owner = '' OR (owner = ? AND ? <> '') ORDER BY owner <> '', include DESC, id`, reviewer, reviewer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review.Highlight
	for rows.Next() {
		var h review.Highlight
		if err := rows.Scan(&h.Term, &h.Include, &h.Mine); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AddHighlight adds a highlight term and logs it: the team's, or (Mine)
// the reviewer by's own, logged so that only they see it
// (review.PrivateActions).
func (s *Store) AddHighlight(ctx context.Context, h review.Highlight, by string) (added bool, err error) {
	owner, action := "", "highlight add"
	if h.Mine {
		owner, action = by, review.MyHighlightAdd
	}
	err = s.inTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO highlights (term, include, added_by, owner) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, h.Term, h.Include, by, owner)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		return s.event(ctx, tx, by, action, 0, 0, fmt.Sprintf("%s term %q", h.Kind(), h.Term))
	})
	return added, err
}

// RemoveHighlight removes a highlight term of either kind, the team's or
// (mine) the reviewer by's own, and logs it.
func (s *Store) RemoveHighlight(ctx context.Context, term, by string, mine bool) error {
	owner, action, whose := "", "highlight remove", "a team highlight term"
	if mine {
		owner, action, whose = by, review.MyHighlightRemove, "one of your highlight terms"
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM highlights WHERE term = ? AND owner = ?`, term, owner)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return review.Refuse(ErrNoReason, "%q is not %s (see `winnow highlight list`)", term, whose)
		}
		return s.event(ctx, tx, by, action, 0, 0, fmt.Sprintf("term %q removed", term))
	})
}
