package resolve

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/store"
)

var (
	alice     = review.Reviewer{Name: "alice", Lead: true}
	aliceSees = review.Viewer{Name: "alice", Lead: true, Blind: true}
)

// newReview is a review of the files (paths or RIS text) with alice, the
// lead, and bob and carol, the screeners.
func newReview(t *testing.T, files ...string) *store.Store {
	t.Helper()
	return uitest.NewReview(t, []string{"bob", "carol"}, files...)
}

// decide records votes, each made by its screener (or loaded by the lead
// when LoadedBy says so).
func decide(t *testing.T, st *store.Store, votes ...review.Vote) {
	t.Helper()
	for _, v := range votes {
		by := v.Reviewer
		if v.LoadedBy != "" {
			by = v.LoadedBy
		}
		if err := st.Decide(context.Background(), []review.Vote{v}, by); err != nil {
			t.Fatalf("decide %+v: %v", v, err)
		}
	}
}

func vote(id int64, stage review.Stage, who string, d review.Decision, reason, note string) review.Vote {
	return review.Vote{RecordID: id, Stage: stage, Reviewer: who, Decision: d, Reason: reason, Note: note}
}

// conflictReview is the sample review with three conflicts at
// title-abstract (records 1-3) and two at full text: record 4 both
// excluded for different reasons, record 5 one included and one excluded.
func conflictReview(t *testing.T) *store.Store {
	t.Helper()
	st := newReview(t, uitest.Sample(t)...)
	ta, ft := review.TitleAbstract, review.FullText
	loaded := vote(3, ta, "carol", review.Include, "", "")
	loaded.LoadedBy = "alice"
	decide(t, st,
		vote(1, ta, "bob", review.Include, "", "fits the population"),
		vote(1, ta, "carol", review.Exclude, "wrong setting", "hospital, not primary care"),
		vote(2, ta, "bob", review.Include, "", ""),
		vote(2, ta, "carol", review.Maybe, "", ""),
		vote(3, ta, "bob", review.Exclude, "", ""),
		loaded,
		vote(4, ta, "bob", review.Include, "", ""), vote(4, ta, "carol", review.Include, "", ""),
		vote(5, ta, "bob", review.Include, "", ""), vote(5, ta, "carol", review.Include, "", ""),
		vote(4, ft, "bob", review.Exclude, "wrong population", ""),
		vote(4, ft, "carol", review.Exclude, "wrong outcome", "no usable outcome data"),
		vote(5, ft, "bob", review.Include, "", ""),
		vote(5, ft, "carol", review.Exclude, "wrong design", ""),
	)
	return st
}

