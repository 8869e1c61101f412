package screen

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
)

// View draws the screen: a header line, the body, a status line (or the
// open text field) and a one-line key help, in exactly the window's
// height, no line wider than the window.
func (m *Model) View() tea.View {
	f := recordview.Frame{
		Header: m.header(), Body: m.body(recordview.BodyHeight(m.height)),
		Status: m.msg, Bad: m.msgBad, Footer: m.footer(), Color: m.opt.Color,
	}
	if m.typing() {
		f.Field = &m.field
	}
	return f.View(m.width, m.height)
}

// body is what shows under the header, in at most height lines.
func (m *Model) body(height int) []string {
	switch {
	case m.err != nil:
		return recordview.Wrap("error: "+m.err.Error(), m.width)
	case !m.loaded:
		return []string{"Loading…"}
	case m.help:
		return m.helpLines()
	case m.item == nil:
		return m.endLines()
	case m.mode == confirming:
		return m.confirmLines()
	}
	return m.recordLines(height)
}

// confirmLines show the record on screen beside the one the REF named,
// bibliographic fields only (nothing anyone decided), to confirm a link.
func (m *Model) confirmLines() []string {
	q := fmt.Sprintf("Is record %d the same work as record %d?", m.item.Record.ID, m.dup.ID)
	out := append(recordview.Wrap(q, m.width), "")
	return append(out, recordview.Compare(m.item.Record, m.dup, recordview.BibFields, m.width, m.opt.Color)...)
}

// header is the first line: stage, reviewer, their own progress and the
// record's number. Nothing in it is about another reviewer.
func (m *Model) header() string {
	parts := []string{string(m.s.Stage), ui.SafeLine(m.s.Reviewer.Name), fmt.Sprintf("done %d · left %d", m.done, m.left)}
	if m.s.Revisit != review.Withdrawn {
		// A revisit walks the reviewer's own decisions, not their queue:
		// left counts those still to revisit.
		parts = []string{string(m.s.Stage), ui.SafeLine(m.s.Reviewer.Name), fmt.Sprintf("revisiting your %ss · left %d", m.s.Revisit, m.left)}
	}
	if m.skipped > 0 {
		parts = append(parts, fmt.Sprintf("skipped %d", m.skipped))
	}
	if m.item != nil {
		rec := fmt.Sprintf("Record %d", m.item.Record.ID)
		if m.item.Pilot {
			rec += " (pilot)"
		}

		parts = append(parts, rec)
	}
	return strings.Join(parts, " · ")
}

func (m *Model) footer() string {
	switch m.mode {
	case typingLabel:
		return recordview.FitFooter(m.width, "enter add (or take off)  tab complete  esc cancel", "enter keep  esc cancel")
	case typingNote, typingReason, typingRef:
		return "enter keep  esc cancel"
	case picking:
		return recordview.FitFooter(m.width, "1-9 or ↑↓ enter pick  t type a new reason  backspace clear  esc cancel", "1-9/enter pick  t type  esc cancel")
	case confirming:
		return recordview.FitFooter(m.width, "y link them (the same work)  n cancel", "y link  n cancel")
	}
	return recordview.FitFooter(m.width, footers...)
}

// lay wraps the record's title and abstract for the width, once per
// record and width.
func (m *Model) lay() {
	if m.laidFor == m.item && m.laidWidth == m.width && m.item != nil {
		return
	}
	m.laidFor, m.laidWidth = m.item, m.width
	m.title, m.abst = nil, nil
	if m.item != nil {
		m.title, m.abst = recordview.Lay(m.item.Record, m.opt.Highlights, m.width, m.opt.Color)
	}
}

// fields are the lines between the title and the abstract: the record's,
// then the note and reason that go with the next decision.
func (m *Model) fields() []string {
	fullText := ""
	if m.s.Stage == review.FullText {
		fullText = recordview.FullText(m.item.FullText, "")
	}
	lines := recordview.Fields(m.item.Record, fullText, m.item.Cluster)
	if m.note != "" {
		lines = append(lines, "note: "+ui.SafeLine(m.note))
	}
	if len(m.item.Labels) > 0 {
		lines = append(lines, "labels: "+ui.SafeLine(strings.Join(m.item.Labels, "; ")))
	}
	if m.reason != "" {
		lines = append(lines, "reason: "+ui.SafeLine(m.reason))
	}
	return lines
}

// recordLines is the body for a record: title, fields, a rule and the
// abstract (or the reason picker) filling the rest of the height.
func (m *Model) recordLines(height int) []string {
	top := m.topLines(height)
	areaH := max(1, height-len(top)-1)
	var rule string
	var area []string
	if m.mode == picking {
		rule, area = m.pickerLines(areaH)
	} else {
		rule, area = recordview.AbstractPage(m.abst, m.scroll, areaH)
	}
	return append(append(top, recordview.Rule(rule, m.width, m.opt.Color)), area...)
}

// topLines are the title and fields, cut so that at least one line of
// abstract shows under the rule.
func (m *Model) topLines(height int) []string {
	m.lay()
	top := append(append([]string{}, m.title...), m.fields()...)
	if room := max(1, height-2); len(top) > room {
		top = top[:room]
	}
	return top
}

// abstractHeight is how many lines of abstract the screen shows.
func (m *Model) abstractHeight() int {
	if m.item == nil {
		return 1
	}
	height := recordview.BodyHeight(m.height)
	return max(1, height-len(m.topLines(height))-1)
}

func (m *Model) clampScroll() {
	m.lay()
	m.scroll = max(0, min(m.scroll, len(m.abst)-m.abstractHeight()))
}

// pickerLines draws the reason picker in the height, with its title.
func (m *Model) pickerLines(height int) (string, []string) {
	reasons := make([]string, len(m.opt.Reasons))
	for i, r := range m.opt.Reasons {
		reasons[i] = ui.SafeLine(r)
	}
	title := "exclusion reason"
	if m.excluding {
		title = "exclusion reason (needed at full text)"
	}
	return title, recordview.Picker(reasons, m.pick, height, m.opt.Color)
}

// helpLines list every key and the plain-mode markers.
func (m *Model) helpLines() []string {
	return recordview.Help(m.keys.all(), "Reason picker: 1-9 or ↑↓ and enter pick, t types a new one, backspace clears", m.opt.Color)
}

// endLines is the body once the queue has nothing more for this session.
func (m *Model) endLines() []string {
	// The same counts as the header's: "nothing left" only when it says
	// left 0.
	s := fmt.Sprintf("Nothing left to screen at %s: %d decided, %d skipped. Press q to quit.", m.s.Stage, m.done, m.skipped)
	if m.left > 0 {
		s = fmt.Sprintf("Nothing more to screen in this session at %s: %d decided, %d skipped, %d left in your queue. Press q to quit.", m.s.Stage, m.done, m.skipped, m.left)
	}
	if m.s.Revisit != review.Withdrawn {
		s = fmt.Sprintf("No more of your %s decisions to revisit at %s: %d changed, %d skipped. Press q to quit.", m.s.Revisit, m.s.Stage, len(m.decided), m.skipped)
	}
	out := recordview.Wrap(s, m.width)
	if m.skipped > 0 && m.s.Revisit == review.Withdrawn {
		out = append(out, recordview.Wrap("The records you skipped stay in your queue for your next session.", m.width)...)
	}
	return append(out, recordview.Wrap("u undoes your last decision.", m.width)...)
}
