package conflicts_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/store"
)

// The consensus benchmarks run on the synthetic review of
// WINNOW_BENCH_N records (default 1,000,000) in which two screeners have
// decided the first tenth, with about 12,000 conflicts between them
// (internal/benchreview builds it once and keeps it).
// scripts/bench-screen.sh runs them.

func benchStore(b *testing.B) (*store.Store, review.Reviewer) {
	b.Helper()
	st, err := benchreview.Open(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	team, err := st.Team(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return st, team[0]
}

var lead = review.Viewer{Name: "alice", Lead: true, Blind: true}

// BenchmarkResolveKeyPress is one resolution in `winnow resolve`: saved
// (synchronous=FULL) and the next conflict loaded with its decisions. Each
// resolution is withdrawn again outside the timing, so the review stays
// as it was. It reports the 99th percentile.
func BenchmarkResolveKeyPress(b *testing.B) {
	st, alice := benchStore(b)
	ctx := context.Background()
	s, err := conflicts.Open(ctx, st, alice, lead, review.TitleAbstract)
	if err != nil {
		b.Fatal(err)
	}
	it, err := s.Next(ctx)
	if err != nil || it == nil {
		b.Fatal("no conflict to resolve", err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := s.Resolve(ctx, it.Record.ID, review.Include, "", ""); err != nil {
			b.Fatal(err)
		}
		next, err := s.Next(ctx)
		if err != nil || next == nil {
			b.Fatal("no next conflict", err)
		}
		times = append(times, time.Since(start))
		b.StopTimer()
		if _, err := s.Undo(ctx); err != nil {
			b.Fatal(err)
		}
		it = next
		b.StartTimer()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkConflicts lists every open conflict with its decisions.
func BenchmarkConflicts(b *testing.B) {
	st, _ := benchStore(b)
	ctx := context.Background()
	for range b.N {
		ds, err := conflicts.Conflicts(ctx, st, lead, review.TitleAbstract, false)
		if err != nil || len(ds) == 0 {
			b.Fatal(len(ds), err)
		}
	}
}

// BenchmarkAgreement computes agreement over every independent decision.
func BenchmarkAgreement(b *testing.B) {
	st, _ := benchStore(b)
	ctx := context.Background()
	for range b.N {
		rep, err := conflicts.Agreement(ctx, st, lead, conflicts.Options{Stage: review.TitleAbstract})
		if err != nil || len(rep.Pairs) == 0 {
			b.Fatal(err)
		}
	}
}
