package chartform

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
)

func TestPickingAChoiceSavesItAndMovesOn(t *testing.T) {
	st := includedReview(t)
	m := screenFor(t, st, "bob", 1, Options{})
	if v := uitest.View(m); fieldID(m) != "location" || !strings.Contains(v, "Chart · bob · record 1 · Rainbow Model of Integrated Care") ||
		!strings.Contains(v, "field 1 of 7 · 0 answered") {
		t.Fatalf("field %s, first view:\n%s", fieldID(m), v)
	}
	goTo(t, m, "study_design")
	if l := lineWith(m, "1 ( ) qualitative", "6 ( ) policy document"); l == "" {
		t.Errorf("the options are not numbered in columns:\n%s", uitest.View(m))
	}
	if lineWith(m, "a ( ) book") == "" {
		t.Errorf("the tenth option has no letter:\n%s", uitest.View(m))
	}

	// The key starts the save; the field stays until the reply, and a
	// second key meanwhile is ignored.
	_, save := m.Update(keyMsg("4"))
	if save == nil || fieldID(m) != "study_design" || !m.busy {
		t.Fatalf("4: command %v, field %s, busy %v", save, fieldID(m), m.busy)
	}
	if _, cmd := m.Update(keyMsg("1")); cmd != nil {
		t.Error("a key while saving started another command")
	}
	if strings.Contains(uitest.View(m), "saved:") {
		t.Errorf("shown as saved before the reply:\n%s", uitest.View(m))
	}
	uitest.Run(t, m, save)
	if fieldID(m) != "integration_levels" {
		t.Errorf("after the save, field %s", fieldID(m))
	}
	if got := answers(t, st, "bob", 1); got["study_design"] != "review" || len(got) != 1 {
		t.Errorf("bob's answers in the review: %v", got)
	}
	if got := answers(t, st, "carol", 1); len(got) != 0 {
		t.Errorf("carol's answers: %v", got)
	}
	v := uitest.View(m)
	for _, want := range []string{"saved: Study design = review", "field 4 of 7 · 1 answered"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in\n%s", want, v)
		}
	}
	// Back on the field, the answer shows, its option marked; the letter
	// picks the tenth.
	press(t, m, "up")
	if lineWith(m, "answer: review") == "" || lineWith(m, "4 (x) review") == "" {
		t.Errorf("the answer is not shown:\n%s", uitest.View(m))
	}
	press(t, m, "a")
	if got := answers(t, st, "bob", 1)["study_design"]; got != "book" {
		t.Errorf("after a: %q", got)
	}
	// A key past the options says so and saves nothing.
	press(t, m, "up", "b")
	if !strings.Contains(uitest.View(m), "Study design has no option b") {
		t.Errorf("view:\n%s", uitest.View(m))
	}
}