// screenFor opens alice's session at the stage and starts its screen at
// 80×24, the first conflict loaded.
func screenFor(t *testing.T, st *store.Store, stage review.Stage, o Options) *Model {
	t.Helper()
	s, err := conflicts.Open(context.Background(), st, alice, aliceSees, stage)
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

// resolutions gives the resolution in force of each record in conflict
// at the stage, open ones as nil.
func resolutions(t *testing.T, st *store.Store, stage review.Stage) map[int64]*review.Resolution {
	t.Helper()
	ds, err := st.Disagreements(context.Background(), stage, true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]*review.Resolution{}
	for _, d := range ds {
		out[d.RecordID] = d.Resolution
	}
	return out
}

func counts(t *testing.T, st *store.Store, stage review.Stage) *store.StageCounts {
	t.Helper()
	c, err := st.Counts(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	return c[stage]
}

// lineWith gives the first line of the view holding every one of the
// texts, or "".
func lineWith(m *Model, texts ...string) string {
	for _, l := range strings.Split(uitest.View(m), "\n") {
		ok := true
		for _, s := range texts {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return l
		}
	}
	return ""
}

func TestResolvingSavesAndMovesToTheNextConflict(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	if v := uitest.View(m); current(m) != 1 || !strings.Contains(v, "Resolve · title-abstract · lead alice · resolved 0 · open 3 · record 1") {
		t.Fatalf("record %d, first view:\n%s", current(m), v)
	}

	// The key starts the save; the record stays until the reply, and a
	// second key meanwhile is ignored.
	_, save := m.Update(uitest.Key("i"))
	if save == nil || current(m) != 1 {
		t.Fatalf("i: command %v, record %d", save, current(m))
	}
	if _, cmd := m.Update(uitest.Key("e")); cmd != nil {
		t.Error("a key while saving started another command")
	}
	uitest.Run(t, m, save)
	if current(m) != 2 {
		t.Fatalf("after resolving, record %d", current(m))
	}
	// At title-abstract an exclusion needs no reason: e saves at once.
	uitest.Press(t, m, "e")
	if current(m) != 3 {
		t.Fatalf("after the exclusion, record %d", current(m))
	}
	uitest.Press(t, m, "s")

	res := resolutions(t, st, review.TitleAbstract)
	if r := res[1]; r == nil || r.Decision != review.Include || r.By != "alice" {
		t.Errorf("record 1: %+v", r)
	}
	if r := res[2]; r == nil || r.Decision != review.Exclude || r.Reason != "" {
		t.Errorf("record 2: %+v", r)
	}
	if r, ok := res[3]; !ok || r != nil {
		t.Errorf("record 3, skipped: %+v (listed %v)", r, ok)
	}
	if c := counts(t, st, review.TitleAbstract); c.Resolved != 2 || c.Conflicts != 1 {
		t.Errorf("counts: %d resolved, %d open", c.Resolved, c.Conflicts)
	}
	if m.Resolved() != 2 || current(m) != 0 {
		t.Errorf("%d resolved on the screen, record %d", m.Resolved(), current(m))
	}
	// The end's message wraps at 80 columns.
	v := strings.Join(strings.Fields(uitest.View(m)), " ")
	if strings.Contains(v, "no open conflicts left") {
		t.Errorf("the end says no conflict is open while one is:\n%s", v)
	}
	for _, want := range []string{
		// The end and the header count alike.
		"nothing more to resolve in this session at title-abstract: resolved 2, skipped 1, open 1",
		"The conflicts you skipped stay open for your next session.",
		"resolved 2 · open 1 · skipped 1",
		"skipped record 3: its conflict stays open",
		"u undo ? help q quit",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q at the end:\n%s", want, v)
		}
	}
	if !uitest.Press(t, m, "q") {
		t.Error("q did not quit the closing screen")
	}
}

func TestAFullTextExclusionTakesAReasonFromThePicker(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.FullText, Options{Reasons: []string{"wrong design", "Wrong population", "not a trial"}})
	if current(m) != 4 || !strings.Contains(uitest.View(m), "conflict on the reason") {
		t.Fatalf("record %d:\n%s", current(m), uitest.View(m))
	}

	uitest.Press(t, m, "e")
	if m.mode != picking {
		t.Fatalf("e did not open the picker:\n%s", uitest.View(m))
	}
	// The screeners' reasons first, with who gave them; the review's list
	// after, without the one a screener gave already.
	v := uitest.View(m)
	for i, want := range []string{"1 wrong population (bob)", "2 wrong outcome (carol)", "3 wrong design", "4 not a trial", "t type a new reason"} {
		if !strings.Contains(v, want) {
			t.Errorf("entry %d: no %q in\n%s", i+1, want, v)
		}
	}
	if strings.Contains(v, "Wrong population") {
		t.Errorf("a screener's reason offered twice:\n%s", v)
	}
	if r := resolutions(t, st, review.FullText)[4]; r != nil {
		t.Fatalf("saved before a reason was picked: %+v", r)
	}
	uitest.Press(t, m, "esc")
	if r := resolutions(t, st, review.FullText)[4]; r != nil || current(m) != 4 || !strings.Contains(uitest.View(m), "not excluded") {
		t.Fatalf("esc saved %+v or moved to %d:\n%s", r, current(m), uitest.View(m))
	}

	uitest.Press(t, m, "e", "2")
	if r := resolutions(t, st, review.FullText)[4]; r == nil || r.Decision != review.Exclude || r.Reason != "wrong outcome" {
		t.Errorf("record 4: %+v", r)
	}
	if current(m) != 5 {
		t.Fatalf("after the exclusion, record %d", current(m))
	}

	// A reason typed there and then.
	uitest.Press(t, m, "e", "t")
	uitest.Type(t, m, "no comparator")
	uitest.Press(t, m, "enter")
	if r := resolutions(t, st, review.FullText)[5]; r == nil || r.Decision != review.Exclude || r.Reason != "no comparator" {
		t.Errorf("record 5: %+v", r)
	}
	if !slices.Contains(m.opt.Reasons, "no comparator") {
		t.Errorf("the typed reason is not offered again: %q", m.opt.Reasons)
	}
	if c := counts(t, st, review.FullText); c.Resolved != 2 || c.Conflicts != 0 {
		t.Errorf("counts: %d resolved, %d open", c.Resolved, c.Conflicts)
	}
	if v := uitest.View(m); !strings.Contains(v, "no open conflicts left at full-text (resolved 2 in this session)") {
		t.Errorf("the end:\n%s", v)
	}
}

