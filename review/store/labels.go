package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// currentLabels is the labels on now: each reviewer's latest row for a
// record and label, when it adds the label. Its callers add conditions
// on l.
const currentLabels = `SELECT l.record_id, l.reviewer, l.label FROM labels l
	WHERE l.added = 1 AND l.id = (SELECT max(m.id) FROM labels m WHERE m.record_id = l.record_id AND m.reviewer = l.reviewer AND m.label = l.label)`

// SetLabels puts a reviewer's labels on a record (remove: takes them
// off), and logs each change, in one transaction. The labels sit on the
// record's primary, as a decision does. It gives the primary and the
// labels that changed: adding a label already on, or removing one that
// is not, changes nothing and is not logged.
func (s *Store) SetLabels(ctx context.Context, reviewer string, id int64, labels []string, remove bool) (primary int64, changed []string, err error) {
	err = s.inTx(ctx, func(tx *sqlTx) error {
		changed = nil
		var err error
		if primary, err = primaryOf(ctx, tx, id); err != nil {
			return err
		}
		on, err := labelsOf(ctx, tx, reviewer, []int64{primary})
		if err != nil {
			return err
		}
		now := s.now()
		for _, l := range labels {
			has := false
			for _, o := range on[primary] {
				has = has || o == l
			}
			if has != remove || containsString(changed, l) {
				continue
			}
			added, verb := 1, "added"
			if remove {
				added, verb = 0, "removed"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO labels (id, record_id, reviewer, label, added, at) VALUES (`+nextID("labels")+`, ?, ?, ?, ?, ?)`,
				primary, reviewer, l, added, now); err != nil {
				return err
			}
			if err := s.event(ctx, tx, reviewer, "label", primary, 0, fmt.Sprintf("%s label %q", verb, l)); err != nil {
				return err
			}
			changed = append(changed, l)
		}
		return nil
	})
	return primary, changed, err
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// labelsOf gives one reviewer's labels on records, each record's sorted.
func labelsOf(ctx context.Context, q querier, reviewer string, ids []int64) (map[int64][]string, error) {
	rows, err := q.QueryContext(ctx, currentLabels+` AND l.reviewer = ? AND l.record_id IN idlist(?) ORDER BY l.record_id, l.label`, reviewer, idList(ids))
	if err != nil {
		return nil, err
	}
	return scanLabels(rows)
}

func scanLabels(rows *sql.Rows) (map[int64][]string, error) {
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var who, label string
		if err := rows.Scan(&id, &who, &label); err != nil {
			return nil, err
		}
		out[id] = append(out[id], label)
	}
	return out, rows.Err()
}

// ReviewerLabels gives every label a reviewer has on, by record: what
// a listing of their records shows beside each.
func (s *Store) ReviewerLabels(ctx context.Context, reviewer string) (map[int64][]string, error) {
	rows, err := s.db.QueryContext(ctx, currentLabels+` AND l.reviewer = ? ORDER BY l.record_id, l.label`, reviewer)
	if err != nil {
		return nil, err
	}
	return scanLabels(rows)
}

// LabelsOf gives a reviewer's own labels on a record's cluster, sorted.
func (s *Store) LabelsOf(ctx context.Context, reviewer string, id int64) ([]string, error) {
	primary, err := clusterPrimary(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	ids, err := members(ctx, s.db, primary)
	if err != nil {
		return nil, err
	}
	by, err := labelsOf(ctx, s.db, reviewer, ids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		for _, l := range by[id] {
			if !containsString(out, l) {
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// LabelsOn gives the labels on a record's cluster that the viewer may
// see: their own while the review is blind, everyone's for a lead or once
// blind mode is off. In reviewer then label order.
func (s *Store) LabelsOn(ctx context.Context, id int64, viewer review.Viewer) ([]review.Label, error) {
	primary, err := clusterPrimary(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	ids, err := members(ctx, s.db, primary)
	if err != nil {
		return nil, err
	}
	q := currentLabels + ` AND l.record_id IN idlist(?)`
	args := []any{idList(ids)}
	if !viewer.SeesAll() {
		q += ` AND l.reviewer = ?`
		args = append(args, viewer.Name)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY l.reviewer, l.label, l.record_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review.Label
	for rows.Next() {
		var l review.Label
		if err := rows.Scan(&l.RecordID, &l.Reviewer, &l.Label); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Reviewer == l.Reviewer && out[n-1].Label == l.Label {
			continue // the same label on two records of the cluster
		}
		if viewer.Sees(l.Reviewer) {
			out = append(out, l)
		}
	}
	return out, rows.Err()
}

// LabelNames lists the labels the viewer may see in use (on at least one
// record), most used first, then by name: what the screen completes a
// label from. While the review is blind a screener's list holds only
// their own labels, for the names and the counts would tell another
// screener's.
func (s *Store) LabelNames(ctx context.Context, viewer review.Viewer) ([]string, error) {
	q := `SELECT c.label FROM (` + currentLabels
	var args []any
	if !viewer.SeesAll() {
		if viewer.Name == "" {
			return nil, nil
		}
		q += ` AND l.reviewer = ?`
		args = append(args, viewer.Name)
	}
	q += `) c GROUP BY c.label ORDER BY count(*) DESC, c.label`
	return s.strings(ctx, q, args...)
}

// labelCond keeps the records on which a reviewer has a label on.
func labelCond(reviewer, label string) (string, []any) {
	return `r.id IN (SELECT x.record_id FROM (` + currentLabels + ` AND l.reviewer = ? AND l.label = ?) x)`, []any{reviewer, label}
}

// JoinLabels writes a record's labels as one CSV or table cell.
func JoinLabels(labels []string) string { return strings.Join(labels, "; ") }

// ClusterLabels gives every label on, by cluster (the primary's number)
// and reviewer: what a lead's CSV export writes. Sorted by label.
func (s *Store) ClusterLabels(ctx context.Context) (map[int64]map[string][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(r.primary_id, r.id), x.reviewer, x.label FROM (`+currentLabels+`) x
		JOIN records r ON r.id = x.record_id ORDER BY x.label`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[string][]string{}
	for rows.Next() {
		var id int64
		var who, label string
		if err := rows.Scan(&id, &who, &label); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string][]string{}
		}
		if !containsString(out[id][who], label) {
			out[id][who] = append(out[id][who], label)
		}
	}
	return out, rows.Err()
}
