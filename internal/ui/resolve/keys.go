package resolve

import (
	"charm.land/bubbles/v2/key"

	"github.com/winnow-review/winnow/internal/ui/recordview"
)

// keymap holds every binding of the screen with its help text, so that the
// handlers, the footer and the help page name the same keys.
type keymap struct {
	Include, Exclude, Note, Skip, Undo, Open key.Binding
	recordview.ScrollKeys
	Help, Quit key.Binding
}

func newKeymap() keymap {
	return keymap{
		ScrollKeys: recordview.NewScrollKeys(),
		Include:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "resolve: include")),
		Exclude:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "resolve: exclude (at full text, pick a reason first)")),
		Note:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note, saved with your resolution of this record")),
		Skip:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip: pass over it now, the conflict stays open")),
		Undo:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo your last resolution and show that record again")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open the attached full text")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "show this help (any key hides it)")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit (every resolution shown as saved is saved)")),
	}
}

// all lists the bindings in the order the help page shows them.
func (k keymap) all() []key.Binding {
	out := []key.Binding{k.Include, k.Exclude, k.Note, k.Skip, k.Undo, k.Open}
	return append(append(out, k.Bindings()...), k.Help, k.Quit)
}

// footers are the one-line key help, longest first: the screen shows the
// first that fits its width.
var footers = []string{
	"i include  e exclude  n note  s skip  u undo  o open  ↑↓ scroll  ? help  q quit",
	"i/e resolve  n note  s skip  u undo  o open  ? help  q quit",
	"i/e resolve  s skip  u undo  ? help  q quit",
	"? help  q quit",
}
