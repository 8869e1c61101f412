package screen

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
)

// labelledMsg is the reply to the label key: the reviewer's labels on
// the record now.
type labelledMsg struct {
	id     int64
	label  string
	labels []string
	added  bool
	err    error
}

// labelPrompt is the label field's prompt.
const labelPrompt = "label (tab completes): "

// openLabel opens the label field on the current record.
func (m *Model) openLabel() {
	m.mode = typingLabel
	m.field.Reset(labelPrompt, "")
	m.completing = nil
	m.say(false, "%s", m.labelHint(""))
}

// labelHint is the status line under the label field: the labels known
// that start with what is typed, so that the screener sees what tab
// would complete to.
func (m *Model) labelHint(typed string) string {
	var known []string
	for _, l := range m.opt.Labels {
		if strings.HasPrefix(strings.ToLower(l), strings.ToLower(typed)) {
			known = append(known, ui.SafeLine(l))
		}
	}
	if len(known) == 0 {
		if len(m.opt.Labels) == 0 {
			return "a new label; enter adds it (the same again takes it off)"
		}
		return "a new label"
	}
	return "your labels: " + strings.Join(known, " · ")
}

// labelKey edits the label field: tab completes from the labels used
// before (again: the next that fits), enter adds the label or takes it
// off, esc cancels.
func (m *Model) labelKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.mode = browsing
		m.say(false, "")
		return nil
	case "tab":
		if m.completing == nil {
			typed := strings.ToLower(m.field.Text())
			m.completing = []string{}
			for _, l := range m.opt.Labels {
				if strings.HasPrefix(strings.ToLower(l), typed) {
					m.completing = append(m.completing, l)
				}
			}
			m.completeAt = -1
		}
		if len(m.completing) > 0 {
			m.completeAt = (m.completeAt + 1) % len(m.completing)
			m.field.Reset(labelPrompt, m.completing[m.completeAt])
		}
		return nil
	case "enter":
	default:
		m.completing = nil
		m.field.Key(msg)
		m.say(false, "%s", m.labelHint(m.field.Text()))
		return nil
	}
	label := m.field.Text()
	if label == "" {
		m.say(true, "type a label, or esc to cancel")
		return nil
	}
	m.mode = browsing
	m.busy = true
	m.say(false, "saving the label…")
	id := m.item.Record.ID
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		labels, added, err := s.ToggleLabel(ctx, id, label)
		return labelledMsg{id: id, label: label, labels: labels, added: added, err: err}
	}
}

func (m *Model) labelled(msg labelledMsg) {
	m.busy = false
	if msg.err != nil {
		m.say(true, "label not saved: %s", msg.err)
		return
	}
	if !slices.Contains(m.opt.Labels, msg.label) {
		// Offered again for the rest of the session.
		m.opt.Labels = append(m.opt.Labels, msg.label)
	}
	if m.item == nil || m.item.Record.ID != msg.id {
		return
	}
	m.item.Labels = msg.labels
	if msg.added {
		m.say(false, "labelled %q · record %d", ui.SafeLine(msg.label), msg.id)
	} else {
		m.say(false, "label %q taken off · record %d", ui.SafeLine(msg.label), msg.id)
	}
}
