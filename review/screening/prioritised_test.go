package screening_test

import (
	"context"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// topicReview builds a review of 20 records: odd ones about integrated
// care for older people, even ones about hip fractures.
func topicReview(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := storetest.Location(t, dir, "review.db")
	st, err := store.Create(ctx, path, "test", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, name := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, name, i == 0, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	for i := 1; i <= 20; i++ {
		title, abstract := fmt.Sprintf("Hip fracture surgery outcomes in cohort %d", i), "Orthopaedic surgery, bone density and fracture healing after a fall."
		if i%2 == 1 {
			title, abstract = fmt.Sprintf("Integrated primary and social care for older people, site %d", i), "Integrated care teams join general practice and social care for older people with multimorbidity."
		}
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - %s\nAB  - %s\nAU  - Author%d, A.\nPY  - 2018\nDO  - 10.1000/t%d\nER  - \n\n", title, abstract, i, i)
	}
	export := filepath.Join(dir, "export.ris")
	if err := os.WriteFile(export, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "MEDLINE", Kind: review.Database, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	team, _ := st.Team(ctx)
	return &fixture{ctx: ctx, st: st, path: path, team: team, alice: team[0], bob: team[1], carol: team[2]}
}

// order walks a session without deciding: the order it would show.
func order(t *testing.T, s *screening.Session) []int64 {
	t.Helper()
	var ids []int64
	for {
		it, err := s.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if it == nil {
			return ids
		}
		ids = append(ids, it.Record.ID)
		s.Skip(it.Record.ID)
	}
}

// TestPrioritisedOrderFindsTheInclusionsFirst: once bob has included a
// record on integrated care and excluded one on fractures, the rest of
// his queue shows every integrated-care record before any fracture one,
// reranked in the background after his decisions.
func TestPrioritisedOrderFindsTheInclusionsFirst(t *testing.T) {
	f := topicReview(t)
	s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Prioritised)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Ranking(), "random order, seed") {
		t.Errorf("before any decision the ranking is %q, want a seeded random order", s.Ranking())
	}
	if err := s.Decide(f.ctx, 1, review.Include, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(f.ctx, 2, review.Exclude, "", ""); err != nil {
		t.Fatal(err)
	}
	s.Wait()
	if !strings.Contains(s.Ranking(), "trained on 2") {
		t.Errorf("after two decisions the ranking is %q", s.Ranking())
	}
	got := slices.DeleteFunc(order(t, s), func(id int64) bool { return id == 1 || id == 2 })
	if len(got) != 18 {
		t.Fatalf("order %v, want the 18 records left", got)
	}
	for i, id := range got {
		if (i < 9) != (id%2 == 1) {
			t.Fatalf("order %v: the integrated-care (odd) records should all come first", got)
		}
	}
	if err := s.Close(f.ctx); err != nil {
		t.Fatal(err)
	}
	ranks, err := f.st.LatestEvents(f.ctx, screening.RankAction)
	if err != nil || !strings.Contains(ranks["bob"], "tfidf+") || !strings.Contains(ranks["bob"], "seed") {
		t.Errorf("the log's ranking for bob: %q (%v)", ranks["bob"], err)
	}
}

// TestPrioritisedOrderIsBlind: while the review is blind, carol's
// decisions change nothing in bob's order.
func TestPrioritisedOrderIsBlind(t *testing.T) {
	f := topicReview(t)
	f.decide(t, f.bob, 3, review.TitleAbstract, review.Include, "")
	f.decide(t, f.bob, 4, review.TitleAbstract, review.Exclude, "")
	open := func() []int64 {
		s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Prioritised)
		if err != nil {
			t.Fatal(err)
		}
		s.Wait() // the model is built and the queue ranked
		if !strings.Contains(s.Ranking(), "trained on 2") {
			t.Fatalf("bob's ranking %q, want one trained on his 2 decisions", s.Ranking())
		}
		return order(t, s)
	}
	before := open()
	// carol decides the opposite of the topics, on records bob has not
	// seen: a ranking learning from her would change.
	for id := int64(5); id <= 12; id++ {
		d := review.Include
		if id%2 == 1 {
			d = review.Exclude
		}
		f.decide(t, f.carol, id, review.TitleAbstract, d, "")
	}
	after := open()
	if !slices.Equal(before, after) {
		t.Errorf("carol's decisions changed bob's order:\n%v\n%v", before, after)
	}
	// Once blind mode is off, the ranking may learn from final outcomes:
	// records both screeners decided.
	if _, err := f.st.SetBlind(f.ctx, false, "alice"); err != nil {
		t.Fatal(err)
	}
	s, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.TitleAbstract, screening.Prioritised)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Ranking(), "final title-abstract outcomes") {
		t.Errorf("not blind: ranking %q", s.Ranking())
	}
}

// TestPrioritisedOrderOnlyAtTitleAbstract: full text is read in full.
func TestPrioritisedOrderOnlyAtTitleAbstract(t *testing.T) {
	f := topicReview(t)
	if _, err := f.st.SetBlind(f.ctx, false, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.FullText, screening.Prioritised); err == nil || !strings.Contains(err.Error(), "title-abstract") {
		t.Errorf("prioritised full text: %v", err)
	}
}
