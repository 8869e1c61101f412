package chartform

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestTextAreaEditing(t *testing.T) {
	var a textArea
	a.Reset("first\nsecond")
	if a.row != 1 || a.col != 6 {
		t.Fatalf("cursor at %d:%d after Reset, want the end", a.row, a.col)
	}
	for _, k := range []string{"enter", "t", "h", "i", "r", "d", "up", "home", "X", "ctrl+e", "backspace", "down", "ctrl+a", "backspace"} {
		a.Key(keyMsg(k), 40)
	}
	if got, want := a.Value(), "first\nXseconthird"; got != want {
		t.Errorf("value %q, want %q", got, want)
	}
	a.Key(keyMsg("left"), 40)
	a.Key(keyMsg("delete"), 40)
	if got, want := a.Value(), "first\nXsecothird"; got != want {
		t.Errorf("after delete %q, want %q", got, want)
	}
	// left at a line's start goes to the end of the line above; delete at
	// a line's end joins the next.
	a.Reset("ab\ncd")
	a.Key(keyMsg("ctrl+a"), 40)
	a.Key(keyMsg("left"), 40)
	a.Key(keyMsg("delete"), 40)
	if got := a.Value(); got != "abcd" || a.col != 2 {
		t.Errorf("joined %q, cursor at %d", got, a.col)
	}
	a.Key(keyMsg("ctrl+u"), 40)
	if got := a.Value(); got != "cd" {
		t.Errorf("ctrl+u: %q", got)
	}
}

func TestTextAreaKeepsControlCharactersOut(t *testing.T) {
	var a textArea
	a.Reset("")
	a.Insert("one\r\ntwo\rthree\tfour \x1b[2J\x07 \u202e five")
	got := a.Value()
	if got != "one\ntwo\nthree four ␛[2J␇ \\u202e five" {
		t.Errorf("value %q", got)
	}
}

func TestTextAreaWrapsAndFollowsTheCursor(t *testing.T) {
	var a textArea
	text := strings.Repeat("word ", 40) + "end"
	a.Reset(text)
	lines, x, y := a.Render(30, 4)
	if len(lines) != 4 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 30 {
			t.Errorf("line of %d columns: %q", w, l)
		}
		if strings.HasPrefix(l, "ord") {
			t.Errorf("a word broken: %q", lines)
		}
	}
	// The cursor, at the end, is on the last line shown, after "end".
	if y != 3 || !strings.HasSuffix(lines[3], "end") || x != ansi.StringWidth(lines[3]) {
		t.Errorf("cursor at %d,%d in %q", x, y, lines)
	}
	// Up moves a screen line, keeping the column; the view follows.
	for range 8 {
		a.Key(keyMsg("up"), 30)
	}
	lines, _, y = a.Render(30, 4)
	if y != 0 || a.row != 0 {
		t.Errorf("after 8 ups the cursor is on line %d of the view %q", y, lines)
	}
	// A word wider than the field is cut where it must be.
	a.Reset(strings.Repeat("x", 70))
	lines, _, _ = a.Render(30, 4)
	if len(lines) != 3 || lines[0] != strings.Repeat("x", 29) {
		t.Errorf("a long word: %q", lines)
	}
	// Wide runes count as two columns.
	a.Reset(strings.Repeat("漢", 20))
	lines, _, _ = a.Render(11, 4)
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 10 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
}
