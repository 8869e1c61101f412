// Package recordview holds what the two one-record-at-a-time terminal
// screens share, `winnow screen` (package screen) and `winnow resolve`
// (package resolve): the frame every view is drawn in, the record's title,
// fields and abstract with the highlight terms marked, the abstract's
// scroll keys, the reason picker's list, the help page and the one-line
// text field. What each screen decides, and how, stays in its own package.
//
// Everything here draws with colour only when asked to: with color off
// (NO_COLOR) no escape code is written at all. Text from imports reaches
// the terminal only through ui.Safe/ui.SafeLine: the functions that take a
// record make its text safe themselves, the others say what they expect.
package recordview

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
)

// The styles the screens draw with.
var (
	// Bold is for the header, the title and names.
	Bold = lipgloss.NewStyle().Bold(true)
	// Faint is for the rules and the key help.
	Faint = lipgloss.NewStyle().Faint(true)
	// badStyle is for a status that says something went wrong.
	badStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	// pickedStyle marks the chosen entry of the reason picker.
	pickedStyle = lipgloss.NewStyle().Reverse(true)
)

// Paint styles s when color is on; with color off it gives s as it is.
func Paint(color bool, st lipgloss.Style, s string) string {
	if !color {
		return s
	}
	return st.Render(s)
}

// Frame is one screenful: a header line, the body, a status line (or the
// open text field) and a one-line key help. The header, body and footer
// must be safe (ui.Safe); the status is made safe here.
type Frame struct {
	// Header is the first line, drawn bold.
	Header string
	// Body is what the screen shows under the header, cut or padded to
	// BodyHeight lines.
	Body []string
	// Status is the message on the status line, drawn red when Bad.
	Status string
	Bad    bool
	// Field is the open text field, or nil. It takes the status line,
	// and the cursor; the status then shows on the line above it.
	Field *LineEditor
	// Footer is the key help, drawn faint.
	Footer string
	// Color is false under NO_COLOR: the frame is then drawn without
	// any escape code.
	Color bool
}

// BodyHeight is how many lines of a window height high the body gets: all
// but the header, the status line and the key help.
func BodyHeight(height int) int { return max(0, height-3) }

// draw lays the frame out in exactly height lines, none wider than width,
// and gives the field's cursor (nil when no field is open or the window
// is too low to show it). A window too low for the frame keeps its first
// lines.
func (f Frame) draw(width, height int) ([]string, *tea.Cursor) {
	bodyH := BodyHeight(height)
	body := f.Body
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	out := append([]string{Paint(f.Color, Bold, f.Header)}, body...)
	for len(out) < bodyH+1 {
		out = append(out, "")
	}
	msg := ui.SafeLine(f.Status)
	if f.Bad {
		msg = Paint(f.Color, badStyle, msg)
	}
	var cursor *tea.Cursor
	status := msg
	if f.Field != nil {
		// The field takes the status line; a message about what was
		// typed shows above it.
		if f.Status != "" && len(out) > 1 {
			out[len(out)-1] = msg
		}
		var x int
		status, x = f.Field.Render(width)
		cursor = tea.NewCursor(x, len(out))
	}
	out = append(out, status, Paint(f.Color, Faint, f.Footer))
	if len(out) > height {
		out = out[:height]
		if cursor != nil && cursor.Y >= height {
			cursor = nil
		}
	}
	for i, l := range out {
		out[i] = ansi.Truncate(l, width, "…")
	}
	return out, cursor
}

// View is the frame as the program shows it: on the alternate screen,
// with the field's cursor.
func (f Frame) View(width, height int) tea.View {
	lines, cursor := f.draw(width, height)
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.Cursor = cursor
	return v
}

// FitFooter gives the first of the texts, longest first, that fits the
// width; the last when none does.
func FitFooter(width int, texts ...string) string {
	for _, t := range texts {
		if ansi.StringWidth(t) <= width {
			return t
		}
	}
	return texts[len(texts)-1]
}

// Rule draws a section's heading across the width, faint:
// "── title ─────…".
func Rule(title string, width int, color bool) string {
	r := "── " + title + " "
	return Paint(color, Faint, r+strings.Repeat("─", max(0, width-ansi.StringWidth(r))))
}

// Wrap makes s safe and wraps it to the width, a line per element.
func Wrap(s string, width int) []string {
	return strings.Split(ui.Wrap(ui.Safe(s), max(1, width)), "\n")
}
