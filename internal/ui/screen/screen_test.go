package screen

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

var (
	alice     = review.Reviewer{Name: "alice", Lead: true}
	bob       = review.Reviewer{Name: "bob"}
	aliceSees = review.Viewer{Name: "alice", Lead: true, Blind: true}
)

// newReview is a review of the files (paths or RIS text) with alice,
// the lead, and bob.
func newReview(t *testing.T, files ...string) *store.Store {
	t.Helper()
	return uitest.NewReview(t, []string{"bob"}, files...)
}

// sampleReview is a review of the 43 sample records.
func sampleReview(t *testing.T) *store.Store {
	t.Helper()
	return newReview(t, uitest.Sample(t)...)
}

// screenFor opens alice's session at the stage and starts its screen at
// 80×24, the first record loaded.
func screenFor(t *testing.T, st *store.Store, stage review.Stage, o Options) *Model {
	t.Helper()
	s, err := screening.Open(context.Background(), st, alice, aliceSees, stage, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	o.Session = s
	m := New(context.Background(), o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Run(t, m, m.Init())
	return m
}

// current is the number of the record on screen (0 when none).
func current(m *Model) int64 {
	if m.item == nil {
		return 0
	}
	return m.item.Record.ID
}

// myVote is alice's current vote on a record at a stage, or nil.
func myVote(t *testing.T, st *store.Store, id int64, stage review.Stage) *review.Vote {
	t.Helper()
	votes, err := st.VotesOn(context.Background(), id, aliceSees)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range votes {
		if v.Reviewer == "alice" && v.Stage == stage {
			return &v
		}
	}
	return nil
}

func decidedCount(t *testing.T, st *store.Store, stage review.Stage) int {
	t.Helper()
	n, err := st.DecidedCount(context.Background(), "alice", stage)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEachDecisionIsSavedBeforeTheNextRecordShows(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)
	if v := uitest.View(m); !strings.Contains(v, "title-abstract · alice · done 0 · left 43") || !strings.Contains(v, "Record "+strconv.FormatInt(first, 10)) {
		t.Fatalf("first view:\n%s", v)
	}

	// The key starts the save; the record stays until the reply, and a
	// second key meanwhile is ignored.
	_, save := m.Update(uitest.Key("i"))
	if save == nil || current(m) != first {
		t.Fatalf("i: command %v, record %d", save, current(m))
	}
	if _, cmd := m.Update(uitest.Key("e")); cmd != nil {
		t.Error("a key while saving started another command")
	}
	uitest.Run(t, m, save)
	second := current(m)
	if second == first || second == 0 {
		t.Fatalf("after saving, record %d", second)
	}
	uitest.Press(t, m, "e")
	third := current(m)
	uitest.Press(t, m, "m")

	for id, want := range map[int64]review.Decision{first: review.Include, second: review.Exclude, third: review.Maybe} {
		if v := myVote(t, st, id, review.TitleAbstract); v == nil || v.Decision != want {
			t.Errorf("record %d: vote %+v, want %s", id, v, want)
		}
	}
	if n := decidedCount(t, st, review.TitleAbstract); n != 3 || m.Decided() != 3 {
		t.Errorf("%d decided in the review, %d on the screen", n, m.Decided())
	}
	v := uitest.View(m)
	if !strings.Contains(v, "done 3 · left 40") || !strings.Contains(v, "saved: maybe · record "+strconv.FormatInt(third, 10)) {
		t.Errorf("after three decisions:\n%s", v)
	}
}

func TestUndoWithdrawsTheDecisionAndShowsTheRecordAgain(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)
	uitest.Press(t, m, "i")
	second := current(m)

	uitest.Press(t, m, "u")
	if current(m) != first {
		t.Fatalf("after undo, record %d, want %d", current(m), first)
	}
	if v := uitest.View(m); !strings.Contains(v, "undone: include · record "+strconv.FormatInt(first, 10)) || !strings.Contains(v, "done 0") {
		t.Errorf("after undo:\n%s", v)
	}
	if v := myVote(t, st, first, review.TitleAbstract); v != nil {
		t.Errorf("the vote is still there: %+v", v)
	}
	if m.Decided() != 0 {
		t.Errorf("%d decided after undoing the only decision", m.Decided())
	}

	// Deciding it again brings back the record the undo put aside.
	uitest.Press(t, m, "e")
	if current(m) != second {
		t.Errorf("after deciding again, record %d, want %d", current(m), second)
	}
	if v := myVote(t, st, first, review.TitleAbstract); v == nil || v.Decision != review.Exclude {
		t.Errorf("the new vote: %+v", v)
	}
}

func TestUndoWithNothingToUndoSaysSo(t *testing.T) {
	m := screenFor(t, sampleReview(t), review.TitleAbstract, Options{})
	first := current(m)
	uitest.Press(t, m, "u")
	if current(m) != first || !strings.Contains(uitest.View(m), "nothing to undo") {
		t.Errorf("record %d:\n%s", current(m), uitest.View(m))
	}
}

func TestSkipPassesOverWithoutSaving(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)
	uitest.Press(t, m, "s")
	if current(m) == first {
		t.Fatal("skip stayed on the record")
	}
	if v := myVote(t, st, first, review.TitleAbstract); v != nil || decidedCount(t, st, review.TitleAbstract) != 0 {
		t.Errorf("skip saved a vote: %+v", v)
	}
	if v := uitest.View(m); !strings.Contains(v, "skipped 1") || !strings.Contains(v, "done 0") {
		t.Errorf("after skip:\n%s", v)
	}
}

