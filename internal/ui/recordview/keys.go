package recordview

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ScrollKeys are the keys that scroll the abstract. A screen's keymap
// embeds them.
type ScrollKeys struct {
	Up, Down, PageUp, PageDown, Top, Last key.Binding
}

// NewScrollKeys gives the scroll keys with their help texts: ↑ k, ↓ j,
// PgUp, PgDn, Home and End.
func NewScrollKeys() ScrollKeys {
	return ScrollKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑ k", "scroll the abstract up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓ j", "scroll the abstract down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("PgDn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("Home", "top of the abstract")),
		Last:     key.NewBinding(key.WithKeys("end"), key.WithHelp("End", "end of the abstract")),
	}
}

// Bindings lists the scroll keys in the order the help page shows them.
func (k ScrollKeys) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Last}
}

// Scroll gives the abstract's first line shown after msg, from scroll:
// a line up or down, a page of page lines up or down, the top, or lines
// (the abstract's length: the caller clamps it to the last page). Any
// other key leaves scroll as it is.
func (k ScrollKeys) Scroll(msg tea.KeyPressMsg, scroll, page, lines int) int {
	switch {
	case key.Matches(msg, k.Up):
		return scroll - 1
	case key.Matches(msg, k.Down):
		return scroll + 1
	case key.Matches(msg, k.PageUp):
		return scroll - page
	case key.Matches(msg, k.PageDown):
		return scroll + page
	case key.Matches(msg, k.Top):
		return 0
	case key.Matches(msg, k.Last):
		return lines
	}
	return scroll
}

// Help is the help page: every key with its help text, then the line on
// the reason picker (picker), then how the highlight terms show.
func Help(keys []key.Binding, picker string, color bool) []string {
	out := []string{"Keys"}
	for _, b := range keys {
		h := b.Help()
		out = append(out, fmt.Sprintf("  %-5s %s", h.Key, h.Desc))
	}
	return append(out, picker, legend(color))
}
