package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// voterSep ends each name in outcomes.voters; names cannot hold control
// characters, so a search for sep+name+sep never matches part of a name.
const voterSep = "\x1f"

func voterKey(name string) string { return voterSep + name + voterSep }

// Settings are a review's screening settings.
type Settings struct {
	// Screeners is how many screeners each record needs (2 by default).
	Screeners int
	// Blind: screeners see only their own decisions (on by default).
	Blind bool
	// Forward sends title-abstract conflicts on to full text without
	// waiting for a lead's resolution (off by default: they wait).
	Forward bool
	// Stopped is set once a lead stopped title-abstract screening
	// (winnow stop): the records nobody decided are excluded by
	// automation.
	Stopped bool
}

// ScreeningSettings gives the review's screening settings.
func (s *Store) ScreeningSettings(ctx context.Context) (Settings, error) {
	return s.screeningSettings(ctx, s.db)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) screeningSettings(ctx context.Context, q querier) (Settings, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('screeners', 'blind', 'conflicts', 'stopped')`)
	if err != nil {
		return Settings{}, err
	}
	defer rows.Close()
	set := Settings{Screeners: 2, Blind: true}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Settings{}, err
		}
		switch k {
		case "screeners":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				set.Screeners = n
			}
		case "blind":
			set.Blind = v != "off"
		case "conflicts":
			set.Forward = v == "forward"
		case "stopped":
			set.Stopped = v == string(review.TitleAbstract)
		}
	}
	return set, rows.Err()
}

// SetBlind turns blind mode on or off and logs it.
func (s *Store) SetBlind(ctx context.Context, on bool, by string) (changed bool, err error) {
	v := "off"
	if on {
		v = "on"
	}
	err = s.inTx(ctx, func(tx *sqlTx) error {
		var old string
		tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'blind'`).Scan(&old)
		if old == v || (old == "" && on) {
			return nil
		}
		changed = true
		if err := setSetting(ctx, tx, "blind", v); err != nil {
			return err
		}
		return s.event(ctx, tx, by, "blind "+v, 0, 0, "blind mode turned "+v)
	})
	return changed, err
}

// SetScreeners sets how many screeners each record needs, recomputes every
// outcome, and logs it.
func (s *Store) SetScreeners(ctx context.Context, n int, by string) error {
	if n < 1 || n > review.MaxScreeners {
		return review.Refuse(review.ErrBadScreeners, "screeners must be a number from 1 to %d, not %d", review.MaxScreeners, n)
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		if err := setSetting(ctx, tx, "screeners", strconv.Itoa(n)); err != nil {
			return err
		}
		if _, err := s.refreshAll(ctx, tx); err != nil {
			return err
		}
		return s.event(ctx, tx, by, "config", 0, 0, fmt.Sprintf("screeners per record set to %d", n))
	})
}

// SetForward sets whether title-abstract conflicts go on to full text
// without waiting for a lead, recomputes every outcome, and logs it.
func (s *Store) SetForward(ctx context.Context, forward bool, by string) error {
	v, detail := "resolve", "title-abstract conflicts wait for a lead's resolution"
	if forward {
		v, detail = "forward", "title-abstract conflicts go on to full text without waiting for a resolution"
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		if err := setSetting(ctx, tx, "conflicts", v); err != nil {
			return err
		}
		if _, err := s.refreshAll(ctx, tx); err != nil {
			return err
		}
		return s.event(ctx, tx, by, "config", 0, 0, "conflicts set to "+v+": "+detail)
	})
}