func TestTickingMultichoiceOptionsAndSaving(t *testing.T) {
	st := includedReview(t)
	m := screenFor(t, st, "bob", 2, Options{})
	goTo(t, m, "sectors")

	press(t, m, "1", "3", "5")
	if lineWith(m, "1 [x] primary care") == "" || lineWith(m, "3 [x] social care") == "" || lineWith(m, "2 [ ] secondary care") == "" {
		t.Errorf("the ticks do not show:\n%s", uitest.View(m))
	}
	if lineWith(m, "ticked, not saved: primary care, social care, local government") == "" {
		t.Errorf("the ticks are not marked as not saved:\n%s", uitest.View(m))
	}
	if got := answers(t, st, "bob", 2); len(got) != 0 {
		t.Fatalf("saved before enter: %v", got)
	}
	// Ticks not saved hold the screen on their field.
	press(t, m, "tab")
	if fieldID(m) != "sectors" || !strings.Contains(uitest.View(m), "the ticks on Sectors involved are not saved") {
		t.Errorf("tab left the ticks behind: field %s\n%s", fieldID(m), uitest.View(m))
	}
	press(t, m, "5", "enter")
	if got := answers(t, st, "bob", 2)["sectors"]; got != "primary care, social care" {
		t.Errorf("saved %q", got)
	}
	if fieldID(m) != "study_design" || !strings.Contains(uitest.View(m), "saved: Sectors involved = primary care, social care") {
		t.Errorf("field %s:\n%s", fieldID(m), uitest.View(m))
	}

	t.Run("esc drops the ticks", func(t *testing.T) {
		press(t, m, "up", "2", "1", "esc")
		if lineWith(m, "1 [x] primary care") == "" || lineWith(m, "2 [ ] secondary care") == "" || strings.Contains(uitest.View(m), "ticked, not saved") {
			t.Errorf("esc did not go back to the answer:\n%s", uitest.View(m))
		}
		if got := answers(t, st, "bob", 2)["sectors"]; got != "primary care, social care" {
			t.Errorf("after esc %q", got)
		}
	})
	t.Run("unticking all and saving clears", func(t *testing.T) {
		press(t, m, "1", "3", "enter")
		if got := answers(t, st, "bob", 2); got["sectors"] != "" {
			t.Errorf("after unticking all: %v", got)
		}
	})
	t.Run("enter with nothing ticked goes on", func(t *testing.T) {
		goTo(t, m, "integration_levels")
		press(t, m, "enter")
		if fieldID(m) != "integration_direction" {
			t.Errorf("field %s", fieldID(m))
		}
	})
}

func TestTypingText(t *testing.T) {
	st := includedReview(t)
	m := screenFor(t, st, "bob", 1, Options{})
	press(t, m, "enter")
	if m.mode != typingLine {
		t.Fatalf("enter on a text field: %s", m.mode)
	}
	typeText(t, m, "North Wes")
	if v := uitest.View(m); !strings.Contains(v, "Location: North Wes") || !strings.Contains(v, "enter save  esc cancel") {
		t.Errorf("the line editor:\n%s", v)
	}
	press(t, m, "t", "enter")
	if got := answers(t, st, "bob", 1)["location"]; got != "North West" {
		t.Errorf("saved %q", got)
	}
	if m.mode != browsing || fieldID(m) != "sectors" {
		t.Errorf("after saving: %s on %s", m.mode, fieldID(m))
	}

	// esc cancels an edit: the answer stays as saved.
	press(t, m, "up", "enter", "ctrl+u")
	typeText(t, m, "Cumbria")
	press(t, m, "esc")
	if got := answers(t, st, "bob", 1)["location"]; got != "North West" || m.mode != browsing || fieldID(m) != "location" {
		t.Errorf("after esc: %q, %s on %s", got, m.mode, fieldID(m))
	}
	if !strings.Contains(uitest.View(m), "not saved: Location is as it was") || lineWith(m, "answer: North West") == "" {
		t.Errorf("view:\n%s", uitest.View(m))
	}
	// q in the editor is typed, not quit.
	if press(t, m, "enter", "q") || !strings.Contains(uitest.View(m), "Location: North Westq") {
		t.Errorf("q in the editor:\n%s", uitest.View(m))
	}
}

