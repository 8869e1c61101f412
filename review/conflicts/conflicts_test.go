package conflicts_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

type fixture struct {
	t   testing.TB
	ctx context.Context
	st  *store.Store
	// lead sees everything; team is alice (lead), bob, carol, dan.
	lead review.Viewer
	team []review.Reviewer
}

// newReview builds a real review of n distinct records with alice (lead),
// bob, carol and dan on the team.
func newReview(t testing.TB, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Create(ctx, storetest.Location(t, dir, "review.db"), "test", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, name := range []string{"alice", "bob", "carol", "dan"} {
		if _, err := st.AddReviewer(ctx, name, i == 0, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - Study %d of care in county %d\nAU  - Author%d, A.\nPY  - 2010\nDO  - 10.1000/s%d\nER  - \n\n", i, i, i, i)
	}
	export := filepath.Join(dir, "export.ris")
	if err := os.WriteFile(export, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "MEDLINE", Kind: review.Database, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	team, _ := st.Team(ctx)
	return &fixture{t: t, ctx: ctx, st: st, team: team, lead: review.Viewer{Name: "alice", Lead: true, Blind: true}}
}

func (f *fixture) reviewer(name string) review.Reviewer {
	r, err := review.Actor(f.team, name)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// decide records decisions given as "record reviewer decision [reason]".
func (f *fixture) decide(stage review.Stage, lines ...string) {
	f.t.Helper()
	for _, l := range lines {
		var id int64
		var who, d, reason string
		fmt.Sscan(l, &id, &who, &d, &reason)
		v := review.Vote{RecordID: id, Stage: stage, Reviewer: who, Decision: review.Decision(d), Reason: reason}
		if err := f.st.Decide(f.ctx, []review.Vote{v}, who); err != nil {
			f.t.Fatalf("%s: %v", l, err)
		}
	}
}

func (f *fixture) open(stage review.Stage) []int64 {
	f.t.Helper()
	ds, err := conflicts.Conflicts(f.ctx, f.st, f.lead, stage, false)
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []int64
	for _, d := range ds {
		ids = append(ids, d.RecordID)
	}
	return ids
}

func (f *fixture) counts(stage review.Stage) *store.StageCounts {
	f.t.Helper()
	c, err := f.st.Counts(f.ctx, "")
	if err != nil {
		f.t.Fatal(err)
	}
	return c[stage]
}

func TestAResolutionSettlesTheOutcomeAndKeepsTheDecisions(t *testing.T) {
	f := newReview(t, 6)
	ta := review.TitleAbstract
	f.decide(ta, "1 bob include", "1 carol exclude", "2 bob maybe", "2 carol maybe", "3 bob include", "3 carol include")
	if got := f.open(ta); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("open conflicts %v, want [1 2]", got)
	}
	alice := f.reviewer("alice")
	if _, err := conflicts.Resolve(f.ctx, f.st, alice, review.Ref{ID: 3}, ta, review.Include, "", ""); !errors.Is(err, review.ErrNoConflict) {
		t.Fatalf("resolving an agreed record: %v, want ErrNoConflict", err)
	}
	if _, err := conflicts.Resolve(f.ctx, f.st, alice, review.Ref{ID: 1}, ta, review.Include, "", "GP-led"); err != nil {
		t.Fatal(err)
	}
	if got := f.open(ta); !slices.Equal(got, []int64{2}) {
		t.Fatalf("open conflicts after resolving 1: %v, want [2]", got)
	}
	c := f.counts(ta)
	if c.Conflicts != 1 || c.Resolved != 1 || c.Included != 2 {
		t.Fatalf("counts %+v: want 1 open, 1 resolved, 2 included", c)
	}
	// The screeners' decisions stand as they were.
	votes, err := f.st.VotesOn(f.ctx, 1, f.lead)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 2 || votes[0].Decision != review.Include || votes[1].Decision != review.Exclude {
		t.Fatalf("votes after resolution: %+v", votes)
	}
	// The resolved record went on to full text; a second resolution
	// replaces the first and takes it back.
	q, _ := f.st.Queue(f.ctx, store.QueueQuery{Reviewer: "bob", Stage: review.FullText})
	if !slices.Equal(q, []int64{1, 3}) {
		t.Fatalf("bob's full-text queue %v, want [1 3]", q)
	}
	if _, err := conflicts.Resolve(f.ctx, f.st, alice, review.Ref{ID: 1}, ta, review.Exclude, "", "changed our minds"); err != nil {
		t.Fatal(err)
	}
	q, _ = f.st.Queue(f.ctx, store.QueueQuery{Reviewer: "bob", Stage: review.FullText})
	if !slices.Equal(q, []int64{3}) {
		t.Fatalf("bob's full-text queue %v after resolving exclude, want [3]", q)
	}
	// A screener who changes their mind after the resolution changes
	// nothing: the resolution is final.
	f.decide(ta, "1 carol include")
	d, err := f.st.Disagreement(f.ctx, 1, ta)
	if err != nil || d == nil || d.Resolution == nil || d.Resolution.Decision != review.Exclude {
		t.Fatalf("disagreement after carol changed: %+v, %v", d, err)
	}
	if c := f.counts(ta); c.Excluded != 1 || c.Resolved != 1 {
		t.Fatalf("counts %+v: the resolution must stand", c)
	}
}

func TestFullTextReasonConflict(t *testing.T) {
	f := newReview(t, 3)
	f.decide(review.TitleAbstract, "1 bob include", "1 carol include")
	f.decide(review.FullText, "1 bob exclude population", "1 carol exclude setting")
	ds, err := conflicts.Conflicts(f.ctx, f.st, f.lead, review.FullText, false)
	if err != nil || len(ds) != 1 || ds[0].Kind != review.ReasonConflict {
		t.Fatalf("full-text conflicts %+v, %v: want one on the reason", ds, err)
	}
	c := f.counts(review.FullText)
	if c.Excluded != 1 || c.Conflicts != 1 || c.ReasonConflicts != 1 {
		t.Fatalf("counts %+v: excluded, and open on the reason", c)
	}
	alice := f.reviewer("alice")
	if _, err := conflicts.Resolve(f.ctx, f.st, alice, review.Ref{ID: 1}, review.FullText, review.Exclude, "", ""); !errors.Is(err, review.ErrNeedsReason) {
		t.Fatalf("full-text exclusion without a reason: %v", err)
	}
	if _, err := conflicts.Resolve(f.ctx, f.st, alice, review.Ref{ID: 1}, review.FullText, review.Exclude, "setting", ""); err != nil {
		t.Fatal(err)
	}
	if c := f.counts(review.FullText); c.Conflicts != 0 || c.Resolved != 1 || c.Excluded != 1 {
		t.Fatalf("counts after resolution %+v", c)
	}
}

func TestForwardSendsConflictsToFullText(t *testing.T) {
	f := newReview(t, 3)
	f.decide(review.TitleAbstract, "1 bob include", "1 carol exclude", "2 bob include", "2 carol include")
	q := func() []int64 {
		ids, err := f.st.Queue(f.ctx, store.QueueQuery{Reviewer: "dan", Stage: review.FullText})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := q(); !slices.Equal(got, []int64{2}) {
		t.Fatalf("full-text queue %v, want [2] while conflicts wait", got)
	}
	if err := f.st.SetForward(f.ctx, true, "alice"); err != nil {
		t.Fatal(err)
	}
	if got := q(); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("full-text queue %v, want [1 2] with conflicts forwarded", got)
	}
	ds, _ := conflicts.Conflicts(f.ctx, f.st, f.lead, review.TitleAbstract, false)
	if len(ds) != 1 || !ds[0].Forwarded {
		t.Fatalf("conflicts %+v: want record 1 open and forwarded", ds)
	}
	// A lead may still settle it, and an exclusion takes it off full text.
	if _, err := conflicts.Resolve(f.ctx, f.st, f.reviewer("alice"), review.Ref{ID: 1}, review.TitleAbstract, review.Exclude, "", ""); err != nil {
		t.Fatal(err)
	}
	if got := q(); !slices.Equal(got, []int64{2}) {
		t.Fatalf("full-text queue %v, want [2] after resolving exclude", got)
	}
}

func TestScreenersNeverSeeConflictsWhileBlind(t *testing.T) {
	f := newReview(t, 3)
	f.decide(review.TitleAbstract, "1 bob include", "1 carol exclude")
	bob := review.Viewer{Name: "bob", Blind: true}
	if _, err := conflicts.Conflicts(f.ctx, f.st, bob, review.TitleAbstract, true); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Fatalf("bob's conflicts: %v", err)
	}
	if _, err := conflicts.Agreement(f.ctx, f.st, bob, conflicts.Options{Stage: review.TitleAbstract}); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Fatalf("bob's agreement: %v", err)
	}
	if _, err := conflicts.Open(f.ctx, f.st, f.reviewer("bob"), bob, review.TitleAbstract); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Fatalf("bob's resolve session: %v", err)
	}
	// Once blind mode is off, anyone may look.
	if _, err := conflicts.Conflicts(f.ctx, f.st, review.Viewer{Name: "bob"}, review.TitleAbstract, true); err != nil {
		t.Fatal(err)
	}
}

