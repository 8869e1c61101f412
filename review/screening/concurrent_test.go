package screening_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// TestMain lets the test binary play one screener of
// TestEightScreenersAtOnce: with WINNOW_SCREENER set, it opens the review
// and makes its decisions, one transaction each, then exits.
func TestMain(m *testing.M) {
	if name := os.Getenv("WINNOW_SCREENER"); name != "" {
		if err := screen(os.Getenv("WINNOW_REVIEW"), name); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	storetest.Main(m)
}

const perScreener = 500

func screen(path, name string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	team, err := st.Team(ctx)
	if err != nil {
		return err
	}
	by, err := review.Actor(team, name)
	if err != nil {
		return err
	}
	viewer := review.Viewer{Name: by.Name, Blind: true}
	// Every screener decides every record, each in its own transaction,
	// reading before writing as the screen does.
	for id := int64(1); id <= perScreener; id++ {
		if _, err := st.InQueue(ctx, by.Name, review.TitleAbstract, id); err != nil {
			return fmt.Errorf("%s, record %d: queue: %w", name, id, err)
		}
		d := review.Include
		if (id+int64(len(name)))%3 == 0 {
			d = review.Exclude
		}
		if _, err := screening.Decide(ctx, st, by, viewer, review.Ref{ID: id}, review.TitleAbstract, d, "", ""); err != nil {
			return fmt.Errorf("%s, record %d: %w", name, id, err)
		}
	}
	return nil
}

// TestEightScreenersAtOnce: eight processes make 500 decisions each on one
// review file at the same time. None may fail ("database is locked" must
// never reach a user) and none may be lost.
func TestEightScreenersAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("eight processes making 4000 decisions: skipped with -short")
	}
	f := newReview(t, perScreener)
	var names []string
	for i := 1; i <= 8; i++ {
		name := "screener" + strconv.Itoa(i)
		names = append(names, name)
		if _, err := f.st.AddReviewer(f.ctx, name, false, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.st.SetScreeners(f.ctx, 8, "alice"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]string, len(names))
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "WINNOW_SCREENER="+name, "WINNOW_REVIEW="+f.path)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				errs[i] = fmt.Sprintf("%s: %v: %s", name, err, stderr.String())
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
	lead := review.Viewer{Name: "alice", Lead: true, Blind: true}
	for _, id := range []int64{1, 250, perScreener} {
		votes, err := f.st.VotesOn(f.ctx, id, lead)
		if err != nil || len(votes) != 8 {
			t.Errorf("record %d: %d votes, %v", id, len(votes), err)
		}
	}
	counts, err := f.st.Counts(f.ctx, "screener1")
	if err != nil {
		t.Fatal(err)
	}
	ta := counts[review.TitleAbstract]
	if ta.Complete != perScreener || ta.DecidedByMe != perScreener {
		t.Errorf("complete %d, decided by screener1 %d: want %d each", ta.Complete, ta.DecidedByMe, perScreener)
	}
	total := 0
	for _, p := range ta.Screeners {
		total += p.Decided
	}
	if total != 8*perScreener {
		t.Errorf("%d decisions kept, want %d", total, 8*perScreener)
	}
	events, _ := f.st.Events(f.ctx, 0, lead)
	decided := 0
	for _, e := range events {
		if e.Action == "decide" {
			decided++
		}
	}
	if decided != 8*perScreener {
		t.Errorf("%d decisions logged, want %d", decided, 8*perScreener)
	}
}