func TestTypingALongTextWithLineBreaks(t *testing.T) {
	st := includedReview(t)
	m := screenFor(t, st, "bob", 1, Options{})
	goTo(t, m, "key_findings")
	press(t, m, "enter")
	if m.mode != typingLong {
		t.Fatalf("enter on a long text field: %s", m.mode)
	}
	typeText(t, m, "Carers felt left out.\nTeams met weekly.")
	if lineWith(m, "│ Carers felt left out.") == "" || lineWith(m, "│ Teams met weekly.") == "" {
		t.Errorf("the editor:\n%s", uitest.View(m))
	}
	// The cursor stands after what was typed.
	row := -1
	for i, l := range strings.Split(uitest.View(m), "\n") {
		if strings.HasPrefix(l, "│ Teams met weekly.") {
			row = i
		}
	}
	if c := m.View().Cursor; c == nil || c.Y != row || c.X != len("│ Teams met weekly.")-2 {
		t.Errorf("cursor %+v, want at column %d of line %d", c, len("│ Teams met weekly.")-2, row)
	}
	press(t, m, "ctrl+s")
	want := charting.Value("Carers felt left out.\nTeams met weekly.")
	if got := answers(t, st, "bob", 1)["key_findings"]; got != want {
		t.Errorf("saved %q, want %q", got, want)
	}
	if m.mode != browsing || !strings.Contains(uitest.View(m), "saved: Key findings = Carers felt left out. Teams met weekly.") {
		t.Errorf("%s:\n%s", m.mode, uitest.View(m))
	}

	// Opened again, the editor holds the answer; a pasted paragraph with
	// CRLF line ends and a tab, then alt+enter, saves.
	goTo(t, m, "key_findings")
	if lineWith(m, "Carers felt left out.") == "" || lineWith(m, "Teams met weekly.") == "" {
		t.Errorf("the answer is not shown:\n%s", uitest.View(m))
	}
	press(t, m, "enter")
	m.Update(tea.PasteMsg{Content: "\r\nPaste\tone\r\nand two\x1b[31m"})
	press(t, m, "alt+enter")
	want = "Carers felt left out.\nTeams met weekly.\nPaste one\nand two␛[31m"
	if got := answers(t, st, "bob", 1)["key_findings"]; got != want {
		t.Errorf("saved %q, want %q", got, want)
	}

	// esc cancels.
	goTo(t, m, "key_findings")
	press(t, m, "enter", "x", "esc")
	if got := answers(t, st, "bob", 1)["key_findings"]; got != want || m.mode != browsing {
		t.Errorf("after esc: %q, %s", got, m.mode)
	}
}

func TestABadYearShowsTheErrorAndSavesNothing(t *testing.T) {
	st := includedReview(t)
	install(t, st, withTypes())
	m := screenFor(t, st, "bob", 1, Options{})
	goTo(t, m, "published")
	if lineWith(m, "Year published · a year, four digits: enter edits · required") == "" {
		t.Errorf("the label:\n%s", uitest.View(m))
	}
	press(t, m, "enter")
	typeText(t, m, "19x5")
	press(t, m, "enter")
	if got := answers(t, st, "bob", 1); len(got) != 0 {
		t.Errorf("a bad year saved: %v", got)
	}
	v := uitest.View(m)
	if !strings.Contains(v, `not saved: published: "19x5" is not a year (four digits)`) || strings.Contains(v, "saved: Year") {
		t.Errorf("no error:\n%s", v)
	}
	// The field stays open with what was typed, to be put right.
	if m.mode != typingLine || fieldID(m) != "published" || !strings.Contains(v, "Year published: 19x5") {
		t.Errorf("%s on %s:\n%s", m.mode, fieldID(m), v)
	}
	press(t, m, "backspace", "backspace", "backspace")
	typeText(t, m, "995")
	press(t, m, "enter")
	if got := answers(t, st, "bob", 1)["published"]; got != "1995" || fieldID(m) != "participants" {
		t.Errorf("saved %q, on %s", got, fieldID(m))
	}

	t.Run("a number and yes or no", func(t *testing.T) {
		press(t, m, "enter")
		typeText(t, m, "1,200")
		press(t, m, "enter")
		if fieldID(m) != "uk_based" {
			t.Fatalf("on %s:\n%s", fieldID(m), uitest.View(m))
		}
		press(t, m, "n")
		got := answers(t, st, "bob", 1)
		if got["participants"] != "1200" || got["uk_based"] != "no" {
			t.Errorf("saved %v", got)
		}
		press(t, m, "y")
		if got := answers(t, st, "bob", 1)["uk_based"]; got != "yes" || !strings.Contains(uitest.View(m), "saved: Based in the UK = yes") {
			t.Errorf("after y: %q\n%s", got, uitest.View(m))
		}
	})
	t.Run("an option typed that is not one", func(t *testing.T) {
		goTo(t, m, "study_design")
		press(t, m, "e")
		typeText(t, m, "cohort")
		press(t, m, "enter")
		if !strings.Contains(uitest.View(m), `not saved: study_design: "cohort" is not an option`) || m.mode != typingLine {
			t.Errorf("%s:\n%s", m.mode, uitest.View(m))
		}
		press(t, m, "ctrl+u")
		typeText(t, m, "Mixed Methods")
		press(t, m, "enter")
		if got := answers(t, st, "bob", 1)["study_design"]; got != "mixed methods" {
			t.Errorf("typed option saved as %q", got)
		}
	})
}

