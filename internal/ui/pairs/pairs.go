// Package pairs is the terminal screen of `winnow dedup review`: one
// unsure pair at a time, the two records side by side with the fields
// that differ marked, and one key to call them the same work, different
// works, to skip, or to take back the last of these. The model never
// touches the review: it asks the command's Decide function in a tea.Cmd
// and moves on only when the verdict is saved, so that nothing shown as
// decided is lost.
//
// The keys follow the screen's habits (`winnow screen`): s skips, u
// undoes, q quits. The verdicts take keys the screen does not use, so
// that no screener's habit decides a pair: l links the records (the same
// work), a keeps them apart (different works). d, which marks a
// duplicate in the screen, decides nothing here: it says which keys do.
package pairs

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
)

// Decide saves a person's verdict on a pair and gives the function that
// takes it back.
type Decide func(a, b int64, same bool) (Undo, error)

// Undo takes a saved verdict back.
type Undo func() error

// keymap holds every binding with its help text, in the order the help
// shows them.
var keymap = []struct{ keys, help string }{
	{"l", "link: the same work"},
	{"a", "apart: different works"},
	{"s", "skip this pair for now"},
	{"u", "undo: take back your last verdict or skip"},
	{"q", "quit (every verdict shown as saved is saved)"},
	{"?", "help"},
}

const footer = "l link (same work) · a apart (different) · s skip · u undo · q quit · ? help"

// step is a verdict or skip of this session, for u.
type step struct {
	i    int
	undo Undo // nil for a skip
}

// Model is the review screen.
type Model struct {
	pairs   []match.Pair
	records map[int64]*review.Record
	decide  Decide
	i       int
	width   int
	height  int
	saving  bool
	help    bool
	msg     string
	err     error
	history []step
	// quitting is set by q pressed while a verdict was saving: the
	// screen quits when it is saved.
	quitting bool
	Decided  int // pairs decided in this session (and not taken back)
	Skipped  int
	color    bool
}

// New builds the screen for the queue; records holds both records of
// every pair.
func New(queue []match.Pair, records map[int64]*review.Record, decide Decide, color bool) *Model {
	return &Model{pairs: queue, records: records, decide: decide, width: 80, height: 24, color: color}
}

type (
	savedMsg struct {
		undo Undo
		same bool
		err  error
	}
	undoneMsg struct{ err error }
)

// Init starts the screen.
func (m *Model) Init() tea.Cmd { return nil }

// Update moves the screen's state.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case savedMsg:
		m.saving = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.err = nil
		p := m.pairs[m.i]
		verdict := "different works, kept apart"
		if msg.same {
			verdict = "the same work, linked"
		}
		m.msg = fmt.Sprintf("saved: %d and %d %s", p.A, p.B, verdict)
		m.history = append(m.history, step{i: m.i, undo: msg.undo})
		m.Decided++
		m.i++
	case undoneMsg:
		m.saving = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.err = nil
		last := m.history[len(m.history)-1]
		m.history = m.history[:len(m.history)-1]
		m.i = last.i
		m.Decided--
		m.msg = fmt.Sprintf("undone: %d and %d wait for a verdict again", m.pairs[m.i].A, m.pairs[m.i].B)
	case tea.KeyPressMsg:
		if m.saving {
			// One verdict at a time; q quits once it is saved.
			m.quitting = m.quitting || msg.String() == "q" || msg.String() == "ctrl+c"
			return m, nil
		}
		return m, m.key(msg.String())
	}
	if m.quitting && !m.saving {
		return m, tea.Quit
	}
	return m, nil
}

func (m *Model) key(k string) tea.Cmd {
	if m.help && k != "q" && k != "ctrl+c" {
		m.help = false // a key over the help only closes it
		return nil
	}
	m.msg = ""
	switch k {
	case "q", "ctrl+c":
		return tea.Quit
	case "?":
		m.help = true
	case "u":
		return m.undo()
	}
	if m.i >= len(m.pairs) {
		return nil
	}
	switch k {
	case "s":
		m.history = append(m.history, step{i: m.i})
		m.Skipped++
		m.i++
	case "l", "a":
		p, same := m.pairs[m.i], k == "l"
		m.saving = true
		decide := m.decide
		return func() tea.Msg {
			undo, err := decide(p.A, p.B, same)
			return savedMsg{undo: undo, same: same, err: err}
		}
	case "d", "k":
		m.msg = "l links the pair (the same work), a keeps it apart (different works), s skips it"
	}
	return nil
}

// undo takes back the last verdict (saved first) or skip.
func (m *Model) undo() tea.Cmd {
	if len(m.history) == 0 {
		m.msg = "nothing to undo in this session"
		return nil
	}
	last := m.history[len(m.history)-1]
	if last.undo == nil {
		m.history = m.history[:len(m.history)-1]
		m.i = last.i
		m.Skipped--
		return nil
	}
	m.saving = true
	return func() tea.Msg { return undoneMsg{last.undo()} }
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	var s strings.Builder
	if len(m.pairs) == 0 || m.i >= len(m.pairs) {
		fmt.Fprintf(&s, "No pairs left to review: %d decided, %d skipped.\n", m.Decided, m.Skipped)
	} else {
		p := m.pairs[m.i]
		fmt.Fprintf(&s, "Pair %d of %d · score %.2f · %s\n", m.i+1, len(m.pairs), p.Score, ui.SafeLine(strings.Join(p.Reasons, "; ")))
		fmt.Fprintf(&s, "decided %d, skipped %d\n\n", m.Decided, m.Skipped)
		for _, line := range recordview.Compare(m.records[p.A], m.records[p.B], recordview.AllFields, m.width, m.color) {
			s.WriteString(line + "\n")
		}
		s.WriteString("\nThe same work?\n")
	}
	switch {
	case m.err != nil:
		fmt.Fprintf(&s, "not saved: %s\n", ui.SafeLine(m.err.Error()))
	case m.saving:
		s.WriteString("saving…\n")
	case m.msg != "":
		s.WriteString(ui.SafeLine(m.msg) + "\n")
	}
	if m.help {
		for _, k := range keymap {
			fmt.Fprintf(&s, "  %s  %s\n", k.keys, k.help)
		}
	} else {
		s.WriteString(recordview.FitFooter(m.width, footer, "l link · a apart · s skip · u undo · q quit") + "\n")
	}
	return s.String()
}
