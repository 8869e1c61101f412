package chartform

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
)

// textArea is the multi-line field of a longtext answer: paragraphs, the
// lines soft-wrapped at word boundaries to the width they are drawn in.
// (bubbles/textarea would do, but it pulls in a clipboard module the
// review does not carry, as bubbles/textinput does for the LineEditor.)
// What is typed or pasted is made safe as it arrives (ui.Safe, tabs as
// spaces), so the field never holds a control character but the line
// break. The zero value is an empty field.
type textArea struct {
	lines [][]rune // at least one line once Reset
	row   int      // the cursor's line
	col   int      // the cursor's rune in its line
	// top is the first screen line shown, kept so that the cursor stays
	// in view as it moves.
	top int
	// goal is the screen column that ↑ and ↓ aim for, -1 when it is the
	// cursor's own.
	goal int
}

// Reset opens the field afresh on value, the cursor at its end.
func (a *textArea) Reset(value string) {
	a.lines = [][]rune{{}}
	a.row, a.col, a.top, a.goal = 0, 0, 0, -1
	a.Insert(value)
}

// Value is the text, its lines joined by "\n".
func (a *textArea) Value() string {
	s := make([]string, len(a.lines))
	for i, l := range a.lines {
		s[i] = string(l)
	}
	return strings.Join(s, "\n")
}

// clean makes typed or pasted text safe for the field: line ends as "\n",
// tabs as a space, every other control character shown as ui.Safe shows
// it.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(ui.Safe(s), "\t", " ")
}

// Insert types s at the cursor; its line breaks start new lines.
func (a *textArea) Insert(s string) {
	if len(a.lines) == 0 {
		a.lines = [][]rune{{}}
	}
	parts := strings.Split(clean(s), "\n")
	line := a.lines[a.row]
	head, tail := append([]rune{}, line[:a.col]...), append([]rune{}, line[a.col:]...)
	if len(parts) == 1 {
		r := []rune(parts[0])
		a.lines[a.row] = append(append(head, r...), tail...)
		a.col += len(r)
	} else {
		added := make([][]rune, len(parts))
		added[0] = append(head, []rune(parts[0])...)
		for i := 1; i < len(parts); i++ {
			added[i] = []rune(parts[i])
		}
		last := len(parts) - 1
		a.col = len(added[last])
		added[last] = append(added[last], tail...)
		a.lines = append(a.lines[:a.row], append(added, a.lines[a.row+1:]...)...)
		a.row += last
	}
	a.goal = -1
}

// Key applies an editing key: enter starts a new line; arrows, home, end,
// backspace, delete and the emacs keys ctrl+a/b/d/e/f/h/k/n/p/u/w move
// and delete; any other key with text types the text. Saving and
// cancelling are the screen's keys, handled before this.
func (a *textArea) Key(msg tea.KeyPressMsg, width int) {
	if len(a.lines) == 0 {
		a.lines = [][]rune{{}}
	}
	line := a.lines[a.row]
	switch msg.String() {
	case "enter":
		a.Insert("\n")
	case "left", "ctrl+b":
		switch {
		case a.col > 0:
			a.col--
		case a.row > 0:
			a.row--
			a.col = len(a.lines[a.row])
		}
	case "right", "ctrl+f":
		switch {
		case a.col < len(line):
			a.col++
		case a.row < len(a.lines)-1:
			a.row++
			a.col = 0
		}
	case "up", "ctrl+p":
		a.vertical(-1, width)
		return
	case "down", "ctrl+n":
		a.vertical(1, width)
		return
	case "home", "ctrl+a":
		a.col = 0
	case "end", "ctrl+e":
		a.col = len(line)
	case "backspace", "ctrl+h":
		switch {
		case a.col > 0:
			a.lines[a.row] = append(line[:a.col-1], line[a.col:]...)
			a.col--
		case a.row > 0:
			prev := a.lines[a.row-1]
			a.col = len(prev)
			a.lines[a.row-1] = append(prev, line...)
			a.lines = append(a.lines[:a.row], a.lines[a.row+1:]...)
			a.row--
		}
	case "delete", "ctrl+d":
		switch {
		case a.col < len(line):
			a.lines[a.row] = append(line[:a.col], line[a.col+1:]...)
		case a.row < len(a.lines)-1:
			a.lines[a.row] = append(line, a.lines[a.row+1]...)
			a.lines = append(a.lines[:a.row+1], a.lines[a.row+2:]...)
		}
	case "ctrl+k":
		if a.col == len(line) && a.row < len(a.lines)-1 {
			a.lines[a.row] = append(line, a.lines[a.row+1]...)
			a.lines = append(a.lines[:a.row+1], a.lines[a.row+2:]...)
		} else {
			a.lines[a.row] = line[:a.col]
		}
	case "ctrl+u":
		a.lines[a.row] = line[a.col:]
		a.col = 0
	case "ctrl+w", "alt+backspace":
		i := a.col
		for i > 0 && unicode.IsSpace(line[i-1]) {
			i--
		}
		for i > 0 && !unicode.IsSpace(line[i-1]) {
			i--
		}
		a.lines[a.row] = append(line[:i], line[a.col:]...)
		a.col = i
	default:
		if msg.Text != "" {
			a.Insert(msg.Text)
		}
	}
	a.goal = -1
}

