// Package store keeps a review in an SQLite file (sqlite.go, modernc, pure
// Go) or a PostgreSQL database (postgres.go, pgx). It is the only package
// that speaks SQL: the rest of winnow hands it review values and gets review
// values back, and does not know which backend holds them.
//
// Queries are written once, in SQLite's SQL; sqldb.go rewrites the few words
// that differ for PostgreSQL. Migrations are embedded (migrations/ for SQLite,
// migrations/postgres/ for PostgreSQL), run forward only, each in its own
// transaction; the schema version is SQLite's user_version or a row of
// the winnow_schema table in PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver
)

// applicationID marks an SQLite file as a winnow review ("WNOW").
const applicationID = 0x574e4f57

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Errors about the review file itself.
var (
	ErrNoReview  = errors.New("no review")
	ErrNotReview = errors.New("not a winnow review")
	ErrTooNew    = errors.New("written by a newer winnow")
	ErrExists    = errors.New("already exists")
	ErrNotFound  = errors.New("not found")
	ErrBusy      = errors.New("review is busy")
	ErrBadSearch = errors.New("bad search")
	ErrNoNote    = errors.New("no note given")
	// ErrReadOnly and ErrDenied: the file or the database user may not
	// write; the user's to fix.
	ErrReadOnly   = errors.New("read-only")
	ErrDenied     = errors.New("permission denied")
	errNoMigrated = errors.New("no migrations")
)

// Store is an open review.
type Store struct {
	db *sqlDB
	// path is where the review is: a file's path, or a PostgreSQL URL
	// without its password.
	path string
	// pgLock is the advisory lock key that serialises the review's
	// writers on PostgreSQL.
	pgLock int64
	// createdDB: Create made the PostgreSQL database (a failed Create drops it).
	createdDB bool
	// hadNocase: the schema had its nocase collation before Create (a
	// failed Create leaves it).
	hadNocase bool
	// Now gives the time recorded with each change; tests may set it.
	Now func() time.Time
}

// IsPostgres says whether a --db value names a PostgreSQL review
// (postgres:// or postgresql://) rather than an SQLite file.
func IsPostgres(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// Create makes a new review at location, an SQLite file's path or a
// PostgreSQL URL. It never overwrites: if a review or anything else is
// already there, it fails with ErrExists.
func Create(ctx context.Context, location, title string, screeners int, by string) (*Store, error) {
	var s *Store
	var err error
	if IsPostgres(location) {
		s, err = createPostgres(ctx, location)
	} else {
		s, err = createSQLite(ctx, location)
	}
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sqlTx) error {
		now := s.now()
		for _, kv := range [][2]string{{"title", title}, {"created", now}, {"screeners", strconv.Itoa(screeners)}, {"blind", "on"}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, by, "init", 0, 0, fmt.Sprintf("review %q created", title))
	})
	if err != nil {
		s.discard(ctx)
		return nil, fmt.Errorf("create %s: %w", s.path, err)
	}
	return s, nil
}

// Open opens an existing review. A missing one is ErrNoReview; something
// that is not a winnow review is ErrNotReview; a review written by a newer
// winnow is ErrTooNew. An older review is migrated forward.
func Open(ctx context.Context, location string) (*Store, error) {
	if IsPostgres(location) {
		return openPostgres(ctx, location)
	}
	return openSQLite(ctx, location)
}

// Close closes the review (on SQLite, folding the write-ahead log back
// into the file).
func (s *Store) Close() error {
	s.Checkpoint(context.Background())
	return s.db.Close()
}

// Path is where the review is: the SQLite file's path, or the PostgreSQL
// URL without a password.
func (s *Store) Path() string { return s.path }

// Postgres says whether the review is kept in PostgreSQL.
func (s *Store) Postgres() bool { return s.db.d == postgresDialect }

func (s *Store) now() string {
	return s.Now().UTC().Format(time.RFC3339Nano)
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations(d dialect) ([]migration, error) {
	dir := "migrations"
	if d == postgresDialect {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its version", e.Name())
		}
		b, err := migrationFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{n, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	if len(out) == 0 {
		return nil, errNoMigrated
	}
	return out, nil
}

// SchemaVersion is the schema version this winnow writes.
func SchemaVersion() int {
	ms, err := migrations(sqliteDialect)
	if err != nil {
		panic(err)
	}
	pg, err := migrations(postgresDialect)
	if err != nil || len(pg) != len(ms) {
		panic(fmt.Sprintf("the PostgreSQL migrations do not match SQLite's: %d and %d (%v)", len(pg), len(ms), err))
	}
	return len(ms)
}

// inTx runs fn in one transaction, committing when it returns nil and
// rolling back otherwise: a command either completes or leaves the review
// as it was. Writers take turns (see begin); on PostgreSQL a transaction
// the server aborts as a serialization failure or deadlock runs again,
// so that no decision is lost to a race and no user sees the error.
func (s *Store) inTx(ctx context.Context, fn func(*sqlTx) error) error {
	for attempt := 1; ; attempt++ {
		tx, err := s.begin(ctx)
		if err != nil {
			return s.driverError(err)
		}
		if err = fn(tx); err != nil {
			tx.Rollback()
		} else {
			err = tx.Commit()
		}
		if err != nil && attempt < 8 && s.retryable(err) {
			time.Sleep(time.Duration(attempt*attempt) * 5 * time.Millisecond)
			continue
		}
		return s.driverError(err)
	}
}

// begin starts a write transaction. Writers of a review take turns, as
// SQLite's writers do: on SQLite the transaction starts IMMEDIATE (the
// DSN's _txlock); on PostgreSQL it first takes the review's advisory lock,
// held until commit, and then every statement sees what the previous
// writer committed. Readers never wait for it.
func (s *Store) begin(ctx context.Context) (*sqlTx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil || !s.Postgres() {
		return tx, err
	}
	if err := s.lockReview(ctx, tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// lockReview takes the review's PostgreSQL advisory lock for the rest of
// the transaction.
func (s *Store) lockReview(ctx context.Context, tx *sqlTx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, s.pgLock)
	return err
}

// driverError turns driver errors that a user can act on into sentinels.
func (s *Store) driverError(err error) error {
	if err == nil {
		return nil
	}
	if s.Postgres() {
		return s.pgError(err)
	}
	return s.sqliteError(err)
}

// discard removes what a failed Create made.
func (s *Store) discard(ctx context.Context) {
	if s.Postgres() {
		s.pgDiscard(ctx)
		return
	}
	s.db.Close()
	os.Remove(s.path)
	os.Remove(s.path + "-wal")
	os.Remove(s.path + "-shm")
}

// Setting returns one review setting ("title", "screeners", "blind", ...).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Checkpoint folds SQLite's write-ahead log into the review file, so that
// a big import does not leave a WAL as large as itself behind. PostgreSQL
// checkpoints by itself.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.Postgres() {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
