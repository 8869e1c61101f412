package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/winnow-review/winnow/review"
)

// The PostgreSQL backend: a review is the tables of one schema (the
// connection's current schema, public unless the URL's search_path says
// otherwise) of one database, shared by every reviewer's winnow. The table
// winnow_schema marks it as a review and holds its schema version.

// PostgreSQL error codes winnow acts on.
const (
	pgSerializationFailure = "40001"
	pgDeadlock             = "40P01"
	pgLockNotAvailable     = "55P03"
	pgInvalidCatalog       = "3D000" // no such database
	pgInsufficientPriv     = "42501"
	pgReadOnly             = "25006"
	pgDuplicateDatabase    = "42P04"
)

// pgConfig parses a postgres:// URL. The password comes from PGPASSWORD
// or ~/.pgpass, as for psql, and never from the URL: a URL is typed on
// command lines, kept in shell histories and shown in the log.
func pgConfig(location string) (*pgx.ConnConfig, string, error) {
	u, err := url.Parse(location)
	if err != nil {
		return nil, "", &review.Refusal{Msg: fmt.Sprintf("%s: not a PostgreSQL URL: %v", location, err), Err: err, Fix: review.FixLocation}
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
		return nil, "", review.RefuseFix(nil, review.FixLocation, "", "%s: the URL holds a password; give it in PGPASSWORD or ~/.pgpass instead, never on the command line", u.Redacted())
	}
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return nil, "", &review.Refusal{Msg: fmt.Sprintf("%s: %v", location, err), Err: err, Fix: review.FixLocation}
	}
	// A writer waits its turn for up to a minute (SQLite: 10 s) before
	// the command fails as busy.
	if _, set := cfg.RuntimeParams["lock_timeout"]; !set {
		cfg.RuntimeParams["lock_timeout"] = "60s"
	}
	cfg.RuntimeParams["application_name"] = "winnow"
	return cfg, location, nil
}

func pgOpenDB(cfg *pgx.ConnConfig) *sql.DB {
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db
}

func newPostgresStore(cfg *pgx.ConnConfig, location string) *Store {
	return &Store{db: &sqlDB{pgOpenDB(cfg), postgresDialect}, path: location, Now: time.Now}
}

// openPostgres opens the review in the database a URL names.
func openPostgres(ctx context.Context, location string) (*Store, error) {
	cfg, location, err := pgConfig(location)
	if err != nil {
		return nil, err
	}
	s := newPostgresStore(cfg, location)
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		if pgCode(err) == pgInvalidCatalog {
			return nil, review.RefuseFix(ErrNoReview, review.FixCreate, location, "no review at %s: the database %s does not exist", location, cfg.Database)
		}
		return nil, fmt.Errorf("open %s: %w", location, s.pgError(err))
	}
	if err := s.setLockKey(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.migratePostgres(ctx, false); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// setLockKey names the review's advisory lock after its schema, so that
// reviews in two schemas of one database do not wait for each other.
func (s *Store) setLockKey(ctx context.Context) error {
	var schema string
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		return s.pgError(err)
	}
	if schema == "" {
		return fmt.Errorf("%s: no schema to keep the review in (search_path names none that exists)", s.path)
	}
	h := fnv.New64a()
	h.Write([]byte("winnow review " + schema))
	s.pgLock = int64(h.Sum64() >> 1)
	return nil
}