func setSetting(ctx context.Context, tx *sqlTx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Decide records decisions, in one transaction: each becomes the current
// decision of its reviewer (a withdrawn one removes it), the outcome of
// its record's cluster is recomputed, a full-text decision on a record
// with no retrieval state marks it retrieved, and each is logged. Every
// decision's record must have reached its stage: at full text, the
// cluster's title-abstract outcome must let it through.
func (s *Store) Decide(ctx context.Context, votes []review.Vote, by string) error {
	if len(votes) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		set, err := s.screeningSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO decisions (id, record_id, stage, reviewer, decision, reason, note, at, loaded_by, independent) VALUES (`+nextID("decisions")+`, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, v := range votes {
			if err := s.decideOne(ctx, tx, ins, v, set, now, by); err != nil {
				return &DecisionError{Index: i, Err: err}
			}
		}
		return nil
	})
}

// DecisionError names which of the decisions given to Decide (or the
// resolutions given to Resolve) failed.
type DecisionError struct {
	Index int
	Err   error
}

func (e *DecisionError) Error() string { return e.Err.Error() }
func (e *DecisionError) Unwrap() error { return e.Err }

// primaryAt gives the primary of a record's cluster, refusing a record
// that has not reached the stage (full text); why ends the refusal.
func primaryAt(ctx context.Context, tx *sqlTx, id int64, stage review.Stage, why string) (int64, error) {
	primary, err := primaryOf(ctx, tx, id)
	if err != nil || stage != review.FullText {
		return primary, err
	}
	ok, err := reachedFullText(ctx, tx, primary)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, review.Refuse(review.ErrNotInStage, "record %d has not reached full text%s", id, why)
	}
	return primary, nil
}

func (s *Store) decideOne(ctx context.Context, tx *sqlTx, ins *sqlStmt, v review.Vote, set Settings, now, by string) error {
	primary, err := primaryAt(ctx, tx, v.RecordID, v.Stage, ": its title-abstract screening has not included it")
	if err != nil {
		return err
	}
	if v.Stage == review.FullText && v.Decision != review.Withdrawn {
		if err := s.markRetrieved(ctx, tx, primary, v.RecordID, now); err != nil {
			return err
		}
	}
	// A decision made while the review is blind and before a lead
	// resolved the record is an independent judgement, which agreement
	// counts; a later one is kept and used, but not for agreement.
	var resolved string
	err = tx.QueryRowContext(ctx, `SELECT resolved FROM outcomes WHERE stage = ? AND record_id = ?`, string(v.Stage), primary).Scan(&resolved)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var was string
	err = tx.QueryRowContext(ctx, `SELECT d.decision FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE v.stage = ? AND v.record_id = ? AND v.reviewer = ?`, string(v.Stage), v.RecordID, v.Reviewer).Scan(&was)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var id int64
	err = ins.QueryRowContext(ctx, v.RecordID, string(v.Stage), v.Reviewer, string(v.Decision), v.Reason, v.Note, now, v.LoadedBy, set.Blind && resolved == "").Scan(&id)
	if err != nil {
		return err
	}
	if v.Decision == review.Withdrawn {
		_, err = tx.ExecContext(ctx, `DELETE FROM votes WHERE stage = ? AND record_id = ? AND reviewer = ?`, string(v.Stage), v.RecordID, v.Reviewer)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO votes (stage, record_id, reviewer, decision_id) VALUES (?, ?, ?, ?)
					ON CONFLICT (stage, record_id, reviewer) DO UPDATE SET decision_id = excluded.decision_id`,
			string(v.Stage), v.RecordID, v.Reviewer, id)
	}
	if err != nil {
		return err
	}
	if _, err := s.refreshCluster(ctx, tx, primary, set, v.Stage); err != nil {
		return err
	}
	who := v.Reviewer
	detail := v.Describe()
	switch {
	case was != "" && v.Decision != review.Withdrawn && was == string(v.Decision):
		// The same decision made again (a file loaded twice, a reason
		// or note changed): not a change of mind.
		detail += " (again)"
	case was != "" && v.Decision != review.Withdrawn:
		detail += fmt.Sprintf(" (changed from %s)", was)
	}
	if was != "" && v.Decision == review.Withdrawn {
		detail += fmt.Sprintf(" (was %s)", was)
	}
	switch {
	case v.LoadedBy != "" && v.From != "":
		detail += fmt.Sprintf(" (loaded by %s from %s)", v.LoadedBy, v.From)
	case v.LoadedBy != "":
		detail += fmt.Sprintf(" (loaded by %s)", v.LoadedBy)
	case v.From != "":
		detail += fmt.Sprintf(" (from %s)", v.From)
	}
	return s.event(ctx, tx, who, "decide", v.RecordID, 0, detail)
}

// reachedFullText reports whether a cluster's title-abstract outcome
// lets it through to full text.
func reachedFullText(ctx context.Context, q querier, primary int64) (bool, error) {
	var yes bool
	err := q.QueryRowContext(ctx, `SELECT advances FROM outcomes WHERE stage = 'title-abstract' AND record_id = ?`, primary).Scan(&yes)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return yes, err
}

// primaryOf gives the primary of a live record's cluster; a withdrawn
// record is refused, so that no change reaches one even when it was
// withdrawn after the caller found it.
func primaryOf(ctx context.Context, q querier, id int64) (int64, error) {
	var p sql.NullInt64
	var search int64
	var withdrawn bool
	err := q.QueryRowContext(ctx, `SELECT primary_id, search_id, withdrawn <> 0 FROM records WHERE id = ?`, id).Scan(&p, &search, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, review.Refuse(ErrNotFound, "no record %d in the review", id)
	}
	if err != nil {
		return 0, err
	}
	if withdrawn {
		return 0, withdrawnRecord(id, search)
	}
	if p.Valid {
		return p.Int64, nil
	}
	return id, nil
}

// clusterPrimary is primaryOf for reading what happened: a withdrawn
// record is in no cluster, and stands for itself.
func clusterPrimary(ctx context.Context, q querier, id int64) (int64, error) {
	var p sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT primary_id FROM records WHERE id = ?`, id).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, review.Refuse(ErrNotFound, "no record %d in the review", id)
	}
	if p.Valid {
		return p.Int64, err
	}
	return id, err
}

