package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// ScreenedQuery selects records by one reviewer's current decision at a
// stage, and (for those who may see them) by outcome. Who may ask what
// is decided by the caller (review/screening); this only selects.
type ScreenedQuery struct {
	// Reviewer is whose decisions are selected and returned.
	Reviewer string
	Stage    review.Stage
	// Decision is include, exclude or maybe; Undecided asks for the
	// records in the reviewer's queue instead; neither: any record the
	// reviewer has a current decision on, unless Outcome alone selects.
	Decision  review.Decision
	Undecided bool
	// Outcome, when set, keeps the records whose outcome at the stage
	// is it: included, excluded, conflict (open), pending (not every
	// decision in yet) or resolved (settled by a lead).
	Outcome string
	// Label, when set, keeps the records the reviewer labelled so;
	// alone (no Decision, Undecided or Outcome) it selects every record
	// they labelled so, decided or not.
	Label string
	// Search is full-text search, as RecordQuery's.
	Search string
	Limit  int
}

// Screened is a record with the reviewer's current decision on it at the
// stage (Decision empty when none) and their note: the latest of the
// note their decision carries and the note they saved on it since.
type Screened struct {
	Record *review.Record
	Vote   review.Vote
	// Labels are the reviewer's labels on the record, sorted.
	Labels []string
}

