package screening_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"

	"github.com/winnow-review/winnow/internal/procstat"
)

// The screening benchmarks run on a synthetic review of WINNOW_BENCH_N
// records (default 1,000,000) in which two screeners have decided the
// first tenth; it is built once in the temporary folder (minutes for a
// million) and kept. scripts/bench-screen.sh runs them. BenchmarkKeyPress
// runs on PostgreSQL as well when WINNOW_TEST_PG is set, on a review of
// WINNOW_BENCH_PG_N records (default 100,000) kept in a database on that
// server; scripts/bench-pg.sh compares the backends.

func benchStore(b *testing.B) (*store.Store, []review.Reviewer) {
	return benchStoreOn(b, "sqlite")
}

// benchStoreOn opens the benchmark review on a backend: "sqlite" (of
// WINNOW_BENCH_N records) or "postgres" (of WINNOW_BENCH_PG_N records,
// default 100,000, on WINNOW_TEST_PG's server). storetest.Main's re-run
// on PostgreSQL skips the benchmarks: the first run measures both
// backends, naming each.
func benchStoreOn(b *testing.B, backend string) (*store.Store, []review.Reviewer) {
	b.Helper()
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the first run measured both backends")
	}
	ctx := context.Background()
	var st *store.Store
	var err error
	if backend == "postgres" {
		st, err = benchreview.OpenPostgres(ctx, storetest.Server())
	} else {
		st, err = benchreview.Open(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	team, err := st.Team(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return st, team
}

// benchBackends are the backends the benchmarks that compare them run
// on: SQLite, and PostgreSQL when WINNOW_TEST_PG names a server.
func benchBackends() []string {
	if storetest.Server() != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// BenchmarkKeyPress is one decision in the screen: the decision committed
// (synchronous=FULL on SQLite) and the next record of the queue loaded,
// on each backend (BenchmarkKeyPress/sqlite, BenchmarkKeyPress/postgres).
// It reports the 99th and 50th percentiles and the review's size; the
// screen's own render is measured in internal/ui/screen.
func BenchmarkKeyPress(b *testing.B) {
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the first run measured both backends")
	}
	for _, backend := range benchBackends() {
		b.Run(backend, func(b *testing.B) { benchKeyPress(b, backend) })
	}
}

func benchKeyPress(b *testing.B, backend string) {
	st, team := benchStoreOn(b, backend)
	ctx := context.Background()
	records, err := st.CountRecords(ctx)
	if err != nil {
		b.Fatal(err)
	}
	alice := team[0]
	s, err := screening.Open(ctx, st, alice, review.Viewer{Name: alice.Name, Lead: true, Blind: true}, review.TitleAbstract, screening.Imported)
	if err != nil {
		b.Fatal(err)
	}
	it, err := s.Next(ctx)
	if err != nil || it == nil {
		b.Fatal(it, err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		d := review.Include
		if i%4 == 0 {
			d = review.Exclude
		}
		if err := s.Decide(ctx, it.Record.ID, d, "", ""); err != nil {
			b.Fatal(err)
		}
		if it, err = s.Next(ctx); err != nil || it == nil {
			b.Fatal(it, err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(records), "records")
}

// BenchmarkStatus is `winnow status` for a lead: every count of both
// stages.
func BenchmarkStatus(b *testing.B) {
	st, team := benchStore(b)
	ctx := context.Background()
	viewer := review.Viewer{Name: team[0].Name, Lead: true, Blind: true}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := screening.Status(ctx, st, viewer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen is starting the screen: the queue counted and the first
// record read, in record order (a window at a time) and in a reviewer's
// random order (the whole queue read and shuffled).
func BenchmarkOpen(b *testing.B) {
	st, team := benchStore(b)
	ctx := context.Background()
	bob := team[1]
	for _, order := range []screening.Order{screening.Imported, screening.Random} {
		b.Run(string(order), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, err := screening.Open(ctx, st, bob, review.Viewer{Name: bob.Name, Blind: true}, review.TitleAbstract, order)
				if err != nil {
					b.Fatal(err)
				}
				if it, err := s.Next(ctx); err != nil || it == nil {
					b.Fatal(it, err)
				}
			}
		})
	}
}

// BenchmarkPrioritised is screening in prioritised order on the
// benchmark review (run it with WINNOW_BENCH_N=100000: the issue's
// target is for 100,000 records): bob, who decided the first tenth,
// decides, and the next record shows from the ranking in hand while the
// model learns again in the background. It reports the key press (the
// decision committed and the next record loaded, never waiting for the
// training) and the retraining (from the key press until the new ranking
// is in place), each at the 50th and 99th percentile; and the opening
// (the first record shown) and the time until the first ranking is in
// place (the vectors built in the background).
//
// The benchmark review's abstracts are drawn from 70 words; for a review
// of realistic text see BenchmarkPrioritisedReview.
func BenchmarkPrioritised(b *testing.B) {
	st, team := benchStore(b)
	benchPrioritised(b, st, team[1])
}

// BenchmarkPrioritisedReview is BenchmarkPrioritised on the SQLite review
// WINNOW_BENCH_REVIEW names (skipped when it is unset), such as the
// realistic synthetic review of a million records that
// scripts/bench-scale.sh imports and deduplicates (internal/synth: five
// databases' exports, a 40,000-word vocabulary). The review is changed:
// the screener "bench" is added to its team if missing and, when it has
// not decided an include and an exclude yet, includes the first record of
// its queue and excludes the second (in imported order, before the
// prioritised screen is opened), so that the screen ranks as soon as its
// vectors are built; then the benchmark's decisions. Run it on a copy:
//
//	cp review.db /tmp/screen.db
//	WINNOW_BENCH_REVIEW=/tmp/screen.db go test -run '^$' -bench '^BenchmarkPrioritisedReview$' -benchtime 20x -timeout 1h ./review/screening/
func BenchmarkPrioritisedReview(b *testing.B) {
	path := os.Getenv("WINNOW_BENCH_REVIEW")
	if path == "" {
		b.Skip("WINNOW_BENCH_REVIEW names no review")
	}
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the review is a SQLite file")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := st.AddReviewer(ctx, "bench", true, "bench"); err != nil {
		b.Fatal(err)
	}
	bench := review.Reviewer{Name: "bench", Lead: true}
	mine, err := st.MyDecisions(ctx, bench.Name, review.TitleAbstract)
	if err != nil {
		b.Fatal(err)
	}
	var inc, exc bool
	for _, d := range mine {
		inc, exc = inc || d == review.Include, exc || d == review.Exclude
	}
	if !inc || !exc {
		s, err := screening.Open(ctx, st, bench, review.Viewer{Name: bench.Name, Blind: true}, review.TitleAbstract, screening.Imported)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range []review.Decision{review.Include, review.Exclude} {
			it, err := s.Next(ctx)
			if err != nil || it == nil {
				b.Fatal(it, err)
			}
			if err := s.Decide(ctx, it.Record.ID, d, "", ""); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(ctx); err != nil {
			b.Fatal(err)
		}
	}
	benchPrioritised(b, st, bench)
}

// benchPrioritised is BenchmarkPrioritised on a store, for a screener.
func benchPrioritised(b *testing.B, st *store.Store, by review.Reviewer) {
	// The memory limit `winnow screen --order prioritised` sets.
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(screening.MemoryLimit))
	}
	ctx := context.Background()
	start := time.Now()
	s, err := screening.Open(ctx, st, by, review.Viewer{Name: by.Name, Blind: true}, review.TitleAbstract, screening.Prioritised)
	if err != nil {
		b.Fatal(err)
	}
	open := time.Since(start)
	queue := s.Left
	// The vectors are built in the background while the first records
	// show in the reviewer's shuffle; the key presses are measured once
	// the model is there.
	s.Wait()
	ready := time.Since(start)
	it, err := s.Next(ctx)
	if err != nil || it == nil {
		b.Fatal(it, err)
	}
	// b.Loop: the screen is opened once, whatever -benchtime says.
	var press, retrain []time.Duration
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		d := review.Exclude
		if i%5 == 0 {
			d = review.Include
		}
		if err := s.Decide(ctx, it.Record.ID, d, "", ""); err != nil {
			b.Fatal(err)
		}
		if it, err = s.Next(ctx); err != nil || it == nil {
			b.Fatal(it, err)
		}
		press = append(press, time.Since(t0))
		s.Wait()
		retrain = append(retrain, time.Since(t0))
	}
	pct := func(ts []time.Duration, p int) float64 {
		slices.Sort(ts)
		return float64(ts[len(ts)*p/100].Microseconds()) / 1000
	}
	b.ReportMetric(pct(press, 50), "press-p50-ms")
	b.ReportMetric(pct(press, 99), "press-p99-ms")
	b.ReportMetric(pct(retrain, 50), "retrain-p50-ms")
	b.ReportMetric(pct(retrain, 99), "retrain-p99-ms")
	b.ReportMetric(float64(open.Milliseconds()), "open-ms")
	b.ReportMetric(float64(ready.Milliseconds()), "ranked-ms")
	b.ReportMetric(float64(queue), "queue")
	// The process's own peak resident memory (the screen's, when the
	// review was built by an earlier run: scripts/bench-scale.sh builds
	// it first) and CPU time.
	if u, ok := procstat.Self(); ok {
		b.ReportMetric(float64(u.PeakRSS)/(1<<20), "peak-rss-MiB")
	}
	b.ReportMetric(procstat.CPUTime().Seconds(), "cpu-s")
	if err := s.Close(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRecordsByDecision is `winnow records --decision D --json` for
// bob, a screener who decided 100,000 records of the million (the first
// tenth: about 66,700 includes and 33,300 excludes), blind: each record
// listed with his decision, note and labels, written as JSON. It reports
// the records listed. With WINNOW_TEST_PG set it runs on PostgreSQL too
// (postgres/include, postgres/exclude), on a review of
// WINNOW_BENCH_PG_N records (default 100,000). The command prints every
// field of each record, and closes the review: docs/workbench.md times it
// with /usr/bin/time beside this.
//
//	WINNOW_BENCH_N=1000000 go test -run '^$' -bench RecordsByDecision -benchtime 3x ./review/screening/
func BenchmarkRecordsByDecision(b *testing.B) {
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: the first run measured both backends")
	}
	for _, backend := range benchBackends() {
		name := ""
		if backend == "postgres" {
			name = "postgres/"
		}
		benchRecordsByDecision(b, backend, name)
	}
}

func benchRecordsByDecision(b *testing.B, backend, name string) {
	st, _ := benchStoreOn(b, backend)
	ctx := context.Background()
	bob := review.Viewer{Name: "bob", Blind: true}
	team, err := st.Team(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []string{"include", "exclude"} {
		b.Run(name+d, func(b *testing.B) {
			listed := 0
			cpu0 := procstat.CPUTime()
			for b.Loop() {
				listed = 0
				enc := json.NewEncoder(io.Discard)
				f := screening.Filter{Stage: review.TitleAbstract, Decision: d}
				err := screening.Screened(ctx, st, team, bob, f, func(s store.Screened) error {
					listed++
					return enc.Encode(struct {
						ID       int64           `json:"id"`
						Title    string          `json:"title"`
						Abstract string          `json:"abstract"`
						Decision review.Decision `json:"decision"`
						Note     string          `json:"note"`
						Labels   []string        `json:"labels"`
					}{s.Record.ID, s.Record.Title, s.Record.Abstract, s.Vote.Decision, s.Vote.Note, s.Labels})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if listed == 0 {
				b.Fatalf("no records decided %s by bob", d)
			}
			b.ReportMetric(float64(listed), "records-listed")
			// The process's CPU time per listing: on a machine shared with
			// other work the wall time (ns/op) also counts waiting.
			b.ReportMetric(float64((procstat.CPUTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
