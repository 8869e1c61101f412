package screen

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

// The most lines a title takes; a longer one is cut with "…".
const titleLines = 3

var (
	boldStyle  = lipgloss.NewStyle().Bold(true)
	faintStyle = lipgloss.NewStyle().Faint(true)
	badStyle   = lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	pickStyle  = lipgloss.NewStyle().Reverse(true)
)

// paint styles s when colour is on; with colour off it gives s as it is.
func (m *Model) paint(st lipgloss.Style, s string) string {
	if !m.opt.Color {
		return s
	}
	return st.Render(s)
}

// View draws the screen.
func (m *Model) View() tea.View {
	lines, cursor := m.render()
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.Cursor = cursor
	return v
}

// render lays out the screen: a header line, the body, a status line (or
// the open text field) and a one-line key help, in exactly the window's
// height, no line wider than the window.
func (m *Model) render() ([]string, *tea.Cursor) {
	w, h := m.width, m.height
	bodyH := max(0, h-3)
	var body []string
	switch {
	case m.err != nil:
		body = m.wrapText("error: "+m.err.Error(), w)
	case !m.loaded:
		body = []string{"Loading…"}
	case m.help:
		body = m.helpLines()
	case m.item == nil:
		body = m.endLines()
	default:
		body = m.recordLines(bodyH)
	}
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	out := append([]string{m.header()}, body...)
	msg := ui.SafeLine(m.msg)
	if m.msgBad {
		msg = m.paint(badStyle, msg)
	}
	var cursor *tea.Cursor
	status := msg
	if m.typing() {
		// The field takes the status line; a message about what was
		// typed shows above it.
		if m.msg != "" && len(out) > 1 {
			out[len(out)-1] = msg
		}
		var x int
		status, x = m.field.render(w)
		cursor = tea.NewCursor(x, len(out))
	}
	out = append(out, status, m.paint(faintStyle, m.footer()))
	if len(out) > h {
		// A window too low for the screen keeps its first lines.
		out = out[:h]
		if cursor != nil && cursor.Y >= h {
			cursor = nil
		}
	}
	for i, l := range out {
		out[i] = ansi.Truncate(l, w, "…")
	}
	return out, cursor
}

// header is the first line: stage, reviewer, their own progress and the
// record's number. Nothing in it is about another reviewer.
func (m *Model) header() string {
	parts := []string{string(m.s.Stage), ui.SafeLine(m.s.Reviewer.Name), fmt.Sprintf("done %d · left %d", m.done, m.left)}
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
	return m.paint(boldStyle, strings.Join(parts, " · "))
}

func (m *Model) footer() string {
	switch m.mode {
	case typingNote, typingReason, typingRef:
		return "enter keep  esc cancel"
	case picking:
		return fitFooter(m.width, "1-9 or ↑↓ enter pick  t type a new reason  backspace clear  esc cancel", "1-9/enter pick  t type  esc cancel")
	}
	return fitFooter(m.width, footers...)
}

// fitFooter gives the first of the texts that fits the width.
func fitFooter(width int, texts ...string) string {
	for _, t := range texts {
		if ansi.StringWidth(t) <= width {
			return t
		}
	}
	return texts[len(texts)-1]
}

// lay wraps the record's title and abstract for the width, once per
// record and width.
func (m *Model) lay() {
	if m.laidFor == m.item && m.laidWidth == m.width && m.item != nil {
		return
	}
	m.laidFor, m.laidWidth = m.item, m.width
	m.title, m.abst = nil, nil
	if m.item == nil {
		return
	}
	r := m.item.Record
	m.title = m.highlighted(ui.SafeLine(r.DisplayTitle()), boldStyle)
	if len(m.title) > titleLines {
		m.title = m.title[:titleLines]
		m.title[titleLines-1] = ansi.Truncate(m.title[titleLines-1]+" …", m.width-1, "…")
	}
	abstract := strings.TrimSpace(ui.Safe(r.Abstract))
	if abstract == "" {
		m.abst = []string{"(no abstract)"}
		return
	}
	m.abst = m.highlighted(abstract, lipgloss.NewStyle())
}

// highlighted marks the highlight terms in safe text and wraps it to the
// width. The terms are found in the safe text, the plain-mode markers put
// in before wrapping (they take room), the colours put on each line after
// it, so that wrapping never splits an escape code and a line scrolled to
// on its own carries its own colours.
func (m *Model) highlighted(text string, base lipgloss.Style) []string {
	mk := findTerms(text, m.opt.Highlights)
	if !m.opt.Color {
		mk = mk.withMarkers()
	}
	var out []string
	for _, l := range mk.wrap(m.width) {
		out = append(out, l.render(m.opt.Color, base))
	}
	return out
}

func (m *Model) wrapText(s string, width int) []string {
	return strings.Split(ui.Wrap(ui.Safe(s), max(1, width)), "\n")
}

