package dedup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// benchN is the size of the dedup benchmarks' review: WINNOW_BENCH_N,
// default 100,000.
func benchN() int {
	if v, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_N")); err == nil && v > 0 {
		return v
	}
	return 100_000
}

// openCopy copies the review at path into a temporary folder and opens
// the copy.
func openCopy(b *testing.B, path string) *store.Store {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "r.db")
	if err := benchreview.CopyFile(dst, path); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), dst)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkRun times `winnow dedup` on a fresh review of WINNOW_BENCH_N
// records of the realistic synthetic review (internal/synth: five
// databases' exports, a quarter of the records duplicates; default
// 100,000): loading the records and building their match keys, comparing,
// and saving links, queue, keys and primaries. The review is imported
// once and kept in the temporary folder (benchreview.SynthReview); each
// run deduplicates a copy.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	n := benchN()
	path, err := benchreview.SynthReview(ctx, n)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		st := openCopy(b, path)
		peak := watchHeap()
		b.StartTimer()
		res, err := Run(ctx, st, "bench", review.Viewer{}, false)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(len(res.Links)), "links")
		b.ReportMetric(float64(len(res.Queue)), "queued")
		st.Close()
		b.StartTimer()
	}
}

// watchHeap samples the Go heap in use every 50 ms until the function it
// returns is called, which gives the highest figure seen. With
// WINNOW_BENCH_HEAPPROFILE set it also writes a heap profile there each
// time the figure grows by 32 MiB, so that the last one shows what the
// heap held near its peak.
func watchHeap() func() uint64 {
	done := make(chan struct{})
	result := make(chan uint64)
	profile := os.Getenv("WINNOW_BENCH_HEAPPROFILE")
	go func() {
		var ms runtime.MemStats
		var peak, written uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			if profile != "" && peak > written+32<<20 {
				written = peak
				if f, err := os.Create(profile); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}

// BenchmarkRunUpdate times `winnow dedup` after the searches of a
// deduplicated review of WINNOW_BENCH_N records were re-run and their
// WINNOW_BENCH_UPDATE records (default 5,000; a quarter of the works found
// again) imported: only the new records are compared, with each other and
// with every old one (target: under 5 s at 1,000,000).
func BenchmarkRunUpdate(b *testing.B) {
	ctx := context.Background()
	n := benchN()
	update := 5000
	if v, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_UPDATE")); err == nil && v > 0 {
		update = v
	}
	path, err := dedupedReview(ctx, n)
	if err != nil {
		b.Fatal(err)
	}
	dir, err := benchreview.SynthDir(n, update)
	if err != nil {
		b.Fatal(err)
	}
	upd := filepath.Join(dir, fmt.Sprintf("update-%d", update))
	m, err := synth.ReadManifest(upd)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		st := openCopy(b, path)
		if err := benchreview.ImportSynth(ctx, st, upd); err != nil {
			b.Fatal(err)
		}
		peak := watchHeap()
		b.StartTimer()
		res, err := Run(ctx, st, "bench", review.Viewer{}, false)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		if res.Compared != m.Records {
			b.Fatalf("compared %d records, want the %d new ones", res.Compared, m.Records)
		}
		b.ReportMetric(float64(len(res.Links)), "links")
		b.ReportMetric(float64(len(res.Queue)), "queued")
		st.Close()
		b.StartTimer()
	}
}

// dedupedReview gives the synthetic review of n records deduplicated,
// made once from benchreview.SynthReview and kept beside it.
func dedupedReview(ctx context.Context, n int) (string, error) {
	src, err := benchreview.SynthReview(ctx, n)
	if err != nil {
		return "", err
	}
	path := src[:len(src)-len(".db")] + "-deduplicated.db"
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	if err := benchreview.CopyFile(tmp, src); err != nil {
		return "", err
	}
	st, err := store.Open(ctx, tmp)
	if err != nil {
		return "", err
	}
	if _, err := Run(ctx, st, "bench", review.Viewer{}, false); err != nil {
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
