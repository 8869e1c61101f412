package resolve

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
)

const (
	// minAbstract is how many lines of abstract the record's fields give
	// way to when the window is low.
	minAbstract = 3
	// minColumn is the narrowest a screener's column may be: below it
	// the decisions are one line each.
	minColumn = 24
	// columnGap is what stands between two screeners' columns.
	columnGap = " │ "
)

// decisionStyles are the screeners' decisions, in the highlight terms'
// colours.
var decisionStyles = map[review.Decision]lipgloss.Style{
	review.Include: lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
	review.Exclude: lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
	review.Maybe:   lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true),
}

// paint styles s when colour is on; with colour off it gives s as it is.
func (m *Model) paint(st lipgloss.Style, s string) string {
	return recordview.Paint(m.opt.Color, st, s)
}

// View draws the screen: a header line, the body, a status line (or the
// open text field) and a one-line key help, in exactly the window's
// height, no line wider than the window.
func (m *Model) View() tea.View {
	head, _ := m.header()
	f := recordview.Frame{
		Header: head, Body: m.body(recordview.BodyHeight(m.height)),
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
	}
	return m.recordLines(height)
}

// header is the first line: stage, lead, the session's progress, the
// record's number and what kind of conflict it is. In a narrow window it
// gives up, in turn, the conflict's kind (which then goes on the rule over
// the decisions), the skipped count, the word "Resolve" with the stage's
// long name, and the lead's name, so that the record's number stays in
// view.
func (m *Model) header() (line string, tagShown bool) {
	progress := fmt.Sprintf("resolved %d · open %d", m.done, m.left)
	skipped := ""
	if m.skipped > 0 {
		skipped = fmt.Sprintf("skipped %d", m.skipped)
	}
	record := ""
	if m.item != nil && !m.help {
		record = fmt.Sprintf("record %d", m.item.Record.ID)
	}
	tag := m.tag()
	lead := "lead " + ui.SafeLine(m.s.Lead.Name)
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, " · ")
	}
	stage := string(m.s.Stage)
	for _, c := range []struct {
		line string
		tag  bool
	}{
		{join("Resolve", stage, lead, progress, skipped, record, tag), tag != ""},
		{join("Resolve", stage, lead, progress, skipped, record), false},
		{join("Resolve", stage, lead, progress, record), false},
		{join(m.s.Stage.Short(), lead, progress, record), false},
		{join(m.s.Stage.Short(), progress, record), false},
	} {
		if ansi.StringWidth(c.line) <= m.width {
			return c.line, c.tag
		}
		line = c.line
	}
	return line, false
}

// tag says what is special about the conflict on screen, if anything.
func (m *Model) tag() string {
	if m.item == nil || m.help {
		return ""
	}
	var t []string
	if m.item.Conflict.Kind == review.ReasonConflict {
		t = append(t, "conflict on the reason")
	}
	if m.item.Conflict.Forwarded {
		t = append(t, "forwarded to full text")
	}
	return strings.Join(t, " · ")
}

func (m *Model) footer() string {
	switch m.mode {
	case typingNote, typingReason:
		return "enter keep  esc cancel"
	case picking:
		return recordview.FitFooter(m.width, "1-9 or ↑↓ enter pick and exclude  t type a new reason  esc cancel", "1-9/enter pick  t type  esc cancel")
	}
	if m.loaded && m.item == nil && !m.help {
		return recordview.FitFooter(m.width, "u undo  ? help  q quit", "q quit")
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

// fields are the lines between the title and the decisions.
func (m *Model) fields() []string {
	fullText := ""
	if m.s.Stage == review.FullText {
		fullText = recordview.FullText(m.item.FullText, " (o opens it)")
	}
	return recordview.Fields(m.item.Record, fullText, m.item.Cluster)
}

// decisionLines are the screeners' decisions side by side, one column
// each, and the lead's note under them. When the columns would be too
// narrow, or the window too low, each decision takes one line instead.
func (m *Model) decisionLines(bodyH int) []string {
	votes := m.item.Conflict.Votes
	w := m.width
	var out []string
	if n := len(votes); n > 0 {
		cw := (w - (n-1)*ansi.StringWidth(columnGap)) / n
		if cw < minColumn || bodyH < 14 {
			for _, v := range votes {
				line := m.voteHead(v)
				if v.Reason != "" {
					line += " · reason: " + ui.SafeLine(v.Reason)
				}
				if v.Note != "" {
					line += " · note: " + ui.SafeLine(v.Note)
				}
				out = append(out, ansi.Truncate(line, w, "…"))
			}
		} else {
			out = m.columns(votes, cw, min(6, max(3, bodyH/4)))
		}
	} else {
		out = append(out, "(no decisions left: the screeners withdrew them)")
	}
	if m.note != "" {
		out = append(out, ansi.Truncate("your note: "+ui.SafeLine(m.note), w, "…"))
	}
	return out
}

// voteHead is "bob · exclude", with who loaded the decision if a lead did.
func (m *Model) voteHead(v review.Vote) string {
	s := m.paint(recordview.Bold, ui.SafeLine(v.Reviewer)) + " · " + m.paint(decisionStyles[v.Decision], string(v.Decision))
	if v.LoadedBy != "" {
		s += " (loaded by " + ui.SafeLine(v.LoadedBy) + ")"
	}
	return s
}

// columns draws one column of cw cells per screener, each at most height
// lines: name and decision, then reason and note wrapped.
func (m *Model) columns(votes []review.Vote, cw, height int) []string {
	cols := make([][]string, len(votes))
	rows := 0
	for i, v := range votes {
		var c []string
		head := m.voteHead(v)
		if ansi.StringWidth(head) > cw && v.LoadedBy != "" {
			c = append(c, ansi.Truncate(m.voteHead(review.Vote{Reviewer: v.Reviewer, Decision: v.Decision}), cw, "…"),
				ansi.Truncate("(loaded by "+ui.SafeLine(v.LoadedBy)+")", cw, "…"))
		} else {
			c = append(c, ansi.Truncate(head, cw, "…"))
		}
		for _, f := range []struct{ label, text string }{{"reason: ", v.Reason}, {"note: ", v.Note}} {
			if t := ui.SafeLine(f.text); t != "" {
				c = append(c, strings.Split(ansi.Wrap(f.label+t, cw, ""), "\n")...)
			}
		}
		if len(c) > height {
			c = c[:height]
			c[height-1] = ansi.Truncate(strings.TrimRight(c[height-1], " ")+" …", cw, "…")
		}
		cols[i] = c
		rows = max(rows, len(c))
	}
	sep := m.paint(recordview.Faint, columnGap)
	out := make([]string, rows)
	for r := range out {
		var b strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				cell += strings.Repeat(" ", max(0, cw-ansi.StringWidth(cell))) + sep
			}
			b.WriteString(cell)
		}
		out[r] = strings.TrimRight(b.String(), " ")
	}
	return out
}