// fields are the lines between the title and the abstract.
func (m *Model) fields() []string {
	r := m.item.Record
	var lines []string
	if a := ui.SafeLine(r.AuthorNames()); a != "" {
		lines = append(lines, a)
	}
	var cite []string
	if r.Year != 0 {
		cite = append(cite, strconv.Itoa(r.Year))
	}
	if j := citation(r); j != "" {
		cite = append(cite, j)
	}
	if len(cite) > 0 {
		lines = append(lines, strings.Join(cite, " · "))
	}
	var ids []string
	if r.DOI != "" {
		ids = append(ids, "doi:"+ui.SafeLine(r.DOI))
	}
	if r.PMID != "" {
		ids = append(ids, "pmid:"+ui.SafeLine(r.PMID))
	}
	if len(ids) > 0 {
		lines = append(lines, strings.Join(ids, " · "))
	}
	if m.s.Stage == review.FullText {
		lines = append(lines, "full text: "+fullTextState(m.item.FullText))
	}
	if len(m.item.Cluster) > 1 {
		ids := make([]string, len(m.item.Cluster))
		for i, id := range m.item.Cluster {
			ids[i] = strconv.FormatInt(id, 10)
		}
		lines = append(lines, "duplicates: "+strings.Join(ids, ", "))
	}
	if m.note != "" {
		lines = append(lines, "note: "+ui.SafeLine(m.note))
	}
	if m.reason != "" {
		lines = append(lines, "reason: "+ui.SafeLine(m.reason))
	}
	return lines
}

// citation gives "Journal 48(3):101-9".
func citation(r *review.Record) string {
	s := ui.SafeLine(r.Journal)
	if r.Volume != "" {
		s = strings.TrimSpace(s + " " + ui.SafeLine(r.Volume))
	}
	if r.Issue != "" {
		s += "(" + ui.SafeLine(r.Issue) + ")"
	}
	if r.Pages != "" {
		s += ":" + ui.SafeLine(r.Pages)
	}
	return s
}

func fullTextState(ft *review.FullTextState) string {
	switch {
	case ft == nil:
		return "no file attached"
	case ft.State == review.NotRetrievedState:
		return "not retrieved"
	case ft.File == "":
		return "no file attached"
	}
	return ui.SafeLine(filepath.Base(ft.File))
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
		from := max(0, min(m.scroll, len(m.abst)-areaH))
		end := min(len(m.abst), from+areaH)
		area = m.abst[from:end]
		rule = "abstract"
		if len(m.abst) > areaH {
			rule = fmt.Sprintf("abstract · lines %d-%d of %d", from+1, end, len(m.abst))
		}
	}
	rule = "── " + rule + " "
	rule += strings.Repeat("─", max(0, m.width-ansi.StringWidth(rule)))
	return append(append(top, m.paint(faintStyle, rule)), area...)
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
	height := max(0, m.height-3)
	return max(1, height-len(m.topLines(height))-1)
}

func (m *Model) clampScroll() {
	m.lay()
	m.scroll = max(0, min(m.scroll, len(m.abst)-m.abstractHeight()))
}

// pickerLines draws the reason picker in the height, scrolled to keep the
// chosen entry in view.
func (m *Model) pickerLines(height int) (string, []string) {
	entries := make([]string, 0, len(m.opt.Reasons)+1)
	for i, r := range m.opt.Reasons {
		n := "  "
		if i < 9 {
			n = strconv.Itoa(i+1) + " "
		}
		entries = append(entries, n+ui.SafeLine(r))
	}
	entries = append(entries, "t type a new reason")
	from := max(0, min(m.pick-height+1, len(entries)-height))
	from = min(from, m.pick)
	var out []string
	for i := from; i < len(entries) && len(out) < height; i++ {
		if i == m.pick {
			out = append(out, m.paint(pickStyle, "> "+entries[i]))
		} else {
			out = append(out, "  "+entries[i])
		}
	}
	title := "exclusion reason"
	if m.excluding {
		title = "exclusion reason (needed at full text)"
	}
	return title, out
}

// helpLines list every key and the plain-mode markers.
func (m *Model) helpLines() []string {
	out := []string{"Keys"}
	for _, b := range m.keys.all() {
		h := b.Help()
		out = append(out, fmt.Sprintf("  %-5s %s", h.Key, h.Desc))
	}
	out = append(out, "Reason picker: 1-9 or ↑↓ and enter pick, t types a new one, backspace clears")
	if m.opt.Color {
		out = append(out, "Highlight terms: "+m.paint(boldStyle.Foreground(lipgloss.Color("2")), "include")+" "+m.paint(boldStyle.Foreground(lipgloss.Color("1")), "exclude"))
	} else {
		out = append(out, "Highlight terms: "+includeMarker+"include term"+includeMarker+" "+excludeMarker+"exclude term"+excludeMarker)
	}
	return out
}

// endLines is the body once the queue has nothing more for this session.
func (m *Model) endLines() []string {
	s := fmt.Sprintf("Nothing left to screen at %s: %d decided, %d skipped. Press q to quit.", m.s.Stage, m.done, m.skipped)
	out := m.wrapText(s, m.width)
	if m.skipped > 0 {
		out = append(out, m.wrapText("The records you skipped stay in your queue for your next session.", m.width)...)
	}
	return append(out, m.wrapText("u undoes your last decision.", m.width)...)
}