func TestResolutionSurvivesDedup(t *testing.T) {
	f := newReview(t, 4)
	f.decide(review.TitleAbstract, "2 bob include", "2 carol exclude")
	if _, err := conflicts.Resolve(f.ctx, f.st, f.reviewer("alice"), review.Ref{ID: 2}, review.TitleAbstract, review.Include, "", ""); err != nil {
		t.Fatal(err)
	}
	// Record 1 becomes the cluster's primary: the resolution made on 2
	// holds for the cluster.
	if _, err := dedup.Link(f.ctx, f.st, f.reviewer("alice"), 1, 2); err != nil {
		t.Fatal(err)
	}
	if c := f.counts(review.TitleAbstract); c.Included != 1 || c.Resolved != 1 {
		t.Fatalf("counts after link %+v: want the resolved inclusion kept", c)
	}
	d, err := f.st.Disagreement(f.ctx, 2, review.TitleAbstract)
	if err != nil || d == nil || d.RecordID != 1 || d.Resolution == nil {
		t.Fatalf("disagreement of the cluster: %+v, %v", d, err)
	}
}

func TestResolveFileIsCheckedWholeFirst(t *testing.T) {
	f := newReview(t, 4)
	f.decide(review.TitleAbstract, "1 bob include", "1 carol exclude", "2 bob include", "2 carol exclude")
	alice := f.reviewer("alice")
	bad := "record,stage,decision\n1,ta,include\n3,ta,exclude\n"
	_, err := conflicts.ResolveFile(f.ctx, f.st, alice, "res.csv", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "res.csv:3: record 3 is not in conflict") {
		t.Fatalf("bad file: %v", err)
	}
	if got := f.open(review.TitleAbstract); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("a bad file changed something: open %v", got)
	}
	twice := "record,stage,decision\n1,ta,include\n1,ta,exclude\n"
	if _, err := conflicts.ResolveFile(f.ctx, f.st, alice, "res.csv", []byte(twice)); err == nil || !strings.Contains(err.Error(), "res.csv:3: record 1 at title-abstract is resolved on line 2 already") {
		t.Fatalf("a record twice: %v", err)
	}
	good := "\xef\xbb\xbfRecord,Stage,Decision,Reason,Note\n1,ta,include,,met\n2,title-abstract,exclude,,\"said, twice\"\n"
	n, err := conflicts.ResolveFile(f.ctx, f.st, alice, "res.csv", []byte(good))
	if err != nil || n != 2 {
		t.Fatalf("good file: %d, %v", n, err)
	}
	if got := f.open(review.TitleAbstract); len(got) != 0 {
		t.Fatalf("open after the file: %v", got)
	}
}

