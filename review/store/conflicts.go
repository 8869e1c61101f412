package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// resolutionOf gives the resolution in force on a cluster at a stage: the
// latest on any of its records (a resolution is kept under the primary
// of its day, which a later link may change), or nil.
func resolutionOf(ctx context.Context, q querier, ids []int64, stage review.Stage) (*review.Resolution, error) {
	var r review.Resolution
	var decision, at string
	err := q.QueryRowContext(ctx, `SELECT record_id, decision, reason, note, by, at FROM resolutions
		WHERE record_id IN idlist(?) AND stage = ? ORDER BY id DESC LIMIT 1`, idList(ids), string(stage)).
		Scan(&r.RecordID, &decision, &r.Reason, &r.Note, &r.By, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if decision == "" {
		return nil, nil
	}
	r.Stage, r.Decision = stage, review.Decision(decision)
	r.At, _ = time.Parse(time.RFC3339Nano, at)
	return &r, nil
}

// SaveResolutions records a lead's resolutions, in one transaction: each settles
// the outcome of its record's cluster at its stage (a withdrawn one
// reopens the conflict), leaves the screeners' decisions as they are, and
// is logged with the decisions it settled. A record may be resolved only
// while it is in conflict (on the decision, or on the reason at full
// text) or already resolved.
func (s *Store) SaveResolutions(ctx context.Context, rs []review.Resolution, by string) error {
	if len(rs) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		set, err := s.screeningSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		for i, r := range rs {
			if err := s.resolveOne(ctx, tx, r, set, now, by); err != nil {
				return &DecisionError{Index: i, Err: err}
			}
		}
		return nil
	})
}

func (s *Store) resolveOne(ctx context.Context, tx *sqlTx, r review.Resolution, set Settings, now, by string) error {
	primary, err := primaryAt(ctx, tx, r.RecordID, r.Stage, "")
	if err != nil {
		return err
	}
	var outcome, resolved string
	var reasonConflict bool
	err = tx.QueryRowContext(ctx, `SELECT outcome, reason_conflict, resolved FROM outcomes WHERE stage = ? AND record_id = ?`,
		string(r.Stage), primary).Scan(&outcome, &reasonConflict, &resolved)
	if errors.Is(err, sql.ErrNoRows) {
		outcome = string(review.Pending)
	} else if err != nil {
		return err
	}
	if resolved == "" && outcome != string(review.Conflict) && !reasonConflict {
		if r.Decision == review.Withdrawn {
			return review.Refuse(review.ErrNoConflict, "record %d has no resolution at %s to withdraw", r.RecordID, r.Stage)
		}
		return review.Refuse(review.ErrNoConflict, "record %d is not in conflict at %s (it is %s): only a conflict is resolved", r.RecordID, r.Stage, outcome)
	}
	ids, err := members(ctx, tx, primary)
	if err != nil {
		return err
	}
	votes, _, err := clusterVotes(ctx, tx, ids, r.Stage)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO resolutions (record_id, stage, decision, reason, note, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		primary, string(r.Stage), string(r.Decision), r.Reason, r.Note, now, by); err != nil {
		return err
	}
	if _, err := s.refreshCluster(ctx, tx, primary, set, r.Stage); err != nil {
		return err
	}
	detail := fmt.Sprintf("resolved %s at %s", r.Decision, r.Stage)
	if r.Decision == review.Withdrawn {
		detail = fmt.Sprintf("resolution withdrawn at %s: the conflict is open again", r.Stage)
	}
	if r.Reason != "" {
		detail += fmt.Sprintf(" (reason: %s)", r.Reason)
	}
	if resolved != "" && r.Decision != review.Withdrawn {
		detail += fmt.Sprintf(" (was resolved %s)", resolved)
	}
	var said []string
	for _, v := range votes {
		d := fmt.Sprintf("%s %s", v.Reviewer, v.Decision)
		if v.Reason != "" {
			d += fmt.Sprintf(" (%s)", v.Reason)
		}
		said = append(said, d)
	}
	if len(said) > 0 {
		detail += "; screeners: " + strings.Join(said, ", ")
	}
	if r.Note != "" {
		detail += "; note: " + r.Note
	}
	if r.From != "" {
		detail += fmt.Sprintf(" (from %s)", r.From)
	}
	return s.event(ctx, tx, by, "resolve", primary, 0, detail)
}

