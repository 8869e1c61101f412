package dedup

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

var (
	alice = review.Reviewer{Name: "alice", Lead: true}
	bob   = review.Reviewer{Name: "bob"}
	carol = review.Reviewer{Name: "carol"}
)

// teamReview is a review of the sample files with alice (lead), bob and
// carol; with dedup set, dedup has run over it.
func teamReview(t *testing.T, dedupRun bool, files ...string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, r := range []review.Reviewer{alice, bob, carol} {
		if _, err := st.AddReviewer(ctx, r.Name, r.Lead, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	mustImport(t, st, files...)
	if dedupRun {
		if _, err := Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// snapshot is what the refusals must leave as it was.
type snapshot struct {
	links      map[[2]int64]bool
	duplicates int
	different  int
}

func snap(t *testing.T, st *store.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	n, err := st.DuplicatesRemoved(ctx)
	if err != nil {
		t.Fatal(err)
	}
	state, err := st.LoadDedupState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{links: links(t, st), duplicates: n, different: len(state.Different)}
}

func (a snapshot) same(b snapshot) bool {
	if a.duplicates != b.duplicates || a.different != b.different || len(a.links) != len(b.links) {
		return false
	}
	for l := range a.links {
		if !b.links[l] {
			return false
		}
	}
	return true
}

func cluster(t *testing.T, st *store.Store, id int64) []int64 {
	t.Helper()
	c, err := st.ClusterOf(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(slices.Values(c))
}

func different(t *testing.T, st *store.Store, a, b int64) bool {
	t.Helper()
	state, err := st.LoadDedupState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return state.Different[[2]int64{min(a, b), max(a, b)}]
}

// TestAScreenerUndoesOnlyTheirOwnLinks: dedup's links, another
// screener's, and whole clusters are refused to a screener, and the
// refusal changes nothing; their own link they unlink.
func TestAScreenerUndoesOnlyTheirOwnLinks(t *testing.T) {
	ctx := context.Background()
	st := teamReview(t, true, "medline.nbib", "embase.ris", "wos.txt")
	before := snap(t, st)
	refused := []struct {
		what string
		do   func() error
	}{
		{"bob unlinks a record dedup linked", func() error { _, err := Unlink(ctx, st, bob, 13, false); return err }},
		{"bob asks what unlinking it would do", func() error { _, err := Unlink(ctx, st, bob, 13, true); return err }},
		{"bob splits a cluster", func() error { _, err := Undo(ctx, st, bob, 3, false); return err }},
		{"bob takes back dedup's link", func() error { _, err := TakeBack(ctx, st, bob, 3, 13); return err }},
		{"alice takes back dedup's link", func() error { _, err := TakeBack(ctx, st, alice, 3, 13); return err }},
	}
	for _, r := range refused {
		if err := r.do(); !errors.Is(err, review.ErrNotLead) {
			t.Errorf("%s: %v, want a refusal", r.what, err)
		}
	}
	if !snap(t, st).same(before) {
		t.Fatalf("a refusal changed the clusters")
	}

	if _, err := Link(ctx, st, bob, 9, 10); err != nil {
		t.Fatal(err)
	}
	withBob := snap(t, st)
	if _, err := Unlink(ctx, st, carol, 9, false); !errors.Is(err, review.ErrNotLead) {
		t.Errorf("carol unlinks bob's link: %v", err)
	}
	if _, err := Undo(ctx, st, carol, 9, false); !errors.Is(err, review.ErrNotLead) {
		t.Errorf("carol splits bob's cluster: %v", err)
	}
	if _, err := TakeBack(ctx, st, carol, 9, 10); !errors.Is(err, review.ErrNotLead) {
		t.Errorf("carol takes back bob's link: %v", err)
	}
	if !snap(t, st).same(withBob) {
		t.Fatalf("a refusal changed the clusters")
	}
	sp, err := Unlink(ctx, st, bob, 9, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cluster(t, st, 9)) != 1 || !different(t, st, 9, 10) || len(sp.Undone) != 1 || sp.Undone[0].CreatedBy != "bob" || sp.Undone[0].MadeAs != "screener" {
		t.Errorf("bob's unlink: cluster %v, split %+v", cluster(t, st, 9), sp)
	}
	// bob's own verdict he may override; carol may not.
	if _, err := Link(ctx, st, carol, 9, 10); !errors.Is(err, review.ErrNotLead) {
		t.Errorf("carol links what bob set apart: %v", err)
	}
	if l, err := Link(ctx, st, bob, 9, 10); err != nil || len(l.Overridden) != 1 || different(t, st, 9, 10) {
		t.Errorf("bob links again what he set apart: %+v %v", l, err)
	}
}

// TestUnlinkKeepsTheRestTogether: a record that was all that joined the
// rest of its cluster is taken out, and a link keeps the rest one
// cluster; --dry-run says so first and changes nothing.
func TestUnlinkKeepsTheRestTogether(t *testing.T) {
	ctx := context.Background()
	st := teamReview(t, false, "medline.nbib")
	if _, err := Link(ctx, st, alice, 1, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := Link(ctx, st, alice, 2, 5); err != nil {
		t.Fatal(err)
	}
	if ls := links(t, st); len(ls) != 2 || !ls[[2]int64{1, 2}] || !ls[[2]int64{2, 5}] {
		t.Fatalf("links %v, want the chain 1-2-5", ls)
	}
	before := snap(t, st)
	dry, err := Unlink(ctx, st, alice, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if !snap(t, st).same(before) {
		t.Fatal("--dry-run changed the clusters")
	}
	sp, err := Unlink(ctx, st, alice, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Split{dry, sp} {
		if len(s.Undone) != 2 || len(s.Kept) != 1 || s.Kept[0].A != 1 || s.Kept[0].B != 5 || len(s.Apart) != 2 {
			t.Errorf("split %+v: want both links undone, 1-5 kept, 2 apart from 1 and 5", s)
		}
	}
	if c := cluster(t, st, 1); !slices.Equal(c, []int64{1, 5}) {
		t.Errorf("the rest: cluster %v, want 1 and 5", c)
	}
	if c := cluster(t, st, 2); len(c) != 1 || !different(t, st, 1, 2) || !different(t, st, 2, 5) || different(t, st, 1, 5) {
		t.Errorf("record 2: cluster %v; different from 1 %v, from 5 %v; 1 and 5 %v", c, different(t, st, 1, 2), different(t, st, 2, 5), different(t, st, 1, 5))
	}
	// A dedup run keeps it so.
	if _, err := Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	if c := cluster(t, st, 5); !slices.Equal(c, []int64{1, 5}) {
		t.Errorf("after a run: cluster %v", c)
	}
}

// TestLinkReversesAnUnlinkAndTakeBackRestoresIt: dedup link puts an
// unlinked record back, overriding the verdicts the unlink left; taking
// that link back brings them back.
func TestLinkReversesAnUnlinkAndTakeBackRestoresIt(t *testing.T) {
	ctx := context.Background()
	st := teamReview(t, true, "medline.nbib", "embase.ris", "wos.txt")
	linked := snap(t, st)
	if _, err := Unlink(ctx, st, alice, 13, false); err != nil {
		t.Fatal(err)
	}
	if c := cluster(t, st, 3); !slices.Equal(c, []int64{3, 25}) || !different(t, st, 3, 13) || !different(t, st, 13, 25) {
		t.Fatalf("after unlink: cluster %v", c)
	}
	unlinked := snap(t, st)
	l, err := Link(ctx, st, bob, 13, 3)
	if !errors.Is(err, review.ErrNotLead) {
		t.Fatalf("bob overrides alice's unlink: %+v %v", l, err)
	}
	l, err = Link(ctx, st, alice, 13, 3)
	if err != nil {
		t.Fatal(err)
	}
	if c := cluster(t, st, 13); !slices.Equal(c, []int64{3, 13, 25}) || len(l.Overridden) != 2 || different(t, st, 3, 13) || different(t, st, 13, 25) {
		t.Fatalf("after the link: cluster %v, overridden %v", c, l.Overridden)
	}
	if got := snap(t, st); got.duplicates != linked.duplicates {
		t.Errorf("after the link: %d duplicates, before the unlink %d", got.duplicates, linked.duplicates)
	}
	if _, err := TakeBack(ctx, st, alice, 3, 13); err != nil {
		t.Fatal(err)
	}
	if !snap(t, st).same(unlinked) {
		t.Errorf("taking the link back did not restore the unlink's verdicts")
	}
	if _, err := TakeBack(ctx, st, alice, 3, 13); !errors.Is(err, store.ErrNotLinked) {
		t.Errorf("taking it back twice: %v", err)
	}
}

// TestUndoIsForLeadsAndLinkReversesIt: a lead's undo splits the whole
// cluster for good; one link of all its records puts it back.
func TestUndoIsForLeadsAndLinkReversesIt(t *testing.T) {
	ctx := context.Background()
	st := teamReview(t, true, "medline.nbib", "embase.ris", "wos.txt")
	linked := snap(t, st)
	sp, err := Undo(ctx, st, alice, 25, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Undone) != 3 || len(sp.Apart) != 3 || !slices.Equal(sp.Requeued, []int64{13, 25}) || !slices.Equal(sp.Relink, []int64{3, 13, 25}) {
		t.Errorf("undo: %+v", sp)
	}
	if again, err := Run(ctx, st, "alice", review.Viewer{}, false); err != nil || len(again.Links) != 0 {
		t.Errorf("a run after the undo: %+v %v", again, err)
	}
	if _, err := Link(ctx, st, alice, sp.Relink...); err != nil {
		t.Fatal(err)
	}
	if got := snap(t, st); got.duplicates != linked.duplicates || got.different != 0 {
		t.Errorf("after relinking: %+v, before the undo %+v", got, linked)
	}
}
