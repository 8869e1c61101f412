package pairs

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
)

func fixture(decide Decide) *Model {
	recs := map[int64]*review.Record{
		1: {ID: 1, Source: "MEDLINE", Title: "Integrated care for older people", Year: 2019, DOI: "10.5555/a"},
		2: {ID: 2, Source: "EMBASE", Title: "Integrated care for older people.", Year: 2020},
		3: {ID: 3, Source: "WoS", Title: "Social prescribing", Year: 2018},
	}
	queue := []match.Pair{{A: 1, B: 2, Score: 0.9, Reasons: []string{"similar 0.90: title"}}, {A: 1, B: 3, Score: 0.8}}
	return New(queue, recs, decide, false)
}

func press(m tea.Model, key string) (tea.Model, tea.Cmd) {
	r := []rune(key)[0]
	return m.Update(tea.KeyPressMsg{Code: r, Text: key})
}

// recorder is a Decide that notes each verdict, and each one taken back.
type recorder struct{ log []string }

func (r *recorder) decide(a, b int64, same bool) (Undo, error) {
	verdict := "different"
	if same {
		verdict = "same"
	}
	r.log = append(r.log, fmt.Sprintf("%d %d %s", a, b, verdict))
	return func() error {
		r.log = append(r.log, fmt.Sprintf("%d %d undone", a, b))
		return nil
	}, nil
}

// run presses a key and runs its command to the end.
func run(m *Model, key string) {
	_, cmd := press(m, key)
	for cmd != nil {
		_, cmd = m.Update(cmd())
	}
}

func view(m *Model) string { return ansi.Strip(m.View().Content) }

func TestDecisionsAreSavedBeforeMovingOn(t *testing.T) {
	var r recorder
	m := fixture(r.decide)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := view(m)
	if !strings.Contains(v, "Pair 1 of 2") || !strings.Contains(v, "≠ Year: 2019") || !strings.Contains(v, "l link (same work) · a apart (different)") {
		t.Fatalf("first view:\n%s", v)
	}
	_, cmd := press(m, "l")
	if !m.saving || m.i != 0 {
		t.Fatalf("the screen moved on before the decision was saved")
	}
	// A second key while saving is ignored: one decision at a time.
	press(m, "a")
	m.Update(cmd())
	if m.i != 1 || m.Decided != 1 || !strings.Contains(view(m), "saved: 1 and 2 the same work, linked") {
		t.Fatalf("after saving: pair %d, decided %d\n%s", m.i, m.Decided, view(m))
	}
	run(m, "a")
	if !strings.Contains(view(m), "No pairs left to review: 2 decided, 0 skipped.") {
		t.Errorf("after the last pair:\n%s", view(m))
	}
	if strings.Join(r.log, ",") != "1 2 same,1 3 different" {
		t.Errorf("saved %q", r.log)
	}
}

// TestTheScreensKeysDecideNothingHere: s skips, as in the screen; d (a
// duplicate, in the screen) and the old k decide nothing.
func TestTheScreensKeysDecideNothingHere(t *testing.T) {
	var r recorder
	m := fixture(r.decide)
	run(m, "d")
	if m.i != 0 || len(r.log) != 0 || !strings.Contains(view(m), "l links the pair (the same work), a keeps it apart") {
		t.Fatalf("d: pair %d, saved %q\n%s", m.i, r.log, view(m))
	}
	run(m, "k")
	if m.i != 0 || len(r.log) != 0 {
		t.Fatalf("k: pair %d, saved %q", m.i, r.log)
	}
	run(m, "s")
	if m.i != 1 || m.Skipped != 1 || len(r.log) != 0 {
		t.Errorf("s: pair %d, skipped %d, saved %q", m.i, m.Skipped, r.log)
	}
}

func TestUndoTakesBackTheLastVerdictOrSkip(t *testing.T) {
	var r recorder
	m := fixture(r.decide)
	run(m, "u")
	if !strings.Contains(view(m), "nothing to undo") {
		t.Errorf("u with nothing done:\n%s", view(m))
	}
	run(m, "l")
	run(m, "s")
	run(m, "u") // the skip
	if m.i != 1 || m.Skipped != 0 {
		t.Fatalf("after undoing the skip: pair %d, skipped %d", m.i, m.Skipped)
	}
	run(m, "u") // the link
	if m.i != 0 || m.Decided != 0 || !strings.Contains(view(m), "undone: 1 and 2 wait for a verdict again") {
		t.Fatalf("after undoing the link: pair %d, decided %d\n%s", m.i, m.Decided, view(m))
	}
	run(m, "a")
	if strings.Join(r.log, ",") != "1 2 same,1 2 undone,1 2 different" {
		t.Errorf("saved %q", r.log)
	}
}

func TestAFailedSaveStaysOnThePair(t *testing.T) {
	m := fixture(func(a, b int64, same bool) (Undo, error) { return nil, errors.New("review is busy") })
	run(m, "l")
	if m.i != 0 || m.Decided != 0 || !strings.Contains(view(m), "not saved: review is busy") {
		t.Errorf("pair %d, decided %d, view:\n%s", m.i, m.Decided, view(m))
	}
}

func TestQuit(t *testing.T) {
	var r recorder
	m := fixture(r.decide)
	if _, cmd := press(m, "q"); cmd == nil {
		t.Error("q did not quit")
	}
}

func TestFitsAnEightyColumnTerminal(t *testing.T) {
	m := fixture(nil)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, line := range strings.Split(view(m), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line of %d columns: %q", w, line)
		}
	}
}