// EachScreened calls fn for every record the query selects, in record
// order.
func (s *Store) EachScreened(ctx context.Context, q ScreenedQuery, fn func(Screened) error) error {
	stage := string(q.Stage)
	vote := []string{`coalesce(d.decision, '')`, `coalesce(d.reason, '')`, `coalesce(d.note, '')`, `coalesce(d.at, '')`}
	// On SQLite each row comes packed into one value (see packSQL): read
	// column by column, the driver's locking was a quarter of the time.
	packed := !s.Postgres()
	query := `SELECT ` + recordColumns + `, '', ` + strings.Join(vote, `, `)
	if packed {
		query = `SELECT ` + packedRecordSQL(vote...)
	}
	var args []any
	// The listing goes in record order; from the reviewer's votes that is
	// their primary key's order (stage, record_id, reviewer), which
	// SQLite follows only when told so in the votes' terms: ORDER BY r.id
	// made it sort the whole listing, every record's text, before the
	// first row (3-5 s for 66,667 records of a million).
	order := `r.id`
	// Votes sit on the record decided; a record decided before it was
	// linked as a duplicate is listed as it was decided.
	var where []string
	decided := !q.Undecided && (q.Decision != review.Withdrawn || (q.Outcome == "" && q.Label == ""))
	if decided {
		// Only records the reviewer decided: the walk starts from their
		// votes (a few of a big review's records), never from every
		// record. CROSS JOIN keeps SQLite's planner to that order;
		// PostgreSQL plans it as the inner join it is.
		query += ` FROM votes v CROSS JOIN decisions d CROSS JOIN records r CROSS JOIN searches s`
		where = append(where, `v.stage = ? AND v.reviewer = ? AND d.id = v.decision_id AND r.id = v.record_id AND s.id = r.search_id`)
		args = append(args, stage, q.Reviewer)
		order = `v.record_id`
	} else {
		query += ` FROM records r JOIN searches s ON s.id = r.search_id
		LEFT JOIN votes v ON v.stage = ? AND v.record_id = r.id AND v.reviewer = ?
		LEFT JOIN decisions d ON d.id = v.decision_id`
		args = append(args, stage, q.Reviewer)
	}
	switch {
	case q.Undecided:
		set, err := s.ScreeningSettings(ctx)
		if err != nil {
			return err
		}
		inner, innerArgs := queueSQL(QueueQuery{Reviewer: q.Reviewer, Stage: q.Stage}, set.Screeners)
		where = append(where, `r.id IN (`+inner+`)`)
		args = append(args, innerArgs...)
	case q.Decision != review.Withdrawn:
		where = append(where, `d.decision = ?`)
		args = append(args, string(q.Decision))
	}
	if q.Label != "" {
		cond, largs := labelCond(q.Reviewer, q.Label)
		where = append(where, cond)
		args = append(args, largs...)
	}
	if q.Outcome != "" {
		cond, oargs := outcomeCond(q.Stage, q.Outcome)
		where = append(where, cond)
		args = append(args, oargs...)
	}
	if strings.TrimSpace(q.Search) != "" {
		cond, match, err := s.searchCond(ctx, q.Search)
		if err != nil {
			return err
		}
		where = append(where, cond)
		args = append(args, match)
	}
	query += ` WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY ` + order
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	// A reviewer's labels are few beside their decisions: read at once,
	// rather than one query per record listed.
	labels, err := s.ReviewerLabels(ctx, q.Reviewer)
	if err != nil {
		return err
	}
	// So are their notes: read at once, rather than looked up for each
	// record listed.
	notes, err := s.reviewerNotes(ctx, q.Reviewer, q.Stage)
	if err != nil {
		return err
	}
	conn, release, err := s.streamConn(ctx)
	if err != nil {
		return err
	}
	defer release()
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return searchError(q.Search, err)
	}
	defer rows.Close()
	var row string
	var extra [4]string
	for rows.Next() {
		var out Screened
		var decision, at string
		var rec *review.Record
		if packed {
			if err := rows.Scan(&row); err != nil {
				return err
			}
			rec, err = unpackRecord(row, extra[:])
			decision, out.Vote.Reason, out.Vote.Note, at = extra[0], extra[1], extra[2], extra[3]
		} else {
			rec, err = scanRecord(scanFunc(func(dest ...any) error {
				return rows.Scan(append(dest, &decision, &out.Vote.Reason, &out.Vote.Note, &at)...)
			}))
		}
		if err != nil {
			return err
		}
		out.Record = rec
		out.Labels = labels[rec.ID]
		out.Vote.RecordID, out.Vote.Stage, out.Vote.Reviewer, out.Vote.Decision = rec.ID, q.Stage, q.Reviewer, review.Decision(decision)
		out.Vote.At, _ = time.Parse(time.RFC3339Nano, at)
		if n, ok := notes[rec.ID]; ok {
			// A note saved after the decision (or with none) is the
			// reviewer's latest word on the record.
			nat, _ := time.Parse(time.RFC3339Nano, n.at)
			if decision == "" || !nat.Before(out.Vote.At) {
				out.Vote.Note = n.note
			}
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return searchError(q.Search, rows.Err())
}

// savedNote is a reviewer's latest note on a record.
type savedNote struct{ note, at string }

// reviewerNotes gives a reviewer's latest note at a stage on each record
// they wrote one on.
func (s *Store) reviewerNotes(ctx context.Context, reviewer string, stage review.Stage) (map[int64]savedNote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT record_id, note, at FROM notes WHERE reviewer = ? AND stage = ? ORDER BY id`, reviewer, string(stage))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]savedNote{}
	for rows.Next() {
		var id int64
		var n savedNote
		if err := rows.Scan(&id, &n.note, &n.at); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

type scanFunc func(...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// outcomeCond keeps the records whose outcome at a stage is the one
// named (the caller checked the name).
func outcomeCond(stage review.Stage, outcome string) (string, []any) {
	switch outcome {
	case "resolved":
		return `r.id IN (SELECT record_id FROM outcomes WHERE stage = ? AND resolved <> ''` + reached(stage) + `)`, []any{string(stage)}
	case "conflict":
		return `r.id IN (SELECT record_id FROM outcomes WHERE stage = ? AND ` + openConflict + reached(stage) + `)`, []any{string(stage)}
	case "pending":
		// Pending: reached the stage, and no outcome yet settles it.
		settled := `r.id NOT IN (SELECT record_id FROM outcomes WHERE stage = ? AND outcome <> 'pending')`
		if stage == review.FullText {
			return `r.id IN (SELECT record_id FROM outcomes WHERE stage = 'title-abstract' AND advances = 1) AND ` + settled, []any{string(stage)}
		}
		return `r.primary_id IS NULL AND ` + settled, []any{string(stage)}
	}
	return `r.id IN (SELECT record_id FROM outcomes WHERE stage = ? AND outcome = ?` + reached(stage) + `)`, []any{string(stage), outcome}
}

// searchCond gives the condition on r.id and its argument for a
// full-text search.
func (s *Store) searchCond(ctx context.Context, search string) (string, any, error) {
	if s.Postgres() {
		match, err := tsQuery(search)
		return `r.id IN (SELECT record_id FROM records_fts WHERE doc @@ ?::tsquery)`, match, err
	}
	match, err := s.ftsMatch(ctx, search)
	return `r.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)`, match, err
}

// DecidedAs lists, in record order, the records on which a reviewer's
// current decision at a stage is d.
func (s *Store) DecidedAs(ctx context.Context, reviewer string, stage review.Stage, d review.Decision) ([]int64, error) {
	return recordIDs(s.db.QueryContext(ctx, `SELECT v.record_id FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE v.stage = ? AND v.reviewer = ? AND d.decision = ? ORDER BY v.record_id`, string(stage), reviewer, string(d)))
}

// CurrentVote gives a reviewer's current decision on a record at a
// stage, or nil when they have none.
func (s *Store) CurrentVote(ctx context.Context, reviewer string, stage review.Stage, id int64) (*review.Vote, error) {
	v := review.Vote{RecordID: id, Stage: stage, Reviewer: reviewer}
	var decision, at string
	err := s.db.QueryRowContext(ctx, `SELECT d.decision, d.reason, d.note, d.at, d.loaded_by FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE v.stage = ? AND v.record_id = ? AND v.reviewer = ?`, string(stage), id, reviewer).Scan(&decision, &v.Reason, &v.Note, &at, &v.LoadedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v.Decision = review.Decision(decision)
	v.At, _ = time.Parse(time.RFC3339Nano, at)
	return &v, nil
}