func TestClearingAnAnswer(t *testing.T) {
	st := includedReview(t)
	ctx := context.Background()
	bob := review.Reviewer{Name: "bob"}
	if _, _, err := charting.Set(ctx, st, bob, review.Ref{ID: 1}, []string{"location=Leeds", "study_design=review"}); err != nil {
		t.Fatal(err)
	}
	m := screenFor(t, st, "bob", 1, Options{})
	// The screen opens on the first field not answered.
	if fieldID(m) != "sectors" || !strings.Contains(uitest.View(m), "field 2 of 7 · 2 answered") {
		t.Errorf("opened on %s:\n%s", fieldID(m), uitest.View(m))
	}
	press(t, m, "up", "x")
	if got := answers(t, st, "bob", 1); got["location"] != "" || got["study_design"] != "review" {
		t.Errorf("after x: %v", got)
	}
	v := uitest.View(m)
	if fieldID(m) != "location" || !strings.Contains(v, "saved: Location cleared") || lineWith(m, "answer: none yet") == "" || !strings.Contains(v, "1 answered") {
		t.Errorf("on %s:\n%s", fieldID(m), v)
	}
	press(t, m, "x")
	if !strings.Contains(uitest.View(m), "Location has no answer to clear") {
		t.Errorf("view:\n%s", uitest.View(m))
	}
	goTo(t, m, "study_design")
	press(t, m, "delete")
	if got := answers(t, st, "bob", 1); len(got) != 0 {
		t.Errorf("after delete: %v", got)
	}
}

func TestMovingBetweenFields(t *testing.T) {
	m := screenFor(t, includedReview(t), "bob", 1, Options{})
	var seen []string
	for range 8 {
		seen = append(seen, fieldID(m))
		press(t, m, "tab")
	}
	if want := "location sectors study_design integration_levels integration_direction rainbow_dimensions key_findings key_findings"; strings.Join(seen, " ") != want {
		t.Errorf("tab went %s", strings.Join(seen, " "))
	}
	if !strings.Contains(uitest.View(m), "that is the last field") {
		t.Errorf("view:\n%s", uitest.View(m))
	}
	press(t, m, "shift+tab", "up", "down")
	if fieldID(m) != "rainbow_dimensions" {
		t.Errorf("shift+tab, up, down: %s", fieldID(m))
	}
	for range 8 {
		press(t, m, "up")
	}
	if fieldID(m) != "location" || !strings.Contains(uitest.View(m), "that is the first field") {
		t.Errorf("up at the top: %s\n%s", fieldID(m), uitest.View(m))
	}

	t.Run("the list of fields", func(t *testing.T) {
		press(t, m, "tab", "tab", "2", "tab", "l")
		if m.mode != listing {
			t.Fatalf("l: %s", m.mode)
		}
		v := uitest.View(m)
		for _, want := range []string{"fields · 1 of 7 answered", "·  1 Location", "✓  3 Study design: mixed methods", ">", "·  7 Key findings"} {
			if !strings.Contains(v, want) {
				t.Errorf("no %q in the list:\n%s", want, v)
			}
		}
		if lineWith(m, "> ", "5 Direction of integration") == "" {
			t.Errorf("the field on screen is not marked:\n%s", v)
		}
		press(t, m, "down", "enter")
		if m.mode != browsing || fieldID(m) != "rainbow_dimensions" {
			t.Errorf("enter in the list: %s on %s", m.mode, fieldID(m))
		}
		press(t, m, "l", "up", "esc")
		if m.mode != browsing || fieldID(m) != "rainbow_dimensions" {
			t.Errorf("esc in the list: %s on %s", m.mode, fieldID(m))
		}
	})
}