func TestSessionWalksTheOpenConflicts(t *testing.T) {
	f := newReview(t, 5)
	f.decide(review.TitleAbstract, "1 bob include", "1 carol exclude", "3 bob maybe", "3 carol exclude", "4 bob exclude", "4 carol include")
	s, err := conflicts.Open(f.ctx, f.st, f.reviewer("alice"), f.lead, review.TitleAbstract)
	if err != nil {
		t.Fatal(err)
	}
	if s.Left != 3 {
		t.Fatalf("left %d, want 3", s.Left)
	}
	it, err := s.Next(f.ctx)
	if err != nil || it == nil || it.Record.ID != 1 || len(it.Conflict.Votes) != 2 {
		t.Fatalf("first item %+v, %v", it, err)
	}
	if err := s.Resolve(f.ctx, 1, review.Include, "", "ok"); err != nil {
		t.Fatal(err)
	}
	it, _ = s.Next(f.ctx)
	s.Skip(it.Record.ID) // 3
	// Meanwhile another lead settles 4: the session passes it by.
	if _, err := conflicts.Resolve(f.ctx, f.st, f.reviewer("alice"), review.Ref{ID: 4}, review.TitleAbstract, review.Exclude, "", ""); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.Next(f.ctx); it != nil {
		t.Fatalf("next after skip %+v, want none", it.Record.ID)
	}
	back, err := s.Undo(f.ctx)
	if err != nil || back == nil || back.Record.ID != 1 || back.Conflict.Resolution != nil {
		t.Fatalf("undo gave %+v, %v", back, err)
	}
	if got := f.open(review.TitleAbstract); !slices.Equal(got, []int64{1, 3}) {
		t.Fatalf("open after undo %v, want [1 3]", got)
	}
}

