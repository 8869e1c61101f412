package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/winnow-review/winnow/review"
)

// ErrStopped refuses a second stop of a stage.
var ErrStopped = errors.New("already stopped")

// Stopped is what a stop did.
type Stopped struct {
	// Automated counts the records nobody had decided, now excluded by
	// automation.
	Automated int `json:"excluded_by_automation"`
	// SingleExcluded are the records one screener (fewer than asked)
	// excluded: the exclusion stands, single-screened. ToLead are those
	// with an include or maybe among fewer decisions: conflicts for the
	// lead.
	SingleExcluded []int64 `json:"single_screened_exclusions"`
	ToLead         []int64 `json:"sent_to_the_lead"`
}

// Stop ends title-abstract screening, in one transaction: every record
// kept for screening that nobody decided is excluded by automation, and
// the records fewer screeners decided than asked keep those decisions (an
// exclusion stands, single-screened; an include or maybe goes to the lead
// as a conflict). The rule and the model state go into the log.
func (s *Store) Stop(ctx context.Context, stage review.Stage, rule, model, by string) (*Stopped, error) {
	if stage != review.TitleAbstract {
		return nil, fmt.Errorf("only title-abstract screening can be stopped: full text is read in full")
	}
	out := &Stopped{}
	err := s.inTx(ctx, func(tx *sqlTx) error {
		set, err := s.screeningSettings(ctx, tx)
		if err != nil {
			return err
		}
		if set.Stopped {
			return review.Refuse(ErrStopped, "title-abstract screening was stopped already (see `winnow log`)")
		}
		if err := setSetting(ctx, tx, "stopped", string(review.TitleAbstract)); err != nil {
			return err
		}
		set.Stopped = true
		res, err := tx.ExecContext(ctx, `INSERT INTO outcomes (stage, record_id, votes, voters, outcome)
			SELECT 'title-abstract', r.id, 0, ?, ? FROM records r INDEXED BY records_primaries
			WHERE r.primary_id IS NULL AND `+live("r")+` AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'title-abstract' AND o.record_id = r.id)`,
			voterSep, string(review.AutoExcluded))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		out.Automated = int(n)
		// Records with no votes left but an outcome row (all withdrawn).
		if res, err = tx.ExecContext(ctx, `UPDATE outcomes SET outcome = ? WHERE stage = 'title-abstract' AND votes = 0 AND outcome = 'pending' AND resolved = ''`,
			string(review.AutoExcluded)); err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		out.Automated += int(n)
		partial, err := recordIDs(tx.QueryContext(ctx, `SELECT record_id FROM outcomes WHERE stage = 'title-abstract' AND outcome = 'pending' ORDER BY record_id`))
		if err != nil {
			return err
		}
		for _, id := range partial {
			if _, err := s.refreshCluster(ctx, tx, id, set, review.TitleAbstract); err != nil {
				return err
			}
			var outcome string
			if err := tx.QueryRowContext(ctx, `SELECT outcome FROM outcomes WHERE stage = 'title-abstract' AND record_id = ?`, id).Scan(&outcome); err != nil {
				return err
			}
			switch review.Outcome(outcome) {
			case review.Excluded:
				out.SingleExcluded = append(out.SingleExcluded, id)
			case review.Conflict:
				out.ToLead = append(out.ToLead, id)
			}
		}
		detail := fmt.Sprintf("title-abstract screening stopped: rule %q; %d records excluded by automation", rule, out.Automated)
		if model != "" {
			detail += "; model: " + model
		}
		if len(out.SingleExcluded) > 0 {
			detail += fmt.Sprintf("; %d single-screened exclusions stand (records %s)", len(out.SingleExcluded), someInts(out.SingleExcluded, 100))
		}
		if len(out.ToLead) > 0 {
			detail += fmt.Sprintf("; %d single includes go to the lead (records %s)", len(out.ToLead), someInts(out.ToLead, 100))
		}
		return s.event(ctx, tx, by, "stop", 0, 0, detail)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// someInts lists at most n ids, saying how many more there are.
func someInts(ids []int64, n int) string {
	if len(ids) <= n {
		return joinInts(ids)
	}
	return fmt.Sprintf("%s and %d more", joinInts(ids[:n]), len(ids)-n)
}

// LatestEvents gives each reviewer's latest log line of an action (their
// detail), e.g. the ranking each screener's queue was last ordered by.
func (s *Store) LatestEvents(ctx context.Context, action string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT reviewer, detail FROM events WHERE id IN
		(SELECT max(id) FROM events WHERE action = ? GROUP BY reviewer) ORDER BY reviewer`, action)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var who, detail string
		if err := rows.Scan(&who, &detail); err != nil {
			return nil, err
		}
		out[who] = detail
	}
	return out, rows.Err()
}