func TestAStaleAnswerIsMarked(t *testing.T) {
	st := includedReview(t)
	ctx := context.Background()
	if _, _, err := charting.Set(ctx, st, review.Reviewer{Name: "bob"}, review.Ref{ID: 1}, []string{"study_design=review", "location=York"}); err != nil {
		t.Fatal(err)
	}
	// Version 2 drops the option "review" and the field location.
	yaml := strings.Replace(string(charting.Templates["rainbow"]), "analysis/commentary, review,", "analysis/commentary,", 1)
	yaml = strings.Replace(yaml, "version: 1", "version: 2", 1)
	yaml = strings.Replace(yaml, "  - id: location\n    label: Location\n    type: text\n    help: Region of England or setting (e.g. \"North West\", \"rural general practice\").\n", "", 1)
	if in := install(t, st, yaml); len(in.Stale) != 2 {
		t.Fatalf("stale: %+v", in.Stale)
	}
	m := screenFor(t, st, "bob", 1, Options{})
	goTo(t, m, "study_design")
	if lineWith(m, "answer: review", "no longer fits the form: answer again") == "" {
		t.Errorf("the stale answer is not marked:\n%s", uitest.View(m))
	}
	if !strings.Contains(uitest.View(m), "0 answered") {
		t.Errorf("a stale answer counted:\n%s", uitest.View(m))
	}
	press(t, m, "l")
	if lineWith(m, "!  2 Study design: review") == "" || lineWith(m, "! no longer on the form: location = York") == "" {
		t.Errorf("the list:\n%s", uitest.View(m))
	}
	press(t, m, "esc", "1")
	if got := answers(t, st, "bob", 1)["study_design"]; got != "qualitative" {
		t.Errorf("answered again: %q", got)
	}
	press(t, m, "up")
	if strings.Contains(uitest.View(m), "no longer fits") || !strings.Contains(uitest.View(m), "1 answered") {
		t.Errorf("still marked stale:\n%s", uitest.View(m))
	}
}

func TestQuitting(t *testing.T) {
	st := includedReview(t)
	t.Run("q quits", func(t *testing.T) {
		m := screenFor(t, st, "bob", 1, Options{})
		if !press(t, m, "q") {
			t.Error("q did not quit")
		}
	})
	t.Run("q waits for the save in flight", func(t *testing.T) {
		m := screenFor(t, st, "bob", 1, Options{})
		goTo(t, m, "study_design")
		_, save := m.Update(keyMsg("2"))
		if _, cmd := m.Update(keyMsg("q")); cmd != nil {
			t.Fatal("q quit before the save's reply")
		}
		if !strings.Contains(uitest.View(m), "saving, then quitting") {
			t.Errorf("view:\n%s", uitest.View(m))
		}
		if !uitest.Run(t, m, save) {
			t.Error("the reply did not quit")
		}
		if got := answers(t, st, "bob", 1)["study_design"]; got != "mixed methods" {
			t.Errorf("saved %q", got)
		}
	})
	t.Run("a refused save cancels the quit", func(t *testing.T) {
		st := includedReview(t)
		install(t, st, withTypes())
		m := screenFor(t, st, "bob", 1, Options{})
		goTo(t, m, "published")
		press(t, m, "enter")
		typeText(t, m, "19x5")
		_, save := m.Update(keyMsg("enter"))
		if _, cmd := m.Update(keyMsg("ctrl+c")); cmd != nil {
			t.Fatal("ctrl+c quit before the save's reply")
		}
		if uitest.Run(t, m, save) {
			t.Fatal("quit on a refused save, its error unread")
		}
		if !strings.Contains(uitest.View(m), "not saved: published") || m.mode != typingLine {
			t.Errorf("%s:\n%s", m.mode, uitest.View(m))
		}
		if !press(t, m, "ctrl+c") {
			t.Error("ctrl+c did not quit")
		}
	})
	t.Run("ticks not saved ask for a second q", func(t *testing.T) {
		m := screenFor(t, st, "bob", 3, Options{})
		goTo(t, m, "sectors")
		if press(t, m, "1", "q") {
			t.Fatal("q left ticks not saved")
		}
		if !strings.Contains(uitest.View(m), "q again quits without saving the ticks on Sectors involved") {
			t.Errorf("view:\n%s", uitest.View(m))
		}
		if !press(t, m, "q") {
			t.Error("the second q did not quit")
		}
	})
	t.Run("ctrl+c quits", func(t *testing.T) {
		m := screenFor(t, st, "bob", 1, Options{})
		if !press(t, m, "enter", "ctrl+c") {
			t.Error("ctrl+c in the editor did not quit")
		}
	})
}

