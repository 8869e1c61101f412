package recordview

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
)

// LineEditor is the one-line text field behind the screens' prompts (a
// note, a new reason, a duplicate's REF). (bubbles/textinput would do, but
// it pulls in a clipboard module the review does not carry.) What is typed
// or pasted goes through ui.SafeLine as it arrives, so the field never
// holds a control character. The zero value is an empty field with no
// prompt.
type LineEditor struct {
	prompt string
	value  []rune
	pos    int
}

// Reset opens the field afresh: the prompt, then the value with the
// cursor at its end.
func (e *LineEditor) Reset(prompt, value string) {
	e.prompt = prompt
	e.value = []rune(ui.SafeLine(value))
	e.pos = len(e.value)
}

// Text is the field's value with surrounding spaces trimmed.
func (e *LineEditor) Text() string { return strings.TrimSpace(string(e.value)) }

// Insert types s (pasted text, say) at the cursor.
func (e *LineEditor) Insert(s string) {
	r := []rune(ui.SafeLine(s))
	e.value = append(e.value[:e.pos], append(r, e.value[e.pos:]...)...)
	e.pos += len(r)
}

// Key applies an editing key (arrows, home, end, backspace, delete and
// the emacs keys ctrl+a/b/d/e/f/h/k/u/w); any other key with text types
// the text.
func (e *LineEditor) Key(msg tea.KeyPressMsg) {
	switch msg.String() {
	case "left", "ctrl+b":
		e.pos = max(0, e.pos-1)
	case "right", "ctrl+f":
		e.pos = min(len(e.value), e.pos+1)
	case "home", "ctrl+a":
		e.pos = 0
	case "end", "ctrl+e":
		e.pos = len(e.value)
	case "backspace", "ctrl+h":
		if e.pos > 0 {
			e.value = append(e.value[:e.pos-1], e.value[e.pos:]...)
			e.pos--
		}
	case "delete", "ctrl+d":
		if e.pos < len(e.value) {
			e.value = append(e.value[:e.pos], e.value[e.pos+1:]...)
		}
	case "ctrl+u":
		e.value, e.pos = e.value[e.pos:], 0
	case "ctrl+k":
		e.value = e.value[:e.pos]
	case "ctrl+w", "alt+backspace":
		i := e.pos
		for i > 0 && unicode.IsSpace(e.value[i-1]) {
			i--
		}
		for i > 0 && !unicode.IsSpace(e.value[i-1]) {
			i--
		}
		e.value = append(e.value[:i], e.value[e.pos:]...)
		e.pos = i
	default:
		if msg.Text != "" {
			e.Insert(msg.Text)
		}
	}
}

// Render draws the field in width columns and gives the cursor's column.
// A value wider than the field scrolls so that the cursor stays in view.
func (e *LineEditor) Render(width int) (string, int) {
	before, after := string(e.value[:e.pos]), string(e.value[e.pos:])
	room := max(1, width-ansi.StringWidth(e.prompt)-1)
	if w := ansi.StringWidth(before); w > room {
		before = ansi.TruncateLeft(before, w-room+1, "…")
	}
	line := e.prompt + before
	x := ansi.StringWidth(line)
	line = ansi.Truncate(line+after, max(1, width), "…")
	return line, min(x, max(0, width-1))
}