// markRetrieved records a cluster's report as retrieved by a full-text decision
// on record id, or refuses the decision when the report was recorded as
// not retrieved.
func (s *Store) markRetrieved(ctx context.Context, tx *sqlTx, primary, id int64, now string) error {
	// One look at the cluster's last full-text state decides both: none
	// yet, the report is retrieved by this decision; recorded as not
	// retrieved, the report is not assessed (it has left every full-text
	// queue, and PRISMA counts it among the reports not retrieved: a
	// decision on it would stand beside that count, unseen by the screen).
	var state string
	err := tx.QueryRowContext(ctx, `SELECT state FROM fulltexts WHERE record_id IN (SELECT id FROM records WHERE id = ? OR primary_id = ?) ORDER BY id DESC LIMIT 1`, primary, primary).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case state == review.NotRetrievedState:
		return review.RefuseFix(review.ErrNotInStage, review.FixAttachText, strconv.FormatInt(id, 10),
			"record %d cannot be assessed at full text: its report was recorded as not retrieved", id)
	default:
		return nil
	}
	// Not logged on its own: the decision's own log entry says it, and a
	// separate entry would tell other screeners who decided what.
	// Nor does it name who decided.
	_, err = tx.ExecContext(ctx, `INSERT INTO fulltexts (record_id, state, at) VALUES (?, 'retrieved', ?)`, primary, now)
	return err
}

