package store

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// dialect is the SQL a review's database speaks. The store's queries are
// written once, in the SQL both speak, with ? for parameters; the few
// words that differ are rewritten for PostgreSQL by dialect.sql, and the
// rest (schema, full-text search, locking) live in the files named for
// each backend.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

var (
	// indexHint is SQLite's INDEXED BY: PostgreSQL's planner takes no hints.
	indexHint = regexp.MustCompile(`(?i)\s+INDEXED BY\s+\w+`)
	// instrCall is SQLite's instr(haystack, needle), PostgreSQL's strpos;
	// SQLite's COLLATE BINARY is PostgreSQL's COLLATE "C".
	instrCall = regexp.MustCompile(`\binstr\(`)
	rewritten sync.Map // query text -> PostgreSQL text
)

// sql returns query in the dialect: unchanged for SQLite; for PostgreSQL
// with $1, $2... for its ? parameters and SQLite's own words replaced.
// Rewritten queries are cached, so a query costs the rewrite once.
func (d dialect) sql(query string) string {
	if d == sqliteDialect {
		return query
	}
	if q, ok := rewritten.Load(query); ok {
		return q.(string)
	}
	q := indexHint.ReplaceAllString(query, "")
	q = instrCall.ReplaceAllString(q, "strpos(")
	q = strings.ReplaceAll(q, "COLLATE BINARY", `COLLATE "C"`)
	var b strings.Builder
	n := 0
	quoted := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			b.WriteByte('$')
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 { // ?NNN: SQLite's numbered parameter
				b.WriteString(q[i+1 : j])
				i = j - 1
				continue
			}
			n++
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	rewritten.Store(query, b.String())
	return b.String()
}

// args passes Go values as the dialect stores them: SQLite's driver
// stores a bool as 0 or 1 by itself; PostgreSQL's would refuse a bool for
// the INTEGER columns that hold them in both schemas.
func (d dialect) args(args []any) []any {
	if d == sqliteDialect {
		return args
	}
	var out []any
	for i, a := range args {
		if b, ok := a.(bool); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = 0
			if b {
				out[i] = 1
			}
		}
	}
	if out == nil {
		return args
	}
	return out
}

// sqlDB, sqlTx and sqlConn are database/sql's handles, speaking the
// review's dialect: every query passes through dialect.sql.
type sqlDB struct {
	*sql.DB
	d dialect
}

type sqlTx struct {
	*sql.Tx
	d dialect
}

type sqlConn struct {
	*sql.Conn
	d dialect
}

func (db *sqlDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.DB.ExecContext(ctx, db.d.sql(query), db.d.args(args)...)
}

func (db *sqlDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.DB.QueryContext(ctx, db.d.sql(query), db.d.args(args)...)
}

func (db *sqlDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.DB.QueryRowContext(ctx, db.d.sql(query), db.d.args(args)...)
}

func (db *sqlDB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := db.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{tx, db.d}, nil
}

func (db *sqlDB) Conn(ctx context.Context) (*sqlConn, error) {
	c, err := db.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &sqlConn{c, db.d}, nil
}

func (tx *sqlTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(ctx, tx.d.sql(query), tx.d.args(args)...)
}

func (tx *sqlTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, tx.d.sql(query), tx.d.args(args)...)
}

func (tx *sqlTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(ctx, tx.d.sql(query), tx.d.args(args)...)
}

func (tx *sqlTx) PrepareContext(ctx context.Context, query string) (*sqlStmt, error) {
	st, err := tx.Tx.PrepareContext(ctx, tx.d.sql(query))
	if err != nil {
		return nil, err
	}
	return &sqlStmt{st, tx.d}, nil
}

// sqlStmt is a prepared statement in the review's dialect.
type sqlStmt struct {
	*sql.Stmt
	d dialect
}

func (st *sqlStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return st.Stmt.ExecContext(ctx, st.d.args(args)...)
}

func (st *sqlStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return st.Stmt.QueryRowContext(ctx, st.d.args(args)...)
}

func (c *sqlConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.Conn.ExecContext(ctx, c.d.sql(query), c.d.args(args)...)
}

func (c *sqlConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.Conn.QueryContext(ctx, c.d.sql(query), c.d.args(args)...)
}

func (c *sqlConn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.Conn.QueryRowContext(ctx, c.d.sql(query), c.d.args(args)...)
}

func (c *sqlConn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sqlTx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{tx, c.d}, nil
}

// readSnapshot is the statement that begins a read-only transaction whose
// queries all see the review as it was at its first: on SQLite a deferred
// transaction (which takes no write lock), on PostgreSQL a repeatable-read
// one.
func (s *Store) readSnapshot() string {
	if s.Postgres() {
		return `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`
	}
	return `BEGIN DEFERRED`
}

// nextID is the SQL for the id of a new row of a table whose ids people
// see (searches, decisions, the log): one more than the largest, as
// SQLite numbers rows. Writers take turns, so no two get the same; and
// unlike a PostgreSQL sequence, a transaction rolled back leaves no gap.
func nextID(table string) string {
	return `(SELECT coalesce(max(id), 0) + 1 FROM ` + table + `)`
}