// Disagreements lists the records in conflict at a stage, in record
// order, with every screener's current decision and the resolution in
// force: the open ones, or with all the resolved ones too. A record
// resolved while its screeners agree no longer (they changed their
// decisions since) is listed among the resolved all the same.
func (s *Store) Disagreements(ctx context.Context, stage review.Stage, all bool) ([]review.Disagreement, error) {
	which := openConflict
	if all {
		which = `(outcome = 'conflict' OR reason_conflict <> 0 OR resolved <> '')`
	}
	return s.disagreements(ctx, stage, which)
}

// OpenConflicts lists the records with an open conflict at a stage, in
// record order, without reading their decisions.
func (s *Store) OpenConflicts(ctx context.Context, stage review.Stage) ([]int64, error) {
	return recordIDs(s.db.QueryContext(ctx, `SELECT record_id FROM outcomes WHERE stage = ? AND `+openConflict+reached(stage)+` ORDER BY record_id`, string(stage)))
}

// openConflict selects the outcomes that wait for a lead.
const openConflict = `(outcome = 'conflict' OR (reason_conflict <> 0 AND resolved = ''))`

// Disagreement gives one record's conflict at a stage, open or resolved,
// or nil when its cluster is neither in conflict nor resolved there.
func (s *Store) Disagreement(ctx context.Context, id int64, stage review.Stage) (*review.Disagreement, error) {
	primary, err := primaryOf(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	ds, err := s.disagreements(ctx, stage, `(outcome = 'conflict' OR reason_conflict <> 0 OR resolved <> '') AND record_id = ?`, primary)
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	return &ds[0], nil
}

func (s *Store) disagreements(ctx context.Context, stage review.Stage, where string, args ...any) ([]review.Disagreement, error) {
	type row struct {
		id       int64
		advances bool
		reason   bool
	}
	rows, err := s.db.QueryContext(ctx, `SELECT record_id, advances, reason_conflict FROM outcomes WHERE stage = ? AND `+where+reached(stage)+` ORDER BY record_id`,
		append([]any{string(stage)}, args...)...)
	if err != nil {
		return nil, err
	}
	var found []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.advances, &r.reason); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]review.Disagreement, 0, len(found))
	for _, f := range found {
		ids, err := members(ctx, s.db, f.id)
		if err != nil {
			return nil, err
		}
		votes, _, err := clusterVotes(ctx, s.db, ids, stage)
		if err != nil {
			return nil, err
		}
		res, err := resolutionOf(ctx, s.db, ids, stage)
		if err != nil {
			return nil, err
		}
		d := review.Disagreement{RecordID: f.id, Stage: stage, Kind: review.DecisionConflict, Votes: votes, Resolution: res}
		if f.reason {
			d.Kind = review.ReasonConflict
		}
		d.Forwarded = stage == review.TitleAbstract && res == nil && f.advances
		if err := s.db.QueryRowContext(ctx, `SELECT title, coalesce(year, 0) FROM records WHERE id = ?`, f.id).Scan(&d.Title, &d.Year); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// ErrPilotDrawn is a pilot asked for at a stage that has one.
var ErrPilotDrawn = errors.New("pilot already drawn")

// DrawPilot draws the calibration sample of a stage: size records that
// no screener has decided there yet, chosen at random with the seed (the
// same seed on the same review draws the same sample), which then head
// every screener's queue. It logs the draw with its seed.
func (s *Store) DrawPilot(ctx context.Context, stage review.Stage, size int, seed uint64, by string) ([]int64, error) {
	var sample []int64
	err := s.inTx(ctx, func(tx *sqlTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pilot WHERE stage = ?`, string(stage)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return review.Refuse(ErrPilotDrawn, "a pilot of %d records was drawn at %s already (see `winnow log`); its decisions count as ordinary ones", n, stage)
		}
		query := `SELECT r.id FROM records r INDEXED BY records_primaries
			WHERE r.primary_id IS NULL AND ` + live("r") + ` AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'title-abstract' AND o.record_id = r.id)
			ORDER BY r.id`
		if stage == review.FullText {
			query = `SELECT t.record_id FROM outcomes t WHERE t.stage = 'title-abstract' AND t.advances = 1
				AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'full-text' AND o.record_id = t.record_id)
				ORDER BY t.record_id`
		}
		ids, err := recordIDs(tx.QueryContext(ctx, query))
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return review.Refuse(review.ErrNotInStage, "no record at %s is undecided: a pilot is drawn before screening starts", stage)
		}
		if size > len(ids) {
			size = len(ids)
		}
		// A partial Fisher-Yates shuffle: the first size places.
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		for i := 0; i < size; i++ {
			j := i + rng.IntN(len(ids)-i)
			ids[i], ids[j] = ids[j], ids[i]
		}
		sample = append([]int64(nil), ids[:size]...)
		slices.Sort(sample)
		for _, id := range sample {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pilot (stage, record_id) VALUES (?, ?)`, string(stage), id); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, by, "pilot", 0, 0, fmt.Sprintf("pilot of %d records drawn at %s from %d undecided (seed %d): %s",
			size, stage, len(ids), seed, joinIDs(sample)))
	})
	return sample, err
}

