package prisma_test

import (
	"context"
	"errors"
	"testing"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/prisma"
)

// BenchmarkDerive derives and checks the flow of the synthetic review of
// WINNOW_BENCH_N records (default 1,000,000; two screeners have decided
// the first tenth: internal/benchreview builds it once and keeps it). It
// is a draft (most records await a decision), which costs the same walk.
// scripts/bench-screen.sh runs it.
func BenchmarkDerive(b *testing.B) {
	ctx := context.Background()
	st, err := benchreview.Open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	for range b.N {
		f, err := prisma.Derive(ctx, st)
		var perr *prisma.Error
		if err != nil && !errors.As(err, &perr) {
			b.Fatal(err)
		}
		if f.RecordsScreened == 0 {
			b.Fatal("no records screened")
		}
	}
}
