package screen

import (
	"context"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// findRecords: 2, 4 and 5 are about frailty; 4 has keywords and a
// duplicate (7, from a second export naming PubMed).
const findRecords = `TY  - JOUR
TI  - Integrated care teams
ER  - 

TY  - JOUR
TI  - Frailty screening in primary care
ER  - 

TY  - JOUR
TI  - Home visits for older people
ER  - 

TY  - JOUR
TI  - Frailty and falls in care homes
KW  - frailty
KW  - older people
ER  - 

TY  - RPRT
TI  - A frailty index for hospital wards
ER  - 

TY  - JOUR
TI  - Telehealth for heart failure
ER  - 
`

const findDuplicate = `TY  - JOUR
TI  - Frailty and falls in care homes
DB  - PubMed
ER  - 
`

// findReview is a review of findRecords with alice (lead), bob and
// carol, 4 and 7 linked as duplicates, and the other screeners' work:
// bob's and carol's decisions complete record 6; bob decided 2 and 5
// with a note and a reason only he may see.
func findReview(t *testing.T) *store.Store {
	t.Helper()
	st := uitest.NewReview(t, []string{"bob", "carol"}, findRecords, findDuplicate)
	ctx := context.Background()
	if _, err := dedup.Link(ctx, st, alice, 4, 7); err != nil {
		t.Fatal(err)
	}
	for _, v := range []review.Vote{
		{RecordID: 6, Reviewer: "bob", Decision: review.Exclude, Note: "BOBNOTE"},
		{RecordID: 6, Reviewer: "carol", Decision: review.Exclude, Reason: "CAROLREASON"},
		{RecordID: 2, Reviewer: "bob", Decision: review.Include, Note: "BOBSECRET"},
		{RecordID: 5, Reviewer: "bob", Decision: review.Exclude, Reason: "BOBREASON"},
	} {
		v.Stage = review.TitleAbstract
		if err := st.Decide(ctx, []review.Vote{v}, v.Reviewer); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestSearchStepsThroughMyQueueAndDecidesOnlyWhatIsShown(t *testing.T) {
	st := findReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	if current(m) != 1 {
		t.Fatalf("the screen starts at record %d", current(m))
	}

	// The search runs in a command; a key pressed before its reply
	// decides nothing, neither the record on screen nor the first match.
	uitest.Press(t, m, "/")
	uitest.Type(t, m, "frailty")
	_, cmd := m.Update(uitest.Key("enter"))
	if cmd == nil || current(m) != 1 {
		t.Fatalf("enter: command %v, record %d", cmd, current(m))
	}
	if _, early := m.Update(uitest.Key("i")); early != nil {
		t.Fatal("a key before the first match showed started a command")
	}
	uitest.Run(t, m, cmd)
	v := uitest.View(m)
	if current(m) != 2 || !strings.Contains(v, `/frailty 1 of 3`) || !strings.Contains(v, "Frailty screening in primary care") {
		t.Fatalf("first match (record %d):\n%s", current(m), v)
	}
	if myVote(t, st, 1, review.TitleAbstract) != nil || myVote(t, st, 2, review.TitleAbstract) != nil {
		t.Fatal("a key pressed while searching decided a record")
	}

	// ] and [ step through the matches; v shows the whole record.
	uitest.Press(t, m, "]")
	if current(m) != 4 || !strings.Contains(uitest.View(m), "/frailty 2 of 3") {
		t.Fatalf("after ]: record %d\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "v")
	if v := uitest.View(m); !strings.Contains(v, "keywords: frailty; older people · type: JOUR · sources: S0, PubMed") {
		t.Errorf("the details line:\n%s", v)
	}
	uitest.Press(t, m, "v")
	if strings.Contains(uitest.View(m), "keywords:") {
		t.Error("v did not hide the details line")
	}
	uitest.Press(t, m, "[")
	if current(m) != 2 {
		t.Fatalf("after [: record %d", current(m))
	}

	// A decision saves the match shown and moves to the next match.
	uitest.Press(t, m, "i")
	if got := myVote(t, st, 2, review.TitleAbstract); got == nil || got.Decision != review.Include {
		t.Fatalf("record 2 after i: %+v", got)
	}
	if current(m) != 4 || !strings.Contains(uitest.View(m), "/frailty 2 of 3") {
		t.Fatalf("after deciding the first match: record %d\n%s", current(m), uitest.View(m))
	}

	// esc: back to the record the search started from, undecided.
	uitest.Press(t, m, "esc")
	if current(m) != 1 || m.search != nil || strings.Contains(uitest.View(m), "/frailty") {
		t.Fatalf("after esc: record %d\n%s", current(m), uitest.View(m))
	}
	if n := decidedCount(t, st, review.TitleAbstract); n != 1 {
		t.Errorf("alice has %d decisions, want 1", n)
	}

	// Searching again: the decided record is no longer a match; deciding
	// the last match goes back to the queue.
	uitest.Press(t, m, "/")
	uitest.Type(t, m, "frailty")
	uitest.Press(t, m, "enter", "]")
	if current(m) != 5 || !strings.Contains(uitest.View(m), "/frailty 2 of 2") {
		t.Fatalf("second search: record %d\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "e")
	if current(m) != 1 || m.away {
		t.Fatalf("after the last match: record %d (away %v)", current(m), m.away)
	}

	// A search that finds nothing leaves the record on screen.
	uitest.Press(t, m, "/")
	uitest.Type(t, m, "zebrafish")
	uitest.Press(t, m, "enter")
	if current(m) != 1 || !strings.Contains(uitest.View(m), `no record in your queue matches "zebrafish"`) {
		t.Fatalf("no match: record %d\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "/")
	uitest.Type(t, m, `"unclosed`)
	uitest.Press(t, m, "enter")
	if !strings.Contains(uitest.View(m), "a quoted phrase is not closed") {
		t.Errorf("a bad search:\n%s", uitest.View(m))
	}
}

func TestGoToARecordMineToScreenOrDecidedByMe(t *testing.T) {
	st := findReview(t)
	ctx := context.Background()
	m := screenFor(t, st, review.TitleAbstract, Options{})

	// A record of the queue, out of order; the key before its reply
	// decides nothing.
	uitest.Press(t, m, "g")
	uitest.Type(t, m, "5")
	_, cmd := m.Update(uitest.Key("enter"))
	if _, early := m.Update(uitest.Key("e")); early != nil {
		t.Fatal("a key before the record showed started a command")
	}
	uitest.Run(t, m, cmd)
	if current(m) != 5 || myVote(t, st, 5, review.TitleAbstract) != nil || myVote(t, st, 1, review.TitleAbstract) != nil {
		t.Fatalf("g 5: record %d", current(m))
	}
	uitest.Press(t, m, "i")
	if current(m) != 1 {
		t.Fatalf("after deciding the record jumped to: record %d, want the queue's 1 back", current(m))
	}
	done := decidedCount(t, st, review.TitleAbstract)

	// A record I decided: shown with my decision, and a key changes it;
	// the counts stand, and u puts the earlier decision back.
	uitest.Press(t, m, "g")
	uitest.Type(t, m, "5")
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); current(m) != 5 || !strings.Contains(v, "your decision: include") {
		t.Fatalf("g 5 again: record %d\n%s", current(m), v)
	}
	uitest.Press(t, m, "e")
	if got := myVote(t, st, 5, review.TitleAbstract); got == nil || got.Decision != review.Exclude {
		t.Fatalf("record 5 after the change: %+v", got)
	}
	if n := decidedCount(t, st, review.TitleAbstract); n != done || !strings.Contains(uitest.View(m), "done 1 ·") {
		t.Errorf("a change counted as a new decision: %d decided\n%s", n, uitest.View(m))
	}
	uitest.Press(t, m, "u")
	if got := myVote(t, st, 5, review.TitleAbstract); got == nil || got.Decision != review.Include || current(m) != 5 {
		t.Fatalf("after u: vote %+v, record %d", got, current(m))
	}
	uitest.Press(t, m, "s")
	if current(m) != 1 {
		t.Fatalf("s after the undo: record %d", current(m))
	}

	// Records that are not mine are refused, saying nothing of why
	// beyond that; a duplicate names its primary.
	for ref, want := range map[string]string{
		"6":   "record 6 is not yours: not in your title-abstract queue, nor decided by you",
		"99":  "99",
		"zz9": "give a record number",
	} {
		uitest.Press(t, m, "g")
		uitest.Type(t, m, ref)
		uitest.Press(t, m, "enter")
		if m.mode == typingGoto {
			uitest.Press(t, m, "esc")
		}
		v := uitest.View(m)
		if current(m) != 1 || !strings.Contains(v, want) {
			t.Errorf("g %s: record %d\n%s", ref, current(m), v)
		}
	}
	// A linked duplicate stands for its cluster's primary.
	uitest.Press(t, m, "g")
	uitest.Type(t, m, "7")
	uitest.Press(t, m, "enter")
	if current(m) != 4 || !strings.Contains(uitest.View(m), "record 7 is a duplicate of record 4, which is screened for both") {
		t.Errorf("g 7: record %d\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "esc")
	if current(m) != 1 {
		t.Errorf("esc after g 7: record %d", current(m))
	}

	events, err := st.Events(ctx, 5, aliceSees)
	if err != nil {
		t.Fatal(err)
	}
	decides := 0
	for _, e := range events {
		if e.Action == "decide" && e.Reviewer == "alice" {
			decides++
		}
	}
	if decides != 3 {
		t.Errorf("record 5 has %d decisions of alice's in the log, want include, exclude and include again", decides)
	}
}

// TestBlindSearchJumpAndDetails: carol, a screener, searches her queue
// for bob's words, jumps to the records bob and alice decided and opens
// the details line on each; nothing of anyone else's decisions, reasons
// or notes shows, nor whether they decided.
func TestBlindSearchJumpAndDetails(t *testing.T) {
	st := findReview(t)
	ctx := context.Background()
	carol := review.Reviewer{Name: "carol"}
	if err := st.Decide(ctx, []review.Vote{{RecordID: 3, Stage: review.TitleAbstract, Reviewer: "alice", Decision: review.Maybe, Note: "ALICENOTE"}}, "alice"); err != nil {
		t.Fatal(err)
	}
	s, err := screening.Open(ctx, st, carol, review.Viewer{Name: "carol", Blind: true}, review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s})
	uitest.Run(t, m, m.Init())
	var seen strings.Builder
	look := func() { seen.WriteString(uitest.View(m) + "\n") }
	look()
	// The words are typed in mixed case: the screen echoes the search,
	// and the secrets below are looked for as written.
	for _, q := range []string{"BobSecret", "BobNote", "BobReason", "AliceNote", "frailty", "include", "exclude", "maybe"} {
		uitest.Press(t, m, "/")
		uitest.Type(t, m, q)
		uitest.Press(t, m, "enter")
		look()
		for range 3 {
			uitest.Press(t, m, "v")
			look()
			uitest.Press(t, m, "v", "]")
			look()
		}
		uitest.Press(t, m, "esc")
		look()
	}
	for _, ref := range []string{"1", "2", "3", "4", "5", "7"} {
		uitest.Press(t, m, "g")
		uitest.Type(t, m, ref)
		uitest.Press(t, m, "enter", "v")
		look()
		uitest.Press(t, m, "v", "esc")
		look()
	}
	uitest.Press(t, m, "?")
	look()
	uitest.Press(t, m, "?")
	v := seen.String()
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "bob") || strings.Contains(l, "alice") {
			t.Log(l)
		}
	}
	for _, secret := range []string{"BOBSECRET", "BOBNOTE", "BOBREASON", "CAROLREASON", "ALICENOTE", "bob", "alice", "your decision"} {
		if strings.Contains(v, secret) {
			t.Errorf("carol's screen shows %q", secret)
		}
	}
	// Carol decided record 6 herself: she may jump to it and sees her
	// own decision only.
	uitest.Press(t, m, "g")
	uitest.Type(t, m, "6")
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); current(m) != 6 || !strings.Contains(v, "your decision: exclude (CAROLREASON)") || strings.Contains(v, "BOBNOTE") {
		t.Errorf("carol's own record 6:\n%s", v)
	}
}

func TestSearchAtFullText(t *testing.T) {
	st := findReview(t)
	ctx := context.Background()
	for _, v := range []review.Vote{
		{RecordID: 2, Reviewer: "alice", Decision: review.Include},
		{RecordID: 4, Reviewer: "alice", Decision: review.Include},
		{RecordID: 4, Reviewer: "bob", Decision: review.Include},
		{RecordID: 3, Reviewer: "alice", Decision: review.Include},
		{RecordID: 3, Reviewer: "bob", Decision: review.Include},
	} {
		v.Stage = review.TitleAbstract
		if err := st.Decide(ctx, []review.Vote{v}, v.Reviewer); err != nil {
			t.Fatal(err)
		}
	}
	m := screenFor(t, st, review.FullText, Options{})
	if current(m) != 2 {
		t.Fatalf("full text starts at record %d", current(m))
	}
	uitest.Press(t, m, "/")
	uitest.Type(t, m, "frailty")
	uitest.Press(t, m, "enter")
	if current(m) != 4 || !strings.Contains(uitest.View(m), `/frailty 1 of 2`) {
		t.Fatalf("full-text search: record %d\n%s", current(m), uitest.View(m))
	}
	uitest.Press(t, m, "]")
	if current(m) != 2 {
		t.Fatalf("the search wraps round to record 2: record %d", current(m))
	}
}

func TestHeaderSaysWhenTheOrderIsPrioritised(t *testing.T) {
	st := findReview(t)
	ctx := context.Background()
	s, err := screening.Open(ctx, st, alice, aliceSees, review.TitleAbstract, screening.Prioritised)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(ctx) })
	m := New(ctx, Options{Session: s})
	uitest.Run(t, m, m.Init())
	s.Wait()
	if v := uitest.View(m); !strings.Contains(v, "prioritised, untrained") {
		t.Fatalf("before any decision:\n%s", v)
	}
	uitest.Press(t, m, "i", "e")
	s.Wait()
	if v := uitest.View(m); !strings.Contains(v, "prioritised on 2 decisions") {
		t.Fatalf("after an include and an exclude:\n%s", v)
	}
	m2 := screenFor(t, st, review.TitleAbstract, Options{})
	if strings.Contains(uitest.View(m2), "prioritised") {
		t.Error("the imported order says prioritised")
	}
}

// TestHeaderChangesWhenTheRankingLands runs the screen in a program with
// its Watch: when a ranking is put in place in the background, the
// header says so without a key press. The decisions that train it are
// made on the session, not through the program, so no message but the
// ranking's can redraw the header: without the watch the test waits
// in vain.
func TestHeaderChangesWhenTheRankingLands(t *testing.T) {
	st := findReview(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := screening.Open(ctx, st, alice, aliceSees, review.TitleAbstract, screening.Prioritised)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	m := New(ctx, Options{Session: s})
	p := uitest.Start(t, m, func() string { return uitest.View(m) })
	m.Watch(p.Message)
	shown := p.WaitFor("the first record", func(string) bool { return current(m) != 0 })
	if !strings.Contains(shown, "prioritised") {
		t.Fatalf("the first frame:\n%s", shown)
	}
	s.Wait()
	var others []int64
	for _, id := range []int64{1, 2, 3, 5} {
		if id != current(m) {
			others = append(others, id)
		}
	}
	if err := s.Decide(ctx, others[0], review.Include, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, others[1], review.Exclude, "", ""); err != nil {
		t.Fatal(err)
	}
	p.WaitFor("the header of the trained ranking", func(v string) bool { return strings.Contains(v, "prioritised on 2 decisions") })
	p.Send("q")
	p.Wait("q")
}
