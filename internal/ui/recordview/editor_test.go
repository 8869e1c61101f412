package recordview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui/uitest"
)

func TestLineEditor(t *testing.T) {
	var e LineEditor
	e.Reset("note: ", "abc")
	for _, k := range []string{"left", "backspace", "X", "end", " ", "d", "e", "f", "ctrl+w", "home", "delete"} {
		e.Key(uitest.Key(k))
	}
	if got := string(e.value); got != "Xc " {
		t.Errorf("value %q", got)
	}
	e.Insert("\x1b[2Jpasted\x07")
	if strings.ContainsAny(string(e.value), "\x1b\x07") {
		t.Errorf("a control character got into the field: %q", string(e.value))
	}
	e.Reset("note: ", strings.Repeat("long ", 40))
	line, x := e.Render(30)
	if ansi.StringWidth(line) > 30 || x > 29 {
		t.Errorf("%q (cursor at %d) in 30 columns", line, x)
	}
}