func TestANoteIsSavedWithTheResolution(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	uitest.Press(t, m, "n")
	uitest.Type(t, m, "agreed at the meeting")
	if m.View().Cursor == nil || !strings.Contains(uitest.View(m), "enter keep  esc cancel") {
		t.Errorf("no cursor or no field:\n%s", uitest.View(m))
	}
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); !strings.Contains(v, "your note: agreed at the meeting") {
		t.Errorf("the note is not shown:\n%s", v)
	}
	// Esc leaves the note as it was.
	uitest.Press(t, m, "n", "x", "esc")
	if m.note != "agreed at the meeting" {
		t.Errorf("esc changed the note to %q", m.note)
	}
	uitest.Press(t, m, "i")
	if r := resolutions(t, st, review.TitleAbstract)[1]; r == nil || r.Note != "agreed at the meeting" {
		t.Errorf("record 1: %+v", r)
	}
	if strings.Contains(uitest.View(m), "your note:") {
		t.Errorf("the note stayed on the next record:\n%s", uitest.View(m))
	}
}

func TestQuittingWithANoteNotSavedAsksFirst(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	uitest.Press(t, m, "n")
	uitest.Type(t, m, "ask the team")
	uitest.Press(t, m, "enter")
	if uitest.Press(t, m, "q") {
		t.Fatal("q quit at once, losing the note")
	}
	if v := uitest.View(m); !strings.Contains(v, "note not saved: it goes with a resolution of record 1; q again quits without it") {
		t.Errorf("q did not ask:\n%s", v)
	}
	// Another key disarms it: the next q asks again.
	uitest.Press(t, m, "down")
	if uitest.Press(t, m, "q") {
		t.Fatal("q after another key quit at once")
	}
	if !uitest.Press(t, m, "q") {
		t.Error("a second q did not quit")
	}
	// Without a note, q quits at once.
	m = screenFor(t, st, review.TitleAbstract, Options{})
	if !uitest.Press(t, m, "q") {
		t.Error("q without a note did not quit")
	}
}

func TestUndoReopensTheConflict(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	uitest.Press(t, m, "n")
	uitest.Type(t, m, "first try")
	uitest.Press(t, m, "enter", "i")
	if current(m) != 2 {
		t.Fatalf("record %d", current(m))
	}

	uitest.Press(t, m, "u")
	if current(m) != 1 || m.Resolved() != 0 {
		t.Fatalf("after undo, record %d, %d resolved", current(m), m.Resolved())
	}
	if r, ok := resolutions(t, st, review.TitleAbstract)[1]; !ok || r != nil {
		t.Errorf("record 1 after undo: %+v (listed %v)", r, ok)
	}
	if c := counts(t, st, review.TitleAbstract); c.Resolved != 0 || c.Conflicts != 3 {
		t.Errorf("counts: %d resolved, %d open", c.Resolved, c.Conflicts)
	}
	v := uitest.View(m)
	for _, want := range []string{"undone: include · record 1", "resolved 0 · open 3", "your note: first try"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q after undo:\n%s", want, v)
		}
	}

	// Resolving it again brings back the record the undo put aside.
	uitest.Press(t, m, "e")
	if current(m) != 2 {
		t.Errorf("after resolving again, record %d", current(m))
	}
	if r := resolutions(t, st, review.TitleAbstract)[1]; r == nil || r.Decision != review.Exclude || r.Note != "first try" {
		t.Errorf("record 1: %+v", r)
	}

	// u still works on the closing screen.
	uitest.Press(t, m, "i", "i")
	if current(m) != 0 {
		t.Fatalf("record %d, want the closing screen", current(m))
	}
	uitest.Press(t, m, "u")
	if current(m) != 3 || m.Resolved() != 2 {
		t.Errorf("undo at the end: record %d, %d resolved", current(m), m.Resolved())
	}
	if r := resolutions(t, st, review.TitleAbstract)[3]; r != nil {
		t.Errorf("record 3 after undo: %+v", r)
	}
}

