package duplicates

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

// BenchmarkRun times `winnow dedup` on a fresh review of WINNOW_BENCH_N
// synthetic records (default 100,000): loading the records' keys from the
// store, comparing, and saving links, queue and primaries. The import is
// not timed.
func BenchmarkRun(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	dir := b.TempDir()
	export := filepath.Join(dir, "synth.ris")
	f, err := os.Create(export)
	if err != nil {
		b.Fatal(err)
	}
	if err := synth.Write(f, synth.RIS, n, 7); err != nil {
		b.Fatal(err)
	}
	f.Close()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Create(ctx, filepath.Join(b.TempDir(), "r.db"), "bench", 2, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "S", Kind: review.Database}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Run(ctx, st, "bench", false)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Compared != n {
			b.Fatalf("compared %d records, want %d", res.Compared, n)
		}
		st.Close()
		b.StartTimer()
	}
}