// clusterMembers lists the records of a record's cluster, primary first.
func clusterMembers(ctx context.Context, q querier, id int64) ([]int64, error) {
	primary, err := primaryOf(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return members(ctx, q, primary)
}

// members lists a cluster's records, primary first.
func members(ctx context.Context, q querier, primary int64) ([]int64, error) {
	return recordIDs(q.QueryContext(ctx, `SELECT id FROM records WHERE id = ? OR primary_id = ? ORDER BY id = ? DESC, id`, primary, primary, primary))
}

// stageList is the stages for a query that must use the (stage,
// record_id) keys of votes and outcomes to find a record.
const stageList = `('title-abstract', 'full-text')`

// recordIDs reads a query's one column of record numbers.
func recordIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// joinIDs writes record ids as the pilot's log line lists them: 1,2,3.
func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// clusterVotes gives the current votes on a cluster's records at a stage:
// one per reviewer, the latest when a reviewer decided two of its records
// before they were linked. merged reports whether votes sit on more than
// one of the records.
func clusterVotes(ctx context.Context, q querier, ids []int64, stage review.Stage) (votes []review.Vote, merged bool, err error) {
	rows, err := q.QueryContext(ctx, `SELECT d.record_id, d.reviewer, d.decision, d.reason, d.note, d.at, d.loaded_by
		FROM votes v JOIN decisions d ON d.id = v.decision_id
		WHERE v.stage = ? AND v.record_id IN idlist(?) ORDER BY d.id DESC`, string(stage), idList(ids))
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	var on int64
	for rows.Next() {
		var v review.Vote
		var decision, at string
		if err := rows.Scan(&v.RecordID, &v.Reviewer, &decision, &v.Reason, &v.Note, &at, &v.LoadedBy); err != nil {
			return nil, false, err
		}
		if on != 0 && v.RecordID != on {
			merged = true
		}
		on = v.RecordID
		if seen[v.Reviewer] {
			continue
		}
		seen[v.Reviewer] = true
		v.Stage, v.Decision = stage, review.Decision(decision)
		v.At, _ = time.Parse(time.RFC3339Nano, at)
		votes = append(votes, v)
	}
	// Oldest first, as the screeners decided.
	slices.Reverse(votes)
	return votes, merged, rows.Err()
}

// fullTextOf gives the latest full-text state of a cluster's records.
func fullTextOf(ctx context.Context, q querier, ids []int64) (*review.FullTextState, error) {
	var f review.FullTextState
	var at string
	err := q.QueryRowContext(ctx, `SELECT record_id, state, file, sha256, note, by, at FROM fulltexts
		WHERE record_id IN idlist(?) ORDER BY id DESC LIMIT 1`, idList(ids)).Scan(&f.RecordID, &f.State, &f.File, &f.SHA256, &f.Note, &f.By, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f.At, _ = time.Parse(time.RFC3339Nano, at)
	return &f, nil
}

// refreshCluster recomputes the outcome of a cluster at the given stages
// (both when none are given) from its records' votes and full-text state,
// and keeps it under the cluster's primary. It reports whether votes sit
// on more than one of the cluster's records.
func (s *Store) refreshCluster(ctx context.Context, tx *sqlTx, primary int64, set Settings, stages ...review.Stage) (merged bool, err error) {
	ids, err := members(ctx, tx, primary)
	if err != nil {
		return false, err
	}
	if len(ids) > 1 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM outcomes WHERE stage IN `+stageList+` AND record_id IN idlist(?)`, idList(ids[1:])); err != nil {
			return false, err
		}
	}
	if len(stages) == 0 {
		stages = review.Stages
	}
	for _, stage := range stages {
		votes, m, err := clusterVotes(ctx, tx, ids, stage)
		if err != nil {
			return false, err
		}
		merged = merged || m
		notRetrieved := false
		if stage == review.FullText {
			ft, err := fullTextOf(ctx, tx, ids)
			if err != nil {
				return false, err
			}
			notRetrieved = ft != nil && ft.State == review.NotRetrievedState
		}
		res, err := resolutionOf(ctx, tx, ids, stage)
		if err != nil {
			return false, err
		}
		stopped := set.Stopped && stage == review.TitleAbstract
		if len(votes) == 0 && !notRetrieved && res == nil && !stopped {
			if _, err := tx.ExecContext(ctx, `DELETE FROM outcomes WHERE stage = ? AND record_id = ?`, string(stage), primary); err != nil {
				return false, err
			}
			continue
		}
		t := review.TallyOf(stage, votes, set.Screeners, notRetrieved, stopped, res)
		voters := voterSep
		for _, v := range t.Voters {
			voters += v + voterSep
		}
		advances := stage == review.TitleAbstract && review.Advances(t.Outcome, set.Forward)
		if _, err := tx.ExecContext(ctx, `INSERT INTO outcomes (stage, record_id, votes, voters, outcome, reason_conflict, resolved, advances, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (stage, record_id) DO UPDATE SET votes = excluded.votes, voters = excluded.voters,
			outcome = excluded.outcome, reason_conflict = excluded.reason_conflict, resolved = excluded.resolved,
			advances = excluded.advances, reason = excluded.reason`,
			string(stage), primary, t.Votes, voters, string(t.Outcome), t.ReasonConflict, string(t.Resolved), advances, t.Reason); err != nil {
			return false, err
		}
	}
	return merged, nil
}

// refreshAll recomputes every outcome. It returns the clusters whose
// votes sit on more than one record.
func (s *Store) refreshAll(ctx context.Context, tx *sqlTx) ([]int64, error) {
	return s.refreshRecords(ctx, tx, nil, true)
}

// refreshRecords recomputes the outcomes of the clusters the given
// records now belong to, after links changed (all clusters with votes
// or full-text states when all is set). Records without votes or
// full-text state in their cluster cost one lookup.
func (s *Store) refreshRecords(ctx context.Context, tx *sqlTx, ids []int64, all bool) ([]int64, error) {
	set, err := s.screeningSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	// Only the clusters of records that carry screening (a vote, a
	// full-text state, a resolution or an outcome) can change.
	var marked []int64
	if all || len(ids) > 4096 {
		if marked, err = recordIDs(tx.QueryContext(ctx, `SELECT record_id FROM votes UNION SELECT record_id FROM fulltexts
			UNION SELECT record_id FROM resolutions UNION SELECT record_id FROM outcomes ORDER BY 1`)); err != nil {
			return nil, err
		}
		if !all {
			// Many records (a first dedup run): one read of the marked
			// records beats a look-up for each.
			in := make(map[int64]bool, len(ids))
			for _, id := range ids {
				in[id] = true
			}
			marked = slices.DeleteFunc(marked, func(id int64) bool { return !in[id] })
		}
	} else {
		// One indexed look-up per record: a person's link while a million
		// records are screened must not read every vote.
		for _, id := range ids {
			var yes bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM votes WHERE stage IN `+stageList+` AND record_id = ?1)
				OR EXISTS (SELECT 1 FROM fulltexts WHERE record_id = ?1)
				OR EXISTS (SELECT 1 FROM resolutions WHERE record_id = ?1)
				OR EXISTS (SELECT 1 FROM outcomes WHERE stage IN `+stageList+` AND record_id = ?1)`, id).Scan(&yes); err != nil {
				return nil, err
			}
			if yes {
				marked = append(marked, id)
			}
		}
	}
	// Outcomes are kept under primaries, which the links may have
	// changed: drop them all first, then recompute each cluster once.
	touched := marked
	for _, id := range touched {
		if _, err := tx.ExecContext(ctx, `DELETE FROM outcomes WHERE stage IN `+stageList+` AND record_id = ?`, id); err != nil {
			return nil, err
		}
	}
	done := map[int64]bool{}
	var merged []int64
	for _, id := range touched {
		p, err := clusterPrimary(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if done[p] {
			continue
		}
		done[p] = true
		m, err := s.refreshCluster(ctx, tx, p, set)
		if err != nil {
			return nil, err
		}
		if m {
			merged = append(merged, p)
		}
	}
	slices.Sort(merged)
	return merged, nil
}

// QueueQuery selects the next records of a reviewer's queue at a stage.
type QueueQuery struct {
	Reviewer string
	Stage    review.Stage
	// After and Before bound the record numbers (Before 0: no bound).
	After, Before int64
	Limit         int
}

// Queue lists, in record order, the records of a reviewer's queue: the
// primaries that reached the stage, that the reviewer has not decided,
// that have fewer decisions than the screeners setting and (at full text)
// that were not marked not retrieved.
func (s *Store) Queue(ctx context.Context, q QueueQuery) ([]int64, error) {
	set, err := s.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	query, args := queueSQL(q, set.Screeners)
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	return recordIDs(s.db.QueryContext(ctx, query, args...))
}

// CountQueue counts a reviewer's queue at a stage.
func (s *Store) CountQueue(ctx context.Context, reviewer string, stage review.Stage) (int, error) {
	set, err := s.ScreeningSettings(ctx)
	if err != nil {
		return 0, err
	}
	query, args := queueSQL(QueueQuery{Reviewer: reviewer, Stage: stage}, set.Screeners)
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+query+`) AS q`, args...).Scan(&n)
	return n, err
}