func TestUndoWithNothingToUndoSaysSo(t *testing.T) {
	m := screenFor(t, conflictReview(t), review.TitleAbstract, Options{})
	uitest.Press(t, m, "u")
	if current(m) != 1 || !strings.Contains(uitest.View(m), "nothing to undo at title-abstract") {
		t.Errorf("record %d:\n%s", current(m), uitest.View(m))
	}
}

func TestTheDecisionsShowSideBySide(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})

	if l := lineWith(m, "bob · include", "carol · exclude"); l == "" {
		t.Errorf("the decisions are not side by side:\n%s", uitest.View(m))
	}
	if l := lineWith(m, "note: fits the population", "reason: wrong setting"); l == "" {
		t.Errorf("bob's note and carol's reason are not side by side:\n%s", uitest.View(m))
	}
	if !strings.Contains(uitest.View(m), "note: hospital, not primary care") {
		t.Errorf("carol's note:\n%s", uitest.View(m))
	}
	// They stay when the abstract scrolls.
	uitest.Press(t, m, "end")
	if lineWith(m, "bob · include", "carol · exclude") == "" {
		t.Errorf("scrolled away:\n%s", uitest.View(m))
	}

	uitest.Press(t, m, "s", "s")
	if current(m) != 3 || lineWith(m, "bob · exclude", "carol · include (loaded by alice)") == "" {
		t.Errorf("record %d, the loaded decision:\n%s", current(m), uitest.View(m))
	}

	t.Run("one line each in a narrow window", func(t *testing.T) {
		m := screenFor(t, st, review.TitleAbstract, Options{})
		m.Update(tea.WindowSizeMsg{Width: 44, Height: 30})
		if l := lineWith(m, "carol · exclude · reason: wrong setting"); l == "" {
			t.Errorf("no compact line:\n%s", uitest.View(m))
		}
		if lineWith(m, "bob · include", "carol") != "" {
			t.Errorf("two decisions on a line:\n%s", uitest.View(m))
		}
		uitest.CheckFits(t, m, 44, 30, "44×30")
	})
}

func TestTheHeaderSaysWhatKindOfConflict(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.FullText, Options{})
	header := func() string { return strings.Split(uitest.View(m), "\n")[0] }

	// At 80 columns the kind does not fit the header: it heads the
	// decisions instead.
	if h := header(); strings.Contains(h, "conflict on the reason") || !strings.Contains(h, "record 4") {
		t.Errorf("header at 80: %q", h)
	}
	if !strings.Contains(uitest.View(m), "── decisions · conflict on the reason ─") {
		t.Errorf("view at 80:\n%s", uitest.View(m))
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	if h := header(); h != "Resolve · full-text · lead alice · resolved 0 · open 2 · record 4 · conflict on the reason" {
		t.Errorf("header at 120: %q", h)
	}
	uitest.Press(t, m, "s")
	if h := header(); strings.Contains(h, "conflict on the reason") || strings.Contains(uitest.View(m), "decisions ·") {
		t.Errorf("a conflict on the decision:\n%s", uitest.View(m))
	}

	t.Run("a conflict forwarded to full text", func(t *testing.T) {
		st := newReview(t, uitest.Sample(t, "medline.nbib")...)
		if err := st.SetForward(context.Background(), true, "alice"); err != nil {
			t.Fatal(err)
		}
		decide(t, st, vote(1, review.TitleAbstract, "bob", review.Include, "", ""), vote(1, review.TitleAbstract, "carol", review.Exclude, "", ""))
		m := screenFor(t, st, review.TitleAbstract, Options{})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
		if h := strings.Split(uitest.View(m), "\n")[0]; !strings.HasSuffix(h, "record 1 · forwarded to full text") {
			t.Errorf("header: %q", h)
		}
	})
}