// Pilot lists the calibration sample of a stage, in record order.
func (s *Store) Pilot(ctx context.Context, stage review.Stage) ([]int64, error) {
	return recordIDs(s.db.QueryContext(ctx, `SELECT record_id FROM pilot WHERE stage = ? AND record_id NOT IN (`+withdrawnRecords+`) ORDER BY record_id`, string(stage)))
}

// Ratings are the decisions agreement is computed from at a stage.
type Ratings struct {
	// Used are the independent decisions: each screener's decision on a
	// record as it stood while the review was blind and before the
	// record was resolved, by record (cluster primary) then reviewer.
	Used []review.Rating
	// Changed counts the current decisions that differ from the one
	// used (changed, made or withdrawn after blind mode was turned off
	// or the record was resolved): reported, not used.
	Changed int
}

// Ratings reads the independent decisions of a stage, on the records
// that reached it (on the stage's pilot sample alone when pilot is set).
func (s *Store) Ratings(ctx context.Context, stage review.Stage, pilot bool) (Ratings, error) {
	var out Ratings
	query := `SELECT coalesce(r.primary_id, r.id) AS p, d.reviewer, d.decision, d.independent
		FROM decisions d JOIN records r ON r.id = d.record_id WHERE d.stage = ?`
	args := []any{string(stage)}
	if stage == review.FullText {
		query += ` AND coalesce(r.primary_id, r.id) IN (SELECT record_id FROM outcomes WHERE stage = 'title-abstract' AND advances = 1)`
	}
	if pilot {
		query += ` AND coalesce(r.primary_id, r.id) IN (SELECT record_id FROM pilot WHERE stage = ?)`
		args = append(args, string(stage))
	}
	// In order of record, reviewer and time, so that each screener's
	// decisions on a record come together and are read in one pass
	// (a map of every pair would cost 100 MB on 100,000 records).
	rows, err := s.db.QueryContext(ctx, query+` ORDER BY p, d.reviewer, d.id`, args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	var (
		record        int64
		reviewer      string
		used, current string
		started       bool
	)
	flush := func() {
		if !started {
			return
		}
		if used != current {
			out.Changed++
		}
		if used != "" {
			out.Used = append(out.Used, review.Rating{RecordID: record, Reviewer: reviewer, Decision: review.Decision(used)})
		}
	}
	for rows.Next() {
		var r int64
		var who, decision string
		var independent bool
		if err := rows.Scan(&r, &who, &decision, &independent); err != nil {
			return out, err
		}
		if !started || r != record || who != reviewer {
			flush()
			record, reviewer, used, current, started = r, who, "", "", true
		}
		current = decision
		if independent {
			used = decision
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	flush()
	slices.SortFunc(out.Used, func(a, b review.Rating) int {
		if a.RecordID != b.RecordID {
			return cmp.Compare(a.RecordID, b.RecordID)
		}
		return strings.Compare(a.Reviewer, b.Reviewer)
	})
	return out, nil
}