// InQueue reports whether a record is (still) in a reviewer's queue.
func (s *Store) InQueue(ctx context.Context, reviewer string, stage review.Stage, id int64) (bool, error) {
	ids, err := s.Queue(ctx, QueueQuery{Reviewer: reviewer, Stage: stage, After: id - 1, Before: id + 1, Limit: 1})
	return len(ids) == 1, err
}

func queueSQL(q QueueQuery, screeners int) (string, []any) {
	before := q.Before
	if before <= 0 {
		before = 1 << 62
	}
	mine := voterKey(q.Reviewer)
	if q.Stage == review.FullText {
		return `SELECT t.record_id FROM outcomes t
			WHERE t.stage = 'title-abstract' AND t.advances = 1
			AND t.record_id > ? AND t.record_id < ?
			AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'full-text' AND o.record_id = t.record_id
				AND NOT (o.outcome <> 'not-retrieved' AND o.votes < ? AND instr(o.voters, ?) = 0))
			ORDER BY t.record_id`, []any{q.After, before, screeners, mine}
	}
	// A record is in the queue unless its outcome closes it: NOT EXISTS
	// rather than a LEFT JOIN, so that PostgreSQL too walks the records
	// in order and stops at the limit (it cannot estimate the join's
	// filter, and sorted every outcome first: 86 ms at 100,000 records).
	return `SELECT r.id FROM records r INDEXED BY records_primaries
		WHERE r.primary_id IS NULL AND r.id > ? AND r.id < ? AND ` + live("r") + `
		AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'title-abstract' AND o.record_id = r.id
			AND NOT (o.outcome = 'pending' AND o.votes < ? AND instr(o.voters, ?) = 0))
		ORDER BY r.id`, []any{q.After, before, screeners, mine}
}

