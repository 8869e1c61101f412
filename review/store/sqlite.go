package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strconv"
	"time"

	"github.com/winnow-review/winnow/review"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The SQLite backend: a review is one file, whose application_id marks it
// as winnow's and whose user_version is its schema version.

// dsn is the URL that opens the review file p. The pragmas are in it so that
// every connection of the pool gets them (a one-off PRAGMA would set only one):
// WAL so readers never block the writer, a busy timeout so that two
// reviewers' commands wait for each other instead of failing (a minute, as
// PostgreSQL's lock_timeout: SQLite's waiters poll and are not served in
// turn, so under a burst of writes one may wait several seconds), foreign keys,
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
		"&_pragma=busy_timeout(60000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(" + strconv.Itoa(-cacheKiB) + ")&_txlock=immediate"
}

// cacheKiB is the page cache of each SQLite connection, in KiB.
const cacheKiB = 65536

// streamCacheKiB is the page cache of a connection while it streams a long
// listing, each page read once: every page the cache holds is memory the
// driver maps for it and unmaps on close (at 64 MiB, 0.4 s of a listing's
// 3 s at a million records), and a listing gains nothing from keeping
// pages it has passed. The b-tree's inner pages, which every lookup
// visits, fit many times over.
const streamCacheKiB = 4096

// streamConn gives a connection whose page cache is streamCacheKiB for a
// long listing on SQLite, and the function that gives it back (its cache
// as before); on PostgreSQL, a connection as it is.
func (s *Store) streamConn(ctx context.Context) (*sqlConn, func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if s.Postgres() {
		return conn, func() { conn.Close() }, nil
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -streamCacheKiB)); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		// A connection left with the small cache would serve the
		// screen's lookups from it: when the cache cannot be put back,
		// the connection is not put back either.
		if _, err := conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, -cacheKiB)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// createSQLite makes a new, migrated review file at p; it never
// overwrites anything.
func createSQLite(ctx context.Context, p string) (*Store, error) {
	if _, err := os.Lstat(p); err == nil {
		if s, oerr := openSQLite(ctx, p); oerr == nil {
			s.Close()
			return nil, review.RefuseFix(ErrExists, review.FixOtherFile, "", "%s is already a review: winnow init never overwrites one", p)
		}
		return nil, review.RefuseFix(ErrExists, review.FixChooseFile, "", "%s exists and is not a winnow review", p)
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
	s := &Store{db: &sqlDB{db, sqliteDialect}, path: p, Now: time.Now}
	err = s.setPageSize(ctx)
	if err == nil {
		err = s.migrateSQLite(ctx, true)
	}
	if err != nil {
		s.discard(ctx)
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

// openSQLite opens an existing review file.
func openSQLite(ctx context.Context, p string) (*Store, error) {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, review.RefuseFix(ErrNoReview, review.FixCreateOrName, "", "no review at %s", p)
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
	s := &Store{db: &sqlDB{db, sqliteDialect}, path: p, Now: time.Now}
	if err := s.migrateSQLite(ctx, false); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrateSQLite checks that the file is a winnow review of a schema this
// winnow knows and brings it up to date, a migration a transaction.
// fresh is set by Create.
func (s *Store) migrateSQLite(ctx context.Context, fresh bool) error {
	ms, err := migrations(sqliteDialect)
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
		err := s.inTx(ctx, func(tx *sqlTx) error {
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

// sqliteError turns SQLite's errors that a user can act on into sentinels.
func (s *Store) sqliteError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return review.Refuse(ErrBusy, "%s is busy: another winnow is writing to it; try again", s.path)
		case sqlite3.SQLITE_READONLY:
			return review.Refuse(ErrReadOnly, "%s is read-only: %v", s.path, err)
		}
	}
	return err
}