func TestFitsAnEightyByTwentyFourTerminal(t *testing.T) {
	st := conflictReview(t)
	long := strings.Repeat("a very long note from a screener who had a lot to say ", 6)
	decide(t, st,
		vote(6, review.TitleAbstract, "bob", review.Maybe, "", long),
		vote(6, review.TitleAbstract, "carol", review.Exclude, strings.Repeat("an unusually wordy reason ", 5), long))
	reasons := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"}
	for _, color := range []bool{true, false} {
		for _, stage := range review.Stages {
			m := screenFor(t, st, stage, Options{Color: color, Reasons: reasons,
				Highlights: []review.Highlight{{Term: "care", Include: true}, {Term: "children"}}})
			for i := 0; current(m) != 0; i++ {
				what := string(stage) + " record " + strconv.FormatInt(current(m), 10)
				uitest.CheckFits(t, m, 80, 24, what)
				if n := len(strings.Split(m.View().Content, "\n")); n != 24 {
					t.Errorf("%s: %d lines, want 24", what, n)
				}
				if lineWith(m, "bob · ", "carol · ") == "" {
					t.Errorf("%s: the decisions are not side by side:\n%s", what, uitest.View(m))
				}
				uitest.Press(t, m, "end")
				uitest.CheckFits(t, m, 80, 24, what+" scrolled")
				switch i {
				case 0:
					uitest.Press(t, m, "?")
					uitest.CheckFits(t, m, 80, 24, "help")
					uitest.Press(t, m, "?")
					if stage == review.FullText {
						uitest.Press(t, m, "e", "up", "end")
						uitest.CheckFits(t, m, 80, 24, what+" picker")
						uitest.Press(t, m, "esc")
					}
				case 1:
					uitest.Press(t, m, "n")
					uitest.Type(t, m, strings.Repeat("a long note ", 12))
					uitest.CheckFits(t, m, 80, 24, what+" note field")
					uitest.Press(t, m, "enter")
					uitest.CheckFits(t, m, 80, 24, what+" long note")
				}
				uitest.Press(t, m, "s")
			}
			uitest.CheckFits(t, m, 80, 24, "the end")
		}
	}
}