// createPostgres makes a new review in the database a URL names: the
// database is created when it does not exist (and the user may), and must
// otherwise hold no tables in its current schema.
func createPostgres(ctx context.Context, location string) (*Store, error) {
	cfg, location, err := pgConfig(location)
	if err != nil {
		return nil, err
	}
	s := newPostgresStore(cfg, location)
	err = s.db.PingContext(ctx)
	if pgCode(err) == pgInvalidCatalog {
		if err = createDatabase(ctx, cfg); err == nil {
			s.createdDB = true
			err = s.db.PingContext(ctx)
		}
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("create %s: %w", location, s.pgError(err))
	}
	var marked bool
	var tables int
	err = s.db.QueryRowContext(ctx, `SELECT to_regclass('winnow_schema') IS NOT NULL,
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()),
		EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'nocase' AND collnamespace = current_schema()::regnamespace)`).Scan(&marked, &tables, &s.hadNocase)
	if err == nil && marked {
		err = review.Refuse(ErrExists, "%s is already a review: winnow init never overwrites one", location)
	} else if err == nil && tables > 0 {
		err = review.Refuse(ErrExists, "%s holds %d tables and no winnow review: winnow makes a review only in an empty database (or schema, with ?search_path=)", location, tables)
	}
	if err == nil {
		err = s.setLockKey(ctx)
	}
	if err == nil {
		err = s.migratePostgres(ctx, true)
	}
	if err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// createDatabase creates the database cfg names, connecting to the
// server's maintenance database as the same user. Text is compared and
// sorted as bytes (every column is COLLATE "C" as well), as in SQLite.
func createDatabase(ctx context.Context, cfg *pgx.ConnConfig) error {
	admin := cfg.Copy()
	admin.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{cfg.Database}.Sanitize()+` TEMPLATE template0 ENCODING 'UTF8'`)
	if pgCode(err) == pgInsufficientPriv {
		return fmt.Errorf("database %s does not exist and %s may not create databases: ask the server's administrator to run `createdb -O %s %s` (see docs/postgresql.md)", cfg.Database, cfg.User, cfg.User, cfg.Database)
	}
	if pgCode(err) == pgDuplicateDatabase {
		return nil
	}
	return err
}

// migratePostgres checks that the schema holds a winnow review of a
// version this winnow knows and brings it up to date. All migrations run
// in one transaction holding the review's lock, so that two winnows
// opening an old review at once migrate it once. fresh is set by Create.
func (s *Store) migratePostgres(ctx context.Context, fresh bool) error {
	ms, err := migrations(postgresDialect)
	if err != nil {
		return err
	}
	if !fresh {
		// The usual case, an up-to-date review, needs no lock.
		var app string
		var version int
		err := s.db.QueryRowContext(ctx, `SELECT application, version FROM winnow_schema`).Scan(&app, &version)
		if err == nil && app == "winnow review" && version == len(ms) {
			return nil
		}
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		var marked bool
		var tables int
		if err := tx.QueryRowContext(ctx, `SELECT to_regclass('winnow_schema') IS NOT NULL,
			(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&marked, &tables); err != nil {
			return err
		}
		version := 0
		switch {
		case marked:
			var app string
			if err := tx.QueryRowContext(ctx, `SELECT application, version FROM winnow_schema`).Scan(&app, &version); err != nil {
				return err
			}
			if app != "winnow review" {
				return review.Refuse(ErrNotReview, "%s is not a winnow review", s.path)
			}
		case !fresh && tables == 0:
			return review.RefuseFix(ErrNoReview, review.FixCreate, s.path, "no review at %s: the database is empty", s.path)
		case !fresh:
			return review.Refuse(ErrNotReview, "%s is not a winnow review: its tables are someone else's", s.path)
		default:
			if _, err := tx.ExecContext(ctx, `CREATE TABLE winnow_schema (application TEXT NOT NULL, version INTEGER NOT NULL)`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO winnow_schema VALUES ('winnow review', 0)`); err != nil {
				return err
			}
		}
		if version > len(ms) {
			return review.Refuse(ErrTooNew, "%s was written by a newer winnow (review schema %d; this winnow knows up to %d): install the newer winnow", s.path, version, len(ms))
		}
		for _, m := range ms[version:] {
			if _, err := tx.Tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		if version < len(ms) {
			_, err := tx.ExecContext(ctx, `UPDATE winnow_schema SET version = ?`, len(ms))
			return err
		}
		return nil
	})
}