// LastVote gives a reviewer's most recent decision at a stage that is
// still their current one, or nil.
func (s *Store) LastVote(ctx context.Context, reviewer string, stage review.Stage) (*review.Vote, error) {
	var v review.Vote
	var decision, at string
	err := s.db.QueryRowContext(ctx, `SELECT d.record_id, d.decision, d.reason, d.note, d.at, d.loaded_by FROM decisions d
		WHERE d.reviewer = ? AND d.stage = ? AND d.decision <> ''
		AND EXISTS (SELECT 1 FROM votes v WHERE v.stage = d.stage AND v.record_id = d.record_id AND v.reviewer = d.reviewer AND v.decision_id = d.id)
		ORDER BY d.id DESC LIMIT 1`, reviewer, string(stage)).Scan(&v.RecordID, &decision, &v.Reason, &v.Note, &at, &v.LoadedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v.Reviewer, v.Stage, v.Decision = reviewer, stage, review.Decision(decision)
	v.At, _ = time.Parse(time.RFC3339Nano, at)
	return &v, nil
}

// LastDecided gives the record of a reviewer's latest decision at a stage
// (0 when none): where their screening resumes.
func (s *Store) LastDecided(ctx context.Context, reviewer string, stage review.Stage) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT record_id FROM decisions WHERE reviewer = ? AND stage = ? ORDER BY id DESC LIMIT 1`,
		reviewer, string(stage)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// VotesOn gives the current votes on a record's cluster at each stage that
// the viewer may see.
func (s *Store) VotesOn(ctx context.Context, id int64, viewer review.Viewer) ([]review.Vote, error) {
	ids, err := clusterMembers(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	var out []review.Vote
	for _, stage := range review.Stages {
		votes, _, err := clusterVotes(ctx, s.db, ids, stage)
		if err != nil {
			return nil, err
		}
		for _, v := range votes {
			if viewer.Sees(v.Reviewer) {
				out = append(out, v)
			}
		}
	}
	return out, nil
}

// FullText gives the full-text state of a record's cluster, or nil.
func (s *Store) FullText(ctx context.Context, id int64) (*review.FullTextState, error) {
	ids, err := clusterMembers(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return fullTextOf(ctx, s.db, ids)
}

// SetFullText records a full text attached or not retrieved, recomputes
// the record's full-text outcome and logs it.
func (s *Store) SetFullText(ctx context.Context, f review.FullTextState) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		primary, err := primaryOf(ctx, tx, f.RecordID)
		if err != nil {
			return err
		}
		if f.State == review.NotRetrievedState {
			ok, err := reachedFullText(ctx, tx, primary)
			if err != nil {
				return err
			}
			if !ok {
				return review.Refuse(review.ErrNotInStage, "record %d has not reached full text: only a report sought for retrieval can be not retrieved", f.RecordID)
			}
		} else {
			var outcome review.Outcome
			err := tx.QueryRowContext(ctx, `SELECT outcome FROM outcomes WHERE stage = 'title-abstract' AND record_id = ?`, primary).Scan(&outcome)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if review.ExcludedAtTitleAbstract(outcome) {
				return review.Refuse(review.ErrNotInStage, "record %d was excluded at title-abstract: no report is sought for it, so no full text is attached (if the exclusion was a mistake, change it first: its screeners decide again, or a lead resolves it with `winnow resolve`)", f.RecordID)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fulltexts (record_id, state, file, sha256, note, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			primary, f.State, f.File, f.SHA256, f.Note, s.now(), f.By); err != nil {
			return err
		}
		set, err := s.screeningSettings(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := s.refreshCluster(ctx, tx, primary, set, review.FullText); err != nil {
			return err
		}
		detail := "full text not retrieved"
		if f.State == review.Retrieved {
			detail = fmt.Sprintf("full text attached: %s (sha256 %s)", f.File, f.SHA256)
		}
		if f.Note != "" {
			detail += "; note: " + f.Note
		}
		return s.event(ctx, tx, f.By, "fulltext", primary, 0, detail)
	})
}

// reached limits a query on outcomes to the records that reached the
// stage: a full-text outcome stays behind when a title-abstract decision
// changes, and must then not count.
func reached(stage review.Stage) string {
	if stage != review.FullText {
		return ""
	}
	return ` AND record_id IN (SELECT record_id FROM outcomes WHERE stage = 'title-abstract' AND advances = 1)`
}

// StageCounts are the counts behind `winnow status` at one stage.
type StageCounts struct {
	Records, DecidedByMe, Complete, Pending     int
	Conflicts, Included, Excluded, NotRetrieved int
	// Conflicts counts the open ones (with ReasonConflicts among them);
	// Resolved those a lead settled; Forwarded the open title-abstract
	// conflicts sent on to full text.
	ReasonConflicts, Resolved, Forwarded int
	// AutoExcluded counts the records excluded by automation when
	// screening stopped, SingleScreened the exclusions that stand with
	// fewer decisions than the review asks for.
	AutoExcluded, SingleScreened int
	Screeners                    []review.ScreenerProgress
}

// Counts gives the counts of every stage; me is the viewer's name.
func (s *Store) Counts(ctx context.Context, me string) (map[review.Stage]*StageCounts, error) {
	out := map[review.Stage]*StageCounts{}
	ta := &StageCounts{}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records r INDEXED BY records_primaries WHERE r.primary_id IS NULL AND `+live("r")).Scan(&ta.Records); err != nil {
		return nil, err
	}
	ft := &StageCounts{}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outcomes WHERE stage = 'title-abstract' AND advances = 1`).Scan(&ft.Records); err != nil {
		return nil, err
	}
	out[review.TitleAbstract], out[review.FullText] = ta, ft
	set, err := s.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	for stage, c := range out {
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE outcome IN ('included', 'excluded', 'conflict')),
			count(*) FILTER (WHERE `+openConflict+`), count(*) FILTER (WHERE outcome = 'included'), count(*) FILTER (WHERE outcome = 'excluded'),
			count(*) FILTER (WHERE outcome = 'not-retrieved'), count(*) FILTER (WHERE instr(voters, ?) > 0),
			count(*) FILTER (WHERE reason_conflict <> 0 AND resolved = ''), count(*) FILTER (WHERE resolved <> ''), count(*) FILTER (WHERE outcome = 'conflict' AND advances <> 0)
			FROM outcomes WHERE stage = ?`+reached(stage), voterKey(me), string(stage)).Scan(&c.Complete, &c.Conflicts, &c.Included, &c.Excluded, &c.NotRetrieved, &c.DecidedByMe,
			&c.ReasonConflicts, &c.Resolved, &c.Forwarded)
		if err != nil {
			return nil, err
		}
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE outcome = ?), count(*) FILTER (WHERE outcome = 'excluded' AND votes < ? AND resolved = '')
			FROM outcomes WHERE stage = ?`+reached(stage), string(review.AutoExcluded), set.Screeners, string(stage)).Scan(&c.AutoExcluded, &c.SingleScreened); err != nil {
			return nil, err
		}
		c.Pending = c.Records - c.Complete - c.NotRetrieved - c.AutoExcluded
		rows, err := s.db.QueryContext(ctx, `SELECT reviewer, count(*) FROM votes WHERE stage = ? GROUP BY reviewer ORDER BY reviewer`, string(stage))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p review.ScreenerProgress
			if err := rows.Scan(&p.Reviewer, &p.Decided); err != nil {
				rows.Close()
				return nil, err
			}
			c.Screeners = append(c.Screeners, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i := range c.Screeners {
			if err := s.progress(ctx, stage, c.Records, &c.Screeners[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// progress fills in a screener's records decided since their last
// include and what is left in their queue: the records of the stage that
// are neither decided by them nor settled without them.
func (s *Store) progress(ctx context.Context, stage review.Stage, records int, p *review.ScreenerProgress) error {
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM votes v WHERE v.reviewer = ? AND v.stage = ? AND v.decision_id >
		(SELECT coalesce(max(v2.decision_id), 0) FROM votes v2 JOIN decisions d ON d.id = v2.decision_id
			WHERE v2.reviewer = ? AND v2.stage = ? AND d.decision = 'include')`,
		p.Reviewer, string(stage), p.Reviewer, string(stage)).Scan(&p.SinceInclude)
	if err != nil {
		return err
	}
	var settled int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outcomes WHERE stage = ? AND (outcome <> 'pending' OR instr(voters, ?) > 0)`+reached(stage),
		string(stage), voterKey(p.Reviewer)).Scan(&settled); err != nil {
		return err
	}
	p.Queue = max(records-settled, 0)
	if p.Decided+p.Queue > 0 {
		p.Screened = float64(p.Decided) / float64(p.Decided+p.Queue)
	}
	return nil
}

// DecidedCount counts the records a reviewer has decided at a stage.
func (s *Store) DecidedCount(ctx context.Context, reviewer string, stage review.Stage) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outcomes WHERE stage = ? AND instr(voters, ?) > 0`+reached(stage),
		string(stage), voterKey(reviewer)).Scan(&n)
	return n, err
}
