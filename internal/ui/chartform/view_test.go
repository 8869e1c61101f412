package chartform

import (
	"context"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
)

// checkFrame fails when the view is not exactly height lines, none wider
// than width, or when it holds an escape code with colour off.
func checkFrame(t *testing.T, m *Model, width, height int, color bool, what string) {
	t.Helper()
	uitest.CheckFits(t, m, width, height, what)
	c := m.View().Content
	if n := len(strings.Split(c, "\n")); n != height {
		t.Errorf("%s: %d lines, want %d", what, n, height)
	}
	if !color && strings.Contains(c, "\x1b") {
		t.Errorf("%s: an escape code without colour: %q", what, c)
	}
}

// everyState walks the screen through each field, and on each through
// what can be open on it, calling check at every step.
func everyState(t *testing.T, m *Model, check func(what string)) {
	t.Helper()
	for i := range m.form.Fields {
		m.cur, m.mode, m.ticks, m.help = i, browsing, nil, false
		f := m.field()
		what := f.ID
		check(what)
		switch f.Type {
		case charting.MultiChoice:
			press(t, m, "1", "2")
			check(what + " ticked")
			press(t, m, "esc")
		case charting.LongText:
			press(t, m, "enter")
			typeText(t, m, strings.Repeat("A finding worth noting, and another. ", 12)+"\n\nLast line.")
			check(what + " editor")
			press(t, m, "esc")
		default:
			press(t, m, "e")
			typeText(t, m, strings.Repeat("typed ", 20))
			check(what + " line editor")
			press(t, m, "enter")
			check(what + " refused")
			press(t, m, "esc")
		}
		press(t, m, "end")
		check(what + " scrolled")
	}
	press(t, m, "l")
	check("the list of fields")
	press(t, m, "esc", "?")
	check("help")
	press(t, m, "?")
}

// busyReview is the sample review where bob has answered every field of
// record 1 at length, and one answer no longer fits, with a year, a
// number and a yes-or-no field on the form.
func busyReview(t *testing.T) *Model {
	t.Helper()
	st := includedReview(t)
	ctx := context.Background()
	bob := review.Reviewer{Name: "bob"}
	if _, _, err := charting.Set(ctx, st, bob, review.Ref{ID: 1}, []string{
		"location=" + strings.Repeat("a very long location ", 8),
		"sectors=primary care, secondary care, social care, voluntary sector, local government, local authority, public health, private sector",
		"study_design=review",
		"integration_levels=macro, meso, micro",
		"key_findings=" + strings.Repeat("One long finding after another. ", 30),
	}); err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(withTypes(), "analysis/commentary, review,", "analysis/commentary,", 1)
	yaml = strings.Replace(yaml, "version: 2", "version: 3", 1)
	install(t, st, yaml)
	if err := st.SetFullText(ctx, review.FullTextState{RecordID: 1, State: review.Retrieved, File: "/papers/" + strings.Repeat("long-name-", 12) + ".pdf", SHA256: "00", By: "alice"}); err != nil {
		t.Fatal(err)
	}
	return screenFor(t, st, "bob", 1, Options{})
}

func TestFitsAnEightyByTwentyFourTerminal(t *testing.T) {
	for _, color := range []bool{false, true} {
		m := busyReview(t)
		m.opt.Color = color
		m.laidWidth = 0
		everyState(t, m, func(what string) {
			checkFrame(t, m, 80, 24, color, "color "+strconv.FormatBool(color)+", "+what)
		})
		m.cur = 2
		if lineWith(m, "answer: review", "no longer fits the form: answer again") == "" {
			t.Errorf("the stale answer at 80×24:\n%s", uitest.View(m))
		}
		if color && !strings.Contains(m.View().Content, "\x1b[") {
			t.Errorf("no colour with colour on")
		}
	}
}