// pgDiscard removes what a failed Create made: the database if Create
// made it, or else the tables (the schema was empty before).
func (s *Store) pgDiscard(ctx context.Context) {
	if !s.createdDB {
		s.inTx(ctx, func(tx *sqlTx) error {
			rows, err := tx.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
			if err != nil {
				return err
			}
			var names []string
			for rows.Next() {
				var n string
				rows.Scan(&n)
				names = append(names, n)
			}
			rows.Close()
			for _, n := range names {
				if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+pgx.Identifier{n}.Sanitize()+` CASCADE`); err != nil {
					return err
				}
			}
			if !s.hadNocase {
				_, err = tx.ExecContext(ctx, `DROP COLLATION IF EXISTS nocase`)
			}
			return err
		})
	}
	s.db.Close()
	if s.createdDB {
		cfg, _, err := pgConfig(s.path)
		if err != nil {
			return
		}
		admin := cfg.Copy()
		admin.Database = "postgres"
		if conn, err := pgx.ConnectConfig(ctx, admin); err == nil {
			conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{cfg.Database}.Sanitize())
			conn.Close(ctx)
		}
	}
}

// pgCode is a PostgreSQL error's SQLSTATE, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// retryable says whether a transaction failed only because another ran
// at the same time, so that running it again will do.
func (s *Store) retryable(err error) bool {
	if !s.Postgres() {
		return false
	}
	switch pgCode(err) {
	case pgSerializationFailure, pgDeadlock:
		return true
	}
	return false
}

// pgError turns PostgreSQL's errors that a user can act on into
// sentinels and plain words.
func (s *Store) pgError(err error) error {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && pgCode(err) == "" {
		cause := error(ce)
		for {
			if j, ok := cause.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
				cause = j.Unwrap()[len(j.Unwrap())-1]
			} else if u := errors.Unwrap(cause); u != nil {
				cause = u
			} else {
				break
			}
		}
		return fmt.Errorf("cannot reach PostgreSQL at %s:%d as %s: %v", ce.Config.Host, ce.Config.Port, ce.Config.User, cause)
	}
	switch pgCode(err) {
	case pgLockNotAvailable:
		return review.Refuse(ErrBusy, "%s is busy: another winnow has been writing to it for a minute; try again", s.path)
	case pgInsufficientPriv:
		return review.Refuse(ErrDenied, "%s: the PostgreSQL user may not do this (%v); see docs/postgresql.md for the privileges a reviewer needs", s.path, err)
	case pgReadOnly:
		return review.Refuse(ErrReadOnly, "%s is read-only: %v", s.path, err)
	}
	return err
}

// beginPostgresImport starts an import on a connection of its own, whose
// transaction holds the review's lock, so that records can go in by COPY
// (a tenth of the time of INSERTs on loopback) within the transaction.
func (s *Store) beginPostgresImport(ctx context.Context, by string) (*Import, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.driverError(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, s.driverError(err)
	}
	im := &Import{s: s, ctx: ctx, tx: tx, conn: conn, by: by}
	if err := s.lockReview(ctx, tx); err != nil {
		im.Rollback()
		return nil, s.driverError(err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM records`).Scan(&im.indexed); err != nil {
		im.Rollback()
		return nil, err
	}
	im.lastID = im.indexed
	return im, nil
}

// copyRows starts sending the records not yet sent, with their index
// entries, by COPY, and returns: the entries are built and the server
// stores the batch while the import reads the next. waitCopy waits for it.
func (im *Import) copyRows() error {
	if err := im.waitCopy(); err != nil {
		return err
	}
	if len(im.rows) == 0 {
		return nil
	}
	rows := im.rows
	im.rows = make([][]any, 0, ftsBatch)
	done := make(chan error, 1)
	im.copying = done
	go func() {
		docs := make([][]any, len(rows))
		for i, r := range rows {
			// id, title, abstract, author_names, keywords: see recordColumnsIn
			docs[i] = []any{r[0], tsvectorOf(r[5].(string), r[6].(string), r[8].(string), r[17].(string))}
		}
		done <- im.conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			if _, err := pc.CopyFrom(im.ctx, pgx.Identifier{"records"}, recordColumnsIn, pgx.CopyFromRows(rows)); err != nil {
				return err
			}
			_, err := pc.CopyFrom(im.ctx, pgx.Identifier{"records_fts"}, []string{"record_id", "doc"}, pgx.CopyFromRows(docs))
			return err
		})
	}()
	return nil
}

// waitCopy waits for the batch being sent, if any, and gives its error.
func (im *Import) waitCopy() error {
	if im.copying == nil {
		return nil
	}
	err := <-im.copying
	im.copying = nil
	return err
}
