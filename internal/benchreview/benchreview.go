// Package benchreview builds the big synthetic reviews that the screening
// benchmarks run on, in SQLite files in the temporary folder and in
// databases on a PostgreSQL server.
package benchreview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

// BenchReview gives the path of a review of n synthetic records with a
// team (alice, lead; bob; carol) in which bob and carol have each decided
// the first `decided` records at title-abstract (carol excludes every
// seventh record bob includes, so there are conflicts). It is built once
// in the temporary folder and kept for later runs: a million records take
// a couple of minutes to import. Benchmarks that add decisions to it
// leave them; queues start after them.
func BenchReview(ctx context.Context, n, decided int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("winnow-bench-review-%d-%d.db", n, decided))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	if err := buildReview(ctx, tmp, n, decided); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// PostgresReview is BenchReview on the PostgreSQL server that server (a
// postgres:// URL of a user who may create databases) names: it gives the
// URL of the database winnow_bench_<n>_<decided>, which holds the same
// review. The review is built in winnow_bench_<n>_<decided>_building and
// renamed when complete, so a half-built one (an interrupted run) is never
// used: the next run drops it and builds again. The database is kept for
// later runs; drop it with dropdb to build it afresh.
func PostgresReview(ctx context.Context, server string, n, decided int) (string, error) {
	name := fmt.Sprintf("winnow_bench_%d_%d", n, decided)
	tmp := name + "_building"
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("benchreview: %w", err)
	}
	defer admin.Close(ctx)
	location, err := databaseURL(server, name)
	if err != nil {
		return "", err
	}
	tmpLocation, err := databaseURL(server, tmp)
	if err != nil {
		return "", err
	}
	exists := func(db string) (bool, error) {
		var found bool
		err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, db).Scan(&found)
		return found, err
	}
	if found, err := exists(name); err != nil || found {
		return location, err
	}
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{tmp}.Sanitize()+` WITH (FORCE)`); err != nil {
		return "", err
	}
	if err := buildReview(ctx, tmpLocation, n, decided); err != nil {
		return "", err
	}
	// The planner's statistics, as autovacuum leaves them a minute after
	// a big import: the benchmarks measure a review in use, not the
	// minute after its import.
	if err := analyze(ctx, tmpLocation); err != nil {
		return "", err
	}
	// The store's connections may still be closing on the server side:
	// a database is renamed only when nobody is connected to it.
	for attempt := 1; ; attempt++ {
		_, err = admin.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{tmp}.Sanitize()+` RENAME TO `+pgx.Identifier{name}.Sanitize())
		var pe *pgconn.PgError
		switch {
		case err == nil:
			return location, nil
		case errors.As(err, &pe) && pe.Code == "42P04": // another run built it first
			if found, _ := exists(name); found {
				admin.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{tmp}.Sanitize()+` WITH (FORCE)`)
				return location, nil
			}
			return "", err
		case errors.As(err, &pe) && pe.Code == "55006" && attempt < 50: // object in use
			time.Sleep(100 * time.Millisecond)
		default:
			return "", err
		}
	}
}

// databaseURL is server's URL naming database db instead.
func databaseURL(server, db string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("benchreview: %s: %w", server, err)
	}
	u.Path = "/" + db
	u.RawPath = ""
	return u.String(), nil
}

func analyze(ctx context.Context, location string) error {
	conn, err := pgx.Connect(ctx, location)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `VACUUM ANALYZE`)
	return err
}

// buildReview makes the benchmark review at location, an SQLite file's
// path or a PostgreSQL URL.
func buildReview(ctx context.Context, location string, n, decided int) error {
	st, err := store.Create(ctx, location, "benchmark", 2, "")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, m := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, m, m == "alice", "alice"); err != nil {
			return err
		}
	}
	if err := ImportRIS(ctx, st, n); err != nil {
		return err
	}
	const batch = 10000
	for from := 1; from <= decided; from += batch {
		var votes []review.Vote
		for id := from; id < from+batch && id <= decided; id++ {
			d := review.Include
			if id%3 == 0 {
				d = review.Exclude
			}
			votes = append(votes, review.Vote{RecordID: int64(id), Stage: review.TitleAbstract, Reviewer: "bob", Decision: d})
			if id%7 == 0 && d == review.Include {
				d = review.Exclude
			}
			votes = append(votes, review.Vote{RecordID: int64(id), Stage: review.TitleAbstract, Reviewer: "carol", Decision: d})
		}
		if err := st.Decide(ctx, votes, "alice"); err != nil {
			return err
		}
	}
	return st.Checkpoint(ctx)
}