// layout divides the body between the record's title and fields, the
// decisions (always shown whole) and the abstract, which gets the rest.
func (m *Model) layout(bodyH int) (top, dec []string, areaH int) {
	m.lay()
	dec = m.decisionLines(bodyH)
	top = append(append([]string{}, m.title...), m.fields()...)
	if room := max(1, bodyH-len(dec)-2-minAbstract); len(top) > room {
		top = top[:room]
	}
	return top, dec, max(1, bodyH-len(top)-len(dec)-2)
}

// recordLines is the body for a conflict: title, fields, the decisions
// and the abstract (or the reason picker) filling the rest of the height.
func (m *Model) recordLines(bodyH int) []string {
	top, dec, areaH := m.layout(bodyH)
	decTitle := "decisions"
	if t := m.tag(); t != "" {
		if _, shown := m.header(); !shown {
			decTitle += " · " + t
		}
	}
	var title string
	var area []string
	if m.mode == picking {
		title, area = m.pickerLines(areaH)
	} else {
		title, area = recordview.AbstractPage(m.abst, m.scroll, areaH)
	}
	out := append(top, recordview.Rule(decTitle, m.width, m.opt.Color))
	out = append(out, dec...)
	out = append(out, recordview.Rule(title, m.width, m.opt.Color))
	return append(out, area...)
}

// abstractHeight is how many lines of abstract the screen shows.
func (m *Model) abstractHeight() int {
	if m.item == nil {
		return 1
	}
	_, _, areaH := m.layout(recordview.BodyHeight(m.height))
	return areaH
}

func (m *Model) clampScroll() {
	m.lay()
	m.scroll = max(0, min(m.scroll, len(m.abst)-m.abstractHeight()))
}

// pickerLines draws the reason picker in the height, with its title: the
// screeners' reasons (with who gave them) first.
func (m *Model) pickerLines(height int) (string, []string) {
	reasons := make([]string, len(m.picks))
	for i, p := range m.picks {
		reasons[i] = ui.SafeLine(p.reason)
		if len(p.by) > 0 {
			reasons[i] += " (" + ui.SafeLine(strings.Join(p.by, ", ")) + ")"
		}
	}
	return "exclusion reason (the screeners' first)", recordview.Picker(reasons, m.pick, height, m.opt.Color)
}

// helpLines list every key and the plain-mode markers.
func (m *Model) helpLines() []string {
	return recordview.Help(m.keys.all(), "Reason picker: 1-9, or ↑↓ and enter, picks and excludes; t types a new one", m.opt.Color)
}

// endLines is the body once no open conflict is left for this session.
func (m *Model) endLines() []string {
	// The same counts as the header's: "no open conflicts left" only
	// when it says open 0.
	s := fmt.Sprintf("no open conflicts left at %s (resolved %d in this session)", m.s.Stage, m.done)
	if m.left > 0 {
		s = fmt.Sprintf("nothing more to resolve in this session at %s: resolved %d, skipped %d, open %d", m.s.Stage, m.done, m.skipped, m.left)
	}
	out := recordview.Wrap(s, m.width)
	if m.skipped > 0 {
		out = append(out, recordview.Wrap("The conflicts you skipped stay open for your next session.", m.width)...)
	}
	return append(out, recordview.Wrap("u undoes your last resolution; q quits.", m.width)...)
}
