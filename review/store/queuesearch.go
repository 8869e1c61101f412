package store

import (
	"context"

	"github.com/winnow-review/winnow/review"
)

// SearchQueue lists the records of a reviewer's queue at a stage that a
// full-text search finds (the search of `records --search`), in record
// order after q.After and before q.Before (0: no bound), at most q.Limit
// (0: all). Title-abstract search
// walks the index's matches in record order and checks each against the
// queue, so the first matches come back without reading the whole queue
// (the screen's `/` at a million records).
func (s *Store) SearchQueue(ctx context.Context, q QueueQuery, search string) ([]int64, error) {
	set, err := s.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1 << 62
	}
	before := q.Before
	if before <= 0 {
		before = 1 << 62
	}
	mine := voterKey(q.Reviewer)
	var query string
	var match any
	if s.Postgres() {
		match, err = tsQuery(search)
	} else {
		match, err = s.ftsMatch(ctx, search)
	}
	if err != nil {
		return nil, searchError(search, err)
	}
	if q.Stage == review.FullText {
		cond, _, _ := s.searchCond(ctx, search)
		query = `SELECT r.id FROM outcomes t JOIN records r ON r.id = t.record_id
			WHERE t.stage = 'title-abstract' AND t.advances = 1 AND t.record_id > ? AND t.record_id < ? AND ` + cond + `
			AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'full-text' AND o.record_id = t.record_id
				AND NOT (o.outcome <> 'not-retrieved' AND o.votes < ? AND instr(o.voters, ?) = 0))
			ORDER BY t.record_id LIMIT ?`
		ids, err := recordIDs(s.db.QueryContext(ctx, query, q.After, before, match, set.Screeners, mine, limit))
		return ids, searchError(search, err)
	}
	open := ` AND r.primary_id IS NULL AND ` + live("r") + `
		AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.stage = 'title-abstract' AND o.record_id = r.id
			AND NOT (o.outcome = 'pending' AND o.votes < ? AND instr(o.voters, ?) = 0))`
	if s.Postgres() {
		query = `SELECT f.record_id FROM records_fts f JOIN records r ON r.id = f.record_id
			WHERE f.doc @@ ?::tsquery AND f.record_id > ? AND f.record_id < ?` + open + ` ORDER BY f.record_id LIMIT ?`
	} else {
		query = `SELECT f.rowid FROM records_fts f JOIN records r ON r.id = f.rowid
			WHERE records_fts MATCH ? AND f.rowid > ? AND f.rowid < ?` + open + ` ORDER BY f.rowid LIMIT ?`
	}
	ids, err := recordIDs(s.db.QueryContext(ctx, query, match, q.After, before, set.Screeners, mine, limit))
	return ids, searchError(search, err)
}