func TestFollowsTheWindowSize(t *testing.T) {
	m := busyReview(t)
	m.opt.Color = true
	for _, size := range [][2]int{{120, 40}, {100, 30}, {50, 12}, {30, 6}, {20, 4}, {80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		what := strconv.Itoa(size[0]) + "×" + strconv.Itoa(size[1])
		everyState(t, m, func(state string) {
			uitest.CheckFits(t, m, size[0], size[1], what+" "+state)
			if n := len(strings.Split(m.View().Content, "\n")); n != size[1] {
				t.Errorf("%s %s: %d lines, want the window's height", what, state, n)
			}
		})
	}
	// Taller, the abstract gets the room and the form stays whole.
	m.cur, m.mode = 2, browsing
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	low := m.abstractHeight()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	if v := uitest.View(m); !strings.Contains(v, "9 ( ) book") || m.abstractHeight() < low+16 {
		t.Errorf("abstract %d lines at 100×40, %d at 80×24:\n%s", m.abstractHeight(), low, v)
	}
}

// hostile carries escape sequences, a bell, a C1 CSI and a bidi override
// in the title, authors, journal and abstract; the plain words keep the
// importer from taking it for binary.
var hostile = "TY  - JOUR\nTI  - Evil \x1b]0;evil\x07title \x1b[2Jhere\u009b31m\u202e\nAU  - Mallory\x07, M\nJO  - J \x1b[5mBlink\nPY  - 2020\nAB  - Abstract \x1b[31mred\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07 text. " + strings.Repeat("Plain words keep the export looking like text. ", 20) + "\nER  - \n"

// hostileForm has control characters in its title, labels, help and
// options (YAML's double quotes write them).
const hostileForm = `version: 9
title: "Form \e[2J title"
fields:
  - id: design
    label: "Design \e]0;x\a label"
    type: choice
    options: ["a \e[31m red", "b \u202e flipped"]
    help: "Help \e[2J with \u009b31m a CSI"
  - id: notes
    label: Notes
    type: longtext
  - id: place
    label: Place
    type: text
`

func TestControlCharactersNeverReachTheView(t *testing.T) {
	bad := []string{"\x1b]", "\x1b[2J", "\x1b[5m", "\x1b[31mred", "\x1b[31m red", "\x07", "\u009b", "\u202e"}
	for _, color := range []bool{false, true} {
		st := reviewOf(t, 1, hostile)
		install(t, st, hostileForm)
		m := screenFor(t, st, "bob", 1, Options{Color: color})
		check := func(what string) {
			t.Helper()
			c := m.View().Content
			for _, b := range bad {
				if strings.Contains(c, b) {
					t.Errorf("colour %v, %s: %q reached the screen: %q", color, what, b, c)
				}
			}
			if !color && strings.Contains(c, "\x1b") {
				t.Errorf("colour %v, %s: an escape code without colour: %q", color, what, c)
			}
		}
		check("the record")
		v := uitest.View(m)
		for _, want := range []string{"Evil ␛]0;evil␇title ␛[2Jhere", "Mallory␇", "Design ␛]0;x␇ label", "1 ( ) a ␛[31m red", "b \\u202e flipped", "Help ␛[2J with \\u009b31m a CSI", "Form ␛[2J title"} {
			if !strings.Contains(v, want) {
				t.Errorf("colour %v: no %q in\n%s", color, want, v)
			}
		}
		press(t, m, "1")
		check("a hostile option saved")
		if got := answers(t, st, "bob", 1)["design"]; got != "a \x1b[31m red" {
			t.Errorf("the option saved as %q", got)
		}
		press(t, m, "enter")
		m.Update(tea.PasteMsg{Content: "pasted \x1b[2J text\x07\nand \u202e more"})
		typeText(t, m, "typed \x1b[31mred")
		check("typing a long text")
		press(t, m, "ctrl+s", "e")
		m.Update(tea.PasteMsg{Content: "a \x1b]0;x\x07 place"})
		check("typing a line")
		press(t, m, "enter", "up")
		check("the answers saved")
		press(t, m, "l")
		check("the list of fields")
		press(t, m, "esc", "?")
		check("help")
	}
}
