package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
)

// ErrNotLinked: the record has no duplicate to split from.
var ErrNotLinked = errors.New("record not linked")

// DedupState is what a dedup run needs from the review besides the
// records: which searches are combined libraries, the pairs people
// decided, and the last record compared before. Links is left for the run
// to fill (see LinkedPairs).
type DedupState struct {
	Combined  map[int64]bool
	Links     []match.Pair
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
	if st.Through, err = s.DedupThrough(ctx); err != nil {
		return nil, err
	}
	return st, rows.Err()
}

// DedupThrough gives the last record an earlier dedup run compared (0
// before the first run).
func (s *Store) DedupThrough(ctx context.Context) (int64, error) {
	through, err := s.Setting(ctx, "dedup_through")
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(through, 10, 64)
	return n, nil
}

// LinkedPairs lists the links in force by their records alone (no score
// or reasons): what a dedup run over every record needs of hundreds of
// thousands of links.
func (s *Store) LinkedPairs(ctx context.Context) ([]match.Pair, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM dedup_links WHERE `+linkInForce).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a, b FROM dedup_links WHERE `+linkInForce)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]match.Pair, 0, n)
	for rows.Next() {
		var p match.Pair
		if err := rows.Scan(&p.A, &p.B); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Store) activeLinks(ctx context.Context, q string, args ...any) ([]match.Pair, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []match.Pair
	for rows.Next() {
		var p match.Pair
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
func (s *Store) QueuedPairs(ctx context.Context) ([]match.Pair, error) {
	return s.activeLinks(ctx, `SELECT a, b, score, reasons FROM dedup_pairs WHERE status = 'queued'
		AND a NOT IN (`+withdrawnRecords+`) AND b NOT IN (`+withdrawnRecords+`) ORDER BY score DESC, a, b`)
}

// Links lists the links in force (see linkInForce), in record order.
func (s *Store) Links(ctx context.Context) ([]match.Pair, error) {
	return s.activeLinks(ctx, `SELECT a, b, score, reasons FROM dedup_links WHERE `+linkInForce+` ORDER BY a, b`)
}

// DedupRun is what one dedup run writes: new links, new queued pairs,
// each record's cluster primary (for every record in a cluster), and the
// last record it compared.
type DedupRun struct {
	Links []match.Pair
	Queue []match.Pair
	// Primary maps records to their cluster's primary (a primary maps to
	// itself). With ResetAll every record not in it is made a primary;
	// otherwise only the records in it change.
	Primary  map[int64]int64
	ResetAll bool
	Through  int64
	// MadeBy says who made the links: "dedup" (a run) or "person". A
	// person's link records the pair as the same work, and MadeAs their
	// role ("lead" or "screener").
	MadeBy, MadeAs string
	// Overrides are pairs a person called different that the links now
	// join: recorded as the same work (logged). The verdicts a person's
	// link replaces are kept on it, so that taking it back restores them.
	Overrides [][2]int64
	Detail    string // for the log
	Decision  *PairDecision
	// Undone are links undone, and UndoneHow how: "undo" (a cluster
	// split), "unlink" (a record taken out of its cluster) or "taken
	// back" (withdrawn by its maker: the verdicts it replaced are
	// restored).
	Undone    []match.Pair
	UndoneHow string
	Apart     [][2]int64 // pairs a person set apart: recorded as different
	// Keys, when set, yields the match keys to keep (see
	// match.Key.AppendBinary), built with KeyVersion; a key's bytes may be
	// reused once yield returns. DropKeys first forgets every kept key.
	Keys       func(yield func(StoredKey) error) error
	KeyVersion int
	DropKeys   bool
	// Bulk marks a dedup run's save, which may write a row for each of a
	// million records (see inBulkTx).
	Bulk bool
	// Blocks, when set, yields the blocking keys to keep (see
	// match.StoredBlocks) with their records; BlocksThrough is then the
	// last record whose blocks are all kept. DropBlocks first forgets
	// every kept one.
	Blocks        func(yield func(block, recordID, searchID int64) error) error
	BlocksThrough int64
	DropBlocks    bool
}

// inBulkTx is inTx for a dedup run's save. On SQLite its connection checks
// no foreign keys meanwhile: every record number the run writes was read
// from the review, whose records are never deleted, and with the checks
// on, each statement that sets records' primaries first copies the pages
// it changes to a statement journal on disk, to undo a half-done
// statement that a check could stop (a third of a million-record run's
// time). The checks are back on before the connection serves anyone
// else, or the connection is dropped.
func (s *Store) inBulkTx(ctx context.Context, fn func(*sqlTx) error) error {
	if s.Postgres() {
		return s.inTx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.driverError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return s.driverError(err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.driverError(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.driverError(err)
	}
	return s.driverError(tx.Commit())
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
	inTx := s.inTx
	if run.Bulk {
		inTx = s.inBulkTx
	}
	err = inTx(ctx, func(tx *sqlTx) error {
		if run.DropKeys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM dedup_keys`); err != nil {
				return err
			}
		}
		if run.Keys != nil {
			b := newBatch(ctx, tx, `INSERT INTO dedup_keys (record_id, search_id, key) VALUES `, `(?, ?, ?)`,
				`ON CONFLICT (record_id) DO UPDATE SET search_id = excluded.search_id, key = excluded.key`)
			// The batch holds the bytes of its rows until it writes them.
			var arena []byte
			err := run.Keys(func(k StoredKey) error {
				if len(arena)+len(k.Key) > cap(arena) {
					arena = make([]byte, 0, max(64<<10, len(k.Key)))
				}
				at := len(arena)
				arena = append(arena, k.Key...)
				return b.Add(k.ID, k.SearchID, arena[at:len(arena):len(arena)])
			})
			if err == nil {
				err = b.Flush()
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dedup_key_version', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(run.KeyVersion)); err != nil {
				return err
			}
		}
		if run.Blocks != nil {
			if err := saveBlocks(ctx, tx, &run); err != nil {
				return err
			}
		}
		for _, u := range run.Undone {
			if err := s.undoLink(ctx, tx, by, now, u, run.UndoneHow); err != nil {
				return err
			}
		}
		if run.MadeBy != "person" {
			// A dedup run's links, hundreds of thousands in a first run
			// over a million records: many rows a statement.
			if err := s.saveLinks(ctx, tx, by, now, run.MadeBy, run.MadeAs, run.Links); err != nil {
				return err
			}
			run.Links = nil
		}
		linking := map[[2]int64]bool{}
		for _, l := range run.Links {
			linking[[2]int64{l.A, l.B}] = true
		}
		for i, l := range run.Links {
			replaced := []priorVerdict{}
			if run.MadeBy == "person" {
				pairs := [][2]int64{{l.A, l.B}}
				for _, o := range run.Overrides {
					if i == 0 && !linking[[2]int64{min(o[0], o[1]), max(o[0], o[1])}] {
						pairs = append(pairs, o)
					}
				}
				var err error
				if replaced, err = s.replaceVerdicts(ctx, tx, by, now, pairs); err != nil {
					return err
				}
			}
			reasons, _ := json.Marshal(l.Reasons)
			prior, _ := json.Marshal(replaced)
			if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_links (a, b, score, reasons, made_by, made_as, replaced, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				l.A, l.B, l.Score, string(reasons), run.MadeBy, run.MadeAs, string(prior), now, by); err != nil {
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
		if err := setPrimaries(ctx, tx, run.Primary); err != nil {
			return err
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

// setPrimaries sets the records' primaries (a primary maps to itself),
// in record order, so that the rows are visited as they lie in the table,
// and many rows a statement: each statement journals the pages it
// changes, and a record's page holds several records.
func setPrimaries(ctx context.Context, tx *sqlTx, primary map[int64]int64) error {
	ids := make([]int64, 0, len(primary))
	for id := range primary {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	const batch = 256
	var stmt *sqlStmt
	for len(ids) > 0 {
		n := min(len(ids), batch)
		if stmt == nil || n < batch {
			if stmt != nil {
				stmt.Close()
			}
			q := `UPDATE records SET primary_id = CASE id` + strings.Repeat(` WHEN ? THEN CAST(? AS BIGINT)`, n) +
				` END WHERE id IN (?` + strings.Repeat(`, ?`, n-1) + `)`
			var err error
			if stmt, err = tx.PrepareContext(ctx, q); err != nil {
				return err
			}
			defer stmt.Close()
		}
		args := make([]any, 0, 3*n)
		for _, id := range ids[:n] {
			var p any
			if primary[id] != id {
				p = primary[id]
			}
			args = append(args, id, p)
		}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// saveLinks inserts links, each with its event, many rows a statement: a
// first run over a million records makes hundreds of thousands.
func (s *Store) saveLinks(ctx context.Context, tx *sqlTx, by, now, madeBy, madeAs string, links []match.Pair) error {
	if len(links) == 0 {
		return nil
	}
	// The events are numbered here, in the transaction that holds the
	// review's write lock, as nextID would number them one by one.
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&last); err != nil {
		return err
	}
	ins := newBatch(ctx, tx, `INSERT INTO dedup_links (a, b, score, reasons, made_by, made_as, replaced, created_at, created_by) VALUES `, `(?, ?, ?, ?, ?, ?, '[]', ?, ?)`, ``)
	ev := newBatch(ctx, tx, `INSERT INTO events (id, at, reviewer, action, record_id, search_id, detail) VALUES `, `(?, ?, ?, 'dedup link', ?, NULL, ?)`, ``)
	for _, l := range links {
		reasons, _ := json.Marshal(l.Reasons)
		if err := ins.Add(l.A, l.B, l.Score, string(reasons), madeBy, madeAs, now, by); err != nil {
			return err
		}
		last++
		if err := ev.Add(last, now, by, l.B, fmt.Sprintf("%d and %d linked (%s)", l.A, l.B, strings.Join(l.Reasons, ", "))); err != nil {
			return err
		}
	}
	if err := ins.Flush(); err != nil {
		return err
	}
	return ev.Flush()
}

// Primaries maps every record linked as a duplicate to its cluster's
// primary (records not in it are primaries or have no duplicate).
func (s *Store) Primaries(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, primary_id FROM records WHERE primary_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, p int64
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
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

// priorVerdict is a pair's verdict as it was before a person's link
// replaced it; Status "" when the pair had no row.
type priorVerdict struct {
	A      int64  `json:"a"`
	B      int64  `json:"b"`
	Status string `json:"status"`
	By     string `json:"by"`
	At     string `json:"at"`
}

// replaceVerdicts records pairs as the same work, a person's link having
// joined them, and gives their verdicts as they were. Overriding a
// "different" is logged.
func (s *Store) replaceVerdicts(ctx context.Context, tx *sqlTx, by, now string, pairs [][2]int64) ([]priorVerdict, error) {
	out := []priorVerdict{}
	for _, p := range pairs {
		a, b := min(p[0], p[1]), max(p[0], p[1])
		v := priorVerdict{A: a, B: b}
		var decidedBy, decidedAt sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT status, decided_by, decided_at FROM dedup_pairs WHERE a = ? AND b = ?`, a, b).Scan(&v.Status, &decidedBy, &decidedAt)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		v.By, v.At = decidedBy.String, decidedAt.String
		out = append(out, v)
		if err := decide(ctx, tx, a, b, true, by, now, 0, nil); err != nil {
			return nil, err
		}
		if v.Status == "different" {
			if err := s.event(ctx, tx, by, "dedup decide", b, 0, fmt.Sprintf("%d and %d: the same work, linked again (%s had set them apart)", a, b, v.By)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// undoLink marks a link in force undone, and logs it. A link taken back
// by its maker gives the pairs it joined back the verdicts they had
// before it, unless someone has decided them since.
func (s *Store) undoLink(ctx context.Context, tx *sqlTx, by, now string, u match.Pair, how string) error {
	var id int64
	var replaced, createdAt string
	err := tx.QueryRowContext(ctx, `SELECT id, replaced, created_at FROM dedup_links WHERE a = ? AND b = ? AND undone_at IS NULL`, u.A, u.B).Scan(&id, &replaced, &createdAt)
	if errors.Is(err, sql.ErrNoRows) {
		return review.Refuse(ErrNotLinked, "records %d and %d are not linked", u.A, u.B)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE dedup_links SET undone_at = ?, undone_by = ?, undone_how = ? WHERE id = ?`, now, by, how, id); err != nil {
		return err
	}
	action, detail := "dedup undo", fmt.Sprintf("%d and %d separated", u.A, u.B)
	switch how {
	case "unlink":
		action = "dedup unlink"
	case "taken back":
		action, detail = "dedup take back", fmt.Sprintf("the link of %d and %d taken back", u.A, u.B)
		var prior []priorVerdict
		if err := json.Unmarshal([]byte(replaced), &prior); err != nil {
			return fmt.Errorf("link of %d and %d: replaced verdicts: %w", u.A, u.B, err)
		}
		for _, v := range prior {
			if err := restoreVerdict(ctx, tx, v, createdAt); err != nil {
				return err
			}
		}
	}
	return s.event(ctx, tx, by, action, u.B, 0, detail)
}

// restoreVerdict puts a pair's verdict back as it was before a link made
// at linkedAt, when the link's own verdict still stands.
func restoreVerdict(ctx context.Context, tx *sqlTx, v priorVerdict, linkedAt string) error {
	if v.Status == "" {
		_, err := tx.ExecContext(ctx, `DELETE FROM dedup_pairs WHERE a = ? AND b = ? AND status = 'same' AND decided_at = ?`, v.A, v.B, linkedAt)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE dedup_pairs SET status = ?, decided_by = ?, decided_at = ? WHERE a = ? AND b = ? AND status = 'same' AND decided_at = ?`,
		v.Status, nullText(v.By), nullText(v.At), v.A, v.B, linkedAt)
	return err
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Link is a link in force between two records, and who made it.
type Link struct {
	A, B    int64
	Reasons []string
	// MadeBy is "dedup" for a link a dedup run made, "person" otherwise;
	// then CreatedBy names the person and MadeAs their role then ("lead"
	// or "screener").
	MadeBy, MadeAs, CreatedBy string
	CreatedAt                 string
}

// Pair is the link as a pair of records.
func (l Link) Pair() match.Pair { return match.Pair{A: l.A, B: l.B, Score: 1, Reasons: l.Reasons} }

// ClusterLinks lists the links in force between the given records (a
// cluster's), in record order.
func (s *Store) ClusterLinks(ctx context.Context, ids []int64) ([]Link, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idParams(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT a, b, reasons, made_by, made_as, created_by, created_at FROM dedup_links
		WHERE undone_at IS NULL AND a IN (`+in+`) AND b IN (`+in+`) ORDER BY a, b`, append(args, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var reasons string
		if err := rows.Scan(&l.A, &l.B, &reasons, &l.MadeBy, &l.MadeAs, &l.CreatedBy, &l.CreatedAt); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(reasons), &l.Reasons)
		out = append(out, l)
	}
	return out, rows.Err()
}

// Verdict is a person's verdict on a pair of records.
type Verdict struct {
	A, B int64
	Same bool
	By   string
}

// VerdictsAmong lists the verdicts people gave on pairs of the given
// records, in record order.
func (s *Store) VerdictsAmong(ctx context.Context, ids []int64) ([]Verdict, error) {
	if len(ids) < 2 {
		return nil, nil
	}
	in, args := idParams(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT a, b, status, coalesce(decided_by, '') FROM dedup_pairs
		WHERE status <> 'queued' AND a IN (`+in+`) AND b IN (`+in+`) ORDER BY a, b`, append(args, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Verdict
	for rows.Next() {
		var v Verdict
		var status string
		if err := rows.Scan(&v.A, &v.B, &status, &v.By); err != nil {
			return nil, err
		}
		v.Same = status == "same"
		out = append(out, v)
	}
	return out, rows.Err()
}

// Requeue puts a pair a person decided different back in the queue: the
// verdict withdrawn, as `dedup review` undoes it. Only the verdict's
// maker may withdraw it.
func (s *Store) Requeue(ctx context.Context, by string, a, b int64) error {
	a, b = min(a, b), max(a, b)
	return s.inTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE dedup_pairs SET status = 'queued', decided_at = NULL, decided_by = NULL
			WHERE a = ? AND b = ? AND status = 'different' AND lower(decided_by) = lower(?)`, a, b, by)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return review.Refuse(ErrNotFound, "records %d and %d: no verdict of yours to withdraw", a, b)
		}
		return s.event(ctx, tx, by, "dedup decide", b, 0, fmt.Sprintf("%d and %d: verdict withdrawn, back in the queue", a, b))
	})
}

// idParams gives the placeholders and arguments of a list of records.
func idParams(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
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
	return clusterMembers(ctx, s.db, id)
}

// MaxRecordID gives the number of the last record imported.
func (s *Store) MaxRecordID(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM records`).Scan(&n)
	return n, err
}

// SetCombined marks a search as a combined library (see match.Options).
func (im *Import) SetCombined(searchID int64) error {
	if err := im.waitCopy(); err != nil {
		return err
	}
	_, err := im.tx.ExecContext(im.ctx, `UPDATE searches SET combined = 1 WHERE id = ?`, searchID)
	return err
}

// EachMatchRecord calls fn, in record order, for every record after the
// record numbered after, with only what dedup's match keys are made of
// (match.KeyOf): no raw text, keywords or URL, and the abstract only as
// present or not ("-" or ""), since a key holds no abstract. A first
// dedup run over a million records reads them all.
func (s *Store) EachMatchRecord(ctx context.Context, after int64, fn func(*review.Record) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, search_id, type, title,
		CASE WHEN abstract <> '' THEN '-' ELSE '' END, authors, year, journal, volume, issue, pages, doi, pmid, issn
		FROM records WHERE id > ? ORDER BY id`, after)
	if err != nil {
		return err
	}
	defer rows.Close()
	var authors sql.RawBytes
	var year sql.NullInt64
	for rows.Next() {
		var r review.Record
		if err := rows.Scan(&r.ID, &r.SearchID, &r.Type, &r.Title, &r.Abstract, &authors, &year,
			&r.Journal, &r.Volume, &r.Issue, &r.Pages, &r.DOI, &r.PMID, &r.ISSN); err != nil {
			return err
		}
		r.Year = int(year.Int64)
		if r.Authors, err = decodeAuthors(authors); err != nil {
			return fmt.Errorf("record %d: authors: %w", r.ID, err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