func TestHelpListsEveryKey(t *testing.T) {
	m := screenFor(t, includedReview(t), "bob", 1, Options{})
	press(t, m, "?")
	v := uitest.View(m)
	for _, b := range m.keys.all() {
		if !strings.Contains(v, b.Help().Key) || !strings.Contains(v, b.Help().Desc) {
			t.Errorf("no %q in the help:\n%s", b.Help().Key+" "+b.Help().Desc, v)
		}
	}
	// A key over the help only closes it.
	press(t, m, "x")
	if m.help || strings.Contains(uitest.View(m), "Keys") || strings.Contains(uitest.View(m), "cleared") {
		t.Errorf("x over the help:\n%s", uitest.View(m))
	}
}

func TestOpenHandsTheAttachedFileToTheOpener(t *testing.T) {
	st := includedReview(t)
	ctx := context.Background()
	if err := st.SetFullText(ctx, review.FullTextState{RecordID: 2, State: review.Retrieved, File: "/papers/smith2019.pdf", SHA256: "00", By: "alice"}); err != nil {
		t.Fatal(err)
	}
	var opened []string
	o := Options{Open: func(p string) error { opened = append(opened, p); return nil }}
	m := screenFor(t, st, "bob", 2, o)
	if lineWith(m, "full text: smith2019.pdf (o opens the full text)") == "" {
		t.Errorf("view:\n%s", uitest.View(m))
	}
	press(t, m, "o")
	if len(opened) != 1 || opened[0] != "/papers/smith2019.pdf" || !strings.Contains(uitest.View(m), "opened /papers/smith2019.pdf") {
		t.Errorf("opened %q:\n%s", opened, uitest.View(m))
	}
	m = screenFor(t, st, "bob", 1, o)
	press(t, m, "o")
	if len(opened) != 1 || !strings.Contains(uitest.View(m), "no full text attached") || lineWith(m, "full text: no file attached") == "" {
		t.Errorf("opened %q; view:\n%s", opened, uitest.View(m))
	}
}

func TestScrollingTheAbstract(t *testing.T) {
	long := "TY  - JOUR\nTI  - A long one\nAB  - " + strings.Repeat("word ", 400) + "last\nER  - \n"
	st := reviewOf(t, 1, long)
	m := screenFor(t, st, "bob", 1, Options{})
	if !strings.Contains(uitest.View(m), "abstract · lines 1-") {
		t.Fatalf("view:\n%s", uitest.View(m))
	}
	press(t, m, "pgdown")
	if m.scroll == 0 {
		t.Error("pgdown did not scroll")
	}
	press(t, m, "end")
	if !strings.Contains(uitest.View(m), "last") {
		t.Errorf("end does not show the last line:\n%s", uitest.View(m))
	}
	press(t, m, "home", "J", "J", "K")
	if m.scroll != 1 {
		t.Errorf("scrolled to %d, want 1", m.scroll)
	}
	// The abstract pages while an answer is typed.
	press(t, m, "enter", "pgdown")
	if m.scroll <= 1 || m.mode != typingLine {
		t.Errorf("pgdown in the editor: scroll %d, %s", m.scroll, m.mode)
	}
}
