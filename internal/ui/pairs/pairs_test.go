package pairs

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
)

func fixture(decide Decide) *Model {
	recs := map[int64]*review.Record{
		1: {ID: 1, Source: "MEDLINE", Title: "Integrated care for older people", Year: 2019, DOI: "10.5555/a"},
		2: {ID: 2, Source: "EMBASE", Title: "Integrated care for older people.", Year: 2020},
		3: {ID: 3, Source: "WoS", Title: "Social prescribing", Year: 2018},
	}
	queue := []dedup.Pair{{A: 1, B: 2, Score: 0.9, Reasons: []string{"similar 0.90: title"}}, {A: 1, B: 3, Score: 0.8}}
	return New(queue, recs, decide, false)
}

func press(m tea.Model, key string) (tea.Model, tea.Cmd) {
	r := []rune(key)[0]
	return m.Update(tea.KeyPressMsg{Code: r, Text: key})
}

func TestDecisionsAreSavedBeforeMovingOn(t *testing.T) {
	var saved []string
	m := fixture(func(a, b int64, same bool) error {
		verdict := "different"
		if same {
			verdict = "same"
		}
		saved = append(saved, fmt.Sprintf("%d %d %s", a, b, verdict))
		return nil
	})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	view := ansi.Strip(m.View().Content)
	if !strings.Contains(view, "Pair 1 of 2") || !strings.Contains(view, "≠ Year: 2019") {
		t.Fatalf("first view:\n%s", view)
	}
	_, cmd := press(m, "s")
	if !m.saving || m.i != 0 {
		t.Fatalf("the screen moved on before the decision was saved")
	}
	// A second key while saving is ignored: one decision at a time.
	press(m, "d")
	m.Update(cmd())
	if m.i != 1 || m.Decided != 1 {
		t.Fatalf("after saving: pair %d, decided %d", m.i, m.Decided)
	}
	_, cmd = press(m, "d")
	_, quit := m.Update(cmd())
	if quit == nil {
		t.Fatal("the screen did not quit after the last pair")
	}
	if strings.Join(saved, ",") != "1 2 same,1 3 different" {
		t.Errorf("saved %q", saved)
	}
}

func TestAFailedSaveStaysOnThePair(t *testing.T) {
	m := fixture(func(a, b int64, same bool) error { return errors.New("review is busy") })
	_, cmd := press(m, "s")
	m.Update(cmd())
	if m.i != 0 || m.Decided != 0 || !strings.Contains(ansi.Strip(m.View().Content), "not saved: review is busy") {
		t.Errorf("pair %d, decided %d, view:\n%s", m.i, m.Decided, m.View().Content)
	}
}

func TestSkipAndQuit(t *testing.T) {
	m := fixture(func(a, b int64, same bool) error { return nil })
	press(m, "k")
	if m.i != 1 || m.Skipped != 1 {
		t.Errorf("skip: pair %d skipped %d", m.i, m.Skipped)
	}
	if _, cmd := press(m, "q"); cmd == nil {
		t.Error("q did not quit")
	}
}

func TestFitsAnEightyColumnTerminal(t *testing.T) {
	m := fixture(nil)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, line := range strings.Split(ansi.Strip(m.View().Content), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line of %d columns: %q", w, line)
		}
	}
}