// envN is a positive number from the environment, or def.
// ImportRIS writes n synthetic records as one RIS export (internal/synth,
// seed 1) to a temporary file and imports it as a database search made by
// alice.
func ImportRIS(ctx context.Context, st *store.Store, n int) error {
	f, err := os.CreateTemp("", "winnow-bench-*.ris")
	if err != nil {
		return err
	}
	export := f.Name()
	defer os.Remove(export)
	if err := synth.Write(f, synth.RIS, n, 1); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = importer.Import(ctx, st, []string{export}, importer.Options{Source: "SYNTH", Kind: review.Database, By: "alice"})
	return err
}

func envN(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// N is the size of the SQLite benchmark review: WINNOW_BENCH_N, default
// 1,000,000.
func N() int { return envN("WINNOW_BENCH_N", 1000000) }

// PostgresN is the size of the PostgreSQL benchmark review:
// WINNOW_BENCH_PG_N, default 100,000 (the PostgreSQL targets are for
// 100,000 records, and an import into PostgreSQL is slower).
func PostgresN() int { return envN("WINNOW_BENCH_PG_N", 100000) }

// Open opens the benchmark review of N() records, in which bob and carol
// decided the first tenth, building it first when it is not there yet;
// the caller closes it.
func Open(ctx context.Context) (*store.Store, error) {
	n := N()
	path, err := BenchReview(ctx, n, n/10)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, path)
}

// OpenPostgres is Open on the PostgreSQL server that server names, with
// a review of PostgresN() records.
func OpenPostgres(ctx context.Context, server string) (*store.Store, error) {
	n := PostgresN()
	location, err := PostgresReview(ctx, server, n, n/10)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, location)
}

// SynthDir gives the folder of the realistic synthetic review of about n
// records (see synth.WriteReview, seed 1), written once in the temporary
// folder and kept, with its update of `update` records when update > 0
// (in the folder's "update" subfolder).
func SynthDir(n, update int) (string, error) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("winnow-bench-synth-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "synth.json")); err != nil {
		os.RemoveAll(dir)
		if _, err := synth.WriteReview(dir+".building", synth.ReviewConfig{Records: n, Seed: 1}); err != nil {
			return "", err
		}
		if err := os.Rename(dir+".building", dir); err != nil {
			return "", err
		}
	}
	if update > 0 {
		upd := filepath.Join(dir, fmt.Sprintf("update-%d", update))
		if _, err := os.Stat(filepath.Join(upd, "synth.json")); err != nil {
			os.RemoveAll(upd)
			if _, err := synth.WriteUpdate(upd+".building", dir, update, 0.25); err != nil {
				return "", err
			}
			if err := os.Rename(upd+".building", upd); err != nil {
				return "", err
			}
		}
	}
	return dir, nil
}

// ImportSynth imports the exports of a synthetic review in dir into st,
// one search per database, as a team would.
func ImportSynth(ctx context.Context, st *store.Store, dir string) error {
	m, err := synth.ReadManifest(dir)
	if err != nil {
		return err
	}
	for _, f := range m.Files {
		_, err := importer.Import(ctx, st, []string{filepath.Join(dir, f.File)}, importer.Options{Source: f.Database, Kind: review.Database})
		if err != nil {
			return err
		}
	}
	return nil
}

// SynthReview gives the path of an SQLite review holding the realistic
// synthetic review of about n records (see SynthDir), imported and not
// yet deduplicated. It is built once in the temporary folder and kept:
// copy it before changing it.
func SynthReview(ctx context.Context, n int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("winnow-bench-synth-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	dir, err := SynthDir(n, 0)
	if err != nil {
		return "", err
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	st, err := store.Create(ctx, tmp, "synthetic", 2, "")
	if err != nil {
		return "", err
	}
	if err := ImportSynth(ctx, st, dir); err != nil {
		st.Close()
		return "", err
	}
	if err := st.Checkpoint(ctx); err != nil {
		st.Close()
		return "", err
	}
	if err := st.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// CopyFile copies an SQLite review (checkpointed: no WAL to copy) to dst.
func CopyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
