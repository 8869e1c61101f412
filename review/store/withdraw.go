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

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
)

// A withdrawn search is a mistaken import taken back. Its row and its
// records stay in the review file, and the log keeps what happened; but
// its records leave every queue, listing, count, dedup run and the PRISMA
// flow. The rule is one condition, live, that every such read of the
// records carries: each record has a withdrawn flag, set with its
// search's, so that the index of the records that go to screening
// leaves them out and queues and counts pay nothing for it. Links and
// queued pairs with a withdrawn record stop counting (linkInForce), so
// the clusters of the records left are what their own links make of
// them. A withdrawn record is in no cluster and
// carries no outcome, and everything that changes a record refuses it
// (primaryOf).

// Refusals of a withdrawal or a restoration.
var (
	// ErrWithdrawn: the search (or the record's search) is withdrawn.
	ErrWithdrawn = errors.New("withdrawn")
	// ErrNotWithdrawn: a restoration of a search that is live.
	ErrNotWithdrawn = errors.New("not withdrawn")
	// ErrInUse: people's work rests on the search's records.
	ErrInUse = errors.New("records in use")
)

// live is the condition that a record of the records table named (or
// aliased) t is live: its search was not withdrawn. With primary_id IS
// NULL it is the records_primaries index's own condition.
func live(t string) string {
	return t + `.withdrawn = 0`
}

// withdrawnRecords selects the records of the withdrawn searches, through
// the index of each search's records: nothing to read while none is
// withdrawn.
const withdrawnRecords = `SELECT id FROM records WHERE search_id IN (SELECT id FROM searches WHERE withdrawn_at IS NOT NULL)`

// linkInForce is the condition that a row of dedup_links counts: not
// undone, and neither of its records withdrawn.
const linkInForce = `undone_at IS NULL AND a NOT IN (` + withdrawnRecords + `) AND b NOT IN (` + withdrawnRecords + `)`

// withdrawnRecord refuses a change to a withdrawn record.
func withdrawnRecord(id, search int64) error {
	return review.Refuse(ErrWithdrawn, "record %d was withdrawn with search %d: `winnow sources restore %d` brings it back", id, search, search)
}

// withdrawnRef refuses a DOI or PMID that only withdrawn records have; nil
// when no record has it.
func (s *Store) withdrawnRef(ctx context.Context, ref review.Ref) error {
	field, value := "doi", ref.DOI
	if ref.PMID != "" {
		field, value = "pmid", ref.PMID
	}
	var id, search int64
	err := s.db.QueryRowContext(ctx, `SELECT id, search_id FROM records WHERE `+field+` = ? AND `+field+` <> '' ORDER BY id LIMIT 1`, value).Scan(&id, &search)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return withdrawnRecord(id, search)
}

// Withdrawal is what withdrawing or restoring a search did.
type Withdrawal struct {
	Search review.Search `json:"search"`
	// Links counts the automatic links between the search's records and
	// others that stopped counting (or count again).
	Links int `json:"links"`
	// Primaries are the clusters of two or more records, by primary, in
	// which a record's primary changed.
	Primaries []int64 `json:"primaries"`
	// Broken are the links a restoration undid because they would join
	// records a person called different meanwhile.
	Broken []match.Pair `json:"broken,omitempty"`
}