// segment is one screen line of the field: runes [from, to) of a line.
type segment struct {
	row, from, to int
}

// layout soft-wraps the lines to width columns, breaking after a space
// where a line has one, else inside the word.
func (a *textArea) layout(width int) []segment {
	width = max(1, width)
	var out []segment
	for row, line := range a.lines {
		from := 0
		for {
			w, to, lastSpace := 0, from, -1
			for to < len(line) {
				rw := runeWidth(line[to])
				if w+rw > width {
					break
				}
				w += rw
				if line[to] == ' ' {
					lastSpace = to
				}
				to++
			}
			switch {
			case to < len(line) && line[to] == ' ':
				// The space after a word that fills the line ends the
				// line, in the column kept for the cursor.
				to++
			case to < len(line) && lastSpace >= from:
				to = lastSpace + 1
			}
			if to == from && to < len(line) {
				to++ // a rune wider than the field still takes a line
			}
			out = append(out, segment{row, from, to})
			if to >= len(line) {
				break
			}
			from = to
		}
	}
	return out
}

// at finds the screen line and column of the cursor in a layout.
func (a *textArea) at(segs []segment) (y, x int) {
	for i, s := range segs {
		if s.row != a.row || a.col < s.from {
			continue
		}
		last := i == len(segs)-1 || segs[i+1].row != s.row
		if a.col < s.to || (a.col == s.to && last) {
			return i, runesWidth(a.lines[s.row][s.from:a.col])
		}
	}
	return 0, 0
}

// vertical moves the cursor a screen line up (-1) or down (1), aiming at
// the column it started from.
func (a *textArea) vertical(dir, width int) {
	segs := a.layout(width - 1)
	y, x := a.at(segs)
	if a.goal < 0 {
		a.goal = x
	}
	y += dir
	if y < 0 || y >= len(segs) {
		return
	}
	s := segs[y]
	line := a.lines[s.row]
	a.row, a.col = s.row, s.from
	w := 0
	for a.col < s.to && w+runeWidth(line[a.col]) <= a.goal {
		w += runeWidth(line[a.col])
		a.col++
	}
	// A soft-wrapped line's last position belongs to the next screen
	// line: stay before its trailing space.
	if last := y == len(segs)-1 || segs[y+1].row != s.row; !last && a.col == s.to && a.col > s.from {
		a.col--
	}
}

// Render draws the field in height lines of width columns (one column is
// kept for the cursor at a line's end) and gives the cursor's place in
// them. The lines shown follow the cursor.
func (a *textArea) Render(width, height int) (lines []string, x, y int) {
	height = max(1, height)
	segs := a.layout(width - 1)
	cy, cx := a.at(segs)
	a.top = max(min(a.top, cy), cy-height+1)
	a.top = max(0, min(a.top, len(segs)-height))
	for i := a.top; i < len(segs) && len(lines) < height; i++ {
		s := segs[i]
		lines = append(lines, string(a.lines[s.row][s.from:s.to]))
	}
	return lines, min(cx, max(0, width-1)), cy - a.top
}

func runeWidth(r rune) int {
	if r < 0x80 {
		return 1
	}
	return max(0, ansi.StringWidth(string(r)))
}

func runesWidth(rs []rune) int {
	w := 0
	for _, r := range rs {
		w += runeWidth(r)
	}
	return w
}
