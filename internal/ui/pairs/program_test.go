package pairs

import (
	"bytes"
	"context"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/dedup/match"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

const twoListings = `TY  - JOUR
TI  - Integrated primary and social care for older people with multimorbidity: a realist review
AU  - Harrison, Eleanor
AU  - Patel, Ravi
PY  - 2019
T2  - Age and Ageing
VL  - 48
SP  - 101
ER  - 

TY  - JOUR
TI  - Integrating primary and social care for older people with multimorbidity - a realist review
AU  - Harrison, E.
AU  - Patel, R.
PY  - 2019
T2  - Age Ageing
VL  - 48
SP  - 101
ER  - 
`

// TestReviewProgramSavesToTheReview runs the whole screen, keys in and
// screen out, against a real review: the pair one export lists twice is
// queued (fuzzy evidence inside one file), and "l" links it; "q", pressed
// while it saves, quits once it is saved.
func TestReviewProgramSavesToTheReview(t *testing.T) {
	ctx := context.Background()
	st, queue, records := queuedReview(t)
	alice := review.Reviewer{Name: "alice", Lead: true}
	m := New(queue, records, func(a, b int64, same bool) (Undo, error) {
		if _, err := dedup.Decide(ctx, st, alice, a, b, same); err != nil {
			return nil, err
		}
		return func() error { return dedup.Withdraw(ctx, st, alice, a, b, same) }, nil
	}, false)
	var out bytes.Buffer
	if _, err := tea.NewProgram(m, tea.WithInput(strings.NewReader("lq")), tea.WithOutput(&out), tea.WithWindowSize(80, 24)).Run(); err != nil {
		t.Fatal(err)
	}
	if m.Decided != 1 {
		t.Errorf("%d pairs decided", m.Decided)
	}
	if n, _ := st.DuplicatesRemoved(ctx); n != 1 {
		t.Errorf("%d duplicates after deciding the pair the same work", n)
	}
	if left, _ := st.QueuedPairs(ctx); len(left) != 0 {
		t.Errorf("the pair is still queued: %+v", left)
	}
	// The key arrives before the first frame is drawn; the last frame
	// says the queue is done.
	if !strings.Contains(out.String(), "No pairs left to review") {
		t.Errorf("the last frame: %q", out.String())
	}
}

// TestUndoPutsThePairBackInTheQueue: u after l takes the link back, u
// after a withdraws the verdict; either way the pair waits in the queue
// again, in the review.
func TestUndoPutsThePairBackInTheQueue(t *testing.T) {
	ctx := context.Background()
	st, queue, records := queuedReview(t)
	bob := review.Reviewer{Name: "bob"}
	m := New(queue, records, func(a, b int64, same bool) (Undo, error) {
		if _, err := dedup.Decide(ctx, st, bob, a, b, same); err != nil {
			return nil, err
		}
		return func() error { return dedup.Withdraw(ctx, st, bob, a, b, same) }, nil
	}, false)
	state := func() (dups, queued, different int) {
		t.Helper()
		dups, _ = st.DuplicatesRemoved(ctx)
		q, _ := st.QueuedPairs(ctx)
		ds, err := st.LoadDedupState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return dups, len(q), len(ds.Different)
	}
	for _, verdict := range []string{"l", "a"} {
		run(m, verdict)
		if d, q, diff := state(); q != 0 || (verdict == "l") != (d == 1) || (verdict == "a") != (diff == 1) {
			t.Errorf("after %s: %d duplicates, %d queued, %d different", verdict, d, q, diff)
		}
		run(m, "u")
		if d, q, diff := state(); d != 0 || q != 1 || diff != 0 || m.i != 0 {
			t.Errorf("after %s then u: %d duplicates, %d queued, %d different; pair %d\n%s", verdict, d, q, diff, m.i, view(m))
		}
	}
}

// queuedReview is a review whose one export lists a work twice: the
// pair is queued (fuzzy evidence inside one file).
func queuedReview(t *testing.T) (*store.Store, []match.Pair, map[int64]*review.Record) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Create(ctx, storetest.Location(t, dir, "r.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	export := filepath.Join(dir, "one.ris")
	os.WriteFile(export, []byte(twoListings), 0o644)
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "S", Kind: review.Database}); err != nil {
		t.Fatal(err)
	}
	if _, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	queue, err := st.QueuedPairs(ctx)
	if err != nil || len(queue) != 1 {
		t.Fatalf("queue %+v, %v: want the one pair", queue, err)
	}
	records := map[int64]*review.Record{}
	for _, id := range []int64{queue[0].A, queue[0].B} {
		records[id], _ = st.Record(ctx, id)
	}
	return st, queue, records
}
