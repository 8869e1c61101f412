// Package benchreview builds the big synthetic reviews that the screening
// benchmarks run on.
package benchreview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

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

func buildReview(ctx context.Context, path string, n, decided int) error {
	st, err := store.Create(ctx, path, "benchmark", 2, "")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, m := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, m, m == "alice", "alice"); err != nil {
			return err
		}
	}
	export := path + ".ris"
	f, err := os.Create(export)
	if err != nil {
		return err
	}
	defer os.Remove(export)
	if err := synth.Write(f, synth.RIS, n, 1); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "SYNTH", Kind: review.Database, By: "alice"}); err != nil {
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

// Open opens the benchmark review of WINNOW_BENCH_N records (default
// 1,000,000), in which bob and carol decided the first tenth, building it
// first when it is not there yet; the caller closes it.
func Open(ctx context.Context) (*store.Store, error) {
	n := 1000000
	if v, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	path, err := BenchReview(ctx, n, n/10)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, path)
}