func searchByID(ctx context.Context, q querier, id int64) (*review.Search, error) {
	sr, err := scanSearch(q.QueryRowContext(ctx, searchSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, review.RefuseFix(ErrNotFound, review.FixListSearches, "", "no search %d", id)
	}
	return sr, err
}

// Withdraw takes back a search, in one transaction: its records leave
// every queue, listing, count, dedup run and the PRISMA flow, and stay in
// the review file and the log. It is refused (ErrInUse, naming the
// records) while any of its records carries a screening decision (any
// reviewer, any stage, even one withdrawn since: agreement reads them), a
// lead's resolution, a full-text state, a link or verdict a person made in
// dedup, a study link, or a charting answer. Automatic links between its
// records and others stop counting: a cluster whose primary was one of
// them gets a new primary (match.Primary) and keeps its decisions, and a
// cluster that only the search's records held together falls apart.
func (s *Store) Withdraw(ctx context.Context, searchID int64, note, by string) (*Withdrawal, error) {
	var w *Withdrawal
	err := s.inTx(ctx, func(tx *sqlTx) error {
		sr, err := searchByID(ctx, tx, searchID)
		if err != nil {
			return err
		}
		if sr.Withdrawn != nil {
			return review.Refuse(ErrWithdrawn, "search %d (%s, %s) is withdrawn already: %s withdrew it on %s",
				sr.ID, sr.File, sr.Source, nameOr(sr.WithdrawnBy), sr.Withdrawn.Format("2006-01-02"))
		}
		if err := checkUnused(ctx, tx, sr); err != nil {
			return err
		}
		w = &Withdrawal{}
		// The clusters the search's records are in: their primaries, and
		// whether each was screened at title-abstract (it had an outcome,
		// which a stop gives even to a cluster nobody decided).
		old, err := clustersWith(ctx, tx, searchID)
		if err != nil {
			return err
		}
		screened := map[int64]bool{}
		var left []int64
		for _, p := range old {
			ids, err := members(ctx, tx, p)
			if err != nil {
				return err
			}
			var had bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outcomes WHERE stage = 'title-abstract' AND record_id = ?)`, p).Scan(&had); err != nil {
				return err
			}
			for _, id := range ids {
				screened[id] = had
			}
			left = append(left, ids...)
		}
		links, err := linksOf(ctx, tx, searchID)
		if err != nil {
			return err
		}
		w.Links = len(links)
		if _, err := tx.ExecContext(ctx, `UPDATE searches SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_note = ? WHERE id = ?`, s.now(), by, note, searchID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE records SET withdrawn = 1, primary_id = NULL WHERE search_id = ?`, searchID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outcomes WHERE stage IN `+stageList+` AND record_id IN (SELECT id FROM records WHERE search_id = ?)`, searchID); err != nil {
			return err
		}
		// What is left of those clusters is what the links between the
		// live records make of it.
		var remaining []int64
		for _, id := range left {
			var withdrawn bool
			if err := tx.QueryRowContext(ctx, `SELECT withdrawn <> 0 FROM records WHERE id = ?`, id).Scan(&withdrawn); err != nil {
				return err
			}
			if !withdrawn {
				remaining = append(remaining, id)
			}
		}
		if w.Primaries, _, err = s.regroup(ctx, tx, remaining, func(id int64) bool { return screened[id] }, by); err != nil {
			return err
		}
		if w.Search, err = refreshSearch(ctx, tx, searchID); err != nil {
			return err
		}
		detail := fmt.Sprintf("search %d (%s from %s, %s) withdrawn: its %d records leave the review", sr.ID, sr.File, sr.Source, sr.Kind, sr.Records)
		if w.Links > 0 {
			detail += fmt.Sprintf("; %d automatic links with other records stop counting", w.Links)
		}
		if len(w.Primaries) > 0 {
			detail += fmt.Sprintf("; clusters regrouped under records %s", someInts(w.Primaries, 100))
		}
		if note != "" {
			detail += "; note: " + note
		}
		return s.event(ctx, tx, by, "withdraw", 0, searchID, detail)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Restore brings a withdrawn search back, in one transaction, as if it
// had never been withdrawn: its records count again, and so do their
// automatic links, which regroup the clusters (a link that would join
// records a person called different meanwhile is undone instead). The
// next dedup run compares its records again with every record imported
// since, which may link them further. After title-abstract screening was
// stopped, its records are excluded by automation again if the search was
// imported before the stop. Refused when another live search holds the
// same file content (the file was imported again).
func (s *Store) Restore(ctx context.Context, searchID int64, note, by string) (*Withdrawal, error) {
	var w *Withdrawal
	err := s.inTx(ctx, func(tx *sqlTx) error {
		sr, err := searchByID(ctx, tx, searchID)
		if err != nil {
			return err
		}
		if sr.Withdrawn == nil {
			return review.Refuse(ErrNotWithdrawn, "search %d (%s, %s) is not withdrawn: there is nothing to restore", sr.ID, sr.File, sr.Source)
		}
		var twin int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM searches WHERE sha256 = ? AND withdrawn_at IS NULL AND id <> ? ORDER BY id LIMIT 1`, sr.SHA256, sr.ID).Scan(&twin)
		if err == nil {
			return review.Refuse(ErrExists, "search %d holds the same file content as search %d (%s): restoring it would count those records twice; withdraw search %d first", twin, sr.ID, sr.File, twin)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE searches SET withdrawn_at = NULL, withdrawn_by = '', withdrawn_note = '' WHERE id = ?`, searchID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE records SET withdrawn = 0 WHERE search_id = ?`, searchID); err != nil {
			return err
		}
		w = &Withdrawal{}
		// The records to regroup: the search's own, and the clusters of
		// the live records their links in force reach.
		restored, err := recordIDs(tx.QueryContext(ctx, `SELECT id FROM records WHERE search_id = ? ORDER BY id`, searchID))
		if err != nil {
			return err
		}
		links, err := linksOf(ctx, tx, searchID)
		if err != nil {
			return err
		}
		w.Links = len(links)
		mine := make(map[int64]bool, len(restored))
		for _, id := range restored {
			mine[id] = true
		}
		screened := map[int64]bool{}
		set, err := s.screeningSettings(ctx, tx)
		if err != nil {
			return err
		}
		if set.Stopped {
			// The search was in screening when it stopped if it was
			// imported before the stop.
			var before bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE action = 'stop'
				AND id > (SELECT coalesce(min(id), 0) FROM events WHERE action = 'import' AND search_id = ?))`, searchID).Scan(&before); err != nil {
				return err
			}
			for _, id := range restored {
				screened[id] = before
			}
		}
		ids := slices.Clone(restored)
		seen := map[int64]bool{}
		for _, l := range links {
			for _, id := range []int64{l.A, l.B} {
				if mine[id] {
					continue
				}
				p, err := clusterPrimary(ctx, tx, id)
				if err != nil {
					return err
				}
				if seen[p] {
					continue
				}
				seen[p] = true
				cluster, err := members(ctx, tx, p)
				if err != nil {
					return err
				}
				var had bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outcomes WHERE stage = 'title-abstract' AND record_id = ?)`, p).Scan(&had); err != nil {
					return err
				}
				for _, m := range cluster {
					screened[m] = had
				}
				ids = append(ids, cluster...)
			}
		}
		if w.Primaries, w.Broken, err = s.regroup(ctx, tx, ids, func(id int64) bool { return screened[id] }, by); err != nil {
			return err
		}
		w.Links -= len(w.Broken)
		if len(restored) > 0 {
			// The next dedup run compares the restored records again, with
			// every record after them.
			through, err := s.settingIn(ctx, tx, "dedup_through")
			if err != nil {
				return err
			}
			if n, _ := strconv.ParseInt(through, 10, 64); n >= restored[0] {
				if err := setSetting(ctx, tx, "dedup_through", strconv.FormatInt(restored[0]-1, 10)); err != nil {
					return err
				}
			}
		}
		if w.Search, err = refreshSearch(ctx, tx, searchID); err != nil {
			return err
		}
		detail := fmt.Sprintf("search %d (%s from %s, %s) restored: its %d records are back in the review", sr.ID, sr.File, sr.Source, sr.Kind, sr.Records)
		if w.Links > 0 {
			detail += fmt.Sprintf("; %d automatic links with other records count again", w.Links)
		}
		if len(w.Primaries) > 0 {
			detail += fmt.Sprintf("; clusters regrouped under records %s", someInts(w.Primaries, 100))
		}
		if note != "" {
			detail += "; note: " + note
		}
		return s.event(ctx, tx, by, "restore", 0, searchID, detail)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func refreshSearch(ctx context.Context, q querier, id int64) (review.Search, error) {
	sr, err := searchByID(ctx, q, id)
	if err != nil {
		return review.Search{}, err
	}
	return *sr, nil
}