func TestPilotHeadsEveryQueue(t *testing.T) {
	f := newReview(t, 30)
	f.decide(review.TitleAbstract, "2 bob include") // decided already: never drawn
	seed := uint64(7)
	ids, _, err := conflicts.DrawPilot(f.ctx, f.st, f.reviewer("alice"), review.TitleAbstract, 5, &seed)
	if err != nil || len(ids) != 5 || slices.Contains(ids, 2) {
		t.Fatalf("pilot %v, %v", ids, err)
	}
	// The same seed on the same records draws the same sample.
	g := newReview(t, 30)
	g.decide(review.TitleAbstract, "2 bob include")
	again, _, err := conflicts.DrawPilot(g.ctx, g.st, g.reviewer("alice"), review.TitleAbstract, 5, &seed)
	if err != nil || !slices.Equal(ids, again) {
		t.Fatalf("same seed drew %v, then %v (%v)", ids, again, err)
	}
	if _, _, err := conflicts.DrawPilot(f.ctx, f.st, f.reviewer("alice"), review.TitleAbstract, 5, nil); !errors.Is(err, store.ErrPilotDrawn) {
		t.Fatalf("a second pilot: %v", err)
	}
	for _, who := range []string{"bob", "carol"} {
		for _, order := range []screening.Order{screening.Imported, screening.Random} {
			s, err := screening.Open(f.ctx, f.st, f.reviewer(who), review.Viewer{Name: who, Blind: true}, review.TitleAbstract, order)
			if err != nil {
				t.Fatal(err)
			}
			var first []int64
			for range 6 {
				it, err := s.Next(f.ctx)
				if err != nil {
					t.Fatal(err)
				}
				if it.Pilot != (len(first) < 5) {
					t.Fatalf("%s %s: item %d has Pilot %v", who, order, len(first), it.Pilot)
				}
				first = append(first, it.Record.ID)
				s.Skip(it.Record.ID)
			}
			if !slices.Equal(first[:5], ids) || slices.Contains(ids, first[5]) {
				t.Fatalf("%s %s: queue starts %v, want the pilot %v first", who, order, first, ids)
			}
		}
	}
	// Agreement on the pilot alone.
	var lines []string
	for i, id := range ids {
		d := "include"
		if i == 0 {
			d = "exclude"
		}
		lines = append(lines, fmt.Sprintf("%d bob include", id), fmt.Sprintf("%d carol %s", id, d))
	}
	f.decide(review.TitleAbstract, lines...)
	f.decide(review.TitleAbstract, "20 bob exclude", "20 carol exclude")
	rep, err := conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: review.TitleAbstract, Pilot: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].N != 5 || *rep.Pairs[0].Observed != 0.8 {
		t.Fatalf("pilot agreement %+v", rep.Pairs)
	}
	all, _ := conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: review.TitleAbstract})
	if all.Pairs[0].N != 6 {
		t.Fatalf("agreement over all records: n = %d, want 6", all.Pairs[0].N)
	}
}

