package screen

import (
	"charm.land/bubbles/v2/key"

	"github.com/winnow-review/winnow/internal/ui/recordview"
)

// keymap holds every binding of the screen with its help text, so that the
// handlers, the footer and the help page name the same keys.
type keymap struct {
	Include, Exclude, Maybe, Skip, Undo key.Binding
	Note, Reason, Duplicate, Open       key.Binding
	Label                               key.Binding
	recordview.ScrollKeys
	Help, Quit key.Binding
}

func newKeymap() keymap {
	return keymap{
		ScrollKeys: recordview.NewScrollKeys(),
		Include:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "include")),
		Exclude:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "exclude (at full text, pick a reason first)")),
		Maybe:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "maybe")),
		Skip:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip: pass over it now, it stays in your queue")),
		Undo:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo your last decision or link and show that record again")),
		Note:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note on this record: kept when you press enter, decided or not")),
		Label:      key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "label: type one (tab completes from your labels); enter adds it, or takes it off when on")),
		Reason:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "exclusion reason: pick one from the list or type one")),
		Duplicate:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "duplicate of another record (number, doi:… or pmid:…): both shown, y links")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open the attached full text")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "show this help (any key hides it)")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit (every decision shown as saved is saved)")),
	}
}

// all lists the bindings in the order the help page shows them.
func (k keymap) all() []key.Binding {
	out := []key.Binding{k.Include, k.Exclude, k.Maybe, k.Skip, k.Undo, k.Note, k.Label, k.Reason, k.Duplicate, k.Open}
	return append(append(out, k.Bindings()...), k.Help, k.Quit)
}

// footers are the one-line key help, longest first: the screen shows the
// first that fits its width.
var footers = []string{
	"i include  e exclude  m maybe  s skip  u undo  n note  l label  r reason  d duplicate  o open  ? help  q quit",
	"i/e/m decide  s skip  u undo  n note  l label  r reason  d dup  o open  ? help  q quit",
	"i/e/m decide  s skip  u undo  ? help  q quit",
	"? help  q quit",
}