func (s *Store) settingIn(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// inUse are the checks of people's work on a search's records: what the
// records carry, and the query for them (?1 is the search).
var inUse = []struct{ what, query string }{
	{"carry screening decisions", `SELECT record_id FROM decisions WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)`},
	{"carry a lead's resolution", `SELECT record_id FROM resolutions WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)`},
	{"carry a full-text state", `SELECT record_id FROM fulltexts WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)`},
	{"were linked or set apart by a person in dedup", `SELECT a AS record_id FROM dedup_links WHERE made_by = 'person' AND a IN (SELECT id FROM records WHERE search_id = ?1)
		UNION SELECT b FROM dedup_links WHERE made_by = 'person' AND b IN (SELECT id FROM records WHERE search_id = ?1)
		UNION SELECT a FROM dedup_pairs WHERE status <> 'queued' AND a IN (SELECT id FROM records WHERE search_id = ?1)
		UNION SELECT b FROM dedup_pairs WHERE status <> 'queued' AND b IN (SELECT id FROM records WHERE search_id = ?1)`},
	{"are reports linked into a study", `SELECT record_id FROM study_reports WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)
		UNION SELECT study_id FROM study_reports WHERE study_id IN (SELECT id FROM records WHERE search_id = ?1)`},
	{"carry charting answers", `SELECT record_id FROM chart_answers WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)
		UNION SELECT record_id FROM chart_consensus WHERE record_id IN (SELECT id FROM records WHERE search_id = ?1)`},
}

// checkUnused refuses to withdraw a search while people's work rests on
// its records, naming them.
func checkUnused(ctx context.Context, tx *sqlTx, sr *review.Search) error {
	var found []string
	for _, c := range inUse {
		ids, err := recordIDs(tx.QueryContext(ctx, `SELECT DISTINCT record_id FROM (`+c.query+`) AS used ORDER BY record_id`, sr.ID))
		if err != nil {
			return err
		}
		switch len(ids) {
		case 0:
			continue
		case 1:
			found = append(found, fmt.Sprintf("record %d %s", ids[0], singular(c.what)))
		default:
			found = append(found, fmt.Sprintf("records %s %s", someInts(ids, 20), c.what))
		}
	}
	if len(found) == 0 {
		return nil
	}
	return review.Refuse(ErrInUse, "search %d (%s, %s) cannot be withdrawn while people's work rests on its records: %s",
		sr.ID, sr.File, sr.Source, strings.Join(found, "; "))
}

// singular turns "carry ..."/"were ..."/"are ..." into the verb of one
// record.
func singular(what string) string {
	verb, rest, _ := strings.Cut(what, " ")
	switch verb {
	case "carry":
		verb = "carries"
	case "were":
		verb = "was"
	case "are":
		verb = "is"
		rest = strings.Replace(rest, "reports", "a report", 1)
	}
	return verb + " " + rest
}

// clustersWith gives the primaries of the clusters of two or more records
// that hold a record of the search.
func clustersWith(ctx context.Context, tx *sqlTx, searchID int64) ([]int64, error) {
	return recordIDs(tx.QueryContext(ctx, `SELECT primary_id FROM records WHERE search_id = ?1 AND primary_id IS NOT NULL
		UNION SELECT primary_id FROM records WHERE primary_id IN (SELECT id FROM records WHERE search_id = ?1)
		ORDER BY 1`, searchID))
}

// linksOf gives the links in force that join a record of the search to
// another record, oldest first.
func linksOf(ctx context.Context, q querier, searchID int64) ([]match.Pair, error) {
	rows, err := q.QueryContext(ctx, `SELECT a, b FROM dedup_links WHERE `+linkInForce+`
		AND (a IN (SELECT id FROM records WHERE search_id = ?1) OR b IN (SELECT id FROM records WHERE search_id = ?1))
		AND NOT (a IN (SELECT id FROM records WHERE search_id = ?1) AND b IN (SELECT id FROM records WHERE search_id = ?1))
		ORDER BY id`, searchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []match.Pair
	for rows.Next() {
		var p match.Pair
		if err := rows.Scan(&p.A, &p.B); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// regroup makes the clusters of the given live records (a union of whole
// clusters, and records of no cluster) again from the links in force
// between them, sets each record's primary, and recomputes the clusters'
// outcomes. A cluster keeps the effect of a title-abstract stop when one
// of its records was screened (see Withdraw and Restore). A link that
// would join records a person called different is undone and logged. It
// returns the primaries of the clusters of two or more records whose
// make-up or primary changed, and the links undone.
func (s *Store) regroup(ctx context.Context, tx *sqlTx, ids []int64, screened func(int64) bool, by string) (changed []int64, broken []match.Pair, err error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	rows, err := tx.QueryContext(ctx, `SELECT a, b, score, reasons FROM dedup_links WHERE `+linkInForce+` AND a IN idlist(?) AND b IN idlist(?) ORDER BY id`, idList(ids), idList(ids))
	if err != nil {
		return nil, nil, err
	}
	var links []match.Pair
	linked := map[int64]bool{}
	for rows.Next() {
		var p match.Pair
		var reasons string
		if err := rows.Scan(&p.A, &p.B, &p.Score, &reasons); err != nil {
			rows.Close()
			return nil, nil, err
		}
		json.Unmarshal([]byte(reasons), &p.Reasons)
		links = append(links, p)
		linked[p.A], linked[p.B] = true, true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	different := map[[2]int64]bool{}
	rows, err = tx.QueryContext(ctx, `SELECT a, b FROM dedup_pairs WHERE status = 'different' AND a IN idlist(?) AND b IN idlist(?)`, idList(ids), idList(ids))
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return nil, nil, err
		}
		different[[2]int64{a, b}] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	kinds := map[int64]review.Kind{}
	searches, err := searches(ctx, tx, false)
	if err != nil {
		return nil, nil, err
	}
	for _, sr := range searches {
		kinds[sr.ID] = sr.Kind
	}
	was, err := idPairs(ctx, tx, `SELECT id, coalesce(primary_id, id) FROM records WHERE id IN idlist(?)`, idList(ids))
	if err != nil {
		return nil, nil, err
	}
	// Only linked records need a key: the others are clusters of one.
	var keys []match.Key
	for _, id := range ids {
		if !linked[id] {
			continue
		}
		r, err := scanRecord(tx.QueryRowContext(ctx, `SELECT `+recordColumns+`, '' FROM records r JOIN searches s ON s.id = r.search_id WHERE r.id = ?`, id))
		if err != nil {
			return nil, nil, err
		}
		k := match.KeyOf(r, r.SearchID)
		k.OtherMethods = kinds[r.SearchID] != review.Database && kinds[r.SearchID] != review.Register
		keys = append(keys, k)
	}
	primary, broken := match.Regroup(keys, links, func(a, b int64) bool { return different[[2]int64{a, b}] })
	now := s.now()
	for _, l := range broken {
		if _, err := tx.ExecContext(ctx, `UPDATE dedup_links SET undone_at = ?, undone_by = ? WHERE a = ? AND b = ? AND undone_at IS NULL`, now, by, l.A, l.B); err != nil {
			return nil, nil, err
		}
		if err := s.event(ctx, tx, by, "dedup undo", l.B, 0, fmt.Sprintf("%d and %d separated: the link would join records a person called different", l.A, l.B)); err != nil {
			return nil, nil, err
		}
	}
	groups := map[int64][]int64{}
	moved := map[int64]bool{}
	for _, id := range ids {
		p, ok := primary[id]
		if !ok {
			p = id
		}
		groups[p] = append(groups[p], id)
		if p == was[id] {
			continue
		}
		moved[p] = true
		var v any
		if p != id {
			v = p
		}
		if _, err := tx.ExecContext(ctx, `UPDATE records SET primary_id = ? WHERE id = ?`, v, id); err != nil {
			return nil, nil, err
		}
	}
	// The outcomes follow the clusters: dropped, then computed again for
	// each cluster that carries screening or was screened when screening
	// stopped.
	if _, err := tx.ExecContext(ctx, `DELETE FROM outcomes WHERE stage IN `+stageList+` AND record_id IN idlist(?)`, idList(ids)); err != nil {
		return nil, nil, err
	}
	marked, err := recordIDs(tx.QueryContext(ctx, `SELECT record_id FROM votes WHERE stage IN `+stageList+` AND record_id IN idlist(?1)
		UNION SELECT record_id FROM fulltexts WHERE record_id IN idlist(?1)
		UNION SELECT record_id FROM resolutions WHERE record_id IN idlist(?1)`, idList(ids)))
	if err != nil {
		return nil, nil, err
	}
	carries := make(map[int64]bool, len(marked))
	for _, id := range marked {
		carries[id] = true
	}
	set, err := s.screeningSettings(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	roots := make([]int64, 0, len(groups))
	for p := range groups {
		roots = append(roots, p)
	}
	slices.Sort(roots)
	for _, p := range roots {
		wasScreened, carried := false, false
		for _, id := range groups[p] {
			wasScreened = wasScreened || screened(id)
			carried = carried || carries[id]
		}
		if len(groups[p]) > 1 && moved[p] {
			changed = append(changed, p)
		}
		cs := set
		cs.Stopped = set.Stopped && wasScreened
		if !carried && !cs.Stopped {
			continue
		}
		if _, err := s.refreshCluster(ctx, tx, p, cs); err != nil {
			return nil, nil, err
		}
	}
	return changed, broken, nil
}

func nameOr(s string) string {
	if s == "" {
		return "an unnamed reviewer"
	}
	return s
}