func TestANoteIsSavedWithTheNextDecision(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	id := current(m)

	uitest.Press(t, m, "n")
	uitest.Type(t, m, "check the dates")
	if v := uitest.View(m); !strings.Contains(v, "note: check the dates") || !strings.Contains(v, "enter keep  esc cancel") {
		t.Errorf("while typing:\n%s", v)
	}
	if m.View().Cursor == nil {
		t.Error("no cursor in the note field")
	}
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); !strings.Contains(v, "note: check the dates") {
		t.Errorf("the note is not shown:\n%s", v)
	}
	// Esc leaves the note as it was.
	uitest.Press(t, m, "n", "x", "esc")
	if m.note != "check the dates" {
		t.Errorf("esc changed the note to %q", m.note)
	}
	uitest.Press(t, m, "m")
	v := myVote(t, st, id, review.TitleAbstract)
	if v == nil || v.Decision != review.Maybe || v.Note != "check the dates" {
		t.Errorf("vote %+v", v)
	}
	if strings.Contains(uitest.View(m), "note:") {
		t.Errorf("the note stayed on the next record:\n%s", uitest.View(m))
	}
}

func TestANoteIsKeptWhenTypedDecidedOrNot(t *testing.T) {
	st := sampleReview(t)
	ctx := context.Background()
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)

	// Typed and kept, then the screen is left with q: the note is in the
	// review, though no decision was made.
	uitest.Press(t, m, "n")
	uitest.Type(t, m, "ask the author for the protocol")
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); !strings.Contains(v, "note saved · record "+strconv.FormatInt(first, 10)) {
		t.Errorf("no word that the note is saved:\n%s", v)
	}
	if !uitest.Press(t, m, "q") {
		t.Fatal("q did not quit")
	}
	if n, err := st.NoteOn(ctx, first, review.TitleAbstract, "alice"); err != nil || n != "ask the author for the protocol" {
		t.Fatalf("the note in the review: %q, %v", n, err)
	}
	if v := myVote(t, st, first, review.TitleAbstract); v != nil {
		t.Errorf("a note made a decision: %+v", v)
	}

	// The next session shows the record with its note, and a decision
	// carries it.
	m = screenFor(t, st, review.TitleAbstract, Options{})
	if current(m) != first || !strings.Contains(uitest.View(m), "note: ask the author for the protocol") {
		t.Fatalf("record %d:\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "i")
	if v := myVote(t, st, first, review.TitleAbstract); v == nil || v.Note != "ask the author for the protocol" {
		t.Errorf("the decision does not carry the note: %+v", v)
	}

	// A note on a skipped record is kept too, and skip no longer says
	// it is lost.
	skipped := current(m)
	uitest.Press(t, m, "n")
	uitest.Type(t, m, "duplicate?")
	uitest.Press(t, m, "enter", "s")
	if v := uitest.View(m); strings.Contains(v, "not saved") {
		t.Errorf("skip says the note is lost:\n%s", v)
	}
	if n, _ := st.NoteOn(ctx, skipped, review.TitleAbstract, "alice"); n != "duplicate?" {
		t.Errorf("the skipped record's note: %q", n)
	}

	// A note emptied is cleared in the review.
	next := current(m)
	uitest.Press(t, m, "n", "x", "enter", "n", "backspace", "enter")
	if n, _ := st.NoteOn(ctx, next, review.TitleAbstract, "alice"); n != "" || !strings.Contains(uitest.View(m), "note cleared · record") {
		t.Errorf("the cleared note: %q\n%s", n, uitest.View(m))
	}
	events, err := st.Events(ctx, skipped, aliceSees)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || events[len(events)-1].Action != "note" || !strings.Contains(events[len(events)-1].Detail, "note at title-abstract: duplicate?") {
		t.Errorf("the note is not in the log: %+v", events)
	}
}

func TestTheEndCountsAsTheHeaderDoes(t *testing.T) {
	st := newReview(t, "TY  - JOUR\nTI  - First\nER  - \n\nTY  - JOUR\nTI  - Second\nER  - \n")
	m := screenFor(t, st, review.TitleAbstract, Options{})
	uitest.Press(t, m, "s", "i")
	v := strings.Join(strings.Fields(uitest.View(m)), " ")
	if strings.Contains(v, "Nothing left to screen") {
		t.Errorf("the end says nothing is left while the header says left 1:\n%s", v)
	}
	for _, want := range []string{"done 1 · left 1 · skipped 1", "Nothing more to screen in this session at title-abstract: 1 decided, 1 skipped, 1 left in your queue."} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q at the end:\n%s", want, v)
		}
	}
}

