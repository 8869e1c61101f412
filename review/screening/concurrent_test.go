package screening_test

import (
	"bytes"
	"cmp"
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
		from, _ := strconv.ParseInt(os.Getenv("WINNOW_FROM"), 10, 64)
		n, _ := strconv.ParseInt(os.Getenv("WINNOW_COUNT"), 10, 64)
		if err := screen(os.Getenv("WINNOW_REVIEW"), name, max(from, 1), cmp.Or(n, perScreener)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	storetest.Main(m)
}

const perScreener = 500

// screen makes n decisions, on records from, from+1, ...
func screen(path, name string, from, n int64) error {
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
	for id := from; id < from+n; id++ {
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
	if storetest.Postgres() {
		t.Skip("on PostgreSQL, TestTwentyReviewersOnPostgres races twenty processes instead")
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

// TestTwentyReviewersOnPostgres: twenty reviewer processes, as on twenty
// machines, make 200 decisions each on one PostgreSQL review at the same
// time, two of them on each record (the review's two screeners), so that
// every decision races another on the same record's outcome. No error may
// reach a reviewer and no decision may be lost.
func TestTwentyReviewersOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("runs in the PostgreSQL suite (WINNOW_TEST_PG)")
	}
	const reviewers, each = 20, 200
	f := newReview(t, reviewers/2*each)
	var wg sync.WaitGroup
	errs := make([]string, reviewers)
	for i := range reviewers {
		name := "reviewer" + strconv.Itoa(i+1)
		if _, err := f.st.AddReviewer(f.ctx, name, false, "alice"); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "WINNOW_SCREENER="+name, "WINNOW_REVIEW="+f.path,
				"WINNOW_FROM="+strconv.Itoa(i/2*each+1), "WINNOW_COUNT="+strconv.Itoa(each))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil || stderr.Len() > 0 {
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
	counts, err := f.st.Counts(f.ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	ta := counts[review.TitleAbstract]
	if ta.Complete != reviewers/2*each || ta.Pending != 0 {
		t.Errorf("%d records complete, %d pending: want %d and 0", ta.Complete, ta.Pending, reviewers/2*each)
	}
	for _, p := range ta.Screeners {
		if p.Decided != each {
			t.Errorf("%s: %d decisions kept, want %d", p.Reviewer, p.Decided, each)
		}
	}
	if len(ta.Screeners) != reviewers {
		t.Errorf("%d reviewers decided, want %d", len(ta.Screeners), reviewers)
	}
	lead := review.Viewer{Name: "alice", Lead: true, Blind: true}
	events, err := f.st.Events(f.ctx, 0, lead)
	if err != nil {
		t.Fatal(err)
	}
	decided := 0
	for _, e := range events {
		if e.Action == "decide" {
			decided++
		}
	}
	if decided != reviewers*each {
		t.Errorf("%d decisions logged, want %d", decided, reviewers*each)
	}
	for _, id := range []int64{1, each, reviewers / 2 * each} {
		votes, err := f.st.VotesOn(f.ctx, id, lead)
		if err != nil || len(votes) != 2 {
			t.Errorf("record %d: %d votes, %v", id, len(votes), err)
		}
	}
}
