package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// reviewTables are the tables of a review in both backends, parents
// before children, each with the columns that order its rows. The
// full-text index and the schema's own marks are not among them: they
// belong to one backend and are rebuilt by Copy.
var reviewTables = []struct{ name, order string }{
	{"settings", "key"},
	{"reviewers", "id"},
	{"searches", "id"},
	{"records", "id"},
	{"events", "id"},
	{"dedup_links", "id"},
	{"dedup_pairs", "a, b"},
	{"dedup_keys", "record_id"},
	{"decisions", "id"},
	{"notes", "id"},
	{"labels", "id"},
	{"votes", "stage, record_id, reviewer"},
	{"outcomes", "stage, record_id"},
	{"reasons", "id"},
	{"highlights", "id"},
	{"fulltexts", "id"},
	{"resolutions", "id"},
	{"pilot", "stage, record_id"},
	{"prisma_entries", "id"},
	{"study_reports", "record_id"},
	{"chart_forms", "id"},
	{"chart_answers", "id"},
	{"chart_consensus", "id"},
}

// TableSum is what one table of a review holds: its rows, and a SHA-256
// of their values in a form that is the same on SQLite and PostgreSQL.
type TableSum struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
	Sum   string `json:"sha256"`
}

// Sums counts and checksums every table of the review, from one read
// snapshot.
func (s *Store) Sums(ctx context.Context) ([]TableSum, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, s.readSnapshot()); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	return s.sums(ctx, conn, 0)
}

// sums checksums the tables through q; maxEvent, when set, leaves out
// later events (the one Copy adds).
func (s *Store) sums(ctx context.Context, q querier, maxEvent int64) ([]TableSum, error) {
	var out []TableSum
	for _, t := range reviewTables {
		cols, err := s.columns(ctx, q, t.name)
		if err != nil {
			return nil, err
		}
		where := ""
		if maxEvent > 0 && t.name == "events" {
			where = " WHERE id <= " + strconv.FormatInt(maxEvent, 10)
		}
		rows, err := q.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.name+where+` ORDER BY `+t.order)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		sum := TableSum{Table: t.name}
		var buf []byte
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			buf = buf[:0]
			for _, v := range vals {
				buf = canonical(buf, v)
			}
			h.Write(buf)
			sum.Rows++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		sum.Sum = hex.EncodeToString(h.Sum(nil))
		out = append(out, sum)
	}
	return out, nil
}

// canonical appends one value in a form that does not depend on the
// driver: SQLite and PostgreSQL hand back integers, text and bytes as
// different Go types.
func canonical(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 'N')
	case int64:
		return strconv.AppendInt(append(b, 'I'), v, 10)
	case int32:
		return strconv.AppendInt(append(b, 'I'), int64(v), 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.AppendInt(append(b, 'I'), int64(v), 10)
		}
		return binary.BigEndian.AppendUint64(append(b, 'F'), math.Float64bits(v))
	case bool:
		if v {
			return append(b, 'I', '1')
		}
		return append(b, 'I', '0')
	case string:
		b = strconv.AppendInt(append(b, 'S'), int64(len(v)), 10)
		return append(append(b, ':'), v...)
	case []byte:
		b = strconv.AppendInt(append(b, 'B'), int64(len(v)), 10)
		return append(append(b, ':'), v...)
	case time.Time:
		return append(b, v.UTC().Format(time.RFC3339Nano)...)
	}
	return fmt.Appendf(append(b, '?'), "%v", v)
}

// columns lists a table's columns in name order.
func (s *Store) columns(ctx context.Context, q querier, table string) ([]string, error) {
	query := `SELECT name FROM pragma_table_info(?)`
	if s.Postgres() {
		query = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	}
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: the review has no table %s", s.path, table)
	}
	sort.Strings(cols)
	return cols, nil
}

// CopyResult is what Copy moved.
type CopyResult struct {
	From   string     `json:"from"`
	To     string     `json:"to"`
	Tables []TableSum `json:"tables"`
}