func TestAgreementUsesIndependentDecisions(t *testing.T) {
	f := newReview(t, 12)
	ta := review.TitleAbstract
	// bob rows, carol columns: [[2,1],[1,6]] over 10 records.
	f.decide(ta, "1 bob include", "1 carol include", "2 bob include", "2 carol include", "3 bob include", "3 carol exclude", "4 bob exclude", "4 carol include")
	for id := 5; id <= 10; id++ {
		f.decide(ta, fmt.Sprintf("%d bob exclude", id), fmt.Sprintf("%d carol exclude", id))
	}
	want, err := conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: ta})
	if err != nil {
		t.Fatal(err)
	}
	p := want.Pairs[0]
	if p.A != "bob" || p.B != "carol" || p.N != 10 || !slices.EqualFunc(p.Table, [][]int{{2, 1}, {1, 6}}, slices.Equal) {
		t.Fatalf("pair %+v", p)
	}
	// po = 0.8, pe = 0.3·0.3 + 0.7·0.7 = 0.58, kappa = 0.22/0.42.
	if k := *p.Kappa; k < 0.52380 || k > 0.52381 {
		t.Fatalf("kappa %v, want 0.5238", k)
	}
	// After a resolution and with blind mode off, changes are counted,
	// not used.
	if _, err := conflicts.Resolve(f.ctx, f.st, f.reviewer("alice"), review.Ref{ID: 3}, ta, review.Include, "", ""); err != nil {
		t.Fatal(err)
	}
	f.decide(ta, "3 carol include")
	if _, err := f.st.SetBlind(f.ctx, false, "alice"); err != nil {
		t.Fatal(err)
	}
	f.decide(ta, "4 bob include", "11 bob include", "11 carol include")
	got, err := conflicts.Agreement(f.ctx, f.st, review.Viewer{Name: "bob"}, conflicts.Options{Stage: ta})
	if err != nil {
		t.Fatal(err)
	}
	if got.Changed != 4 || got.Pairs[0].N != 10 || *got.Pairs[0].Kappa != *p.Kappa {
		t.Fatalf("after changes: changed %d, pair %+v; want 4 changed and the same figures", got.Changed, got.Pairs[0])
	}
	// Turning blind mode on again makes new decisions independent again.
	if _, err := f.st.SetBlind(f.ctx, true, "alice"); err != nil {
		t.Fatal(err)
	}
	f.decide(ta, "12 bob exclude", "12 carol exclude")
	got, _ = conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: ta})
	if got.Pairs[0].N != 11 {
		t.Fatalf("n = %d, want 11 with record 12", got.Pairs[0].N)
	}
}

func TestFleissOverThreeScreeners(t *testing.T) {
	f := newReview(t, 6)
	ta := review.TitleAbstract
	if err := f.st.SetScreeners(f.ctx, 3, "alice"); err != nil {
		t.Fatal(err)
	}
	f.decide(ta, "1 bob include", "1 carol include", "1 dan include",
		"2 bob exclude", "2 carol exclude", "2 dan exclude",
		"3 bob include", "3 carol include", "3 dan exclude",
		"4 bob include", "4 carol exclude", "4 dan exclude",
		"5 bob include", "5 carol exclude") // two ratings: not in Fleiss
	rep, err := conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: ta})
	if err != nil {
		t.Fatal(err)
	}
	// Fleiss (1971): P_i = 1, 1, 1/3, 1/3, P = 2/3; p_j = 1/2, 1/2,
	// Pe = 1/2; kappa = (2/3 − 1/2)/(1/2) = 1/3.
	if rep.Fleiss == nil || rep.Fleiss.Subjects != 4 || rep.Fleiss.Raters != 3 || rep.FleissKappa == nil {
		t.Fatalf("fleiss %+v", rep.Fleiss)
	}
	if k := *rep.FleissKappa; k < 0.333333 || k > 0.333334 {
		t.Fatalf("fleiss kappa %v, want 1/3", k)
	}
	if len(rep.Pairs) != 3 || rep.Pairs[0].A != "bob" || rep.Pairs[0].B != "carol" || rep.Pairs[0].N != 5 || rep.Pairs[2].N != 4 {
		t.Fatalf("pairs %+v", rep.Pairs)
	}
}

func TestAgreementUndefinedIsNullWithANote(t *testing.T) {
	f := newReview(t, 3)
	rep, err := conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: review.TitleAbstract})
	if err != nil || len(rep.Pairs) != 0 || rep.Note == "" {
		t.Fatalf("no decisions: %+v, %v", rep, err)
	}
	f.decide(review.TitleAbstract, "1 bob exclude", "1 carol exclude", "2 bob exclude", "2 carol exclude")
	rep, _ = conflicts.Agreement(f.ctx, f.st, f.lead, conflicts.Options{Stage: review.TitleAbstract})
	p := rep.Pairs[0]
	if p.Kappa != nil || p.Note == "" || *p.Observed != 1 {
		t.Fatalf("all excluded: %+v", p)
	}
}
