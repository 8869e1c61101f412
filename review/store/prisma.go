package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
)

// FlowRecord is one record as the PRISMA flow sees it: where it came
// from, whether it is its cluster's primary, and its final outcome at
// each stage.
type FlowRecord struct {
	ID       int64
	SearchID int64
	// Primary is the record's cluster's primary when the record is a
	// duplicate of it, 0 when the record is the one kept for screening.
	Primary int64
	// TA and FT are the outcomes at title-abstract and full text ("" when
	// the record has none yet); Advances says the title-abstract outcome
	// sends it to full text.
	TA, FT   review.Outcome
	Advances bool
	// Reason is the final full-text exclusion reason; ReasonOpen is set
	// while the screeners' reasons differ and no lead has settled them.
	Reason     string
	ReasonOpen bool
	// Study is the study the record is a report of, 0 when it is a study
	// of its own.
	Study int64
}

// EachFlowRecord reads what the PRISMA flow is made of, from one
// snapshot of the review: first the live searches and the counts entered
// by hand (given to start), then every live record (given to each, in no
// promised order): a withdrawn search counts nowhere in the flow. The records are read through the covering index of their
// searches, never the table (a million records hold gigabytes of text);
// the outcomes, duplicates and studies are few and are read first.
func (s *Store) EachFlowRecord(ctx context.Context, start func([]review.Search, map[string]PrismaEntry) error, each func(*FlowRecord) error) error {
	// One read snapshot for all the queries, so that a decision or link
	// made meanwhile cannot make the flow disagree with itself. A
	// deferred transaction reads without the write lock the store's
	// transactions take.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, s.readSnapshot()); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	searches, err := searches(ctx, conn, true)
	if err != nil {
		return err
	}
	entries, err := prismaEntries(ctx, conn)
	if err != nil {
		return err
	}
	if err := start(searches, entries); err != nil {
		return err
	}
	liveSearch := make(map[int64]bool, len(searches))
	for _, sr := range searches {
		liveSearch[sr.ID] = true
	}
	return eachFlowRecord(ctx, conn, liveSearch, each)
}

