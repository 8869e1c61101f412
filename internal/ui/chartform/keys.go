package chartform

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/winnow-review/winnow/internal/ui/recordview"
)

// optionKeys are the keys that pick a choice's options and tick a
// multichoice's, in order: 1 to 9, then the letters the screen does not
// use for anything else (e edit, l list, o open, q quit and x clear are
// left out). Options past the 30th have no key: e types them.
const optionKeys = "123456789abcdfghijkmnprstuvwyz"

// optionKey is the key of the option at index i, or "" when it has none.
func optionKey(i int) string {
	if i < 0 || i >= len(optionKeys) {
		return ""
	}
	return optionKeys[i : i+1]
}

// optionIndex is the option a key picks, or -1.
func optionIndex(k string) int {
	if len(k) != 1 {
		return -1
	}
	return strings.IndexByte(optionKeys, k[0])
}

// keymap holds every binding of the screen with its help text, so that the
// handlers, the footer and the help page name the same keys.
type keymap struct {
	Next, Prev, Pick, Yes, No, Enter, Edit, Clear key.Binding
	Save, Cancel, List, Open                      key.Binding
	recordview.ScrollKeys
	Help, Quit key.Binding
}

func newKeymap() keymap {
	// ↑ and ↓ go from field to field here, so the abstract scrolls a line
	// with K and J, and a page with PgUp and PgDn as on the other screens.
	scroll := recordview.NewScrollKeys()
	scroll.Up = key.NewBinding(key.WithKeys("K"), key.WithHelp("K J", "scroll the abstract a line up or down"))
	scroll.Down = key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "scroll the abstract down"))
	scroll.PageUp.SetHelp("PgUp PgDn", "scroll the abstract a page (in an edit too)")
	scroll.Top.SetHelp("Home End", "top or end of the abstract")
	return keymap{
		ScrollKeys: scroll,
		Next:       key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab ↓", "next field")),
		Prev:       key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("S-tab ↑", "previous field")),
		Pick:       key.NewBinding(key.WithKeys(strings.Split(optionKeys, "")...), key.WithHelp("1-9 a…", "choice: pick and save; multichoice: tick or untick")),
		Yes:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y n", "yes or no field: answer and save")),
		No:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
		Enter:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit a text, number or year; save a multichoice's ticks; else next")),
		Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "type the answer (any field: options by name, commas between)")),
		Clear:      key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x del", "clear the answer (saved at once)")),
		Save:       key.NewBinding(key.WithKeys("ctrl+s", "alt+enter"), key.WithHelp("ctrl+s", "long text: save (alt+enter too; enter starts a new line)")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the edit, or drop the ticks not saved")),
		List:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "list the fields with ✓ for those answered; enter goes to one")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open the attached full text")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "show this help (any key hides it)")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit (every answer shown as saved is saved)")),
	}
}

// all lists the bindings in the order the help page shows them.
func (k keymap) all() []key.Binding {
	return []key.Binding{
		k.Next, k.Prev, k.Pick, k.Yes, k.Enter, k.Edit, k.Clear, k.Save, k.Cancel,
		k.List, k.Open, k.Up, k.PageUp, k.Top, k.Help, k.Quit,
	}
}
