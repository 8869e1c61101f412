package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review/dedup"
)

// ErrNotLinked: the record has no duplicate to split from.
var ErrNotLinked = errors.New("record not linked")

// DedupState is what a dedup run needs from the review besides the
// records: which searches are combined libraries, the links in force,
// the pairs people decided, and the last record compared before.
type DedupState struct {
	Combined  map[int64]bool
	Links     []dedup.Pair
	Different map[[2]int64]bool
	Decided   map[[2]int64]bool // queued pairs a person decided, either way
	Queued    map[[2]int64]bool
	Through   int64 // records up to this number were compared by an earlier run
}

// LoadDedupState reads the state of deduplication.
func (s *Store) LoadDedupState(ctx context.Context) (*DedupState, error) {
	st := &DedupState{Combined: map[int64]bool{}, Different: map[[2]int64]bool{}, Decided: map[[2]int64]bool{}, Queued: map[[2]int64]bool{}}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM searches WHERE combined = 1`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		st.Combined[id] = true
	}
	rows.Close()
	if st.Links, err = s.activeLinks(ctx, `SELECT a, b, score, reasons FROM dedup_links WHERE `+linkInForce+` ORDER BY a, b`); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT a, b, status FROM dedup_pairs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		var status string
		if err := rows.Scan(&a, &b, &status); err != nil {
			return nil, err
		}
		switch status {
		case "different":
			st.Different[[2]int64{a, b}] = true
			st.Decided[[2]int64{a, b}] = true
		case "same":
			st.Decided[[2]int64{a, b}] = true
		default:
			st.Queued[[2]int64{a, b}] = true
		}
	}
	through, err := s.Setting(ctx, "dedup_through")
	if err != nil {
		return nil, err
	}
	st.Through, _ = strconv.ParseInt(through, 10, 64)
	return st, rows.Err()
}

func (s *Store) activeLinks(ctx context.Context, q string, args ...any) ([]dedup.Pair, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dedup.Pair
	for rows.Next() {
		var p dedup.Pair
		var reasons string
		if err := rows.Scan(&p.A, &p.B, &p.Score, &reasons); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(reasons), &p.Reasons)
		out = append(out, p)
	}
	return out, rows.Err()
}

// QueuedPairs lists the pairs waiting for a person, most alike first;
// a pair with a withdrawn record waits until its search is restored.
func (s *Store) QueuedPairs(ctx context.Context) ([]dedup.Pair, error) {
	return s.activeLinks(ctx, `SELECT a, b, score, reasons FROM dedup_pairs WHERE status = 'queued'
		AND a NOT IN (`+withdrawnRecords+`) AND b NOT IN (`+withdrawnRecords+`) ORDER BY score DESC, a, b`)
}

// Links lists the links in force (see linkInForce), in record order.
func (s *Store) Links(ctx context.Context) ([]dedup.Pair, error) {
	return s.activeLinks(ctx, `SELECT a, b, score, reasons FROM dedup_links WHERE `+linkInForce+` ORDER BY a, b`)
}

// DedupRun is what one dedup run writes: new links, new queued pairs,
// each record's cluster primary (for every record in a cluster), and the
// last record it compared.
type DedupRun struct {
	Links []dedup.Pair
	Queue []dedup.Pair
	// Primary maps records to their cluster's primary (a primary maps to
	// itself). With ResetAll every record not in it is made a primary;
	// otherwise only the records in it change.
	Primary  map[int64]int64
	ResetAll bool
	Through  int64
	MadeBy   string // "dedup" or "person"
	Detail   string // for the log
	Decision *PairDecision
	Undone   []dedup.Pair // links undone
	Apart    [][2]int64   // pairs a person set apart: recorded as different
	// Keys, when set, yields the match keys to keep (see
	// dedup.Key.AppendBinary), built with KeyVersion; a key's bytes may be
	// reused once yield returns. DropKeys first forgets every kept key.
	Keys       func(yield func(StoredKey) error) error
	KeyVersion int
	DropKeys   bool
}

// StoredKey is one record's kept match key.
type StoredKey struct {
	ID, SearchID int64
	Key          []byte
}

// KeyState says which match keys the review keeps: the version they were
// built with and the last record with one.
func (s *Store) KeyState(ctx context.Context) (version int, last int64, err error) {
	v, err := s.Setting(ctx, "dedup_key_version")
	if err != nil {
		return 0, 0, err
	}
	version, _ = strconv.Atoi(v)
	err = s.db.QueryRowContext(ctx, `SELECT coalesce(max(record_id), 0) FROM dedup_keys`).Scan(&last)
	return version, last, err
}

// EachDedupKey calls fn for every kept match key, in record order. The
// bytes are valid only during the call.
func (s *Store) EachDedupKey(ctx context.Context, fn func(id, searchID int64, key []byte) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT record_id, search_id, key FROM dedup_keys ORDER BY record_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id, search int64
	var key sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &search, &key); err != nil {
			return err
		}
		if err := fn(id, search, key); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PairDecision is a person's verdict on a pair.
type PairDecision struct {
	A, B int64
	Same bool
}

// SaveDedup writes a dedup run (or a person's link, decision or undo) in
// one transaction, with the log.
//
// Screening follows the clusters: the outcome of every cluster the run
// changed is recomputed from the decisions on all its records, and the
// clusters whose decisions now sit on more than one record are returned
// (both decisions are kept; the cluster's outcome follows from them all).
func (s *Store) SaveDedup(ctx context.Context, by string, run DedupRun) (merged []int64, err error) {
	now := s.now()
	err = s.inTx(ctx, func(tx *sqlTx) error {
		if run.DropKeys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_keys`); err != nil {
				return err
			}
		}
		if run.Keys != nil {
			stmt, err := tx.PrepareContext(ctx, `INSERT INTO dedup_keys (record_id, search_id, key) VALUES (?, ?, ?)
				ON CONFLICT (record_id) DO UPDATE SET search_id = excluded.search_id, key = excluded.key`)
			if err != nil {
				return err
			}
			err = run.Keys(func(k StoredKey) error {
				_, err := stmt.ExecContext(ctx, k.ID, k.SearchID, k.Key)
				return err
			})
			stmt.Close()
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dedup_key_version', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(run.KeyVersion)); err != nil {
				return err
			}
		}
		for _, l := range run.Links {
			reasons, _ := json.Marshal(l.Reasons)
			if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_links (a, b, score, reasons, made_by, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				l.A, l.B, l.Score, string(reasons), run.MadeBy, now, by); err != nil {
				return err
			}
			if err := s.event(ctx, tx, by, "dedup link", l.B, 0, fmt.Sprintf("%d and %d linked (%s)", l.A, l.B, strings.Join(l.Reasons, ", "))); err != nil {
				return err
			}
		}
		for _, q := range run.Queue {
			reasons, _ := json.Marshal(q.Reasons)
			if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_pairs (a, b, score, reasons, status, queued_at) VALUES (?, ?, ?, ?, 'queued', ?)
				ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons WHERE dedup_pairs.status = 'queued'`,
				q.A, q.B, q.Score, string(reasons), now); err != nil {
				return err
			}
		}
		for _, u := range run.Undone {
			if _, err := tx.ExecContext(ctx, `UPDATE dedup_links SET undone_at = ?, undone_by = ? WHERE a = ? AND b = ? AND undone_at IS NULL`, now, by, u.A, u.B); err != nil {
				return err
			}
			if err := s.event(ctx, tx, by, "dedup undo", u.B, 0, fmt.Sprintf("%d and %d separated", u.A, u.B)); err != nil {
				return err
			}
		}
		for _, p := range run.Apart {
			if err := decide(ctx, tx, p[0], p[1], false, by, now, 0, nil); err != nil {
				return err
			}
		}
		if d := run.Decision; d != nil {
			if err := decide(ctx, tx, d.A, d.B, d.Same, by, now, 0, nil); err != nil {
				return err
			}
			verdict := "different"
			if d.Same {
				verdict = "the same work"
			}
			if err := s.event(ctx, tx, by, "dedup decide", d.B, 0, fmt.Sprintf("%d and %d: %s", d.A, d.B, verdict)); err != nil {
				return err
			}
		}
		if run.ResetAll {
			if _, err := tx.ExecContext(ctx, `UPDATE records SET primary_id = NULL WHERE primary_id IS NOT NULL`); err != nil {
				return err
			}
		}
		if len(run.Primary) > 0 {
			stmt, err := tx.PrepareContext(ctx, `UPDATE records SET primary_id = ? WHERE id = ?`)
			if err != nil {
				return err
			}
			defer stmt.Close()
			for id, primary := range run.Primary {
				var p any
				if primary != id {
					p = primary
				}
				if _, err := stmt.ExecContext(ctx, p, id); err != nil {
					return err
				}
			}
		}
		if run.Through > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dedup_through', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.FormatInt(run.Through, 10)); err != nil {
				return err
			}
		}
		if run.ResetAll || len(run.Primary) > 0 {
			changed := make([]int64, 0, len(run.Primary))
			for id := range run.Primary {
				changed = append(changed, id)
			}
			slices.Sort(changed)
			var err error
			if merged, err = s.refreshRecords(ctx, tx, changed, run.ResetAll); err != nil {
				return err
			}
		}
		for _, p := range merged {
			if err := s.event(ctx, tx, by, "dedup decisions", p, 0, "screening decisions on the cluster's records kept together: its outcome follows from them all"); err != nil {
				return err
			}
		}
		if run.Detail != "" {
			return s.event(ctx, tx, by, "dedup", 0, 0, run.Detail)
		}
		return nil
	})
	return merged, err
}

// decide records a person's verdict on a pair, queued or not.
func decide(ctx context.Context, tx *sqlTx, a, b int64, same bool, by, now string, score float64, reasons []string) error {
	if a > b {
		a, b = b, a
	}
	status := "different"
	if same {
		status = "same"
	}
	if reasons == nil {
		reasons = []string{}
	}
	rs, _ := json.Marshal(reasons)
	_, err := tx.ExecContext(ctx, `INSERT INTO dedup_pairs (a, b, score, reasons, status, queued_at, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (a, b) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
		a, b, score, string(rs), status, now, now, by)
	return err
}

// DuplicatesRemoved counts the records linked as duplicates of another.
func (s *Store) DuplicatesRemoved(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE primary_id IS NOT NULL`).Scan(&n)
	return n, err
}

// PrimaryOf returns the primary of a record's cluster (the record itself
// when is a primary or has no duplicate). A withdrawn record is
// refused (ErrWithdrawn).
func (s *Store) PrimaryOf(ctx context.Context, id int64) (int64, error) {
	return primaryOf(ctx, s.db, id)
}

// ClusterOf lists the records of a record's cluster, primary first.
func (s *Store) ClusterOf(ctx context.Context, id int64) ([]int64, error) {
	primary, err := s.PrimaryOf(ctx, id)
	if err != nil {
		return nil, err
	}
	return members(ctx, s.db, primary)
}

// MaxRecordID gives the number of the last record imported.
func (s *Store) MaxRecordID(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM records`).Scan(&n)
	return n, err
}

// SetCombined marks a search as a combined library (see dedup.Options).
func (im *Import) SetCombined(searchID int64) error {
	if err := im.waitCopy(); err != nil {
		return err
	}
	_, err := im.tx.ExecContext(im.ctx, `UPDATE searches SET combined = 1 WHERE id = ?`, searchID)
	return err
}