// eachFlowRecord gives the records of the live searches (the search
// index holds no withdrawn flag: a record is skipped by its search, which
// is the same).
func eachFlowRecord(ctx context.Context, db querier, liveSearch map[int64]bool, fn func(*FlowRecord) error) error {
	type stages struct {
		ta, ft             string
		advances, reasonOp bool
		reason             string
	}
	outcomes := map[int64]*stages{}
	rows, err := db.QueryContext(ctx, `SELECT stage, record_id, outcome, advances, reason, (reason_conflict <> 0 AND resolved = '') FROM outcomes`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var stage, outcome, reason string
		var id int64
		var advances, open bool
		if err := rows.Scan(&stage, &id, &outcome, &advances, &reason, &open); err != nil {
			rows.Close()
			return err
		}
		o := outcomes[id]
		if o == nil {
			o = &stages{}
			outcomes[id] = o
		}
		if stage == string(review.TitleAbstract) {
			o.ta, o.advances = outcome, advances
		} else {
			o.ft, o.reason, o.reasonOp = outcome, reason, open
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	primary, err := idPairs(ctx, db, `SELECT id, primary_id FROM records WHERE primary_id IS NOT NULL`)
	if err != nil {
		return err
	}
	study, err := idPairs(ctx, db, `SELECT record_id, study_id FROM study_reports`)
	if err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, `SELECT id, search_id FROM records`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var f FlowRecord
	for rows.Next() {
		if err := rows.Scan(&f.ID, &f.SearchID); err != nil {
			return err
		}
		if !liveSearch[f.SearchID] {
			continue
		}
		f.Primary, f.Study = primary[f.ID], study[f.ID]
		if f.Primary == f.ID {
			f.Primary = 0
		}
		f.TA, f.FT, f.Advances, f.Reason, f.ReasonOpen = "", "", false, "", false
		if o := outcomes[f.ID]; o != nil {
			f.TA, f.FT = review.Outcome(o.ta), review.Outcome(o.ft)
			f.Advances, f.Reason, f.ReasonOpen = o.advances, o.reason, o.reasonOp
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// idPairs reads a query of two ids into a map from the first to the
// second.
func idPairs(ctx context.Context, q querier, query string, args ...any) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out[a] = b
	}
	return out, rows.Err()
}

// PrismaKeys are the PRISMA counts a person may enter by hand, for work
// done outside winnow: every other count is derived. update_from_search
// is no count: it names the first search of an updated review's new
// searches (0: the review is no update).
var PrismaKeys = []string{"excluded_automatic", "excluded_other", "previous_studies", "previous_reports", "update_from_search"}

// ErrDerivedKey refuses a count that winnow derives.
var ErrDerivedKey = errors.New("derived count")

// PrismaEntry is a count entered by hand.
type PrismaEntry struct {
	Key  string
	N    int
	Note string
	By   string
	At   time.Time
}

// PrismaEntries gives the entries in force (the latest of each key).
func (s *Store) PrismaEntries(ctx context.Context) (map[string]PrismaEntry, error) {
	return prismaEntries(ctx, s.db)
}

func prismaEntries(ctx context.Context, q querier) (map[string]PrismaEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, n, note, by, at FROM prisma_entries ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]PrismaEntry{}
	for rows.Next() {
		var e PrismaEntry
		var at string
		if err := rows.Scan(&e.Key, &e.N, &e.Note, &e.By, &at); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out[e.Key] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// update_from_search is kept among the settings: it is no count, and
	// prisma_entries holds counts only.
	var v string
	err = q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, updateFromSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	var e struct {
		N        int
		Note, By string
		At       time.Time
	}
	if err := json.Unmarshal([]byte(v), &e); err != nil {
		return nil, fmt.Errorf("setting %s: %w", updateFromSetting, err)
	}
	out[updateFromKey] = PrismaEntry{Key: updateFromKey, N: e.N, Note: e.Note, By: e.By, At: e.At}
	return out, nil
}

const (
	updateFromKey     = "update_from_search"
	updateFromSetting = "prisma_update_from_search"
)

// setUpdateFrom enters the first search of an updated review's new
// searches; it returns the number entered before (-1: none).
func (s *Store) setUpdateFrom(ctx context.Context, tx *sqlTx, n int, note, by string) (old int, err error) {
	if n > 0 {
		var found bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM searches WHERE id = ?)`, n).Scan(&found); err != nil {
			return 0, err
		}
		if !found {
			return 0, review.RefuseFix(ErrNotFound, review.FixListSearches, "", "update_from_search = %d: no search %d", n, n)
		}
	}
	old = -1
	entries, err := prismaEntries(ctx, tx)
	if err != nil {
		return 0, err
	}
	if e, ok := entries[updateFromKey]; ok {
		old = e.N
	}
	v, _ := json.Marshal(struct {
		N        int
		Note, By string
		At       string
	}{n, note, by, s.now()})
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		updateFromSetting, string(v))
	return old, err
}

// SetPrismaEntries enters counts by hand (key → n), in one transaction,
// each logged with the note.
func (s *Store) SetPrismaEntries(ctx context.Context, keys []string, ns []int, note, by string) error {
	for i, key := range keys {
		if !slices.Contains(PrismaKeys, key) {
			return review.Refuse(ErrDerivedKey, "%s is derived from the review and cannot be entered: only %s can", key, strings.Join(PrismaKeys, ", "))
		}
		if ns[i] < 0 {
			return fmt.Errorf("%s = %d: a count cannot be negative", key, ns[i])
		}
	}
	if strings.TrimSpace(note) == "" {
		return review.Need("note", ErrNoNote, "a count needs a note saying where it comes from")
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		for i, key := range keys {
			old := -1
			if key == updateFromKey {
				var err error
				if old, err = s.setUpdateFrom(ctx, tx, ns[i], note, by); err != nil {
					return err
				}
			} else {
				err := tx.QueryRowContext(ctx, `SELECT n FROM prisma_entries WHERE key = ? ORDER BY id DESC LIMIT 1`, key).Scan(&old)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO prisma_entries (key, n, note, at, by) VALUES (?, ?, ?, ?, ?)`,
					key, ns[i], note, s.now(), by); err != nil {
					return err
				}
			}
			detail := fmt.Sprintf("%s = %d entered by hand: %s", key, ns[i], note)
			if old >= 0 {
				detail += fmt.Sprintf(" (was %d)", old)
			}
			if err := s.event(ctx, tx, by, "prisma set", 0, 0, detail); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetIdentified records how many records a search found when fewer were
// imported (0: as many as were imported), logged with its note.
func (s *Store) SetIdentified(ctx context.Context, searchID int64, n int, note, by string) error {
	return s.inTx(ctx, func(tx *sqlTx) error {
		sr, err := scanSearch(tx.QueryRowContext(ctx, searchSelect+` WHERE id = ?`, searchID))
		if errors.Is(err, sql.ErrNoRows) {
			return review.RefuseFix(ErrNotFound, review.FixListSearches, "", "no search %d", searchID)
		}
		if err != nil {
			return err
		}
		if n != 0 && n < sr.Records {
			return fmt.Errorf("search %d (%s, %s) imported %d records: it cannot have found fewer (%d)", searchID, sr.Source, sr.File, sr.Records, n)
		}
		if n > sr.Records && sr.Kind != review.Database && sr.Kind != review.Register {
			return fmt.Errorf("search %d (%s) is of kind %s: PRISMA has a box for records removed before screening only for databases and registers", searchID, sr.Source, sr.Kind)
		}
		var v any
		if n > 0 {
			v = n
		}
		if _, err := tx.ExecContext(ctx, `UPDATE searches SET identified = ? WHERE id = ?`, v, searchID); err != nil {
			return err
		}
		detail := fmt.Sprintf("search %d (%s, %s): %d records identified, %d imported", searchID, sr.Source, sr.File, max(n, sr.Records), sr.Records)
		if note != "" {
			detail += ": " + note
		}
		return s.event(ctx, tx, by, "identified", 0, searchID, detail)
	})
}

// Study is a study with more than one report: the primaries of the
// records that report it, the first naming it.
type Study struct {
	ID      int64   `json:"study"`
	Reports []int64 `json:"reports"`
}

// Studies lists the studies with more than one report.
func (s *Store) Studies(ctx context.Context) ([]Study, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT study_id, record_id FROM study_reports ORDER BY study_id, record_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Study
	for rows.Next() {
		var study, id int64
		if err := rows.Scan(&study, &id); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != study {
			out = append(out, Study{ID: study})
		}
		out[len(out)-1].Reports = append(out[len(out)-1].Reports, id)
	}
	return out, rows.Err()
}

// ErrOneReport refuses a study link that names one report only.
var ErrOneReport = errors.New("one report")

// LinkStudy records that the given records (any record of a cluster
// stands for its primary) report one study, with the studies they
// already belong to. The study is named by its first record. It returns
// the study.
func (s *Store) LinkStudy(ctx context.Context, ids []int64, by string) (*Study, error) {
	var study *Study
	err := s.inTx(ctx, func(tx *sqlTx) error {
		all := map[int64]bool{}
		for _, id := range ids {
			p, err := primaryOf(ctx, tx, id)
			if err != nil {
				return err
			}
			members, err := studyMembers(ctx, tx, p)
			if err != nil {
				return err
			}
			for _, m := range members {
				all[m] = true
			}
		}
		if len(all) < 2 {
			return review.Refuse(ErrOneReport, "name two or more reports (records) of the study: %v are one record", ids)
		}
		reports := make([]int64, 0, len(all))
		for id := range all {
			reports = append(reports, id)
		}
		slices.Sort(reports)
		study = &Study{ID: reports[0], Reports: reports}
		for _, id := range reports {
			if _, err := tx.ExecContext(ctx, `INSERT INTO study_reports (record_id, study_id) VALUES (?, ?)
				ON CONFLICT (record_id) DO UPDATE SET study_id = excluded.study_id`, id, study.ID); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, by, "study link", study.ID, 0,
			fmt.Sprintf("records %s are reports of one study (study %d)", joinInts(reports), study.ID))
	})
	return study, err
}

// UnlinkStudy makes a record's report a study of its own again. It
// returns the reports left in its former study.
func (s *Store) UnlinkStudy(ctx context.Context, id int64, by string) ([]int64, error) {
	var left []int64
	err := s.inTx(ctx, func(tx *sqlTx) error {
		p, err := primaryOf(ctx, tx, id)
		if err != nil {
			return err
		}
		members, err := studyMembers(ctx, tx, p)
		if err != nil {
			return err
		}
		if len(members) < 2 {
			return review.Refuse(ErrOneReport, "record %d is not linked to another report", id)
		}
		for _, m := range members {
			if m != p {
				left = append(left, m)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM study_reports WHERE record_id = ?`, p); err != nil {
			return err
		}
		if len(left) == 1 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM study_reports WHERE record_id = ?`, left[0]); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE study_reports SET study_id = ? WHERE record_id IN idlist(?)`, left[0], idList(left)); err != nil {
			return err
		}
		return s.event(ctx, tx, by, "study unlink", p, 0,
			fmt.Sprintf("record %d is a study of its own again; records %s are left together", p, joinInts(left)))
	})
	return left, err
}

// studyMembers gives the reports of a record's study, in record order
// (the record alone when it is linked to none).
func studyMembers(ctx context.Context, q querier, id int64) ([]int64, error) {
	var study int64
	err := q.QueryRowContext(ctx, `SELECT study_id FROM study_reports WHERE record_id = ?`, id).Scan(&study)
	if errors.Is(err, sql.ErrNoRows) {
		return []int64{id}, nil
	}
	if err != nil {
		return nil, err
	}
	return recordIDs(q.QueryContext(ctx, `SELECT record_id FROM study_reports WHERE study_id = ? ORDER BY record_id`, study))
}

func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}
