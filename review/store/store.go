// Package store keeps a review in an SQLite file. It is the only package
// that speaks SQL: the rest of winnow hands it review values and gets review
// values back, so that a second backend (PostgreSQL, a later issue) changes
// nothing above it.
//
// A review file is an SQLite database whose application_id marks it as
// winnow's and whose user_version is its schema version. Migrations are
// embedded, run forward only, each in its own transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// applicationID marks an SQLite file as a winnow review ("WNOW").
const applicationID = 0x574e4f57

//go:embed migrations/*.sql
var migrationFS embed.FS

// Errors about the review file itself.
var (
	ErrNoReview   = errors.New("no review")
	ErrNotReview  = errors.New("not a winnow review")
	ErrTooNew     = errors.New("written by a newer winnow")
	ErrExists     = errors.New("already exists")
	ErrNotFound   = errors.New("not found")
	ErrBusy       = errors.New("review is busy")
	ErrBadSearch  = errors.New("bad search")
	errNoMigrated = errors.New("no migrations")
)

// Store is an open review.
type Store struct {
	db   *sql.DB
	path string
	// Now gives the time recorded with each change; tests may set it.
	Now func() time.Time
}

// dsn builds the connection string. Pragmas go in the DSN so that every
// connection of the pool gets them (a one-off PRAGMA would set only one):
// WAL so readers never block the writer, a busy timeout so that two
// reviewers' commands wait for each other instead of failing, foreign keys,
// synchronous=FULL so that a decision shown as saved survives a power cut,
// and IMMEDIATE transactions because read-then-write transactions that
// start deferred fail at once with SQLITE_BUSY under concurrency.
func dsn(p string, create bool) string {
	mode := "rw"
	if create {
		mode = "rwc"
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: p}).EscapedPath()}
	return u.String() + "?mode=" + mode +
		"&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(-65536)&_txlock=immediate"
}

// Create makes a new review file at p. It never overwrites: if anything
// exists at p, it fails with ErrExists.
func Create(ctx context.Context, p, title string, screeners int, by string) (*Store, error) {
	if _, err := os.Lstat(p); err == nil {
		if s, oerr := Open(ctx, p); oerr == nil {
			s.Close()
			return nil, review.Refuse(ErrExists, "%s is already a review: winnow init never overwrites one (use --db to choose another file)", p)
		}
		return nil, review.Refuse(ErrExists, "%s exists and is not a winnow review: choose another file with --db", p)
	}
	if dir := path.Dir(p); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("cannot create %s: folder %s does not exist", p, dir)
		}
	}
	db, err := sql.Open("sqlite", dsn(p, true))
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: p, Now: time.Now}
	err = s.setPageSize(ctx)
	if err == nil {
		err = s.migrate(ctx, true)
	}
	if err == nil {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			for k, v := range map[string]string{"title": title, "created": now, "screeners": strconv.Itoa(screeners), "blind": "on"} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
					return err
				}
			}
			return s.event(ctx, tx, by, "init", 0, 0, fmt.Sprintf("review %q created", title))
		})
	}
	if err != nil {
		db.Close()
		os.Remove(p)
		os.Remove(p + "-wal")
		os.Remove(p + "-shm")
		return nil, fmt.Errorf("create %s: %w", p, err)
	}
	return s, nil
}

// pageSize is the review file's page size. Records with their raw text
// are 2-3 KB; on 16 KB pages a bulk import allocates and balances a
// quarter as many pages as on SQLite's default 4 KB.
const pageSize = 16384

// setPageSize gives a new, empty review file its page size. The page size
// of a WAL database is fixed, so the file leaves WAL mode for a moment.
func (s *Store) setPageSize(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA journal_mode=DELETE`, fmt.Sprintf(`PRAGMA page_size=%d`, pageSize), `VACUUM`, `PRAGMA journal_mode=WAL`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// Open opens an existing review file. A missing file is ErrNoReview; a file
// that is not a winnow review is ErrNotReview; a review written by a newer
// winnow is ErrTooNew. An older review is migrated forward.
func Open(ctx context.Context, p string) (*Store, error) {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, review.Refuse(ErrNoReview, "no review at %s: create one with `winnow init`, or name it with --db or WINNOW_DB", p)
		}
		return nil, err
	}
	if st.IsDir() {
		return nil, review.Refuse(ErrNotReview, "%s is a folder, not a review file", p)
	}
	db, err := sql.Open("sqlite", dsn(p, false))
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: p, Now: time.Now}
	if err := s.migrate(ctx, false); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the review, folding the write-ahead log back into the file.
func (s *Store) Close() error {
	s.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`)
	return s.db.Close()
}

// Path is the review file's path.
func (s *Store) Path() string { return s.path }

func (s *Store) now() string {
	return s.Now().UTC().Format(time.RFC3339Nano)
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its version", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
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
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

// migrate checks that the file is a winnow review of a schema this winnow
// knows and brings it up to date. fresh is set by Create.
func (s *Store) migrate(ctx context.Context, fresh bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var app, version int
	if err := s.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&app); err != nil {
		return s.openError(err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return s.openError(err)
	}
	if !fresh && app != applicationID {
		return review.Refuse(ErrNotReview, "%s is not a winnow review", s.path)
	}
	if version > len(ms) {
		return review.Refuse(ErrTooNew, "%s was written by a newer winnow (review schema %d; this winnow knows up to %d): install the newer winnow", s.path, version, len(ms))
	}
	for _, m := range ms[version:] {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// openError turns the driver's complaint about a file that is not a
// database into ErrNotReview.
func (s *Store) openError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_NOTADB || se.Code()&0xff == sqlite3.SQLITE_CORRUPT) {
		return review.Refuse(ErrNotReview, "%s is not a winnow review (not an SQLite database)", s.path)
	}
	return fmt.Errorf("open %s: %w", s.path, s.driverError(err))
}

// driverError turns driver errors that a user can act on into sentinels.
func (s *Store) driverError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return review.Refuse(ErrBusy, "%s is busy: another winnow is writing to it; try again", s.path)
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%s is read-only: %w", s.path, err)
		}
	}
	return err
}

// inTx runs fn in one transaction, committing when it returns nil and
// rolling back otherwise: a command either completes or leaves the review
// as it was.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.driverError(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.driverError(err)
	}
	return s.driverError(tx.Commit())
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

// Checkpoint folds the write-ahead log into the review file, so that a big
// import does not leave a WAL as large as itself behind.
func (s *Store) Checkpoint(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
