package screening_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// risRecords writes n distinct RIS records; every tenth has a twin in
// the same list (same DOI) so that dedup has work.
func risRecords(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - Study number %d of integrated care in county %d\nAU  - Author%d, A.\nPY  - %d\nT2  - Journal %d\nDO  - 10.1000/s%d\nER  - \n\n", i, i, i, 2000+i%20, i%7, i)
	}
	return b.String()
}

type fixture struct {
	ctx   context.Context
	st    *store.Store
	path  string
	team  []review.Reviewer
	alice review.Reviewer // lead
	bob   review.Reviewer
	carol review.Reviewer
}

// newReview builds a real review of n records with alice (lead), bob and
// carol on the team.
func newReview(t testing.TB, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := storetest.Location(t, dir, "review.db")
	st, err := store.Create(ctx, path, "test", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, m := range []struct {
		name string
		lead bool
	}{{"alice", true}, {"bob", false}, {"carol", false}} {
		if _, err := st.AddReviewer(ctx, m.name, m.lead, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	export := filepath.Join(dir, "export.ris")
	if err := os.WriteFile(export, []byte(risRecords(n)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "MEDLINE", Kind: review.Database, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	team, _ := st.Team(ctx)
	return &fixture{ctx: ctx, st: st, path: path, team: team, alice: team[0], bob: team[1], carol: team[2]}
}

func (f *fixture) viewer(t testing.TB, r review.Reviewer) review.Viewer {
	set, err := f.st.ScreeningSettings(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := review.ViewerOf(f.team, r.Name, set.Blind)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (f *fixture) decide(t testing.TB, r review.Reviewer, id int64, stage review.Stage, d review.Decision, reason string) {
	t.Helper()
	if _, err := screening.Decide(f.ctx, f.st, r, f.viewer(t, r), review.Ref{ID: id}, stage, d, reason, ""); err != nil {
		t.Fatalf("%s decides %d %s: %v", r.Name, id, d, err)
	}
}

func (f *fixture) status(t testing.TB, r review.Reviewer) map[review.Stage]review.StageStatus {
	t.Helper()
	ss, err := screening.Status(f.ctx, f.st, f.viewer(t, r))
	if err != nil {
		t.Fatal(err)
	}
	out := map[review.Stage]review.StageStatus{}
	for _, s := range ss {
		out[s.Stage] = s
	}
	return out
}

func TestTallyOf(t *testing.T) {
	v := func(who string, d review.Decision, reason string) review.Vote {
		return review.Vote{Reviewer: who, Decision: d, Reason: reason}
	}
	cases := []struct {
		name     string
		stage    review.Stage
		votes    []review.Vote
		nr       bool
		want     review.Outcome
		reasonCf bool
		stopped  bool
		single   bool
	}{
		{"none", review.TitleAbstract, nil, false, review.Pending, false, false, false},
		{"one of two", review.TitleAbstract, []review.Vote{v("a", review.Include, "")}, false, review.Pending, false, false, false},
		{"disagreeing but incomplete", review.TitleAbstract, []review.Vote{v("a", review.Include, ""), v("b", review.Maybe, "")}[:1], false, review.Pending, false, false, false},
		{"both include", review.TitleAbstract, []review.Vote{v("a", review.Include, ""), v("b", review.Include, "")}, false, review.Included, false, false, false},
		{"both exclude", review.TitleAbstract, []review.Vote{v("a", review.Exclude, "x"), v("b", review.Exclude, "y")}, false, review.Excluded, false, false, false},
		{"disagree", review.TitleAbstract, []review.Vote{v("a", review.Include, ""), v("b", review.Exclude, "")}, false, review.Conflict, false, false, false},
		{"maybe", review.TitleAbstract, []review.Vote{v("a", review.Include, ""), v("b", review.Maybe, "")}, false, review.Conflict, false, false, false},
		{"withdrawn does not count", review.TitleAbstract, []review.Vote{v("a", review.Include, ""), v("b", review.Withdrawn, "")}, false, review.Pending, false, false, false},
		{"ft reasons differ", review.FullText, []review.Vote{v("a", review.Exclude, "wrong population"), v("b", review.Exclude, "wrong design")}, false, review.Excluded, true, false, false},
		{"ft reasons same but case", review.FullText, []review.Vote{v("a", review.Exclude, "Wrong design"), v("b", review.Exclude, "wrong design")}, false, review.Excluded, false, false, false},
		{"ft not retrieved", review.FullText, nil, true, review.NotRetrieved, false, false, false},
		{"stopped, nobody decided", review.TitleAbstract, nil, false, review.AutoExcluded, false, true, false},
		{"stopped, one include goes to the lead", review.TitleAbstract, []review.Vote{v("a", review.Include, "")}, false, review.Conflict, false, true, false},
		{"stopped, one maybe goes to the lead", review.TitleAbstract, []review.Vote{v("a", review.Maybe, "")}, false, review.Conflict, false, true, false},
		{"stopped, one exclude stands single-screened", review.TitleAbstract, []review.Vote{v("a", review.Exclude, "x")}, false, review.Excluded, false, true, true},
		{"stopped, both decided as ever", review.TitleAbstract, []review.Vote{v("a", review.Exclude, ""), v("b", review.Include, "")}, false, review.Conflict, false, true, false},
	}
	for _, c := range cases {
		got := review.TallyOf(c.stage, c.votes, 2, c.nr, c.stopped, nil)
		if got.Outcome != c.want || got.ReasonConflict != c.reasonCf || got.SingleScreened != c.single {
			t.Errorf("%s: outcome %s (reason conflict %v, single %v), want %s (%v, %v)", c.name, got.Outcome, got.ReasonConflict, got.SingleScreened, c.want, c.reasonCf, c.single)
		}
	}
}

// TestQueueAndStages walks two screeners through both stages: the queue
// holds what a screener has not decided, a record both include reaches
// full text, an exclusion there needs a reason, and a report not
// retrieved leaves the queue.
func TestQueueAndStages(t *testing.T) {
	f := newReview(t, 6)
	open := func(r review.Reviewer, stage review.Stage) *screening.Session {
		s, err := screening.Open(f.ctx, f.st, r, f.viewer(t, r), stage, screening.Imported)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open(f.bob, review.TitleAbstract)
	if s.Left != 6 || s.Done != 0 {
		t.Fatalf("bob's queue: left %d done %d", s.Left, s.Done)
	}
	for _, d := range []review.Decision{review.Include, review.Include, review.Exclude} {
		it, err := s.Next(f.ctx)
		if err != nil || it == nil {
			t.Fatal(it, err)
		}
		if err := s.Decide(f.ctx, it.Record.ID, d, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	// Bob resumes after record 3; carol starts at 1.
	if it, _ := open(f.bob, review.TitleAbstract).Next(f.ctx); it == nil || it.Record.ID != 4 {
		t.Fatalf("bob resumes at %+v, want record 4", it)
	}
	c := open(f.carol, review.TitleAbstract)
	if it, _ := c.Next(f.ctx); it == nil || it.Record.ID != 1 {
		t.Fatalf("carol starts at %+v", it)
	}
	f.decide(t, f.carol, 1, review.TitleAbstract, review.Include, "")
	f.decide(t, f.carol, 2, review.TitleAbstract, review.Exclude, "")
	// Record 1 both included: at full text. Record 2 a conflict: not.
	if _, err := screening.Decide(f.ctx, f.st, f.alice, f.viewer(t, f.alice), review.Ref{ID: 2}, review.FullText, review.Include, "", ""); !errors.Is(err, review.ErrNotInStage) {
		t.Errorf("a full-text decision on a conflict: %v", err)
	}
	// Full text is closed to screeners while title-abstract records wait.
	if _, err := screening.Open(f.ctx, f.st, f.bob, f.viewer(t, f.bob), review.FullText, screening.Imported); !errors.Is(err, screening.ErrStageClosed) {
		t.Errorf("bob opened full text while records wait at title-abstract: %v", err)
	}
	if st := f.status(t, f.alice)[review.FullText]; st.Records != 1 {
		t.Errorf("the lead sees %d records at full text, want 1", st.Records)
	}
	for id := int64(3); id <= 6; id++ {
		for _, r := range []review.Reviewer{f.bob, f.carol} {
			if r == f.bob && id == 3 {
				continue
			}
			f.decide(t, r, id, review.TitleAbstract, review.Include, "")
		}
	}
	if id3, _ := f.st.VotesOn(f.ctx, 3, f.viewer(t, f.alice)); len(id3) != 2 {
		t.Fatalf("record 3 votes %+v", id3)
	}
	// Now every record has both decisions: full text opens.
	ft := open(f.bob, review.FullText)
	if ft.Left != 4 { // 1, 4, 5, 6 (3 excluded by bob: a conflict)
		t.Fatalf("bob's full-text queue: %d", ft.Left)
	}
	it, _ := ft.Next(f.ctx)
	if err := ft.Decide(f.ctx, it.Record.ID, review.Exclude, "", ""); !errors.Is(err, review.ErrNeedsReason) {
		t.Errorf("a full-text exclusion without a reason: %v", err)
	}
	if err := ft.Decide(f.ctx, it.Record.ID, review.Exclude, "wrong population", ""); err != nil {
		t.Fatal(err)
	}
	if state, _ := f.st.FullText(f.ctx, it.Record.ID); state == nil || state.State != review.Retrieved {
		t.Errorf("a full-text decision did not mark the report retrieved: %+v", state)
	}
	if err := f.st.SetFullText(f.ctx, review.FullTextState{RecordID: 5, State: review.NotRetrievedState, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.st.CountQueue(f.ctx, "carol", review.FullText); n != 3 { // 1, 4, 6
		t.Errorf("carol's full-text queue after 5 was not retrieved: %d", n)
	}
	lead := f.status(t, f.alice)[review.FullText]
	if lead.NotRetrieved == nil || *lead.NotRetrieved != 1 {
		t.Errorf("not retrieved: %v", lead.NotRetrieved)
	}
	// Undo: bob's last full-text decision is withdrawn and kept in history.
	back, last, err := ft.Undo(f.ctx)
	if err != nil || back == nil || last.Decision != review.Exclude || back.Record.ID != it.Record.ID {
		t.Fatalf("undo: %+v %+v %v", back, last, err)
	}
	if votes, _ := f.st.VotesOn(f.ctx, it.Record.ID, f.viewer(t, f.bob)); len(votes) != 1 || votes[0].Stage != review.TitleAbstract {
		t.Errorf("after undo bob's votes on %d: %+v", it.Record.ID, votes)
	}
	events, _ := f.st.Events(f.ctx, it.Record.ID, f.viewer(t, f.alice))
	var withdrawn bool
	for _, e := range events {
		withdrawn = withdrawn || strings.Contains(e.Detail, "withdrawn")
	}
	if !withdrawn {
		t.Errorf("the undo is not in the log: %+v", events)
	}
}

// TestRandomOrderIsPerReviewer: two reviewers do not walk the same order,
// and a reviewer's order is the same in every session.
func TestRandomOrderIsPerReviewer(t *testing.T) {
	f := newReview(t, 40)
	walk := func(r review.Reviewer) []int64 {
		s, err := screening.Open(f.ctx, f.st, r, f.viewer(t, r), review.TitleAbstract, screening.Random)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for {
			it, err := s.Next(f.ctx)
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
	b1, b2, c := walk(f.bob), walk(f.bob), walk(f.carol)
	if len(b1) != 40 || fmt.Sprint(b1) != fmt.Sprint(b2) {
		t.Errorf("bob's order changed between sessions:\n%v\n%v", b1, b2)
	}
	if fmt.Sprint(b1) == fmt.Sprint(c) {
		t.Errorf("bob and carol walk the same order")
	}
	sorted := true
	for i := 1; i < len(b1); i++ {
		sorted = sorted && b1[i] > b1[i-1]
	}
	if sorted {
		t.Errorf("random order is record order")
	}
}

// TestDecisionsSurviveDedup: two records that both carry decisions and
// are then linked keep both decisions on the cluster, and the link says so.
func TestDecisionsSurviveDedup(t *testing.T) {
	f := newReview(t, 4)
	f.decide(t, f.bob, 1, review.TitleAbstract, review.Include, "")
	f.decide(t, f.carol, 2, review.TitleAbstract, review.Include, "")
	linked, err := dedup.Link(f.ctx, f.st, f.alice, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !linked.Merged {
		t.Errorf("the link does not say both records carry decisions")
	}
	votes, _ := f.st.VotesOn(f.ctx, 1, f.viewer(t, f.alice))
	if len(votes) != 2 {
		t.Fatalf("the cluster's votes: %+v", votes)
	}
	// Both screeners included the work: it is included and at full text.
	if st := f.status(t, f.alice); *st[review.TitleAbstract].Included != 1 || st[review.FullText].Records != 1 {
		t.Errorf("after the link: %+v", st)
	}
	// Neither screener has the cluster in their queue any more.
	for _, r := range []string{"bob", "carol"} {
		if n, _ := f.st.CountQueue(f.ctx, r, review.TitleAbstract); n != 2 {
			t.Errorf("%s's queue: %d, want 2 (records 3 and 4)", r, n)
		}
	}
	// Undo splits them: each record has its own decision back.
	if _, err := dedup.Undo(f.ctx, f.st, f.alice, 1, false); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2} {
		if votes, _ := f.st.VotesOn(f.ctx, id, f.viewer(t, f.alice)); len(votes) != 1 {
			t.Errorf("record %d after undo: %+v", id, votes)
		}
	}
}

// TestBlindStatus: a screener who decides one record and re-runs status
// learns nothing about a colleague's vote.
func TestBlindStatus(t *testing.T) {
	f := newReview(t, 3)
	f.decide(t, f.carol, 1, review.TitleAbstract, review.Include, "")
	f.decide(t, f.carol, 2, review.TitleAbstract, review.Exclude, "off topic")
	before := f.status(t, f.bob)
	f.decide(t, f.bob, 1, review.TitleAbstract, review.Include, "")
	after := f.status(t, f.bob)
	for _, s := range []review.StageStatus{before[review.TitleAbstract], after[review.TitleAbstract], after[review.FullText]} {
		if s.Conflicts != nil || s.Included != nil || s.Excluded != nil {
			t.Errorf("bob sees outcomes: %+v", s)
		}
		for _, p := range s.Screeners {
			if p.Reviewer != "bob" {
				t.Errorf("bob sees %s's progress: %+v", p.Reviewer, p)
			}
		}
	}
	// His own progress: carol's votes change nothing in it.
	if p := before[review.TitleAbstract].Screeners; len(p) != 0 {
		t.Errorf("before deciding, bob has progress %+v", p)
	}
	if p := after[review.TitleAbstract].Screeners; len(p) != 1 || p[0].Decided != 1 || p[0].Queue != 2 {
		t.Errorf("bob's own progress %+v, want 1 decided and 2 in his queue", p)
	}
	if after[review.FullText].Records != 0 {
		t.Errorf("bob sees %d records at full text: that tells him carol's vote", after[review.FullText].Records)
	}
	if after[review.TitleAbstract].DecidedByMe != 1 {
		t.Errorf("bob's own progress: %+v", after[review.TitleAbstract])
	}
	votes, _ := f.st.VotesOn(f.ctx, 1, f.viewer(t, f.bob))
	if len(votes) != 1 || votes[0].Reviewer != "bob" {
		t.Errorf("bob sees votes %+v", votes)
	}
	events, _ := f.st.Events(f.ctx, 0, f.viewer(t, f.bob))
	for _, e := range events {
		if e.Reviewer == "carol" {
			t.Errorf("bob's log shows carol's decision: %+v", e)
		}
	}
	anon, _ := f.st.Events(f.ctx, 0, review.Viewer{Blind: true})
	for _, e := range anon {
		if e.Action == "decide" {
			t.Errorf("a viewer with no name sees a decision: %+v", e)
		}
	}
	typed, _ := f.st.TypedReasons(f.ctx, f.viewer(t, f.bob))
	if len(typed) != 0 {
		t.Errorf("bob sees carol's typed reason: %v", typed)
	}
	if lead, _ := f.st.TypedReasons(f.ctx, f.viewer(t, f.alice)); len(lead) != 1 {
		t.Errorf("the lead sees typed reasons %v", lead)
	}
}
