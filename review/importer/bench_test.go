package importer

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// The import benchmarks run on synthetic exports of WINNOW_BENCH_N records
// (default 100,000, about 1.4 KB each) and are meant to be read as ratios
// to BenchmarkFloor, measured in the same run: the same records' six main
// fields stored with the same driver, the same full-text index and a DOI
// index, and nothing parsed. scripts/bench.sh runs them and prints ratios.
// The storetest.Main re-run on PostgreSQL skips them all: the first run
// measures both backends, naming each.

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 100000
}

var (
	benchFilesOnce sync.Once
	benchDir       string
	benchErr       error
)

// benchFile writes (once per process) the synthetic export for format.
func benchFile(b *testing.B, f synth.Format) string {
	b.Helper()
	benchFilesOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "winnow-bench")
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	path := filepath.Join(benchDir, fmt.Sprintf("synth-%d.%s", benchN(), f))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if err := synth.Write(out, f, benchN(), 1); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImport imports the synthetic export of each format into a new
// review: BenchmarkImport/<format>/sqlite always, and
// BenchmarkImport/<format>/postgres as well when WINNOW_TEST_PG names a
// server (each iteration in a database of its own on it, dropped
// afterwards). Only the import is timed. scripts/bench-pg.sh compares
// the two backends.
func BenchmarkImport(b *testing.B) {
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the first run measured both backends")
	}
	backends := []string{"sqlite"}
	if storetest.Server() != "" {
		backends = append(backends, "postgres")
	}
	for _, f := range []synth.Format{synth.RIS, synth.BibTeX, synth.MEDLINE} {
		b.Run(string(f), func(b *testing.B) {
			for _, backend := range backends {
				b.Run(backend, func(b *testing.B) { benchImport(b, f, backend == "postgres") })
			}
		})
	}
}

func benchImport(b *testing.B, f synth.Format, postgres bool) {
	path := benchFile(b, f)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		location := filepath.Join(b.TempDir(), "bench.db")
		drop := func() {}
		if postgres {
			var name string
			location, name = storetest.NewDatabase(b)
			drop = func() {
				if err := storetest.DropDatabase(location, name); err != nil {
					b.Error(err)
				}
			}
		}
		s, err := store.Create(ctx, location, "bench", 2, "")
		if err != nil {
			drop()
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Import(ctx, s, []string{path}, Options{Source: "S", Kind: review.Database})
		b.StopTimer()
		if err == nil && res[0].Search.Records != benchN() {
			err = fmt.Errorf("%d records imported, want %d", res[0].Search.Records, benchN())
		}
		s.Close()
		drop()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchN())*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkFloor stores the six main fields of the same records with the
// same driver and settings, builds the same full-text index in bulk and a
// DOI index, and parses nothing: no import can be faster.
func BenchmarkFloor(b *testing.B) {
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the first run measured it")
	}
	n := benchN()
	g := synth.New(1)
	type row struct {
		title, authors, journal, abstract, doi string
		year                                   int
	}
	rows := make([]row, n)
	for i := range rows {
		r := g.Next()
		au := ""
		for j, a := range r.Authors {
			if j > 0 {
				au += "; "
			}
			au += a[0] + ", " + a[1]
		}
		rows[i] = row{r.Title, au, r.Journal, r.Abstract, r.DOI, r.Year}
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "floor.db")
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate")
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{
			`CREATE TABLE records (id INTEGER PRIMARY KEY, title TEXT, authors TEXT, year INTEGER, journal TEXT, abstract TEXT, doi TEXT)`,
			`CREATE INDEX records_doi ON records (doi)`,
			`CREATE VIRTUAL TABLE records_fts USING fts5 (title, abstract, authors, content='records', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO records (title, authors, year, journal, abstract, doi) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r.title, r.authors, r.year, r.journal, r.abstract, r.doi); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if _, err := tx.ExecContext(ctx, `INSERT INTO records_fts (rowid, title, abstract, authors) SELECT id, title, abstract, authors FROM records`); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
