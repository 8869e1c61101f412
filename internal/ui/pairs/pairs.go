// Package pairs is the terminal screen of `winnow dedup review`: one
// unsure pair at a time, the two records side by side with the fields
// that differ marked, and one key to call them the same work, different,
// or to skip. The model never touches the review: it asks the command's
// Decide function in a tea.Cmd and moves on only when the decision is
// saved, so that nothing shown as decided is lost.
package pairs

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
)

// Decide saves a person's verdict on a pair.
type Decide func(a, b int64, same bool) error

// keymap holds every binding with its help text.
var keymap = []struct{ keys, help string }{
	{"s", "same work: link them"},
	{"d", "different works"},
	{"k", "skip this pair for now"},
	{"q", "quit"},
	{"?", "help"},
}

// Model is the review screen.
type Model struct {
	pairs   []dedup.Pair
	records map[int64]*review.Record
	decide  Decide
	i       int
	width   int
	height  int
	saving  bool
	help    bool
	err     error
	Decided int // pairs decided in this session
	Skipped int
	color   bool
}

// New builds the screen for the queue; records holds both records of
// every pair.
func New(queue []dedup.Pair, records map[int64]*review.Record, decide Decide, color bool) *Model {
	return &Model{pairs: queue, records: records, decide: decide, width: 80, height: 24, color: color}
}

type savedMsg struct{ err error }

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
		m.Decided++
		m.i++
		if m.i >= len(m.pairs) {
			return m, tea.Quit
		}
	case tea.KeyPressMsg:
		if m.saving {
			return m, nil // one decision at a time
		}
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			return m, tea.Quit
		case "?":
			m.help = !m.help
		case "k", "space", "right":
			m.Skipped++
			m.i++
			if m.i >= len(m.pairs) {
				return m, tea.Quit
			}
		case "s", "d":
			if m.i >= len(m.pairs) {
				return m, tea.Quit
			}
			p := m.pairs[m.i]
			same := msg.String() == "s"
			m.saving = true
			return m, func() tea.Msg { return savedMsg{m.decide(p.A, p.B, same)} }
		}
	}
	return m, nil
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	if len(m.pairs) == 0 || m.i >= len(m.pairs) {
		return "No pairs left to review.\n"
	}
	p := m.pairs[m.i]
	a, b := m.records[p.A], m.records[p.B]
	var s strings.Builder
	fmt.Fprintf(&s, "Pair %d of %d · score %.2f · %s\n", m.i+1, len(m.pairs), p.Score, ui.SafeLine(strings.Join(p.Reasons, "; ")))
	fmt.Fprintf(&s, "decided %d, skipped %d\n\n", m.Decided, m.Skipped)
	col := max(20, (m.width-3)/2)
	left, right := fields(a), fields(b)
	for i := range left {
		differ := i > 0 && left[i].value != right[i].value // row 0 names the records
		mark := "  "
		if differ {
			mark = "≠ "
		}
		l := wrap(left[i].label+": "+left[i].value, col)
		r := wrap(right[i].label+": "+right[i].value, col)
		if differ && m.color {
			style := lipgloss.NewStyle().Foreground(lipgloss.Color("3"))
			l, r = style.Render(l), style.Render(r)
		}
		height := max(strings.Count(l, "\n"), strings.Count(r, "\n")) + 1
		sep := strings.TrimSuffix(strings.Repeat(" │ \n", height), "\n")
		row := lipgloss.JoinHorizontal(lipgloss.Top, pad(l, col), sep, r)
		for j, line := range strings.Split(row, "\n") {
			if j == 0 {
				s.WriteString(mark)
			} else {
				s.WriteString("  ")
			}
			s.WriteString(line + "\n")
		}
	}
	s.WriteString("\n")
	switch {
	case m.err != nil:
		fmt.Fprintf(&s, "not saved: %s\n", ui.SafeLine(m.err.Error()))
	case m.saving:
		s.WriteString("saving…\n")
	}
	if m.help {
		for _, k := range keymap {
			fmt.Fprintf(&s, "  %s  %s\n", k.keys, k.help)
		}
	} else {
		s.WriteString("s same · d different · k skip · q quit · ? help\n")
	}
	return s.String()
}

type field struct{ label, value string }

func fields(r *review.Record) []field {
	if r == nil {
		return []field{{"record", "(missing)"}}
	}
	year := ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	var cite []string
	if r.Volume != "" {
		cite = append(cite, "vol "+r.Volume)
	}
	if r.Issue != "" {
		cite = append(cite, "no "+r.Issue)
	}
	if r.Pages != "" {
		cite = append(cite, "pp "+r.Pages)
	}
	return []field{
		{"Record", strconv.FormatInt(r.ID, 10) + " · " + r.Source},
		{"Title", r.DisplayTitle()},
		{"Authors", r.AuthorNames()},
		{"Year", year},
		{"Journal", r.Journal},
		{"Citation", strings.Join(cite, ", ")},
		{"DOI", r.DOI},
		{"PMID", r.PMID},
		{"Type", r.Type},
	}
}

func wrap(s string, width int) string {
	return ansi.Wrap(ui.SafeLine(s), width, "")
}

func pad(s string, width int) string {
	return lipgloss.NewStyle().Width(width).Render(s)
}
