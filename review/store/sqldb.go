package store

import (
	"context"
	"database/sql"
	"fmt"
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

// sql returns query in the dialect. The store's queries are written once,
// in SQLite's SQL with ? or ?NNN for parameters; for PostgreSQL the
// parameters become $1, $2... and SQLite's own words are replaced. Both
// dialects expand idlist(?) (see idList). The query is read by a small
// tokenizer, so nothing inside a string literal, a quoted identifier or a
// comment is ever rewritten. A query that mixes ?NNN with bare ? is a bug
// (SQLite numbers such a bare ? after the largest ?NNN, which is easy to
// misread): sql panics on it, and every query runs in the store's tests.
// Rewritten queries are cached by text; the store builds no query text
// from data, so the cache stays as small as the set of queries.
func (d dialect) sql(query string) string {
	cache := &rewritten[d]
	if q, ok := cache.Load(query); ok {
		return q.(string)
	}
	q, err := rewrite(query, d)
	if err != nil {
		panic("store: " + err.Error())
	}
	cache.Store(query, q)
	return q
}

// rewritten caches dialect.sql per dialect: query text -> query to run.
var rewritten [2]sync.Map

// rewrite is dialect.sql without the cache, returning its error.
func rewrite(query string, d dialect) (string, error) {
	var b strings.Builder
	b.Grow(len(query) + 16)
	bare, numbered := 0, false
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '\'' || c == '"': // a literal or quoted identifier; '' and "" escape
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(query) {
				return "", fmt.Errorf("unterminated %c in %q", c, query)
			}
			b.WriteString(query[i : j+1])
			i = j + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return "", fmt.Errorf("unterminated /* in %q", query)
			}
			b.WriteString(query[i : i+2+j+2])
			i += 2 + j + 2
		case c == '?':
			j := i + 1
			for j < len(query) && isDigit(query[j]) {
				j++
			}
			if j > i+1 {
				numbered = true
			} else {
				bare++
			}
			if numbered && bare > 0 {
				return "", fmt.Errorf("query mixes ?NNN and ? parameters: %q", query)
			}
			if d == postgresDialect {
				b.WriteByte('$')
				if j > i+1 {
					b.WriteString(query[i+1 : j])
				} else {
					b.WriteString(strconv.Itoa(bare))
				}
			} else {
				b.WriteString(query[i:j])
			}
			i = j
		case isWordStart(c):
			j := i + 1
			for j < len(query) && isWordByte(query[j]) {
				j++
			}
			word := query[i:j]
			i = j
			next := skipSpace(query, i)
			switch {
			case strings.EqualFold(word, "idlist") && next < len(query) && query[next] == '(':
				// idlist(?) is a list of record ids bound as one argument (idList).
				if d == postgresDialect {
					b.WriteString("(SELECT unnest(CAST(")
				} else {
					b.WriteString("(SELECT value FROM json_each(")
				}
				k := strings.IndexByte(query[next:], ')')
				if k < 0 {
					return "", fmt.Errorf("idlist( without ) in %q", query)
				}
				inner, err := rewriteParams(query[next+1:next+k], d, &bare, &numbered)
				if err != nil {
					return "", fmt.Errorf("%v in %q", err, query)
				}
				b.WriteString(inner)
				if d == postgresDialect {
					b.WriteString(" AS bigint[])))")
				} else {
					b.WriteString("))")
				}
				i = next + k + 1
			case d == sqliteDialect:
				b.WriteString(word)
			case strings.EqualFold(word, "INDEXED"): // SQLite's index hint: PostgreSQL's planner takes none
				w2, after := nextWord(query, next)
				if !strings.EqualFold(w2, "BY") {
					b.WriteString(word)
					continue
				}
				_, after = nextWord(query, skipSpace(query, after))
				i = after
			case strings.EqualFold(word, "instr") && next < len(query) && query[next] == '(':
				b.WriteString("strpos")
			case strings.EqualFold(word, "COLLATE"):
				w2, after := nextWord(query, next)
				if strings.EqualFold(w2, "BINARY") {
					b.WriteString(`COLLATE "C"`)
					i = after
				} else {
					b.WriteString(word)
				}
			default:
				b.WriteString(word)
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// rewriteParams rewrites the one parameter inside idlist( ).
func rewriteParams(s string, d dialect, bare *int, numbered *bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s[0] != '?' {
		return "", fmt.Errorf("idlist takes one parameter")
	}
	j := 1
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j != len(s) {
		return "", fmt.Errorf("idlist takes one parameter")
	}
	if j > 1 {
		*numbered = true
	} else {
		*bare++
	}
	if *numbered && *bare > 0 {
		return "", fmt.Errorf("query mixes ?NNN and ? parameters")
	}
	if d == sqliteDialect {
		return s, nil
	}
	if j > 1 {
		return "$" + s[1:], nil
	}
	return "$" + strconv.Itoa(*bare), nil
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWordByte(c byte) bool  { return isWordStart(c) || isDigit(c) || c == '$' }

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// nextWord returns the word starting at i (empty if none) and the index after it.
func nextWord(s string, i int) (string, int) {
	if i >= len(s) || !isWordStart(s[i]) {
		return "", i
	}
	j := i + 1
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return s[i:j], j
}

// idList is a list of record ids bound as one argument to idlist(?), so a
// query's text does not depend on the ids (inList pasted them in before,
// and each list cost a rewrite and a cache entry). dialect.args sends it as
// a JSON array to SQLite's json_each and as an array literal to
// PostgreSQL's unnest.
type idList []int64

func (l idList) text(open, close byte) string {
	b := make([]byte, 0, 2+8*len(l))
	b = append(b, open)
	for i, id := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, close))
}

// args passes Go values as the dialect stores them: an idList as text
// (see idList); a bool as 0 or 1, which SQLite's driver does by itself
// and PostgreSQL's would refuse for the INTEGER columns that hold them in
// both schemas.
func (d dialect) args(args []any) []any {
	var out []any
	set := func(i int, v any) {
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = v
	}
	for i, a := range args {
		switch a := a.(type) {
		case idList:
			if d == postgresDialect {
				set(i, a.text('{', '}'))
			} else {
				set(i, a.text('[', ']'))
			}
		case bool:
			if d == postgresDialect {
				v := 0
				if a {
					v = 1
				}
				set(i, v)
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