func TestAReasonPickedAtTitleAbstractGoesWithTheExclusion(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{Reasons: []string{"wrong population", "wrong design"}})
	id := current(m)
	uitest.Press(t, m, "r")
	if v := uitest.View(m); !strings.Contains(v, "1 wrong population") || !strings.Contains(v, "t type a new reason") {
		t.Errorf("the picker:\n%s", v)
	}
	uitest.Press(t, m, "2")
	if v := uitest.View(m); !strings.Contains(v, "reason: wrong design") {
		t.Errorf("after picking:\n%s", v)
	}
	uitest.Press(t, m, "e")
	if v := myVote(t, st, id, review.TitleAbstract); v == nil || v.Decision != review.Exclude || v.Reason != "wrong design" {
		t.Errorf("vote %+v", v)
	}
}

// fullTextReview has alice and bob both include the first two records
// at title-abstract, so that they reach full text.
func fullTextReview(t *testing.T) (*store.Store, []int64) {
	t.Helper()
	st := sampleReview(t)
	ctx := context.Background()
	ids := []int64{1, 2}
	for _, id := range ids {
		for _, who := range []review.Reviewer{alice, bob} {
			v := review.Vote{RecordID: id, Stage: review.TitleAbstract, Reviewer: who.Name, Decision: review.Include}
			if err := st.Decide(ctx, []review.Vote{v}, who.Name); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st, ids
}

func TestAFullTextExclusionWaitsForAReason(t *testing.T) {
	st, ids := fullTextReview(t)
	m := screenFor(t, st, review.FullText, Options{Reasons: []string{"wrong population", "wrong outcome"}})
	if current(m) != ids[0] {
		t.Fatalf("record %d at full text, want %d", current(m), ids[0])
	}
	if v := uitest.View(m); !strings.Contains(v, "full-text · alice") || !strings.Contains(v, "full text: no file attached") {
		t.Errorf("full-text view:\n%s", v)
	}

	uitest.Press(t, m, "e")
	if v := uitest.View(m); m.mode != picking || !strings.Contains(v, "exclusion reason (needed at full text)") {
		t.Fatalf("e did not open the picker:\n%s", v)
	}
	if v := myVote(t, st, ids[0], review.FullText); v != nil {
		t.Fatalf("saved before a reason was picked: %+v", v)
	}
	uitest.Press(t, m, "esc")
	if v := myVote(t, st, ids[0], review.FullText); v != nil || current(m) != ids[0] {
		t.Fatalf("esc saved %+v or moved to %d", v, current(m))
	}

	uitest.Press(t, m, "e", "down", "enter")
	if v := myVote(t, st, ids[0], review.FullText); v == nil || v.Decision != review.Exclude || v.Reason != "wrong outcome" {
		t.Errorf("vote %+v", v)
	}
	if current(m) != ids[1] {
		t.Fatalf("after the exclusion, record %d", current(m))
	}

	// A reason typed there and then.
	uitest.Press(t, m, "e", "t")
	uitest.Type(t, m, "no comparator")
	uitest.Press(t, m, "enter")
	if v := myVote(t, st, ids[1], review.FullText); v == nil || v.Reason != "no comparator" {
		t.Errorf("vote %+v", v)
	}
	if !slices.Contains(m.opt.Reasons, "no comparator") {
		t.Errorf("the typed reason is not offered again: %q", m.opt.Reasons)
	}
	if v := uitest.View(m); !strings.Contains(v, "Nothing left to screen at full-text: 2 decided, 0 skipped. Press q to quit.") {
		t.Errorf("end of the queue:\n%s", v)
	}
}

func TestOpenHandsTheAttachedFileToTheOpener(t *testing.T) {
	st, ids := fullTextReview(t)
	ctx := context.Background()
	if err := st.SetFullText(ctx, review.FullTextState{RecordID: ids[0], State: review.Retrieved, File: "/papers/smith2019.pdf", SHA256: "00", By: "alice"}); err != nil {
		t.Fatal(err)
	}
	var opened []string
	m := screenFor(t, st, review.FullText, Options{Open: func(p string) error { opened = append(opened, p); return nil }})
	if v := uitest.View(m); !strings.Contains(v, "full text: smith2019.pdf") {
		t.Errorf("view:\n%s", v)
	}
	uitest.Press(t, m, "o")
	if len(opened) != 1 || opened[0] != "/papers/smith2019.pdf" {
		t.Errorf("opened %q", opened)
	}
	uitest.Press(t, m, "i", "o")
	if len(opened) != 1 || !strings.Contains(uitest.View(m), "no full text attached") {
		t.Errorf("opened %q; view:\n%s", opened, uitest.View(m))
	}
}

// queueAgrees checks that the screen's "left", the session's count (the
// quit message's) and the review's own count of alice's queue agree, and
// are want; and status's, once alice has decided something.
func queueAgrees(t *testing.T, st *store.Store, m *Model, want int, what string) {
	t.Helper()
	n, err := st.CountQueue(context.Background(), "alice", review.TitleAbstract)
	if err != nil {
		t.Fatal(err)
	}
	status := -1
	stages, err := screening.Status(context.Background(), st, aliceSees)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stages[0].Screeners {
		if p.Reviewer == "alice" {
			status = p.Queue
		}
	}
	if m.left != want || m.s.Left != want || n != want || status != -1 && status != want {
		t.Errorf("%s: left %d on the screen, %d in the session, %d in the review, %d in status; want %d", what, m.left, m.s.Left, n, status, want)
	}
	if !strings.Contains(uitest.View(m), fmt.Sprintf("left %d", want)) {
		t.Errorf("%s: the header does not say left %d:\n%s", what, want, uitest.View(m))
	}
}

func clusterOf(t *testing.T, st *store.Store, id int64) []int64 {
	t.Helper()
	c, err := st.ClusterOf(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestADuplicateIsShownBesideTheRecordBeforeItIsLinked: d and a REF show
// both records side by side, bibliographic fields only; n or esc leaves
// nothing behind, y links them, and u takes the link back.
func TestADuplicateIsShownBesideTheRecordBeforeItIsLinked(t *testing.T) {
	st := sampleReview(t)
	ctx := context.Background()
	other := int64(6)
	// bob's decision and note on the other record are his own.
	if _, err := screening.Decide(ctx, st, bob, review.Viewer{Name: "bob", Blind: true}, review.Ref{ID: other}, review.TitleAbstract, review.Include, "", "BOBSECRET"); err != nil {
		t.Fatal(err)
	}
	m := screenFor(t, st, review.TitleAbstract, Options{})
	id := current(m)
	queueAgrees(t, st, m, 43, "at the start")

	uitest.Press(t, m, "d")
	uitest.Type(t, m, "nonsense")
	uitest.Press(t, m, "enter")
	if m.mode != typingRef || !strings.Contains(uitest.View(m), "give a record number") {
		t.Fatalf("a bad REF:\n%s", uitest.View(m))
	}
	uitest.Press(t, m, "ctrl+u")
	uitest.Type(t, m, strconv.FormatInt(id, 10))
	uitest.Press(t, m, "enter")
	if m.mode != browsing || !strings.Contains(uitest.View(m), "is the record on screen") {
		t.Fatalf("its own number:\n%s", uitest.View(m))
	}

	for _, cancel := range []string{"n", "esc"} {
		uitest.Press(t, m, "d")
		uitest.Type(t, m, strconv.FormatInt(other, 10))
		uitest.Press(t, m, "enter")
		v := uitest.View(m)
		if m.mode != confirming {
			t.Fatalf("after the REF, mode %v:\n%s", m.mode, v)
		}
		uitest.CheckFits(t, m, 80, 24, "the side-by-side view")
		for _, want := range []string{fmt.Sprintf("Is record %d the same work as record %d?", id, other), fmt.Sprintf("Record: %d · ", id),
			fmt.Sprintf("Record: %d · ", other), "Title: ", "Authors: ", "Year: ", "Journal: ", "DOI: ", "y link them"} {
			if !strings.Contains(v, want) {
				t.Errorf("the side-by-side view lacks %q:\n%s", want, v)
			}
		}
		if strings.Contains(v, "BOBSECRET") || strings.Contains(v, "bob") || strings.Contains(v, "include") {
			t.Errorf("the side-by-side view shows bob's decision:\n%s", v)
		}
		uitest.Press(t, m, "i", "e", "u") // wait for y or n: nothing else happens
		if m.mode != confirming || myVote(t, st, id, review.TitleAbstract) != nil {
			t.Fatalf("a key other than y or n acted")
		}
		uitest.Press(t, m, cancel)
		if m.mode != browsing || current(m) != id || len(clusterOf(t, st, id)) != 1 || !strings.Contains(uitest.View(m), "not linked") {
			t.Fatalf("%s: record %d, cluster %v:\n%s", cancel, current(m), clusterOf(t, st, id), uitest.View(m))
		}
	}

	uitest.Press(t, m, "d")
	uitest.Type(t, m, strconv.FormatInt(other, 10))
	uitest.Press(t, m, "enter", "y")
	cluster := clusterOf(t, st, id)
	if len(cluster) != 2 || !slices.Contains(cluster, other) {
		t.Fatalf("cluster of %d: %v", id, cluster)
	}
	v := uitest.View(m)
	with := "linked with " + strconv.FormatInt(other, 10)
	if cluster[0] == id {
		// The record stays the primary: it stands for both.
		if current(m) != id || !strings.Contains(v, with+"; this record stands for both") || !strings.Contains(v, "duplicates: ") {
			t.Errorf("record %d:\n%s", current(m), v)
		}
	} else if current(m) == id || !strings.Contains(v, with) {
		t.Errorf("record %d:\n%s", current(m), v)
	}
	queueAgrees(t, st, m, 42, "after the link")

	// u takes the link back: the records are apart, as before, with no
	// verdict left behind, and the record is on screen again.
	uitest.Press(t, m, "u")
	if c := clusterOf(t, st, id); len(c) != 1 || current(m) != id || !strings.Contains(uitest.View(m), fmt.Sprintf("link taken back: records %d and %d are separate again", min(id, other), max(id, other))) {
		t.Fatalf("after u: cluster %v, record %d:\n%s", c, current(m), uitest.View(m))
	}
	if vs, err := st.VerdictsAmong(ctx, []int64{id, other}); err != nil || len(vs) != 0 {
		t.Errorf("verdicts left behind: %+v %v", vs, err)
	}
	queueAgrees(t, st, m, 43, "after the link is taken back")
}

// TestUndoTakesBackTheLastActionFirst: a decision, then a link: u takes
// back the link, u again the decision; the counts agree with the review
// and status at every step.
func TestUndoTakesBackTheLastActionFirst(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)
	uitest.Press(t, m, "i")
	second := current(m)
	queueAgrees(t, st, m, 42, "after a decision")
	uitest.Press(t, m, "d")
	uitest.Type(t, m, "7")
	uitest.Press(t, m, "enter", "y")
	if len(clusterOf(t, st, second)) != 2 {
		t.Fatalf("record %d not linked with 7", second)
	}
	queueAgrees(t, st, m, 41, "after a decision and a link")

	uitest.Press(t, m, "u")
	if len(clusterOf(t, st, second)) != 1 || myVote(t, st, first, review.TitleAbstract) == nil || current(m) != second {
		t.Fatalf("the first u did not take back the link alone: record %d", current(m))
	}
	queueAgrees(t, st, m, 42, "after the link is taken back")
	uitest.Press(t, m, "u")
	if myVote(t, st, first, review.TitleAbstract) != nil || current(m) != first {
		t.Fatalf("the second u did not undo the decision: record %d", current(m))
	}
	queueAgrees(t, st, m, 43, "after both are undone")
	// The record the link took out of the queue comes next, wherever the
	// walk is.
	uitest.Press(t, m, "s", "s")
	if current(m) != 7 {
		t.Errorf("after skipping 1 and 2: record %d, want 7", current(m))
	}
}

func TestFitsAnEightyByTwentyFourTerminal(t *testing.T) {
	st := sampleReview(t)
	reasons := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"}
	m := screenFor(t, st, review.TitleAbstract, Options{Color: true, Reasons: reasons,
		Highlights: []review.Highlight{{Term: "care", Include: true}, {Term: "children"}}})
	for i := 0; i < 43; i++ {
		what := "record " + strconv.FormatInt(current(m), 10)
		uitest.CheckFits(t, m, 80, 24, what)
		uitest.Press(t, m, "end")
		uitest.CheckFits(t, m, 80, 24, what+" scrolled")
		switch i {
		case 3:
			uitest.Press(t, m, "?")
			uitest.CheckFits(t, m, 80, 24, "help")
			uitest.Press(t, m, "?")
		case 4:
			uitest.Press(t, m, "r", "up", "end")
			uitest.CheckFits(t, m, 80, 24, "the picker")
			uitest.Press(t, m, "esc")
		case 5:
			uitest.Press(t, m, "n")
			uitest.Type(t, m, strings.Repeat("a long note ", 12))
			uitest.CheckFits(t, m, 80, 24, "the note field")
			uitest.Press(t, m, "enter")
			uitest.CheckFits(t, m, 80, 24, "a long note")
		}
		uitest.Press(t, m, "s")
	}
	if current(m) != 0 {
		t.Fatalf("record %d after skipping all", current(m))
	}
	uitest.CheckFits(t, m, 80, 24, "the end")
}

func TestFollowsTheWindowSize(t *testing.T) {
	m := screenFor(t, sampleReview(t), review.TitleAbstract, Options{})
	for _, size := range [][2]int{{120, 40}, {50, 12}, {30, 6}, {80, 24}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		what := strconv.Itoa(size[0]) + "×" + strconv.Itoa(size[1])
		uitest.CheckFits(t, m, size[0], size[1], what)
		if n := len(strings.Split(m.View().Content, "\n")); n != size[1] {
			t.Errorf("%s: %d lines, want the window's height", what, n)
		}
	}
	// The abstract is wrapped again: narrower means more lines.
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	wide := len(m.abst)
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 40})
	if len(m.abst) <= wide {
		t.Errorf("%d abstract lines at 40 columns, %d at 120", len(m.abst), wide)
	}
}

const highlightRecord = `TY  - JOUR
TI  - Integrated social care for older people and CHILDREN
AU  - Smith, Jane
PY  - 2020
T2  - Journal of Care
VL  - 12
IS  - 3
SP  - 45-67
DO  - 10.5555/test.1
AB  - Integration of health and social care teams reduced admissions. Children were not studied.
ER  - 
`

func TestHighlightTermsAreMarked(t *testing.T) {
	st := newReview(t, highlightRecord)
	terms := []review.Highlight{{Term: "social care", Include: true}, {Term: "integrat*", Include: true}, {Term: "children"}}

	t.Run("in colour, include green and exclude red", func(t *testing.T) {
		m := screenFor(t, st, review.TitleAbstract, Options{Color: true, Highlights: terms})
		c := m.View().Content
		for _, want := range []string{"32m" + "Integrated", "32m" + "social care", "31m" + "CHILDREN", "31m" + "Children"} {
			if !strings.Contains(c, want) {
				t.Errorf("no %q in %q", want, c)
			}
		}
	})
	t.Run("without colour, plain markers and no escape codes", func(t *testing.T) {
		m := screenFor(t, st, review.TitleAbstract, Options{Color: false, Highlights: terms})
		c := m.View().Content
		if strings.Contains(c, "\x1b") {
			t.Errorf("an escape code without colour: %q", c)
		}
		for _, want := range []string{"+Integrated+ +social care+", "-CHILDREN-", "-Children-", "+Integration+"} {
			if !strings.Contains(c, want) {
				t.Errorf("no %q in\n%s", want, c)
			}
		}
		uitest.Press(t, m, "?")
		if c := m.View().Content; !strings.Contains(c, "+include term+ -exclude term-") || strings.Contains(c, "\x1b") {
			t.Errorf("help:\n%s", c)
		}
		// A key over the help only hides it: nothing is decided unseen.
		uitest.Press(t, m, "i")
		if m.help || m.Decided() != 0 || current(m) != 1 {
			t.Errorf("i over the help: help %v, %d decided", m.help, m.Decided())
		}
		uitest.Press(t, m, "?")
		// Every other part of the screen is plain too.
		uitest.Press(t, m, "?", "r")
		uitest.Press(t, m, "esc", "n")
		if c := m.View().Content; strings.Contains(c, "\x1b") {
			t.Errorf("an escape code without colour: %q", c)
		}
	})
	t.Run("the citation and ids", func(t *testing.T) {
		m := screenFor(t, st, review.TitleAbstract, Options{})
		v := uitest.View(m)
		for _, want := range []string{"Smith, Jane", "2020 · Journal of Care 12(3):45-67", "doi:10.5555/test.1"} {
			if !strings.Contains(v, want) {
				t.Errorf("no %q in\n%s", want, v)
			}
		}
	})
}

var hostileRecord = "TY  - JOUR\nTI  - Evil \x1b]0;evil\x07title \x1b[2Jhere\u009b31m\u202e\nAU  - Mallory\x07, M\nAB  - Abstract \x1b[31mred\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07 text. " + strings.Repeat("Plain words keep the export looking like text. ", 40) + "\nER  - \n"

func TestEscapeSequencesInImportedTextNeverReachTheTerminal(t *testing.T) {
	st := newReview(t, hostileRecord)
	rec, err := st.Record(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Title, "\x1b") {
		t.Logf("the importer already dropped the escape codes: %q", rec.Title)
	}
	for _, color := range []bool{false, true} {
		m := screenFor(t, st, review.TitleAbstract, Options{Color: color, Highlights: []review.Highlight{{Term: "evil", Include: true}}})
		uitest.Press(t, m, "n")
		uitest.Type(t, m, "typed \x1b[2J note")
		uitest.Press(t, m, "enter")
		c := m.View().Content
		for _, bad := range []string{"\x1b]", "\x1b[2J", "\x07", "\u009b", "\u202e", "\x1b[31mred"} {
			if strings.Contains(c, bad) {
				t.Errorf("colour %v: %q reached the screen: %q", color, bad, c)
			}
		}
		if !color && strings.Contains(c, "\x1b") {
			t.Errorf("an escape code without colour: %q", c)
		}
		if !strings.Contains(ansi.Strip(c), "here") {
			t.Errorf("the title is gone: %q", c)
		}
	}
}

func TestAFailedSaveStaysOnTheRecord(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	id := current(m)
	st.Close()
	uitest.Press(t, m, "i")
	if current(m) != id || m.Decided() != 0 {
		t.Errorf("record %d, %d decided", current(m), m.Decided())
	}
	v := uitest.View(m)
	if !strings.Contains(v, "not saved: ") || strings.Contains(v, "saved: include") || !strings.Contains(v, "done 0") {
		t.Errorf("view:\n%s", v)
	}
	// The screen still answers: q quits.
	if !uitest.Press(t, m, "q") {
		t.Error("q did not quit")
	}
}

func TestScrollingTheAbstract(t *testing.T) {
	long := "TY  - JOUR\nTI  - A long one\nAB  - " + strings.Repeat("word ", 400) + "last\nER  - \n"
	m := screenFor(t, newReview(t, long), review.TitleAbstract, Options{})
	if !strings.Contains(uitest.View(m), "abstract · lines 1-") {
		t.Fatalf("view:\n%s", uitest.View(m))
	}
	uitest.Press(t, m, "pgdown")
	if m.scroll == 0 {
		t.Error("pgdown did not scroll")
	}
	uitest.Press(t, m, "end")
	if !strings.Contains(uitest.View(m), "last") {
		t.Errorf("end does not show the last line:\n%s", uitest.View(m))
	}
	uitest.Press(t, m, "home", "j", "j", "k")
	if m.scroll != 1 {
		t.Errorf("scrolled to %d, want 1", m.scroll)
	}
	uitest.Press(t, m, "up", "up", "up")
	if m.scroll != 0 {
		t.Errorf("scrolled to %d above the top", m.scroll)
	}
}

func TestQuitKeys(t *testing.T) {
	m := screenFor(t, sampleReview(t), review.TitleAbstract, Options{})
	if !uitest.Press(t, m, "q") {
		t.Error("q did not quit")
	}
	// In a text field q is typed; ctrl+c still quits.
	if uitest.Press(t, m, "n", "q") {
		t.Error("q in the note field quit")
	}
	if !uitest.Press(t, m, "ctrl+c") {
		t.Error("ctrl+c did not quit")
	}
}

func TestALoadErrorEndsTheScreen(t *testing.T) {
	st := sampleReview(t)
	s, err := screening.Open(context.Background(), st, alice, aliceSees, review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	m := New(context.Background(), Options{Session: s})
	if !uitest.Run(t, m, m.Init()) || m.Err() == nil {
		t.Fatalf("err %v", m.Err())
	}
	if !strings.Contains(uitest.View(m), "error: load the next record") {
		t.Errorf("view:\n%s", uitest.View(m))
	}
}

func TestPilotRecordsAreMarked(t *testing.T) {
	st := sampleReview(t)
	if _, err := st.DrawPilot(context.Background(), review.TitleAbstract, 2, 7, "alice"); err != nil {
		t.Fatal(err)
	}
	pilot, err := st.Pilot(context.Background(), review.TitleAbstract)
	if err != nil || len(pilot) != 2 {
		t.Fatal(pilot, err)
	}
	m := screenFor(t, st, review.TitleAbstract, Options{})
	for i := range 3 {
		header := strings.Split(uitest.View(m), "\n")[0]
		marked := strings.Contains(header, "(pilot)")
		if marked != (i < 2) {
			t.Fatalf("record %d of the queue, header %q: pilot mark %v", i+1, header, marked)
		}
		if i < 2 && !strings.Contains(header, fmt.Sprintf("Record %d (pilot)", pilot[i])) {
			t.Fatalf("header %q, want record %d first", header, pilot[i])
		}
		uitest.Press(t, m, "s")
	}
}

// TestALinkUndoneElsewhereIsNotTakenBack: a lead splits the cluster in
// another terminal; u says the link is gone, and the next u undoes the
// decision before it.
func TestALinkUndoneElsewhereIsNotTakenBack(t *testing.T) {
	st := sampleReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	first := current(m)
	uitest.Press(t, m, "i")
	second := current(m)
	uitest.Press(t, m, "d")
	uitest.Type(t, m, "7")
	uitest.Press(t, m, "enter", "y")
	if _, err := dedup.Undo(context.Background(), st, alice, second, false); err != nil {
		t.Fatal(err)
	}
	uitest.Press(t, m, "u")
	if v := uitest.View(m); !strings.Contains(v, "link not taken back: records 2 and 7 are not linked to each other (any more)") {
		t.Errorf("u after the split:\n%s", v)
	}
	uitest.Press(t, m, "u")
	if myVote(t, st, first, review.TitleAbstract) != nil || current(m) != first {
		t.Errorf("the next u did not undo the decision: record %d", current(m))
	}
}