func TestFollowsTheWindowSize(t *testing.T) {
	m := screenFor(t, conflictReview(t), review.TitleAbstract, Options{Color: true})
	for _, size := range [][2]int{{120, 40}, {50, 12}, {30, 6}, {80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		what := strconv.Itoa(size[0]) + "×" + strconv.Itoa(size[1])
		uitest.CheckFits(t, m, size[0], size[1], what)
		if n := len(strings.Split(m.View().Content, "\n")); n != size[1] {
			t.Errorf("%s: %d lines, want the window's height", what, n)
		}
		if !strings.Contains(uitest.View(m), "bob · include") {
			t.Errorf("%s: the decisions are gone:\n%s", what, uitest.View(m))
		}
	}
}

func TestNoColorWritesNoEscapeCodes(t *testing.T) {
	st := conflictReview(t)
	terms := []review.Highlight{{Term: "care", Include: true}, {Term: "hospital"}}
	plain := func(t *testing.T, m *Model, what string) {
		t.Helper()
		if c := m.View().Content; strings.Contains(c, "\x1b") {
			t.Errorf("%s: an escape code without colour: %q", what, c)
		}
	}
	m := screenFor(t, st, review.FullText, Options{Highlights: terms, Reasons: []string{"not a trial"}})
	plain(t, m, "record")
	uitest.Press(t, m, "e")
	plain(t, m, "picker")
	uitest.Press(t, m, "t")
	plain(t, m, "typed reason")
	uitest.Press(t, m, "esc", "?")
	plain(t, m, "help")
	if !strings.Contains(uitest.View(m), "+include term+ -exclude term-") {
		t.Errorf("help:\n%s", uitest.View(m))
	}
	uitest.Press(t, m, "?", "n", "x")
	plain(t, m, "note field")
	uitest.Press(t, m, "enter", "s", "s")
	plain(t, m, "the end")

	m = screenFor(t, st, review.TitleAbstract, Options{Highlights: terms})
	if c := m.View().Content; !strings.Contains(c, "+care+") {
		t.Errorf("no plain marker:\n%s", c)
	}
	m = screenFor(t, st, review.TitleAbstract, Options{Color: true, Highlights: terms})
	if c := m.View().Content; !strings.Contains(c, "\x1b[") {
		t.Errorf("no colour with colour on: %q", c)
	}
}

// hostileRecord carries escape sequences, a bell, a C1 CSI and a bidi
// override; the plain words keep the importer from taking it for binary.
var hostileRecord = "TY  - JOUR\nTI  - Evil \x1b]0;evil\x07title \x1b[2Jhere\u009b31m\u202e\nAU  - Mallory\x07, M\nAB  - Abstract \x1b[31mred\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07 text. " + strings.Repeat("Plain words keep the export looking like text. ", 40) + "\nER  - \n"

func TestEscapeSequencesNeverReachTheTerminal(t *testing.T) {
	st := newReview(t, hostileRecord)
	decide(t, st,
		vote(1, review.TitleAbstract, "bob", review.Include, "", "see \x1b[2J this"),
		vote(1, review.TitleAbstract, "carol", review.Exclude, "bad \x1b]0;x\x07 reason", "\u202eevil note"))
	for _, color := range []bool{false, true} {
		m := screenFor(t, st, review.TitleAbstract, Options{Color: color, Highlights: []review.Highlight{{Term: "evil", Include: true}}})
		uitest.Press(t, m, "n")
		uitest.Type(t, m, "typed \x1b[2J note")
		for _, when := range []string{"typing", "kept"} {
			c := m.View().Content
			for _, bad := range []string{"\x1b]", "\x1b[2J", "\x07", "\u009b", "\u202e", "\x1b[31mred"} {
				if strings.Contains(c, bad) {
					t.Errorf("colour %v, %s: %q reached the screen: %q", color, when, bad, c)
				}
			}
			if !color && strings.Contains(c, "\x1b") {
				t.Errorf("an escape code without colour: %q", c)
			}
			uitest.Press(t, m, "enter")
		}
		v := uitest.View(m)
		for _, want := range []string{"here", "carol · exclude", "reason: bad ␛]0;x␇ reason"} {
			if !strings.Contains(v, want) {
				t.Errorf("colour %v: no %q in\n%s", color, want, v)
			}
		}
	}
}

func TestAFailedSaveStaysOnTheRecord(t *testing.T) {
	st := conflictReview(t)
	m := screenFor(t, st, review.TitleAbstract, Options{})
	// Meanwhile carol changes her mind: the screeners agree, and record 1
	// is in conflict no more.
	decide(t, st, vote(1, review.TitleAbstract, "carol", review.Include, "", ""))
	uitest.Press(t, m, "i")
	if current(m) != 1 || m.Resolved() != 0 {
		t.Errorf("record %d, %d resolved", current(m), m.Resolved())
	}
	v := uitest.View(m)
	if !strings.Contains(v, "not saved: record 1 is not in conflict") || strings.Contains(v, "resolved: include") || !strings.Contains(v, "resolved 0") {
		t.Errorf("view:\n%s", v)
	}
	// The screen still answers: skip moves on.
	uitest.Press(t, m, "s")
	if current(m) != 2 {
		t.Errorf("after skip, record %d", current(m))
	}
}

func TestOpenHandsTheAttachedFileToTheOpener(t *testing.T) {
	st := conflictReview(t)
	ctx := context.Background()
	if err := st.SetFullText(ctx, review.FullTextState{RecordID: 4, State: review.Retrieved, File: "/papers/smith2019.pdf", SHA256: "00", By: "alice"}); err != nil {
		t.Fatal(err)
	}
	var opened []string
	m := screenFor(t, st, review.FullText, Options{Open: func(p string) error { opened = append(opened, p); return nil }})
	if v := uitest.View(m); !strings.Contains(v, "full text: smith2019.pdf (o opens it)") {
		t.Errorf("view:\n%s", v)
	}
	uitest.Press(t, m, "o")
	if len(opened) != 1 || opened[0] != "/papers/smith2019.pdf" || !strings.Contains(uitest.View(m), "opened /papers/smith2019.pdf") {
		t.Errorf("opened %q:\n%s", opened, uitest.View(m))
	}
	uitest.Press(t, m, "i", "o")
	if len(opened) != 1 || !strings.Contains(uitest.View(m), "no full text attached") {
		t.Errorf("opened %q; view:\n%s", opened, uitest.View(m))
	}
}

func TestScrollingTheAbstract(t *testing.T) {
	long := "TY  - JOUR\nTI  - A long one\nAB  - " + strings.Repeat("word ", 400) + "last\nER  - \n"
	st := newReview(t, long)
	decide(t, st, vote(1, review.TitleAbstract, "bob", review.Include, "", ""), vote(1, review.TitleAbstract, "carol", review.Exclude, "", ""))
	m := screenFor(t, st, review.TitleAbstract, Options{})
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
	m := screenFor(t, conflictReview(t), review.TitleAbstract, Options{})
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
	st := conflictReview(t)
	s, err := conflicts.Open(context.Background(), st, alice, aliceSees, review.TitleAbstract)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	m := New(context.Background(), Options{Session: s})
	if !uitest.Run(t, m, m.Init()) || m.Err() == nil {
		t.Fatalf("err %v", m.Err())
	}
	if !strings.Contains(uitest.View(m), "error: load the next conflict") {
		t.Errorf("view:\n%s", uitest.View(m))
	}
}