// Copy copies the whole review at from into a new review at to (an SQLite
// file that does not exist yet, or an empty PostgreSQL database or
// schema). The rows are copied in one transaction on the destination,
// read from one snapshot of the source; before it commits, every table's
// rows are counted and checksummed on both sides, and any difference
// abandons the copy. The only thing added is one "copy" event. A failed
// copy leaves nothing behind.
func Copy(ctx context.Context, from *Store, to, by string) (*CopyResult, error) {
	src, err := from.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, from.readSnapshot()); err != nil {
		return nil, err
	}
	defer src.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)

	var dst *Store
	if IsPostgres(to) {
		dst, err = createPostgres(ctx, to)
	} else {
		dst, err = createSQLite(ctx, to)
	}
	if err != nil {
		return nil, err
	}
	res := &CopyResult{From: from.path, To: dst.path}
	body := func(tx *sqlTx, conn *sqlConn) error {
		for _, t := range reviewTables {
			if err := copyTable(ctx, from, src, dst, tx, conn, t.name, t.order); err != nil {
				return fmt.Errorf("copy table %s: %w", t.name, err)
			}
		}
		if err := dst.rebuildIndexes(ctx, tx, src, conn); err != nil {
			return err
		}
		var maxEvent int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&maxEvent); err != nil {
			return err
		}
		want, err := from.sums(ctx, src, 0)
		if err != nil {
			return err
		}
		got, err := dst.sums(ctx, tx, 0)
		if err != nil {
			return err
		}
		for i := range want {
			if want[i] != got[i] {
				return fmt.Errorf("the copy of table %s differs from the original (%d rows, sha256 %s; the copy %d rows, sha256 %s): nothing was copied",
					want[i].Table, want[i].Rows, want[i].Sum, got[i].Rows, got[i].Sum)
			}
		}
		res.Tables = want
		return dst.event(ctx, tx, by, "copy", 0, 0, fmt.Sprintf("review copied from %s: %d tables, %d rows, checked", from.path, len(want), totalRows(want)))
	}
	if dst.Postgres() {
		// One COPY a table: a duplicate whose primary comes later in the
		// table is checked when the whole table is in.
		err = dst.inConnTx(ctx, body)
	} else {
		err = dst.inTx(ctx, func(tx *sqlTx) error {
			// A duplicate may name a primary further on in the table, in a
			// later INSERT: the references are checked at commit.
			if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
			return body(tx, nil)
		})
	}
	if err != nil {
		dst.discard(ctx)
		return nil, err
	}
	return res, dst.Close()
}

func totalRows(sums []TableSum) int64 {
	var n int64
	for _, s := range sums {
		n += s.Rows
	}
	return n
}

// inConnTx runs fn in a PostgreSQL transaction that holds the review's
// lock, on a connection of its own, so that fn can send rows by COPY on
// that connection within the transaction (as an import does).
func (s *Store) inConnTx(ctx context.Context, fn func(*sqlTx, *sqlConn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.driverError(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.driverError(err)
	}
	if err := s.lockReview(ctx, tx); err != nil {
		tx.Rollback()
		return s.driverError(err)
	}
	if err := fn(tx, conn); err != nil {
		tx.Rollback()
		return s.driverError(err)
	}
	return s.driverError(tx.Commit())
}

// copyTable streams one table's rows from the source snapshot into the
// destination transaction: by COPY on conn, the transaction's connection,
// when the destination is PostgreSQL (a tenth of the time of INSERTs),
// else many rows to an INSERT.
func copyTable(ctx context.Context, from *Store, src querier, dst *Store, tx *sqlTx, conn *sqlConn, table, order string) error {
	cols, err := from.columns(ctx, src, table)
	if err != nil {
		return err
	}
	dcols, err := dst.columns(ctx, tx, table)
	if err != nil {
		return err
	}
	if strings.Join(cols, ",") != strings.Join(dcols, ",") {
		return fmt.Errorf("the columns differ: %s and %s", strings.Join(cols, ", "), strings.Join(dcols, ", "))
	}
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` ORDER BY `+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	if conn != nil {
		return copyRows(ctx, conn, rows, table, cols)
	}
	perRow := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	batch := max(1, 2000/len(cols)) // rows to an INSERT: under both backends' parameter limits
	var args []any
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(perRow+", ", n), ", ")
		_, err := tx.ExecContext(ctx, q, args...)
		args, n = args[:0], 0
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...)
			}
			args = append(args, v)
		}
		n++
		if n == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// copyRows sends the rows by PostgreSQL's COPY on conn as they are read
// from the source.
func copyRows(ctx context.Context, conn *sqlConn, rows *sql.Rows, table string, cols []string) error {
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		// pgx encodes the row before it asks for the next: vals is
		// reused.
		return vals, rows.Scan(ptrs...)
	}
	return conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(next))
		return err
	})
}

// rebuildIndexes rebuilds what is derived from the copied rows: the
// full-text index and, on PostgreSQL, the counters that number new rows.
func (s *Store) rebuildIndexes(ctx context.Context, tx *sqlTx, src querier, conn *sqlConn) error {
	if !s.Postgres() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO records_fts (records_fts) VALUES ('rebuild')`); err != nil {
			return err
		}
		return fillTerms(ctx, tx)
	}
	for _, t := range reviewTables {
		if t.order != "id" || t.name == "records" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.name+`', 'id'), coalesce((SELECT max(id) FROM `+t.name+`), 0) + 1, false)`); err != nil {
			return err
		}
	}
	// The index entries go in by COPY on the transaction's connection,
	// each built in Go from the source's row as it is read (as the import
	// builds them): nothing is read back from the destination, and no
	// review's text is ever all in memory.
	rows, err := src.QueryContext(ctx, `SELECT id, title, abstract, author_names, keywords FROM records ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var title, abstract, authors, keywords string
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(&id, &title, &abstract, &authors, &keywords); err != nil {
			return nil, err
		}
		return []any{id, tsvectorOf(title, abstract, authors, keywords)}, nil
	}
	return conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"records_fts"}, []string{"record_id", "doc"}, pgx.CopyFromFunc(next))
		return err
	})
}

// FullTextEntries counts the records in the full-text index.
func (s *Store) FullTextEntries(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records_fts`).Scan(&n)
	return n, err
}
